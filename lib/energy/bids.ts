import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getAddress } from "ethers";
import { UserError } from "../core/errors.js";
import { writeJsonFile } from "../core/files.js";
import { AuctionError } from "./auction-errors.js";
import { newSalt, orderCommitment, orderProblem, type OrderPlace, type SealedOrder, type Side } from "./auction.js";

/**
 * A bidder's local record of one order slot: every version of the order it ever committed
 * (the first and each amendment), each with its salt. It is written to disk, flushed, before
 * the commitment is sent, and versions are only ever appended, so whichever version the chain
 * holds after a crash can be revealed.
 */
export interface BidFile {
  kind: "energy-auction-bid";
  chainId: string;
  auction: string;
  period: string;
  bidder: string;
  slot: number;
  versions: (SealedOrder & { commitment: string; writtenAt: string })[];
}

/** bids/<chain>-<auction>-<period>-<bidder>-<slot>.json */
export function defaultBidFile(place: OrderPlace, dir = "bids"): string {
  return path.join(dir, `${place.chainId}-${getAddress(place.auction)}-${place.period}-${getAddress(place.bidder)}-${place.slot}.json`);
}

/** Reads a bid file; undefined if it does not exist; one line if it is not one or is for another place. */
export function readBidFile(file: string, place?: OrderPlace): BidFile | undefined {
  if (!existsSync(file)) return undefined;
  let b: BidFile;
  try {
    b = JSON.parse(readFileSync(file, "utf8")) as BidFile;
  } catch (e) {
    throw new UserError(AuctionError.INVALID_BID_FILE, `${file} is not JSON (${(e as Error).message})`, { file });
  }
  if (b?.kind !== "energy-auction-bid" || !Array.isArray(b.versions) || b.versions.length === 0) {
    throw new UserError(AuctionError.INVALID_BID_FILE, `${file} is not an energy auction bid file (no "kind": "energy-auction-bid" with versions)`, { file });
  }
  for (const [i, v] of b.versions.entries()) {
    const problem = orderProblem(v);
    if (problem || !/^0x[0-9a-f]{64}$/i.test(v.salt)) throw new UserError(AuctionError.INVALID_BID_FILE, `${file}: version ${i + 1}: ${problem ?? "salt is not 32 bytes of hex"}`, { file });
    const place = { chainId: BigInt(b.chainId), auction: b.auction, period: BigInt(b.period), bidder: b.bidder, slot: b.slot };
    if (orderCommitment(place, v) !== v.commitment) throw new UserError(AuctionError.INVALID_BID_FILE, `${file}: version ${i + 1}: its commitment does not match its order and salt`, { file });
  }
  if (place) {
    const same =
      BigInt(b.chainId) === BigInt(place.chainId) &&
      getAddress(b.auction) === getAddress(place.auction) &&
      BigInt(b.period) === BigInt(place.period) &&
      getAddress(b.bidder) === getAddress(place.bidder) &&
      b.slot === place.slot;
    if (!same) {
      throw new UserError(AuctionError.BID_FILE_CONFLICT, `${file} is for chain ${b.chainId}, auction ${b.auction}, period ${b.period}, bidder ${b.bidder}, slot ${b.slot}; not this order`, { file });
    }
  }
  return b;
}

/** What a slot holds on chain (EnergyAuction.slotOf). */
export interface SlotState {
  state: number; // 0 empty, 1 committed, 2 revealed
  digest: string; // first 24 bytes of the commitment (0x + 48 hex)
  index: number;
}

function digestOf(commitment: string): string {
  return commitment.slice(0, 50).toLowerCase();
}

/** The version of `b` whose commitment the chain holds, if any. */
export function versionOnChain(b: BidFile, slot: SlotState) {
  if (slot.state !== 1) return undefined;
  return [...b.versions].reverse().find((v) => digestOf(v.commitment) === slot.digest.toLowerCase());
}

export interface BidPlan {
  /** "send": commit `version.commitment` (a first commitment or an amendment); "done": on chain already. */
  action: "send" | "done";
  amendment: boolean;
  version: BidFile["versions"][number];
  file: BidFile;
}

/**
 * What market:bid does for `order` in a slot, given the local file and the chain: commit it,
 * re-send the same commitment after an interruption (same salt), or nothing when the chain has
 * it already. A different order in a used slot is an amendment and needs `amend`.
 */
export function planBid(existing: BidFile | undefined, place: OrderPlace, order: { side: Side; quantity: number; price: number }, slot: SlotState, amend: boolean, fileName: string): BidPlan {
  if (slot.state === 2) {
    throw new UserError(AuctionError.SLOT_TAKEN, `slot ${place.slot} of period ${place.period} was revealed already (order ${slot.index}); nothing was sent: use another --slot`, { slot: place.slot });
  }
  const last = existing?.versions[existing.versions.length - 1];
  const sameOrder = (v: SealedOrder) => v.side === order.side && v.quantity === order.quantity && v.price === order.price;
  if (last && sameOrder(last)) {
    const onChain = slot.state === 1 && digestOf(last.commitment) === slot.digest.toLowerCase();
    return { action: onChain ? "done" : "send", amendment: slot.state === 1, version: last, file: existing! };
  }
  if (slot.state === 1 && !amend) {
    const why = existing ? `${fileName} holds another order for it` : `no bid file ${fileName} here`;
    throw new UserError(AuctionError.SLOT_TAKEN, `slot ${place.slot} of period ${place.period} already holds a commitment (${why}); nothing was sent: pass --amend to replace it, or use another --slot`, { slot: place.slot, file: fileName });
  }
  if (existing && slot.state === 0 && !amend && last && !sameOrder(last)) {
    throw new UserError(AuctionError.BID_FILE_CONFLICT, `${fileName} holds another order for slot ${place.slot} that may still be in flight; nothing was sent: pass --amend to commit this one instead`, { file: fileName });
  }
  const salted: SealedOrder = { ...order, salt: newSalt() };
  const version = { ...salted, commitment: orderCommitment(place, salted), writtenAt: new Date().toISOString() };
  const file: BidFile = existing
    ? { ...existing, versions: [...existing.versions, version] }
    : {
        kind: "energy-auction-bid",
        chainId: place.chainId.toString(),
        auction: getAddress(place.auction),
        period: place.period.toString(),
        bidder: getAddress(place.bidder),
        slot: place.slot,
        versions: [version],
      };
  return { action: "send", amendment: slot.state === 1, version, file };
}

/** Writes the bid file durably (temp file, fsync, rename): call before sending its commitment. */
export function saveBidFile(file: string, b: BidFile): Promise<void> {
  return writeJsonFile(file, b);
}
