import { expect } from "chai";
import {
  certFixture,
  CIVIL,
  DAY,
  DEGREE,
  EARN_RATE,
  ethers,
  issueBatch,
  issueOne,
  LICENCE,
  MARRIAGE,
  networkHelpers,
  now,
  UNIVERSITY,
  type CertFixture,
} from "../kit/certificates.js";
import { encodeBatchTerms, encodeTerms, placementOf, STORED_PLACEMENT, type PlacementArg } from "../../lib/certificates/index.js";

const UNKNOWN = 0n;
const VALID = 1n;

/** Member B's squat: anchor `id` as the only leaf of B's own batch, so the root is the leaf and the proof is empty. */
async function squat(f: CertFixture, id: string, count = 1n): Promise<PlacementArg> {
  const validFrom = BigInt(await now());
  const root = await f.registry.leafHash(id, 0, validFrom, 0);
  await f.registry.connect(f.uniClerk).issueMerkle(root, encodeBatchTerms(DEGREE, Number(count)));
  return { root, index: 0n, validFrom, validUntil: 0n, proof: [] };
}

describe("certificates: the issuing member is canonical; points only for live certificates shown", () => {
  it("[CERT-60] another member's single-leaf batch of a stored certificate proves nothing: no grant, revocation, delivery or free query through it", async () => {
    const f = await certFixture();
    const { registry, grants, points, civilClerk, uniClerk, uniAdmin, bankAdmin, outsider } = f;
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    await grants.connect(civilClerk).grantByIssuer(cert.id, STORED_PLACEMENT, bankAdmin.address, BigInt((await now()) + DAY));
    await grants.connect(civilClerk).grantByIssuer(cert.id, STORED_PLACEMENT, uniAdmin.address, BigInt((await now()) + DAY));
    const b = await squat(f, cert.id);
    expect((await registry.verifyReceipt(cert.id, b)).status).to.equal(UNKNOWN);
    expect((await registry.verifyPlaced(cert.id, b)).member).to.equal(0n);
    const exp = BigInt((await now()) + DAY);
    await expect(grants.connect(uniClerk).grantByIssuer(cert.id, b, outsider.address, exp)).to.be.revertedWithCustomError(grants, "UnknownCertificate").withArgs(cert.id);
    await expect(grants.connect(uniClerk).revokeGrant(cert.id, b, bankAdmin.address)).to.be.revertedWithCustomError(grants, "UnknownCertificate").withArgs(cert.id);
    await expect(grants.connect(uniClerk).deliverDetail(cert.id, b, bankAdmin.address, "ipfs://x", ethers.ZeroHash)).to.be.revertedWithCustomError(grants, "UnknownCertificate").withArgs(cert.id);
    await expect(points.connect(uniAdmin).recordQuery(cert.id, b)).to.be.revertedWithCustomError(points, "UnknownCertificate").withArgs(cert.id);
    // The squatter can neither take it over through the resolver nor earn for it.
    await expect(registry.resolve(cert.id, b)).not.to.emit(registry, "CertificatePlaced");
    await expect(points.claimContributions([cert.id], [b])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(cert.id);
    // The stored answer stands: the civil bureau's.
    expect((await registry.verifyPlaced(cert.id, STORED_PLACEMENT)).member).to.equal(BigInt(CIVIL));
  });

  it("[CERT-60] assessments read the same answer: another member's batch cannot re-type a stored certificate as evidence", async () => {
    const f = await certFixture();
    const { registry, assessment, civilClerk, evaluator, operator } = f;
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    await assessment.connect(operator).registerPolicy("Marriage and degree", [MARRIAGE, DEGREE], 30 * DAY);
    // The university's key anchors the marriage record's id as a "degree" of its own.
    const b = await squat(f, cert.id);
    const evidence = [
      { contentDigest: cert.contentDigest, placement: STORED_PLACEMENT },
      { contentDigest: cert.contentDigest, placement: b },
    ];
    await expect(assessment.connect(evaluator).assess(1, cert.holderCommitment, evidence))
      .to.emit(assessment, "AssessmentRecorded")
      .withArgs((x: string) => x.length === 66, 1n, cert.holderCommitment, evaluator.address, false, (x: bigint) => x > 0n, [cert.id, cert.id]);
    expect(await registry.checkPlaced(cert.contentDigest, cert.holderCommitment, DEGREE, b)).to.equal(false);
  });

  it("[CERT-60] a batch certificate belongs to the member whose batch was anchored first; a later squat is ended by the first proof and the id cannot be stored again", async () => {
    const f = await certFixture();
    const { registry, grants, civilClerk, uniClerk, outsider } = f;
    const { receipt } = await issueBatch(registry, civilClerk, MARRIAGE, 3);
    const a = receipt(1);
    const mine = placementOf(a);
    await networkHelpers.mine(2);
    const b = await squat(f, a.certificateId);
    // Nobody has shown the civil receipt yet: the squat claims the id first...
    await expect(registry.resolve(a.certificateId, b)).to.emit(registry, "CertificatePlaced").withArgs(a.certificateId, b.root, UNIVERSITY);
    // ...and the earlier anchored batch takes it back as soon as its receipt is shown, by anyone.
    await expect(registry.connect(outsider).resolve(a.certificateId, mine)).to.emit(registry, "CertificatePlaced").withArgs(a.certificateId, mine.root, CIVIL);
    expect((await registry.verifyReceipt(a.certificateId, b)).status).to.equal(UNKNOWN);
    expect((await registry.verifyReceipt(a.certificateId, mine)).status).to.equal(VALID);
    const exp = BigInt((await now()) + DAY);
    await expect(grants.connect(uniClerk).grantByIssuer(a.certificateId, b, outsider.address, exp)).to.be.revertedWithCustomError(grants, "UnknownCertificate").withArgs(a.certificateId);
    await expect(grants.connect(civilClerk).grantByIssuer(a.certificateId, mine, outsider.address, exp)).to.emit(grants, "GrantRecorded");
    // A claimed id cannot be stored by anyone afterwards (it is the same record slot: no extra read on issue).
    await expect(registry.connect(uniClerk).issue(a.certificateId, encodeTerms({ typeId: DEGREE }))).to.be.revertedWithCustomError(registry, "DuplicateCertificate").withArgs(a.certificateId);
    // An id the squatter stored before the first proof is taken over by the earlier batch too.
    const c = receipt(2);
    await registry.connect(uniClerk).issue(c.certificateId, encodeTerms({ typeId: DEGREE }));
    expect((await registry.verifyReceipt(c.certificateId, placementOf(c))).member).to.equal(BigInt(CIVIL));
    await registry.resolve(c.certificateId, placementOf(c));
    expect((await registry.verify(c.certificateId)).status).to.equal(UNKNOWN);
    await expect(registry.connect(uniClerk).revoke(c.certificateId, 1)).to.be.revertedWithCustomError(registry, "NotIssuingMember");
  });

  it("[CERT-61] a batch's declared count mints nothing: a leaf earns once, with its receipt, while live; revoked or expired certificates earn nothing", async () => {
    const f = await certFixture();
    const { registry, points, civilClerk, uniClerk, licClerk } = f;
    // The attack of issue 10: one batch declaring 2^32-1 leaves, then a claim.
    const fake = ethers.id("made up");
    const b = await squat(f, fake, 2n ** 32n - 1n);
    await expect(points.claimContributions([fake], [b])).to.emit(points, "PointsEarned").withArgs(1n, UNIVERSITY, EARN_RATE, 1n, "contribution");
    await expect(points.claimContributions([fake], [b])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(fake);
    expect(await points.totalEarned()).to.equal(EARN_RATE);
    // A placement with the wrong index or proof earns nothing.
    await expect(points.claimContributions([ethers.id("other")], [b])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(ethers.id("other"));
    // A revoked leaf earns nothing.
    const { receipt } = await issueBatch(registry, civilClerk, MARRIAGE, 4);
    await registry.connect(civilClerk).revokeLeaf(receipt(0).placement!.root, 0, 1);
    await expect(points.claimContributions([receipt(0).certificateId], [placementOf(receipt(0))])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(receipt(0).certificateId);
    // Expired certificates earn nothing, stored or in a batch.
    const t = await now();
    const stored = await issueOne(registry, licClerk, LICENCE, { validUntil: t + DAY });
    const { receipt: short } = await issueBatch(registry, uniClerk, DEGREE, 2, t + DAY);
    await networkHelpers.time.increaseTo(t + 2 * DAY);
    await expect(points.claimContributions([stored.cert.id], [])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(stored.cert.id);
    await expect(points.claimContributions([short(1).certificateId], [placementOf(short(1))])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(short(1).certificateId);
    expect(await points.totalEarned()).to.equal(EARN_RATE);
  });
});
