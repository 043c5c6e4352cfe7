import type { EnergyAuction } from "../../typechain-types/index.js";
import { formatAmount } from "../core/amounts.js";
import type { BookOrder, ClearingResult } from "./clearing.js";

/**
 * The auction as the chain holds it, read for the market:* tasks and the audit: the revealed
 * book, the current posting, and where a posting stands so market:clear can resume it.
 */

export const PHASES = ["None", "Commit", "Reveal", "Clearing", "Challenge", "Final"] as const;
export type PhaseName = (typeof PHASES)[number];

export interface ChainOrder extends BookOrder {
  bidder: string;
  /** accepted kWh in the current (or last) posting */
  accepted: number;
}

/** Every revealed order of `period`, by index (reads `parallel` at a time). */
export async function readBook(auction: EnergyAuction, period: bigint, parallel = 50): Promise<ChainOrder[]> {
  const n = Number((await auction.auctionOf(period)).revealed);
  const out = new Array<ChainOrder>(n);
  for (let from = 0; from < n; from += parallel) {
    const idx = Array.from({ length: Math.min(parallel, n - from) }, (_, k) => from + k);
    const got = await Promise.all(idx.map((i) => auction.orderAt(period, i)));
    got.forEach((o, k) => {
      out[from + k] = { bidder: o.bidder, side: Number(o.side), quantity: Number(o.quantity), price: Number(o.price), accepted: Number(o.accepted) };
    });
  }
  return out;
}

export interface PostingState {
  phase: PhaseName;
  price: number;
  /** orders 0..posted-1 are in the current posting (0 when none, or voided) */
  posted: number;
  voided: number;
}

export async function readPosting(auction: EnergyAuction, period: bigint): Promise<PostingState> {
  const r = await auction.resultOf(period);
  return { phase: PHASES[Number(r.phase)], price: Number(r.price), posted: Number(r.posted), voided: Number(r.voided) };
}

/**
 * Where market:clear starts: "sealed" when a result is sealed (`matches`: it is `result`), else
 * the first order to post: the posted prefix is kept when it has `result`'s price and
 * quantities, otherwise the posting restarts at 0.
 */
export function resumePoint(state: PostingState, book: readonly ChainOrder[], result: ClearingResult): { sealed: true; matches: boolean } | { sealed: false; from: number } {
  const prefixMatches = (k: number) => state.price === result.price && book.slice(0, k).every((o, i) => o.accepted === result.accepted[i]);
  if (state.phase === "Challenge" || state.phase === "Final") return { sealed: true, matches: prefixMatches(book.length) };
  if (state.posted > 0 && prefixMatches(state.posted)) return { sealed: false, from: state.posted };
  return { sealed: false, from: 0 };
}

/** The posted result of `period` as lib's ClearingResult (price and accepted per order). */
export function postedResult(state: PostingState, book: readonly ChainOrder[]): ClearingResult {
  return { price: state.price, accepted: book.map((o) => o.accepted) };
}

/** 45000 (cents per MWh) → "450.00 yuan/MWh". */
export function formatPrice(centsPerMWh: number | bigint): string {
  return `${formatAmount(BigInt(centsPerMWh))} yuan/MWh`;
}

/** 1500 (kWh) → "1,500 kWh". */
export function formatKWh(kWh: number | bigint): string {
  return `${BigInt(kWh).toLocaleString("en-US")} kWh`;
}
