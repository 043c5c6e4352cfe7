/**
 * Canonical documents, salted digests, holder commitments and certificate ids.
 *
 *   contentDigest    = keccak256("consortium.certificate.content.v1" ‖ salt ‖ canonicalJson({type, fields}))
 *   holderBlind      = keccak256("consortium.certificate.holder.v1" ‖ holderSalt ‖ normalise(holderId))
 *   holderCommitment = keccak256(abi.encode(bytes32 holderBlind, address holderKey))   (key 0: none)
 *   certificateId    = keccak256(abi.encode(bytes32 contentDigest, bytes32 holderCommitment))
 *
 * Salts are 32 random bytes per certificate, so a low-entropy field (a name, a date, a grade)
 * cannot be guessed from the digest, and two certificates of the same holder are unlinkable
 * unless the holder reuses its holder salt on purpose (needed to combine certificates in an
 * assessment). The holder key is the holder's own Ethereum address when it wants to sign
 * consents (Blockcerts' recipient key); the chain sees only the id.
 */
import { fromHex, keccak256Bytes, keccak256Into, toHex } from "./keccak.js";

export type FieldValue = string | number | boolean;
export type Fields = Record<string, FieldValue>;

const CONTENT_TAG = new TextEncoder().encode("consortium.certificate.content.v1");
const HOLDER_TAG = new TextEncoder().encode("consortium.certificate.holder.v1");
const utf8 = new TextEncoder();
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
export const ZERO_HASH = "0x" + "00".repeat(32);

/** Columns of an input document that are not document fields (holder, salts, dates). */
export const RESERVED_COLUMNS = ["holderId", "holderKey", "holderSalt", "salt", "validFrom", "validUntil"] as const;

/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number and string serialisation. Rejects what JSON cannot represent exactly.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new Error(`${value} has no JSON form`);
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new Error("only plain objects have a canonical form");
      const keys = Object.keys(value as object).sort();
      const parts: string[] = [];
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) throw new Error(`field "${k}" is undefined`);
        parts.push(`${JSON.stringify(k)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      throw new Error(`a ${typeof value} has no JSON form`);
  }
}

/** The canonical JSON text of a certificate's content. */
export function canonicalDocument(typeId: number, fields: Fields): string {
  return canonicalJson({ fields, type: typeId });
}

/** Holder ids compare after Unicode NFC, trimming and upper-casing (e.g. a trailing x in an ID number). */
export function normaliseHolderId(holderId: string): string {
  return holderId.normalize("NFC").trim().toUpperCase();
}

function saltBytes(salt: string | Uint8Array): Uint8Array {
  const b = typeof salt === "string" ? fromHex(salt) : salt;
  if (b.length !== 32) throw new Error("a salt is 32 bytes");
  return b;
}

let scratch = new Uint8Array(4096);

/** TAG ‖ salt ‖ utf8(text) in a reused buffer (no allocation per record). */
function tagged(tag: Uint8Array, salt: Uint8Array, text: string): Uint8Array {
  const need = tag.length + 32 + text.length * 3;
  if (scratch.length < need) scratch = new Uint8Array(need * 2);
  scratch.set(tag, 0);
  scratch.set(salt, tag.length);
  const { written } = utf8.encodeInto(text, scratch.subarray(tag.length + 32));
  return scratch.subarray(0, tag.length + 32 + written);
}

export function contentDigestBytes(typeId: number, fields: Fields, salt: string | Uint8Array): Uint8Array {
  return keccak256Bytes(tagged(CONTENT_TAG, saltBytes(salt), canonicalDocument(typeId, fields)));
}

/** The salted digest of a certificate's canonical content. */
export function contentDigest(typeId: number, fields: Fields, salt: string | Uint8Array): string {
  return toHex(contentDigestBytes(typeId, fields, salt));
}

export function holderBlindBytes(holderId: string, holderSalt: string | Uint8Array): Uint8Array {
  return keccak256Bytes(tagged(HOLDER_TAG, saltBytes(holderSalt), normaliseHolderId(holderId)));
}

/** The salted hash of the holder id: revealing it tells nothing about the holder. */
export function holderBlind(holderId: string, holderSalt: string | Uint8Array): string {
  return toHex(holderBlindBytes(holderId, holderSalt));
}

const pair = new Uint8Array(64);

export function holderCommitmentBytes(blind: Uint8Array, holderKey: string | Uint8Array = ZERO_ADDRESS): Uint8Array {
  const key = typeof holderKey === "string" ? fromHex(holderKey) : holderKey;
  if (key.length !== 20) throw new Error("a holder key is a 20-byte address");
  pair.set(blind, 0);
  pair.fill(0, 32, 44);
  pair.set(key, 44);
  return keccak256Into(pair, new Uint8Array(32));
}

/** keccak256(abi.encode(blind, holderKey)) */
export function holderCommitment(blind: string, holderKey: string = ZERO_ADDRESS): string {
  return toHex(holderCommitmentBytes(fromHex(blind), holderKey));
}

export function certificateIdBytes(content: Uint8Array, commitment: Uint8Array): Uint8Array {
  pair.set(content, 0);
  pair.set(commitment, 32);
  return keccak256Into(pair, new Uint8Array(32));
}

/** keccak256(abi.encode(contentDigest, holderCommitment)), as CertificateRegistry.certificateId. */
export function certificateId(contentDigestHex: string, commitmentHex: string): string {
  return toHex(certificateIdBytes(fromHex(contentDigestHex), fromHex(commitmentHex)));
}

/** 32 fresh random bytes as hex. */
export function randomSalt(): string {
  // Web Crypto: global in Node >= 19 and in browsers alike.
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** Everything that identifies one certificate, from its document and holder. */
export interface CertificateIdentity {
  id: string;
  contentDigest: string;
  salt: string;
  holder: { blind: string; commitment: string; salt: string; key: string };
}

/** Computes the identity of a certificate; salts are drawn at random unless given. */
export function identify(
  typeId: number,
  fields: Fields,
  holderId: string,
  options: { salt?: string; holderSalt?: string; holderKey?: string } = {},
): CertificateIdentity {
  const salt = options.salt ?? randomSalt();
  const holderSalt = options.holderSalt ?? randomSalt();
  const key = options.holderKey ?? ZERO_ADDRESS;
  const content = contentDigestBytes(typeId, fields, salt);
  const blind = holderBlindBytes(holderId, holderSalt);
  const commitment = holderCommitmentBytes(blind, key);
  return {
    id: toHex(certificateIdBytes(content, commitment)),
    contentDigest: toHex(content),
    salt,
    holder: { blind: toHex(blind), commitment: toHex(commitment), salt: holderSalt, key },
  };
}
