/**
 * What a platform operator (and governance) sets on the certificate system after the genesis:
 * the points ledger the registry reports contributions to, and the points rates. Every check
 * runs before anything is sent so that a refusal is one line.
 */
import { getAddress, Interface } from "ethers";
import type { TaskContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { resolveContract } from "../core/deployments.js";
import { CoreError } from "../core/error-codes.js";
import type { CertificateRegistry, SharingPoints } from "../../typechain-types/index.js";
import { CERTIFICATE_CONTRACTS } from "./deployment.js";
import { requireOperator } from "./tasks.js";
import { CertError } from "./errors.js";

/** The SharingPoints ledger: --ledger, CERT_POINTS_ADDRESS, else this chain's deployment. */
export function resolvePoints(ctx: TaskContext, given?: string): Promise<SharingPoints> {
  return resolveContract(ctx, CERTIFICATE_CONTRACTS.points, given);
}

export interface LedgerPlan {
  ledger: string;
  /** The ledger the registry reports to today (zero: none). */
  current: string;
  /** Already wired: nothing to send. */
  unchanged: boolean;
}

/** registry.setLedger(points) by `sender`: an unfrozen PLATFORM_OPERATOR, a ledger of this registry. */
export async function planSetLedger(registry: CertificateRegistry, points: SharingPoints, sender: string): Promise<LedgerPlan> {
  const ledger = getAddress(await points.getAddress());
  const own = getAddress(await registry.getAddress());
  const answers = getAddress(await points.registry());
  if (answers !== own) {
    throw new UserError(CertError.NO_LEDGER, `--ledger ${ledger} keeps the points of registry ${answers}, not of ${own}; nothing was sent`);
  }
  const current = getAddress(await registry.ledger());
  if (current === ledger) return { ledger, current, unchanged: true };
  await requireOperator(registry, sender);
  return { ledger, current, unchanged: false };
}

/** A whole number of points (uint256), "" refused. */
export function parsePoints(field: string, value: string | undefined): bigint {
  const v = (value ?? "").trim();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, `--${field} is required (a whole number of points)`);
  if (!/^\d+$/.test(v) || BigInt(v) >= 2n ** 256n) throw new UserError(CoreError.INVALID_NUMBER, `--${field}: "${value}" is not a whole number of points`);
  return BigInt(v);
}

const RATES = new Interface(["function setRates(uint256 earnRate_, uint256 queryCost_)"]);

/** Calldata of SharingPoints.setRates: what a CallModule proposal asks the consortium to call. */
export function setRatesCalldata(earn: bigint, query: bigint): string {
  return RATES.encodeFunctionData("setRates", [earn, query]);
}
