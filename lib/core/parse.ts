import { getAddress, isAddress } from "ethers";
import { UserError, type ErrorFields } from "./errors.js";
import { CoreError } from "./error-codes.js";

/**
 * One parser per kind of input, shared by every task, the genesis file and the libraries: the
 * rules are written down once, in docs/input-formats.md. Each kind has a lenient form that
 * returns undefined (for callers that phrase their own refusal, e.g. the genesis schema) and a
 * strict form that throws ONE line naming the option:
 *
 *   --voting-period: "soon" is not a duration (seconds, or e.g. 90s, 45m, 2h, 3d, 1w, 5y, "1d 12h")
 *
 * `field` is the option name without dashes ("voting-period"); an environment variable name
 * (all capitals, "CONSORTIUM_ADDRESS") is shown as is, and "" means a positional argument.
 */

/** How an input is named in a refusal: `--field`, `ENV_NAME`, or nothing for a positional one. */
export function inputLabel(field: string): string {
  if (field === "") return "";
  return /^[A-Z][A-Z0-9_]*$/.test(field) ? field : `--${field}`;
}

/** The fields of a refused input: which one (as named in the message) and its value. */
export function refused(field: string, value: string | undefined): ErrorFields {
  return { field: inputLabel(field) || "argument", value: value ?? "" };
}

function prefix(field: string): string {
  return field === "" ? "" : `${inputLabel(field)}: `;
}

// ------------------------------------------------------------------------------- durations

/** Seconds per unit: s, m, h, d, w (7 days), y (365 days). */
export const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400, y: 365 * 86400 };

export const DURATION_EXAMPLES = `seconds, or e.g. 90s, 45m, 2h, 3d, 1w, 5y, "1d 12h"`;

/** 3600, "3600", "90s", "45m", "2h", "3d", "1w", "5y", "5 y", "1d 12h" → seconds; undefined otherwise. */
export function parseDuration(v: number | string): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^(?:\d+\s*[smhdwy](?:\s+|$))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+)\s*([smhdwy])/g)) total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** True when the text names a unit (a duration rather than a bare number, a date or a time). */
export function hasDurationUnit(v: string): boolean {
  return /[smhdwy]$/.test(v.trim()) && parseDuration(v) !== undefined;
}

/** A duration option in seconds, or one line naming the option. */
export function requireDuration(field: string, value: string): number {
  const d = parseDuration(value);
  if (d === undefined) throw new UserError(CoreError.INVALID_DURATION, `${prefix(field)}"${value}" is not a duration (${DURATION_EXAMPLES})`, refused(field, value));
  return d;
}

// ------------------------------------------------------------------------------- basis points

/** 5000, "5000", "50%", "66.66%" → basis points; undefined otherwise. */
export function parseBps(v: number | string): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? v : undefined;
  const m = /^(\d+(?:\.\d{1,2})?)\s*%$/.exec(v.trim());
  if (m) return Math.round(Number(m[1]) * 100);
  return /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

/** A basis points option (or a percentage), or one line naming the option. */
export function requireBps(field: string, value: string): number {
  const b = parseBps(value);
  if (b === undefined) throw new UserError(CoreError.INVALID_BPS, `${prefix(field)}"${value}" is not basis points (5000) or a percentage ("50%")`, refused(field, value));
  return b;
}

// ------------------------------------------------------------------------------- addresses

/** Why `v` is not an address, or undefined when it is one. */
export function addressProblem(v: string): string | undefined {
  return isAddress(v) ? undefined : `"${v}" is not an address`;
}

/** A checksummed address, or one line naming the input; "" is refused as missing. */
export function parseAddress(field: string, value: string | undefined, what = "an address"): string {
  const v = (value ?? "").trim();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, `${inputLabel(field)} is required (${what})`, refused(field, ""));
  const problem = addressProblem(v);
  if (problem) throw new UserError(CoreError.INVALID_ADDRESS, `${prefix(field)}${problem}`, refused(field, v));
  return getAddress(v);
}

/** Like parseAddress, but "" gives undefined (an optional address). */
export function parseOptionalAddress(field: string, value: string | undefined): string | undefined {
  return (value ?? "").trim() === "" ? undefined : parseAddress(field, value);
}

// ------------------------------------------------------------------------------- whole numbers

/** A whole number option with a default for "", at least `min`. */
export function parseCount(field: string, value: string | undefined, fallback: number, min = 0): number {
  const v = (value ?? "").trim();
  if (v === "") return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new UserError(CoreError.INVALID_NUMBER, `${prefix(field)}"${value}" is not a whole number${min > 0 ? ` >= ${min}` : ""}`, { ...refused(field, v), min });
  }
  return Number(v);
}

/** A required id (1, 2, ...) of a `what` (member, proposal, node...). */
export function parseId(field: string, value: string | undefined, what = field): bigint {
  const v = (value ?? "").trim();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, `${inputLabel(field)} is required (a ${what} id)`, refused(field, ""));
  if (!/^\d+$/.test(v) || BigInt(v) === 0n) throw new UserError(CoreError.INVALID_ID, `${prefix(field)}"${v}" is not a ${what} id (1, 2, ...)`, refused(field, v));
  return BigInt(v);
}

// ------------------------------------------------------------------------------- bytes32

/** 0x + 64 hex digits, lower-cased. */
export function parseBytes32(field: string, value: string): string {
  const v = value.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(v)) throw new UserError(CoreError.INVALID_BYTES32, `${prefix(field)}"${value}" is not 32 bytes of hex (0x + 64 hex digits)`, refused(field, v));
  return v.toLowerCase();
}
