import { keccak256, toUtf8Bytes } from "ethers";
import { UserError } from "./errors.js";
import { refused } from "./parse.js";
import { CoreError } from "./error-codes.js";

/** SettlementToken.decimals(): 1 unit = 0.01 yuan. */
export const TOKEN_DECIMALS = 2;
const UNIT = 10n ** BigInt(TOKEN_DECIMALS);

/**
 * Parses an amount in yuan ("12.50", "1000", "0.05") into token units (1250n...).
 *
 * One format only: ASCII digits, optionally `.` and one or two decimals. Anything else is
 * refused rather than reinterpreted: "1,5" (a decimal comma where it is the custom) would
 * otherwise become 15.00 by stripping the comma, "1.000,50" 1.00 or 1000.50 depending on the
 * reader, and a space or a non-ASCII digit may be a paste from a spreadsheet with something
 * else in it. For money a refusal costs a retype; a reinterpretation costs the difference.
 * `allowZero` off by default since minting, burning or sending nothing is always a mistake.
 */
export function parseAmount(input: string, field = "amount", allowZero = false): bigint {
  const raw = input ?? "";
  if (raw.trim() === "") throw new UserError(CoreError.MISSING_INPUT, `--${field} is required (yuan, e.g. 12.50)`, refused(field, ""));
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(raw);
  if (!m) {
    throw new UserError(CoreError.INVALID_AMOUNT, `--${field}: ${JSON.stringify(input)} is not an amount in yuan: digits with an optional "." and up to ${TOKEN_DECIMALS} decimals, no separators or spaces (e.g. 1000 or 12.50)`, refused(field, input));
  }
  const frac = m[2] ?? "";
  if (frac.length > TOKEN_DECIMALS) {
    throw new UserError(CoreError.INVALID_AMOUNT, `--${field}: "${input}" has more than ${TOKEN_DECIMALS} decimals (1 unit = 0.01 yuan)`, refused(field, input));
  }
  const units = BigInt(m[1]!) * UNIT + BigInt(frac.padEnd(TOKEN_DECIMALS, "0") || "0");
  if (units === 0n && !allowZero) throw new UserError(CoreError.INVALID_AMOUNT, `--${field} must be greater than 0`, refused(field, input));
  if (units >= 2n ** 256n) throw new UserError(CoreError.INVALID_AMOUNT, `--${field}: "${input}" is too large`, refused(field, input));
  return units;
}

/** 125000n → "1,250.00". */
export function formatAmount(units: bigint, grouping = true): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const whole = (abs / UNIT).toString();
  const frac = (abs % UNIT).toString().padStart(TOKEN_DECIMALS, "0");
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : whole;
  return `${neg ? "-" : ""}${grouped}.${frac}`;
}

export interface ParsedRef {
  /** The bytes32 the contract sees. */
  ref: string;
  /** What the user typed. */
  input: string;
  /** Whether `ref` is keccak256 of the input text (false: the input was already 0x+64 hex). */
  hashed: boolean;
}

/**
 * A deposit or redemption reference: 0x + 64 hex digits is used as is; any other text is
 * hashed with keccak256 (UTF-8), so "DEP-2024-0001" always maps to the same bytes32.
 */
export function parseRef(input: string, field = "ref"): ParsedRef {
  const raw = (input ?? "").trim();
  if (raw === "") throw new UserError(CoreError.MISSING_INPUT, `--${field} is required (the bank's deposit or payout reference)`, refused(field, ""));
  if (/^0x[0-9a-fA-F]{64}$/.test(raw)) {
    if (/^0x0{64}$/.test(raw)) throw new UserError(CoreError.INVALID_REFERENCE, `--${field} must not be zero`, refused(field, raw));
    return { ref: raw.toLowerCase(), input: raw, hashed: false };
  }
  if (/^0x[0-9a-fA-F]*$/.test(raw)) {
    throw new UserError(CoreError.INVALID_REFERENCE, `--${field}: "${raw}" looks like hex but is not 32 bytes (0x + 64 hex digits); use plain text to have it hashed`, refused(field, raw));
  }
  return { ref: keccak256(toUtf8Bytes(raw)), input: raw, hashed: true };
}
