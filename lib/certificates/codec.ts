/**
 * The packed words of contracts/certificates/CertificateRegistry.sol (layouts documented in
 * ICertificateRegistry.sol): issue terms, batch terms, certificate and batch records, the
 * on-chain Status enum and the revocation reason codes.
 */

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

export const MAX_TYPE_ID = 0xffff;
export const MAX_TIME = 2 ** 40 - 1;

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

/** typeId | validFrom << 16 | validUntil << 56 */
export function encodeTerms(t: Terms): bigint {
  const from = t.validFrom ?? 0;
  const until = t.validUntil ?? 0;
  checkUint("typeId", t.typeId, MAX_TYPE_ID);
  if (t.typeId === 0) throw new Error("typeId 0 does not exist");
  checkUint("validFrom", from, MAX_TIME);
  checkUint("validUntil", until, MAX_TIME);
  if (until !== 0 && until <= from) throw new Error(`validUntil ${until} is not after validFrom ${from}`);
  return BigInt(t.typeId) | (BigInt(from) << 16n) | (BigInt(until) << 56n);
}

export function decodeTerms(terms: bigint): Required<Terms> {
  return {
    typeId: Number(terms & 0xffffn),
    validFrom: Number((terms >> 16n) & 0xffffffffffn),
    validUntil: Number((terms >> 56n) & 0xffffffffffn),
  };
}

/** typeId | count << 16 */
export function encodeBatchTerms(typeId: number, count: number): bigint {
  checkUint("typeId", typeId, MAX_TYPE_ID);
  if (typeId === 0) throw new Error("typeId 0 does not exist");
  checkUint("count", count, 2 ** 32 - 1);
  if (count === 0) throw new Error("a batch needs at least one certificate");
  return BigInt(typeId) | (BigInt(count) << 16n);
}

const bits = (w: bigint, shift: bigint, width: bigint) => Number((w >> shift) & ((1n << width) - 1n));

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
  const flags = bits(word, 8n, 8n);
  const state = bits(word, 0n, 8n);
  return {
    state,
    stateName: STATE_NAMES[state] ?? "none",
    revocable: (flags & 1) !== 0,
    suspendable: (flags & 2) !== 0,
    revision: (flags & 4) !== 0,
    credited: (flags & 8) !== 0,
    member: bits(word, 16n, 32n),
    typeId: bits(word, 48n, 16n),
    validFrom: bits(word, 64n, 40n),
    validUntil: bits(word, 104n, 40n),
    issuedBlock: bits(word, 144n, 40n),
    updatedBlock: bits(word, 184n, 40n),
    reason: bits(word, 224n, 8n),
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
  const flags = bits(word, 8n, 8n);
  const state = bits(word, 0n, 8n);
  return {
    state,
    stateName: STATE_NAMES[state] ?? "none",
    revocable: (flags & 1) !== 0,
    suspendable: (flags & 2) !== 0,
    credited: (flags & 8) !== 0,
    member: bits(word, 16n, 32n),
    typeId: bits(word, 48n, 16n),
    count: bits(word, 64n, 32n),
    issuedBlock: bits(word, 96n, 40n),
    updatedBlock: bits(word, 136n, 40n),
    reason: bits(word, 176n, 8n),
  };
}

export function statusName(n: number | bigint): CertificateStatus {
  return STATUSES[Number(n)] ?? "unknown";
}
