import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import ConsortiumModule from "./Consortium.js";
import { CertificatesAtGenesisModule } from "./Certificates.js";

export const GENESIS_MODULE_ID = "Genesis";

/**
 * A whole consortium chain from nothing: the Consortium and its SettlementToken, every system
 * registered as a genesis module, then sealGenesis — after which only executed proposals
 * change members, roles, nodes or modules. Re-running resumes from the Ignition journal.
 * Systems added later go through a RegisterModule proposal and `access:sync` instead.
 */
const GenesisModule = buildModule(GENESIS_MODULE_ID, (m) => {
  const { consortium, token } = m.useModule(ConsortiumModule);
  const certificates = m.useModule(CertificatesAtGenesisModule);
  m.call(consortium, "sealGenesis", [], { id: "sealGenesis", after: [ConsortiumModule, CertificatesAtGenesisModule] });
  return { consortium, token, ...certificates };
});

export default GenesisModule;
export { GenesisModule };
