import { expect } from "chai";
import { network } from "hardhat";
import {
  BATCH_RECORD_LAYOUT,
  BATCH_TERMS_LAYOUT,
  BATCH_TERMS_OFFSET,
  FLAGS,
  LEAF_BITS,
  LEAVES_PER_WORD,
  maxOf,
  pack,
  RECORD_LAYOUT,
  RECORD_TERMS_OFFSET,
  TERMS_LAYOUT,
  unpack,
  type Layout,
} from "../../lib/certificates/layout.js";
import { decodeBatchRecord, decodeRecord, decodeTerms, encodeBatchRecord, encodeRecord } from "../../lib/certificates/codec.js";

const { ethers } = await network.getOrCreate();

const CASES = 2_000; // per layout and direction
const CHUNK = 500; // words per eth_call

/** A seeded generator, so that a failure names a case that can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  /** 0, the maximum or a uniform value of `bits` bits, as a field's edge cases matter most. */
  const value = (bits: number) => {
    const pick = next();
    if (pick < 0.1) return 0;
    if (pick < 0.2) return 2 ** bits - 1;
    return Math.floor(next() * 2 ** bits);
  };
  const word = () => {
    let w = 0n;
    for (let i = 0; i < 8; i++) w = (w << 32n) | BigInt(Math.floor(next() * 2 ** 32));
    return w;
  };
  return { value, word };
}

function randomValues(layout: Layout, value: (bits: number) => number): Record<string, number> {
  return Object.fromEntries(layout.map((f) => [f.name, value(f.bits)]));
}

/** The fields of a struct returned by the probe, by name, as numbers. */
function plain(layout: Layout, s: Record<string, bigint>): Record<string, number> {
  return Object.fromEntries(layout.map((f) => [f.name, Number(s[f.name])]));
}

async function chunked<T, R>(items: T[], call: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await call(items.slice(i, i + CHUNK))));
  return out;
}

/** The offsets and masks a layout table says, in the probe's shape. */
function expected(layout: Layout) {
  return layout.map((f) => [BigInt(f.offset), (1n << BigInt(f.bits)) - 1n]);
}

