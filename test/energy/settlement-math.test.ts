import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import {
  BPS,
  CSV_COLUMNS,
  DEFAULT_BAND_BPS,
  encodeStatement,
  LINE_CODE,
  lineAmount,
  lineCodeName,
  MAX_BAND_BPS,
  MAX_CONTRACTS,
  MAX_ENERGY_WH,
  MAX_FIXED_CENTS,
  MAX_LINE_WH,
  MAX_RATE,
  periodCsv,
  periodTotals,
  SettlementInputError,
  settleParticipant,
  settlePeriod,
  STATEMENT_TAG,
  statementCsv,
  statementDigest,
  UnbalancedPeriodError,
  WH_PER_MWH,
  ZERO_REF,
  type ContractLeg,
  type LineCodeName,
  type ParticipantInput,
  type PeriodParticipant,
  type SettlementTerms,
  type Statement,
  type StatementHeader,
} from "../../lib/energy/settlement.js";

const { ethers } = await network.getOrCreate();
const probe = await ethers.deployContract("SettlementMathProbe");

const RULES = readFileSync(new URL("../../docs/energy/settlement-rules.md", import.meta.url), "utf8");

/** The terms T of docs/energy/settlement-rules.md. */
const T: SettlementTerms = { clearingPrice: 40_000n, upRate: 10_000n, downRate: 6_000n, bandBps: 300n, tdRate: 15_000n, surchargeRate: 2_000n, fixedCents: 10_000n };
const id = (n: number | bigint) => `0x${BigInt(n).toString(16).padStart(64, "0")}`;
const K1 = id(1);
const K9 = id(9);
const addr = (n: number) => ethers.getAddress(`0x${(0xe0000 + n).toString(16).padStart(40, "0")}`);

// The participants of the worked examples.
const C = (meteredWh: bigint): ParticipantInput => ({ contracts: [{ id: K1, quantityWh: 500_000_000n, price: 38_000n }], clearedWh: 300_000_000n, meteredWh });
const G = (meteredWh: bigint): ParticipantInput => ({ contracts: [{ id: K1, quantityWh: -500_000_000n, price: 38_000n }], clearedWh: -300_000_000n, meteredWh });
const R: ParticipantInput = { contracts: [], clearedWh: 250_000_000n, meteredWh: 250_000_000n };
const idle: ParticipantInput = { contracts: [], clearedWh: 0n, meteredWh: 0n };

// ------------------------------------------------------------------------------- the two sides

const toSol = (i: ParticipantInput) => ({ contracts: i.contracts.map((c) => ({ id: c.id, quantityWh: c.quantityWh, price: c.price })), clearedWh: i.clearedWh, meteredWh: i.meteredWh });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function fromSol(r: any): Statement {
  return {
    positionWh: r.positionWh,
    meteredWh: r.meteredWh,
    deviationWh: r.deviationWh,
    bandWh: r.bandWh,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    lines: r.lines.map((l: any) => ({ code: Number(l.code), ref: l.ref, quantityWh: l.quantityWh, rate: l.rate, amount: l.amount })),
    net: r.net,
  };
}

/** The statement from lib/energy, after checking SettlementMath.sol computes the same one [ENG-96]. */
async function settleBoth(input: ParticipantInput, terms: SettlementTerms = T): Promise<Statement> {
  const ts = settleParticipant(terms, input);
  const sol = fromSol(await probe.settle(terms, toSol(input)));
  expect(sol).to.deep.equal(ts);
  return ts;
}

/** The statement's lines by code name (BILATERAL summed). */
function byName(s: Statement): Record<LineCodeName, bigint> {
  const out = Object.fromEntries(Object.keys(LINE_CODE).map((k) => [k, 0n])) as Record<LineCodeName, bigint>;
  for (const l of s.lines) out[lineCodeName(l.code)] += l.amount;
  return out;
}

/** The worked example's section of docs/energy/settlement-rules.md. */
function section(ruleId: string): string {
  const start = RULES.indexOf(`### ${ruleId} `);
  expect(start, `${ruleId} has no section in settlement-rules.md`).to.be.greaterThan(-1);
  const end = RULES.indexOf("\n### ", start + 1);
  return RULES.slice(start, end === -1 ? undefined : end);
}

/** Every figure the test asserts is written in the example's section (without its sign: the doc prints −). */
function inDoc(ruleId: string, ...figures: bigint[]): void {
  const text = section(ruleId);
  for (const f of figures) {
    const s = (f < 0n ? -f : f).toLocaleString("en-US");
    expect(text, `${ruleId}: ${s} is not written in its example`).to.include(s);
  }
}

/** Asserts the amounts of the named lines (those not named must be 0) and the net. */
function expectStatement(s: Statement, lines: Partial<Record<LineCodeName, bigint>>, net: bigint): void {
  const all = byName(s);
  for (const k of Object.keys(LINE_CODE) as LineCodeName[]) expect(all[k], k).to.equal(lines[k] ?? 0n);
  expect(s.net).to.equal(net);
  expect(s.lines.reduce((a, l) => a + l.amount, 0n)).to.equal(net);
}

// ---------------------------------------------------------------------------- worked examples

