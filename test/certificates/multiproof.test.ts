import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { certFixture, DAY, DEGREE, EARN_RATE, ethers, issueBatch, LICENCE, LICENSING, networkHelpers, now, UNIVERSITY } from "../kit/certificates.js";
import {
  batchClaimOf,
  batchClaimOfReceipts,
  LEAF_ENCODING,
  leafHash,
  multiProofOf,
  processMultiProof,
  treeOrder,
} from "../../lib/certificates/index.js";

describe("certificates: a batch's leaves claimed with one multiproof", () => {
  it("[CERT-92] lib: the multiproof is @openzeppelin/merkle-tree's getMultiProof on the same tree, and one built from receipts proves the same leaves", async () => {
    const f = await certFixture();
    const { batch, receipt } = await issueBatch(f.registry, f.uniClerk, DEGREE, 37);
    const values = batch.certificates.map((c, i) => [c.id, i, c.validFrom, c.validUntil]);
    const oz = StandardMerkleTree.of(values, [...LEAF_ENCODING]);
    expect(oz.root).to.equal(batch.root);
    const picked = [3, 30, 4, 17, 0, 36];
    const ours = multiProofOf(batch.tree, picked);
    const theirs = oz.getMultiProof(picked.map((i) => values[i]));
    expect(ours.proof).to.deep.equal(theirs.proof);
    expect(ours.proofFlags).to.deep.equal(theirs.proofFlags);
    expect(ours.leafIndexes).to.deep.equal(theirs.leaves.map((v) => Number(v[1])));
    // From receipts alone (no tree at hand): a different but valid multiproof of the same leaves.
    const sameDepth = picked.filter((i) => receipt(i).placement!.proof.length === receipt(picked[0]).placement!.proof.length);
    const claim = batchClaimOfReceipts(sameDepth.map(receipt))!;
    expect(processMultiProof(claim.leaves.map((l) => leafHash(l.id, Number(l.index), Number(l.validFrom), Number(l.validUntil))), claim.proof, claim.proofFlags)).to.equal(batch.root);
    expect(new Set(claim.leaves.map((l) => Number(l.index)))).to.deep.equal(new Set(sameDepth));
    expect(treeOrder(batch.tree).slice().sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 37 }, (_, i) => i));
  });

  it("[CERT-92] [CERT-61] leaves of one batch are credited with one multiproof, once each, to the batch's member", async () => {
    const f = await certFixture();
    const { points, registry, uniClerk, outsider } = f;
    const { batch, receipt } = await issueBatch(registry, uniClerk, DEGREE, 40);
    const picked = treeOrder(batch.tree).slice(0, 10);
    const c = batchClaimOf(batch, picked);
    await expect(points.connect(outsider).claimBatchContributions(c.root, c.leaves, c.proof, c.proofFlags))
      .to.emit(points, "PointsEarned")
      .withArgs(1n, UNIVERSITY, 10n * EARN_RATE, 10n, "contribution")
      .and.to.emit(registry, "ContributionCredited")
      .withArgs(c.leaves[4].id, UNIVERSITY, 1n)
      .and.to.emit(registry, "CertificatePlaced")
      .withArgs(c.leaves[4].id, batch.root, UNIVERSITY);
    expect(await points.balanceOf(UNIVERSITY)).to.equal(10n * EARN_RATE);
    // Already credited: by multiproof again, or by its receipt.
    await expect(points.claimBatchContributions(c.root, c.leaves, c.proof, c.proofFlags))
      .to.be.revertedWithCustomError(registry, "NotCreditable")
      .withArgs(c.leaves[0].id);
    const r = receipt(picked[2]);
    await expect(points.claimContributions([r.certificateId], [{ root: batch.root, index: BigInt(picked[2]), validFrom: BigInt(r.validFrom), validUntil: BigInt(r.validUntil), proof: r.placement!.proof }]))
      .to.be.revertedWithCustomError(registry, "NotCreditable")
      .withArgs(r.certificateId);
    // Receipts of one batch build the same claim without the tree (the task's path).
    const rest = treeOrder(batch.tree).slice(10, 14).map(receipt);
    // (40 leaves: tree positions 63..78 are the deepest level, and these four are among them.)
    const fromReceipts = batchClaimOfReceipts(rest);
    expect(fromReceipts).to.not.equal(undefined);
    await expect(points.claimBatchContributions(fromReceipts!.root, fromReceipts!.leaves, fromReceipts!.proof, fromReceipts!.proofFlags))
      .to.emit(points, "PointsEarned")
      .withArgs(2n, UNIVERSITY, 4n * EARN_RATE, 4n, "contribution");
  });

  it("[CERT-92] refused whole: a bad proof, a leaf listed twice, a revoked, suspended or expired leaf, an index past the count, an unknown root, no leaf", async () => {
    const f = await certFixture();
    const { points, registry, uniClerk, licClerk } = f;
    const { batch } = await issueBatch(registry, uniClerk, DEGREE, 40);
    const order = treeOrder(batch.tree);
    const c = batchClaimOf(batch, order.slice(0, 6));
    // A proof hash changed, a leaf's date changed, a flag flipped: the root is not reached.
    const badProof = [...c.proof];
    badProof[0] = ethers.ZeroHash;
    await expect(points.claimBatchContributions(c.root, c.leaves, badProof, c.proofFlags)).to.be.revertedWithCustomError(points, "InvalidMultiproof").withArgs(c.root);
    const badLeaves = c.leaves.map((l, i) => (i === 1 ? { ...l, validUntil: l.validUntil + 1n } : l));
    await expect(points.claimBatchContributions(c.root, badLeaves, c.proof, c.proofFlags)).to.be.revertedWithCustomError(points, "InvalidMultiproof").withArgs(c.root);
    await expect(points.claimBatchContributions(c.root, c.leaves, c.proof, c.proofFlags.map((x, i) => (i === 0 ? !x : x)))).to.be.revertedWithCustomError(points, "InvalidMultiproof").withArgs(c.root);
    await expect(points.claimBatchContributions(c.root, c.leaves, [...c.proof, ethers.ZeroHash], c.proofFlags)).to.be.revertedWithCustomError(points, "InvalidMultiproof").withArgs(c.root);
    await expect(points.claimBatchContributions(c.root, [], [], [])).to.be.revertedWithCustomError(points, "NothingToClaim");
    // A leaf listed twice: the proof may hold it twice, the registry credits it once.
    const one = batchClaimOf(batch, [order[0]]);
    const twice = { leaves: [one.leaves[0], one.leaves[0]], proof: [...one.proof], proofFlags: [false, ...one.proof.map(() => false)] };
    // The leaf twice on its own path: one path cannot carry two copies to the root.
    await expect(points.claimBatchContributions(c.root, twice.leaves, twice.proof, twice.proofFlags)).to.be.revertedWithCustomError(points, "InvalidMultiproof").withArgs(c.root);
    // Revoked leaf.
    await registry.connect(uniClerk).revokeLeaf(batch.root, Number(c.leaves[2].index), 1);
    await expect(points.claimBatchContributions(c.root, c.leaves, c.proof, c.proofFlags)).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(c.leaves[2].id);
    // Suspended and expired leaves (licences: suspendable, with an expiry).
    const t = await now();
    const lic = await issueBatch(registry, licClerk, LICENCE, 20, t + 30 * DAY);
    const lorder = treeOrder(lic.batch.tree);
    const lc = batchClaimOf(lic.batch, lorder.slice(0, 4));
    await registry.connect(licClerk).suspendLeaf(lic.batch.root, Number(lc.leaves[3].index), 2);
    await expect(points.claimBatchContributions(lc.root, lc.leaves, lc.proof, lc.proofFlags)).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(lc.leaves[3].id);
    const live = batchClaimOf(lic.batch, lorder.slice(4, 8));
    await networkHelpers.time.increaseTo(t + 31 * DAY);
    await expect(points.claimBatchContributions(live.root, live.leaves, live.proof, live.proofFlags)).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(live.leaves[0].id);
    expect(await points.balanceOf(LICENSING)).to.equal(0n);
  });

  it("[CERT-92] [CERT-61] the registry marks proven leaves only for its ledger, and refuses an index past the count or a root that is no batch", async () => {
    const f = await certFixture();
    const { points, registry, uniClerk, outsider, operator } = f;
    const { batch } = await issueBatch(registry, uniClerk, DEGREE, 8);
    const c = batchClaimOf(batch, treeOrder(batch.tree).slice(0, 2));
    await expect(registry.connect(outsider).creditProvenLeaves(c.root, c.leaves)).to.be.revertedWithCustomError(registry, "NotLedger").withArgs(outsider.address);
    // As the ledger (an account set by the operator): the checks other than the proof still hold.
    await registry.connect(operator).setLedger(outsider.address);
    const past = { ...c.leaves[0], index: 8n };
    await expect(registry.connect(outsider).creditProvenLeaves(c.root, [past])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(past.id);
    await expect(registry.connect(outsider).creditProvenLeaves(ethers.id("no batch"), [c.leaves[0]])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(c.leaves[0].id);
    // A leaf listed twice in one call is credited once: the call is refused whole.
    await expect(registry.connect(outsider).creditProvenLeaves(c.root, [c.leaves[0], c.leaves[0]])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(c.leaves[0].id);
    await expect(registry.connect(outsider).creditProvenLeaves(c.root, c.leaves)).to.emit(registry, "ContributionCredited").withArgs(c.leaves[1].id, UNIVERSITY, 1n);
    await expect(registry.connect(outsider).creditProvenLeaves(c.root, [c.leaves[0]])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(c.leaves[0].id);
    await registry.connect(operator).setLedger(await points.getAddress());
  });

  it("[CERT-92] the contract's multiproof check agrees with OpenZeppelin's tree on random subsets: every getMultiProof is accepted, and every proof with one hash, one flag or one leaf changed is refused", async () => {
    const f = await certFixture();
    const { points, registry, uniClerk } = f;
    const { batch } = await issueBatch(registry, uniClerk, DEGREE, 53);
    const values = batch.certificates.map((c, i) => [c.id, i, c.validFrom, c.validUntil]);
    const oz = StandardMerkleTree.of(values, [...LEAF_ENCODING]);
    let seed = 92;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const claim = (leaves: unknown[], proof: string[], flags: boolean[]) => points.claimBatchContributions.staticCall(batch.root, leaves as never, proof, flags);
    let refused = 0;
    for (let round = 0; round < 25; round++) {
      const k = 1 + rand(12);
      const picked = [...new Set(Array.from({ length: k }, () => rand(53)))];
      const mp = oz.getMultiProof(picked.map((i) => values[i]));
      const leaves = mp.leaves.map((v) => ({ id: v[0] as string, index: BigInt(v[1] as number), validFrom: BigInt(v[2] as number), validUntil: BigInt(v[3] as number) }));
      await claim(leaves, mp.proof, mp.proofFlags); // accepted: does not revert
      const tries: Array<[unknown[], string[], boolean[]]> = [];
      if (mp.proof.length > 0) {
        const proof = [...mp.proof];
        proof[rand(proof.length)] = ethers.id(`forged ${round}`);
        tries.push([leaves, proof, mp.proofFlags]);
      }
      if (mp.proofFlags.length > 0) {
        const flags = [...mp.proofFlags];
        const at = rand(flags.length);
        flags[at] = !flags[at];
        tries.push([leaves, mp.proof, flags]);
      }
      const other = leaves.map((l) => ({ ...l }));
      other[rand(other.length)].validUntil += 1n;
      tries.push([other, mp.proof, mp.proofFlags]);
      for (const [l, p, fl] of tries) {
        await expect(claim(l, p, fl)).to.be.revertedWithCustomError(points, "InvalidMultiproof");
        refused++;
      }
    }
    expect(refused).to.be.greaterThan(50);
  });
});
