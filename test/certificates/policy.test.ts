import { expect } from "chai";
import { BIRTH, certFixture, CIVIL, issueOne, MARRIAGE, prepareOne, REASON } from "../kit/certificates.js";
import { decodeRecord, encodeTerms, STATE } from "../../lib/certificates/index.js";

// Policy answers of issue 10 item 7 on the certificate side (docs/requirements/policy.md).
// Fixture: civilClerk may issue MARRIAGE and BIRTH (not revocable), civilClerk2 only MARRIAGE.

const Status = { Valid: 1n, Superseded: 5n };

describe("policy: certificates", () => {
  it("[POL-01] a non-revocable certificate cannot be revoked but may be superseded (corrected) by its issuing member: it ends only with a linked successor", async () => {
    const { registry, civilClerk } = await certFixture();
    const { cert } = await issueOne(registry, civilClerk, BIRTH);
    await expect(registry.connect(civilClerk).revoke(cert.id, REASON.ERROR)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(cert.id);
    const next = prepareOne(BIRTH);
    await expect(registry.connect(civilClerk).supersede(cert.id, next.id, encodeTerms({ typeId: BIRTH }), REASON.CHANGED))
      .to.emit(registry, "CertificateSuperseded")
      .withArgs(cert.id, next.id, civilClerk.address, REASON.CHANGED);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Superseded);
    expect(await registry.successorOf(cert.id)).to.equal(next.id);
    const successor = decodeRecord(await registry.recordOf(next.id))!;
    expect([successor.typeId, successor.member, successor.revision]).to.deep.equal([BIRTH, CIVIL, true]);
    expect((await registry.verify(next.id)).status).to.equal(Status.Valid);
  });

  it("[POL-02] any key of the issuing member may end its certificates; a supersede needs the certificate's type and keeps it", async () => {
    const { registry, civilClerk, civilClerk2, uniClerk } = await certFixture();
    const { cert: birth } = await issueOne(registry, civilClerk, BIRTH);
    // civilClerk2 may issue MARRIAGE only: it cannot supersede a BIRTH certificate, as either type.
    await expect(registry.connect(civilClerk2).supersede(birth.id, prepareOne(MARRIAGE).id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED))
      .to.be.revertedWithCustomError(registry, "SuccessorTypeMismatch")
      .withArgs(birth.id, BIRTH, MARRIAGE);
    await expect(registry.connect(civilClerk2).supersede(birth.id, prepareOne(BIRTH).id, encodeTerms({ typeId: BIRTH }), REASON.CHANGED))
      .to.be.revertedWithCustomError(registry, "TypeNotAllowed")
      .withArgs(civilClerk2.address, BIRTH);
    // Even a key enrolled for both cannot turn a birth certificate into a marriage certificate.
    await expect(registry.connect(civilClerk).supersede(birth.id, prepareOne(MARRIAGE).id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED))
      .to.be.revertedWithCustomError(registry, "SuccessorTypeMismatch")
      .withArgs(birth.id, BIRTH, MARRIAGE);
    expect(decodeRecord(await registry.recordOf(birth.id))!.state).to.equal(STATE.ACTIVE);
    // Revoking is the member's act: civilClerk2 (MARRIAGE only) may revoke civilClerk's MARRIAGE
    // certificate and any other of its member's revocable ones; a key of another member may not.
    const { cert: marriage } = await issueOne(registry, civilClerk, MARRIAGE);
    await expect(registry.connect(uniClerk).revoke(marriage.id, REASON.ERROR)).to.be.revertedWithCustomError(registry, "NotIssuingMember");
    await expect(registry.connect(civilClerk2).revoke(marriage.id, REASON.ERROR)).to.emit(registry, "CertificateRevoked");
  });
});
