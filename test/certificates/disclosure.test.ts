import { expect } from "chai";
import { Wallet } from "ethers";
import {
  certFixture,
  DAY,
  DEGREE,
  ethers,
  issueOne,
  LICENCE,
  networkHelpers,
  now,
  UNIVERSITY,
  type CertFixture,
} from "../kit/certificates.js";
import {
  ciphertextDigest,
  consentHash,
  decryptDetail,
  encryptDetail,
  encryptionPublicKey,
  grantsDomain,
  placementOf,
  signConsent,
  STORED_PLACEMENT,
  type Consent,
} from "../../lib/certificates/index.js";

/** A degree whose holder signs with its own key (bound into the holder commitment). */
async function holderCertificate(f: CertFixture) {
  const holder = Wallet.createRandom();
  const { cert, receipt } = await issueOne(f.registry, f.uniClerk, DEGREE, { holderKey: holder.address });
  return { holder, cert, receipt };
}

async function consent(f: CertFixture, id: string, overrides: Partial<Consent> = {}): Promise<Consent> {
  const t = await now();
  return { certificateId: id, grantee: f.bankAdmin.address, expiresAt: BigInt(t + 30 * DAY), nonce: 1n, deadline: BigInt(t + DAY), ...overrides };
}

async function domain(f: CertFixture) {
  return grantsDomain((await ethers.provider.getNetwork()).chainId, await f.grants.getAddress());
}

