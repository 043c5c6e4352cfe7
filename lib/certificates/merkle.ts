/**
 * Merkle batches: leaves, the tree and proofs, byte-for-byte the same as OpenZeppelin's
 * StandardMerkleTree with leaf encoding ["bytes32", "uint256", "uint40", "uint40"] (sorted
 * leaves, sorted-pair keccak nodes, double-hashed leaves), so OpenZeppelin's tooling and
 * MerkleProof.sol verify our receipts. Hand-rolled on raw bytes because the library's generic
 * ABI encoding takes tens of seconds for 100,000 leaves.
 */
import { fromHex, keccak256Into, toHex } from "./keccak.js";

export const LEAF_ENCODING = ["bytes32", "uint256", "uint40", "uint40"] as const;

const leafBuf = new Uint8Array(128);
const inner = new Uint8Array(32);

function writeUint(buf: Uint8Array, offset: number, value: number) {
  // value < 2^53: fits the last 7 bytes of the 32-byte word
  buf.fill(0, offset, offset + 32);
  let v = value;
  for (let i = offset + 31; v > 0 && i >= offset; i--) {
    buf[i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** keccak256(keccak256(abi.encode(id, index, validFrom, validUntil))) */
export function leafHashBytes(id: Uint8Array, index: number, validFrom: number, validUntil: number): Uint8Array {
  leafBuf.set(id, 0);
  writeUint(leafBuf, 32, index);
  writeUint(leafBuf, 64, validFrom);
  writeUint(leafBuf, 96, validUntil);
  keccak256Into(leafBuf, inner);
  return keccak256Into(inner, new Uint8Array(32));
}

export function leafHash(id: string, index: number, validFrom: number, validUntil: number): string {
  return toHex(leafHashBytes(fromHex(id), index, validFrom, validUntil));
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

const pairBuf = new Uint8Array(64);

function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (compare(a, b) <= 0) {
    pairBuf.set(a, 0);
    pairBuf.set(b, 32);
  } else {
    pairBuf.set(b, 0);
    pairBuf.set(a, 32);
  }
  return keccak256Into(pairBuf, new Uint8Array(32));
}

/** A built tree: nodes in OpenZeppelin's array layout and where each leaf index sits. */
export interface MerkleBatchTree {
  root: string;
  count: number;
  /** Node i's children are 2i+1 and 2i+2; leaves fill the end of the array. */
  nodes: Uint8Array[];
  /** treeIndex[leafIndex] = position of that leaf in `nodes`. */
  treeIndex: Int32Array;
}

/** Builds the tree of `leaves` (leaf i is the leaf of certificate index i). */
export function buildTree(leaves: Uint8Array[]): MerkleBatchTree {
  const n = leaves.length;
  if (n === 0) throw new Error("a Merkle batch needs at least one leaf");
  const order = Array.from({ length: n }, (_, i) => i);
  const buf = leaves.map((l) => Buffer.from(l.buffer, l.byteOffset, 32));
  order.sort((x, y) => Buffer.compare(buf[x], buf[y]));
  const size = 2 * n - 1;
  const nodes = new Array<Uint8Array>(size);
  const treeIndex = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const pos = size - 1 - k;
    nodes[pos] = leaves[order[k]];
    treeIndex[order[k]] = pos;
  }
  for (let i = size - 1 - n; i >= 0; i--) nodes[i] = hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);
  return { root: toHex(nodes[0]), count: n, nodes, treeIndex };
}

/** The proof of leaf `leafIndex`, from the leaf up. */
export function proofOf(tree: MerkleBatchTree, leafIndex: number): string[] {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= tree.count) {
    throw new Error(`leaf ${leafIndex} is outside the batch of ${tree.count}`);
  }
  const proof: string[] = [];
  for (let i = tree.treeIndex[leafIndex]; i > 0; i = (i - 1) >> 1) {
    proof.push(toHex(tree.nodes[i % 2 === 1 ? i + 1 : i - 1]));
  }
  return proof;
}

/** The root a proof leads to from `leaf` (sorted pairs), as MerkleProof.processProof. */
export function processProof(leaf: string, proof: string[]): string {
  let h = fromHex(leaf);
  for (const p of proof) h = hashPair(h, fromHex(p));
  return toHex(h);
}

