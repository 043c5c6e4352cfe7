/**
 * Keccak-256 (the Ethereum hash, not SHA3-256) in plain TypeScript, with no dependency.
 *
 * lib/certificates hashes every record of a batch several times (content digest, holder
 * blind, commitment, certificate id, Merkle leaf, tree nodes): about 800,000 hashes for
 * 100,000 certificates. ethers' `keccak256` costs ~24 µs a call on the reference machine
 * (hex in, hex out); this unrolled permutation on 32-bit halves works on bytes directly and is
 * several times faster. It is checked against ethers' keccak256 in test/certificates/lib.test.ts.
 */

const RC = new Int32Array([1, 0, 32898, 0, 32906, -2147483648, -2147450880, -2147483648, 32907, 0, -2147483647, 0, -2147450751, -2147483648, 32777, -2147483648, 138, 0, 136, 0, -2147450871, 0, -2147483638, 0, -2147450741, 0, 139, -2147483648, 32905, -2147483648, 32771, -2147483648, 32770, -2147483648, 128, -2147483648, 32778, 0, -2147483638, -2147483648, -2147450751, -2147483648, 32896, -2147483648, -2147483647, 0, -2147450872, -2147483648]);

/** Keccak-f[1600] on 25 lanes held as 50 little-endian 32-bit halves (lo at 2i, hi at 2i+1). Generated, unrolled. */
function permute(s: Int32Array): void {
  for (let n = 0; n < 48; n += 2) {
    const c0 = s[0] ^ s[10] ^ s[20] ^ s[30] ^ s[40];
    const c1 = s[1] ^ s[11] ^ s[21] ^ s[31] ^ s[41];
    const c2 = s[2] ^ s[12] ^ s[22] ^ s[32] ^ s[42];
    const c3 = s[3] ^ s[13] ^ s[23] ^ s[33] ^ s[43];
    const c4 = s[4] ^ s[14] ^ s[24] ^ s[34] ^ s[44];
    const c5 = s[5] ^ s[15] ^ s[25] ^ s[35] ^ s[45];
    const c6 = s[6] ^ s[16] ^ s[26] ^ s[36] ^ s[46];
    const c7 = s[7] ^ s[17] ^ s[27] ^ s[37] ^ s[47];
    const c8 = s[8] ^ s[18] ^ s[28] ^ s[38] ^ s[48];
    const c9 = s[9] ^ s[19] ^ s[29] ^ s[39] ^ s[49];
    const d0 = c8 ^ ((c2 << 1) | (c3 >>> 31));
    const d1 = c9 ^ ((c3 << 1) | (c2 >>> 31));
    const d2 = c0 ^ ((c4 << 1) | (c5 >>> 31));
    const d3 = c1 ^ ((c5 << 1) | (c4 >>> 31));
    const d4 = c2 ^ ((c6 << 1) | (c7 >>> 31));
    const d5 = c3 ^ ((c7 << 1) | (c6 >>> 31));
    const d6 = c4 ^ ((c8 << 1) | (c9 >>> 31));
    const d7 = c5 ^ ((c9 << 1) | (c8 >>> 31));
    const d8 = c6 ^ ((c0 << 1) | (c1 >>> 31));
    const d9 = c7 ^ ((c1 << 1) | (c0 >>> 31));
    s[0] ^= d0; s[1] ^= d1;
    s[2] ^= d2; s[3] ^= d3;
    s[4] ^= d4; s[5] ^= d5;
    s[6] ^= d6; s[7] ^= d7;
    s[8] ^= d8; s[9] ^= d9;
    s[10] ^= d0; s[11] ^= d1;
    s[12] ^= d2; s[13] ^= d3;
    s[14] ^= d4; s[15] ^= d5;
    s[16] ^= d6; s[17] ^= d7;
    s[18] ^= d8; s[19] ^= d9;
    s[20] ^= d0; s[21] ^= d1;
    s[22] ^= d2; s[23] ^= d3;
    s[24] ^= d4; s[25] ^= d5;
    s[26] ^= d6; s[27] ^= d7;
    s[28] ^= d8; s[29] ^= d9;
    s[30] ^= d0; s[31] ^= d1;
    s[32] ^= d2; s[33] ^= d3;
    s[34] ^= d4; s[35] ^= d5;
    s[36] ^= d6; s[37] ^= d7;
    s[38] ^= d8; s[39] ^= d9;
    s[40] ^= d0; s[41] ^= d1;
    s[42] ^= d2; s[43] ^= d3;
    s[44] ^= d4; s[45] ^= d5;
    s[46] ^= d6; s[47] ^= d7;
    s[48] ^= d8; s[49] ^= d9;
    const b0 = s[0]; const b1 = s[1];
    const b32 = (s[11] << 4) | (s[10] >>> 28); const b33 = (s[10] << 4) | (s[11] >>> 28);
    const b14 = (s[20] << 3) | (s[21] >>> 29); const b15 = (s[21] << 3) | (s[20] >>> 29);
    const b46 = (s[31] << 9) | (s[30] >>> 23); const b47 = (s[30] << 9) | (s[31] >>> 23);
    const b28 = (s[40] << 18) | (s[41] >>> 14); const b29 = (s[41] << 18) | (s[40] >>> 14);
    const b20 = (s[2] << 1) | (s[3] >>> 31); const b21 = (s[3] << 1) | (s[2] >>> 31);
    const b2 = (s[13] << 12) | (s[12] >>> 20); const b3 = (s[12] << 12) | (s[13] >>> 20);
    const b34 = (s[22] << 10) | (s[23] >>> 22); const b35 = (s[23] << 10) | (s[22] >>> 22);
    const b16 = (s[33] << 13) | (s[32] >>> 19); const b17 = (s[32] << 13) | (s[33] >>> 19);
    const b48 = (s[42] << 2) | (s[43] >>> 30); const b49 = (s[43] << 2) | (s[42] >>> 30);
    const b40 = (s[5] << 30) | (s[4] >>> 2); const b41 = (s[4] << 30) | (s[5] >>> 2);
    const b22 = (s[14] << 6) | (s[15] >>> 26); const b23 = (s[15] << 6) | (s[14] >>> 26);
    const b4 = (s[25] << 11) | (s[24] >>> 21); const b5 = (s[24] << 11) | (s[25] >>> 21);
    const b36 = (s[34] << 15) | (s[35] >>> 17); const b37 = (s[35] << 15) | (s[34] >>> 17);
    const b18 = (s[45] << 29) | (s[44] >>> 3); const b19 = (s[44] << 29) | (s[45] >>> 3);
    const b10 = (s[6] << 28) | (s[7] >>> 4); const b11 = (s[7] << 28) | (s[6] >>> 4);
    const b42 = (s[17] << 23) | (s[16] >>> 9); const b43 = (s[16] << 23) | (s[17] >>> 9);
    const b24 = (s[26] << 25) | (s[27] >>> 7); const b25 = (s[27] << 25) | (s[26] >>> 7);
    const b6 = (s[36] << 21) | (s[37] >>> 11); const b7 = (s[37] << 21) | (s[36] >>> 11);
    const b38 = (s[47] << 24) | (s[46] >>> 8); const b39 = (s[46] << 24) | (s[47] >>> 8);
    const b30 = (s[8] << 27) | (s[9] >>> 5); const b31 = (s[9] << 27) | (s[8] >>> 5);
    const b12 = (s[18] << 20) | (s[19] >>> 12); const b13 = (s[19] << 20) | (s[18] >>> 12);
    const b44 = (s[29] << 7) | (s[28] >>> 25); const b45 = (s[28] << 7) | (s[29] >>> 25);
    const b26 = (s[38] << 8) | (s[39] >>> 24); const b27 = (s[39] << 8) | (s[38] >>> 24);
    const b8 = (s[48] << 14) | (s[49] >>> 18); const b9 = (s[49] << 14) | (s[48] >>> 18);
    s[0] = b0 ^ (~b2 & b4);
    s[1] = b1 ^ (~b3 & b5);
    s[2] = b2 ^ (~b4 & b6);
    s[3] = b3 ^ (~b5 & b7);
    s[4] = b4 ^ (~b6 & b8);
    s[5] = b5 ^ (~b7 & b9);
    s[6] = b6 ^ (~b8 & b0);
    s[7] = b7 ^ (~b9 & b1);
    s[8] = b8 ^ (~b0 & b2);
    s[9] = b9 ^ (~b1 & b3);
    s[10] = b10 ^ (~b12 & b14);
    s[11] = b11 ^ (~b13 & b15);
    s[12] = b12 ^ (~b14 & b16);
    s[13] = b13 ^ (~b15 & b17);
    s[14] = b14 ^ (~b16 & b18);
    s[15] = b15 ^ (~b17 & b19);
    s[16] = b16 ^ (~b18 & b10);
    s[17] = b17 ^ (~b19 & b11);
    s[18] = b18 ^ (~b10 & b12);
    s[19] = b19 ^ (~b11 & b13);
    s[20] = b20 ^ (~b22 & b24);
    s[21] = b21 ^ (~b23 & b25);
    s[22] = b22 ^ (~b24 & b26);
    s[23] = b23 ^ (~b25 & b27);
    s[24] = b24 ^ (~b26 & b28);
    s[25] = b25 ^ (~b27 & b29);
    s[26] = b26 ^ (~b28 & b20);
    s[27] = b27 ^ (~b29 & b21);
    s[28] = b28 ^ (~b20 & b22);
    s[29] = b29 ^ (~b21 & b23);
    s[30] = b30 ^ (~b32 & b34);
    s[31] = b31 ^ (~b33 & b35);
    s[32] = b32 ^ (~b34 & b36);
    s[33] = b33 ^ (~b35 & b37);
    s[34] = b34 ^ (~b36 & b38);
    s[35] = b35 ^ (~b37 & b39);
    s[36] = b36 ^ (~b38 & b30);
    s[37] = b37 ^ (~b39 & b31);
    s[38] = b38 ^ (~b30 & b32);
    s[39] = b39 ^ (~b31 & b33);
    s[40] = b40 ^ (~b42 & b44);
    s[41] = b41 ^ (~b43 & b45);
    s[42] = b42 ^ (~b44 & b46);
    s[43] = b43 ^ (~b45 & b47);
    s[44] = b44 ^ (~b46 & b48);
    s[45] = b45 ^ (~b47 & b49);
    s[46] = b46 ^ (~b48 & b40);
    s[47] = b47 ^ (~b49 & b41);
    s[48] = b48 ^ (~b40 & b42);
    s[49] = b49 ^ (~b41 & b43);
    s[0] ^= RC[n]; s[1] ^= RC[n + 1];
  }
}

