import { BID, OFFER } from "./auction.js";

/**
 * The auction's clearing: one uniform price and the accepted kWh of every revealed order,
 * computed here and checked on chain by the same rules (contracts/energy/ClearingRules.sol;
 * the rule in words: docs/energy/clearing.md).
 *
 * Orders are numbered 0..n-1 in reveal order. Quantities in kWh, prices in cents per MWh.
 * D(>=p), D(>p): bid kWh with limit at or above / above p; S(<=p), S(<p): offer kWh with limit
 * at or below / below p.
 *
 * - No bid at or above any offer (or a side empty): no trade, price 0, nothing accepted.
 * - Otherwise the price p is the lowest limit price with S(<=p) >= D(>p). The volume is
 *   V = min(D(>=p), S(<=p)).
 * - Bids above p and offers below p are filled; bids below p and offers above p get 0.
 * - At p, the short side is filled. The long side's orders at p (bids if D(>=p) > S(<=p),
 *   offers if S(<=p) > D(>=p)) share R = V - (its kWh strictly in the money) in proportion to
 *   quantity: floor(q * R / M) each, M their total kWh; the R - sum(floor) kWh left over go one
 *   each to those orders in reveal order, from the first.
 */

export interface BookOrder {
  side: number;
  /** kWh */
  quantity: number;
  /** limit, cents per MWh */
  price: number;
}

export interface ClearingResult {
  /** cents per MWh; 0: no trade */
  price: number;
  /** accepted kWh per order, by index */
  accepted: number[];
}

/** The book at a price, as the posting's pass sums it (ClearingRules.Totals). */
export interface Totals {
  demandAtOrAbove: number;
  demandAbove: number;
  supplyAtOrBelow: number;
  supplyBelow: number;
  acceptedDemand: number;
  acceptedSupply: number;
}

/** IEnergyAuction.Rule, by id. */
export const RULES = [
  "None",
  "WrongSide",
  "NotFilled",
  "MarginalShare",
  "RemainderOrder",
  "CrossingIgnored",
  "Unbalanced",
  "NotLowest",
  "NoTradeAtPrice",
] as const;
export type RuleName = (typeof RULES)[number];
export const Rule = Object.fromEntries(RULES.map((r, i) => [r, i])) as { [K in RuleName]: number };

/** Where the chain checks each rule: while posting a page, at the seal, or only by challenge. */
export const RULE_STAGE: Record<RuleName, "post" | "seal" | "challenge" | "none"> = {
  None: "none",
  WrongSide: "post",
  NotFilled: "post",
  MarginalShare: "challenge",
  RemainderOrder: "challenge",
  CrossingIgnored: "challenge",
  Unbalanced: "seal",
  NotLowest: "seal",
  NoTradeAtPrice: "seal",
};

/** Clears a book by the rule above. Deterministic: the result depends only on the orders and their order. */
export function clear(orders: readonly BookOrder[]): ClearingResult {
  const n = orders.length;
  const accepted = new Array<number>(n).fill(0);
  let maxBid = -1;
  let minOffer = Infinity;
  let totalBid = 0;
  const bidAt = new Map<number, number>();
  const offerAt = new Map<number, number>();
  for (const o of orders) {
    if (o.side === BID) {
      totalBid += o.quantity;
      if (o.price > maxBid) maxBid = o.price;
      bidAt.set(o.price, (bidAt.get(o.price) ?? 0) + o.quantity);
    } else {
      if (o.price < minOffer) minOffer = o.price;
      offerAt.set(o.price, (offerAt.get(o.price) ?? 0) + o.quantity);
    }
  }
  if (maxBid < minOffer) return { price: 0, accepted };

  const prices = [...new Set([...bidAt.keys(), ...offerAt.keys()])].sort((a, b) => a - b);
  let supplyAtOrBelow = 0;
  let demandAtOrBelow = 0;
  let price = 0;
  for (const p of prices) {
    supplyAtOrBelow += offerAt.get(p) ?? 0;
    demandAtOrBelow += bidAt.get(p) ?? 0;
    if (supplyAtOrBelow >= totalBid - demandAtOrBelow) {
      price = p;
      break;
    }
  }
  const t = totalsAt(orders, price, accepted);
  const longSide = t.demandAtOrAbove > t.supplyAtOrBelow ? BID : t.supplyAtOrBelow > t.demandAtOrAbove ? OFFER : -1;
  const marginal: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = orders[i];
    const inMoney = o.side === BID ? o.price >= price : o.price <= price;
    if (!inMoney) continue;
    if (o.price === price && o.side === longSide) marginal.push(i);
    else accepted[i] = o.quantity;
  }
  if (marginal.length > 0) {
    const { left, atPrice } = shareBase(t, longSide);
    let given = 0;
    for (const i of marginal) {
      accepted[i] = Number((BigInt(orders[i].quantity) * BigInt(left)) / BigInt(atPrice));
      given += accepted[i];
    }
    for (let k = 0; k < left - given; k++) accepted[marginal[k]] += 1;
  }
  return { price, accepted };
}