describe("energy settlement: the worked examples of docs/energy/settlement-rules.md", () => {
  it("[ENG-100][ENG-84] Example 1: inside the band nothing but the deviation energy at the clearing price", async () => {
    const s = await settleBoth(C(820_000_000n));
    expect([s.positionWh, s.deviationWh, s.bandWh]).to.deep.equal([800_000_000n, 20_000_000n, 24_000_000n]);
    const lines = { BILATERAL: 19_000_000n, AUCTION: 12_000_000n, IMBALANCE: 800_000n, TRANSMISSION: 12_300_000n, SURCHARGE_ENERGY: 1_640_000n, SURCHARGE_FIXED: 10_000n };
    expectStatement(s, lines, 45_750_000n);
    inDoc("ENG-100", 800_000_000n, 20_000_000n, 24_000_000n, ...Object.values(lines), 45_750_000n);
  });

  it("[ENG-101][ENG-85] Example 2: the excess above the band is assessed at the up rate", async () => {
    const s = await settleBoth(C(850_000_000n));
    expect([s.deviationWh, s.bandWh, s.lines[3]!.quantityWh]).to.deep.equal([50_000_000n, 24_000_000n, 26_000_000n]);
    const lines = { BILATERAL: 19_000_000n, AUCTION: 12_000_000n, IMBALANCE: 2_000_000n, DEVIATION_UP: 260_000n, TRANSMISSION: 12_750_000n, SURCHARGE_ENERGY: 1_700_000n, SURCHARGE_FIXED: 10_000n };
    expectStatement(s, lines, 47_720_000n);
    inDoc("ENG-101", 26_000_000n, ...Object.values(lines), 47_720_000n);
  });

  it("[ENG-102][ENG-86] Example 3: the excess below the band is assessed at the down rate, as a charge", async () => {
    const s = await settleBoth(C(700_000_000n));
    expect([s.deviationWh, s.lines[4]!.quantityWh]).to.deep.equal([-100_000_000n, 76_000_000n]);
    const lines = { BILATERAL: 19_000_000n, AUCTION: 12_000_000n, IMBALANCE: -4_000_000n, DEVIATION_DOWN: 456_000n, TRANSMISSION: 10_500_000n, SURCHARGE_ENERGY: 1_400_000n, SURCHARGE_FIXED: 10_000n };
    expectStatement(s, lines, 39_366_000n);
    inDoc("ENG-102", 100_000_000n, 76_000_000n, ...Object.values(lines), 39_366_000n);
  });

  it("[ENG-103][ENG-80][ENG-86] Example 4: a generator over-delivering is paid (negative net) and assessed on the down side", async () => {
    const s = await settleBoth(G(-830_000_000n));
    expect([s.positionWh, s.deviationWh, s.bandWh, s.lines[4]!.quantityWh]).to.deep.equal([-800_000_000n, -30_000_000n, 24_000_000n, 6_000_000n]);
    const lines = { BILATERAL: -19_000_000n, AUCTION: -12_000_000n, IMBALANCE: -1_200_000n, DEVIATION_DOWN: 36_000n, SURCHARGE_FIXED: 10_000n };
    expectStatement(s, lines, -32_154_000n);
    inDoc("ENG-103", 30_000_000n, 6_000_000n, ...Object.values(lines), 32_154_000n);
  });

  it("[ENG-104][ENG-87] Example 5: with position 0 the band is 0 and the whole metered quantity is assessed", async () => {
    const z1 = await settleBoth({ contracts: [], clearedWh: 0n, meteredWh: 2_000_000n });
    const z2 = await settleBoth({ contracts: [], clearedWh: 0n, meteredWh: -2_000_000n });
    expect([z1.bandWh, z1.lines[2]!.quantityWh, z2.bandWh, z2.lines[3]!.quantityWh]).to.deep.equal([0n, 2_000_000n, 0n, 2_000_000n]);
    expectStatement(z1, { IMBALANCE: 80_000n, DEVIATION_UP: 20_000n, TRANSMISSION: 30_000n, SURCHARGE_ENERGY: 4_000n, SURCHARGE_FIXED: 10_000n }, 144_000n);
    expectStatement(z2, { IMBALANCE: -80_000n, DEVIATION_DOWN: 12_000n, SURCHARGE_FIXED: 10_000n }, -58_000n);
    inDoc("ENG-104", 80_000n, 20_000n, 30_000n, 4_000n, 144_000n, 12_000n, 58_000n);
  });

  it("[ENG-105][ENG-89] Example 6: T&D is charged per withdrawn MWh, and not to a participant that injected", async () => {
    const s = await settleBoth(R);
    expectStatement(s, { AUCTION: 10_000_000n, TRANSMISSION: 3_750_000n, SURCHARGE_ENERGY: 500_000n, SURCHARGE_FIXED: 10_000n }, 14_260_000n);
    expect(byName(await settleBoth(G(-830_000_000n))).TRANSMISSION).to.equal(0n);
    inDoc("ENG-105", 3_750_000n, 10_000_000n, 500_000n, 14_260_000n);
  });

  it("[ENG-106][ENG-90] Example 7: the energy surcharge on withdrawn energy, the fixed surcharge on everyone", async () => {
    expect(byName(await settleBoth(R)).SURCHARGE_ENERGY).to.equal(500_000n);
    expect(byName(await settleBoth(G(-830_000_000n))).SURCHARGE_ENERGY).to.equal(0n);
    const q = await settleBoth(idle);
    expectStatement(q, { SURCHARGE_FIXED: 10_000n }, 10_000n);
    expect(q.lines.map((l) => l.amount)).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n, 10_000n]);
    inDoc("ENG-106", 500_000n, 10_000n);
  });

  it("[ENG-107][ENG-81] Example 8: every line rounds up, a debit to the next cent and a credit toward zero", async () => {
    const x = await settleBoth({ contracts: [{ id: K9, quantityWh: 1_234_567n, price: 38_001n }], clearedWh: 0n, meteredWh: 1_234_567n });
    const y = await settleBoth({ contracts: [{ id: K9, quantityWh: -1_234_567n, price: 38_001n }], clearedWh: 0n, meteredWh: -1_234_567n });
    expect(1_234_567n * 38_001n).to.equal(46_914_780_567n);
    expect(x.bandWh).to.equal(37_037n);
    expectStatement(x, { BILATERAL: 46_915n, TRANSMISSION: 18_519n, SURCHARGE_ENERGY: 2_470n, SURCHARGE_FIXED: 10_000n }, 77_904n);
    expectStatement(y, { BILATERAL: -46_914n, SURCHARGE_FIXED: 10_000n }, -36_914n);
    const { totals } = settlePeriod(T, [
      { participant: addr(1), ...x0(x) },
      { participant: addr(2), ...x0(y) },
    ]);
    expect(totals.body).to.deep.equal({ fees: 40_989n, assessments: 0n, imbalance: 0n, tradeResidue: 1n, net: 40_990n });
    // The counterexample to half-away-from-zero: ceil gives 1, 1 and 0.
    expect([lineAmount(10n, 40_000n), lineAmount(10n, 40_000n), lineAmount(-20n, 40_000n)]).to.deep.equal([1n, 1n, 0n]);
    inDoc("ENG-107", 46_914_780_567n, 46_915n, 46_914n, 18_519n, 2_470n, 37_037n, 77_904n, 36_914n, 40_990n, 40_989n);
  });

  it("[ENG-108][ENG-83][ENG-81] Example 9: the band rounds down, so 1 Wh over it is assessed, rounded up to 1 cent", async () => {
    const s = await settleBoth({ contracts: [], clearedWh: 333_333n, meteredWh: 343_333n });
    expect([s.bandWh, s.deviationWh, s.lines[2]!.quantityWh]).to.deep.equal([9_999n, 10_000n, 1n]);
    const lines = { AUCTION: 13_334n, IMBALANCE: 400n, DEVIATION_UP: 1n, TRANSMISSION: 5_150n, SURCHARGE_ENERGY: 687n, SURCHARGE_FIXED: 10_000n };
    expectStatement(s, lines, 29_572n);
    inDoc("ENG-108", 9_999n, 13_334n, 5_150n, 687n, 29_572n);
  });

  it("[ENG-109][ENG-93] Example 10: money in = money out + the body's fees, assessments, imbalance and trade residue", async () => {
    const h = await settleBoth(G(-790_000_000n));
    expectStatement(h, { BILATERAL: -19_000_000n, AUCTION: -12_000_000n, IMBALANCE: 400_000n, SURCHARGE_FIXED: 10_000n }, -30_590_000n);
    const { totals } = settlePeriod(T, [
      { participant: addr(1), ...C(820_000_000n) },
      { participant: addr(2), ...G(-790_000_000n) },
    ]);
    expect([totals.moneyIn, totals.moneyOut]).to.deep.equal([45_750_000n, 30_590_000n]);
    expect(totals.body).to.deep.equal({ fees: 13_960_000n, assessments: 0n, imbalance: 1_200_000n, tradeResidue: 0n, net: 15_160_000n });
    inDoc("ENG-109", 30_590_000n, 45_750_000n, 15_160_000n, 13_960_000n, 1_200_000n);
  });

  it("[ENG-110][ENG-94] Example 11: another meter reading for H changes H's statement and the body's total only", async () => {
    const before = settlePeriod(T, [
      { participant: addr(1), ...C(820_000_000n) },
      { participant: addr(2), ...G(-790_000_000n) },
    ]);
    const after = settlePeriod(T, [
      { participant: addr(1), ...C(820_000_000n) },
      { participant: addr(2), ...G(-830_000_000n) },
    ]);
    expect(after.statements[0]).to.deep.equal(before.statements[0]);
    expect(after.statements[1]!.statement.net).to.equal(-32_154_000n);
    expect(after.totals.body.net).to.equal(13_596_000n);
    expect(after.totals.body.net - before.totals.body.net).to.equal(after.statements[1]!.statement.net - before.statements[1]!.statement.net).and.to.equal(-1_564_000n);
    inDoc("ENG-110", 13_596_000n, 1_564_000n, 32_154_000n);
  });
});

