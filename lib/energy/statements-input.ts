/** Option parsing of the market:* statement tasks: each refusal names its option (lib/core/parse.ts style). */
import { ethers } from "ethers";
import { UserError } from "../core/errors.js";
import { CoreError } from "../core/error-codes.js";
import { parseBytes32 } from "../core/parse.js";

export function parseWhole(field: string, value: string, what: string, min = 0n, max?: bigint): bigint {
  const v = (value ?? "").trim();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, `--${field} is required (${what})`, { field });
  if (!/^\d+$/.test(v)) throw new UserError(CoreError.INVALID_NUMBER, `--${field}: "${value}" is not a whole number (${what})`, { field, value: v });
  const n = BigInt(v);
  if (n < min || (max !== undefined && n > max)) throw new UserError(CoreError.INVALID_NUMBER, `--${field}: ${v} is outside ${min}..${max ?? "∞"} (${what})`, { field, value: v });
  return n;
}

export function parsePeriod(value: string): bigint {
  return parseWhole("period", value, "a trading period id", 0n, 2n ** 64n - 1n);
}

/** A text hashed to bytes32 (keccak256 of its UTF-8), or 0x + 64 hex as is. */
export function parseDigestText(field: string, value: string): string {
  const v = (value ?? "").trim();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, `--${field} is required (text, or 0x + 64 hex)`, { field });
  return v.startsWith("0x") ? parseBytes32(field, v) : ethers.id(v);
}