/** The totals of `orders` at `price` with `accepted` (what the posting's pass stores). */
export function totalsAt(orders: readonly BookOrder[], price: number, accepted: readonly number[]): Totals {
  const t: Totals = { demandAtOrAbove: 0, demandAbove: 0, supplyAtOrBelow: 0, supplyBelow: 0, acceptedDemand: 0, acceptedSupply: 0 };
  orders.forEach((o, i) => {
    if (o.side === BID) {
      if (o.price >= price) t.demandAtOrAbove += o.quantity;
      if (o.price > price) t.demandAbove += o.quantity;
      t.acceptedDemand += accepted[i] ?? 0;
    } else {
      if (o.price <= price) t.supplyAtOrBelow += o.quantity;
      if (o.price < price) t.supplyBelow += o.quantity;
      t.acceptedSupply += accepted[i] ?? 0;
    }
  });
  return t;
}

function shareBase(t: Totals, side: number): { left: number; atPrice: number } {
  return side === BID
    ? { left: t.supplyAtOrBelow - t.demandAbove, atPrice: t.demandAtOrAbove - t.demandAbove }
    : { left: t.demandAtOrAbove - t.supplyBelow, atPrice: t.supplyAtOrBelow - t.supplyBelow };
}

function isLong(t: Totals, side: number): boolean {
  return side === BID ? t.demandAtOrAbove > t.supplyAtOrBelow : t.supplyAtOrBelow > t.demandAtOrAbove;
}

function floorShare(t: Totals, side: number, quantity: number): number {
  const { left, atPrice } = shareBase(t, side);
  return Number((BigInt(quantity) * BigInt(left)) / BigInt(atPrice));
}

/** ClearingRules.orderRule: the rule one order breaks (WrongSide, NotFilled, MarginalShare), or None. */
export function orderRule(t: Totals, o: BookOrder, accepted: number, price: number): RuleName {
  if (price === 0) return accepted === 0 ? "None" : "WrongSide";
  const out = o.side === BID ? o.price < price : o.price > price;
  if (out) return accepted === 0 ? "None" : "WrongSide";
  const strictly = o.side === BID ? o.price > price : o.price < price;
  if (strictly) return accepted === o.quantity ? "None" : "NotFilled";
  if (!isLong(t, o.side)) return accepted === o.quantity ? "None" : "MarginalShare";
  const share = floorShare(t, o.side, o.quantity);
  return accepted === share || accepted === share + 1 ? "None" : "MarginalShare";
}

/** ClearingRules.bookRule */
export function bookRule(t: Totals, price: number): RuleName {
  if (t.acceptedDemand !== t.acceptedSupply) return "Unbalanced";
  if (price === 0) return "None";
  if (t.supplyBelow >= t.demandAtOrAbove) return "NotLowest";
  if (t.supplyAtOrBelow === 0) return "NoTradeAtPrice";
  return "None";
}

