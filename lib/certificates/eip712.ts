/**
 * EIP-712 messages of the certificate system: a clerk's issue order (CertificateRegistry)
 * and a holder's consent to disclose details (DisclosureGrants). Both domains bind the chain
 * id and the verifying contract, and both messages carry a nonce and a deadline, so a signature
 * replays on no other chain, no other contract, not twice and not late. Order nonces are
 * sequential per issuer key (CertificateRegistry.nonceOf); consent nonces are any unused number
 * (a bitmap per holder key).
 */
import { TypedDataEncoder, type TypedDataDomain, type TypedDataField } from "ethers";

export const REGISTRY_DOMAIN = { name: "CertificateRegistry", version: "1" } as const;
export const GRANTS_DOMAIN = { name: "DisclosureGrants", version: "1" } as const;

export const ISSUE_ORDER_TYPES: Record<string, TypedDataField[]> = {
  IssueOrder: [
    { name: "signer", type: "address" },
    { name: "id", type: "bytes32" },
    { name: "terms", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export const CONSENT_TYPES: Record<string, TypedDataField[]> = {
  Consent: [
    { name: "certificateId", type: "bytes32" },
    { name: "grantee", type: "address" },
    { name: "expiresAt", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export interface IssueOrder {
  signer: string;
  id: string;
  terms: bigint;
  nonce: bigint;
  deadline: bigint;
}

export interface Consent {
  certificateId: string;
  grantee: string;
  expiresAt: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** Anything that signs typed data (an ethers Wallet or a Hardhat signer). */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

export function registryDomain(chainId: bigint | number, registry: string): TypedDataDomain {
  return { ...REGISTRY_DOMAIN, chainId, verifyingContract: registry };
}

export function grantsDomain(chainId: bigint | number, grants: string): TypedDataDomain {
  return { ...GRANTS_DOMAIN, chainId, verifyingContract: grants };
}

export function signIssueOrder(signer: TypedDataSigner, domain: TypedDataDomain, order: IssueOrder): Promise<string> {
  return signer.signTypedData(domain, ISSUE_ORDER_TYPES, { ...order });
}

export function issueOrderHash(domain: TypedDataDomain, order: IssueOrder): string {
  return TypedDataEncoder.hash(domain, ISSUE_ORDER_TYPES, order);
}

export function signConsent(holder: TypedDataSigner, domain: TypedDataDomain, consent: Consent): Promise<string> {
  return holder.signTypedData(domain, CONSENT_TYPES, { ...consent });
}

export function consentHash(domain: TypedDataDomain, consent: Consent): string {
  return TypedDataEncoder.hash(domain, CONSENT_TYPES, consent);
}
