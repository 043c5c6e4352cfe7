import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";
import ConsortiumModule from "./Consortium.js";
import { DEFAULT_TIME_GRID, ENERGY_MODULE_ID, ENERGY_FUTURE_IDS, type EnergyModuleParameters } from "../../lib/energy/deployment.js";
import type { TimeGrid } from "../../lib/energy/readings.js";

export { ENERGY_MODULE_ID, ENERGY_FUTURE_IDS, type EnergyModuleParameters };

/**
 * The energy market on an existing consortium: EnergyMeters (participants, meters, readings),
 * and EnergyAuction (the sealed-bid auction of each period), with the meters' time grid (parameters `epoch`, `intervalSeconds`, `intervalsPerPeriod`; defaults:
 * 15-minute intervals from 2026-01-01T00:00:00Z, 96 per settlement period).
 *
 * After deployment, governance registers each as a module (a RegisterModule proposal, then
 * `access:sync` pushes every account's access word into it); members register as participants
 * with `market:register` and meter operators add meters with `market:meter:add`.
 * On a fresh chain the same contract is instead registered at genesis (deploy/modules/Genesis.ts).
 */
const EnergyModule = buildModule(ENERGY_MODULE_ID, (m) => {
  const grid: TimeGrid = {
    epoch: m.getParameter<number>("epoch", DEFAULT_TIME_GRID.epoch) as unknown as number,
    intervalSeconds: m.getParameter<number>("intervalSeconds", DEFAULT_TIME_GRID.intervalSeconds) as unknown as number,
    intervalsPerPeriod: m.getParameter<number>("intervalsPerPeriod", DEFAULT_TIME_GRID.intervalsPerPeriod) as unknown as number,
  };
  return deployEnergyContracts(m, m.getParameter<string>("consortium"), grid);
});

/**
 * The same contracts on a consortium being created: deployed with the ConsortiumModule and
 * registered as a genesis module, so it knows every genesis account's roles from the start.
 * Same module id, hence the same future ids (tasks find it either way). The time grid comes from
 * the genesis file's `energy` section (lib/access/genesis.ts), fixed into the module.
 */
export function buildEnergyAtGenesisModule(grid: TimeGrid = DEFAULT_TIME_GRID) {
  return buildModule(ENERGY_MODULE_ID, (m) => {
    const { consortium } = m.useModule(ConsortiumModule);
    const contracts = deployEnergyContracts(m, consortium, grid);
    for (const [name, contract] of Object.entries(contracts)) {
      m.call(consortium, "registerGenesisModule", [contract], { id: `register_${name}` });
    }
    return contracts;
  });
}

function deployEnergyContracts(
  m: Parameters<Parameters<typeof buildModule>[1]>[0],
  consortium: string | ReturnType<typeof m.getParameter<string>> | ContractFuture<"Consortium">,
  grid: TimeGrid,
) {
  const meters = m.contract("EnergyMeters", [consortium, grid.epoch, grid.intervalSeconds, grid.intervalsPerPeriod]);
  const auction = m.contract("EnergyAuction", [consortium]);
  return { meters, auction };
}

export default EnergyModule;
export { EnergyModule };
