import { expect } from "chai";
import { bilateralDomain, contractId, signTerms } from "../../lib/energy/bilateral.js";
import { ethers, networkHelpers, PERIOD, registerK1, signCancellation, signContract, statementsFixture, termsOf } from "../kit/energy-settlement.js";

describe("energy statements: bilateral contracts", () => {
  it("[ENG-120] registers a contract both parties signed, submitted by either party or the market operator, and nobody else", async () => {
    const f = await statementsFixture();
    const terms = termsOf(f.gen.address, f.cons.address, 500_000_000n, 38_000n);
    const { sellerSig, buyerSig, id } = await signContract(f, terms, f.gen, f.cons);
    await expect(f.bilateral.connect(f.outsider).register(terms, sellerSig, buyerSig))
      .to.be.revertedWithCustomError(f.bilateral, "NotPartyOrOperator")
      .withArgs(f.outsider.address);
    // the settlement agent is a member but neither a party nor the market operator
    await expect(f.bilateral.connect(f.grid).register(terms, sellerSig, buyerSig)).to.be.revertedWithCustomError(f.bilateral, "NotPartyOrOperator");
    await expect(f.bilateral.connect(f.cons).register(terms, sellerSig, buyerSig))
      .to.emit(f.bilateral, "ContractRegistered")
      .withArgs(id, f.gen.address, f.cons.address, PERIOD, 500_000_000n, 38_000n, terms.ref, f.cons.address);
    const rec = await f.bilateral.contractOf(id);
    expect(rec.status).to.equal(1n);
    expect(rec.quantityWh).to.equal(500_000_000n);
    for (const [who, ref] of [[f.gen, "K2"], [f.centre, "K3"]] as const) {
      const t = termsOf(f.gen.address, f.cons.address, 1_000n, 1n, ref);
      const s = await signContract(f, t, f.gen, f.cons);
      await expect(f.bilateral.connect(who).register(t, s.sellerSig, s.buyerSig)).to.emit(f.bilateral, "ContractRegistered");
    }
    expect(await f.bilateral.legCount(PERIOD, f.cons.address)).to.equal(3n);
  });

  it("[ENG-121] the seller must hold GENERATOR or RETAILER, the buyer RETAILER or CONSUMER, and they differ", async () => {
    const f = await statementsFixture();
    const bad = async (seller: typeof f.gen, buyer: typeof f.gen, error: string, arg: string) => {
      const t = termsOf(seller.address, buyer.address, 1_000n, 1n, `${error}-${arg}`);
      const s = await signContract(f, t, seller, buyer);
      await expect(f.bilateral.connect(f.centre).register(t, s.sellerSig, s.buyerSig)).to.be.revertedWithCustomError(f.bilateral, error).withArgs(arg);
    };
    await bad(f.cons, f.gen, "NotSeller", f.cons.address); // a consumer cannot sell
    await bad(f.gen, f.solar, "NotBuyer", f.solar.address); // a generator cannot buy
    await bad(f.gen, f.outsider, "NotBuyer", f.outsider.address); // not a member
    await bad(f.gen, f.gen, "SameParty", f.gen.address);
    // a retailer may do both
    const t = termsOf(f.ret.address, f.cons.address, 1_000n, 1n, "R1");
    const s = await signContract(f, t, f.ret, f.cons);
    await expect(f.bilateral.connect(f.ret).register(t, s.sellerSig, s.buyerSig)).to.emit(f.bilateral, "ContractRegistered");
    const t2 = termsOf(f.gen.address, f.ret.address, 1_000n, 1n, "R2");
    const s2 = await signContract(f, t2, f.gen, f.ret);
    await expect(f.bilateral.connect(f.ret).register(t2, s2.sellerSig, s2.buyerSig)).to.emit(f.bilateral, "ContractRegistered");
    // frozen in the module: refused
    await f.bilateral.connect(f.regulator).freeze(f.cons.address, "investigation");
    await bad(f.gen, f.cons, "NotBuyer", f.cons.address);
  });

  it("[ENG-122] a signature of anyone else, over other terms, or past its deadline is refused", async () => {
    const f = await statementsFixture();
    const terms = termsOf(f.gen.address, f.cons.address, 1_000n, 1n);
    const { sellerSig, buyerSig } = await signContract(f, terms, f.gen, f.cons);
    const domain = bilateralDomain(f.chainId, await f.bilateral.getAddress());
    const forged = await signTerms(f.outsider, domain, terms);
    await expect(f.bilateral.connect(f.centre).register(terms, forged, buyerSig)).to.be.revertedWithCustomError(f.bilateral, "BadSignature").withArgs(f.gen.address, f.outsider.address);
    await expect(f.bilateral.connect(f.centre).register(terms, sellerSig, forged)).to.be.revertedWithCustomError(f.bilateral, "BadSignature").withArgs(f.cons.address, f.outsider.address);
    // the signatures do not carry to other terms
    const more = { ...terms, quantityWh: 2_000n };
    await expect(f.bilateral.connect(f.centre).register(more, sellerSig, buyerSig)).to.be.revertedWithCustomError(f.bilateral, "BadSignature");
    await expect(f.bilateral.connect(f.centre).register(terms, "0x1234", buyerSig)).to.be.revertedWithCustomError(f.bilateral, "BadSignature").withArgs(f.gen.address, ethers.ZeroAddress);
    const now = BigInt(await networkHelpers.time.latest());
    const expiring = { ...terms, ref: ethers.id("EXP"), deadline: now + 100n };
    const e = await signContract(f, expiring, f.gen, f.cons);
    await networkHelpers.time.increaseTo(now + 101n);
    await expect(f.bilateral.connect(f.centre).register(expiring, e.sellerSig, e.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "SignatureExpired").withArgs(now + 100n);
  });

  it("[ENG-123] replay: the same signed contract registers once, never after cancellation, and not on another deployment", async () => {
    const f = await statementsFixture();
    const { terms, id } = await registerK1(f);
    expect(id).to.equal(contractId(f.gen.address, f.cons.address, terms.ref));
    expect(await f.bilateral.contractId(f.gen.address, f.cons.address, terms.ref)).to.equal(id);
    const { sellerSig, buyerSig } = await signContract(f, terms, f.gen, f.cons);
    await expect(f.bilateral.connect(f.cons).register(terms, sellerSig, buyerSig)).to.be.revertedWithCustomError(f.bilateral, "ContractExists").withArgs(id);
    // the same ref with other terms is the same id: the ref is the nonce
    const other = { ...terms, quantityWh: 7n };
    const o = await signContract(f, other, f.gen, f.cons);
    await expect(f.bilateral.connect(f.cons).register(other, o.sellerSig, o.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "ContractExists").withArgs(id);
    const c = await signCancellation(f, id, terms.deadline, f.gen, f.cons);
    await f.bilateral.connect(f.gen).cancel(id, terms.deadline, c.sellerSig, c.buyerSig);
    await expect(f.bilateral.connect(f.cons).register(terms, sellerSig, buyerSig)).to.be.revertedWithCustomError(f.bilateral, "ContractExists").withArgs(id);
    // another deployment (another verifying contract in the domain) refuses these signatures
    const copy = await ethers.deployContract("BilateralContracts", [await f.consortium.getAddress(), await f.inputs.getAddress()]);
    const fresh = { ...terms, ref: ethers.id("K-copy") };
    const s = await signContract(f, fresh, f.gen, f.cons); // domain of f.bilateral
    const here = await f.bilateral.registerDigest(fresh);
    expect(ethers.recoverAddress(here, s.sellerSig)).to.equal(f.gen.address);
    expect(ethers.recoverAddress(await copy.registerDigest(fresh), s.sellerSig)).to.not.equal(f.gen.address);
    // and for another chain id
    const otherChain = bilateralDomain(f.chainId + 1n, await f.bilateral.getAddress());
    const foreign = await signTerms(f.gen, otherChain, fresh);
    expect(ethers.recoverAddress(here, foreign)).to.not.equal(f.gen.address);
    await expect(f.bilateral.connect(f.centre).register(fresh, foreign, s.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "BadSignature");
  });

  it("[ENG-124] quantity, price and period bounds", async () => {
    const f = await statementsFixture();
    const reg = async (t: ReturnType<typeof termsOf>) => {
      const s = await signContract(f, t, f.gen, f.cons);
      return f.bilateral.connect(f.centre).register(t, s.sellerSig, s.buyerSig);
    };
    await expect(reg(termsOf(f.gen.address, f.cons.address, 0n, 1n, "Q0"))).to.be.revertedWithCustomError(f.bilateral, "QuantityOutOfRange").withArgs(0n);
    await expect(reg(termsOf(f.gen.address, f.cons.address, 10n ** 15n + 1n, 1n, "Q1"))).to.be.revertedWithCustomError(f.bilateral, "QuantityOutOfRange").withArgs(10n ** 15n + 1n);
    await expect(reg(termsOf(f.gen.address, f.cons.address, 10n ** 15n, 10n ** 9n, "MAX"))).to.emit(f.bilateral, "ContractRegistered");
    await expect(reg(termsOf(f.gen.address, f.cons.address, 1n, 10n ** 9n + 1n, "P1"))).to.be.revertedWithCustomError(f.bilateral, "PriceOutOfRange").withArgs(10n ** 9n + 1n);
    await expect(reg({ ...termsOf(f.gen.address, f.cons.address, 1n, 1n, "U"), period: 99n })).to.be.revertedWithCustomError(f.bilateral, "UnknownPeriod").withArgs(99n);
    await networkHelpers.time.increaseTo(f.start);
    await expect(reg(termsOf(f.gen.address, f.cons.address, 1n, 1n, "LATE"))).to.be.revertedWithCustomError(f.bilateral, "PeriodStarted").withArgs(PERIOD, f.start);
  });

  it("[ENG-125] cancellation needs both signatures before the period starts and cannot be replayed", async () => {
    const f = await statementsFixture();
    const { id } = await registerK1(f);
    const deadline = 4_000_000_000n;
    const c = await signCancellation(f, id, deadline, f.gen, f.cons);
    const onlySeller = await signCancellation(f, id, deadline, f.gen, f.gen);
    await expect(f.bilateral.connect(f.gen).cancel(id, deadline, onlySeller.sellerSig, onlySeller.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "BadSignature").withArgs(f.cons.address, f.gen.address);
    await expect(f.bilateral.connect(f.outsider).cancel(id, deadline, c.sellerSig, c.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "NotPartyOrOperator");
    await expect(f.bilateral.connect(f.centre).cancel(ethers.id("nothing"), deadline, c.sellerSig, c.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "ContractNotActive");
    // signed for another deadline: not this message
    await expect(f.bilateral.connect(f.centre).cancel(id, deadline - 1n, c.sellerSig, c.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "BadSignature");
    await expect(f.bilateral.connect(f.centre).cancel(id, deadline, c.sellerSig, c.buyerSig)).to.emit(f.bilateral, "ContractCancelled").withArgs(id, PERIOD, f.centre.address);
    expect((await f.bilateral.contractOf(id)).status).to.equal(2n);
    expect(await f.bilateral.legsOf(PERIOD, f.cons.address)).to.deep.equal([]);
    await expect(f.bilateral.connect(f.centre).cancel(id, deadline, c.sellerSig, c.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "ContractNotActive").withArgs(id);
    // after the start: refused
    const k2 = termsOf(f.gen.address, f.cons.address, 5n, 5n, "K2");
    const s = await signContract(f, k2, f.gen, f.cons);
    await f.bilateral.connect(f.centre).register(k2, s.sellerSig, s.buyerSig);
    const c2 = await signCancellation(f, s.id, deadline, f.gen, f.cons);
    await networkHelpers.time.increaseTo(f.start);
    await expect(f.bilateral.connect(f.centre).cancel(s.id, deadline, c2.sellerSig, c2.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "PeriodStarted").withArgs(PERIOD, f.start);
  });

  it("[ENG-126] legsOf gives + to the buyer and - to the seller at the contract price, at most 32 a period", async () => {
    const f = await statementsFixture();
    const { id } = await registerK1(f);
    const [buy] = await f.bilateral.legsOf(PERIOD, f.cons.address);
    const [sell] = await f.bilateral.legsOf(PERIOD, f.gen.address);
    expect([buy!.id, buy!.quantityWh, buy!.price]).to.deep.equal([id, 500_000_000n, 38_000n]);
    expect([sell!.id, sell!.quantityWh, sell!.price]).to.deep.equal([id, -500_000_000n, 38_000n]);
    for (let i = 1; i < 32; i++) {
      const t = termsOf(f.ret.address, f.cons.address, 1n, 1n, `L${i}`);
      const s = await signContract(f, t, f.ret, f.cons);
      await f.bilateral.connect(f.centre).register(t, s.sellerSig, s.buyerSig);
    }
    expect(await f.bilateral.legCount(PERIOD, f.cons.address)).to.equal(32n);
    const t = termsOf(f.ret.address, f.cons.address, 1n, 1n, "L32");
    const s = await signContract(f, t, f.ret, f.cons);
    await expect(f.bilateral.connect(f.centre).register(t, s.sellerSig, s.buyerSig)).to.be.revertedWithCustomError(f.bilateral, "TooManyLegs").withArgs(f.cons.address, PERIOD);
  });
});
