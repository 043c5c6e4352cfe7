// The energy auction's fixture: the kit's consortium (./consortium.ts) with the EnergyAuction
// registered at genesis, a trading centre (MARKET_OPERATOR), a generator, a retailer, a large
// consumer, a regulator and an outsider, and helpers that commit, reveal and clear a book.
// Shared by the mocha tests and scripts/bench-energy-auction.ts (no mocha or chai in it).
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ROLES } from "../../lib/access/roles.js";
import { orderCommitment, newSalt, type SealedOrder } from "../../lib/energy/auction.js";
import { clear, resultPages, type BookOrder, type ClearingResult } from "../../lib/energy/clearing.js";
import { DEFAULT_RULES, deployConsortiumWith, ethers, networkHelpers, signerOf } from "./consortium.js";
import type { EnergyAuction } from "../../typechain-types/index.js";

export { ethers, networkHelpers };

export const HOUR = 3_600;
export const COMMIT_FOR = HOUR;
export const REVEAL_FOR = HOUR;
export const WINDOW = 2 * HOUR;
/** 1,500.00 yuan per MWh, in cents per MWh. */
export const PRICE_CAP = 150_000;
export const ORDER_CAP = 1_000;

export interface AuctionOptions {
  /** Extra GENERATOR accounts (admins of the generator member, genesis grants; at most 30). */
  sellers?: number;
  /** Extra CONSUMER accounts (admins of the consumer member; at most 30). */
  buyers?: number;
}

/** Deploys the EnergyAuction on `consortium` (what deploy/modules would do). */
export async function deployAuctionModule(consortium: string) {
  return { auction: await ethers.deployContract("EnergyAuction", [consortium]) };
}

/** The consortium with the auction registered at genesis and the market's accounts. */
export async function deployAuction(options: AuctionOptions = {}) {
  const [deployer, operator, generator, retailer, consumer, regulator, outsider, ...others] = await ethers.getSigners();
  const sellers = Array.from({ length: options.sellers ?? 0 }, () => ethers.Wallet.createRandom().address);
  const buyers = Array.from({ length: options.buyers ?? 0 }, () => ethers.Wallet.createRandom().address);
  const {
    consortium,
    modules: { auction },
  } = await deployConsortiumWith({
    rules: DEFAULT_RULES,
    members: [
      { name: "Jiangsu Power Trading Centre", admins: [operator.address] },
      { name: "Huaneng Nanjing Power", admins: [generator.address, ...sellers] },
      { name: "Suning Retail Power", admins: [retailer.address] },
      { name: "Nanjing Iron and Steel", admins: [consumer.address, ...buyers] },
      { name: "Jiangsu Energy Regulator", admins: [regulator.address] },
      { name: "Bank of Nanjing", admins: [outsider.address] },
    ],
    grants: [
      { account: operator.address, role: ROLES.MARKET_OPERATOR },
      { account: generator.address, role: ROLES.GENERATOR },
      { account: retailer.address, role: ROLES.RETAILER },
      { account: consumer.address, role: ROLES.CONSUMER },
      { account: regulator.address, role: ROLES.REGULATOR },
      ...sellers.map((account) => ({ account, role: ROLES.GENERATOR })),
      ...buyers.map((account) => ({ account, role: ROLES.CONSUMER })),
    ],
    token: false,
    modules: ({ consortium: c }) => deployAuctionModule(c),
  });
  const { chainId } = await ethers.provider.getNetwork();
  return {
    consortium,
    auction,
    chainId,
    deployer,
    operator,
    generator,
    retailer,
    consumer,
    regulator,
    outsider,
    others,
    sellers: await Promise.all(sellers.map((a) => signerOf(a))),
    buyers: await Promise.all(buyers.map((a) => signerOf(a))),
  };
}

export type AuctionFixture = Awaited<ReturnType<typeof deployAuction>>;

/** The default fixture (no extra bidders), snapshotted. */
export function auctionFixture(): Promise<AuctionFixture> {
  return networkHelpers.loadFixture(deployDefault);
}
async function deployDefault() {
  return deployAuction();
}

/** Opens `period` now: commits for COMMIT_FOR, reveals for REVEAL_FOR more. */
export async function openAuction(
  auction: EnergyAuction,
  operator: HardhatEthersSigner,
  period: bigint | number,
  o: { orderCap?: number; priceCap?: number; window?: number } = {},
) {
  const now = await networkHelpers.time.latest();
  const commitDeadline = now + COMMIT_FOR;
  const revealDeadline = commitDeadline + REVEAL_FOR;
  await auction.connect(operator).openAuction(period, commitDeadline, revealDeadline, o.window ?? WINDOW, o.priceCap ?? PRICE_CAP, o.orderCap ?? ORDER_CAP);
  return { commitDeadline, revealDeadline };
}