/** A statement's inputs again, from its own lines (for building a period from example statements). */
function x0(s: Statement): ParticipantInput {
  const contracts: ContractLeg[] = s.lines.filter((l) => l.code === LINE_CODE.BILATERAL).map((l) => ({ id: l.ref, quantityWh: l.quantityWh, price: l.rate }));
  const cleared = s.lines.find((l) => l.code === LINE_CODE.AUCTION)!.quantityWh;
  return { contracts, clearedWh: cleared, meteredWh: s.meteredWh };
}

// ------------------------------------------------------------------------- random inputs

/** A seeded generator, so that a failure names a case that can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const big = (max: bigint): bigint => {
    // Uniform enough over [0, max]: 64 random bits, then reduced.
    const r = (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32));
    return r % (max + 1n);
  };
  /** 0, the bound, one past it, a small value or any value up to the bound: edges matter most. */
  const unsigned = (max: bigint, over = 0): bigint => {
    const p = next();
    if (p < 0.08) return 0n;
    if (p < 0.16) return max;
    if (p < over) return max + 1n + big(max);
    if (p < 0.5) return big(max < 1_000_000n ? max : 1_000_000n);
    return big(max);
  };
  const signed = (max: bigint, over = 0): bigint => (next() < 0.5 ? -1n : 1n) * unsigned(max, over);
  const int = (n: number) => Math.floor(next() * n);
  return { next, big, unsigned, signed, int };
}

