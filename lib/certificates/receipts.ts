/**
 * Receipts: what a holder keeps to prove a certificate alone — the document, its salts, the
 * holder block, the dates and, for a Merkle batch, the root, leaf index and proof. A receipt
 * verifies offline (digests and proof recomputed here) and on chain (lib/certificates/verifier).
 * A receipt holds personal data (the document, the holder id): deliver it privately.
 */
import { z } from "zod";
import { getAddress } from "ethers";
import {
  certificateId,
  contentDigest,
  holderBlind,
  holderCommitment,
  ZERO_HASH,
  type Fields,
} from "./canonical.js";
import { leafHash, multiProofOf, multiProofOfProofs, processProof, proofOf } from "./merkle.js";
import type { MerkleBatch, PreparedCertificate } from "./documents.js";

export const RECEIPT_FORMAT = "consortium-certificate-receipt/v1";

export interface ReceiptPlacement {
  root: string;
  index: number;
  proof: string[];
}

export interface CertificateReceipt {
  format: typeof RECEIPT_FORMAT;
  chainId: number;
  registry: string;
  certificateId: string;
  type: { id: number; name: string };
  document: Fields;
  salt: string;
  contentDigest: string;
  holder: { id?: string; salt: string; key: string; blind: string; commitment: string };
  validFrom: number;
  validUntil: number;
  /** null: stored on its own; otherwise its place in a Merkle batch. */
  placement: ReceiptPlacement | null;
  /** The member that issued it, as the issuer states it; the verifier holds the chain to it. */
  issuer?: { member: number };
  issuance?: { transaction?: string; block?: number; signer?: string };
}

/** The Placement argument of the contracts (root 0 for a stored certificate). */
export interface PlacementArg {
  root: string;
  index: bigint;
  validFrom: bigint;
  validUntil: bigint;
  proof: string[];
}

export const STORED_PLACEMENT: PlacementArg = { root: ZERO_HASH, index: 0n, validFrom: 0n, validUntil: 0n, proof: [] };

export interface ReceiptContext {
  chainId: number | bigint;
  registry: string;
  type: { id: number; name: string };
  /** The issuing member (written into the receipt as `issuer.member`). */
  member?: number;
}

/** The receipt of a prepared certificate, stored alone or at `placement` in a batch. */
export function receiptOf(
  c: PreparedCertificate,
  ctx: ReceiptContext,
  placement: ReceiptPlacement | null = null,
  issuance?: CertificateReceipt["issuance"],
): CertificateReceipt {
  return {
    format: RECEIPT_FORMAT,
    chainId: Number(ctx.chainId),
    registry: getAddress(ctx.registry),
    certificateId: c.id,
    type: ctx.type,
    document: c.fields,
    salt: c.salt,
    contentDigest: c.contentDigest,
    holder: { id: c.holderId, salt: c.holderSalt, key: c.holderKey, blind: c.holderBlind, commitment: c.holderCommitment },
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    placement,
    ...(ctx.member !== undefined ? { issuer: { member: ctx.member } } : {}),
    ...(issuance ? { issuance } : {}),
  };
}

/** The receipt of certificate `index` of a Merkle batch (with its proof). */
export function merkleReceipt(
  batch: MerkleBatch,
  index: number,
  ctx: ReceiptContext,
  issuance?: CertificateReceipt["issuance"],
): CertificateReceipt {
  return receiptOf(
    batch.certificates[index],
    ctx,
    { root: batch.root, index, proof: proofOf(batch.tree, index) },
    issuance,
  );
}

/** The contracts' Placement argument for a receipt. */
export function placementOf(r: Pick<CertificateReceipt, "placement" | "validFrom" | "validUntil">): PlacementArg {
  if (!r.placement) return STORED_PLACEMENT;
  return {
    root: r.placement.root,
    index: BigInt(r.placement.index),
    validFrom: BigInt(r.validFrom),
    validUntil: BigInt(r.validUntil),
    proof: r.placement.proof,
  };
}

/** The certificate id recomputed from the receipt's document and holder block. */
export function recomputeId(r: CertificateReceipt): { id: string; contentDigest: string; commitment: string } {
  const content = contentDigest(r.type.id, r.document, r.salt);
  const blind = r.holder.id !== undefined ? holderBlind(r.holder.id, r.holder.salt) : r.holder.blind;
  const commitment = holderCommitment(blind, r.holder.key);
  return { id: certificateId(content, commitment), contentDigest: content, commitment };
}

/**
 * Offline integrity of a receipt: each link of its chain of digests is checked on its own
 * (document and salt -> content digest, holder id -> blind, blind and key -> commitment, digest
 * and commitment -> id, id -> proof -> root), so what is wrong is named where it is wrong, not
 * where it shows next: an altered document is the document, not the proof. `proof: false` leaves
 * the proof to the registry (the verifier names a wrong proof there). Returns what is wrong
 * (empty: consistent), the cause first.
 */
export function checkReceipt(r: CertificateReceipt, options: { proof?: boolean } = {}): string[] {
  const why: string[] = [];
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const content = contentDigest(r.type.id, r.document, r.salt);
  let derived = false;
  if (!eq(content, r.contentDigest)) {
    const again = recomputeId(r);
    if (eq(again.id, r.certificateId)) {
      // The document still gives the stated id: the stated digest is what was changed.
      why.push(`the receipt's content digest was changed: its document and holder still give certificate ${r.certificateId}`);
      derived = true;
    } else {
      why.push("the document does not match its content digest: it was altered, or its salt is wrong");
    }
  }
  if (r.holder.id !== undefined && !eq(holderBlind(r.holder.id, r.holder.salt), r.holder.blind)) {
    why.push("the holder id does not match the holder blind");
  }
  if (!eq(holderCommitment(r.holder.blind, r.holder.key), r.holder.commitment)) why.push("the holder block does not match the holder commitment");
  if (!derived && !eq(certificateId(r.contentDigest, r.holder.commitment), r.certificateId)) {
    why.push("the certificate id does not match its content digest and holder commitment");
  }
  if (r.placement && options.proof !== false) {
    const leaf = leafHash(r.certificateId, r.placement.index, r.validFrom, r.validUntil);
    if (!eq(processProof(leaf, r.placement.proof), r.placement.root)) {
      why.push(`the Merkle proof of leaf ${r.placement.index} does not lead to root ${r.placement.root}`);
    }
  }
  return why;
}

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address");
const seconds = z.number().int().min(0).max(2 ** 40 - 1);

