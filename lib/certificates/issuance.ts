/**
 * The local issuance journal of cert:issue: what keeps one document from becoming two
 * certificates by accident, and a certificate from losing its salts to a crash.
 *
 * One entry per (chain, registry, type, issuing member, document), the document being the
 * canonical JSON of what the clerk gave without the salts (so issuing the same file again is
 * recognised although fresh salts would give another certificate id). An entry holds:
 *   - `issued`: every certificate issued for the document (id, receipt file, transaction);
 *   - `pending`: the issuance in progress, written durably BEFORE the transaction is sent, with
 *     the whole receipt (salts included) and, once known, the transaction's hash and nonce.
 * A re-run that finds `pending` completes it (the certificate is on chain, or its transaction is
 * still in the node's pool), broadcasts the same signed transaction again (it was dropped and its
 * nonce is still free) or resends the same certificate (same salts, same id): never a second.
 *
 * Nothing of it goes on chain; it lives beside the receipts (receipts/.issued by default, or
 * $CERT_ISSUANCE_JOURNAL), so it is as private as they are.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, keccak256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import type { TaskContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { writeJsonFile } from "../core/files.js";
import { CoreError } from "../core/error-codes.js";
import { signedRawOf } from "../core/tx.js";
import type { CertificateRegistry } from "../../typechain-types/index.js";
import { CertError } from "./errors.js";
import { canonicalJson, normaliseHolderId } from "./canonical.js";
import type { CertificateInput } from "./documents.js";
import type { CertificateReceipt } from "./receipts.js";

export const ISSUANCE_FORMAT = "consortium-certificate-issuance/v1";
/** The format of a receipt file written before its transaction is mined (not yet a receipt). */
export const PENDING_RECEIPT_FORMAT = "consortium-certificate-receipt/pending-v1";

export const DEFAULT_JOURNAL_DIR = path.join("receipts", ".issued");

/** Where the journal lives: $CERT_ISSUANCE_JOURNAL, else receipts/.issued (relative to the working directory). */
export function journalDir(): string {
  return process.env.CERT_ISSUANCE_JOURNAL?.trim() || DEFAULT_JOURNAL_DIR;
}

/** The transaction that carries (or carried) an issuance. */
export interface SentIssue {
  hash: string;
  from: string;
  nonce: number;
  /** The signed transaction: a re-run that finds it dropped broadcasts these same bytes (same nonce), never a new one while that nonce is free. */
  raw?: string;
}

export interface PendingIssue {
  /** The receipt to complete (salts, id, dates), with no `issuance` yet. */
  receipt: CertificateReceipt;
  /** Where the receipt is written. */
  file: string;
  payload: { uri: string; digest: string } | null;
  /** Known once the node accepted the transaction. */
  transaction: SentIssue | null;
  since: string;
}

export interface IssuedEntry {
  certificateId: string;
  receipt: string;
  transaction: string;
  block: number;
}

export interface IssuanceEntry {
  format: typeof ISSUANCE_FORMAT;
  chainId: number;
  registry: string;
  typeId: number;
  member: number;
  document: string;
  issued: IssuedEntry[];
  pending: PendingIssue | null;
}

export interface IssuanceKey {
  chainId: number;
  registry: string;
  typeId: number;
  member: number;
  /** documentDigest() of the document. */
  document: string;
}

/**
 * The digest of a document as the clerk gave it, without salts: type, holder (normalised as in
 * the commitment), holder key, fields, and the dates only when the document names them (a date
 * left to default to "now" would make every run a different document).
 */
export function documentDigest(typeId: number, input: CertificateInput, given: { validFrom: boolean; validUntil: boolean }): string {
  return keccak256(
    toUtf8Bytes(
      canonicalJson({
        type: typeId,
        holderId: normaliseHolderId(input.holderId),
        holderKey: input.holderKey.toLowerCase(),
        fields: input.fields,
        validFrom: given.validFrom ? input.validFrom : null,
        validUntil: given.validUntil ? input.validUntil : null,
      }),
    ),
  );
}

