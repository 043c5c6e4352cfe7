/**
 * The packed words of contracts/certificates/CertificateRegistry.sol: issue terms, batch terms,
 * certificate and batch records (their bit layouts are the tables of layout.ts, the same as
 * CertificateRecord.sol), the on-chain Status enum and the revocation reason codes.
 */
import {
  BATCH_RECORD_LAYOUT,
  BATCH_TERMS_LAYOUT,
  fieldOf,
  FLAGS,
  maxOf,
  pack,
  RECORD_LAYOUT,
  TERMS_LAYOUT,
  unpack,
  type LayoutValues,
} from "./layout.js";

/** ICertificateRegistry.Status, in enum order. */
export const STATUSES = ["unknown", "valid", "revoked", "suspended", "expired", "superseded", "not-yet-valid"] as const;
export type CertificateStatus = (typeof STATUSES)[number];

/** Stored state of a record or a leaf (the registry's S_* constants). */
export const STATE = { NONE: 0, ACTIVE: 1, REVOKED: 2, SUSPENDED: 3, SUPERSEDED: 5 } as const;
/** Names of stored states by number; 4 is never stored (it is the Expired status, read off the clock). */
export const STATE_NAMES = ["none", "active", "revoked", "suspended", "none", "superseded"] as const;

/** Reason codes recorded with a revocation, suspension, reinstatement or supersession. */
export const REASONS: Record<number, string> = {
  0: "unspecified",
  1: "issued in error",
  2: "data changed (变更)",
  3: "holder request",
  4: "penalty (处罚)",
  5: "fraud or forgery",
  6: "cancelled (注销)",
  7: "holder deceased",
  8: "court or regulator order",
  9: "under investigation",
  10: "investigation closed",
};

const REASON_KEYS: Record<string, number> = {
  unspecified: 0,
  error: 1,
  changed: 2,
  "holder-request": 3,
  penalty: 4,
  fraud: 5,
  cancelled: 6,
  deceased: 7,
  order: 8,
  investigation: 9,
  cleared: 10,
};

/** Parses a reason given as a number 0..255 or a key (error, changed, penalty, ...). */
export function parseReason(input: string | number): number {
  if (typeof input === "number" || /^\d+$/.test(String(input).trim())) {
    const n = Number(input);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`reason ${input} is not a code 0..255`);
    return n;
  }
  const code = REASON_KEYS[String(input).trim().toLowerCase()];
  if (code === undefined) {
    throw new Error(`unknown reason "${input}" (known: ${Object.keys(REASON_KEYS).join(", ")}, or a number 0..255)`);
  }
  return code;
}

export function reasonText(code: number): string {
  return REASONS[code] ?? `code ${code}`;
}

export const MAX_TYPE_ID = maxOf(fieldOf(TERMS_LAYOUT, "typeId"));
export const MAX_TIME = maxOf(fieldOf(TERMS_LAYOUT, "validFrom"));
const MAX_COUNT = maxOf(fieldOf(BATCH_TERMS_LAYOUT, "count"));

export interface Terms {
  typeId: number;
  /** Unix seconds; 0 = when the transaction is mined. */
  validFrom?: number;
  /** Unix seconds; 0 = no expiry. */
  validUntil?: number;
}

function checkUint(name: string, v: number, max: number) {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new Error(`${name} ${v} is not an integer in 0..${max}`);
}

/** The issue terms word (layout: TERMS_LAYOUT). */
export function encodeTerms(t: Terms): bigint {
  const from = t.validFrom ?? 0;
  const until = t.validUntil ?? 0;
  checkUint("typeId", t.typeId, MAX_TYPE_ID);
  if (t.typeId === 0) throw new Error("typeId 0 does not exist");
  checkUint("validFrom", from, MAX_TIME);
  checkUint("validUntil", until, MAX_TIME);
  if (until !== 0 && until <= from) throw new Error(`validUntil ${until} is not after validFrom ${from}`);
  return pack(TERMS_LAYOUT, { typeId: t.typeId, validFrom: from, validUntil: until });
}

export function decodeTerms(terms: bigint): Required<Terms> {
  return unpack(TERMS_LAYOUT, terms);
}

/** The Merkle batch terms word (layout: BATCH_TERMS_LAYOUT). */
export function encodeBatchTerms(typeId: number, count: number): bigint {
  checkUint("typeId", typeId, MAX_TYPE_ID);
  if (typeId === 0) throw new Error("typeId 0 does not exist");
  checkUint("count", count, MAX_COUNT);
  if (count === 0) throw new Error("a batch needs at least one certificate");
  return pack(BATCH_TERMS_LAYOUT, { typeId, count });
}

/** The raw fields of a certificate record word, as the contract packs them. */
export type RecordFields = LayoutValues<typeof RECORD_LAYOUT>;
/** The raw fields of a batch record word. */
export type BatchRecordFields = LayoutValues<typeof BATCH_RECORD_LAYOUT>;

/** Packs a certificate record word (what the registry stores; for tests and tools). */
export function encodeRecord(fields: Partial<RecordFields>): bigint {
  return pack(RECORD_LAYOUT, fields);
}

/** Packs a batch record word. */
export function encodeBatchRecord(fields: Partial<BatchRecordFields>): bigint {
  return pack(BATCH_RECORD_LAYOUT, fields);
}

const flag = (flags: number, bit: number) => (flags & bit) !== 0;

export interface CertificateRecord {
  state: number;
  stateName: (typeof STATE_NAMES)[number];
  revocable: boolean;
  suspendable: boolean;
  /** Issued by supersession of an older version. */
  revision: boolean;
  credited: boolean;
  member: number;
  typeId: number;
  validFrom: number;
  validUntil: number;
  issuedBlock: number;
  updatedBlock: number;
  reason: number;
}

/** Decodes a certificate record word; null for 0 (unknown). */
export function decodeRecord(word: bigint): CertificateRecord | null {
  if (word === 0n) return null;
  const { state, flags, ...rest } = unpack(RECORD_LAYOUT, word);
  return {
    state,
    stateName: STATE_NAMES[state] ?? "none",
    revocable: flag(flags, FLAGS.revocable),
    suspendable: flag(flags, FLAGS.suspendable),
    revision: flag(flags, FLAGS.revision),
    credited: flag(flags, FLAGS.credited),
    ...rest,
  };
}

export interface BatchRecord {
  state: number;
  stateName: (typeof STATE_NAMES)[number];
  revocable: boolean;
  suspendable: boolean;
  credited: boolean;
  member: number;
  typeId: number;
  count: number;
  issuedBlock: number;
  updatedBlock: number;
  reason: number;
}

/** Decodes a Merkle batch record word; null for 0 (unknown root). */
export function decodeBatchRecord(word: bigint): BatchRecord | null {
  if (word === 0n) return null;
  const { state, flags, ...rest } = unpack(BATCH_RECORD_LAYOUT, word);
  return {
    state,
    stateName: STATE_NAMES[state] ?? "none",
    revocable: flag(flags, FLAGS.revocable),
    suspendable: flag(flags, FLAGS.suspendable),
    credited: flag(flags, FLAGS.credited),
    ...rest,
  };
}

export function statusName(n: number | bigint): CertificateStatus {
  return STATUSES[Number(n)] ?? "unknown";
}
