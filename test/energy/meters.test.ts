import { expect } from "chai";
import { Wallet } from "ethers";
import { ROLES } from "../../lib/access/roles.js";
import { encodeBatch, highS, metersDomain, Refusal, readingSigner, sampleMeter, type SignedReading } from "../../lib/energy/index.js";
import { executeTx } from "../kit/consortium.js";
import { CONSUMER, ethers, energyFixture, GENERATOR, GRID, METERING_CO, networkHelpers, reading, RETAILER, SEED, sign, submit, TEST_GRID, type EnergyFixture } from "../kit/energy.js";

// EnergyMeters: participants, meters and their keys, and readings refused one by one.

describe("energy: participants", function () {
  it("[ENG-01] a member registers by a trading role its account holds; other roles, a role twice, or without the role are refused", async () => {
    const f = await energyFixture();
    const p = await f.meters.participant(GENERATOR);
    expect(p.roles).to.equal(1n << BigInt(ROLES.GENERATOR));
    expect(p.active).to.equal(true);
    await expect(f.meters.connect(f.generator).registerParticipant(ROLES.GENERATOR)).to.be.revertedWithCustomError(f.meters, "AlreadyRegistered").withArgs(GENERATOR, ROLES.GENERATOR);
    await expect(f.meters.connect(f.centre).registerParticipant(ROLES.MARKET_OPERATOR)).to.be.revertedWithCustomError(f.meters, "NotTradingRole").withArgs(ROLES.MARKET_OPERATOR);
    await expect(f.meters.connect(f.centre).registerParticipant(200)).to.be.revertedWithCustomError(f.meters, "NotTradingRole").withArgs(200);
    await expect(f.meters.connect(f.retailer).registerParticipant(ROLES.GENERATOR)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.retailer.address, ROLES.GENERATOR);
    await expect(f.meters.connect(f.outsider).registerParticipant(ROLES.CONSUMER)).to.be.revertedWithCustomError(f.meters, "AccessDenied");
    expect((await f.meters.participant(RETAILER)).roles).to.equal(1n << BigInt(ROLES.RETAILER));
    expect((await f.meters.participant(99)).roles).to.equal(0n);
  });

  it("[ENG-01] registration emits who registered which role; a frozen account cannot register", async () => {
    const f = await energyFixture();
    // The generator also retails: a second role, one more call.
    await executeTx(f.consortium, [f.grid, f.centre, f.regulator, f.generator, f.retailer, f.consumer, f.meteringCo], "GrantRole", [f.generator.address, ROLES.RETAILER]);
    await expect(f.meters.connect(f.generator).registerParticipant(ROLES.RETAILER)).to.emit(f.meters, "ParticipantRegistered").withArgs(GENERATOR, ROLES.RETAILER, f.generator.address);
    expect((await f.meters.participant(GENERATOR)).roles).to.equal((1n << BigInt(ROLES.GENERATOR)) | (1n << BigInt(ROLES.RETAILER)));
    await f.meters.connect(f.regulator).freeze(f.consumer.address, "investigation");
    await executeTx(f.consortium, [f.grid, f.centre, f.regulator, f.generator, f.retailer, f.consumer, f.meteringCo], "GrantRole", [f.consumer.address, ROLES.RETAILER]);
    await expect(f.meters.connect(f.consumer).registerParticipant(ROLES.RETAILER)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.consumer.address, ROLES.RETAILER);
  });

  it("[ENG-02] the trading centre suspends and reinstates a participant with a reason; nobody else may, and no-op or unknown changes are refused", async () => {
    const f = await energyFixture();
    await expect(f.meters.connect(f.centre).setParticipantActive(CONSUMER, false, "unpaid deposit")).to.emit(f.meters, "ParticipantActiveSet").withArgs(CONSUMER, false, f.centre.address, "unpaid deposit");
    expect((await f.meters.participant(CONSUMER)).active).to.equal(false);
    await expect(f.meters.connect(f.centre).setParticipantActive(CONSUMER, false, "again")).to.be.revertedWithCustomError(f.meters, "ParticipantUnchanged").withArgs(CONSUMER, false);
    await expect(f.meters.connect(f.centre).setParticipantActive(METERING_CO, false, "x")).to.be.revertedWithCustomError(f.meters, "UnknownParticipant").withArgs(METERING_CO);
    await expect(f.meters.connect(f.grid).setParticipantActive(CONSUMER, true, "x")).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.grid.address, ROLES.MARKET_OPERATOR);
    // A suspended participant gets no new meter.
    await expect(f.meters.connect(f.grid).addMeter(10, CONSUMER, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "InactiveParticipant").withArgs(CONSUMER);
    await f.meters.connect(f.centre).setParticipantActive(CONSUMER, true, "paid");
    await f.meters.connect(f.grid).addMeter(10, CONSUMER, Wallet.createRandom().address);
    expect((await f.meters.participant(CONSUMER)).meters).to.equal(2n);
  });
});

