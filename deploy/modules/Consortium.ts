import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import {
  CONSORTIUM_MODULE_ID,
  type ConsortiumModuleParameters,
  type GenesisGrant,
  type GenesisMember,
  type GenesisNode,
} from "../../lib/access/deployment.js";

export { CONSORTIUM_MODULE_ID, type ConsortiumModuleParameters, type GenesisGrant, type GenesisMember, type GenesisNode };


/**
 * The Consortium authority with its founding members, grants and nodes, and the
 * SettlementToken it governs, registered as a genesis module. Genesis is sealed by
 * deploy/modules/Genesis.ts once every system is registered.
 *
 * Build the parameters from a human-readable file with lib/access/genesis.ts (`npx hardhat deploy`).
 */
const ConsortiumModule = buildModule(CONSORTIUM_MODULE_ID, (m) => {
  const rules = m.getParameter<ConsortiumModuleParameters["rules"] & Record<string, number>>("rules");
  const members = m.getParameter<Array<GenesisMember & Record<string, string | number | string[]>>>("members");
  const grants = m.getParameter<Array<GenesisGrant & Record<string, string | number>>>("grants", []);
  const nodes = m.getParameter<Array<GenesisNode & Record<string, string | number>>>("nodes", []);
  const tokenName = m.getParameter<string>("tokenName", "Consortium Yuan");
  const tokenSymbol = m.getParameter<string>("tokenSymbol", "CNYC");

  const consortium = m.contract("Consortium", [rules, members, grants, nodes]);
  const token = m.contract("SettlementToken", [consortium, tokenName, tokenSymbol]);
  m.call(consortium, "registerGenesisModule", [token], { id: "registerToken" });

  return { consortium, token };
});

export default ConsortiumModule;
export { ConsortiumModule };