/** The entry's file: <dir>/<chainId>-<registry>/<type>-<member>-<document digest>.json. */
export function entryPath(dir: string, key: IssuanceKey): string {
  return path.join(dir, `${key.chainId}-${getAddress(key.registry)}`, `${key.typeId}-${key.member}-${key.document}.json`);
}

export async function readEntry(file: string): Promise<IssuanceEntry | undefined> {
  if (!existsSync(file)) return undefined;
  const value = JSON.parse(await readFile(file, "utf8")) as IssuanceEntry;
  if (value?.format !== ISSUANCE_FORMAT) throw new Error(`${file} is not an issuance journal entry (${ISSUANCE_FORMAT})`);
  return value;
}

export function newEntry(key: IssuanceKey): IssuanceEntry {
  return { format: ISSUANCE_FORMAT, ...key, registry: getAddress(key.registry), issued: [], pending: null };
}


/** What the receipt file holds while the transaction is not mined: the receipt to be, marked pending. */
export function pendingReceiptFile(p: PendingIssue, journal: string): unknown {
  return {
    format: PENDING_RECEIPT_FORMAT,
    note: "issuance not confirmed yet: re-run the same cert:issue command to complete this receipt (it resends nothing that landed)",
    journal,
    transaction: p.transaction,
    receipt: p.receipt,
  };
}

// ------------------------------------------------------------------------------ cert:issue steps

/** The journal entry of a document, with what the chain still knows of it. */
export interface Found {
  /** The entry's file. */
  file: string;
  entry: IssuanceEntry;
  /** Certificates issued for the document that the connected chain knows (a reset chain forgets them). */
  issued: IssuedEntry[];
  pending: PendingIssue | null;
}

/** Looks the document up in the journal; drops what the connected chain does not know (it was reset). */
export async function findIssuance(
  ctx: TaskContext,
  registry: CertificateRegistry,
  doc: { typeId: number; member: number; input: CertificateInput; given: { validFrom: boolean; validUntil: boolean } },
): Promise<Found> {
  const key: IssuanceKey = {
    chainId: ctx.chainId,
    registry: await registry.getAddress(),
    typeId: doc.typeId,
    member: doc.member,
    document: documentDigest(doc.typeId, doc.input, doc.given),
  };
  const file = entryPath(journalDir(), key);
  let entry: IssuanceEntry | undefined;
  try {
    entry = await readEntry(file);
  } catch (e) {
    throw new UserError(CoreError.INVALID_FILE, `issuance journal ${file}: ${(e as Error).message.split("\n")[0]}; move it away to issue anyway`);
  }
  entry ??= newEntry(key);
  const issued: IssuedEntry[] = [];
  for (const i of entry.issued) {
    if ((await registry.recordOf(i.certificateId)) !== 0n || (await ctx.ethers.provider.getTransaction(i.transaction))) issued.push(i);
  }
  return { file, entry, issued, pending: entry.pending };
}

/** Records the issuance as pending, durably, in the journal and then at the receipt's place, before anything is sent. */
export async function startIssue(found: Found, p: Omit<PendingIssue, "transaction" | "since">): Promise<PendingIssue> {
  const pending: PendingIssue = { ...p, transaction: null, since: new Date().toISOString() };
  found.entry.issued = found.issued;
  found.entry.pending = pending;
  await writeJsonFile(found.file, found.entry);
  await writeJsonFile(pending.file, pendingReceiptFile(pending, found.file));
  return pending;
}

/** The mined transaction that issued the certificate, and how this run got it. */
export interface Landed {
  hash: string;
  block: number;
  /** Undefined for a plain issue; else how an interrupted one was completed. */
  resumed?: string;
}

/**
 * Gets the pending certificate on chain exactly once: already there (an earlier run's
 * transaction landed), its transaction still in the node's pool (wait for it), or never sent,
 * dropped or reverted (send the same certificate, same id, again).
 */
