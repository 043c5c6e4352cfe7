import { expect } from "chai";
import { BrowserProvider } from "ethers";
import {
  certFixture,
  DAY,
  DEGREE,
  eip1193,
  ethers,
  issueBatch,
  issueOne,
  LICENCE,
  MARRIAGE,
  networkHelpers,
  now,
  prepareOne,
  REASON,
} from "../kit/certificates.js";
import { encodeTerms, receiptOf, verifyCertificate } from "../../lib/certificates/index.js";

/** A plain ethers provider over the node's EIP-1193 interface: no Hardhat objects involved. */
const plain = () => new BrowserProvider(eip1193);

describe("certificates: verification (one view call, and the lib verifier)", () => {
  it("[CERT-16] the lib verifier answers valid for a stored certificate and a batch receipt, with member, type and dates", async () => {
    const { registry, uniClerk } = await certFixture();
    const addr = await registry.getAddress();
    const { receipt } = await issueOne(registry, uniClerk, DEGREE);
    const a = await verifyCertificate(plain(), addr, receipt);
    expect([a.status, a.valid, a.member, a.typeId]).to.deep.equal(["valid", true, 2, DEGREE]);
    expect(a.why[0]).to.match(/^valid: issued by member 2, type 2, valid from .*no expiry$/);
    const b = await issueBatch(registry, uniClerk, DEGREE, 7);
    for (const i of [0, 3, 6]) {
      const r = await verifyCertificate(plain(), addr, b.receipt(i));
      expect([r.status, r.valid]).to.deep.equal(["valid", true]);
    }
    const byId = await verifyCertificate(plain(), addr, { certificateId: receipt.certificateId });
    expect(byId.status).to.equal("valid");
  });

  it("[CERT-16] it names why a certificate is not valid: revoked, suspended, superseded, expired, not yet valid", async () => {
    const { registry, civilClerk, licClerk } = await certFixture();
    const addr = await registry.getAddress();
    const revoked = await issueOne(registry, civilClerk, MARRIAGE);
    await registry.connect(civilClerk).revoke(revoked.cert.id, REASON.ERROR);
    expect((await verifyCertificate(plain(), addr, revoked.receipt)).why[0]).to.match(/^revoked at block \d+: issued in error$/);
    const suspended = await issueOne(registry, licClerk, LICENCE);
    await registry.connect(licClerk).suspend(suspended.cert.id, REASON.INVESTIGATION);
    expect((await verifyCertificate(plain(), addr, suspended.receipt)).why[0]).to.equal("suspended by member 3, type 3: under investigation");
    const old = await issueOne(registry, civilClerk, MARRIAGE);
    const next = prepareOne(MARRIAGE);
    await registry.connect(civilClerk).supersede(old.cert.id, next.id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED);
    const s = await verifyCertificate(plain(), addr, old.receipt);
    expect([s.status, s.successor]).to.deep.equal(["superseded", next.id]);
    expect(s.why[0]).to.equal(`superseded by ${next.id} (data changed (变更))`);
    const t = await now();
    const later = prepareOne(LICENCE, { validFrom: t + DAY, validUntil: t + 2 * DAY });
    await registry.connect(licClerk).issue(later.id, encodeTerms({ typeId: LICENCE, validFrom: later.validFrom, validUntil: later.validUntil }));
    const ctx = { chainId: 31337, registry: addr, type: { id: LICENCE, name: "licence" } };
    expect((await verifyCertificate(plain(), addr, receiptOf(later, ctx))).status).to.equal("not-yet-valid");
    await networkHelpers.time.increaseTo(t + 3 * DAY);
    const e = await verifyCertificate(plain(), addr, receiptOf(later, ctx));
    expect(e.status).to.equal("expired");
    expect(e.why[0]).to.match(/^expired on \d{4}-\d\d-\d\dT/);
  });

  it("[CERT-16] it explains unknown: altered document, forged proof, unregistered root, other chain or registry", async () => {
    const { registry, uniClerk } = await certFixture();
    const addr = await registry.getAddress();
    const { receipt } = await issueOne(registry, uniClerk, DEGREE);
    const altered = await verifyCertificate(plain(), addr, { ...receipt, document: { ...receipt.document, degree: "PhD" } });
    expect(altered.status).to.equal("unknown");
    expect(altered.why).to.include("the document does not match its content digest: it was altered, or its salt is wrong");
    const b = await issueBatch(registry, uniClerk, DEGREE, 9);
    const r = b.receipt(4);
    const forged = await verifyCertificate(plain(), addr, { ...r, placement: { ...r.placement!, proof: b.receipt(5).placement!.proof } });
    expect(forged.why[0]).to.equal("unknown: the proof does not match the batch root");
    const foreign = await verifyCertificate(plain(), addr, { ...r, placement: { ...r.placement!, root: ethers.keccak256("0x07") } });
    expect(foreign.why[0]).to.equal(`unknown: batch root ${ethers.keccak256("0x07")} is not registered here`);
    const otherChain = await verifyCertificate(plain(), addr, { ...receipt, chainId: 1 });
    expect([otherChain.valid, otherChain.why[1]]).to.deep.equal([false, "the receipt is for chain 1, the provider is on chain 31337"]);
    const missing = await verifyCertificate(plain(), addr, { certificateId: ethers.keccak256("0x01") });
    expect(missing.why[0]).to.equal(`unknown: no certificate ${ethers.keccak256("0x01")} is registered here`);
    // Revoked leaf.
    await registry.connect(uniClerk).revokeLeaf(b.batch.root, 4, 1);
    expect((await verifyCertificate(plain(), addr, r)).why[0]).to.equal(`revoked: leaf 4 of batch ${b.batch.root}`);
  });
});