function randomTerms(r: ReturnType<typeof prng>, over = 0): SettlementTerms {
  return {
    clearingPrice: r.unsigned(MAX_RATE, over),
    upRate: r.unsigned(MAX_RATE, over),
    downRate: r.unsigned(MAX_RATE, over),
    bandBps: r.next() < 0.3 ? DEFAULT_BAND_BPS : r.unsigned(MAX_BAND_BPS, over),
    tdRate: r.unsigned(MAX_RATE, over),
    surchargeRate: r.unsigned(MAX_RATE, over),
    fixedCents: r.unsigned(MAX_FIXED_CENTS, over),
  };
}

/** Random legs, cleared and metered, mostly inside the bounds (the position too) unless `over`. */
function randomInput(r: ReturnType<typeof prng>, over = 0): ParticipantInput {
  const n = r.next() < over / 4 ? MAX_CONTRACTS + 1 : r.int(5);
  let next = r.big(1000n);
  const contracts: ContractLeg[] = [];
  const limit = over > 0 ? MAX_ENERGY_WH : MAX_ENERGY_WH / 8n;
  for (let i = 0; i < n; i++) {
    next += 1n + r.big(2n ** 200n);
    contracts.push({ id: id(next), quantityWh: r.signed(limit, over), price: r.unsigned(MAX_RATE, over) });
  }
  if (over > 0 && n > 1 && r.next() < 0.1) [contracts[0], contracts[1]] = [contracts[1]!, contracts[0]!];
  return { contracts, clearedWh: r.signed(limit, over), meteredWh: r.signed(MAX_ENERGY_WH, over) };
}

describe("energy settlement: lib/energy and SettlementMath.sol are one definition", () => {
  it("[ENG-96] the constants, line codes and statement tag are the same on both sides", async () => {
    const c = await probe.constants();
    expect([c.whPerMWh, c.defaultBandBps, c.maxEnergyWh, c.maxLineWh, c.maxRate, c.maxBandBps, c.maxFixedCents, c.maxContracts, c.statementTag]).to.deep.equal([
      WH_PER_MWH,
      DEFAULT_BAND_BPS,
      MAX_ENERGY_WH,
      MAX_LINE_WH,
      MAX_RATE,
      MAX_BAND_BPS,
      MAX_FIXED_CENTS,
      BigInt(MAX_CONTRACTS),
      STATEMENT_TAG,
    ]);
    expect((await probe.lineCodes()).map(Number)).to.deep.equal(Object.values(LINE_CODE));
    expect(BPS).to.equal(10_000n);
  });

  it("[ENG-96][ENG-81] lineAmount agrees on 2,000 random quantities and rates, edges included, and stays within a cent of the exact value", async () => {
    const r = prng(81);
    const q = Array.from({ length: 2_000 }, () => r.signed(MAX_LINE_WH));
    const rates = Array.from({ length: 2_000 }, () => r.unsigned(MAX_RATE));
    const sol = [...(await probe.lineAmounts(q.slice(0, 1_000), rates.slice(0, 1_000))), ...(await probe.lineAmounts(q.slice(1_000), rates.slice(1_000)))];
    q.forEach((x, i) => {
      const a = lineAmount(x, rates[i]!);
      expect(sol[i], `case ${i}`).to.equal(a);
      const err = a * WH_PER_MWH - x * rates[i]!;
      expect(err >= 0n && err < WH_PER_MWH, `case ${i}: ${err}`).to.equal(true);
    });
  });

  it("[ENG-96] settle agrees, line for line, on 400 random statements within the bounds", async () => {
    const r = prng(96);
    for (let batch = 0; batch < 8; batch++) {
      const terms = randomTerms(r);
      const inputs = Array.from({ length: 50 }, () => randomInput(r));
      const sol = await probe.settleMany(terms, inputs.map(toSol));
      inputs.forEach((input, i) => expect(fromSol(sol[i]), `batch ${batch} case ${i}`).to.deep.equal(settleParticipant(terms, input)));
    }
  });

  it("[ENG-96][ENG-95] both sides refuse the same out-of-range inputs with the same error and arguments", async () => {
    const r = prng(95);
    let refused = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 160; i++) {
      const terms = randomTerms(r, 0.2);
      const input = randomInput(r, 0.2);
      let err: SettlementInputError | undefined;
      let ts: Statement | undefined;
      try {
        ts = settleParticipant(terms, input);
      } catch (e) {
        if (!(e instanceof SettlementInputError)) throw e;
        err = e;
      }
      if (err) {
        refused++;
        seen.add(err.error);
        await expect(probe.settle(terms, toSol(input)), `case ${i}`).to.be.revertedWithCustomError(probe, err.error).withArgs(...err.args);
      } else {
        expect(fromSol(await probe.settle(terms, toSol(input))), `case ${i}`).to.deep.equal(ts);
      }
    }
    expect(refused).to.be.greaterThan(40);
    expect([...seen].sort()).to.deep.equal(["BandOutOfRange", "ContractsNotAscending", "EnergyOutOfRange", "FixedChargeOutOfRange", "RateOutOfRange", "TooManyContracts"]);
  });
});

