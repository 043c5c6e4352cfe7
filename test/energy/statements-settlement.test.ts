import { expect } from "chai";
import { ZeroHash } from "ethers";
import { ROLES } from "../../lib/access/roles.js";
import { auditPeriod, entryOf, headerOf, reissue, statementsHash, termsFromChain, type ChainReader, type Entry } from "../../lib/energy/statements.js";
import { settleParticipant, statementDigest } from "../../lib/energy/settlement.js";
import { DEFAULT_TARIFF } from "../../lib/energy/statements-deployment.js";
import { executeTx } from "../kit/consortium.js";
import {
  bodyTuple,
  CLEARING_PRICE,
  closePeriod,
  DAY,
  depositAll,
  ethers,
  examplePeriod,
  networkHelpers,
  PERIOD,
  PeriodState,
  postAll,
  postedAndSigned,
  StatementState,
  statementsFixture,
  type StatementsFixture,
} from "../kit/energy-settlement.js";

function readerOf(f: StatementsFixture, settlementAddress: string): ChainReader {
  return {
    chainId: f.chainId,
    settlement: settlementAddress,
    terms: async (p) => [...(await f.settlement.termsOf(p))],
    statement: async (p, who) => {
      const s = await f.settlement.getStatement(p, who);
      return { revision: Number(s.revision), net: s.net, digest: s.digest, lines: Number(s.lines) };
    },
    previousDigest: async (p, who, revision) => {
      const events = await f.settlement.queryFilter(f.settlement.filters.StatementReissued(p, who));
      const e = events.find((x) => Number(x.args.revision) === revision);
      return e ? e.args.previous : ZeroHash;
    },
    legs: async (p, who) => (await f.bilateral.legsOf(p, who)).map((l) => ({ id: l.id, quantityWh: l.quantityWh, price: l.price })),
    clearedWh: (p, who) => f.inputs.clearedWh(p, who),
    meteredWh: (p, who) => f.inputs.meteredWh(p, who),
  };
}

async function voters(f: StatementsFixture) {
  // every founder's admin votes
  const s = await ethers.getSigners();
  return s.slice(1, 9);
}