const RATE = 136; // bytes absorbed per permutation for a 256-bit output
const state = new Int32Array(50);
const block = new Uint8Array(RATE);

function absorb(s: Int32Array, b: Uint8Array, o: number): void {
  for (let k = 0; k < 34; k += 2, o += 8) {
    s[k] ^= b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
    s[k + 1] ^= b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24);
  }
}

/** Keccak-256 of `data`, written to `out` at `offset` (32 bytes). Returns `out`. */
export function keccak256Into(data: Uint8Array, out: Uint8Array, offset = 0): Uint8Array {
  const s = state;
  s.fill(0);
  const n = data.length;
  let o = 0;
  for (; o + RATE <= n; o += RATE) {
    absorb(s, data, o);
    permute(s);
  }
  block.fill(0);
  block.set(data.subarray(o), 0);
  block[n - o] ^= 0x01;
  block[RATE - 1] ^= 0x80;
  absorb(s, block, 0);
  permute(s);
  for (let k = 0; k < 8; k++) {
    const v = s[k];
    const p = offset + 4 * k;
    out[p] = v & 0xff;
    out[p + 1] = (v >>> 8) & 0xff;
    out[p + 2] = (v >>> 16) & 0xff;
    out[p + 3] = (v >>> 24) & 0xff;
  }
  return out;
}

/** Keccak-256 of `data` as 32 new bytes. */
export function keccak256Bytes(data: Uint8Array): Uint8Array {
  return keccak256Into(data, new Uint8Array(32), 0);
}

// Node's Buffer converts hex natively; a browser (the verification page, web/verify/) has none.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** 0x-prefixed lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  if (NodeBuffer) return "0x" + NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** Bytes of a 0x-prefixed (or bare) even-length hex string; throws on anything else. */
export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`not a hex string: ${hex.slice(0, 20)}`);
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(h, "hex"));
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Keccak-256 of `data` as 0x-hex. */
export function keccakHex(data: Uint8Array): string {
  return toHex(keccak256Bytes(data));
}