export async function sendIssue(ctx: TaskContext, registry: CertificateRegistry, found: Found, pending: PendingIssue, terms: bigint): Promise<Landed> {
  const provider = ctx.ethers.provider;
  const id = pending.receipt.certificateId;
  const earlier = pending.transaction;
  if ((await registry.recordOf(id)) !== 0n) {
    const mined = earlier ? await provider.getTransactionReceipt(earlier.hash) : null;
    if (mined && mined.status === 1) return { hash: mined.hash, block: mined.blockNumber, resumed: "completed an interrupted issuance: its transaction had landed" };
    const logs = await registry.queryFilter(registry.filters.CertificateIssued(id));
    const log = logs.at(-1);
    if (!log) throw new UserError(CertError.ALREADY_ISSUED, `certificate ${id} is on chain but no CertificateIssued event names it; receipt ${pending.file} stays pending`);
    return { hash: log.transactionHash, block: log.blockNumber, resumed: "completed an interrupted issuance: the certificate was on chain" };
  }
  if (earlier) {
    const tx = await provider.getTransaction(earlier.hash);
    const mined = tx ? await provider.getTransactionReceipt(earlier.hash) : null;
    if (tx && !mined) {
      const rc = await ctx.wait(Promise.resolve(tx as unknown as ContractTransactionResponse));
      return { hash: rc.hash, block: rc.blockNumber, resumed: "completed an interrupted issuance: its transaction was still pending" };
    }
    // Dropped from the pool while no run was waiting, its nonce still free: the same signed bytes
    // again, so that nothing but this transaction can ever carry the nonce it was given.
    if (!tx && earlier.raw && (await provider.getTransactionCount(earlier.from, "latest")) <= earlier.nonce) {
      const again = await provider.broadcastTransaction(earlier.raw).catch(() => null); // nonce taken meanwhile: a fresh send below
      if (again) {
        const rc = await ctx.wait(Promise.resolve(again as unknown as ContractTransactionResponse));
        return { hash: rc.hash, block: rc.blockNumber, resumed: "completed an interrupted issuance: its transaction had been dropped and was resent as signed (same nonce)" };
      }
    }
  }
  const payload = pending.payload;
  if (payload) await registry.issueWithPayload.staticCall(id, terms, payload.uri, payload.digest);
  else await registry.issue.staticCall(id, terms);
  const sent = await (payload ? registry.issueWithPayload(id, terms, payload.uri, payload.digest) : registry.issue(id, terms));
  // The hash goes to disk before the wait: a crash from here on is completed by a re-run.
  pending.transaction = { hash: sent.hash, from: sent.from, nonce: sent.nonce, raw: signedRawOf(sent) };
  found.entry.pending = pending;
  await writeJsonFile(found.file, found.entry);
  await writeJsonFile(pending.file, pendingReceiptFile(pending, found.file));
  const rc = await ctx.wait(Promise.resolve(sent));
  return { hash: rc.hash, block: rc.blockNumber, resumed: earlier ? "resent the same certificate: the interrupted run's transaction never landed" : undefined };
}

/** Writes the completed receipt over the pending one and moves the issuance to `issued` in the journal. */
export async function completeIssue(found: Found, pending: PendingIssue, landed: Landed, signer: string): Promise<{ receipt: CertificateReceipt; file: string; resumed?: string }> {
  const receipt: CertificateReceipt = { ...pending.receipt, issuance: { transaction: landed.hash, block: landed.block, signer } };
  await writeJsonFile(pending.file, receipt);
  found.entry.issued = [...found.issued, { certificateId: receipt.certificateId, receipt: pending.file, transaction: landed.hash, block: landed.block }];
  found.entry.pending = null;
  await writeJsonFile(found.file, found.entry);
  return { receipt, file: pending.file, resumed: landed.resumed };
}