describe("energy statements: deposits, periods, posting", () => {
  it("[ENG-130] the contract joins the body's member to hold the token; deposits by approve or permit, member accounts only", async () => {
    const f = await statementsFixture();
    expect(await f.consortium.memberOf(await f.settlement.getAddress())).to.equal(1n);
    await expect(f.settlement.connect(f.gen).joinMember(1n)).to.be.revertedWithCustomError(f.settlement, "NotMemberAdmin");
    const addr = await f.settlement.getAddress();
    await f.token.connect(f.gen).approve(addr, 5_000n);
    await expect(f.settlement.connect(f.gen).deposit(5_000n)).to.emit(f.settlement, "Deposited").withArgs(f.gen.address, 5_000n, 5_000n);
    await expect(f.settlement.connect(f.gen).deposit(0n)).to.be.revertedWithCustomError(f.settlement, "ZeroAmount");
    await expect(f.settlement.connect(f.outsider).deposit(1n)).to.be.revertedWithCustomError(f.settlement, "NotMemberAccount").withArgs(f.outsider.address);
    // permit
    const deadline = 4_000_000_000n;
    const nonce = await f.token.nonces(f.cons.address);
    const domain = { name: await f.token.name(), version: "1", chainId: f.chainId, verifyingContract: await f.token.getAddress() };
    const types = { Permit: [ { name: "owner", type: "address" }, { name: "spender", type: "address" }, { name: "value", type: "uint256" }, { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" } ] };
    const sig = ethers.Signature.from(await f.cons.signTypedData(domain, types, { owner: f.cons.address, spender: addr, value: 7_000n, nonce, deadline }));
    await expect(f.settlement.connect(f.cons).depositWithPermit(7_000n, deadline, sig.v, sig.r, sig.s)).to.emit(f.settlement, "Deposited").withArgs(f.cons.address, 7_000n, 7_000n);
    expect(await f.token.balanceOf(addr)).to.equal(12_000n);
    const [bal] = await f.settlement.depositOf(f.cons.address);
    expect(bal).to.equal(7_000n);
  });

  it("[ENG-131] a deposit is withdrawn up to its balance, never while a posted debit is unpaid", async () => {
    const f = await statementsFixture();
    await depositAll(f, 100_000_000n);
    await expect(f.settlement.connect(f.gen).withdrawDeposit(100_000_001n)).to.be.revertedWithCustomError(f.settlement, "InsufficientDeposit").withArgs(f.gen.address, 100_000_000n, 100_000_001n);
    await expect(f.settlement.connect(f.gen).withdrawDeposit(0n)).to.be.revertedWithCustomError(f.settlement, "ZeroAmount");
    await expect(f.settlement.connect(f.gen).withdrawDeposit(1_000n)).to.emit(f.settlement, "DepositWithdrawn").withArgs(f.gen.address, 1_000n, 99_999_000n);
    const ex = await examplePeriod(f);
    await postAll(f, ex.built.entries);
    // the consumer pays in this period: its deposit is locked until paid
    await expect(f.settlement.connect(f.cons).withdrawDeposit(1n)).to.be.revertedWithCustomError(f.settlement, "DepositLocked").withArgs(f.cons.address, 1);
    // the generator is paid: it may still withdraw
    await expect(f.settlement.connect(f.gen).withdrawDeposit(1n)).to.emit(f.settlement, "DepositWithdrawn");
  });

  it("[ENG-132] a period opens once, after it ended with metering closed and clearing final; its terms are the tariff and the clearing price", async () => {
    const f = await statementsFixture();
    await expect(f.settlement.connect(f.grid).openPeriod(PERIOD)).to.be.revertedWithCustomError(f.settlement, "PeriodNotEnded").withArgs(PERIOD, await f.inputs.periodEnd(PERIOD));
    await expect(f.settlement.connect(f.grid).openPeriod(42n)).to.be.revertedWithCustomError(f.settlement, "PeriodNotEnded").withArgs(42n, 0n);
    await networkHelpers.time.increaseTo(await f.inputs.periodEnd(PERIOD));
    await expect(f.settlement.connect(f.grid).openPeriod(PERIOD)).to.be.revertedWithCustomError(f.settlement, "MeteringOpen").withArgs(PERIOD);
    await f.inputs.setClosed(PERIOD, true, false, CLEARING_PRICE);
    await expect(f.settlement.connect(f.grid).openPeriod(PERIOD)).to.be.revertedWithCustomError(f.settlement, "ClearingNotFinal").withArgs(PERIOD);
    await f.inputs.setClosed(PERIOD, true, true, CLEARING_PRICE);
    await expect(f.settlement.connect(f.centre).openPeriod(PERIOD)).to.be.revertedWithCustomError(f.settlement, "AccessDenied").withArgs(f.centre.address, ROLES.SETTLEMENT_AGENT);
    await expect(f.settlement.connect(f.grid).openPeriod(PERIOD)).to.emit(f.settlement, "PeriodOpened");
    const t = DEFAULT_TARIFF;
    expect(await f.settlement.termsOf(PERIOD)).to.deep.equal([CLEARING_PRICE, t.upRate, t.downRate, t.bandBps, t.tdRate, t.surchargeRate, t.fixedCents]);
    await expect(f.settlement.connect(f.grid).openPeriod(PERIOD)).to.be.revertedWithCustomError(f.settlement, "PeriodExists").withArgs(PERIOD);
    // a clearing price out of SettlementMath's bounds is refused by its error
    await f.inputs.setPeriod(2n, 1n, 2n);
    await f.inputs.setClosed(2n, true, true, 10n ** 9n + 1n);
    await expect(f.settlement.connect(f.grid).openPeriod(2n)).to.be.revertedWithCustomError(f.settlement, "RateOutOfRange").withArgs(10n ** 9n + 1n);
  });

  it("[ENG-133] the tariff and the dispute window change only by a consortium vote, within bounds", async () => {
    const f = await statementsFixture();
    expect(await f.settlement.disputeWindow()).to.equal(5n * BigInt(DAY));
    await expect(f.settlement.connect(f.grid).setDisputeWindow(3600n)).to.be.revertedWithCustomError(f.settlement, "NotConsortium").withArgs(f.grid.address);
    const newTariff = { ...DEFAULT_TARIFF, bandBps: 500n };
    await expect(f.settlement.connect(f.grid).setTariff(newTariff)).to.be.revertedWithCustomError(f.settlement, "NotConsortium");
    const v = await voters(f);
    const module = await f.settlement.getAddress();
    const data = f.settlement.interface.encodeFunctionData("setDisputeWindow", [2n * BigInt(DAY)]);
    await expect(executeTx(f.consortium, v, "CallModule", [module, data])).to.emit(f.settlement, "DisputeWindowChanged").withArgs(2n * BigInt(DAY));
    expect(await f.settlement.disputeWindow()).to.equal(2n * BigInt(DAY));
    await expect(executeTx(f.consortium, v, "CallModule", [module, f.settlement.interface.encodeFunctionData("setTariff", [newTariff])])).to.emit(f.settlement, "TariffChanged");
    expect((await f.settlement.tariff()).bandBps).to.equal(500n);
    // out of bounds: the vote's execution fails with the module's error
    await expect(executeTx(f.consortium, v, "CallModule", [module, f.settlement.interface.encodeFunctionData("setDisputeWindow", [59n * 60n])])).to.be.revert(ethers);
    await networkHelpers.impersonateAccount(await f.consortium.getAddress());
    await networkHelpers.setBalance(await f.consortium.getAddress(), 10n ** 18n);
    const c = await ethers.getSigner(await f.consortium.getAddress());
    await expect(f.settlement.connect(c).setDisputeWindow(59n * 60n)).to.be.revertedWithCustomError(f.settlement, "DisputeWindowOutOfRange").withArgs(59n * 60n);
    await expect(f.settlement.connect(c).setDisputeWindow(91n * BigInt(DAY))).to.be.revertedWithCustomError(f.settlement, "DisputeWindowOutOfRange");
    await expect(f.settlement.connect(c).setTariff({ ...DEFAULT_TARIFF, bandBps: 10_001n })).to.be.revertedWithCustomError(f.settlement, "BandOutOfRange").withArgs(10_001n);
  });

  it("[ENG-134] pages are posted in order, each participant once: a repeated or skipped page is refused, so resuming applies nothing twice", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    const [a, b, c, d] = ex.built.entries as [Entry, Entry, Entry, Entry];
    const s = f.settlement.connect(f.grid);
    await expect(f.settlement.connect(f.centre).postStatements(PERIOD, 0, [a])).to.be.revertedWithCustomError(f.settlement, "AccessDenied");
    await expect(s.postStatements(2n, 0, [a])).to.be.revertedWithCustomError(f.settlement, "WrongPeriodState").withArgs(2n, 0);
    await expect(s.postStatements(PERIOD, 1, [a])).to.be.revertedWithCustomError(f.settlement, "PageOutOfOrder").withArgs(PERIOD, 0, 1);
    await expect(s.postStatements(PERIOD, 0, [a, b])).to.emit(f.settlement, "StatementPosted").withArgs(PERIOD, a.participant, 0, a.net, a.digest, a.lines);
    await expect(s.postStatements(PERIOD, 0, [c, d])).to.be.revertedWithCustomError(f.settlement, "PageOutOfOrder").withArgs(PERIOD, 1, 0);
    await expect(s.postStatements(PERIOD, 1, [c, a])).to.be.revertedWithCustomError(f.settlement, "StatementExists").withArgs(PERIOD, a.participant);
    for (const bad of [{ ...c, revision: 1 }, { ...c, digest: ZeroHash }, { ...c, lines: 6 }, { ...c, lines: 40 }, { ...c, net: 2n ** 120n + 1n }, { ...c, participant: ethers.ZeroAddress }]) {
      await expect(s.postStatements(PERIOD, 1, [bad])).to.be.revertedWithCustomError(f.settlement, "BadStatement");
    }
    await s.postStatements(PERIOD, 1, [c, d]);
    const p = await f.settlement.getPeriod(PERIOD);
    expect([p.posted, p.pages]).to.deep.equal([4n, 2n]);
    expect(p.sumNets).to.equal(ex.built.totals.body.net);
    expect(await f.settlement.statementState(PERIOD, a.participant)).to.equal(StatementState.Draft);
  });

  it("[ENG-135] closing checks the count and conservation: Σ nets − body = 0", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    await postAll(f, ex.built.entries.slice(0, 2), 2);
    const s = f.settlement.connect(f.grid);
    const body = bodyTuple(ex.built.body);
    await expect(s.closePosting(PERIOD, 4, body)).to.be.revertedWithCustomError(f.settlement, "CountMismatch").withArgs(PERIOD, 4, 2);
    await s.postStatements(PERIOD, 1, ex.built.entries.slice(2));
    const sum = ex.built.totals.body.net;
    await expect(s.closePosting(PERIOD, 4, { ...body, fees: body.fees + 1n })).to.be.revertedWithCustomError(f.settlement, "NotConserved").withArgs(PERIOD, sum, sum + 1n);
    // a negative assessment balanced by more fees still balances the sum but is refused
    await expect(s.closePosting(PERIOD, 4, { ...body, fees: body.fees + 5n, assessments: body.assessments - 5n - 100_000_000n, imbalance: body.imbalance + 100_000_000n })).to.be.revertedWithCustomError(f.settlement, "NotConserved");
    await expect(s.closePosting(PERIOD, 4, body)).to.emit(f.settlement, "PostingClosed");
    expect((await f.settlement.getPeriod(PERIOD)).state).to.equal(PeriodState.Closed);
    expect(ex.built.totals.moneyIn - ex.built.totals.moneyOut).to.equal(body.fees + body.assessments + body.imbalance + body.tradeResidue);
  });

  it("[ENG-136] the stored digests are SettlementMath's digests from lib, and the running hash is lib's", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    await postAll(f, ex.built.entries);
    const probe = await ethers.deployContract("SettlementMathProbe");
    for (const st of ex.built.statements) {
      const onChain = await f.settlement.getStatement(PERIOD, st.participant);
      expect(onChain.digest).to.equal(statementDigest(st.header, ex.built.terms, st.statement));
      expect(onChain.net).to.equal(st.statement.net);
      expect(Number(onChain.lines)).to.equal(st.statement.lines.length);
    }
    // C's statement is Example 1's: net 45,750,000 cents
    expect((await f.settlement.getStatement(PERIOD, f.cons.address)).net).to.equal(45_750_000n);
    expect((await f.settlement.getStatement(PERIOD, f.gen.address)).net).to.equal(-30_590_000n);
    expect((await f.settlement.getPeriod(PERIOD)).statementsHash).to.equal(statementsHash(ex.built.entries));
    expect(probe).to.not.equal(undefined);
  });
});