describe("energy settlement: the statement's shape", () => {
  it("[ENG-82][ENG-88][ENG-91] position, deviation, the lines in their order at their prices, and the net as their sum, on 200 random statements", async () => {
    const r = prng(91);
    const terms = randomTerms(r);
    const inputs = Array.from({ length: 200 }, () => randomInput(r));
    const sol = [...(await probe.settleMany(terms, inputs.slice(0, 100).map(toSol))), ...(await probe.settleMany(terms, inputs.slice(100).map(toSol)))];
    inputs.forEach((input, i) => {
      const s = settleParticipant(terms, input);
      expect(fromSol(sol[i]), `case ${i}`).to.deep.equal(s);
      const position = input.contracts.reduce((a, c) => a + c.quantityWh, input.clearedWh);
      expect([s.positionWh, s.meteredWh, s.deviationWh], `case ${i}`).to.deep.equal([position, input.meteredWh, input.meteredWh - position]);
      const n = input.contracts.length;
      expect(s.lines.map((l) => l.code)).to.deep.equal([...Array<number>(n).fill(LINE_CODE.BILATERAL), 2, 3, 4, 5, 6, 7, 8]);
      input.contracts.forEach((c, k) => expect(s.lines[k], `case ${i} leg ${k}`).to.deep.equal({ code: LINE_CODE.BILATERAL, ref: c.id, quantityWh: c.quantityWh, rate: c.price, amount: lineAmount(c.quantityWh, c.price) }));
      const [auction, imbalance, up, down, td, sur, fixed] = s.lines.slice(n);
      expect([auction!.quantityWh, auction!.rate, auction!.amount]).to.deep.equal([input.clearedWh, terms.clearingPrice, lineAmount(input.clearedWh, terms.clearingPrice)]);
      expect([imbalance!.quantityWh, imbalance!.rate]).to.deep.equal([s.deviationWh, terms.clearingPrice]);
      expect([up!.rate, down!.rate, td!.rate, sur!.rate, fixed!.rate, fixed!.amount]).to.deep.equal([terms.upRate, terms.downRate, terms.tdRate, terms.surchargeRate, terms.fixedCents, terms.fixedCents]);
      for (const l of s.lines.slice(n + 1)) expect(l.ref).to.equal(ZERO_REF);
      expect(s.net).to.equal(s.lines.reduce((a, l) => a + l.amount, 0n));
    });
  });
});

