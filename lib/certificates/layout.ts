/**
 * The packed words of the certificate registry as one table per word: field name, offset and
 * width in bits. contracts/certificates/CertificateRecord.sol holds the same layouts as named
 * constants; codec.ts reads and writes words only through these tables, and
 * test/certificates/layout.test.ts holds the two sides to one another bit for bit [CERT-43].
 */

export interface Field<N extends string = string> {
  readonly name: N;
  readonly offset: number;
  readonly bits: number;
}

export type Layout<N extends string = string> = readonly Field<N>[];

/** Issue terms: typeId | validFrom << 16 | validUntil << 56 (validFrom 0: now, validUntil 0: no expiry). */
export const TERMS_LAYOUT = [
  { name: "typeId", offset: 0, bits: 16 },
  { name: "validFrom", offset: 16, bits: 40 },
  { name: "validUntil", offset: 56, bits: 40 },
] as const satisfies Layout;

/** Merkle batch terms: typeId | count << 16. */
export const BATCH_TERMS_LAYOUT = [
  { name: "typeId", offset: 0, bits: 16 },
  { name: "count", offset: 16, bits: 32 },
] as const satisfies Layout;

/** A stored certificate's record (one slot per certificate). */
export const RECORD_LAYOUT = [
  { name: "state", offset: 0, bits: 8 },
  { name: "flags", offset: 8, bits: 8 },
  { name: "member", offset: 16, bits: 32 },
  { name: "typeId", offset: 48, bits: 16 },
  { name: "validFrom", offset: 64, bits: 40 },
  { name: "validUntil", offset: 104, bits: 40 },
  { name: "issuedBlock", offset: 144, bits: 40 },
  { name: "updatedBlock", offset: 184, bits: 40 },
  { name: "reason", offset: 224, bits: 8 },
] as const satisfies Layout;

/** A Merkle batch's record (one slot per root). */
export const BATCH_RECORD_LAYOUT = [
  { name: "state", offset: 0, bits: 8 },
  { name: "flags", offset: 8, bits: 8 },
  { name: "member", offset: 16, bits: 32 },
  { name: "typeId", offset: 48, bits: 16 },
  { name: "count", offset: 64, bits: 32 },
  { name: "issuedBlock", offset: 96, bits: 40 },
  { name: "updatedBlock", offset: 136, bits: 40 },
  { name: "reason", offset: 176, bits: 8 },
] as const satisfies Layout;

/**
 * The leaf states of a Merkle batch: LEAF_BITS bits per leaf, LEAVES_PER_WORD leaves per storage
 * word, each holding the leaf's stored state minus one (0 active, 1 revoked, 2 suspended).
 */
export const LEAF_BITS = 2;
export const LEAVES_PER_WORD = 128;

/** Where a record copies its terms in whole (so terms fields sit at this offset plus their own). */
export const RECORD_TERMS_OFFSET = 48;
export const BATCH_TERMS_OFFSET = 48;

/** Bits of the flags byte of a record or batch record. */
export const FLAGS = { revocable: 1, suspendable: 2, revision: 4, credited: 8, placed: 16 } as const;

/** The fields of a layout as a name => number object. */
export type LayoutValues<L extends Layout> = { [F in L[number] as F["name"]]: number };

/** The largest value a field holds. */
export function maxOf(field: Field): number {
  return 2 ** field.bits - 1;
}

/** The field `name` of `layout` (throws on a name the layout has not: a programming error). */
export function fieldOf<L extends Layout>(layout: L, name: L[number]["name"]): L[number] {
  const f = layout.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in this layout`);
  return f;
}

/** Reads one field of a word. */
export function readField(word: bigint, field: Field): number {
  return Number((word >> BigInt(field.offset)) & ((1n << BigInt(field.bits)) - 1n));
}

/** Every field of `word`; bits outside the layout are ignored. */
export function unpack<L extends Layout>(layout: L, word: bigint): LayoutValues<L> {
  const out: Record<string, number> = {};
  for (const f of layout) out[f.name] = readField(word, f);
  return out as LayoutValues<L>;
}

/** The word of `values` (a missing field is 0); throws if a value does not fit its field. */
export function pack<L extends Layout>(layout: L, values: Partial<LayoutValues<L>>): bigint {
  let word = 0n;
  for (const f of layout) {
    const v = (values as Record<string, number | undefined>)[f.name] ?? 0;
    if (!Number.isInteger(v) || v < 0 || v > maxOf(f)) throw new Error(`${f.name} ${v} is not an integer in 0..${maxOf(f)}`);
    word |= BigInt(v) << BigInt(f.offset);
  }
  return word;
}