/** One bidder's order with everything needed to reveal it. */
export interface PlacedOrder extends SealedOrder {
  bidder: HardhatEthersSigner;
  slot: number;
  commitment: string;
}

/** Commits `order` for `bidder` in `slot` (fresh salt unless given). */
export async function commitOrder(
  auction: EnergyAuction,
  bidder: HardhatEthersSigner,
  period: bigint | number,
  slot: number,
  order: Omit<SealedOrder, "salt"> & { salt?: string },
): Promise<PlacedOrder> {
  const sealed: SealedOrder = { ...order, salt: order.salt ?? newSalt() };
  const { chainId } = await ethers.provider.getNetwork();
  const commitment = orderCommitment({ chainId, auction: await auction.getAddress(), period, bidder: bidder.address, slot }, sealed);
  await auction.connect(bidder).commit(period, slot, commitment);
  return { ...sealed, bidder, slot, commitment };
}

export function revealOrder(auction: EnergyAuction, period: bigint | number, o: PlacedOrder) {
  return auction.connect(o.bidder).reveal(period, o.slot, o.side, o.quantity, o.price, o.salt);
}

/** Moves time past the commit deadline (into the reveal phase). */
export async function toReveal(auction: EnergyAuction, period: bigint | number) {
  const a = await auction.auctionOf(period);
  await networkHelpers.time.increaseTo(a.commitDeadline + 1n);
}

/** Moves time past the reveal deadline (into clearing). */
export async function toClearing(auction: EnergyAuction, period: bigint | number) {
  const a = await auction.auctionOf(period);
  await networkHelpers.time.increaseTo(a.revealDeadline + 1n);
}

/** Reads the revealed book of `period` from the chain, by index. */
export async function bookOf(auction: EnergyAuction, period: bigint | number): Promise<BookOrder[]> {
  const n = Number((await auction.auctionOf(period)).revealed);
  const out: BookOrder[] = [];
  for (let i = 0; i < n; i++) {
    const o = await auction.orderAt(period, i);
    out.push({ side: Number(o.side), quantity: Number(o.quantity), price: Number(o.price) });
  }
  return out;
}

/** Posts `result` in pages of `pageSize` and seals it (MARKET_OPERATOR). */
export async function postAndSeal(auction: EnergyAuction, operator: HardhatEthersSigner, period: bigint | number, result: ClearingResult, pageSize = 500) {
  for (const page of resultPages(result, pageSize)) await auction.connect(operator).postResult(period, result.price, page.from, page.accepted);
  return auction.connect(operator).sealResult(period);
}

/**
 * A whole auction up to the clearing: opens `period`, commits and reveals `book` (orders spread
 * over the fixture's bidders by side, slots filled in turn), moves to clearing and returns the
 * placed orders in index order and lib's clearing.
 */
export async function runBook(f: AuctionFixture, period: bigint | number, book: readonly BookOrder[], o: { orderCap?: number } = {}) {
  const { auction, operator } = f;
  await openAuction(auction, operator, period, { orderCap: o.orderCap ?? Math.max(ORDER_CAP, book.length) });
  const sellers = [f.generator, f.retailer, ...f.sellers];
  const buyers = [f.consumer, f.retailer, ...f.buyers];
  const used = new Map<string, number>();
  const placed: PlacedOrder[] = [];
  let s = 0;
  let b = 0;
  for (const order of book) {
    const pool = order.side === 0 ? buyers : sellers;
    let bidder: HardhatEthersSigner;
    let slot: number;
    for (;;) {
      bidder = pool[(order.side === 0 ? b++ : s++) % pool.length];
      slot = used.get(bidder.address) ?? 0;
      if (slot < 16) break;
    }
    used.set(bidder.address, slot + 1);
    placed.push(await commitOrder(auction, bidder, period, slot, { side: order.side as 0 | 1, quantity: order.quantity, price: order.price }));
  }
  await toReveal(auction, period);
  for (const p of placed) await revealOrder(auction, period, p);
  await toClearing(auction, period);
  return { placed, result: clear(book) };
}

/** A random book of `n` orders (deterministic in `seed`): prices around 40,000 cents/MWh, quantities 1..5,000 kWh. */
export function randomBook(n: number, seed: number, spread = 200): BookOrder[] {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return Array.from({ length: n }, () => ({
    side: next() % 2,
    quantity: 1 + (next() % 5_000),
    price: 40_000 - spread / 2 + (next() % spread),
  }));
}