describe("energy statements: signatures, disputes, payment", () => {
  it("[ENG-137] the market operator signs first, then the settlement agent, each naming the hash reviewed", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    await postAll(f, ex.built.entries);
    const hash = statementsHash(ex.built.entries);
    await expect(f.settlement.connect(f.centre).signPeriod(PERIOD, hash)).to.be.revertedWithCustomError(f.settlement, "WrongPeriodState").withArgs(PERIOD, 1);
    await f.settlement.connect(f.grid).closePosting(PERIOD, 4, bodyTuple(ex.built.body));
    await expect(f.settlement.connect(f.grid).signPeriod(PERIOD, hash)).to.be.revertedWithCustomError(f.settlement, "AccessDenied").withArgs(f.grid.address, ROLES.MARKET_OPERATOR);
    await expect(f.settlement.connect(f.centre).signPeriod(PERIOD, ethers.id("other"))).to.be.revertedWithCustomError(f.settlement, "StatementsHashMismatch").withArgs(PERIOD, hash);
    await expect(f.settlement.connect(f.centre).signPeriod(PERIOD, hash)).to.emit(f.settlement, "PeriodSigned").withArgs(PERIOD, PeriodState.MarketSigned, f.centre.address, 0);
    expect(await f.settlement.statementState(PERIOD, f.cons.address)).to.equal(StatementState.MarketSigned);
    await expect(f.settlement.connect(f.centre).signPeriod(PERIOD, hash)).to.be.revertedWithCustomError(f.settlement, "AccessDenied").withArgs(f.centre.address, ROLES.SETTLEMENT_AGENT);
    const tx = await f.settlement.connect(f.grid).signPeriod(PERIOD, hash);
    const at = BigInt((await tx.getBlock())!.timestamp);
    await expect(tx).to.emit(f.settlement, "PeriodSigned").withArgs(PERIOD, PeriodState.AgentSigned, f.grid.address, at + 5n * BigInt(DAY));
    expect(await f.settlement.statementState(PERIOD, f.cons.address)).to.equal(StatementState.AgentSigned);
    expect(await f.settlement.disputeDeadline(PERIOD, f.cons.address)).to.equal(at + 5n * BigInt(DAY));
    await expect(f.settlement.connect(f.grid).signPeriod(PERIOD, hash)).to.be.revertedWithCustomError(f.settlement, "WrongPeriodState").withArgs(PERIOD, 4);
  });

  it("[ENG-138] a participant disputes its own statement naming a line, within the window only", async () => {
    const f = await statementsFixture();
    await postedAndSigned(f);
    const deadline = await f.settlement.disputeDeadline(PERIOD, f.cons.address);
    const reason = ethers.id("meter 17 read twice");
    await expect(f.settlement.connect(f.cons).dispute(PERIOD, 8, reason)).to.be.revertedWithCustomError(f.settlement, "LineOutOfRange").withArgs(8, 8);
    await expect(f.settlement.connect(f.outsider).dispute(PERIOD, 0, reason)).to.be.revertedWithCustomError(f.settlement, "NotMemberAccount");
    await expect(f.settlement.connect(f.grid).dispute(PERIOD, 0, reason)).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.grid.address, 0);
    await expect(f.settlement.connect(f.cons).dispute(PERIOD, 2, reason)).to.emit(f.settlement, "StatementDisputed").withArgs(PERIOD, f.cons.address, 0, 2, reason);
    expect(await f.settlement.statementState(PERIOD, f.cons.address)).to.equal(StatementState.Disputed);
    await expect(f.settlement.connect(f.cons).dispute(PERIOD, 2, reason)).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.cons.address, StatementState.Disputed);
    expect((await f.settlement.getPeriod(PERIOD)).disputes).to.equal(1n);
    await networkHelpers.time.increaseTo(deadline);
    await expect(f.settlement.connect(f.ret).dispute(PERIOD, 0, reason)).to.be.revertedWithCustomError(f.settlement, "DisputeWindowClosed").withArgs(PERIOD, f.ret.address, deadline);
  });

  it("[ENG-139] [ENG-140] resolution re-issues the statement (revision + 1, previous digest chained), signed again, with its own window", async () => {
    const f = await statementsFixture();
    const ex = await postedAndSigned(f);
    await f.settlement.connect(f.cons).dispute(PERIOD, 2, ethers.id("meter"));
    const old = await f.settlement.getStatement(PERIOD, f.cons.address);
    // the corrected meter reading: 810 MWh instead of 820
    const terms = termsFromChain(await f.settlement.termsOf(PERIOD));
    const ctx = { chainId: f.chainId, settlement: await f.settlement.getAddress(), period: PERIOD };
    const input = { ...ex.participants.find((p) => p.participant === f.cons.address)!, meteredWh: 810_000_000n };
    const r = reissue(ctx, terms, input, { revision: 0, digest: old.digest });
    expect(r.header.previous).to.equal(old.digest);
    await expect(f.settlement.connect(f.grid).resolveDispute(PERIOD, f.cons.address, { ...r.entry, revision: 2 }, ethers.id("res"))).to.be.revertedWithCustomError(f.settlement, "BadStatement");
    await expect(f.settlement.connect(f.centre).resolveDispute(PERIOD, f.cons.address, r.entry, ethers.id("res"))).to.be.revertedWithCustomError(f.settlement, "AccessDenied");
    await expect(f.settlement.connect(f.grid).resolveDispute(PERIOD, f.ret.address, { ...r.entry, participant: f.ret.address }, ethers.id("res"))).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.ret.address, StatementState.AgentSigned);
    const before = (await f.settlement.getPeriod(PERIOD)).sumNets;
    await expect(f.settlement.connect(f.grid).resolveDispute(PERIOD, f.cons.address, r.entry, ethers.id("res")))
      .to.emit(f.settlement, "StatementReissued")
      .withArgs(PERIOD, f.cons.address, 1, old.digest, r.entry.digest, r.entry.net, old.net, ethers.id("res"));
    const p = await f.settlement.getPeriod(PERIOD);
    expect(p.sumNets - before).to.equal(r.entry.net - old.net);
    expect(p.disputes).to.equal(0n);
    expect(await f.settlement.statementState(PERIOD, f.cons.address)).to.equal(StatementState.Draft);
    // signing the re-issue: the operator first, naming the revision, then the agent
    await expect(f.settlement.connect(f.grid).signStatement(PERIOD, f.cons.address, 1)).to.be.revertedWithCustomError(f.settlement, "AccessDenied");
    await expect(f.settlement.connect(f.centre).signStatement(PERIOD, f.cons.address, 0)).to.be.revertedWithCustomError(f.settlement, "RevisionMismatch").withArgs(PERIOD, f.cons.address, 1, 0);
    await expect(f.settlement.connect(f.centre).signStatement(PERIOD, f.cons.address, 1)).to.emit(f.settlement, "StatementSigned");
    await expect(f.settlement.connect(f.grid).finalize(PERIOD, [f.cons.address])).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.cons.address, StatementState.MarketSigned);
    const tx = await f.settlement.connect(f.grid).signStatement(PERIOD, f.cons.address, 1);
    const at = BigInt((await tx.getBlock())!.timestamp);
    expect(await f.settlement.disputeDeadline(PERIOD, f.cons.address)).to.equal(at + 5n * BigInt(DAY));
    await expect(f.settlement.connect(f.grid).signStatement(PERIOD, f.cons.address, 1)).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.cons.address, StatementState.AgentSigned);
    // it can be disputed again, in its own window
    await networkHelpers.time.increaseTo(p.disputeUntil);
    await expect(f.settlement.connect(f.cons).dispute(PERIOD, 0, ethers.id("again"))).to.emit(f.settlement, "StatementDisputed").withArgs(PERIOD, f.cons.address, 1, 0, ethers.id("again"));
  });

  it("[ENG-141] finalize after the window: debits taken from deposits into the pool, credits stay Final, nothing before", async () => {
    const f = await statementsFixture();
    await depositAll(f, 100_000_000n);
    await postedAndSigned(f);
    const all = [f.cons.address, f.ret.address, f.gen.address, f.solar.address];
    const deadline = await f.settlement.disputeDeadline(PERIOD, f.cons.address);
    await expect(f.settlement.finalize(PERIOD, [f.cons.address])).to.be.revertedWithCustomError(f.settlement, "DisputeWindowOpen").withArgs(PERIOD, f.cons.address, deadline);
    await networkHelpers.time.increaseTo(deadline);
    const consNet = (await f.settlement.getStatement(PERIOD, f.cons.address)).net;
    await expect(f.settlement.connect(f.outsider).finalize(PERIOD, all))
      .to.emit(f.settlement, "DebitTaken")
      .withArgs(PERIOD, f.cons.address, consNet, 0);
    expect(await f.settlement.statementState(PERIOD, f.cons.address)).to.equal(StatementState.Paid);
    expect(await f.settlement.statementState(PERIOD, f.gen.address)).to.equal(StatementState.Final);
    const [consDeposit, pending] = await f.settlement.depositOf(f.cons.address);
    expect(consDeposit).to.equal(100_000_000n - consNet);
    expect(pending).to.equal(0);
    await expect(f.settlement.finalize(PERIOD, [f.cons.address])).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.cons.address, StatementState.Paid);
    await expect(f.settlement.finalize(PERIOD, [f.gen.address])).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.gen.address, StatementState.Final);
    // pool = the payers' nets
    const nets = await Promise.all(all.map(async (a) => (await f.settlement.getStatement(PERIOD, a)).net));
    expect((await f.settlement.getPeriod(PERIOD)).pool).to.equal(nets.filter((n) => n > 0n).reduce((s, n) => s + n, 0n));
  });

  it("[ENG-141] a disputed or draft statement is not finalised", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    await postAll(f, ex.built.entries);
    await expect(f.settlement.finalize(PERIOD, [f.cons.address])).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.cons.address, StatementState.Draft);
    await f.settlement.connect(f.grid).closePosting(PERIOD, 4, bodyTuple(ex.built.body));
    const hash = statementsHash(ex.built.entries);
    await f.settlement.connect(f.centre).signPeriod(PERIOD, hash);
    await f.settlement.connect(f.grid).signPeriod(PERIOD, hash);
    await f.settlement.connect(f.ret).dispute(PERIOD, 0, ethers.id("x"));
    await networkHelpers.time.increase(6 * DAY);
    await expect(f.settlement.finalize(PERIOD, [f.ret.address])).to.be.revertedWithCustomError(f.settlement, "WrongStatementState").withArgs(PERIOD, f.ret.address, StatementState.Disputed);
  });

  it("[ENG-142] an insufficient deposit leaves a recorded shortfall, covered later; the body may top up", async () => {
    const f = await statementsFixture();
    await depositAll(f, 1_000_000n, [f.cons]);
    await postedAndSigned(f);
    await networkHelpers.time.increase(5 * DAY);
    const net = (await f.settlement.getStatement(PERIOD, f.cons.address)).net;
    await expect(f.settlement.finalize(PERIOD, [f.cons.address])).to.emit(f.settlement, "DebitTaken").withArgs(PERIOD, f.cons.address, 1_000_000n, net - 1_000_000n);
    expect(await f.settlement.shortfallOf(PERIOD, f.cons.address)).to.equal(net - 1_000_000n);
    expect(await f.settlement.statementState(PERIOD, f.cons.address)).to.equal(StatementState.Final);
    await expect(f.settlement.connect(f.cons).withdrawDeposit(1n)).to.be.revertedWithCustomError(f.settlement, "DepositLocked");
    await expect(f.settlement.coverShortfall(PERIOD, f.gen.address)).to.be.revertedWithCustomError(f.settlement, "NoShortfall").withArgs(PERIOD, f.gen.address);
    await depositAll(f, net, [f.cons]);
    await expect(f.settlement.coverShortfall(PERIOD, f.cons.address)).to.emit(f.settlement, "StatementPaid");
    expect(await f.settlement.shortfallOf(PERIOD, f.cons.address)).to.equal(0n);
    const [left, pending] = await f.settlement.depositOf(f.cons.address);
    expect([left, pending]).to.deep.equal([1_000_000n, 0n]);
    expect((await f.settlement.getPeriod(PERIOD)).pool).to.equal(net);
    await f.token.connect(f.grid).approve(await f.settlement.getAddress(), 5n);
    await expect(f.settlement.connect(f.grid).topUp(PERIOD, 5n)).to.emit(f.settlement, "ToppedUp").withArgs(PERIOD, f.grid.address, 5n);
    await expect(f.settlement.connect(f.grid).topUp(PERIOD, 0n)).to.be.revertedWithCustomError(f.settlement, "ZeroAmount");
    await expect(f.settlement.connect(f.grid).topUp(9n, 1n)).to.be.revertedWithCustomError(f.settlement, "WrongPeriodState");
    expect((await f.settlement.getPeriod(PERIOD)).pool).to.equal(net + 5n);
  });

  it("[ENG-143] [ENG-144] payees withdraw only Final credits, once; the body's share is released when everything is paid", async () => {
    const f = await statementsFixture();
    await depositAll(f, 100_000_000n);
    await postedAndSigned(f);
    await expect(f.settlement.connect(f.gen).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "StatementNotFinal").withArgs(PERIOD, f.gen.address, StatementState.AgentSigned);
    await networkHelpers.time.increase(5 * DAY);
    // payees first: the pool is still empty
    await f.settlement.finalize(PERIOD, [f.gen.address]);
    const genNet = (await f.settlement.getStatement(PERIOD, f.gen.address)).net;
    await expect(f.settlement.connect(f.gen).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "PoolShort").withArgs(PERIOD, 0n, -genNet);
    await expect(f.settlement.connect(f.grid).releaseBody(PERIOD, f.grid.address)).to.be.revertedWithCustomError(f.settlement, "PeriodNotPaid").withArgs(PERIOD, 0, 4);
    await f.settlement.finalize(PERIOD, [f.cons.address, f.ret.address, f.solar.address]);
    await expect(f.settlement.connect(f.cons).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "AlreadyPaid");
    await expect(f.settlement.connect(f.ret).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "AlreadyPaid");
    const before = await f.token.balanceOf(f.gen.address);
    await expect(f.settlement.connect(f.gen).withdraw(PERIOD)).to.emit(f.settlement, "Withdrawn").withArgs(PERIOD, f.gen.address, -genNet);
    expect((await f.token.balanceOf(f.gen.address)) - before).to.equal(-genNet);
    await expect(f.settlement.connect(f.gen).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "AlreadyPaid").withArgs(PERIOD, f.gen.address);
    const solarNet = (await f.settlement.getStatement(PERIOD, f.solar.address)).net;
    if (solarNet < 0n) await f.settlement.connect(f.solar).withdraw(PERIOD);
    else await expect(f.settlement.connect(f.solar).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "AlreadyPaid");
    const p = await f.settlement.getPeriod(PERIOD);
    expect(p.paid).to.equal(4n);
    // the pool keeps the body's share: Σ nets
    expect(p.pool).to.equal(p.sumNets);
    await expect(f.settlement.connect(f.centre).releaseBody(PERIOD, f.grid.address)).to.be.revertedWithCustomError(f.settlement, "AccessDenied");
    await expect(f.settlement.connect(f.grid).releaseBody(PERIOD, f.grid.address)).to.emit(f.settlement, "BodyReleased").withArgs(PERIOD, f.grid.address, p.sumNets);
    await expect(f.settlement.connect(f.grid).releaseBody(PERIOD, f.grid.address)).to.be.revertedWithCustomError(f.settlement, "ZeroAmount");
    // the contract holds exactly the deposits left
    let deposits = 0n;
    for (const a of [f.gen, f.cons, f.ret, f.solar]) deposits += (await f.settlement.depositOf(a.address))[0];
    expect(await f.token.balanceOf(await f.settlement.getAddress())).to.equal(deposits);
  });

  it("[ENG-143] a payer's statement has nothing to withdraw", async () => {
    const f = await statementsFixture();
    await depositAll(f, 100_000_000n, [f.cons]);
    await postedAndSigned(f);
    await networkHelpers.time.increase(5 * DAY);
    await f.settlement.finalize(PERIOD, [f.cons.address]);
    await expect(f.settlement.connect(f.cons).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "AlreadyPaid");
    // ret pays without a deposit: Final with a shortfall, still nothing to withdraw
    await f.settlement.finalize(PERIOD, [f.ret.address]);
    const net = (await f.settlement.getStatement(PERIOD, f.ret.address)).net;
    await expect(f.settlement.connect(f.ret).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "NothingToWithdraw").withArgs(PERIOD, f.ret.address, net);
  });

  it("[ENG-148] the regulator's pause stops deposits, posting, disputes and payment", async () => {
    const f = await statementsFixture();
    await depositAll(f, 100_000_000n);
    await postedAndSigned(f);
    await f.settlement.connect(f.regulator).pause("incident");
    await expect(f.settlement.connect(f.gen).deposit(1n)).to.be.revertedWithCustomError(f.settlement, "ModulePaused");
    await expect(f.settlement.connect(f.cons).dispute(PERIOD, 0, ZeroHash)).to.be.revertedWithCustomError(f.settlement, "ModulePaused");
    await expect(f.settlement.connect(f.grid).openPeriod(2n)).to.be.revertedWithCustomError(f.settlement, "ModulePaused");
    await networkHelpers.time.increase(5 * DAY);
    await expect(f.settlement.finalize(PERIOD, [f.cons.address])).to.be.revertedWithCustomError(f.settlement, "ModulePaused");
    await expect(f.settlement.connect(f.gen).withdraw(PERIOD)).to.be.revertedWithCustomError(f.settlement, "ModulePaused");
    await f.settlement.connect(f.regulator).unpause("resolved");
    await expect(f.settlement.finalize(PERIOD, [f.cons.address])).to.emit(f.settlement, "StatementPaid");
  });
});

