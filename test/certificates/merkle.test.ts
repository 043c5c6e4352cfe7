import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  certFixture,
  DAY,
  DEGREE,
  ethers,
  issueBatch,
  LICENCE,
  networkHelpers,
  now,
  REASON,
  BIRTH,
} from "../kit/certificates.js";
import {
  buildMerkleBatch,
  buildTree,
  checkReceipt,
  decodeBatchRecord,
  encodeBatchTerms,
  leafHash,
  leafHashBytes,
  leafMaskRuns,
  LEAF_ENCODING,
  maskMarks,
  placementOf,
  prepare,
  proofOf,
  recomputeId,
  fromHex,
  type CertificateReceipt,
} from "../../lib/certificates/index.js";

const Status = { Unknown: 0n, Valid: 1n, Revoked: 2n, Suspended: 3n, Expired: 4n };

async function verifyReceipt(registry: Awaited<ReturnType<typeof certFixture>>["registry"], r: CertificateReceipt) {
  return registry.verifyReceipt(recomputeId(r).id, placementOf(r));
}

describe("certificates: Merkle batches", () => {
  it("[CERT-08] the lib tree equals OpenZeppelin's StandardMerkleTree: same root, same proofs, verifiable by its verifier", async () => {
    for (const n of [1, 2, 3, 7, 64, 101]) {
      const values = Array.from({ length: n }, (_, i) => [ethers.keccak256(ethers.toBeHex(i + 1000, 32)), i, 1_700_000_000 + i, i % 2 ? 0 : 1_900_000_000]);
      const oz = StandardMerkleTree.of(values, [...LEAF_ENCODING]);
      const tree = buildTree(values.map((v) => leafHashBytes(fromHex(v[0] as string), v[1] as number, v[2] as number, v[3] as number)));
      expect(tree.root).to.equal(oz.root);
      for (const i of [0, Math.floor(n / 2), n - 1]) {
        expect(proofOf(tree, i)).to.deep.equal(oz.getProof(i));
        expect(StandardMerkleTree.verify(oz.root, [...LEAF_ENCODING], values[i], proofOf(tree, i))).to.equal(true);
        expect(leafHash(values[i][0] as string, i, values[i][2] as number, values[i][3] as number)).to.equal(oz.leafHash(values[i]));
      }
    }
  });

  it("[CERT-07] a batch of 1,000 is one root; the first, middle and last certificates each verify alone from their receipt", async () => {
    const { registry, uniClerk } = await certFixture();
    const { batch, tx, receipt } = await issueBatch(registry, uniClerk, DEGREE, 1000);
    await expect(tx).to.emit(registry, "BatchIssued").withArgs(batch.root);
    expect((await tx).from).to.equal(uniClerk.address); // the signer of a batch is the sender
    const b = decodeBatchRecord(await registry.batchOf(batch.root))!;
    expect([b.member, b.typeId, b.count]).to.deep.equal([2, DEGREE, 1000]);
    for (const i of [0, 499, 999]) {
      const r = receipt(i);
      expect(checkReceipt(r)).to.deep.equal([]);
      const v = await verifyReceipt(registry, r);
      expect(v.status).to.equal(Status.Valid);
      expect([v.member, v.typeId, v.validFrom, v.validUntil]).to.deep.equal([2n, BigInt(DEGREE), BigInt(r.validFrom), 0n]);
      expect(await registry.checkPlaced(r.contentDigest, r.holder.commitment, DEGREE, placementOf(r))).to.equal(true);
    }
  });

  it("[CERT-07] forged receipts verify as unknown: altered document, wrong index, wrong dates, swapped or truncated proof, foreign root", async () => {
    const { registry, uniClerk } = await certFixture();
    const { receipt } = await issueBatch(registry, uniClerk, DEGREE, 50);
    const good = receipt(17);
    const forged: [string, CertificateReceipt][] = [
      ["altered field", { ...good, document: { ...good.document, degree: "Doctor of Philosophy" } }],
      ["other index", { ...good, placement: { ...good.placement!, index: 18 } }],
      ["index beyond the batch", { ...good, placement: { ...good.placement!, index: 5000 } }],
      ["later expiry", { ...good, validUntil: good.validFrom + 100 * 365 * DAY }],
      ["proof of another leaf", { ...good, placement: { ...good.placement!, proof: receipt(16).placement!.proof } }],
      ["truncated proof", { ...good, placement: { ...good.placement!, proof: good.placement!.proof.slice(1) } }],
      ["unregistered root", { ...good, placement: { ...good.placement!, root: ethers.keccak256("0x01") } }],
      ["other holder", { ...good, holder: { ...good.holder, id: "320102199912319999" } }],
    ];
    for (const [what, r] of forged) {
      expect((await verifyReceipt(registry, r)).status, what).to.equal(Status.Unknown);
      expect(await registry.checkPlaced(recomputeId(r).contentDigest, recomputeId(r).commitment, DEGREE, placementOf(r)), what).to.equal(false);
    }
    // A genuine leaf presented as a stored certificate is not one.
    expect((await registry.verify(good.certificateId)).status).to.equal(Status.Unknown);
  });

  it("[CERT-07] a duplicate root, a zero root, a zero count and bad terms are refused; only enrolled keys issue batches", async () => {
    const { registry, uniClerk, civilClerk, outsider } = await certFixture();
    const { batch } = await issueBatch(registry, uniClerk, DEGREE, 4);
    const terms = encodeBatchTerms(DEGREE, 4);
    await expect(registry.connect(uniClerk).issueMerkle(batch.root, terms)).to.be.revertedWithCustomError(registry, "DuplicateBatch").withArgs(batch.root);
    await expect(registry.connect(uniClerk).issueMerkle(ethers.ZeroHash, terms)).to.be.revertedWithCustomError(registry, "InvalidBatch").withArgs(ethers.ZeroHash, terms);
    const root = ethers.keccak256("0xabcd");
    await expect(registry.connect(uniClerk).issueMerkle(root, BigInt(DEGREE))).to.be.revertedWithCustomError(registry, "InvalidBatch").withArgs(root, BigInt(DEGREE));
    const high = terms | (1n << 100n);
    await expect(registry.connect(uniClerk).issueMerkle(root, high)).to.be.revertedWithCustomError(registry, "InvalidBatch").withArgs(root, high);
    await expect(registry.connect(civilClerk).issueMerkle(root, terms)).to.be.revertedWithCustomError(registry, "TypeNotAllowed").withArgs(civilClerk.address, DEGREE);
    await expect(registry.connect(outsider).issueMerkle(root, terms)).to.be.revertedWithCustomError(registry, "NotIssuer").withArgs(outsider.address);
  });

  it("[CERT-13] one certificate of a batch is revoked by its leaf index; its neighbours stay valid", async () => {
    const { registry, uniClerk } = await certFixture();
    const { batch, receipt } = await issueBatch(registry, uniClerk, DEGREE, 300);
    await expect(registry.connect(uniClerk).revokeLeaf(batch.root, 130, REASON.ERROR))
      .to.emit(registry, "LeafRevoked")
      .withArgs(batch.root, 130, uniClerk.address, REASON.ERROR);
    expect((await verifyReceipt(registry, receipt(130))).status).to.equal(Status.Revoked);
    for (const i of [0, 129, 131, 299]) expect((await verifyReceipt(registry, receipt(i))).status).to.equal(Status.Valid);
    expect(await registry.leafStateOf(batch.root, 130)).to.equal(2n);
    await expect(registry.connect(uniClerk).revokeLeaf(batch.root, 130, REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidLeafTransition")
      .withArgs(batch.root, 130, 2, 2);
    await expect(registry.connect(uniClerk).revokeLeaf(batch.root, 300, REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidLeafIndex")
      .withArgs(batch.root, 300, 300);
  });

  it("[CERT-13] dense revocation marks many leaves at once; a repeated or out-of-range index refuses the whole call", async () => {
    const { registry, uniClerk } = await certFixture();
    const { batch, receipt } = await issueBatch(registry, uniClerk, DEGREE, 600);
    const indexes = Array.from({ length: 300 }, (_, i) => i * 2); // every other leaf, across 5 words
    await expect(registry.connect(uniClerk).revokeLeaves(batch.root, indexes, REASON.ERROR))
      .to.emit(registry, "LeavesRevoked")
      .withArgs(batch.root, uniClerk.address, REASON.ERROR, indexes);
    for (const i of [0, 1, 254, 255, 256, 598, 599]) {
      expect((await verifyReceipt(registry, receipt(i))).status).to.equal(i % 2 === 0 ? Status.Revoked : Status.Valid);
    }
    await expect(registry.connect(uniClerk).revokeLeaves(batch.root, [1, 3, 1], REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidLeafTransition")
      .withArgs(batch.root, 1, 2, 2);
    await expect(registry.connect(uniClerk).revokeLeaves(batch.root, [1, 600], REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidLeafIndex")
      .withArgs(batch.root, 600, 600);
    expect((await verifyReceipt(registry, receipt(1))).status).to.equal(Status.Valid);
    await expect(registry.connect(uniClerk).revokeLeaves(batch.root, [], REASON.ERROR)).to.be.revertedWithCustomError(registry, "EmptyBatch");
  });

  it("[CERT-91] dense revocation by leaf masks: each marked leaf is revoked, its neighbours untouched, the event carries the masks", async () => {
    const { registry, uniClerk, licClerk } = await certFixture();
    const { batch, receipt } = await issueBatch(registry, uniClerk, DEGREE, 600);
    const indexes = [...Array.from({ length: 200 }, (_, i) => 130 + i), 7, 599]; // a run across three words, and two strays
    const runs = leafMaskRuns(indexes);
    expect(runs.map((r) => r.firstWord)).to.deep.equal([0n, 4n]);
    for (const run of runs) {
      await expect(registry.connect(uniClerk).revokeLeafMasks(batch.root, run.firstWord, run.masks, REASON.ERROR))
        .to.emit(registry, "LeafMasksRevoked")
        .withArgs(batch.root, uniClerk.address, REASON.ERROR, run.firstWord, run.masks);
    }
    const revoked = new Set(indexes);
    for (const i of [0, 6, 7, 8, 127, 128, 129, 130, 255, 256, 329, 330, 598, 599]) {
      expect((await verifyReceipt(registry, receipt(i))).status, `leaf ${i}`).to.equal(revoked.has(i) ? Status.Revoked : Status.Valid);
      expect(runs.some((r) => maskMarks(r.firstWord, r.masks, i))).to.equal(revoked.has(i));
    }
    // A suspended leaf may be revoked (as by revokeLeaf); its two bits end as revoked.
    const lb = await issueBatch(registry, licClerk, LICENCE, 10);
    await registry.connect(licClerk).suspendLeaf(lb.batch.root, 3, REASON.INVESTIGATION);
    await registry.connect(licClerk).revokeLeafMasks(lb.batch.root, 0, [(1n << 6n) | (1n << 8n)], REASON.ERROR);
    expect((await verifyReceipt(registry, lb.receipt(3))).status).to.equal(Status.Revoked);
    expect((await verifyReceipt(registry, lb.receipt(4))).status).to.equal(Status.Revoked);
    expect((await verifyReceipt(registry, lb.receipt(2))).status).to.equal(Status.Valid);
    expect(() => leafMaskRuns([1, 1])).to.throw("leaf index 1 is listed twice");
  });

  it("[CERT-91] a mask call is refused whole: a leaf revoked before, a leaf past the count, an empty, odd-bit or out-of-range mask, and the CERT-13 key and type rules", async () => {
    const { registry, uniClerk, civilClerk, outsider, regulator } = await certFixture();
    const { batch, receipt } = await issueBatch(registry, uniClerk, DEGREE, 300);
    const root = batch.root;
    const by = registry.connect(uniClerk);
    await by.revokeLeaf(root, 140, REASON.ERROR);
    // Word 1 marks leaves 130 and 140: 140 was revoked before; nothing of word 0 is written either.
    await expect(by.revokeLeafMasks(root, 0, [1n, (1n << 4n) | (1n << 24n)], REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidLeafTransition")
      .withArgs(root, 140, 2, 2);
    expect((await verifyReceipt(registry, receipt(0))).status).to.equal(Status.Valid);
    // Word 2 holds leaves 256..383 of which 256..299 are in the batch: leaf 300 is past the count.
    await expect(by.revokeLeafMasks(root, 2, [(1n << 2n) | (1n << 88n)], REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidLeafIndex")
      .withArgs(root, 300, 300);
    await expect(by.revokeLeafMasks(root, 3, [1n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "InvalidLeafIndex").withArgs(root, 384, 300);
    await expect(by.revokeLeafMasks(root, 0, [0n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "InvalidLeafMask").withArgs(root, 0, 0);
    await expect(by.revokeLeafMasks(root, 0, [2n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "InvalidLeafMask").withArgs(root, 0, 2);
    await expect(by.revokeLeafMasks(root, 1n << 25n, [1n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "InvalidLeafMask").withArgs(root, 1n << 25n, 1);
    await expect(by.revokeLeafMasks(root, 0, [], REASON.ERROR)).to.be.revertedWithCustomError(registry, "EmptyBatch");
    await expect(registry.connect(civilClerk).revokeLeafMasks(root, 0, [1n], REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "NotIssuingMember")
      .withArgs(civilClerk.address, 2);
    await expect(registry.connect(outsider).revokeLeafMasks(root, 0, [1n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "NotIssuer").withArgs(outsider.address);
    const unknown = ethers.keccak256("0x99");
    await expect(by.revokeLeafMasks(unknown, 0, [1n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "UnknownBatch").withArgs(unknown);
    const births = await issueBatch(registry, civilClerk, BIRTH, 3);
    await expect(registry.connect(civilClerk).revokeLeafMasks(births.batch.root, 0, [1n], 0)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(births.batch.root);
    await registry.connect(regulator).pause("audit");
    await expect(by.revokeLeafMasks(root, 0, [1n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "ModulePaused");
    await registry.connect(regulator).unpause("done");
    await by.revokeBatch(root, REASON.ERROR);
    await expect(by.revokeLeafMasks(root, 0, [1n], REASON.ERROR)).to.be.revertedWithCustomError(registry, "InvalidTransition").withArgs(root, 2, 2);
  });

  it("[CERT-13] leaves of a suspendable type are suspended and reinstated by index; transitions are checked", async () => {
    const { registry, licClerk } = await certFixture();
    const { batch, receipt } = await issueBatch(registry, licClerk, LICENCE, 10);
    await expect(registry.connect(licClerk).reinstateLeaf(batch.root, 3, REASON.CLEARED))
      .to.be.revertedWithCustomError(registry, "InvalidLeafTransition")
      .withArgs(batch.root, 3, 1, 1);
    await expect(registry.connect(licClerk).suspendLeaf(batch.root, 3, REASON.INVESTIGATION))
      .to.emit(registry, "LeafSuspended")
      .withArgs(batch.root, 3, licClerk.address, REASON.INVESTIGATION);
    expect((await verifyReceipt(registry, receipt(3))).status).to.equal(Status.Suspended);
    await expect(registry.connect(licClerk).suspendLeaf(batch.root, 3, REASON.INVESTIGATION))
      .to.be.revertedWithCustomError(registry, "InvalidLeafTransition")
      .withArgs(batch.root, 3, 3, 3);
    await expect(registry.connect(licClerk).reinstateLeaf(batch.root, 3, REASON.CLEARED))
      .to.emit(registry, "LeafReinstated")
      .withArgs(batch.root, 3, licClerk.address, REASON.CLEARED);
    expect((await verifyReceipt(registry, receipt(3))).status).to.equal(Status.Valid);
    await registry.connect(licClerk).suspendLeaf(batch.root, 3, REASON.INVESTIGATION);
    await registry.connect(licClerk).revokeLeaf(batch.root, 3, REASON.PENALTY); // suspended -> revoked
    await expect(registry.connect(licClerk).reinstateLeaf(batch.root, 3, REASON.CLEARED))
      .to.be.revertedWithCustomError(registry, "InvalidLeafTransition")
      .withArgs(batch.root, 3, 2, 1);
    expect((await verifyReceipt(registry, receipt(3))).status).to.equal(Status.Revoked);
  });

  it("[CERT-13] a batch of a type that is not suspendable refuses suspension; not revocable refuses revocation", async () => {
    const { registry, uniClerk, civilClerk } = await certFixture();
    const degrees = await issueBatch(registry, uniClerk, DEGREE, 3);
    await expect(registry.connect(uniClerk).suspendLeaf(degrees.batch.root, 0, 0)).to.be.revertedWithCustomError(registry, "NotSuspendable").withArgs(degrees.batch.root);
    const births = await issueBatch(registry, civilClerk, BIRTH, 3);
    await expect(registry.connect(civilClerk).revokeLeaf(births.batch.root, 0, 0)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(births.batch.root);
    await expect(registry.connect(civilClerk).revokeBatch(births.batch.root, 0)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(births.batch.root);
    await expect(registry.connect(civilClerk).revokeLeaves(births.batch.root, [0], 0)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(births.batch.root);
  });

  it("[CERT-13] only a key of the issuing member (or governance) changes a leaf; unknown roots are refused", async () => {
    const { registry, uniClerk, civilClerk, outsider } = await certFixture();
    const { batch } = await issueBatch(registry, uniClerk, DEGREE, 3);
    await expect(registry.connect(civilClerk).revokeLeaf(batch.root, 0, 0))
      .to.be.revertedWithCustomError(registry, "NotIssuingMember")
      .withArgs(civilClerk.address, 2);
    await expect(registry.connect(outsider).revokeLeaf(batch.root, 0, 0)).to.be.revertedWithCustomError(registry, "NotIssuer").withArgs(outsider.address);
    const unknown = ethers.keccak256("0x99");
    await expect(registry.connect(uniClerk).revokeLeaf(unknown, 0, 0)).to.be.revertedWithCustomError(registry, "UnknownBatch").withArgs(unknown);
  });

  it("[CERT-13] revoking a whole batch revokes every leaf at once and ends leaf changes", async () => {
    const { registry, licClerk } = await certFixture();
    const { batch, receipt } = await issueBatch(registry, licClerk, LICENCE, 20);
    await expect(registry.connect(licClerk).revokeBatch(batch.root, REASON.ERROR))
      .to.emit(registry, "BatchRevoked")
      .withArgs(batch.root, licClerk.address, REASON.ERROR);
    for (const i of [0, 10, 19]) expect((await verifyReceipt(registry, receipt(i))).status).to.equal(Status.Revoked);
    await expect(registry.connect(licClerk).revokeBatch(batch.root, REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(batch.root, 2, 2);
    await expect(registry.connect(licClerk).reinstateLeaf(batch.root, 0, 0))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(batch.root, 2, 1);
  });

  it("[CERT-11] leaves expire by their own dates, without a transaction", async () => {
    const { registry, licClerk } = await certFixture();
    const t = await now();
    const certs = prepare(LICENCE, Array.from({ length: 4 }, (_, i) => ({ row: i + 2, holderId: `H${i}`, holderKey: ethers.ZeroAddress, validFrom: t, validUntil: t + (i + 1) * DAY, fields: { companyName: `C${i}`, creditCode: `91${i}`, legalRepresentative: "R", scope: "S" } })));
    const batch = buildMerkleBatch(LICENCE, certs);
    await registry.connect(licClerk).issueMerkle(batch.root, encodeBatchTerms(LICENCE, 4));
    await networkHelpers.time.increaseTo(t + 2 * DAY + 1);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const c = certs[i];
      statuses.push((await registry.verifyReceipt(c.id, { root: batch.root, index: i, validFrom: c.validFrom, validUntil: c.validUntil, proof: proofOf(batch.tree, i) })).status);
    }
    expect(statuses).to.deep.equal([Status.Expired, Status.Expired, Status.Valid, Status.Valid]);
  });
});