describe("energy: meters and keys", function () {
  it("[ENG-03] a meter operator registers a meter bound to its member, for a registered owner; bad ids, owners and callers are refused", async () => {
    const f = await energyFixture();
    const key = Wallet.createRandom().address;
    await expect(f.meters.connect(f.meteringCo).addMeter(7, RETAILER, key)).to.emit(f.meters, "MeterAdded").withArgs(7, METERING_CO, RETAILER, key, f.meteringCo.address);
    const m = await f.meters.meter(7);
    expect([m.operatorMember, m.owner, m.status]).to.deep.equal([METERING_CO, RETAILER, 1n]);
    expect(await f.meters.meterKey(7)).to.equal(key);
    expect(await f.meters.meterOfKey(key)).to.equal(7n);
    await expect(f.meters.connect(f.grid).addMeter(0, RETAILER, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "InvalidMeterId").withArgs(0);
    await expect(f.meters.connect(f.grid).addMeter(7, RETAILER, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "MeterExists").withArgs(7);
    await expect(f.meters.connect(f.grid).addMeter(8, METERING_CO, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "UnknownParticipant").withArgs(METERING_CO);
    await expect(f.meters.connect(f.generator).addMeter(8, GENERATOR, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.generator.address, ROLES.METER_OPERATOR);
    // The owner's membership suspended by vote: no new meter for it either.
    await executeTx(f.consortium, [f.grid, f.centre, f.regulator, f.retailer, f.consumer, f.meteringCo], "SuspendMember", [GENERATOR]);
    await expect(f.meters.connect(f.grid).addMeter(8, GENERATOR, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "InactiveParticipant").withArgs(GENERATOR);
    await f.meters.connect(f.regulator).pause("audit");
    await expect(f.meters.connect(f.grid).addMeter(8, RETAILER, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "ModulePaused");
  });

  it("[ENG-04] a key serves one meter, once: a used key (current or rotated out) and the zero key are refused", async () => {
    const f = await energyFixture();
    await expect(f.meters.connect(f.grid).addMeter(3, GENERATOR, f.m1.key)).to.be.revertedWithCustomError(f.meters, "KeyInUse").withArgs(f.m1.key, 1);
    await expect(f.meters.connect(f.grid).addMeter(3, GENERATOR, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.meters, "InvalidMeterKey").withArgs(ethers.ZeroAddress);
    const next = sampleMeter(SEED, 1, 1);
    await f.meters.connect(f.grid).rotateMeterKey(1, next.key);
    // The rotated-out key stays bound to meter 1: neither meter 1 again nor another meter takes it.
    await expect(f.meters.connect(f.grid).rotateMeterKey(1, f.m1.key)).to.be.revertedWithCustomError(f.meters, "KeyInUse").withArgs(f.m1.key, 1);
    await expect(f.meters.connect(f.grid).rotateMeterKey(2, f.m1.key)).to.be.revertedWithCustomError(f.meters, "KeyInUse").withArgs(f.m1.key, 1);
    await expect(f.meters.connect(f.grid).rotateMeterKey(2, ethers.ZeroAddress)).to.be.revertedWithCustomError(f.meters, "InvalidMeterKey");
  });

  it("[ENG-05] only a meter operator of the meter's own member rotates or revokes it; unknown and revoked meters are refused", async () => {
    const f = await energyFixture();
    const key = Wallet.createRandom().address;
    await expect(f.meters.connect(f.meteringCo).rotateMeterKey(1, key)).to.be.revertedWithCustomError(f.meters, "NotMeterOperator").withArgs(f.meteringCo.address, 1);
    await expect(f.meters.connect(f.meteringCo).revokeMeter(1, "x")).to.be.revertedWithCustomError(f.meters, "NotMeterOperator").withArgs(f.meteringCo.address, 1);
    await expect(f.meters.connect(f.generator).rotateMeterKey(1, key)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.generator.address, ROLES.METER_OPERATOR);
    await expect(f.meters.connect(f.grid).rotateMeterKey(99, key)).to.be.revertedWithCustomError(f.meters, "UnknownMeter").withArgs(99);
    await expect(f.meters.connect(f.grid).revokeMeter(99, "x")).to.be.revertedWithCustomError(f.meters, "UnknownMeter").withArgs(99);
    // Another METER_OPERATOR account of the same member may (the concentrator of the grid).
    await expect(f.meters.connect(f.concentrator).rotateMeterKey(1, key)).to.emit(f.meters, "MeterKeyRotated").withArgs(1, f.m1.key, key, f.concentrator.address);
    await f.meters.connect(f.regulator).freeze(f.grid.address, "audit");
    await expect(f.meters.connect(f.grid).revokeMeter(1, "x")).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.grid.address, ROLES.METER_OPERATOR);
  });

  it("[ENG-06] rotation takes effect at once: the old key's readings are refused (RotatedOutKey), the new key's accepted", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    await submit(f, [sign(f, f.m1, reading(f.m1, i, 1_000n))]);
    const next = sampleMeter(SEED, 1, 1);
    await f.meters.connect(f.grid).rotateMeterKey(1, next.key);
    const old = await submit(f, [sign(f, f.m1, reading(f.m1, i + 1, 2_000n))]);
    expect(old.refused).to.deep.equal([{ meterId: 1, interval: i + 1, index: 0, reason: Refusal.RotatedOutKey }]);
    const fresh = await submit(f, [sign(f, next, reading(f.m1, i + 1, 2_000n))]);
    expect(fresh.accepted).to.deep.equal([{ meterId: 1, interval: i + 1, cumulativeWh: 2_000n }]);
  });

  it("[ENG-07] a revoked meter has no key and takes no reading or change; its readings so far stay", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    await submit(f, [sign(f, f.m2, reading(f.m2, i, 500n))]);
    await expect(f.meters.connect(f.grid).revokeMeter(2, "tampered seal")).to.emit(f.meters, "MeterRevoked").withArgs(2, f.grid.address, "tampered seal");
    expect(await f.meters.meterKey(2)).to.equal(ethers.ZeroAddress);
    expect((await f.meters.meter(2)).status).to.equal(2n);
    expect(await f.meters.lastReading(2)).to.deep.equal([true, BigInt(i), 500n]);
    const r = await submit(f, [sign(f, f.m2, reading(f.m2, i + 1, 600n))]);
    expect(r.refused[0]!.reason).to.equal(Refusal.RevokedMeter);
    await expect(f.meters.connect(f.grid).revokeMeter(2, "again")).to.be.revertedWithCustomError(f.meters, "RevokedMeter").withArgs(2);
    await expect(f.meters.connect(f.grid).rotateMeterKey(2, Wallet.createRandom().address)).to.be.revertedWithCustomError(f.meters, "RevokedMeter").withArgs(2);
  });
});

describe("energy: readings", function () {
  it("[ENG-08] lib/energy computes the contract's EIP-712 digest, and a meter's signature verifies locally as on chain", async () => {
    const f = await energyFixture();
    const r = reading(f.m1, f.baseInterval, 123_456_789n);
    const signer = readingSigner(f.domain);
    expect(await f.meters.readingDigest(r.meterId, r.interval, r.cumulativeWh, r.timestamp)).to.equal(signer.digest(r));
    const typed = ethers.TypedDataEncoder.hash(f.domain, { MeterReading: [{ name: "meterId", type: "uint32" }, { name: "interval", type: "uint32" }, { name: "cumulativeWh", type: "uint64" }, { name: "timestamp", type: "uint40" }] }, r);
    expect(typed).to.equal(signer.digest(r));
    expect(signer.recover(sign(f, f.m1, r))).to.equal(f.m1.key);
    expect((await submit(f, [sign(f, f.m1, r)])).accepted).to.have.length(1);
  });

  it("[ENG-09] a batch is 1..500 readings of 85 bytes; anything else is refused whole", async () => {
    const f = await energyFixture();
    const one = encodeBatch([sign(f, f.m1, reading(f.m1, f.baseInterval, 1n))]);
    await expect(f.meters.connect(f.concentrator).submitReadings("0x")).to.be.revertedWithCustomError(f.meters, "InvalidBatch").withArgs(0);
    await expect(f.meters.connect(f.concentrator).submitReadings(one + "00")).to.be.revertedWithCustomError(f.meters, "InvalidBatch").withArgs(86);
    await expect(f.meters.connect(f.concentrator).submitReadings("0x" + one.slice(2, 2 + 84 * 2))).to.be.revertedWithCustomError(f.meters, "InvalidBatch").withArgs(84);
    const tooMany = "0x" + one.slice(2).repeat(501);
    await expect(f.meters.connect(f.concentrator).submitReadings(tooMany)).to.be.revertedWithCustomError(f.meters, "InvalidBatch").withArgs(501 * 85);
  });

  it("[ENG-10] only an unfrozen METER_OPERATOR of an active member submits, and not while paused", async () => {
    const f = await energyFixture();
    const batch = encodeBatch([sign(f, f.m1, reading(f.m1, f.baseInterval, 1n))]);
    await expect(f.meters.connect(f.generator).submitReadings(batch)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.generator.address, ROLES.METER_OPERATOR);
    await f.meters.connect(f.regulator).freeze(f.concentrator.address, "audit");
    await expect(f.meters.connect(f.concentrator).submitReadings(batch)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.concentrator.address, ROLES.METER_OPERATOR);
    await f.meters.connect(f.regulator).pause("audit");
    await expect(f.meters.connect(f.grid).submitReadings(batch)).to.be.revertedWithCustomError(f.meters, "ModulePaused");
    await f.meters.connect(f.regulator).unpause("done");
    // The grid company suspended: its accounts lose their access words in every module.
    const voters = [f.centre, f.regulator, f.generator, f.retailer, f.consumer, f.meteringCo];
    await executeTx(f.consortium, voters, "SuspendMember", [GRID]);
    await expect(f.meters.connect(f.grid).submitReadings(batch)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.grid.address, ROLES.METER_OPERATOR);
    expect(await f.meters.lastReading(1)).to.deep.equal([false, 0n, 0n]);
  });

  it("[ENG-11] each reading stands alone: refusals are evented with index and reason, the rest applied, the batch summarised", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    const good1 = sign(f, f.m1, reading(f.m1, i, 100n));
    const bad = { ...sign(f, f.m2, reading(f.m2, i, 100n)), cumulativeWh: 101n }; // altered after signing
    const good2 = sign(f, f.m2, reading(f.m2, i + 1, 200n));
    const r = await submit(f, [good1, bad, good2]);
    expect(r.accepted.map((a) => [a.meterId, a.interval])).to.deep.equal([[1, i], [2, i + 1]]);
    expect(r.refused).to.deep.equal([{ meterId: 2, interval: i, index: 1, reason: Refusal.BadSignature }]);
    await expect(r.tx).to.emit(f.meters, "ReadingsSubmitted").withArgs(f.concentrator.address, 2, 1);
    expect(await f.meters.connect(f.concentrator).submitReadings.staticCall(encodeBatch([sign(f, f.m1, reading(f.m1, i + 1, 150n)), good1]))).to.equal(1n);
  });

  it("[ENG-12] an all-zero signature is Unsigned; malformed, high-s and unknown-key signatures are BadSignature", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    const signed = sign(f, f.m1, reading(f.m1, i, 100n));
    const unsigned: SignedReading = { ...signed, signature: "0x" + "00".repeat(65) };
    const malleable: SignedReading = { ...signed, signature: highS(signed.signature) };
    const stranger: SignedReading = sign(f, Wallet.createRandom().privateKey, reading(f.m1, i, 100n));
    const garbage: SignedReading = { ...signed, signature: "0x" + "11".repeat(64) + "1b" };
    const r = await submit(f, [unsigned, malleable, stranger, garbage]);
    expect(r.refused.map((x) => x.reason)).to.deep.equal([Refusal.Unsigned, Refusal.BadSignature, Refusal.BadSignature, Refusal.BadSignature]);
    // lib/energy applies the same low-s rule: the twin does not verify off chain either.
    expect(readingSigner(f.domain).recover(malleable)).to.equal(undefined);
    expect((await submit(f, [signed])).accepted).to.have.length(1);
  });

  it("[ENG-13] a reading signed by another meter's key is ForeignKey", async () => {
    const f = await energyFixture();
    const r = await submit(f, [sign(f, f.m2, reading(f.m1, f.baseInterval, 100n))]);
    expect(r.refused).to.deep.equal([{ meterId: 1, interval: f.baseInterval, index: 0, reason: Refusal.ForeignKey }]);
    expect(await f.meters.lastReading(1)).to.deep.equal([false, 0n, 0n]);
  });

  it("[ENG-14] unknown meters are UnknownMeter; another operator member's meters are ForeignOperator, even with a good signature", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    const m9 = sampleMeter(SEED, 9);
    const unknown = await submit(f, [sign(f, m9, reading(m9, i, 1n))]);
    expect(unknown.refused[0]!.reason).to.equal(Refusal.UnknownMeter);
    // The metering company's concentrator holds the right signature for the grid's meter 1.
    const foreign = await submit(f, [sign(f, f.m1, reading(f.m1, i, 1n))], f.meteringCo);
    expect(foreign.refused[0]!.reason).to.equal(Refusal.ForeignOperator);
    // And the grid's concentrator cannot feed the metering company's meter.
    await f.meters.connect(f.meteringCo).addMeter(9, RETAILER, m9.key);
    expect((await submit(f, [sign(f, m9, reading(m9, i, 1n))])).refused[0]!.reason).to.equal(Refusal.ForeignOperator);
    expect((await submit(f, [sign(f, m9, reading(m9, i, 1n))], f.meteringCo)).accepted).to.have.length(1);
  });

  it("[ENG-15] duplicates and out-of-order readings are refused; a replayed batch counts nothing twice", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    const a = sign(f, f.m1, reading(f.m1, i + 5, 100n));
    const first = await submit(f, [a, a]);
    expect(first.accepted).to.have.length(1);
    expect(first.refused[0]!.reason).to.equal(Refusal.Duplicate);
    // Same interval with another value, signed properly: still a duplicate.
    const other = sign(f, f.m1, reading(f.m1, i + 5, 150n));
    const earlier = sign(f, f.m1, reading(f.m1, i + 4, 90n));
    const r = await submit(f, [other, earlier, a]);
    expect(r.refused.map((x) => x.reason)).to.deep.equal([Refusal.Duplicate, Refusal.OutOfOrder, Refusal.Duplicate]);
    expect(await f.meters.lastReading(1)).to.deep.equal([true, BigInt(i + 5), 100n]);
    // Later intervals may skip: a gap is not a refusal.
    expect((await submit(f, [sign(f, f.m1, reading(f.m1, i + 9, 400n))])).accepted).to.have.length(1);
  });

  it("[ENG-16] a cumulative below the last is Decreasing; an equal one (no consumption) is accepted", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    await submit(f, [sign(f, f.m1, reading(f.m1, i, 1_000n))]);
    const r = await submit(f, [sign(f, f.m1, reading(f.m1, i + 1, 999n)), sign(f, f.m1, reading(f.m1, i + 2, 1_000n))]);
    expect(r.refused.map((x) => x.reason)).to.deep.equal([Refusal.Decreasing]);
    expect(r.accepted).to.deep.equal([{ meterId: 1, interval: i + 2, cumulativeWh: 1_000n }]);
  });

  it("[ENG-17] a timestamp outside its interval's reading window, or after the block, is BadTimestamp", async () => {
    const f = await energyFixture();
    const i = f.baseInterval;
    const end = TEST_GRID.epoch + (i + 1) * TEST_GRID.intervalSeconds;
    const early = sign(f, f.m1, reading(f.m1, i, 1n, end - 1));
    const late = sign(f, f.m1, reading(f.m1, i, 1n, end + TEST_GRID.intervalSeconds));
    const now = await networkHelpers.time.latest();
    const cur = Math.floor((now - TEST_GRID.epoch) / TEST_GRID.intervalSeconds) + 5; // an interval not yet over
    const future = sign(f, f.m1, reading(f.m1, cur, 1n));
    const r = await submit(f, [early, late, future]);
    expect(r.refused.map((x) => x.reason)).to.deep.equal([Refusal.BadTimestamp, Refusal.BadTimestamp, Refusal.BadTimestamp]);
    const edges = await submit(f, [sign(f, f.m1, reading(f.m1, i, 1n, end)), sign(f, f.m1, reading(f.m1, i + 1, 2n, end + 2 * TEST_GRID.intervalSeconds - 1))]);
    expect(edges.accepted).to.have.length(2);
  });

  it("[ENG-18] a reading signed for another chain or another contract does not verify here (BadSignature)", async () => {
    const f = await energyFixture();
    const r = reading(f.m1, f.baseInterval, 1n);
    const otherChain = readingSigner(metersDomain(1n, await f.meters.getAddress())).sign(f.m1.privateKey, r);
    const otherContract = readingSigner(metersDomain((await ethers.provider.getNetwork()).chainId, Wallet.createRandom().address)).sign(f.m1.privateKey, r);
    const res = await submit(f, [otherChain, otherContract]);
    expect(res.refused.map((x) => x.reason)).to.deep.equal([Refusal.BadSignature, Refusal.BadSignature]);
    expect((await submit(f, [sign(f, f.m1, r)])).accepted).to.have.length(1);
  });

  it("[ENG-19] the settlement agent closes periods, forward only; readings of closed periods are PeriodClosed", async () => {
    const f = await energyFixture();
    const i = f.baseInterval - (f.baseInterval % TEST_GRID.intervalsPerPeriod); // first interval of a period
    const period = i / TEST_GRID.intervalsPerPeriod;
    await expect(f.meters.connect(f.grid).closeReadings(period + 1)).to.emit(f.meters, "ReadingsClosed").withArgs(period + 1, f.grid.address);
    expect(await f.meters.closedBefore()).to.equal(BigInt(period + 1));
    await expect(f.meters.connect(f.grid).closeReadings(period + 1)).to.be.revertedWithCustomError(f.meters, "ClosingNotForward").withArgs(period + 1, period + 1);
    await expect(f.meters.connect(f.concentrator).closeReadings(period + 2)).to.be.revertedWithCustomError(f.meters, "AccessDenied").withArgs(f.concentrator.address, ROLES.SETTLEMENT_AGENT);
    const r = await submit(f, [sign(f, f.m1, reading(f.m1, i + 3, 1n)), sign(f, f.m1, reading(f.m1, i + 4, 2n))]);
    expect(r.refused.map((x) => [x.interval, x.reason])).to.deep.equal([[i + 3, Refusal.PeriodClosed]]);
    expect(r.accepted.map((x) => x.interval)).to.deep.equal([i + 4]);
  });

  it("[ENG-20] checkpoints: a meter's first reading in a period records the period's opening; metered energy is their difference and the sum of the readings' deltas", async () => {
    const f = await energyFixture();
    const K = TEST_GRID.intervalsPerPeriod;
    const p = Math.floor(f.baseInterval / K) + 1;
    const i = p * K; // first interval of period p
    // Period p: first reading at its second interval (the meter's first ever); p+1: two readings; p+2 skipped; p+3: one.
    const values: [number, bigint][] = [[i + 1, 1_000n], [i + 3, 1_400n], [i + K, 1_900n], [i + K + 2, 2_300n], [i + 3 * K + 1, 5_000n]];
    await submit(f, values.map(([iv, wh]) => sign(f, f.m1, reading(f.m1, iv, wh))));
    expect(await f.meters.opening(1, p)).to.deep.equal([true, BigInt(i + 1), 1_000n]); // its first reading
    expect(await f.meters.opening(1, p + 1)).to.deep.equal([true, BigInt(i + 3), 1_400n]); // the last before p+1
    expect((await f.meters.opening(1, p + 2))[0]).to.equal(false); // no reading in p+2
    expect(await f.meters.opening(1, p + 3)).to.deep.equal([true, BigInt(i + K + 2), 2_300n]); // the gap counts in p+3
    expect(await f.meters.meteredEnergy(1, p, p + 1)).to.equal(400n);
    expect(await f.meters.meteredEnergy(1, p + 1, p + 3)).to.equal(900n);
    expect(await f.meters.meteredEnergy(1, p, p + 3)).to.equal(1_300n);
    await expect(f.meters.meteredEnergy(1, p, p + 2)).to.be.revertedWithCustomError(f.meters, "NoCheckpoint").withArgs(1, p + 2);
    await expect(f.meters.meteredEnergy(1, p + 3, p + 4)).to.be.revertedWithCustomError(f.meters, "NoCheckpoint").withArgs(1, p + 4);
    expect(await f.meters.lastReading(1)).to.deep.equal([true, BigInt(i + 3 * K + 1), 5_000n]);
    expect(await f.meters.intervalAt(TEST_GRID.epoch + (i + 1) * TEST_GRID.intervalSeconds - 1)).to.equal(BigInt(i));
  });
});
