/**
 * What the cert:* tasks share: the sharing contracts of the registry (the registry itself is
 * found by ./deployment.ts), reading a type (with its field list from its TypeRegistered
 * event), receipts on disk, and the checks that run before any transaction so that a refusal
 * is one line and nothing is sent.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { AbiCoder, keccak256 } from "ethers";
import type { TaskContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { parseBytes32 } from "../core/parse.js";
import type { CertificateRegistry, DisclosureGrants, SharingPoints } from "../../typechain-types/index.js";
import { decodeBatchRecord, decodeRecord, STATE_NAMES, type BatchRecord, type CertificateRecord } from "./codec.js";
import { jsonProblem, parseReceipt, placementOf, STORED_PLACEMENT, type CertificateReceipt, type PlacementArg } from "./receipts.js";
import type { TypeSpec } from "./documents.js";
import { FROZEN_BIT, ROLES, roleBit } from "../access/roles.js";
import { CertError } from "./errors.js";
import { AccessError } from "../access/errors.js";
import { CoreError } from "../core/error-codes.js";

/** The points ledger and grants contract the registry works with (registry.ledger()). */
export async function resolveSharing(
  ctx: TaskContext,
  registry: CertificateRegistry,
): Promise<{ points: SharingPoints; grants: DisclosureGrants }> {
  const ledger = await registry.ledger();
  if (ledger === "0x0000000000000000000000000000000000000000") {
    throw new UserError(CertError.NO_LEDGER, `registry ${await registry.getAddress()} has no points ledger yet (a PLATFORM_OPERATOR sets it with setLedger)`);
  }
  const points = await ctx.ethers.getContractAt("SharingPoints", ledger);
  const grants = await ctx.ethers.getContractAt("DisclosureGrants", await points.grants());
  return { points, grants };
}

/** A registered type with its field list, found by id or exact name. */
export interface RegisteredType extends TypeSpec {
  revocable: boolean;
  suspendable: boolean;
  fieldsHash: string;
}

export async function loadType(registry: CertificateRegistry, input: string): Promise<RegisteredType> {
  const v = input.trim();
  if (!v) throw new UserError(CoreError.MISSING_INPUT, "--type is required (a type id or its exact name)");
  const count = Number(await registry.typeCount());
  let typeId: number | undefined;
  if (/^\d+$/.test(v)) {
    typeId = Number(v);
    if (typeId < 1 || typeId > count) throw new UserError(CertError.UNKNOWN_TYPE, `--type ${v}: no such type (types are 1..${count})`, { field: "--type", value: v, count });
  } else {
    for (let t = 1; t <= count && typeId === undefined; t++) if ((await registry.getType(t)).name === v) typeId = t;
    if (typeId === undefined) throw new UserError(CertError.UNKNOWN_TYPE, `--type "${v}": no type has that name (${count} types registered)`, { field: "--type", value: v, count });
  }
  const t = await registry.getType(typeId);
  const logs = await registry.queryFilter(registry.filters.TypeRegistered(typeId));
  const fields = logs.length ? [...(logs[0].args.fields as string[])] : [];
  const hash = keccak256(AbiCoder.defaultAbiCoder().encode(["string[]"], [fields]));
  if (hash !== t.fieldsHash) throw new UserError(CertError.TYPE_MISMATCH, `type ${typeId}: its TypeRegistered event is missing or does not match the stored field hash`);
  return {
    typeId,
    name: t.name,
    fields,
    defaultValidity: Number(t.defaultValidity),
    revocable: t.revocable,
    suspendable: t.suspendable,
    fieldsHash: t.fieldsHash,
  };
}

/** The account an issuer key acts for, with the reason it may not act, checked off chain. */
export async function requireIssuerKey(
  registry: CertificateRegistry,
  account: string,
  need: { member?: number; typeId?: number },
): Promise<number> {
  if (await registry.paused()) throw new UserError(AccessError.MODULE_PAUSED, `the certificate registry is paused by the regulator; nothing was sent`);
  const word = await registry.accessWord(account);
  if (word & FROZEN_BIT) throw new UserError(AccessError.FROZEN, `${account} is frozen in the certificate registry`);
  if (!(word & roleBit(ROLES.CERT_ISSUER))) throw new UserError(CertError.NOT_CERT_ISSUER, `${account} does not hold CERT_ISSUER (granted by governance)`);
  const [member, typeIds, anyType] = await registry.issuerOf(account);
  if (member === 0n) throw new UserError(CertError.NOT_ISSUER_KEY, `${account} is not enrolled as an issuer key (its member's admin enrols it with cert:issuer:set)`, { account });
  if (need.member !== undefined && Number(member) !== need.member) {
    throw new UserError(CertError.NOT_ISSUER_KEY, `${account} is an issuer key of member ${member}, not of member ${need.member} which issued the certificate`, { account, member: Number(member), expected: need.member });
  }
  if (need.typeId !== undefined) {
    const listed = typeIds.map(Number).includes(need.typeId);
    if (!listed && !(anyType && (await registry.isTypeIssuer(need.typeId, member)))) {
      throw new UserError(CertError.TYPE_NOT_ALLOWED, `${account} may not issue type ${need.typeId} (its types: ${typeIds.join(", ") || "none"}${anyType ? ", any of its member's" : ""})`);
    }
  }
  return Number(member);
}

