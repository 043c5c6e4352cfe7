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

  // POL-02 needs a contract change (CertificateLifecycle: _checkActor and supersede), left for
  // the lead: skipped until then. Run without .skip it fails today at the first expectation,
  // because any enrolled key of the issuing member may end any of its member's certificates.
  it.skip("[POL-02] a key ends (revokes, suspends, reinstates, supersedes) only certificates of types it may issue, and a successor keeps its predecessor's type", async () => {
    const { registry, civilClerk, civilClerk2 } = await certFixture();
    const { cert: birth } = await issueOne(registry, civilClerk, BIRTH);
    // civilClerk2 may issue MARRIAGE only: it cannot end a BIRTH certificate through supersede.
    await expect(registry.connect(civilClerk2).supersede(birth.id, prepareOne(MARRIAGE).id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED))
      .to.be.revertedWithCustomError(registry, "TypeNotAllowed")
      .withArgs(civilClerk2.address, BIRTH);
    // Even a key enrolled for both cannot turn a birth certificate into a marriage certificate.
    await expect(registry.connect(civilClerk).supersede(birth.id, prepareOne(MARRIAGE).id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED)).to.be.reverted;
    const r = decodeRecord(await registry.recordOf(birth.id))!;
    expect(r.state).to.equal(STATE.ACTIVE);
  });
});