export function verifyProof(leaf: string, proof: string[], root: string): boolean {
  return processProof(leaf, proof).toLowerCase() === root.toLowerCase();
}

/** One call of the registry's revokeLeafMasks: the leaf-state word of masks[0] and one mask a word. */
export interface LeafMaskRun {
  firstWord: bigint;
  masks: bigint[];
}

/**
 * The revokeLeafMasks calls that revoke `indexes` (distinct leaf indexes, any order): masks in
 * the layout of the batch's leaf-state words (128 leaves a word, bit 2k marks leaf k), one run
 * per stretch of consecutive words that hold a marked leaf (the registry refuses a mask that
 * marks nothing). A repeated index is refused here, as the registry would refuse it.
 */
export function leafMaskRuns(indexes: readonly number[]): LeafMaskRun[] {
  const words = new Map<number, bigint>();
  for (const index of indexes) {
    if (!Number.isSafeInteger(index) || index < 0) throw new Error(`leaf index ${index} is not a non-negative integer`);
    const w = Math.floor(index / 128);
    const bit = 1n << BigInt((index % 128) * 2);
    const m = words.get(w) ?? 0n;
    if (m & bit) throw new Error(`leaf index ${index} is listed twice`);
    words.set(w, m | bit);
  }
  const runs: LeafMaskRun[] = [];
  let last = -2;
  for (const w of [...words.keys()].sort((a, b) => a - b)) {
    if (w !== last + 1) runs.push({ firstWord: BigInt(w), masks: [] });
    runs[runs.length - 1].masks.push(words.get(w)!);
    last = w;
  }
  return runs;
}

/** Whether a LeafMasksRevoked event's (firstWord, masks) marks leaf `index`. */
export function maskMarks(firstWord: bigint, masks: readonly bigint[], index: number): boolean {
  const i = Math.floor(index / 128) - Number(firstWord);
  return i >= 0 && i < masks.length && ((masks[i] >> BigInt((index % 128) * 2)) & 1n) === 1n;
}

/** A multiproof of several leaves of one tree, as OpenZeppelin's getMultiProof returns it. */
export interface MerkleMultiProof {
  /** The leaf indexes (certificate indexes) in the proof's order: deepest tree position first. */
  leafIndexes: number[];
  proof: string[];
  proofFlags: boolean[];
}

/**
 * The multiproof of leaves `leafIndexes` (distinct certificate indexes), built as
 * @openzeppelin/merkle-tree's getMultiProof builds it on the same node layout, so that
 * MerkleProof.multiProofVerifyCalldata takes the leaves, in the returned order, to the root:
 * the upper levels the leaves share are hashed once instead of once per leaf.
 */
export function multiProofOf(tree: MerkleBatchTree, leafIndexes: readonly number[]): MerkleMultiProof {
  if (leafIndexes.length === 0) throw new Error("a multiproof needs at least one leaf");
  const byPosition = new Map<number, number>();
  for (const i of leafIndexes) {
    if (!Number.isInteger(i) || i < 0 || i >= tree.count) throw new Error(`leaf ${i} is outside the batch of ${tree.count}`);
    if (byPosition.has(tree.treeIndex[i])) throw new Error(`leaf ${i} is listed twice`);
    byPosition.set(tree.treeIndex[i], i);
  }
  const { order, proof, proofFlags } = multiProofAt([...byPosition.keys()], (p) => toHex(tree.nodes[p]));
  return { leafIndexes: order.map((p) => byPosition.get(p)!), proof, proofFlags };
}

/**
 * The batch's certificate indexes in the tree's leaf order (deepest, rightmost first, the
 * order a multiproof takes them in). Leaves sit in the tree sorted by hash, not by index, so
 * ten indexes in a row share only the top levels of their proofs; ten neighbours in this
 * order share all but the lowest, and a batch claimed in chunks of this order (CERT-92) pays
 * a few proof hashes a chunk instead of most of a proof per leaf.
 */
export function treeOrder(tree: MerkleBatchTree): number[] {
  const byPosition = new Array<number>(tree.treeIndex.length);
  for (let i = 0; i < tree.treeIndex.length; i++) byPosition[2 * tree.count - 2 - tree.treeIndex[i]] = i;
  return byPosition;
}