export async function requireOperator(registry: CertificateRegistry, account: string): Promise<void> {
  const word = await registry.accessWord(account);
  if (!(word & roleBit(ROLES.PLATFORM_OPERATOR)) || word & FROZEN_BIT) {
    throw new UserError(CertError.NOT_OPERATOR, `${account} is not an unfrozen PLATFORM_OPERATOR of the certificate registry (governance can do this by a CallModule proposal)`);
  }
}

export async function readJsonFile(field: string, file: string): Promise<unknown> {
  if (!file.trim()) throw new UserError(CoreError.MISSING_INPUT, `--${field} is required`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(CoreError.INVALID_FILE, `--${field}: cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(CoreError.INVALID_FILE, `--${field}: ${file} ${jsonProblem(text, e as Error)}`, { field: `--${field}`, file });
  }
}

export async function readReceipt(file: string): Promise<CertificateReceipt> {
  const value = await readJsonFile("receipt", file);
  try {
    return parseReceipt(value);
  } catch (e) {
    throw new UserError(CertError.INVALID_RECEIPT, `--receipt ${file}: ${(e as Error).message}`);
  }
}

/** A certificate named by --id (stored) or --receipt (stored or batch). */
export interface Located {
  id: string;
  placement: PlacementArg;
  receipt?: CertificateReceipt;
  /** The stored record, or the batch record for a batch certificate. */
  record?: CertificateRecord;
  batch?: BatchRecord;
  /** The leaf's own state (1 active, 2 revoked, 3 suspended) for a batch certificate. */
  leafState?: number;
}

export async function locate(registry: CertificateRegistry, args: { id?: string; receipt?: string }): Promise<Located> {
  const id = (args.id ?? "").trim();
  const file = (args.receipt ?? "").trim();
  if (!id && !file) throw new UserError(CoreError.MISSING_INPUT, "give the certificate with --id 0x.. or --receipt <file>");
  if (id && file) throw new UserError(CoreError.CONFLICTING_OPTIONS, "give --id or --receipt, not both");
  if (id) {
    const certificateId = parseBytes32("id", id);
    const record = decodeRecord(await registry.recordOf(certificateId));
    if (!record) throw new UserError(CertError.UNKNOWN_CERTIFICATE, `no certificate ${certificateId} is stored in registry ${await registry.getAddress()}`, { certificateId });
    return { id: certificateId, placement: STORED_PLACEMENT, record };
  }
  const receipt = await readReceipt(file);
  const placement = placementOf(receipt);
  if (receipt.placement) {
    const batch = decodeBatchRecord(await registry.batchOf(receipt.placement.root));
    if (!batch) throw new UserError(CertError.UNKNOWN_CERTIFICATE, `batch ${receipt.placement.root} is not registered in registry ${await registry.getAddress()}`);
    const leafState = Number(await registry.leafStateOf(receipt.placement.root, receipt.placement.index));
    return { id: receipt.certificateId, placement, receipt, batch, leafState };
  }
  const record = decodeRecord(await registry.recordOf(receipt.certificateId));
  if (!record) throw new UserError(CertError.UNKNOWN_CERTIFICATE, `certificate ${receipt.certificateId} of ${file} is not stored in registry ${await registry.getAddress()}`);
  return { id: receipt.certificateId, placement, receipt, record };
}

/** The current state name of a located certificate (leaf state inside an active batch). */
export function stateOf(l: Located): string {
  if (l.record) return STATE_NAMES[l.record.state] ?? "none";
  if (l.batch && l.batch.state !== 1) return STATE_NAMES[l.batch.state] ?? "none";
  return STATE_NAMES[l.leafState ?? 1] ?? "none";
}
