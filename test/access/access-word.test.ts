import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";
import {
  ACCESS_WORD,
  FROZEN_BIT,
  MAX_ROLE,
  MEMBER_BIT,
  MODULE_BITS,
  MODULE_FLAGS_MASK,
  ROLES,
  ROLES_MASK,
  decodeAccessWord,
  encodeAccessWord,
  holdsRole,
} from "../../lib/access/roles.js";
import { ethers } from "../kit/consortium.js";

const WORD = (1n << 256n) - 1n;
const coder = AbiCoder.defaultAbiCoder();

/** Deterministic pseudo-random words: reruns test the same inputs, and a failure names its index. */
function randomWord(i: number, salt: string): bigint {
  return BigInt(keccak256(coder.encode(["string", "uint256"], [salt, i])));
}

/** Random words, then sparse ones (a few bits, so single fields are often empty) and the edges. */
function sampleWords(n: number, salt: string): bigint[] {
  const words: bigint[] = [0n, WORD, FROZEN_BIT, MEMBER_BIT, ROLES_MASK, MODULE_BITS, MODULE_FLAGS_MASK];
  for (let i = 0; words.length < n; i++) {
    const r = randomWord(i, salt);
    words.push(i % 2 === 0 ? r : r & randomWord(i, `${salt}/a`) & randomWord(i, `${salt}/b`));
  }
  return words;
}

const N = 4096;
const CHUNK = 1024;

describe("access: the access word layout, Solidity and TypeScript", () => {
  async function probe() {
    return ethers.deployContract("AccessWordProbe");
  }

  it("[ACC-40] lib/access/roles.ts mirrors AccessWord's constants and Roles' ids exactly", async () => {
    const p = await probe();
    const l = await p.layout();
    expect(Number(l.memberRole)).to.equal(ACCESS_WORD.MEMBER_ROLE);
    expect(l.memberBit).to.equal(MEMBER_BIT);
    expect(Number(l.maxRole)).to.equal(ACCESS_WORD.MAX_ROLE);
    expect(Number(l.maxRole)).to.equal(MAX_ROLE);
    expect(l.rolesMask).to.equal(ROLES_MASK);
    expect(Number(l.moduleShift)).to.equal(ACCESS_WORD.MODULE_SHIFT);
    expect(l.moduleBits).to.equal(MODULE_BITS);
    expect(l.moduleFlagsMask).to.equal(MODULE_FLAGS_MASK);
    expect(Number(l.frozenShift)).to.equal(ACCESS_WORD.FROZEN_SHIFT);
    expect(l.frozenBit).to.equal(FROZEN_BIT);
    // The fields tile the word: no gap, no overlap.
    expect(ROLES_MASK | MODULE_FLAGS_MASK | FROZEN_BIT).to.equal(WORD);
    expect(ROLES_MASK & MODULE_FLAGS_MASK).to.equal(0n);
    expect(MODULE_FLAGS_MASK & FROZEN_BIT).to.equal(0n);
    const ids = (await p.roleIds()).map(Number);
    expect(ids).to.deep.equal(Object.values(ROLES));
  });

  it(`[ACC-40] ${N} words encoded in one language decode the same in the other`, async () => {
    const p = await probe();
    const words = sampleWords(N, "ACC-40 words");
    for (let start = 0; start < N; start += CHUNK) {
      const chunk = words.slice(start, start + CHUNK);
      // Solidity decodes; TypeScript must agree, and its encoding must rebuild the word.
      const [roles, flags, frozen] = await p.decode(chunk);
      chunk.forEach((w, j) => {
        const ts = decodeAccessWord(w);
        const at = `word ${start + j}: ${w.toString(16)}`;
        expect(roles[j], at).to.equal(ts.roles);
        expect(flags[j], at).to.equal(ts.flags);
        expect(frozen[j], at).to.equal(ts.frozen);
        expect(encodeAccessWord({ roles: roles[j], flags: flags[j], frozen: frozen[j] }), at).to.equal(w);
      });
      // TypeScript decodes; Solidity's encoding of those fields must rebuild the word.
      const fields = chunk.map(decodeAccessWord);
      const rebuilt = await p.encode(
        fields.map((f) => f.roles),
        fields.map((f) => f.flags),
        fields.map((f) => f.frozen),
      );
      chunk.forEach((w, j) => expect(rebuilt[j], `word ${start + j}`).to.equal(w));
    }
  });

  it("[ACC-40] both encoders drop the same out-of-field bits, and a role is held the same way", async () => {
    const p = await probe();
    // Each field given a full random word: the encoders must keep only the field's own bits.
    const n = CHUNK;
    const roles = Array.from({ length: n }, (_, i) => randomWord(i, "ACC-40 roles"));
    const flags = Array.from({ length: n }, (_, i) => randomWord(i, "ACC-40 flags"));
    const frozen = Array.from({ length: n }, (_, i) => (randomWord(i, "ACC-40 frozen") & 1n) === 1n);
    const words = await p.encode(roles, flags, frozen);
    words.forEach((w, i) => {
      expect(w, `input ${i}`).to.equal(encodeAccessWord({ roles: roles[i], flags: flags[i], frozen: frozen[i] }));
    });
    for (const w of sampleWords(48, "ACC-40 holds")) {
      let map = 0n;
      for (let r = 0; r < 256; r++) if (holdsRole(w, r)) map |= 1n << BigInt(r);
      expect(await p.holdsMap(w), w.toString(16)).to.equal(map);
      // A push replaces bits 0..127 only; a module-flag write bits 128..254 only; freeze bit 255 only.
      const value = randomWord(Number(w % 1000n), "ACC-40 value");
      const t = await p.transitions(w, value);
      expect(t.pushed).to.equal((w & MODULE_BITS) | (value & ROLES_MASK));
      expect(t.withFlags).to.equal((w & ~MODULE_FLAGS_MASK & WORD) | (value & MODULE_FLAGS_MASK));
      expect(t.frozen).to.equal(w | FROZEN_BIT);
      expect(t.unfrozen).to.equal(w & ~FROZEN_BIT);
    }
  });
});