describe("energy statements: lib (paging, audit)", () => {
  it("[ENG-151] a period whose trades do not balance is refused before anything is posted", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    const { buildPeriod } = await import("../../lib/energy/statements.js");
    const ctx = { chainId: f.chainId, settlement: await f.settlement.getAddress(), period: PERIOD };
    const unbalanced = ex.participants.map((p) => (p.participant === f.gen.address ? { ...p, clearedWh: p.clearedWh + 1n } : p));
    expect(() => buildPeriod(ctx, ex.built.terms, unbalanced)).to.throw(/cleared auction quantities sum to 1 Wh/);
    const oneLeg = ex.participants.map((p) => (p.participant === f.gen.address ? { ...p, contracts: [] } : p));
    expect(() => buildPeriod(ctx, ex.built.terms, oneLeg)).to.throw(/one leg only/);
    const { pageEntries, postCalldata } = await import("../../lib/energy/statements.js");
    const pages = pageEntries(ex.built.entries, 3);
    expect(pages.map((p) => p.length)).to.deep.equal([3, 1]);
    const data = postCalldata(PERIOD, 0, pages[0]!);
    expect(data).to.equal(f.settlement.interface.encodeFunctionData("postStatements", [PERIOD, 0, pages[0]!]));
  });

  it("[ENG-152] the audit recomputes every statement from chain data and reports a differing one", async () => {
    const f = await statementsFixture();
    const ex = await examplePeriod(f);
    // post the retailer with a wrong metered figure (a statement of 3 MWh instead of 2)
    const ctx = { chainId: f.chainId, settlement: await f.settlement.getAddress(), period: PERIOD };
    const wrong = ex.built.entries.map((e) => {
      if (e.participant !== f.ret.address) return e;
      const input = { ...ex.participants.find((p) => p.participant === f.ret.address)!, meteredWh: 3_000_000n };
      return entryOf(headerOf(ctx, f.ret.address), ex.built.terms, settleParticipant(ex.built.terms, input));
    });
    await postAll(f, wrong);
    const reader = readerOf(f, await f.settlement.getAddress());
    const rows = await auditPeriod(reader, PERIOD, ex.quantities.map((q) => q.who));
    expect(rows.filter((r) => !r.ok).map((r) => r.participant)).to.deep.equal([f.ret.address]);
    expect(rows.filter((r) => r.ok)).to.have.length(3);
  });

  it("[ENG-152] the audit follows a re-issue through its previous digest", async () => {
    const f = await statementsFixture();
    const ex = await postedAndSigned(f);
    await f.settlement.connect(f.cons).dispute(PERIOD, 2, ethers.id("meter"));
    const old = await f.settlement.getStatement(PERIOD, f.cons.address);
    // the meter data is corrected at the source, then the statement re-issued from it
    await f.inputs.setQuantities(PERIOD, [f.cons.address], [810_000_000n], [300_000_000n]);
    const ctx = { chainId: f.chainId, settlement: await f.settlement.getAddress(), period: PERIOD };
    const input = { ...ex.participants.find((p) => p.participant === f.cons.address)!, meteredWh: 810_000_000n };
    const r = reissue(ctx, ex.built.terms, input, { revision: 0, digest: old.digest });
    await f.settlement.connect(f.grid).resolveDispute(PERIOD, f.cons.address, r.entry, ethers.id("res"));
    const rows = await auditPeriod(readerOf(f, ctx.settlement), PERIOD, ex.quantities.map((q) => q.who));
    expect(rows.every((r) => r.ok)).to.equal(true);
    expect(rows.find((x) => x.participant === f.cons.address)!.revision).to.equal(1);
  });
});
