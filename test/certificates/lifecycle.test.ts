import { expect } from "chai";
import {
  BIRTH,
  certFixture,
  CIVIL,
  DAY,
  DEGREE,
  ethers,
  governanceCall,
  issueOne,
  LICENCE,
  MARRIAGE,
  networkHelpers,
  now,
  prepareOne,
  REASON,
} from "../kit/certificates.js";
import { decodeRecord, encodeTerms, STATE } from "../../lib/certificates/index.js";

const Status = { Unknown: 0n, Valid: 1n, Revoked: 2n, Suspended: 3n, Expired: 4n, Superseded: 5n, NotYetValid: 6n };

describe("certificates: lifecycle", () => {
  it("[CERT-09] a key of the issuing member revokes with a reason code; the certificate never verifies valid again", async () => {
    const { registry, civilClerk, civilClerk2 } = await certFixture();
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    await expect(registry.connect(civilClerk2).revoke(cert.id, REASON.ERROR))
      .to.emit(registry, "CertificateRevoked")
      .withArgs(cert.id, civilClerk2.address, REASON.ERROR);
    const r = decodeRecord(await registry.recordOf(cert.id))!;
    expect([r.state, r.reason, r.updatedBlock]).to.deep.equal([STATE.REVOKED, REASON.ERROR, await ethers.provider.getBlockNumber()]);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Revoked);
    await expect(registry.connect(civilClerk).revoke(cert.id, REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(cert.id, STATE.REVOKED, STATE.REVOKED);
    await networkHelpers.time.increase(400 * DAY);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Revoked);
  });

  it("[CERT-09] another member, a non-issuer, an unknown id and a non-revocable type are refused", async () => {
    const { registry, civilClerk, uniClerk, civilAdmin } = await certFixture();
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    await expect(registry.connect(uniClerk).revoke(cert.id, 1)).to.be.revertedWithCustomError(registry, "NotIssuingMember").withArgs(uniClerk.address, CIVIL);
    await expect(registry.connect(civilAdmin).revoke(cert.id, 1)).to.be.revertedWithCustomError(registry, "NotIssuer").withArgs(civilAdmin.address);
    const unknown = prepareOne(MARRIAGE).id;
    await expect(registry.connect(civilClerk).revoke(unknown, 1)).to.be.revertedWithCustomError(registry, "UnknownCertificate").withArgs(unknown);
    const birth = await issueOne(registry, civilClerk, BIRTH);
    await expect(registry.connect(civilClerk).revoke(birth.cert.id, 1)).to.be.revertedWithCustomError(registry, "NotRevocable").withArgs(birth.cert.id);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Valid);
  });

  it("[CERT-09] governance (a CallModule proposal) can revoke any certificate, e.g. on a court order", async () => {
    const f = await certFixture();
    const { cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    await expect(governanceCall(f, await f.registry.getAddress(), f.registry.interface.encodeFunctionData("revoke", [cert.id, 8])))
      .to.emit(f.registry, "CertificateRevoked")
      .withArgs(cert.id, await f.consortium.getAddress(), 8);
    expect((await f.registry.verify(cert.id)).status).to.equal(Status.Revoked);
  });

  it("[CERT-10] a suspendable certificate is suspended and reinstated; each transition is checked", async () => {
    const { registry, licClerk } = await certFixture();
    const { cert } = await issueOne(registry, licClerk, LICENCE);
    await expect(registry.connect(licClerk).reinstate(cert.id, REASON.CLEARED))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(cert.id, STATE.ACTIVE, STATE.ACTIVE);
    await expect(registry.connect(licClerk).suspend(cert.id, REASON.INVESTIGATION))
      .to.emit(registry, "CertificateSuspended")
      .withArgs(cert.id, licClerk.address, REASON.INVESTIGATION);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Suspended);
    await expect(registry.connect(licClerk).suspend(cert.id, REASON.INVESTIGATION))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(cert.id, STATE.SUSPENDED, STATE.SUSPENDED);
    await expect(registry.connect(licClerk).reinstate(cert.id, REASON.CLEARED))
      .to.emit(registry, "CertificateReinstated")
      .withArgs(cert.id, licClerk.address, REASON.CLEARED);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Valid);
    // suspended -> revoked is allowed, and final
    await registry.connect(licClerk).suspend(cert.id, REASON.INVESTIGATION);
    await registry.connect(licClerk).revoke(cert.id, REASON.PENALTY);
    await expect(registry.connect(licClerk).reinstate(cert.id, REASON.CLEARED))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(cert.id, STATE.REVOKED, STATE.ACTIVE);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Revoked);
  });

  it("[CERT-10] a type that is not suspendable refuses suspension and reinstatement", async () => {
    const { registry, civilClerk } = await certFixture();
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    await expect(registry.connect(civilClerk).suspend(cert.id, 9)).to.be.revertedWithCustomError(registry, "NotSuspendable").withArgs(cert.id);
    await expect(registry.connect(civilClerk).reinstate(cert.id, 10)).to.be.revertedWithCustomError(registry, "NotSuspendable").withArgs(cert.id);
  });

  it("[CERT-11] expiry and start of validity come from time alone, with no transaction", async () => {
    const { registry, licClerk } = await certFixture();
    const t = await now();
    const a = prepareOne(LICENCE, { validFrom: t + 10 * DAY, validUntil: t + 20 * DAY });
    await registry.connect(licClerk).issue(a.id, encodeTerms({ typeId: LICENCE, validFrom: a.validFrom, validUntil: a.validUntil }));
    expect((await registry.verify(a.id)).status).to.equal(Status.NotYetValid);
    await networkHelpers.time.increaseTo(t + 10 * DAY);
    expect((await registry.verify(a.id)).status).to.equal(Status.Valid);
    await networkHelpers.time.increaseTo(t + 20 * DAY);
    expect((await registry.verify(a.id)).status).to.equal(Status.Valid); // validUntil is the last valid second
    await networkHelpers.time.increaseTo(t + 20 * DAY + 1);
    expect((await registry.verify(a.id)).status).to.equal(Status.Expired);
    // A suspended, expired certificate says suspended: stored state wins over time.
    const b = prepareOne(LICENCE, { validFrom: 0, validUntil: t + 30 * DAY });
    await registry.connect(licClerk).issue(b.id, encodeTerms({ typeId: LICENCE, validUntil: b.validUntil }));
    await registry.connect(licClerk).suspend(b.id, 9);
    await networkHelpers.time.increaseTo(t + 31 * DAY);
    expect((await registry.verify(b.id)).status).to.equal(Status.Suspended);
  });

  it("[CERT-12] supersede replaces a certificate atomically, linked both ways, with a reason", async () => {
    const { registry, civilClerk, civilClerk2 } = await certFixture();
    const { cert: old } = await issueOne(registry, civilClerk, MARRIAGE);
    const next = prepareOne(MARRIAGE);
    const terms = encodeTerms({ typeId: MARRIAGE });
    await expect(registry.connect(civilClerk2).supersede(old.id, next.id, terms, REASON.CHANGED))
      .to.emit(registry, "CertificateSuperseded")
      .withArgs(old.id, next.id, civilClerk2.address, REASON.CHANGED);
    expect((await registry.verify(old.id)).status).to.equal(Status.Superseded);
    expect((await registry.verify(next.id)).status).to.equal(Status.Valid);
    expect(await registry.successorOf(old.id)).to.equal(next.id); // forward link in storage
    expect(decodeRecord(await registry.recordOf(next.id))!.revision).to.equal(true);
    // Backward link: the event is indexed by the new id.
    const logs = await registry.queryFilter(registry.filters.CertificateSuperseded(undefined, next.id));
    expect(logs.map((l) => l.args.oldId)).to.deep.equal([old.id]);
    const r = decodeRecord(await registry.recordOf(old.id))!;
    expect([r.state, r.reason]).to.deep.equal([STATE.SUPERSEDED, REASON.CHANGED]);
  });

  it("[CERT-12] the full history of a certificate (who, when, member, signer, digest) is rebuilt from events and links", async () => {
    const { registry, civilClerk, civilClerk2 } = await certFixture();
    const { cert: v1 } = await issueOne(registry, civilClerk, MARRIAGE);
    const v2 = prepareOne(MARRIAGE);
    const v3 = prepareOne(MARRIAGE);
    const terms = encodeTerms({ typeId: MARRIAGE });
    await registry.connect(civilClerk2).supersede(v1.id, v2.id, terms, REASON.CHANGED);
    await networkHelpers.time.increase(DAY);
    await registry.connect(civilClerk).supersede(v2.id, v3.id, terms, REASON.ERROR);
    // Walk forward by links, then collect events per version.
    const chain = [v1.id];
    for (let next = await registry.successorOf(v1.id); next !== ethers.ZeroHash; next = await registry.successorOf(next)) chain.push(next);
    expect(chain).to.deep.equal([v1.id, v2.id, v3.id]);
    const history = [];
    for (const id of chain) {
      const issued = await registry.queryFilter(registry.filters.CertificateIssued(id));
      const superseding = await registry.queryFilter(registry.filters.CertificateSuperseded(undefined, id));
      const log = [...issued, ...superseding][0];
      const block = await log.getBlock();
      history.push({ id, signer: log.args.signer, member: decodeRecord(await registry.recordOf(id))!.member, at: block.timestamp });
    }
    expect(history.map((h) => h.signer)).to.deep.equal([civilClerk.address, civilClerk2.address, civilClerk.address]);
    expect(history.map((h) => h.member)).to.deep.equal([CIVIL, CIVIL, CIVIL]);
    expect(history[2].at - history[1].at).to.be.greaterThanOrEqual(DAY);
  });

  it("[CERT-12] supersede is refused for an unknown, revoked or foreign certificate, a duplicate new id, or a type the key may not issue", async () => {
    const { registry, civilClerk, uniClerk } = await certFixture();
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    const other = await issueOne(registry, civilClerk, MARRIAGE);
    const terms = encodeTerms({ typeId: MARRIAGE });
    const unknown = prepareOne(MARRIAGE).id;
    await expect(registry.connect(civilClerk).supersede(unknown, prepareOne(MARRIAGE).id, terms, 2)).to.be.revertedWithCustomError(registry, "UnknownCertificate").withArgs(unknown);
    // A key of another member: refused whether it names its own type or the certificate's.
    await expect(registry.connect(uniClerk).supersede(cert.id, prepareOne(DEGREE).id, encodeTerms({ typeId: DEGREE }), 2))
      .to.be.revertedWithCustomError(registry, "SuccessorTypeMismatch")
      .withArgs(cert.id, MARRIAGE, DEGREE);
    await expect(registry.connect(uniClerk).supersede(cert.id, prepareOne(MARRIAGE).id, terms, 2))
      .to.be.revertedWithCustomError(registry, "TypeNotAllowed")
      .withArgs(uniClerk.address, MARRIAGE);
    await expect(registry.connect(civilClerk).supersede(cert.id, other.cert.id, terms, 2)).to.be.revertedWithCustomError(registry, "DuplicateCertificate").withArgs(other.cert.id);
    await expect(registry.connect(civilClerk).supersede(cert.id, cert.id, terms, 2)).to.be.revertedWithCustomError(registry, "DuplicateCertificate").withArgs(cert.id);
    await expect(registry.connect(civilClerk).supersede(cert.id, prepareOne(DEGREE).id, encodeTerms({ typeId: DEGREE }), 2))
      .to.be.revertedWithCustomError(registry, "SuccessorTypeMismatch")
      .withArgs(cert.id, MARRIAGE, DEGREE);
    await registry.connect(civilClerk).revoke(cert.id, 1);
    await expect(registry.connect(civilClerk).supersede(cert.id, prepareOne(MARRIAGE).id, terms, 2))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(cert.id, STATE.REVOKED, STATE.SUPERSEDED);
    // A superseded certificate cannot be superseded again, nor revoked.
    const next = prepareOne(MARRIAGE).id;
    await registry.connect(civilClerk).supersede(other.cert.id, next, terms, 2);
    await expect(registry.connect(civilClerk).supersede(other.cert.id, prepareOne(MARRIAGE).id, terms, 2))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(other.cert.id, STATE.SUPERSEDED, STATE.SUPERSEDED);
    await expect(registry.connect(civilClerk).revoke(other.cert.id, 1))
      .to.be.revertedWithCustomError(registry, "InvalidTransition")
      .withArgs(other.cert.id, STATE.SUPERSEDED, STATE.REVOKED);
  });

  it("[CERT-17] check answers yes or no only: valid, right type, right holder", async () => {
    const { registry, uniClerk, licClerk } = await certFixture();
    const { cert } = await issueOne(registry, uniClerk, DEGREE);
    expect(await registry.check(cert.contentDigest, cert.holderCommitment, DEGREE)).to.equal(true);
    expect(await registry.check(cert.contentDigest, cert.holderCommitment, MARRIAGE)).to.equal(false);
    expect(await registry.check(cert.contentDigest, ethers.keccak256("0x01"), DEGREE)).to.equal(false);
    expect(await registry.certificateId(cert.contentDigest, cert.holderCommitment)).to.equal(cert.id);
    await registry.connect(uniClerk).revoke(cert.id, 1);
    expect(await registry.check(cert.contentDigest, cert.holderCommitment, DEGREE)).to.equal(false);
    const lic = await issueOne(registry, licClerk, LICENCE);
    await registry.connect(licClerk).suspend(lic.cert.id, 9);
    expect(await registry.check(lic.cert.contentDigest, lic.cert.holderCommitment, LICENCE)).to.equal(false);
  });
});
