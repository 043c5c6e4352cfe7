import { expect } from "chai";
import { certFixture, CIVIL, DAY, ethers, MARRIAGE, now, prepareOne, type CertFixture } from "./helpers.js";
import {
  encodeTerms,
  issueOrderHash,
  nextNonce,
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
    const o = await order(f, { nonce: 7n });
    const d = await domain(f);
    expect(await registry.hashIssueOrder(o)).to.equal(issueOrderHash(d, o));
    const sig = await signIssueOrder(civilClerk, d, o);
    await expect(registry.connect(relayer).issueWithOrder(o, sig))
      .to.emit(registry, "CertificateIssuedByOrder")
      .withArgs(o.id, civilClerk.address, relayer.address, 7n, (r: bigint) => Number((r >> 16n) & 0xffffffffn) === CIVIL);
    expect((await registry.verify(o.id)).status).to.equal(1n);
    expect(await registry.nonceUsed(civilClerk.address, 7n)).to.equal(true);
    expect(await nextNonce((n) => registry.nonceUsed(civilClerk.address, n), 7n)).to.equal(8n);
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

  it("[CERT-15] a reused nonce is refused, even for a different certificate", async () => {
    const f = await certFixture();
    const d = await domain(f);
    const first = await order(f, { nonce: 1n });
    await f.registry.connect(f.relayer).issueWithOrder(first, await signIssueOrder(f.civilClerk, d, first));
    await expect(f.registry.connect(f.relayer).issueWithOrder(first, await signIssueOrder(f.civilClerk, d, first)))
      .to.be.revertedWithCustomError(f.registry, "NonceAlreadyUsed")
      .withArgs(f.civilClerk.address, 1n);
    const second = await order(f, { nonce: 1n });
    await expect(f.registry.connect(f.relayer).issueWithOrder(second, await signIssueOrder(f.civilClerk, d, second)))
      .to.be.revertedWithCustomError(f.registry, "NonceAlreadyUsed")
      .withArgs(f.civilClerk.address, 1n);
  });

  it("[CERT-15] an order past its deadline is refused", async () => {
    const f = await certFixture();
    const o = await order(f, { deadline: BigInt((await now()) + 60) });
    const sig = await signIssueOrder(f.civilClerk, await domain(f), o);
    const { networkHelpers } = await import("./helpers.js");
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

  it("[CERT-03] the member's admin revokes a clerk's authority: withdrawn key or cancelled nonce, outstanding orders fail", async () => {
    const f = await certFixture();
    const d = await domain(f);
    const a = await order(f, { nonce: 10n });
    const b = await order(f, { nonce: 11n });
    const [sigA, sigB] = [await signIssueOrder(f.civilClerk, d, a), await signIssueOrder(f.civilClerk, d, b)];
    await expect(f.registry.connect(f.uniAdmin).cancelNonce(f.civilClerk.address, 10n))
      .to.be.revertedWithCustomError(f.registry, "NotMemberAdmin")
      .withArgs(f.uniAdmin.address, CIVIL);
    await expect(f.registry.connect(f.civilAdmin).cancelNonce(f.civilClerk.address, 10n))
      .to.emit(f.registry, "NonceCancelled")
      .withArgs(f.civilClerk.address, 10n, f.civilAdmin.address);
    await expect(f.registry.connect(f.relayer).issueWithOrder(a, sigA)).to.be.revertedWithCustomError(f.registry, "NonceAlreadyUsed").withArgs(f.civilClerk.address, 10n);
    await f.registry.connect(f.civilAdmin).removeIssuer(f.civilClerk.address);
    await expect(f.registry.connect(f.relayer).issueWithOrder(b, sigB)).to.be.revertedWithCustomError(f.registry, "IssuerNotEnrolled").withArgs(f.civilClerk.address);
    // The clerk itself may cancel its own nonces.
    await f.registry.connect(f.civilClerk).cancelNonce(f.civilClerk.address, 12n);
    expect(await f.registry.nonceUsed(f.civilClerk.address, 12n)).to.equal(true);
  });
});
