import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import { encodeTerms } from "../../lib/certificates/index.js";
import { executeTx, addAndAccept } from "../kit/consortium.js";
import { certFixture, CIVIL, DEGREE, issueOne, MARRIAGE, prepareOne, REASON, UNIVERSITY, type CertFixture } from "../kit/certificates.js";

/** Suspends, reinstates or expels `member` by a vote of every other founding admin. */
async function setStatus(f: CertFixture, kind: "SuspendMember" | "ReinstateMember" | "ExpelMember", member: number) {
  const voters = f.admins.filter((_, i) => i + 1 !== member);
  await executeTx(f.consortium, voters, kind, [member]);
}

describe("certificates: a key that leaves its member leaves its issuing identity behind", function () {
  this.timeout(120_000);

  it("[CERT-72][ACC-51] a key removed from member A and added to member B never issues or revokes as A: removal clears its enrolment in the same transaction, keeping only its nonce", async () => {
    const f = await certFixture();
    const { registry, consortium, civilAdmin, uniAdmin, civilClerk2 } = f;
    const { cert } = await issueOne(registry, f.civilClerk, MARRIAGE);
    await registry.connect(civilAdmin).bumpNonce(civilClerk2.address, 7);
    await executeTx(consortium, f.admins, "RevokeRole", [civilClerk2.address, ROLES.CERT_ISSUER]);
    await expect(consortium.connect(civilAdmin).removeAccount(civilClerk2.address))
      .to.emit(registry, "IssuerRemoved")
      .withArgs(civilClerk2.address, CIVIL, await consortium.getAddress());
    expect((await registry.issuerOf(civilClerk2.address))[0]).to.equal(0n);
    expect(await registry.nonceOf(civilClerk2.address)).to.equal(7n);

    // Member B takes the key and governance grants it CERT_ISSUER again: still no civil identity.
    await addAndAccept(consortium, uniAdmin, civilClerk2.address, false);
    await executeTx(consortium, f.admins, "GrantRole", [civilClerk2.address, ROLES.CERT_ISSUER]);
    const next = prepareOne(MARRIAGE);
    await expect(registry.connect(civilClerk2).issue(next.id, encodeTerms({ typeId: MARRIAGE })))
      .to.be.revertedWithCustomError(registry, "IssuerNotEnrolled")
      .withArgs(civilClerk2.address);
    await expect(registry.connect(civilClerk2).revoke(cert.id, REASON.ERROR))
      .to.be.revertedWithCustomError(registry, "NotIssuingMember")
      .withArgs(civilClerk2.address, CIVIL);
    expect(await registry.issuerMember(civilClerk2.address)).to.equal(0n);
    // Its new member enrols it for its own types; the nonce it carried is kept.
    await registry.connect(uniAdmin).setIssuer(civilClerk2.address, [DEGREE], false);
    expect((await registry.issuerOf(civilClerk2.address))[0]).to.equal(BigInt(UNIVERSITY));
    expect(await registry.nonceOf(civilClerk2.address)).to.equal(7n);
    await issueOne(registry, civilClerk2, DEGREE);
  });

  it("[CERT-72] suspension and expulsion clear every key's enrolment of that member in the same transaction; after reinstatement the admin enrols again", async () => {
    const f = await certFixture();
    const { registry, uniAdmin, uniClerk } = f;
    await setStatus(f, "SuspendMember", UNIVERSITY);
    expect((await registry.issuerOf(uniClerk.address))[0]).to.equal(0n);
    await setStatus(f, "ReinstateMember", UNIVERSITY);
    const c = prepareOne(DEGREE);
    await expect(registry.connect(uniClerk).issue(c.id, encodeTerms({ typeId: DEGREE })))
      .to.be.revertedWithCustomError(registry, "IssuerNotEnrolled")
      .withArgs(uniClerk.address);
    await registry.connect(uniAdmin).setIssuer(uniClerk.address, [DEGREE], false);
    await issueOne(registry, uniClerk, DEGREE);
    await setStatus(f, "ExpelMember", UNIVERSITY);
    expect((await registry.issuerOf(uniClerk.address))[0]).to.equal(0n);
  });
});
