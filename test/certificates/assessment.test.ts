import { expect } from "chai";
import {
  certFixture,
  DAY,
  DEGREE,
  ethers,
  issueOne,
  MARRIAGE,
  networkHelpers,
  type CertFixture,
} from "../kit/certificates.js";
import { randomSalt, STORED_PLACEMENT } from "../../lib/certificates/index.js";

const AStatus = { Unknown: 0n, Positive: 1n, Negative: 2n, Expired: 3n };

/** One holder (same holder salt, so one commitment) with a marriage record and a degree. */
async function holderWithRecords(f: CertFixture) {
  const holderSalt = randomSalt();
  const holderId = "320102198801015678";
  const m = await issueOne(f.registry, f.civilClerk, MARRIAGE, { holderId, holderSalt });
  const d = await issueOne(f.registry, f.uniClerk, DEGREE, { holderId, holderSalt });
  expect(m.cert.holderCommitment).to.equal(d.cert.holderCommitment);
  return { subject: m.cert.holderCommitment, marriage: m.cert, degree: d.cert };
}

async function policy(f: CertFixture) {
  await f.assessment.connect(f.operator).registerPolicy("Housing purchase qualification (购房资格)", [MARRIAGE, DEGREE], 30 * DAY);
  return 1;
}

const ev = (c: { contentDigest: string }) => ({ contentDigest: c.contentDigest, placement: STORED_PLACEMENT });

describe("certificates: assessment results", () => {
  it("[CERT-24] a registered evaluator combines several checks into one verdict, recorded with its evidence and verifiable by anyone", async () => {
    const f = await certFixture();
    const { subject, marriage, degree } = await holderWithRecords(f);
    const pid = await policy(f);
    const evidence = [ev(marriage), ev(degree)];
    const id = await f.assessment.connect(f.evaluator).assess.staticCall(pid, subject, evidence);
    await expect(f.assessment.connect(f.evaluator).assess(pid, subject, evidence))
      .to.emit(f.assessment, "AssessmentRecorded")
      .withArgs(id, pid, subject, f.evaluator.address, true, (x: bigint) => x > 0n, [marriage.id, degree.id]);
    const [status, a] = await f.assessment.verifyAssessment(id);
    expect(status).to.equal(AStatus.Positive);
    expect([a.subject, a.evaluator, a.policyId, a.verdict]).to.deep.equal([subject, f.evaluator.address, BigInt(pid), true]);
    expect(await f.assessment.recheck(id, evidence)).to.equal(true);
    // Revoking one input changes the recheck today, not the recorded verdict.
    await f.registry.connect(f.civilClerk).revoke(marriage.id, 1);
    expect(await f.assessment.recheck(id, evidence)).to.equal(false);
    expect((await f.assessment.verifyAssessment(id))[0]).to.equal(AStatus.Positive);
    await networkHelpers.time.increase(31 * DAY);
    expect((await f.assessment.verifyAssessment(id))[0]).to.equal(AStatus.Expired);
  });

  it("[CERT-24] a missing, invalid or someone else's certificate gives a negative verdict", async () => {
    const f = await certFixture();
    const { subject, marriage } = await holderWithRecords(f);
    const other = await issueOne(f.registry, f.uniClerk, DEGREE); // another holder's degree
    const pid = await policy(f);
    for (const evidence of [[ev(marriage)], [ev(marriage), ev(other.cert)]]) {
      const id = await f.assessment.connect(f.evaluator).assess.staticCall(pid, subject, evidence);
      await f.assessment.connect(f.evaluator).assess(pid, subject, evidence);
      expect((await f.assessment.verifyAssessment(id))[0]).to.equal(AStatus.Negative);
    }
  });

  it("[CERT-24] refusals: not an evaluator, unknown or disabled policy, empty evidence, evidence swapped on recheck, bad policies", async () => {
    const f = await certFixture();
    const { subject, marriage, degree } = await holderWithRecords(f);
    const pid = await policy(f);
    const a = f.assessment;
    await expect(a.connect(f.outsider).assess(pid, subject, [ev(marriage)])).to.be.revertedWithCustomError(a, "NotEvaluator").withArgs(f.outsider.address);
    await expect(a.connect(f.evaluator).assess(9, subject, [ev(marriage)])).to.be.revertedWithCustomError(a, "UnknownPolicy").withArgs(9);
    await expect(a.connect(f.evaluator).assess(pid, subject, [])).to.be.revertedWithCustomError(a, "InvalidEvidence").withArgs(0);
    const id = await a.connect(f.evaluator).assess.staticCall(pid, subject, [ev(marriage), ev(degree)]);
    await a.connect(f.evaluator).assess(pid, subject, [ev(marriage), ev(degree)]);
    await expect(a.recheck(id, [ev(degree), ev(marriage)])).to.be.revertedWithCustomError(a, "EvidenceMismatch").withArgs(id);
    await expect(a.recheck(ethers.ZeroHash, [ev(degree)])).to.be.revertedWithCustomError(a, "UnknownAssessment").withArgs(ethers.ZeroHash);
    await a.connect(f.operator).setPolicyActive(pid, false);
    await expect(a.connect(f.evaluator).assess(pid, subject, [ev(marriage)])).to.be.revertedWithCustomError(a, "UnknownPolicy").withArgs(pid);
    await expect(a.connect(f.outsider).registerPolicy("x", [1], 1)).to.be.revertedWithCustomError(a, "NotOperator").withArgs(f.outsider.address);
    await expect(a.connect(f.operator).registerPolicy("x", [], 1)).to.be.revertedWithCustomError(a, "InvalidPolicy").withArgs("1..16 required types");
    await expect(a.connect(f.operator).registerPolicy("x", [1], 0)).to.be.revertedWithCustomError(a, "InvalidPolicy").withArgs("validity must be positive");
    await expect(a.connect(f.operator).registerPolicy("", [1], 1)).to.be.revertedWithCustomError(a, "InvalidPolicy").withArgs("name must be 1..64 bytes");
    await expect(a.connect(f.operator).registerPolicy("x", [0], 1)).to.be.revertedWithCustomError(a, "InvalidPolicy").withArgs("type 0 does not exist");
    await expect(a.connect(f.operator).registerEvaluator(f.outsider.address, "")).to.be.revertedWithCustomError(a, "InvalidEvaluatorName");
    await expect(a.connect(f.operator).removeEvaluator(f.evaluator.address)).to.emit(a, "EvaluatorRemoved").withArgs(f.evaluator.address, f.operator.address);
    await expect(a.connect(f.operator).removeEvaluator(f.evaluator.address)).to.be.revertedWithCustomError(a, "NotEvaluator").withArgs(f.evaluator.address);
    await expect(a.connect(f.operator).setPolicyActive(7, true)).to.be.revertedWithCustomError(a, "UnknownPolicy").withArgs(7);
  });
});
