/**
 * Bilateral contracts of the electricity market (contracts/energy/BilateralContracts.sol): the
 * EIP-712 messages both parties sign, the contract id and the legs a statement carries.
 * Units as docs/energy/settlement-rules.md: quantity in Wh for the whole period, price in cents/MWh.
 */
import { AbiCoder, getAddress, keccak256, type TypedDataDomain, type TypedDataField } from "ethers";
import type { ContractLeg } from "./settlement.js";

export interface BilateralTerms {
  seller: string;
  buyer: string;
  period: bigint;
  quantityWh: bigint;
  price: bigint;
  /** The parties' contract number (bytes32): the nonce of the message. */
  ref: string;
  /** Unix time after which the signatures are void. */
  deadline: bigint;
}

export const BILATERAL_TYPES: Record<string, TypedDataField[]> = {
  BilateralContract: [
    { name: "seller", type: "address" },
    { name: "buyer", type: "address" },
    { name: "period", type: "uint64" },
    { name: "quantityWh", type: "uint256" },
    { name: "price", type: "uint256" },
    { name: "ref", type: "bytes32" },
    { name: "deadline", type: "uint256" },
  ],
};

export const CANCEL_TYPES: Record<string, TypedDataField[]> = {
  CancelContract: [
    { name: "id", type: "bytes32" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The EIP-712 domain of a BilateralContracts deployment. */
export function bilateralDomain(chainId: bigint | number, verifyingContract: string): TypedDataDomain {
  return { name: "BilateralContracts", version: "1", chainId, verifyingContract: getAddress(verifyingContract) };
}

/** keccak256(abi.encode(seller, buyer, ref)): the id the contract stores. */
export function contractId(seller: string, buyer: string, ref: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["address", "address", "bytes32"], [seller, buyer, ref]));
}

/** Anything that signs typed data (an ethers Wallet or a Hardhat signer). */
export interface TypedSigner {
  signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string>;
}

export function signTerms(signer: TypedSigner, domain: TypedDataDomain, terms: BilateralTerms): Promise<string> {
  return signer.signTypedData(domain, BILATERAL_TYPES, { ...terms });
}

export function signCancel(signer: TypedSigner, domain: TypedDataDomain, id: string, deadline: bigint): Promise<string> {
  return signer.signTypedData(domain, CANCEL_TYPES, { id, deadline });
}

/** Legs as BilateralContracts.legsOf returns them, sorted by ascending id as a statement lists them. */
export function sortLegs(legs: readonly { id: string; quantityWh: bigint; price: bigint }[]): ContractLeg[] {
  return legs
    .map((l) => ({ id: l.id.toLowerCase(), quantityWh: BigInt(l.quantityWh), price: BigInt(l.price) }))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
}
