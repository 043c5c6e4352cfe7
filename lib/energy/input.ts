import { UserError } from "../core/errors.js";
import { CoreError } from "../core/error-codes.js";
import { parseAmount } from "../core/amounts.js";
import { refused } from "../core/parse.js";
import { AuctionError } from "./auction-errors.js";
import { MAX_PRICE, MAX_QUANTITY, MAX_SLOTS, parseSide, type Side } from "./auction.js";

/** Inputs of the market:* tasks, each refused in one line naming its option. */

/** --period: a trading period id, 1..2^64-1. */
export function parsePeriod(value: string, field = "period"): bigint {
  const v = (value ?? "").trim();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, `--${field} is required (a trading period id, e.g. 2026070114)`, refused(field, ""));
  if (!/^\d+$/.test(v) || BigInt(v) === 0n || BigInt(v) >= 2n ** 64n) {
    throw new UserError(AuctionError.INVALID_PERIOD, `--${field}: "${v}" is not a trading period id (a whole number 1..2^64-1)`, refused(field, v));
  }
  return BigInt(v);
}

/** --side: bid/buy or offer/sell. */
export function requireSide(value: string): Side {
  const s = parseSide(value ?? "");
  if (s === undefined) throw new UserError(AuctionError.INVALID_ORDER, `--side: "${value}" is not bid or offer`, refused("side", value));
  return s;
}

/** --quantity: whole kWh, 1..2^32-1. */
export function requireQuantity(value: string): number {
  const v = (value ?? "").trim();
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_QUANTITY) {
    throw new UserError(AuctionError.INVALID_ORDER, `--quantity: "${value}" is not a quantity in kWh (a whole number 1..${MAX_QUANTITY})`, refused("quantity", v));
  }
  return Number(v);
}

/** A price in yuan per MWh ("450", "450.25") → cents per MWh, at most `cap` cents. */
export function requirePrice(value: string, field = "price", cap = MAX_PRICE): number {
  const cents = parseAmount(value, field);
  if (cents > BigInt(cap)) {
    throw new UserError(AuctionError.INVALID_ORDER, `--${field}: ${value} yuan/MWh is above the cap of ${(cap / 100).toFixed(2)} yuan/MWh`, { ...refused(field, value), cap });
  }
  return Number(cents);
}

/** --slot: 0..15. */
export function requireSlot(value: string): number {
  const v = (value ?? "").trim();
  if (!/^\d+$/.test(v) || Number(v) >= MAX_SLOTS) throw new UserError(AuctionError.INVALID_ORDER, `--slot: "${value}" is not an order slot (0..${MAX_SLOTS - 1})`, refused("slot", v));
  return Number(v);
}