/**
 * getMultiProof of @openzeppelin/merkle-tree on node positions (node i's children 2i+1 and
 * 2i+2): `positions` taken deepest first, a sibling from the proof unless it is the next node
 * the verifier holds.
 */
function multiProofAt(positions: number[], nodeAt: (position: number) => string): { order: number[]; proof: string[]; proofFlags: boolean[] } {
  const order = positions.slice().sort((a, b) => b - a);
  const stack = order.slice();
  const proof: string[] = [];
  const proofFlags: boolean[] = [];
  let head = 0;
  while (head < stack.length && stack[head] > 0) {
    const j = stack[head++];
    const sibling = j % 2 === 1 ? j + 1 : j - 1;
    if (head < stack.length && stack[head] === sibling) {
      proofFlags.push(true);
      head++;
    } else {
      proofFlags.push(false);
      proof.push(nodeAt(sibling));
    }
    stack.push(Math.floor((j - 1) / 2)); // positions of deep proofs pass 2^31
  }
  return { order, proof, proofFlags };
}

/**
 * The multiproof of leaves known only by their own proofs (receipts of one batch, each leaf
 * once), or undefined when the proofs differ in length. Sorted pairs hide which child is left,
 * so each known node's children are placed smaller hash first: the same node always gets the
 * same place, and leaves of one depth keep getMultiProof's order sound (a tree's leaves lie at
 * two depths at most; mixed depths are claimed receipt by receipt instead). The result is
 * checked against the leaves' common root before it is returned.
 */
export function multiProofOfProofs(items: readonly { leaf: string; proof: readonly string[] }[]): { order: number[]; proof: string[]; proofFlags: boolean[] } | undefined {
  if (items.length === 0) return undefined;
  const depth = items[0].proof.length;
  if (depth > 40 || items.some((x) => x.proof.length !== depth)) return undefined;
  const nodes = new Map<number, string>();
  const itemAt = new Map<number, number>();
  const root = processProof(items[0].leaf, [...items[0].proof]);
  items.forEach((x, k) => {
    // The path from the leaf up, then down again from the root choosing each child's side.
    const path = [fromHex(x.leaf)];
    for (const p of x.proof) path.push(hashPair(path[path.length - 1], fromHex(p)));
    if (toHex(path[depth]) !== root) throw new Error("the receipts are not of one batch");
    let pos = 0;
    for (let level = depth - 1; level >= 0; level--) {
      const here = path[level];
      const sibling = fromHex(x.proof[level]);
      const left = compare(here, sibling) <= 0;
      const mine = 2 * pos + (left ? 1 : 2);
      const theirs = 2 * pos + (left ? 2 : 1);
      nodes.set(mine, toHex(here));
      nodes.set(theirs, toHex(sibling));
      pos = mine;
    }
    if (itemAt.has(pos)) throw new Error(`leaf ${x.leaf} is listed twice`);
    itemAt.set(pos, k);
  });
  const { order, proof, proofFlags } = multiProofAt([...itemAt.keys()], (p) => nodes.get(p)!);
  const leaves = order.map((p) => items[itemAt.get(p)!].leaf);
  if (processMultiProof(leaves, proof, proofFlags) !== root) return undefined;
  return { order: order.map((p) => itemAt.get(p)!), proof, proofFlags };
}

/** The root a multiproof leads to from `leaves` (in its order), as MerkleProof.processMultiProof. */
export function processMultiProof(leaves: readonly string[], proof: readonly string[], proofFlags: readonly boolean[]): string {
  if (leaves.length + proof.length !== proofFlags.length + 1) throw new Error("the multiproof's lengths do not match");
  const queue = leaves.map(fromHex);
  let head = 0;
  let p = 0;
  for (const flag of proofFlags) {
    const a = queue[head++];
    const b = flag ? queue[head++] : fromHex(proof[p++]);
    if (a === undefined || b === undefined) throw new Error("the multiproof is malformed");
    queue.push(hashPair(a, b));
  }
  if (proofFlags.length > 0) return toHex(queue[queue.length - 1]);
  return leaves.length > 0 ? leaves[0] : proof[0];
}
