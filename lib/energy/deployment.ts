import type { EnergyAuction, EnergyMeters } from "../../typechain-types/index.js";
import type { TaskContext } from "../core/context.js";
import { resolveContract, type DeployedContract } from "../core/deployments.js";
import type { TimeGrid } from "./readings.js";
// Every task of the system finds its contracts here: load its error codes and revert vocabulary.
import "./errors.js";
import "./auction-errors.js";

/**
 * What the energy market's deployment is made of: the Ignition module id, its parameters and the
 * future ids under which its contracts are journaled (deploy/modules/Energy.ts builds the module
 * from these), and how tasks find the contracts (ENERGY_CONTRACTS).
 */

/** The parameters of the "Energy" module: the consortium and the meters' time grid. */
export interface EnergyModuleParameters extends TimeGrid {
  /** Address of the deployed Consortium the modules obey (not used at genesis). */
  consortium?: string;
}

export const ENERGY_MODULE_ID = "Energy";

/** The time grid a chain gets when its genesis file says nothing: 15-minute intervals from
 * 2026-01-01T00:00:00Z, 96 of them (a day) per settlement period. */
export const DEFAULT_TIME_GRID: TimeGrid = { epoch: 1_767_225_600, intervalSeconds: 900, intervalsPerPeriod: 96 };

/** Ignition future ids of the energy contracts, as tasks look them up. */
export const ENERGY_FUTURE_IDS = {
  meters: `${ENERGY_MODULE_ID}#EnergyMeters`,
  auction: `${ENERGY_MODULE_ID}#EnergyAuction`,
} as const;

/** How tasks and `deploy` find the energy market's contracts (lib/core/deployments.ts). */
export const ENERGY_CONTRACTS = {
  meters: {
    contract: "EnergyMeters",
    futureId: ENERGY_FUTURE_IDS.meters,
    env: "ENERGY_METERS_ADDRESS",
    option: "meters",
    probe: { call: "intervalSeconds()", run: (m) => m.intervalSeconds() },
  } satisfies DeployedContract<EnergyMeters>,
  auction: {
    contract: "EnergyAuction",
    futureId: ENERGY_FUTURE_IDS.auction,
    env: "ENERGY_AUCTION_ADDRESS",
    option: "auction",
    probe: { call: "MAX_SLOTS()", run: (a) => a.MAX_SLOTS() },
  } satisfies DeployedContract<EnergyAuction>,
} as const;

/** The EnergyMeters of the connected chain (--meters, ENERGY_METERS_ADDRESS, deployment), checked to answer. */
export function resolveMeters(ctx: TaskContext, given?: string): Promise<EnergyMeters> {
  return resolveContract(ctx, ENERGY_CONTRACTS.meters, given);
}

/** The EnergyAuction of the connected chain (--auction, ENERGY_AUCTION_ADDRESS, deployment), checked to answer. */
export function resolveAuction(ctx: TaskContext, given?: string): Promise<EnergyAuction> {
  return resolveContract(ctx, ENERGY_CONTRACTS.auction, given);
}
