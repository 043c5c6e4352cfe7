import { expect } from "chai";
import { executeTx } from "../kit/consortium.js";
import {
  certFixture,
  DAY,
  DEGREE,
  issueOne,
  MARRIAGE,
  now,
  REGULATOR_MEMBER,
  UNIVERSITY,
  type CertFixture,
} from "../kit/certificates.js";
import { STORED_PLACEMENT } from "../../lib/certificates/index.js";

/** Suspends (or expels) `member` by a vote of every other founding admin. */
async function setStatus(f: CertFixture, kind: "SuspendMember" | "ReinstateMember" | "ExpelMember", member: number) {
  const voters = f.admins.filter((_, i) => i + 1 !== member);
  await executeTx(f.consortium, voters, kind, [member]);
}

describe("certificates: a suspended or expelled member loses every path", function () {
  this.timeout(120_000);

  it("[CERT-70] the admin fallbacks (setIssuer, removeIssuer, bumpNonce, grantByIssuer, revokeGrant, deliverDetail) refuse an admin of a suspended or expelled member with InactiveMember; reinstated, it acts again", async () => {
    const f = await certFixture();
    const { cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const placement = STORED_PLACEMENT;
    const t = await now();
    // A grant made while active, to revoke and deliver against later.
    await f.grants.connect(f.uniAdmin).grantByIssuer(cert.id, placement, f.bankAdmin.address, t + 30 * DAY);

    await setStatus(f, "SuspendMember", UNIVERSITY);
    await expect(f.registry.connect(f.uniAdmin).setIssuer(f.uniClerk.address, [DEGREE], false))
      .to.be.revertedWithCustomError(f.registry, "InactiveMember")
      .withArgs(UNIVERSITY);
    // The suspension's push cleared the key's enrolment (CERT-72), so removeIssuer and bumpNonce
    // find no key of the member left to act on.
    await expect(f.registry.connect(f.uniAdmin).removeIssuer(f.uniClerk.address))
      .to.be.revertedWithCustomError(f.registry, "IssuerNotEnrolled")
      .withArgs(f.uniClerk.address);
    await expect(f.registry.connect(f.uniAdmin).bumpNonce(f.uniClerk.address, 5))
      .to.be.revertedWithCustomError(f.registry, "NotMemberAdmin")
      .withArgs(f.uniAdmin.address, 0);
    for (const r of [
      f.grants.connect(f.uniAdmin).grantByIssuer(cert.id, placement, f.outsider.address, t + 30 * DAY),
      f.grants.connect(f.uniAdmin).revokeGrant(cert.id, placement, f.bankAdmin.address),
      f.grants.connect(f.uniAdmin).deliverDetail(cert.id, placement, f.bankAdmin.address, "ipfs://x", "0x" + "11".repeat(32)),
    ]) {
      await expect(r).to.be.revertedWithCustomError(f.grants, "InactiveMember").withArgs(UNIVERSITY);
    }

    await setStatus(f, "ReinstateMember", UNIVERSITY);
    await expect(f.grants.connect(f.uniAdmin).revokeGrant(cert.id, placement, f.bankAdmin.address)).to.emit(f.grants, "GrantRevoked");
    await expect(f.registry.connect(f.uniAdmin).setIssuer(f.uniClerk.address, [DEGREE], false)).to.emit(f.registry, "IssuerSet");
    await expect(f.registry.connect(f.uniAdmin).bumpNonce(f.uniClerk.address, 5)).to.emit(f.registry, "NonceBumped");
  });

  it("[CERT-70] an admin of an expelled member is refused on the admin fallbacks too", async () => {
    const f = await certFixture();
    const { cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const t = await now();
    await setStatus(f, "ExpelMember", UNIVERSITY);
    await expect(f.registry.connect(f.uniAdmin).setIssuer(f.uniClerk.address, [DEGREE], false))
      .to.be.revertedWithCustomError(f.registry, "InactiveMember")
      .withArgs(UNIVERSITY);
    await expect(f.grants.connect(f.uniAdmin).grantByIssuer(cert.id, STORED_PLACEMENT, f.outsider.address, t + 30 * DAY))
      .to.be.revertedWithCustomError(f.grants, "InactiveMember")
      .withArgs(UNIVERSITY);
  });

  it("[CERT-71] an evaluator must be an account of an active member: registration of an outsider and assessment by an evaluator whose member is suspended are refused with NotMemberAccount", async () => {
    const f = await certFixture();
    const a = f.assessment;
    await expect(a.connect(f.operator).registerEvaluator(f.outsider.address, "Outside Bureau"))
      .to.be.revertedWithCustomError(a, "NotMemberAccount")
      .withArgs(f.outsider.address);
    const { cert } = await issueOne(f.registry, f.civilClerk, MARRIAGE);
    await a.connect(f.operator).registerPolicy("married", [MARRIAGE], 30 * DAY);
    const pid = await a.policyCount();
    const evidence = [{ contentDigest: cert.contentDigest, placement: STORED_PLACEMENT }];
    await a.connect(f.evaluator).assess.staticCall(pid, cert.holderCommitment, evidence);
    await setStatus(f, "SuspendMember", REGULATOR_MEMBER);
    await expect(a.connect(f.evaluator).assess(pid, cert.holderCommitment, evidence))
      .to.be.revertedWithCustomError(a, "NotMemberAccount")
      .withArgs(f.evaluator.address);
  });
});