describe("energy settlement: bounds", () => {
  it("[ENG-95] each bound is accepted at its value and refused one past it, by both sides", async () => {
    const max = MAX_ENERGY_WH;
    // At the bounds: the largest statement the rules allow, every rate at its maximum.
    const top: SettlementTerms = { clearingPrice: MAX_RATE, upRate: MAX_RATE, downRate: MAX_RATE, bandBps: 0n, tdRate: MAX_RATE, surchargeRate: MAX_RATE, fixedCents: MAX_FIXED_CENTS };
    const legs: ContractLeg[] = Array.from({ length: MAX_CONTRACTS }, (_, i) => ({ id: id(i + 1), quantityWh: i % 2 === 0 ? max : -max, price: MAX_RATE }));
    const s = await settleBoth({ contracts: legs, clearedWh: 0n, meteredWh: -max }, top);
    expect(s.deviationWh).to.equal(-max);
    for (const l of s.lines) expect(l.amount <= 2n * 10n ** 18n && l.amount >= -(2n * 10n ** 18n)).to.equal(true);
    expect(s.lines.reduce((m, l) => (l.amount < 0n ? -l.amount : l.amount) > m ? (l.amount < 0n ? -l.amount : l.amount) : m, 0n) < 2n ** 63n).to.equal(true);
    const dev = await settleBoth({ contracts: [], clearedWh: max, meteredWh: -max }, top);
    expect(dev.deviationWh).to.equal(-2n * max);
    expect(byName(dev).IMBALANCE).to.equal(-2n * 10n ** 18n);

    const cases: [string, SettlementTerms, ParticipantInput, string, bigint[]][] = [
      ["metered", T, { contracts: [], clearedWh: 0n, meteredWh: max + 1n }, "EnergyOutOfRange", [max + 1n]],
      ["metered (negative)", T, { contracts: [], clearedWh: 0n, meteredWh: -max - 1n }, "EnergyOutOfRange", [-max - 1n]],
      ["cleared", T, { contracts: [], clearedWh: -max - 1n, meteredWh: 0n }, "EnergyOutOfRange", [-max - 1n]],
      ["leg", T, { contracts: [{ id: K1, quantityWh: max + 1n, price: 1n }], clearedWh: 0n, meteredWh: 0n }, "EnergyOutOfRange", [max + 1n]],
      ["position", T, { contracts: [{ id: K1, quantityWh: max, price: 1n }], clearedWh: 1n, meteredWh: 0n }, "EnergyOutOfRange", [max + 1n]],
      ["contract price", T, { contracts: [{ id: K1, quantityWh: 1n, price: MAX_RATE + 1n }], clearedWh: 0n, meteredWh: 0n }, "RateOutOfRange", [MAX_RATE + 1n]],
      ["clearing price", { ...T, clearingPrice: MAX_RATE + 1n }, idle, "RateOutOfRange", [MAX_RATE + 1n]],
      ["up rate", { ...T, upRate: MAX_RATE + 1n }, idle, "RateOutOfRange", [MAX_RATE + 1n]],
      ["down rate", { ...T, downRate: MAX_RATE + 1n }, idle, "RateOutOfRange", [MAX_RATE + 1n]],
      ["T&D rate", { ...T, tdRate: MAX_RATE + 1n }, idle, "RateOutOfRange", [MAX_RATE + 1n]],
      ["surcharge rate", { ...T, surchargeRate: MAX_RATE + 1n }, idle, "RateOutOfRange", [MAX_RATE + 1n]],
      ["band", { ...T, bandBps: MAX_BAND_BPS + 1n }, idle, "BandOutOfRange", [MAX_BAND_BPS + 1n]],
      ["fixed surcharge", { ...T, fixedCents: MAX_FIXED_CENTS + 1n }, idle, "FixedChargeOutOfRange", [MAX_FIXED_CENTS + 1n]],
      ["legs", T, { contracts: Array.from({ length: MAX_CONTRACTS + 1 }, (_, i) => ({ id: id(i + 1), quantityWh: 0n, price: 0n })), clearedWh: 0n, meteredWh: 0n }, "TooManyContracts", [BigInt(MAX_CONTRACTS + 1)]],
      ["legs out of order", T, { contracts: [{ id: K9, quantityWh: 1n, price: 1n }, { id: K1, quantityWh: -1n, price: 1n }], clearedWh: 0n, meteredWh: 0n }, "ContractsNotAscending", [1n]],
      ["a repeated leg", T, { contracts: [{ id: K1, quantityWh: 1n, price: 1n }, { id: K1, quantityWh: 1n, price: 1n }], clearedWh: 0n, meteredWh: 0n }, "ContractsNotAscending", [1n]],
    ];
    for (const [what, terms, input, error, args] of cases) {
      expect(() => settleParticipant(terms, input), what)
        .to.throw(SettlementInputError)
        .that.satisfies((e: SettlementInputError) => e.error === error && e.args.join() === args.join());
      await expect(probe.settle(terms, toSol(input)), what).to.be.revertedWithCustomError(probe, error).withArgs(...args);
    }
    // lineAmount alone takes a deviation's range, twice an input's.
    expect(lineAmount(MAX_LINE_WH, MAX_RATE)).to.equal(2n * 10n ** 18n);
    expect(() => lineAmount(MAX_LINE_WH + 1n, 1n)).to.throw(SettlementInputError);
    await expect(probe.lineAmounts([MAX_LINE_WH + 1n], [1n])).to.be.revertedWithCustomError(probe, "EnergyOutOfRange").withArgs(MAX_LINE_WH + 1n);
    await expect(probe.bandWh(0n, MAX_BAND_BPS + 1n)).to.be.revertedWithCustomError(probe, "BandOutOfRange").withArgs(MAX_BAND_BPS + 1n);
  });
});

// --------------------------------------------------------------------------------- a period

/** A random balanced period: contracts between pairs, auction volumes summing to 0. */
function randomPeriod(r: ReturnType<typeof prng>, n: number): PeriodParticipant[] {
  const ps: PeriodParticipant[] = Array.from({ length: n }, (_, i) => ({ participant: addr(i + 1), contracts: [], clearedWh: 0n, meteredWh: 0n }));
  const deals = r.int(2 * n);
  for (let k = 0; k < deals; k++) {
    const a = r.int(n);
    const b = (a + 1 + r.int(n - 1)) % n;
    const q = r.signed(10n ** 9n);
    const price = r.unsigned(200_000n);
    const cid = id(1000 + k);
    ps[a]!.contracts.push({ id: cid, quantityWh: q, price });
    ps[b]!.contracts.push({ id: cid, quantityWh: -q, price });
  }
  let sum = 0n;
  for (let i = 0; i < n - 1; i++) {
    ps[i]!.clearedWh = r.signed(10n ** 9n);
    sum += ps[i]!.clearedWh;
  }
  ps[n - 1]!.clearedWh = -sum;
  for (const p of ps) {
    const position = p.contracts.reduce((s, c) => s + c.quantityWh, p.clearedWh);
    p.meteredWh = r.next() < 0.2 ? position : position + r.signed(position < 0n ? -position / 5n + 1n : position / 5n + 1n);
  }
  return ps;
}

const realisticTerms = (r: ReturnType<typeof prng>): SettlementTerms => ({
  clearingPrice: r.unsigned(150_000n),
  upRate: r.unsigned(50_000n),
  downRate: r.unsigned(50_000n),
  bandBps: r.unsigned(1_000n),
  tdRate: r.unsigned(30_000n),
  surchargeRate: r.unsigned(5_000n),
  fixedCents: r.unsigned(100_000n),
});