describe("certificates: detail disclosure (holder consent, issuer grant)", () => {
  it("[CERT-18] the holder's EIP-712 consent, sent by anyone, records a grant with its expiry", async () => {
    const f = await certFixture();
    const { holder, cert } = await holderCertificate(f);
    const c = await consent(f, cert.id);
    const d = await domain(f);
    expect(await f.grants.hashConsent(c)).to.equal(consentHash(d, c));
    const sig = await signConsent(holder, d, c);
    await expect(f.grants.connect(f.relayer).grantByHolder(c, cert.contentDigest, cert.holderBlind, STORED_PLACEMENT, sig))
      .to.emit(f.grants, "GrantRecorded")
      .withArgs(cert.id, f.bankAdmin.address, holder.address, c.expiresAt, true, UNIVERSITY);
    const g = await f.grants.grantOf(cert.id, f.bankAdmin.address);
    expect([g.expiresAt, g.byHolder]).to.deep.equal([c.expiresAt, true]);
    await f.grants.requireGrant(cert.id, f.bankAdmin.address);
    // The holder withdraws it with a consent that expires now.
    const stop = await consent(f, cert.id, { expiresAt: 0n, nonce: 2n });
    await expect(f.grants.connect(f.relayer).grantByHolder(stop, cert.contentDigest, cert.holderBlind, STORED_PLACEMENT, await signConsent(holder, d, stop)))
      .to.emit(f.grants, "GrantRevoked")
      .withArgs(cert.id, f.bankAdmin.address, holder.address, true);
    await expect(f.grants.requireGrant(cert.id, f.bankAdmin.address)).to.be.revertedWithCustomError(f.grants, "NoGrant").withArgs(cert.id, f.bankAdmin.address);
  });

  it("[CERT-18] a consent for a certificate in a Merkle batch is proven with its receipt", async () => {
    const f = await certFixture();
    const holder = Wallet.createRandom();
    const t = await now();
    const { prepare, buildMerkleBatch, encodeBatchTerms, merkleReceipt } = await import("../../lib/certificates/index.js");
    const certs = prepare(DEGREE, [0, 1, 2].map((i) => ({ row: i, holderId: `S${i}`, holderKey: i === 1 ? holder.address : ethers.ZeroAddress, validFrom: t, validUntil: 0, fields: { name: `N${i}`, major: "M", degree: "B", graduatedOn: "2026-06-30", certificateNo: `${i}` } })));
    const batch = buildMerkleBatch(DEGREE, certs);
    await f.registry.connect(f.uniClerk).issueMerkle(batch.root, encodeBatchTerms(DEGREE, 3));
    const r = merkleReceipt(batch, 1, { chainId: 31337, registry: await f.registry.getAddress(), type: { id: DEGREE, name: "degree" } });
    const c = await consent(f, r.certificateId);
    await f.grants.grantByHolder(c, r.contentDigest, r.holder.blind, placementOf(r), await signConsent(holder, await domain(f), c));
    await f.grants.requireGrant(r.certificateId, f.bankAdmin.address);
  });

  it("[CERT-18] a foreign consent is refused: a key that is not the holder's, a wrong blind, or a certificate the registry does not know", async () => {
    const f = await certFixture();
    const { holder, cert } = await holderCertificate(f);
    const d = await domain(f);
    const c = await consent(f, cert.id);
    const stranger = Wallet.createRandom();
    await expect(f.grants.grantByHolder(c, cert.contentDigest, cert.holderBlind, STORED_PLACEMENT, await signConsent(stranger, d, c)))
      .to.be.revertedWithCustomError(f.grants, "NotHolder")
      .withArgs(cert.id, stranger.address);
    const sig = await signConsent(holder, d, c);
    await expect(f.grants.grantByHolder(c, cert.contentDigest, ethers.keccak256("0x01"), STORED_PLACEMENT, sig))
      .to.be.revertedWithCustomError(f.grants, "NotHolder")
      .withArgs(cert.id, holder.address);
    // Proven holder of an id the registry never issued (the issuer never sent it).
    const { identify } = await import("../../lib/certificates/index.js");
    const ghost = identify(DEGREE, { name: "x" }, "someone", { holderKey: holder.address });
    const g = await consent(f, ghost.id);
    await expect(f.grants.grantByHolder(g, ghost.contentDigest, ghost.holder.blind, STORED_PLACEMENT, await signConsent(holder, d, g)))
      .to.be.revertedWithCustomError(f.grants, "UnknownCertificate")
      .withArgs(ghost.id);
    await expect(f.grants.grantByHolder(c, cert.contentDigest, cert.holderBlind, STORED_PLACEMENT, "0x12")).to.be.revertedWithCustomError(f.grants, "InvalidConsentSignature");
  });

  it("[CERT-19] consent replays are refused: other chain id, other contract, reused nonce, past deadline", async () => {
    const f = await certFixture();
    const { holder, cert } = await holderCertificate(f);
    const { chainId } = await ethers.provider.getNetwork();
    const c = await consent(f, cert.id, { nonce: 5n });
    const send = (sig: string, cc = c) => f.grants.connect(f.relayer).grantByHolder(cc, cert.contentDigest, cert.holderBlind, STORED_PLACEMENT, sig);
    // Other chain: recovers another address, which is not the holder.
    await expect(send(await signConsent(holder, grantsDomain(chainId + 1n, await f.grants.getAddress()), c))).to.be.revertedWithCustomError(f.grants, "NotHolder");
    // Other contract.
    const otherGrants = await ethers.deployContract("DisclosureGrants", [await f.consortium.getAddress(), await f.registry.getAddress()]);
    await expect(send(await signConsent(holder, grantsDomain(chainId, await otherGrants.getAddress()), c))).to.be.revertedWithCustomError(f.grants, "NotHolder");
    // Reused nonce.
    const sig = await signConsent(holder, await domain(f), c);
    await send(sig);
    await expect(send(sig)).to.be.revertedWithCustomError(f.grants, "ConsentNonceUsed").withArgs(holder.address, 5n);
    // Past deadline.
    const late = await consent(f, cert.id, { nonce: 6n, deadline: BigInt((await now()) + 10) });
    const lateSig = await signConsent(holder, await domain(f), late);
    await networkHelpers.time.increase(11);
    await expect(send(lateSig, late)).to.be.revertedWithCustomError(f.grants, "ConsentExpired").withArgs(late.deadline);
    // A nonce the holder cancelled.
    const k = await consent(f, cert.id, { nonce: 7n });
    const kSig = await signConsent(holder, await domain(f), k);
    await networkHelpers.setBalance(holder.address, 10n ** 18n);
    await f.grants.connect(holder.connect(ethers.provider)).cancelConsentNonce(7n);
    await expect(send(kSig, k)).to.be.revertedWithCustomError(f.grants, "ConsentNonceUsed").withArgs(holder.address, 7n);
  });

  it("[CERT-18] the issuing member grants and withdraws; another member's grant is refused as foreign", async () => {
    const f = await certFixture();
    const { cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const exp = BigInt((await now()) + 7 * DAY);
    await expect(f.grants.connect(f.uniClerk).grantByIssuer(cert.id, STORED_PLACEMENT, f.bankAdmin.address, exp))
      .to.emit(f.grants, "GrantRecorded")
      .withArgs(cert.id, f.bankAdmin.address, f.uniClerk.address, exp, false, UNIVERSITY);
    await f.grants.connect(f.uniAdmin).grantByIssuer(cert.id, STORED_PLACEMENT, f.licAdmin.address, exp); // the member's admin too
    await expect(f.grants.connect(f.civilClerk).grantByIssuer(cert.id, STORED_PLACEMENT, f.civilClerk.address, exp))
      .to.be.revertedWithCustomError(f.grants, "NotIssuingMember")
      .withArgs(f.civilClerk.address, UNIVERSITY);
    await expect(f.grants.connect(f.uniClerk).grantByIssuer(cert.id, STORED_PLACEMENT, f.bankAdmin.address, BigInt(await now())))
      .to.be.revertedWithCustomError(f.grants, "InvalidGrantExpiry");
    await expect(f.grants.connect(f.uniClerk).grantByIssuer(cert.id, STORED_PLACEMENT, ethers.ZeroAddress, exp)).to.be.revertedWithCustomError(f.grants, "InvalidGrantee");
    await expect(f.grants.connect(f.civilClerk).revokeGrant(cert.id, STORED_PLACEMENT, f.bankAdmin.address))
      .to.be.revertedWithCustomError(f.grants, "NotIssuingMember")
      .withArgs(f.civilClerk.address, UNIVERSITY);
    await expect(f.grants.connect(f.uniClerk).revokeGrant(cert.id, STORED_PLACEMENT, f.bankAdmin.address))
      .to.emit(f.grants, "GrantRevoked")
      .withArgs(cert.id, f.bankAdmin.address, f.uniClerk.address, false);
    await expect(f.grants.connect(f.uniClerk).revokeGrant(cert.id, STORED_PLACEMENT, f.bankAdmin.address))
      .to.be.revertedWithCustomError(f.grants, "NoGrant")
      .withArgs(cert.id, f.bankAdmin.address);
  });

  it("[CERT-18] the issuing member cannot withdraw the holder's own consent", async () => {
    const f = await certFixture();
    const { holder, cert } = await holderCertificate(f);
    const c = await consent(f, cert.id);
    await f.grants.grantByHolder(c, cert.contentDigest, cert.holderBlind, STORED_PLACEMENT, await signConsent(holder, await domain(f), c));
    await expect(f.grants.connect(f.uniClerk).revokeGrant(cert.id, STORED_PLACEMENT, f.bankAdmin.address))
      .to.be.revertedWithCustomError(f.grants, "HolderGrant")
      .withArgs(cert.id, f.bankAdmin.address);
  });

  it("[CERT-21] a grant expires by time: an expired grant is refused with its expiry", async () => {
    const f = await certFixture();
    const { cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const exp = BigInt((await now()) + DAY);
    await f.grants.connect(f.uniClerk).grantByIssuer(cert.id, STORED_PLACEMENT, f.bankAdmin.address, exp);
    await networkHelpers.time.increaseTo(exp);
    await expect(f.grants.requireGrant(cert.id, f.bankAdmin.address))
      .to.be.revertedWithCustomError(f.grants, "GrantExpired")
      .withArgs(cert.id, f.bankAdmin.address, exp);
  });

  it("[CERT-20] the detail travels encrypted to the grantee's registered key; only the grantee reads it", async () => {
    const f = await certFixture();
    const grantee = Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(grantee.address, 10n ** 18n);
    const pub = encryptionPublicKey(grantee.privateKey);
    await expect(f.grants.connect(grantee).setEncryptionKey(pub)).to.emit(f.grants, "EncryptionKeySet").withArgs(grantee.address, pub);
    await expect(f.grants.connect(f.bankAdmin).setEncryptionKey(pub)).to.be.revertedWithCustomError(f.grants, "InvalidEncryptionKey");
    await expect(f.grants.connect(grantee).setEncryptionKey("0x1234")).to.be.revertedWithCustomError(f.grants, "InvalidEncryptionKey");

    const { cert, receipt } = await issueOne(f.registry, f.licClerk, LICENCE);
    const exp = BigInt((await now()) + DAY);
    await f.grants.connect(f.licClerk).grantByIssuer(cert.id, STORED_PLACEMENT, grantee.address, exp);
    // The issuer reads the key from the chain and encrypts the detail to it.
    const key = await f.grants.encryptionKey(grantee.address);
    const ciphertext = encryptDetail(key, { document: receipt.document, certificateId: cert.id });
    await expect(f.grants.connect(f.licClerk).deliverDetail(cert.id, STORED_PLACEMENT, grantee.address, "https://licensing.example/d/1", ciphertextDigest(ciphertext)))
      .to.emit(f.grants, "DetailDelivered")
      .withArgs(cert.id, grantee.address, f.licClerk.address, "https://licensing.example/d/1", ciphertextDigest(ciphertext));
    expect(decryptDetail(grantee.privateKey, ciphertext)).to.deep.equal({ certificateId: cert.id, document: receipt.document });
    expect(() => decryptDetail(Wallet.createRandom().privateKey, ciphertext)).to.throw();
    // No grant, no delivery.
    await expect(f.grants.connect(f.licClerk).deliverDetail(cert.id, STORED_PLACEMENT, f.outsider.address, "x", ethers.ZeroHash))
      .to.be.revertedWithCustomError(f.grants, "NoGrant")
      .withArgs(cert.id, f.outsider.address);
  });
});