describe("certificates: one record layout", () => {
  it("[CERT-43] the record layout is one table: CertificateRecord.sol's constants are lib/certificates/layout.ts's", async () => {
    const probe = await ethers.deployContract("CertificateRecordProbe");
    const asPairs = (fields: { offset: bigint; mask: bigint }[]) => fields.map((f) => [f.offset, f.mask]);

    const [recordFields, recordTerms] = await probe.recordLayout();
    expect(asPairs(recordFields)).to.deep.equal(expected(RECORD_LAYOUT));
    expect(recordTerms).to.equal(BigInt(RECORD_TERMS_OFFSET));
    const [batchFields, batchTerms] = await probe.batchLayout();
    expect(asPairs(batchFields)).to.deep.equal(expected(BATCH_RECORD_LAYOUT));
    expect(batchTerms).to.equal(BigInt(BATCH_TERMS_OFFSET));
    const [termsFields, termsBits] = await probe.termsLayout();
    expect(asPairs(termsFields)).to.deep.equal(expected(TERMS_LAYOUT));
    expect(termsBits).to.equal(BigInt(Math.max(...TERMS_LAYOUT.map((f) => f.offset + f.bits))));
    const [batchTermsFields, batchTermsBits] = await probe.batchTermsLayout();
    expect(asPairs(batchTermsFields)).to.deep.equal(expected(BATCH_TERMS_LAYOUT));
    expect(batchTermsBits).to.equal(BigInt(Math.max(...BATCH_TERMS_LAYOUT.map((f) => f.offset + f.bits))));
    const [wordShift, slotMask, offsetShift, stateMask] = (await probe.leafLayout()).map(Number);
    expect([2 ** wordShift, slotMask + 1, 2 ** offsetShift, stateMask + 1]).to.deep.equal([LEAVES_PER_WORD, LEAVES_PER_WORD, LEAF_BITS, 2 ** LEAF_BITS]);
    expect(LEAF_BITS * LEAVES_PER_WORD).to.equal(256);
    expect((await probe.flagBits()).map(Number)).to.deep.equal([FLAGS.revocable, FLAGS.suspendable, FLAGS.revision, FLAGS.credited, FLAGS.placed]);

    // A record copies its terms in whole: each terms field lands on the record field of its name.
    for (const [record, offset, terms] of [
      [RECORD_LAYOUT, RECORD_TERMS_OFFSET, TERMS_LAYOUT],
      [BATCH_RECORD_LAYOUT, BATCH_TERMS_OFFSET, BATCH_TERMS_LAYOUT],
    ] as const) {
      for (const t of terms) {
        const f = (record as Layout).find((r) => r.name === t.name);
        expect(f, t.name).to.deep.equal({ name: t.name, offset: offset + t.offset, bits: t.bits });
      }
    }
    // No two fields overlap, and every field fits the word.
    for (const layout of [RECORD_LAYOUT, BATCH_RECORD_LAYOUT, TERMS_LAYOUT, BATCH_TERMS_LAYOUT] as Layout[]) {
      let used = 0n;
      for (const f of layout) {
        const mask = ((1n << BigInt(f.bits)) - 1n) << BigInt(f.offset);
        expect(used & mask, f.name).to.equal(0n);
        expect(f.offset + f.bits, f.name).to.be.at.most(256);
        used |= mask;
      }
    }
  });

  it(`[CERT-43] Solidity and TypeScript agree bit for bit on ${CASES} random records and ${CASES} random batch records, both ways`, async () => {
    const probe = await ethers.deployContract("CertificateRecordProbe");
    const { value, word } = prng(43);

    type Values = Record<string, number>;
    type Side = [
      layout: Layout,
      packSol: (v: Values[]) => Promise<bigint[]>,
      unpackSol: (w: bigint[]) => Promise<Record<string, bigint>[]>,
      encodeTs: (v: Values) => bigint,
      decodeTs: (w: bigint) => object | null,
    ];
    const sides: Side[] = [
      [RECORD_LAYOUT, (v) => probe.packRecords(v as never), async (w) => (await probe.unpackRecords(w)) as never, encodeRecord, decodeRecord],
      [BATCH_RECORD_LAYOUT, (v) => probe.packBatches(v as never), async (w) => (await probe.unpackBatches(w)) as never, encodeBatchRecord, decodeBatchRecord],
    ];
    for (const [layout, packSol, unpackSol, encodeTs, decodeTs] of sides) {
      // TypeScript packs, Solidity unpacks.
      const values = Array.from({ length: CASES }, () => randomValues(layout, value));
      const words = values.map((v) => pack(layout, v));
      const back = await chunked(words, (c) => unpackSol(c));
      back.forEach((s, i) => expect(plain(layout, s), `case ${i}`).to.deep.equal(values[i]));

      // Solidity packs, TypeScript unpacks (through the codec's own decoders).
      const solWords = await chunked(values, (c) => packSol(c));
      solWords.forEach((w, i) => {
        expect(w, `case ${i}`).to.equal(words[i]);
        expect(w, `case ${i}`).to.equal(encodeTs(values[i]));
        const d = decodeTs(w);
        if (w === 0n) return expect(d).to.equal(null);
        const { flags, state, ...rest } = values[i];
        expect(d, `case ${i}`).to.deep.include({ ...rest, state, revocable: (flags & FLAGS.revocable) !== 0, credited: (flags & FLAGS.credited) !== 0 });
      });

      // Any 256-bit word, unused bits set too, reads the same on both sides.
      const raw = Array.from({ length: CASES }, word);
      const rawBack = await chunked(raw, (c) => unpackSol(c));
      rawBack.forEach((s, i) => expect(plain(layout, s), `word ${raw[i].toString(16)}`).to.deep.equal(unpack(layout, raw[i])));
    }
  });

  it("[CERT-43] the terms the codec decodes are the fields the record holds", () => {
    const { value } = prng(7);
    for (let i = 0; i < CASES; i++) {
      const t = randomValues(TERMS_LAYOUT, value);
      const record = decodeRecord(pack(RECORD_LAYOUT, { state: 1, ...t }))!;
      expect(decodeTerms(pack(TERMS_LAYOUT, t))).to.deep.equal(t);
      expect({ typeId: record.typeId, validFrom: record.validFrom, validUntil: record.validUntil }).to.deep.equal(t);
    }
    expect(maxOf(TERMS_LAYOUT[1])).to.equal(2 ** 40 - 1);
  });
});