describe("energy settlement: a period", () => {
  it("[ENG-93] over 200 random balanced periods, money in = money out + the body's itemised total, the trade residue is rounding only", () => {
    const r = prng(93);
    for (let i = 0; i < 200; i++) {
      const terms = realisticTerms(r);
      const { statements, totals } = settlePeriod(terms, randomPeriod(r, 2 + r.int(9)));
      const nets = statements.map((s) => s.statement.net);
      expect(totals.moneyIn - totals.moneyOut, `period ${i}`).to.equal(nets.reduce((a, b) => a + b, 0n));
      expect(totals.moneyIn - totals.moneyOut - totals.body.net).to.equal(0n);
      expect(totals.body.fees + totals.body.assessments + totals.body.imbalance + totals.body.tradeResidue).to.equal(totals.body.net);
      expect(totals.body.tradeResidue >= 0n && totals.body.tradeResidue < BigInt(totals.tradeLines), `period ${i}: residue ${totals.body.tradeResidue} of ${totals.tradeLines} lines`).to.equal(true);
      expect(totals.roundingMicroCents >= 0n && totals.roundingMicroCents < BigInt(totals.lines) * WH_PER_MWH).to.equal(true);
      // The imbalance is the net metered energy at the clearing price, within the rounding.
      const metered = statements.reduce((s, x) => s + x.statement.meteredWh, 0n);
      const exact = metered * terms.clearingPrice;
      const diff = totals.body.imbalance * WH_PER_MWH - exact;
      expect(diff >= 0n && diff < BigInt(statements.length) * WH_PER_MWH).to.equal(true);
    }
  });

  it("[ENG-94] changing one participant's metered quantity changes only its own statement and moves the body by its change of net", () => {
    const r = prng(94);
    for (let i = 0; i < 100; i++) {
      const terms = realisticTerms(r);
      const period = randomPeriod(r, 2 + r.int(7));
      const j = r.int(period.length);
      const changed = period.map((p, k) => (k === j ? { ...p, meteredWh: p.meteredWh + r.signed(10n ** 8n) } : p));
      const a = settlePeriod(terms, period);
      const b = settlePeriod(terms, changed);
      a.statements.forEach((s, k) => {
        if (k !== j) expect(b.statements[k], `period ${i} participant ${k}`).to.deep.equal(s);
      });
      expect(b.totals.body.net - a.totals.body.net).to.equal(b.statements[j]!.statement.net - a.statements[j]!.statement.net);
      // Each statement alone is the period's: nothing of the others enters it.
      b.statements.forEach((s, k) => expect(s.statement).to.deep.equal(settleParticipant(terms, changed[k]!)));
    }
  });

  it("[ENG-98] a period whose trades do not balance is refused", () => {
    const c = { participant: addr(1), ...C(820_000_000n) };
    const g = { participant: addr(2), ...G(-790_000_000n) };
    expect(() => settlePeriod(T, [c, g])).not.to.throw();
    const refuse = (ps: PeriodParticipant[], match: RegExp) => expect(() => settlePeriod(T, ps)).to.throw(UnbalancedPeriodError, match);
    refuse([c], /one leg only/);
    refuse([c, { ...g, contracts: [{ id: K1, quantityWh: -500_000_000n, price: 38_001n }] }], /does not balance/);
    refuse([c, { ...g, contracts: [{ id: K1, quantityWh: -499_999_999n, price: 38_000n }] }], /does not balance/);
    refuse([c, { ...g, contracts: [{ id: K1, quantityWh: 500_000_000n, price: 38_000n }] }], /does not balance/);
    refuse([c, g, { participant: addr(3), contracts: [{ id: K1, quantityWh: 0n, price: 38_000n }], clearedWh: 0n, meteredWh: 0n }], /does not balance/);
    refuse([c, { ...g, clearedWh: -300_000_001n }], /sum to -1 Wh/);
    refuse([c, g, { ...c, participant: addr(1).toLowerCase() }], /appears twice/);
  });
});

// ------------------------------------------------------------------------ digest and CSV

const H0: StatementHeader = { chainId: 31337n, settlement: addr(99), period: 202601n, participant: addr(1), revision: 0, previous: ZERO_REF };

