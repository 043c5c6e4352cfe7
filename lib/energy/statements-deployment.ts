import type { BilateralContracts, EnergySettlement } from "../../typechain-types/index.js";
import type { TaskContext } from "../core/context.js";
import { resolveContract, type DeployedContract } from "../core/deployments.js";
// Every task of the statements side finds its contracts here: load its error codes and enums.
import "./settlement-errors.js";

/**
 * The statements side of the energy system (bilateral contracts and period settlement): its
 * Ignition module id and future ids (deploy/modules/EnergySettlement.ts builds the module from
 * these) and how tasks find the contracts.
 */

/** Parameters of the "EnergySettlement" module. */
export interface EnergySettlementModuleParameters {
  consortium: string;
  token: string;
  /** The calendar, meters and auction (IEnergyPeriods, IMeteredEnergy, IClearingResults). */
  periods: string;
  meters: string;
  auction: string;
  /** The governed tariff at deployment (SettlementMath bounds), as decimal strings. */
  tariff?: { upRate: string; downRate: string; bandBps: string; tdRate: string; surchargeRate: string; fixedCents: string };
}

export const ENERGY_SETTLEMENT_MODULE_ID = "EnergySettlement";

export const ENERGY_SETTLEMENT_FUTURE_IDS = {
  bilateral: `${ENERGY_SETTLEMENT_MODULE_ID}#BilateralContracts`,
  settlement: `${ENERGY_SETTLEMENT_MODULE_ID}#EnergySettlement`,
} as const;

/** The default tariff (docs/energy/settlement-rules.md terms T, without the clearing price). */
export const DEFAULT_TARIFF = { upRate: 10_000n, downRate: 6_000n, bandBps: 300n, tdRate: 15_000n, surchargeRate: 2_000n, fixedCents: 10_000n };

export const ENERGY_SETTLEMENT_CONTRACTS = {
  bilateral: {
    contract: "BilateralContracts",
    futureId: ENERGY_SETTLEMENT_FUTURE_IDS.bilateral,
    env: "ENERGY_BILATERAL_ADDRESS",
    option: "bilateral",
    probe: { call: "periods()", run: (c) => c.periods() },
  } satisfies DeployedContract<BilateralContracts>,
  settlement: {
    contract: "EnergySettlement",
    futureId: ENERGY_SETTLEMENT_FUTURE_IDS.settlement,
    env: "ENERGY_SETTLEMENT_ADDRESS",
    option: "settlement",
    probe: { call: "disputeWindow()", run: (c) => c.disputeWindow() },
  } satisfies DeployedContract<EnergySettlement>,
} as const;

export function resolveSettlement(ctx: TaskContext, given?: string): Promise<EnergySettlement> {
  return resolveContract(ctx, ENERGY_SETTLEMENT_CONTRACTS.settlement, given);
}

export function resolveBilateral(ctx: TaskContext, given?: string): Promise<BilateralContracts> {
  return resolveContract(ctx, ENERGY_SETTLEMENT_CONTRACTS.bilateral, given);
}
