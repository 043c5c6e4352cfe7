/**
 * Stable codes of every refusal a task prints, as Hardhat's HHE codes: a script or a test keys
 * on the code and the structured fields of a UserError, people read its message. A code never
 * changes meaning once released; wording of messages may.
 *
 * The shared codes are below. Each system declares its own in lib/<system>/errors.ts with
 * `defineErrorCodes("<system>", [...])`, without touching this file; a code belongs to one
 * system only (declaring it twice is a programming error, caught when the module loads).
 */

const owners = new Map<string, string>();

/** Registers a system's codes and returns them as constants: `{ UNKNOWN_MEMBER: "UNKNOWN_MEMBER", ... }`. */
export function defineErrorCodes<const K extends string>(system: string, codes: readonly K[]): { readonly [P in K]: P } {
  const out: Record<string, string> = {};
  for (const code of codes) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code "${code}" of ${system} is not UPPER_SNAKE_CASE`);
    const owner = owners.get(code);
    if (owner !== undefined && owner !== system) throw new Error(`error code ${code} of ${system} is already declared by ${owner}`);
    owners.set(code, system);
    out[code] = code;
  }
  return Object.freeze(out) as { readonly [P in K]: P };
}

/** Every code registered so far (by the systems loaded in this process), with its system. */
export function registeredErrorCodes(): ReadonlyMap<string, string> {
  return owners;
}

/** Codes shared by every system: input, files, network, deployments, transactions. */
export const CoreError = defineErrorCodes("core", [
  // input (lib/core/parse.ts, lib/core/amounts.ts; docs/input-formats.md)
  "MISSING_INPUT",
  "INVALID_OPTION",
  "CONFLICTING_OPTIONS",
  "INVALID_ADDRESS",
  "INVALID_AMOUNT",
  "INVALID_BPS",
  "INVALID_BYTES32",
  "INVALID_DURATION",
  "INVALID_ID",
  "INVALID_NUMBER",
  "INVALID_REFERENCE",
  "INVALID_FILE",
  "INVALID_GENESIS",
  "INVALID_SETTING",
  // network and accounts
  "WRONG_CHAIN",
  "NO_ACCOUNTS",
  "UNKNOWN_SENDER",
  "NODE_UNREACHABLE",
  // deployments (lib/core/deployments.ts)
  "NOT_DEPLOYED",
  "NO_CONTRACT",
  "WRONG_CONTRACT",
  "DEPLOY_FAILED",
  "TX_PENDING",
  // failures that are not refusals of the input: a revert, anything unexpected
  "REVERTED",
  "FAILED",
]);
