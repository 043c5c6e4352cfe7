import { expect } from "chai";
import { toUtf8Bytes, hexlify } from "ethers";
import {
  BIRTH,
  certFixture,
  CIVIL,
  DAY,
  DEGREE,
  ethers,
  issueOne,
  LICENCE,
  MARRIAGE,
  now,
  prepareOne,
  TYPE_SPECS,
} from "../kit/certificates.js";
import { executeTx, addAndAccept } from "../kit/consortium.js";
import { decodeRecord, encodeTerms, prepare, STATE } from "../../lib/certificates/index.js";
import { ROLES } from "../../lib/access/roles.js";

const Status = { Unknown: 0n, Valid: 1n, Revoked: 2n, Suspended: 3n, Expired: 4n, Superseded: 5n, NotYetValid: 6n };

describe("certificates: issue", () => {
  it("[CERT-04] an enrolled clerk issues one certificate: one record with member, type and dates, one event", async () => {
    const { registry, civilClerk } = await certFixture();
    const cert = prepareOne(MARRIAGE);
    const tx = registry.connect(civilClerk).issue(cert.id, encodeTerms({ typeId: MARRIAGE }));
    await expect(tx).to.emit(registry, "CertificateIssued").withArgs(cert.id, civilClerk.address);
    const t = await now();
    const v = await registry.verify(cert.id);
    expect(v.status).to.equal(Status.Valid);
    expect(v.member).to.equal(BigInt(CIVIL));
    expect(v.typeId).to.equal(BigInt(MARRIAGE));
    expect(v.validFrom).to.equal(BigInt(t)); // 0 = from the block's time
    expect(v.validUntil).to.equal(0n); // no expiry
    const r = decodeRecord(await registry.recordOf(cert.id))!;
    expect(r.state).to.equal(STATE.ACTIVE);
    expect([r.revocable, r.suspendable, r.revision]).to.deep.equal([true, false, false]);
    expect(r.issuedBlock).to.equal(await ethers.provider.getBlockNumber());
  });

  it("[CERT-04] no personal data reaches the chain: the transaction and its logs hold only digests", async () => {
    const { registry, licClerk } = await certFixture();
    const { cert, tx } = await issueOne(registry, licClerk, LICENCE, { holderId: "320102199001011234" });
    const receipt = await tx.wait();
    const onChain = [tx.data, ...receipt!.logs.map((l) => l.data + l.topics.join(""))].join("").toLowerCase();
    for (const value of [cert.holderId, ...Object.values(cert.fields).map(String)]) {
      expect(onChain).to.not.include(hexlify(toUtf8Bytes(value)).slice(2).toLowerCase());
    }
    expect(onChain).to.not.include(cert.holderCommitment.slice(2)); // only the id, which binds it
  });

  it("[CERT-04] explicit validity dates and the type's flags are kept per certificate", async () => {
    const { registry, licClerk } = await certFixture();
    const t = await now();
    const cert = prepareOne(LICENCE, { validFrom: t + DAY, validUntil: t + 5 * 365 * DAY });
    await registry.connect(licClerk).issue(cert.id, encodeTerms({ typeId: LICENCE, validFrom: cert.validFrom, validUntil: cert.validUntil }));
    const v = await registry.verify(cert.id);
    expect(v.status).to.equal(Status.NotYetValid);
    expect([v.validFrom, v.validUntil]).to.deep.equal([BigInt(t + DAY), BigInt(t + 5 * 365 * DAY)]);
    const r = decodeRecord(await registry.recordOf(cert.id))!;
    expect([r.revocable, r.suspendable]).to.deep.equal([TYPE_SPECS[LICENCE].revocable, TYPE_SPECS[LICENCE].suspendable]);
  });

  it("[CERT-05] an account without CERT_ISSUER, or frozen, or not enrolled, is refused", async () => {
    const f = await certFixture();
    const { registry, civilAdmin, civilClerk, regulator, outsider, consortium } = f;
    const cert = prepareOne(MARRIAGE);
    const terms = encodeTerms({ typeId: MARRIAGE });
    for (const who of [outsider, civilAdmin]) {
      await expect(registry.connect(who).issue(cert.id, terms)).to.be.revertedWithCustomError(registry, "NotIssuer").withArgs(who.address);
    }
    await registry.connect(regulator).freeze(civilClerk.address, "investigation");
    await expect(registry.connect(civilClerk).issue(cert.id, terms)).to.be.revertedWithCustomError(registry, "NotIssuer").withArgs(civilClerk.address);
    await registry.connect(regulator).unfreeze(civilClerk.address, "cleared");
    await registry.connect(civilClerk).issue(cert.id, terms);
    // CERT_ISSUER granted by vote but never enrolled by its member.
    const fresh = f.others[0];
    await addAndAccept(consortium, civilAdmin, fresh.address, false);
    await executeTx(f.consortium, f.admins, "GrantRole", [fresh.address, ROLES.CERT_ISSUER]);
    await expect(registry.connect(fresh).issue(prepareOne(MARRIAGE).id, terms))
      .to.be.revertedWithCustomError(registry, "IssuerNotEnrolled")
      .withArgs(fresh.address);
  });

  it("[CERT-05] an unknown type, a type the key may not issue, bad terms and the zero id are refused", async () => {
    const { registry, civilClerk, uniClerk } = await certFixture();
    const id = prepareOne(MARRIAGE).id;
    await expect(registry.connect(civilClerk).issue(id, 0n)).to.be.revertedWithCustomError(registry, "UnknownType").withArgs(0);
    await expect(registry.connect(civilClerk).issue(id, 42n)).to.be.revertedWithCustomError(registry, "UnknownType").withArgs(42);
    await expect(registry.connect(uniClerk).issue(id, encodeTerms({ typeId: MARRIAGE })))
      .to.be.revertedWithCustomError(registry, "TypeNotAllowed")
      .withArgs(uniClerk.address, MARRIAGE);
    const t = await now();
    const past = BigInt(MARRIAGE) | (BigInt(t - 10) << 16n) | (BigInt(t - 5) << 56n);
    await expect(registry.connect(civilClerk).issue(id, past)).to.be.revertedWithCustomError(registry, "InvalidTerms").withArgs(past);
    const inverted = BigInt(MARRIAGE) | (BigInt(t + 100) << 16n) | (BigInt(t + 50) << 56n);
    await expect(registry.connect(civilClerk).issue(id, inverted)).to.be.revertedWithCustomError(registry, "InvalidTerms").withArgs(inverted);
    const highBits = BigInt(MARRIAGE) | (1n << 200n);
    await expect(registry.connect(civilClerk).issue(id, highBits)).to.be.revertedWithCustomError(registry, "InvalidTerms").withArgs(highBits);
    await expect(registry.connect(civilClerk).issue(ethers.ZeroHash, encodeTerms({ typeId: MARRIAGE }))).to.be.revertedWithCustomError(registry, "InvalidCertificateId");
  });

  it("[CERT-05] a duplicate id is refused and the first record is never overwritten", async () => {
    const { registry, civilClerk, civilClerk2 } = await certFixture();
    const { cert } = await issueOne(registry, civilClerk, MARRIAGE);
    const before = await registry.recordOf(cert.id);
    const t = await now();
    for (const [who, terms] of [
      [civilClerk, encodeTerms({ typeId: BIRTH })],
      [civilClerk2, encodeTerms({ typeId: MARRIAGE, validFrom: t + 10, validUntil: t + 1000 })],
    ] as const) {
      await expect(registry.connect(who).issue(cert.id, terms)).to.be.revertedWithCustomError(registry, "DuplicateCertificate").withArgs(cert.id);
    }
    expect(await registry.recordOf(cert.id)).to.equal(before);
  });

  it("[CERT-06] a list of individually addressable certificates is issued in one transaction, each verifiable", async () => {
    const { registry, uniClerk } = await certFixture();
    const certs = prepare(DEGREE, Array.from({ length: 20 }, (_, i) => ({ row: i + 2, holderId: `S2022${i}`, holderKey: ethers.ZeroAddress, validFrom: 0, validUntil: 0, fields: { name: `学生${i}`, major: "Physics", degree: "BSc", graduatedOn: "2026-06-30", certificateNo: `N${i}` } })));
    const ids = certs.map((c) => c.id);
    await expect(registry.connect(uniClerk).issueList(ids, encodeTerms({ typeId: DEGREE })))
      .to.emit(registry, "CertificatesIssued")
      .withArgs(uniClerk.address, (r: bigint) => decodeRecord(r)!.typeId === DEGREE, ids);
    for (const id of ids) expect((await registry.verify(id)).status).to.equal(Status.Valid);
  });

  it("[CERT-06] a list with any duplicate (inside it or already issued) or an empty list is refused as a whole", async () => {
    const { registry, uniClerk } = await certFixture();
    const { cert } = await issueOne(registry, uniClerk, DEGREE);
    const [a, b] = [prepareOne(DEGREE), prepareOne(DEGREE)];
    const terms = encodeTerms({ typeId: DEGREE });
    await expect(registry.connect(uniClerk).issueList([a.id, b.id, a.id], terms)).to.be.revertedWithCustomError(registry, "DuplicateCertificate").withArgs(a.id);
    await expect(registry.connect(uniClerk).issueList([a.id, cert.id], terms)).to.be.revertedWithCustomError(registry, "DuplicateCertificate").withArgs(cert.id);
    expect((await registry.verify(a.id)).status).to.equal(Status.Unknown); // nothing of the batch landed
    await expect(registry.connect(uniClerk).issueList([], terms)).to.be.revertedWithCustomError(registry, "EmptyBatch");
  });

  it("[CERT-06] an encrypted payload's URI and digest are announced in an event only", async () => {
    const { registry, civilClerk } = await certFixture();
    const cert = prepareOne(MARRIAGE);
    const digest = ethers.keccak256("0x1234");
    await expect(registry.connect(civilClerk).issueWithPayload(cert.id, encodeTerms({ typeId: MARRIAGE }), "ipfs://bafy-payload", digest))
      .to.emit(registry, "EncryptedPayload")
      .withArgs(cert.id, "ipfs://bafy-payload", digest);
    expect((await registry.verify(cert.id)).status).to.equal(Status.Valid);
  });

  it("[CERT-30] the regulator's pause stops every issue path; unpause resumes", async () => {
    const { registry, civilClerk, regulator } = await certFixture();
    await registry.connect(regulator).pause("audit");
    const c = prepareOne(MARRIAGE);
    const terms = encodeTerms({ typeId: MARRIAGE });
    await expect(registry.connect(civilClerk).issue(c.id, terms)).to.be.revertedWithCustomError(registry, "ModulePaused");
    await expect(registry.connect(civilClerk).issueList([c.id], terms)).to.be.revertedWithCustomError(registry, "ModulePaused");
    await expect(registry.connect(civilClerk).issueMerkle(c.id, (1000n << 16n) | 1n)).to.be.revertedWithCustomError(registry, "ModulePaused");
    await registry.connect(regulator).unpause("done");
    await registry.connect(civilClerk).issue(c.id, terms);
  });
});
