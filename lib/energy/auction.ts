import { AbiCoder, keccak256, toUtf8Bytes, hexlify, randomBytes, getAddress } from "ethers";

/**
 * Sealed orders of the energy auction (contracts/energy/EnergyAuction.sol): the order, its
 * commitment hash, and the salt that hides it. Units: quantity in whole kWh, limit price in
 * settlement-token cents per MWh; side 0 bids (buys), 1 offers (sells).
 */

export const BID = 0;
export const OFFER = 1;
export type Side = typeof BID | typeof OFFER;

/** Bounds the contract enforces (EnergyAuction constants and field widths). */
export const MAX_QUANTITY = 0xffff_ffff; // kWh, uint32
export const MAX_PRICE = 0xff_ffff; // cents per MWh, uint24
export const MAX_SLOTS = 16;
export const MAX_ORDER_CAP = 10_000;
export const MIN_CHALLENGE_WINDOW = 60;
export const MAX_CHALLENGE_WINDOW = 30 * 86_400;

/** EnergyAuction.ORDER_TYPEHASH */
export const ORDER_TYPEHASH = keccak256(
  toUtf8Bytes(
    "EnergyAuctionOrder(uint256 chainId,address auction,uint64 period,address bidder,uint8 slot,uint8 side,uint32 quantityKWh,uint24 priceCentsPerMWh,bytes32 salt)",
  ),
);

/** One order as its bidder writes it before sealing. */
export interface SealedOrder {
  side: Side;
  /** kWh, 1..MAX_QUANTITY */
  quantity: number;
  /** cents per MWh, 1..price cap */
  price: number;
  /** 0x + 64 hex, secret until the reveal */
  salt: string;
}

/** Where an order is committed: chain, auction contract, period, bidder and slot. */
export interface OrderPlace {
  chainId: bigint | number;
  auction: string;
  period: bigint | number;
  bidder: string;
  slot: number;
}

/** The hash committed on chain for `order` at `place` (EnergyAuction.commitmentOf). */
export function orderCommitment(place: OrderPlace, order: SealedOrder): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "address", "uint64", "address", "uint8", "uint8", "uint32", "uint24", "bytes32"],
      [
        ORDER_TYPEHASH,
        place.chainId,
        getAddress(place.auction),
        place.period,
        getAddress(place.bidder),
        place.slot,
        order.side,
        order.quantity,
        order.price,
        order.salt,
      ],
    ),
  );
}

/** A fresh 32-byte salt. */
export function newSalt(): string {
  return hexlify(randomBytes(32));
}

/** Why an order is malformed for an auction with `priceCap`, or undefined. */
export function orderProblem(order: { side: number; quantity: number; price: number }, priceCap = MAX_PRICE): string | undefined {
  if (order.side !== BID && order.side !== OFFER) return `side must be bid or offer`;
  if (!Number.isInteger(order.quantity) || order.quantity < 1 || order.quantity > MAX_QUANTITY) return `quantity must be 1..${MAX_QUANTITY} kWh`;
  if (!Number.isInteger(order.price) || order.price < 1 || order.price > priceCap) return `limit price must be 1..${priceCap} cents per MWh`;
  return undefined;
}

/** "bid" / "offer" (also "buy"/"sell") to a side. */
export function parseSide(v: string): Side | undefined {
  const s = v.trim().toLowerCase();
  if (s === "bid" || s === "buy") return BID;
  if (s === "offer" || s === "sell" || s === "ask") return OFFER;
  return undefined;
}

export function sideName(side: number): "bid" | "offer" {
  return side === BID ? "bid" : "offer";
}