/** A broken rule and the orders that show it (book rules: 0, 0). */
export interface Violation {
  rule: RuleName;
  first: number;
  second: number;
  /** Where the chain catches it (RULE_STAGE), or "shape" for what no rule names (length, above quantity). */
  stage: "post" | "seal" | "challenge" | "shape";
  message: string;
}

/**
 * The first rule `result` breaks for `orders`, in the order the chain meets them (posting, seal,
 * challenge), or undefined if it is the clearing. Every result other than clear(orders) breaks
 * at least one rule: the rules determine the result.
 */
export function findViolation(orders: readonly BookOrder[], result: ClearingResult): Violation | undefined {
  const { price, accepted } = result;
  if (accepted.length !== orders.length) {
    return { rule: "None", first: 0, second: 0, stage: "shape", message: `${accepted.length} accepted quantities for ${orders.length} orders` };
  }
  const t = totalsAt(orders, price, accepted);
  for (let i = 0; i < orders.length; i++) {
    const a = accepted[i];
    if (!Number.isInteger(a) || a < 0 || a > orders[i].quantity) {
      return { rule: "None", first: i, second: 0, stage: "shape", message: `order ${i}: ${a} kWh accepted of ${orders[i].quantity}` };
    }
    const r = orderRule(t, orders[i], a, price);
    if (r === "WrongSide" || r === "NotFilled") return violation(r, i, 0, `order ${i} (${describe(orders[i])}) gets ${a} kWh at price ${price}`);
  }
  const b = bookRule(t, price);
  if (b !== "None") return violation(b, 0, 0, `totals at price ${price}: ${JSON.stringify(t)}`);
  let firstWithoutExtra = -1;
  let maxBid = -1;
  let minOffer = -1;
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i];
    if (o.side === BID && (maxBid < 0 || o.price > orders[maxBid].price)) maxBid = i;
    if (o.side === OFFER && (minOffer < 0 || o.price < orders[minOffer].price)) minOffer = i;
    if (orderRule(t, o, accepted[i], price) === "MarginalShare") return violation("MarginalShare", i, 0, `order ${i} (${describe(o)}) gets ${accepted[i]} kWh, not its share at price ${price}`);
    if (price !== 0 && o.price === price && isLong(t, o.side)) {
      const extra = accepted[i] - floorShare(t, o.side, o.quantity);
      if (extra === 0 && firstWithoutExtra < 0) firstWithoutExtra = i;
      if (extra === 1 && firstWithoutExtra >= 0) {
        return violation("RemainderOrder", firstWithoutExtra, i, `order ${i} got a leftover kWh before order ${firstWithoutExtra}`);
      }
    }
  }
  if (price === 0 && maxBid >= 0 && minOffer >= 0 && orders[maxBid].price >= orders[minOffer].price) {
    return violation("CrossingIgnored", maxBid, minOffer, `bid ${maxBid} at ${orders[maxBid].price} crosses offer ${minOffer} at ${orders[minOffer].price}, yet no trade was posted`);
  }
  return undefined;
}

function violation(rule: RuleName, first: number, second: number, message: string): Violation {
  return { rule, first, second, stage: RULE_STAGE[rule] as Violation["stage"], message };
}

function describe(o: BookOrder): string {
  return `${o.side === BID ? "bid" : "offer"} ${o.quantity} kWh at ${o.price}`;
}

/** The traded volume of a result (kWh): accepted demand (= accepted supply when valid). */
export function volumeOf(orders: readonly BookOrder[], result: ClearingResult): number {
  return orders.reduce((s, o, i) => (o.side === BID ? s + result.accepted[i] : s), 0);
}

/** The pages a result is posted in: orders from..from+accepted.length-1, `pageSize` each, at least one page. */
export function resultPages(result: ClearingResult, pageSize = 500, start = 0): { from: number; accepted: number[] }[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, not ${pageSize}`);
  const pages: { from: number; accepted: number[] }[] = [];
  for (let from = start; from < result.accepted.length; from += pageSize) pages.push({ from, accepted: result.accepted.slice(from, from + pageSize) });
  if (pages.length === 0 && start === 0) pages.push({ from: 0, accepted: [] });
  return pages;
}