describe("energy settlement: the statement digest", () => {
  it("[ENG-97] ethers' AbiCoder and abi.encode produce the same encoding and digest, on the examples and 200 random statements", async () => {
    const r = prng(97);
    const cases: [StatementHeader, SettlementTerms, ParticipantInput][] = [
      [H0, T, C(820_000_000n)],
      [{ ...H0, participant: addr(2), revision: 2, previous: id(77) }, T, G(-830_000_000n)],
    ];
    for (let i = 0; i < 200; i++) {
      const header: StatementHeader = { chainId: r.big(2n ** 64n), settlement: addr(r.int(1000)), period: r.big(2n ** 64n - 1n), participant: addr(r.int(1000)), revision: r.int(2 ** 32), previous: id(r.big(2n ** 256n - 1n)) };
      cases.push([header, randomTerms(r), randomInput(r)]);
    }
    for (const [i, [header, terms, input]] of cases.entries()) {
      const [s, encoding, digest] = await probe.settleAndDigest(header, terms, toSol(input));
      const ts = settleParticipant(terms, input);
      expect(fromSol(s), `case ${i}`).to.deep.equal(ts);
      expect(encoding, `case ${i}`).to.equal(encodeStatement(header, terms, ts));
      expect(digest, `case ${i}`).to.equal(statementDigest(header, terms, ts));
    }
  });

  it("[ENG-97] changing any field of the header, the terms or the statement changes the digest", () => {
    const s = settleParticipant(T, { ...C(850_000_000n), contracts: [{ id: K1, quantityWh: 500_000_000n, price: 38_000n }] });
    const d = statementDigest(H0, T, s);
    const headers: StatementHeader[] = [
      { ...H0, chainId: 1n },
      { ...H0, settlement: addr(98) },
      { ...H0, period: 202602n },
      { ...H0, participant: addr(2) },
      { ...H0, revision: 1 },
      { ...H0, previous: id(1) },
    ];
    for (const h of headers) expect(statementDigest(h, T, s)).to.not.equal(d);
    for (const k of Object.keys(T) as (keyof SettlementTerms)[]) expect(statementDigest(H0, { ...T, [k]: T[k] + 1n }, s), k).to.not.equal(d);
    for (const k of ["positionWh", "meteredWh", "deviationWh", "bandWh", "net"] as const) expect(statementDigest(H0, T, { ...s, [k]: s[k] + 1n }), k).to.not.equal(d);
    s.lines.forEach((l, i) => {
      const variants = [{ ...l, code: ((l.code % 8) + 1) as typeof l.code }, { ...l, ref: id(5) }, { ...l, quantityWh: l.quantityWh + 1n }, { ...l, rate: l.rate + 1n }, { ...l, amount: l.amount - 1n }];
      for (const v of variants) expect(statementDigest(H0, T, { ...s, lines: s.lines.map((x, j) => (j === i ? v : x)) }), `line ${i}`).to.not.equal(d);
    });
    expect(statementDigest(H0, T, { ...s, lines: s.lines.slice(0, -1) })).to.not.equal(d);
    expect(statementDigest(H0, T, { ...s, lines: [...s.lines.slice(1), s.lines[0]!] })).to.not.equal(d);
  });
});

describe("energy settlement: CSV", () => {
  /** RFC 4180 rows (this writer quotes only fields with a comma, quote or line break). */
  function parseCsv(text: string): string[][] {
    expect(text.endsWith("\r\n")).to.equal(true);
    return text
      .slice(0, -2)
      .split("\r\n")
      .map((row) => row.split(","));
  }

  it("[ENG-99] a statement as CSV: summary rows, one row per line in order, a NET row with the digest; the rows add up", () => {
    const s = settleParticipant(T, C(850_000_000n));
    const rows = parseCsv(statementCsv(H0, T, s));
    expect(rows[0]).to.deep.equal([...CSV_COLUMNS]);
    for (const row of rows) expect(row.length).to.equal(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.slice(1, 5).map((r) => [r[col("code")], r[col("quantity_wh")]])).to.deep.equal([
      ["POSITION", "800000000"],
      ["METERED", "850000000"],
      ["DEVIATION", "50000000"],
      ["BAND", "24000000"],
    ]);
    const lineRows = rows.slice(5, -1);
    expect(lineRows.map((r) => r[col("row")])).to.deep.equal(s.lines.map((_, i) => String(i + 1)));
    expect(lineRows.map((r) => r[col("code")])).to.deep.equal(["BILATERAL", "AUCTION", "IMBALANCE", "DEVIATION_UP", "DEVIATION_DOWN", "TRANSMISSION", "SURCHARGE_ENERGY", "SURCHARGE_FIXED"]);
    expect(lineRows[0]![col("ref")]).to.equal(K1);
    expect(lineRows[3]!.slice(col("quantity_wh"), col("amount") + 1)).to.deep.equal(["26000000", "10000", "cents/MWh", "260000", "2600.00"]);
    expect(lineRows[7]!.slice(col("quantity_wh"), col("amount") + 1)).to.deep.equal(["", "10000", "cents/period", "10000", "100.00"]);
    const net = rows.at(-1)!;
    expect([net[col("code")], net[col("ref")], net[col("amount_cents")], net[col("amount")]]).to.deep.equal(["NET", statementDigest(H0, T, s), "47720000", "477200.00"]);
    expect(lineRows.reduce((a, r) => a + BigInt(r[col("amount_cents")]!), 0n)).to.equal(BigInt(net[col("amount_cents")]!));
    for (const r of rows.slice(1)) expect(r.slice(0, 3)).to.deep.equal(["202601", addr(1), "0"]);

    // A credit in yuan keeps its sign and two decimals; a period's CSV has one header row.
    const g = settleParticipant(T, G(-830_000_000n));
    const period = parseCsv(periodCsv([{ header: H0, statement: s }, { header: { ...H0, participant: addr(2) }, statement: g }], T));
    expect(period.filter((r) => r[0] === "period")).to.have.length(1);
    expect(period).to.have.length(1 + 2 * (4 + 8 + 1));
    expect(period.at(-1)!.slice(col("amount_cents"))).to.deep.equal(["-32154000", "-321540.00"]);
    expect(periodTotals([s, g]).body.net).to.equal(s.net + g.net);
  });
});
