import { expect } from "chai";
import { certFixture, CIVIL, DAY, ethers, MARRIAGE, now, prepareOne, type CertFixture } from "../kit/certificates.js";
import {
  encodeTerms,
  issueOrderHash,
  registryDomain,
  signIssueOrder,
  type IssueOrder,
} from "../../lib/certificates/index.js";

async function order(f: CertFixture, overrides: Partial<IssueOrder> = {}): Promise<IssueOrder> {
  return {
    signer: f.civilClerk.address,
    id: prepareOne(MARRIAGE).id,
    terms: encodeTerms({ typeId: MARRIAGE }),
    nonce: 0n,
    deadline: BigInt((await now()) + DAY),
    ...overrides,
  };
}

async function domain(f: CertFixture) {
  const { chainId } = await ethers.provider.getNetwork();
  return registryDomain(chainId, await f.registry.getAddress());
}

describe("certificates: delegated issuance (EIP-712 orders)", () => {
  it("[CERT-14] a clerk signs an issue order off chain and any relayer sends it; the clerk is the recorded signer", async () => {
    const f = await certFixture();
    const { registry, civilClerk, relayer } = f;
    const o = await order(f, { nonce: await registry.nonceOf(civilClerk.address) });
    const d = await domain(f);
    expect(await registry.hashIssueOrder(o)).to.equal(issueOrderHash(d, o));
    const sig = await signIssueOrder(civilClerk, d, o);
    await expect(registry.connect(relayer).issueWithOrder(o, sig))
      .to.emit(registry, "CertificateIssuedByOrder")
      .withArgs(o.id, civilClerk.address, relayer.address, 0n, (r: bigint) => Number((r >> 16n) & 0xffffffffn) === CIVIL);
    expect((await registry.verify(o.id)).status).to.equal(1n);
    expect(await registry.nonceOf(civilClerk.address)).to.equal(1n);
    // The next order carries the next nonce.
    const o2 = await order(f, { nonce: 1n });
    await registry.connect(relayer).issueWithOrder(o2, await signIssueOrder(civilClerk, d, o2));
    expect(await registry.nonceOf(civilClerk.address)).to.equal(2n);
  });

  it("[CERT-15] an order signed for another chain id is refused", async () => {
    const f = await certFixture();
    const o = await order(f);
    const sig = await signIssueOrder(f.civilClerk, registryDomain(4242n, await f.registry.getAddress()), o);
    await expect(f.registry.connect(f.relayer).issueWithOrder(o, sig))
      .to.be.revertedWithCustomError(f.registry, "InvalidOrderSignature")
      .withArgs(f.civilClerk.address);
  });

  it("[CERT-15] an order signed for another registry is refused", async () => {
    const f = await certFixture();
    const other = await ethers.deployContract("CertificateRegistry", [await f.consortium.getAddress()]);
    const { chainId } = await ethers.provider.getNetwork();
    const o = await order(f);
    const sig = await signIssueOrder(f.civilClerk, registryDomain(chainId, await other.getAddress()), o);
    await expect(f.registry.connect(f.relayer).issueWithOrder(o, sig))
      .to.be.revertedWithCustomError(f.registry, "InvalidOrderSignature")
      .withArgs(f.civilClerk.address);
  });

  it("[CERT-15] a reused nonce is refused, even for a different certificate; so is a skipped one", async () => {
    const f = await certFixture();
    const d = await domain(f);
    const first = await order(f, { nonce: 0n });
    const sig = await signIssueOrder(f.civilClerk, d, first);
    await f.registry.connect(f.relayer).issueWithOrder(first, sig);
    await expect(f.registry.connect(f.relayer).issueWithOrder(first, sig))
      .to.be.revertedWithCustomError(f.registry, "InvalidNonce")
      .withArgs(f.civilClerk.address, 1n, 0n);
    const second = await order(f, { nonce: 0n });
    await expect(f.registry.connect(f.relayer).issueWithOrder(second, await signIssueOrder(f.civilClerk, d, second)))
      .to.be.revertedWithCustomError(f.registry, "InvalidNonce")
      .withArgs(f.civilClerk.address, 1n, 0n);
    const skipped = await order(f, { nonce: 5n });
    await expect(f.registry.connect(f.relayer).issueWithOrder(skipped, await signIssueOrder(f.civilClerk, d, skipped)))
      .to.be.revertedWithCustomError(f.registry, "InvalidNonce")
      .withArgs(f.civilClerk.address, 1n, 5n);
  });

  it("[CERT-15] an order past its deadline is refused", async () => {
    const f = await certFixture();
    const o = await order(f, { deadline: BigInt((await now()) + 60) });
    const sig = await signIssueOrder(f.civilClerk, await domain(f), o);
    const { networkHelpers } = await import("../kit/certificates.js");
    await networkHelpers.time.increase(61);
    await expect(f.registry.connect(f.relayer).issueWithOrder(o, sig)).to.be.revertedWithCustomError(f.registry, "OrderExpired").withArgs(o.deadline);
  });

  it("[CERT-15] an altered order, a signature by someone else and a malformed signature are refused", async () => {
    const f = await certFixture();
    const d = await domain(f);
    const o = await order(f);
    const sig = await signIssueOrder(f.civilClerk, d, o);
    const altered = { ...o, terms: encodeTerms({ typeId: MARRIAGE, validUntil: (await now()) + 10 * DAY }) };
    await expect(f.registry.connect(f.relayer).issueWithOrder(altered, sig)).to.be.revertedWithCustomError(f.registry, "InvalidOrderSignature").withArgs(o.signer);
    const byOutsider = await signIssueOrder(f.outsider, d, o);
    await expect(f.registry.connect(f.relayer).issueWithOrder(o, byOutsider)).to.be.revertedWithCustomError(f.registry, "InvalidOrderSignature").withArgs(o.signer);
    await expect(f.registry.connect(f.relayer).issueWithOrder(o, "0x1234")).to.be.revertedWithCustomError(f.registry, "InvalidOrderSignature").withArgs(o.signer);
    // A valid signature by a key that may not issue: refused by the same permission check as a direct issue.
    const own = { ...o, signer: f.outsider.address };
    await expect(f.registry.connect(f.relayer).issueWithOrder(own, await signIssueOrder(f.outsider, d, own)))
      .to.be.revertedWithCustomError(f.registry, "NotIssuer")
      .withArgs(f.outsider.address);
  });

  it("[CERT-03] the member's admin revokes a clerk's authority: a nonce bump or a withdrawn key, outstanding orders fail", async () => {
    const f = await certFixture();
    const d = await domain(f);
    const a = await order(f, { nonce: 0n });
    const b = await order(f, { nonce: 1n });
    const [sigA, sigB] = [await signIssueOrder(f.civilClerk, d, a), await signIssueOrder(f.civilClerk, d, b)];
    await expect(f.registry.connect(f.uniAdmin).bumpNonce(f.civilClerk.address, 2n))
      .to.be.revertedWithCustomError(f.registry, "NotMemberAdmin")
      .withArgs(f.uniAdmin.address, CIVIL);
    await expect(f.registry.connect(f.civilAdmin).bumpNonce(f.civilClerk.address, 2n))
      .to.emit(f.registry, "NonceBumped")
      .withArgs(f.civilClerk.address, 0n, 2n, f.civilAdmin.address);
    await expect(f.registry.connect(f.relayer).issueWithOrder(a, sigA)).to.be.revertedWithCustomError(f.registry, "InvalidNonce").withArgs(f.civilClerk.address, 2n, 0n);
    await expect(f.registry.connect(f.relayer).issueWithOrder(b, sigB)).to.be.revertedWithCustomError(f.registry, "InvalidNonce").withArgs(f.civilClerk.address, 2n, 1n);
    await expect(f.registry.connect(f.civilAdmin).bumpNonce(f.civilClerk.address, 2n))
      .to.be.revertedWithCustomError(f.registry, "InvalidNonce")
      .withArgs(f.civilClerk.address, 2n, 2n);
    // Withdrawing the key fails its orders at once; re-enrolling keeps the nonce, so none revives.
    const c = await order(f, { nonce: 2n });
    const sigC = await signIssueOrder(f.civilClerk, d, c);
    await f.registry.connect(f.civilAdmin).removeIssuer(f.civilClerk.address);
    await expect(f.registry.connect(f.relayer).issueWithOrder(c, sigC)).to.be.revertedWithCustomError(f.registry, "IssuerNotEnrolled").withArgs(f.civilClerk.address);
    await f.registry.connect(f.civilAdmin).setIssuer(f.civilClerk.address, [MARRIAGE], false);
    expect(await f.registry.nonceOf(f.civilClerk.address)).to.equal(2n);
    await expect(f.registry.connect(f.relayer).issueWithOrder(a, sigA)).to.be.revertedWithCustomError(f.registry, "InvalidNonce");
    // The clerk itself may void its own outstanding orders; MAX_NONCE closes the key to orders.
    await f.registry.connect(f.civilClerk).bumpNonce(f.civilClerk.address, await f.registry.MAX_NONCE());
    const last = await order(f, { nonce: await f.registry.MAX_NONCE() });
    await expect(f.registry.connect(f.relayer).issueWithOrder(last, await signIssueOrder(f.civilClerk, d, last))).to.be.revertedWithCustomError(f.registry, "InvalidNonce");
  });
});