export const receiptSchema = z.object({
  format: z.literal(RECEIPT_FORMAT),
  chainId: z.number().int().positive(),
  registry: address,
  certificateId: hex32,
  type: z.object({ id: z.number().int().min(1).max(0xffff), name: z.string() }),
  document: z.record(z.union([z.string(), z.number(), z.boolean()])),
  salt: hex32,
  contentDigest: hex32,
  holder: z.object({ id: z.string().optional(), salt: hex32, key: address, blind: hex32, commitment: hex32 }),
  validFrom: seconds,
  validUntil: seconds,
  placement: z
    .object({ root: hex32, index: z.number().int().min(0), proof: z.array(hex32).max(64) })
    .nullable(),
  issuer: z.object({ member: z.number().int().min(1).max(2 ** 32 - 1) }).optional(),
  issuance: z
    .object({ transaction: z.string().optional(), block: z.number().optional(), signer: z.string().optional() })
    .optional(),
});

/** Parses a receipt, throwing one line that names the first wrong field. */
export function parseReceipt(value: unknown): CertificateReceipt {
  const r = receiptSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`not a certificate receipt: ${issue.path.join(".") || "(root)"} ${issue.message}`);
  }
  return r.data as CertificateReceipt;
}

/**
 * Parses the text of a receipt file, throwing ONE whole line that names `source` and the
 * problem. JSON.parse quotes the offending text in its message, newlines and control bytes
 * included, which would break the line (or print a binary file): the quote is left out.
 */
export function parseReceiptJson(text: string, source: string): CertificateReceipt {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} ${jsonProblem(text, e as Error)}`);
  }
  try {
    return parseReceipt(value);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
}

/** What is wrong with a file's text that is not JSON, on one line, without quoting the text: "is empty", "is not valid JSON (...)". */
export function jsonProblem(text: string, e: Error): string {
  if (text.trim() === "") return "is empty";
  // A PNG read as UTF-8 starts with U+FFFD (its 0x89 byte): a QR image given as a receipt.
  if (/^\uFFFDPNG/.test(text)) return "is a PNG image, not JSON (a QR code? give its scanned text with --qr)";
  if (/^\s*<(svg|\?xml)/.test(text)) return "is an SVG/XML file, not JSON (a QR code? give its scanned text with --qr)";
  if (/[\u0000-\u0008\u000e-\u001f\uFFFD]/.test(text.slice(0, 512))) return "is a binary file, not JSON";
  const message = e.message.replace(/, ".*" is not valid JSON$/s, "").replace(/\s+/g, " ").trim();
  const token = /^Unexpected token '(.)'$/su.exec(message);
  if (token) return `is not valid JSON (unexpected ${JSON.stringify(token[1])})`;
  return `is not valid JSON (${message.charAt(0).toLowerCase()}${message.slice(1)})`;
}

/** A leaf of SharingPoints.claimBatchContributions (the registry's ProvenLeaf). */
export interface ProvenLeafArg {
  id: string;
  index: bigint;
  validFrom: bigint;
  validUntil: bigint;
}

/** The arguments of SharingPoints.claimBatchContributions: leaves of one batch and their multiproof (CERT-92). */
export interface BatchClaim {
  root: string;
  leaves: ProvenLeafArg[];
  proof: string[];
  proofFlags: boolean[];
}

/** The multiproof claim of certificates `indexes` of a batch whose tree is at hand. */
export function batchClaimOf(batch: MerkleBatch, indexes: readonly number[]): BatchClaim {
  const m = multiProofOf(batch.tree, indexes);
  return {
    root: batch.root,
    leaves: m.leafIndexes.map((i) => {
      const c = batch.certificates[i];
      return { id: c.id, index: BigInt(i), validFrom: BigInt(c.validFrom), validUntil: BigInt(c.validUntil) };
    }),
    proof: m.proof,
    proofFlags: m.proofFlags,
  };
}

/**
 * The multiproof claim of receipts of one batch (each certificate once), built from their own
 * proofs; undefined when they cannot share one (a batch root that differs, proofs of two
 * depths): such receipts are claimed each with its proof.
 */
export function batchClaimOfReceipts(receipts: readonly CertificateReceipt[]): BatchClaim | undefined {
  if (receipts.length === 0 || receipts.some((r) => !r.placement || r.placement.root !== receipts[0].placement!.root)) return undefined;
  const m = multiProofOfProofs(receipts.map((r) => ({ leaf: leafHash(r.certificateId, r.placement!.index, r.validFrom, r.validUntil), proof: r.placement!.proof })));
  if (!m) return undefined;
  return {
    root: receipts[0].placement!.root,
    leaves: m.order.map((k) => {
      const r = receipts[k];
      return { id: r.certificateId, index: BigInt(r.placement!.index), validFrom: BigInt(r.validFrom), validUntil: BigInt(r.validUntil) };
    }),
    proof: m.proof,
    proofFlags: m.proofFlags,
  };
}
