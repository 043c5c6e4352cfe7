import type { EnergyAuction } from "../../typechain-types/index.js";
import type { TaskContext } from "../core/context.js";
import { resolveContract, type DeployedContract } from "../core/deployments.js";
// Every task of the system finds its contracts here: load its error codes and revert vocabulary.
import "./auction-errors.js";

/**
 * What the energy system's deployment is made of: the Ignition module id, the future ids its
 * contracts are journaled under, and how tasks find them (ENERGY_CONTRACTS). This branch adds
 * the auction's entry; the meters' and settlement's entries sit beside it.
 */

export const ENERGY_MODULE_ID = "Energy";

/** Ignition future ids of the energy contracts, as tasks look them up. */
export const ENERGY_FUTURE_IDS = {
  auction: `${ENERGY_MODULE_ID}#EnergyAuction`,
} as const;

/** How tasks and `deploy` find the energy system's contracts (lib/core/deployments.ts). */
export const ENERGY_CONTRACTS = {
  auction: {
    contract: "EnergyAuction",
    futureId: ENERGY_FUTURE_IDS.auction,
    env: "ENERGY_AUCTION_ADDRESS",
    option: "auction",
    probe: { call: "MAX_SLOTS()", run: (a) => a.MAX_SLOTS() },
  } satisfies DeployedContract<EnergyAuction>,
} as const;

/** The EnergyAuction of the connected chain (--auction, ENERGY_AUCTION_ADDRESS, deployment), checked to answer. */
export function resolveAuction(ctx: TaskContext, given?: string): Promise<EnergyAuction> {
  return resolveContract(ctx, ENERGY_CONTRACTS.auction, given);
}
