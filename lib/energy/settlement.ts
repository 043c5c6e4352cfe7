/**
 * The settlement arithmetic of the electricity market: one participant's statement for one
 * period, a period's statements with the settlement body's totals, the statement digest the
 * settlement contract stores, and a CSV rendering. The rules, their units and hand-computed
 * examples are in docs/energy/settlement-rules.md (ENG-80..ENG-110);
 * contracts/energy/SettlementMath.sol computes the same lines, and
 * test/energy/settlement-math.test.ts holds the two sides equal [ENG-96, ENG-97].
 *
 * Pure: no chain, no Hardhat, only bigint arithmetic and ethers' ABI coder, so a task, a test
 * and the audit recompute every statement with the same code.
 *
 * Units: energy in Wh (signed: + withdrawn from the grid or bought, - injected or sold), prices
 * and rates in token cents per MWh, money in token cents (the settlement token's unit, 0.01
 * yuan), signed from the participant's side: + the participant pays, - it is paid.
 */
import { AbiCoder, getAddress, keccak256, toUtf8Bytes } from "ethers";

// ------------------------------------------------------------------------------ units, bounds

/** Wh per MWh: a line's exact amount is quantityWh * rate / WH_PER_MWH cents. */
export const WH_PER_MWH = 1_000_000n;
/** Basis points in one. */
export const BPS = 10_000n;
/** The default tolerance band: +-3% of the position. */
export const DEFAULT_BAND_BPS = 300n;

/** Largest |energy| of any input (a contract leg, the cleared quantity, the metered quantity, the position), in Wh: 1,000 TWh. */
export const MAX_ENERGY_WH = 10n ** 15n;
/** Largest |quantity| of a line: a deviation is metered - position, each within MAX_ENERGY_WH. */
export const MAX_LINE_WH = 2n * MAX_ENERGY_WH;
/** Largest price or rate, in cents per MWh (100,000 yuan/MWh, 100 yuan/kWh). */
export const MAX_RATE = 10n ** 9n;
/** Largest tolerance band, in basis points (100%). */
export const MAX_BAND_BPS = BPS;
/** Largest fixed surcharge per participant and period, in cents (10,000,000,000 yuan). */
export const MAX_FIXED_CENTS = 10n ** 12n;
/** Most bilateral contract legs on one statement. */
export const MAX_CONTRACTS = 32;

// ------------------------------------------------------------------------------------- types

/** Line codes, in the order every statement lists its lines (bilateral legs first, by id). */
export const LINE_CODE = {
  BILATERAL: 1,
  AUCTION: 2,
  IMBALANCE: 3,
  DEVIATION_UP: 4,
  DEVIATION_DOWN: 5,
  TRANSMISSION: 6,
  SURCHARGE_ENERGY: 7,
  SURCHARGE_FIXED: 8,
} as const;
export type LineCodeName = keyof typeof LINE_CODE;
export type LineCode = (typeof LINE_CODE)[LineCodeName];
const CODE_NAMES = Object.fromEntries(Object.entries(LINE_CODE).map(([k, v]) => [v, k])) as Record<LineCode, LineCodeName>;

export function lineCodeName(code: number): LineCodeName {
  const name = CODE_NAMES[code as LineCode];
  if (name === undefined) throw new Error(`unknown line code ${code}`);
  return name;
}

/** A period's settlement terms (governed parameters and the auction's clearing price). */
export interface SettlementTerms {
  /** The period's uniform clearing price, cents/MWh: auction energy and deviation energy settle at it. */
  clearingPrice: bigint;
  /** Assessment on excess deviation above the band (took more than the position), cents/MWh. */
  upRate: bigint;
  /** Assessment on excess deviation below the band (took less than the position), cents/MWh. */
  downRate: bigint;
  /** Half-width of the tolerance band, basis points of |position|. */
  bandBps: bigint;
  /** Transmission and distribution fee on withdrawn energy, cents/MWh. */
  tdRate: bigint;
  /** Per-energy surcharges (government funds) on withdrawn energy, cents/MWh. */
  surchargeRate: bigint;
  /** Fixed surcharge per participant per period, cents. */
  fixedCents: bigint;
}

/** One participant's leg of a bilateral contract in the period. */
export interface ContractLeg {
  /** The contract's id (bytes32 hex); legs are listed by ascending id. */
  id: string;
  /** Signed Wh for the period: + the participant buys, - it sells. */
  quantityWh: bigint;
  /** The contract price, cents/MWh. */
  price: bigint;
}

/** What one participant brings to a period's settlement. */
export interface ParticipantInput {
  /** Bilateral legs in strictly ascending id order. */
  contracts: ContractLeg[];
  /** Auction quantity cleared for it: + bought, - sold. */
  clearedWh: bigint;
  /** Net metered energy over its meters: + withdrawn (consumed), - injected (generated). */
  meteredWh: bigint;
}

export interface StatementLine {
  code: LineCode;
  /** The contract id of a BILATERAL line; zero otherwise. */
  ref: string;
  /** Wh the line charges for (0 for SURCHARGE_FIXED). */
  quantityWh: bigint;
  /** cents/MWh; for SURCHARGE_FIXED the cents per period. */
  rate: bigint;
  /** Cents, + the participant pays. */
  amount: bigint;
}

/** A participant's statement for a period: the same fields, in the same order, as SettlementMath.Statement. */
export interface Statement {
  positionWh: bigint;
  meteredWh: bigint;
  deviationWh: bigint;
  bandWh: bigint;
  lines: StatementLine[];
  /** The sum of the line amounts, cents (+ pays, - is paid). */
  net: bigint;
}

/** Where a statement belongs: bound into its digest. */
export interface StatementHeader {
  chainId: bigint;
  /** The settlement contract the digest is stored in. */
  settlement: string;
  period: bigint;
  participant: string;
  /** 0 for the first issue; each re-issue after a dispute adds one. */
  revision: number;
  /** The digest this revision replaces (zero for revision 0). */
  previous: string;
}

/**
 * Input outside the stated bounds. `error` and `args` are the custom error SettlementMath.sol
 * reverts with for the same input, so a task, the audit and the contract refuse alike.
 */
export class SettlementInputError extends Error {
  override name = "SettlementInputError";
  constructor(
    readonly error: "EnergyOutOfRange" | "RateOutOfRange" | "BandOutOfRange" | "FixedChargeOutOfRange" | "TooManyContracts" | "ContractsNotAscending",
    readonly args: readonly bigint[],
    message: string,
  ) {
    super(message);
  }
}

/** A period whose trades do not balance (settlePeriod only: the statements themselves never look at other participants). */
export class UnbalancedPeriodError extends Error {
  override name = "UnbalancedPeriodError";
}

export const ZERO_REF = `0x${"00".repeat(32)}`;

// --------------------------------------------------------------------------------- the lines

/**
 * A line's amount in cents: quantityWh * rate / 1,000,000, rounded up (toward +infinity, the
 * settlement body's side): a debit up to the next cent, a credit toward zero [ENG-81].
 * BigInt division truncates toward zero, which is already the ceiling for a non-positive value.
 */
export function lineAmount(quantityWh: bigint, rate: bigint): bigint {
  checkEnergy(quantityWh, MAX_LINE_WH);
  checkRate(rate);
  const x = quantityWh * rate;
  return x > 0n ? (x + WH_PER_MWH - 1n) / WH_PER_MWH : x / WH_PER_MWH;
}

/** The tolerance band in Wh: |position| * bandBps / 10,000, rounded down [ENG-83]. */
export function bandWh(positionWh: bigint, bandBps: bigint): bigint {
  checkEnergy(positionWh, MAX_ENERGY_WH);
  checkBand(bandBps);
  return (abs(positionWh) * bandBps) / BPS;
}

/** Deviation beyond the band, Wh (>= 0) [ENG-85, ENG-86]. */
export function excessWh(deviationWh: bigint, band: bigint): bigint {
  const a = abs(deviationWh);
  return a > band ? a - band : 0n;
}

/** One participant's statement for one period [ENG-82..ENG-91]. */
export function settleParticipant(terms: SettlementTerms, input: ParticipantInput): Statement {
  checkTerms(terms);
  if (input.contracts.length > MAX_CONTRACTS) {
    throw new SettlementInputError("TooManyContracts", [BigInt(input.contracts.length)], `${input.contracts.length} contract legs on one statement; at most ${MAX_CONTRACTS}`);
  }
  const lines: StatementLine[] = [];
  let position = 0n;
  let previousId = -1n;
  input.contracts.forEach((c, i) => {
    const id = BigInt(c.id);
    if (id <= previousId) throw new SettlementInputError("ContractsNotAscending", [BigInt(i)], `contract leg ${i} (${c.id}) is not after the one before it: legs are listed by strictly ascending id`);
    previousId = id;
    checkEnergy(c.quantityWh, MAX_ENERGY_WH);
    checkRate(c.price);
    position += c.quantityWh;
    lines.push({ code: LINE_CODE.BILATERAL, ref: bytes32(c.id), quantityWh: c.quantityWh, rate: c.price, amount: lineAmount(c.quantityWh, c.price) });
  });
  checkEnergy(input.clearedWh, MAX_ENERGY_WH);
  checkEnergy(input.meteredWh, MAX_ENERGY_WH);
  position += input.clearedWh;
  checkEnergy(position, MAX_ENERGY_WH);

  const deviation = input.meteredWh - position;
  const band = bandWh(position, terms.bandBps);
  const excess = excessWh(deviation, band);
  const up = deviation > 0n ? excess : 0n;
  const down = deviation < 0n ? excess : 0n;
  const withdrawn = input.meteredWh > 0n ? input.meteredWh : 0n;
  const line = (code: LineCode, quantityWh: bigint, rate: bigint): StatementLine => ({ code, ref: ZERO_REF, quantityWh, rate, amount: lineAmount(quantityWh, rate) });
  lines.push(
    line(LINE_CODE.AUCTION, input.clearedWh, terms.clearingPrice),
    line(LINE_CODE.IMBALANCE, deviation, terms.clearingPrice),
    line(LINE_CODE.DEVIATION_UP, up, terms.upRate),
    line(LINE_CODE.DEVIATION_DOWN, down, terms.downRate),
    line(LINE_CODE.TRANSMISSION, withdrawn, terms.tdRate),
    line(LINE_CODE.SURCHARGE_ENERGY, withdrawn, terms.surchargeRate),
    { code: LINE_CODE.SURCHARGE_FIXED, ref: ZERO_REF, quantityWh: 0n, rate: terms.fixedCents, amount: terms.fixedCents },
  );
  const net = lines.reduce((s, l) => s + l.amount, 0n);
  return { positionWh: position, meteredWh: input.meteredWh, deviationWh: deviation, bandWh: band, lines, net };
}

/** The sum of the amounts of the lines with this code (0 if none; BILATERAL sums every leg). */
export function amountOf(statement: Statement, code: LineCode): bigint {
  return statement.lines.filter((l) => l.code === code).reduce((s, l) => s + l.amount, 0n);
}

// --------------------------------------------------------------------------------- a period

export interface PeriodParticipant extends ParticipantInput {
  participant: string;
}

/** The settlement body's side of a period: where every cent of Σ nets went [ENG-93]. */
export interface PeriodTotals {
  participants: number;
  /** Sum of each line code's amounts over all statements. */
  byCode: Record<LineCodeName, bigint>;
  /** Sum of the positive nets: what the payers pay in. */
  moneyIn: bigint;
  /** Sum of |negative nets|: what the payees are paid. */
  moneyOut: bigint;
  /** The settlement body's line: moneyIn - moneyOut, itemised. */
  body: {
    /** TRANSMISSION + SURCHARGE_ENERGY + SURCHARGE_FIXED. */
    fees: bigint;
    /** DEVIATION_UP + DEVIATION_DOWN. */
    assessments: bigint;
    /** IMBALANCE: the net deviation energy the body supplied (+) or took (-) at the clearing price. */
    imbalance: bigint;
    /** BILATERAL + AUCTION: the trades net to zero, so this is their rounding, 0 <= tradeResidue < tradeLines. */
    tradeResidue: bigint;
    net: bigint;
  };
  /** How many BILATERAL and AUCTION lines were rounded: the bound on tradeResidue. */
  tradeLines: number;
  /** Σ nets - Σ exact (unrounded) amounts, in millionths of a cent: 0 <= roundingMicroCents < 1,000,000 * lines. */
  roundingMicroCents: bigint;
  lines: number;
}

export interface PeriodSettlement {
  statements: { participant: string; statement: Statement }[];
  totals: PeriodTotals;
}

/**
 * Every participant's statement for a period and the body's totals. Refuses a period whose
 * trades do not balance (each contract id on exactly two statements with opposite quantities
 * and one price, the cleared quantities summing to 0): the conservation totals only mean what
 * ENG-93 says for balanced trades. Each statement is settleParticipant of its own input alone.
 */
export function settlePeriod(terms: SettlementTerms, participants: PeriodParticipant[]): PeriodSettlement {
  const seen = new Set<string>();
  const legs = new Map<string, { quantityWh: bigint; price: bigint; count: number }>();
  let cleared = 0n;
  for (const p of participants) {
    const who = getAddress(p.participant);
    if (seen.has(who)) throw new UnbalancedPeriodError(`participant ${who} appears twice in the period`);
    seen.add(who);
    cleared += p.clearedWh;
    for (const c of p.contracts) {
      const id = bytes32(c.id);
      const leg = legs.get(id);
      if (!leg) legs.set(id, { quantityWh: c.quantityWh, price: c.price, count: 1 });
      else if (leg.count > 1 || leg.quantityWh + c.quantityWh !== 0n || leg.price !== c.price) {
        throw new UnbalancedPeriodError(`contract ${id} does not balance: its legs must be one buy and one sell of the same quantity at one price`);
      } else leg.count = 2;
    }
  }
  for (const [id, leg] of legs) if (leg.count !== 2) throw new UnbalancedPeriodError(`contract ${id} has one leg only: both parties' statements must carry it`);
  if (cleared !== 0n) throw new UnbalancedPeriodError(`the cleared auction quantities sum to ${cleared} Wh, not 0`);

  const statements = participants.map((p) => ({ participant: getAddress(p.participant), statement: settleParticipant(terms, p) }));
  return { statements, totals: periodTotals(statements.map((s) => s.statement)) };
}

/** The body's totals over any set of statements (settlePeriod checks the trades balance first). */
export function periodTotals(statements: Statement[]): PeriodTotals {
  const byCode = Object.fromEntries(Object.keys(LINE_CODE).map((k) => [k, 0n])) as Record<LineCodeName, bigint>;
  let moneyIn = 0n;
  let moneyOut = 0n;
  let exactMicro = 0n;
  let lines = 0;
  let tradeLines = 0;
  for (const s of statements) {
    for (const l of s.lines) {
      byCode[lineCodeName(l.code)] += l.amount;
      exactMicro += l.code === LINE_CODE.SURCHARGE_FIXED ? l.amount * WH_PER_MWH : l.quantityWh * l.rate;
      lines++;
      if (l.code === LINE_CODE.BILATERAL || l.code === LINE_CODE.AUCTION) tradeLines++;
    }
    if (s.net > 0n) moneyIn += s.net;
    else moneyOut -= s.net;
  }
  const fees = byCode.TRANSMISSION + byCode.SURCHARGE_ENERGY + byCode.SURCHARGE_FIXED;
  const assessments = byCode.DEVIATION_UP + byCode.DEVIATION_DOWN;
  const imbalance = byCode.IMBALANCE;
  const tradeResidue = byCode.BILATERAL + byCode.AUCTION;
  const net = fees + assessments + imbalance + tradeResidue;
  if (net !== moneyIn - moneyOut) throw new Error("internal: a statement's net is not the sum of its lines");
  return {
    participants: statements.length,
    byCode,
    moneyIn,
    moneyOut,
    body: { fees, assessments, imbalance, tradeResidue, net },
    tradeLines,
    roundingMicroCents: net * WH_PER_MWH - exactMicro,
    lines,
  };
}

// ------------------------------------------------------------------------------------ digest

/** Domain tag of the statement encoding: a new encoding gets a new tag. */
export const STATEMENT_TAG = keccak256(toUtf8Bytes("consortium-chain/energy/statement/v1"));

const HEADER_TYPE = "tuple(uint256 chainId,address settlement,uint64 period,address participant,uint32 revision,bytes32 previous)";
const TERMS_TYPE = "tuple(uint256 clearingPrice,uint256 upRate,uint256 downRate,uint256 bandBps,uint256 tdRate,uint256 surchargeRate,uint256 fixedCents)";
const STATEMENT_TYPE =
  "tuple(int256 positionWh,int256 meteredWh,int256 deviationWh,uint256 bandWh,tuple(uint8 code,bytes32 ref,int256 quantityWh,uint256 rate,int256 amount)[] lines,int256 net)";
/** The ABI types of the canonical encoding, in order. */
export const STATEMENT_ENCODING = ["bytes32", HEADER_TYPE, TERMS_TYPE, STATEMENT_TYPE] as const;

/**
 * The canonical encoding of a statement: abi.encode(STATEMENT_TAG, header, terms, statement)
 * with the types of STATEMENT_ENCODING (SettlementMath.encode is the same bytes) [ENG-97].
 */
export function encodeStatement(header: StatementHeader, terms: SettlementTerms, s: Statement): string {
  return AbiCoder.defaultAbiCoder().encode(STATEMENT_ENCODING, [
    STATEMENT_TAG,
    [header.chainId, getAddress(header.settlement), header.period, getAddress(header.participant), header.revision, bytes32(header.previous)],
    [terms.clearingPrice, terms.upRate, terms.downRate, terms.bandBps, terms.tdRate, terms.surchargeRate, terms.fixedCents],
    [s.positionWh, s.meteredWh, s.deviationWh, s.bandWh, s.lines.map((l) => [l.code, bytes32(l.ref), l.quantityWh, l.rate, l.amount]), s.net],
  ]);
}

/** keccak256 of the canonical encoding: what the settlement contract stores [ENG-97]. */
export function statementDigest(header: StatementHeader, terms: SettlementTerms, s: Statement): string {
  return keccak256(encodeStatement(header, terms, s));
}

// --------------------------------------------------------------------------------------- CSV

export const CSV_COLUMNS = ["period", "participant", "revision", "row", "code", "ref", "quantity_wh", "rate", "rate_unit", "amount_cents", "amount"] as const;

/**
 * A statement as CSV (RFC 4180, CRLF) [ENG-99]: a header row; POSITION, METERED, DEVIATION and
 * BAND rows (quantity only); one row per line, numbered from 1 in statement order; a NET row
 * whose ref is the statement's digest. amount_cents is the integer, amount the same in yuan.
 * Statements of one period concatenate without their headers (periodCsv).
 */
export function statementCsv(header: StatementHeader, terms: SettlementTerms, s: Statement, withHeader = true): string {
  const who = getAddress(header.participant);
  const base = [header.period.toString(), who, String(header.revision)];
  const rows: string[][] = [];
  if (withHeader) rows.push([...CSV_COLUMNS]);
  const info = (code: string, wh: bigint) => rows.push([...base, "", code, "", wh.toString(), "", "", "", ""]);
  info("POSITION", s.positionWh);
  info("METERED", s.meteredWh);
  info("DEVIATION", s.deviationWh);
  info("BAND", s.bandWh);
  s.lines.forEach((l, i) => {
    const fixed = l.code === LINE_CODE.SURCHARGE_FIXED;
    rows.push([
      ...base,
      String(i + 1),
      lineCodeName(l.code),
      l.ref === ZERO_REF ? "" : l.ref,
      fixed ? "" : l.quantityWh.toString(),
      l.rate.toString(),
      fixed ? "cents/period" : "cents/MWh",
      l.amount.toString(),
      yuan(l.amount),
    ]);
  });
  rows.push([...base, "", "NET", statementDigest(header, terms, s), "", "", "", s.net.toString(), yuan(s.net)]);
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

/** A period's statements as one CSV with one header row. */
export function periodCsv(entries: { header: StatementHeader; statement: Statement }[], terms: SettlementTerms): string {
  return [CSV_COLUMNS.join(",") + "\r\n", ...entries.map((e) => statementCsv(e.header, terms, e.statement, false))].join("");
}

/** Cents as yuan with two decimals and no grouping: -123456 -> "-1234.56". */
export function yuan(cents: bigint): string {
  const neg = cents < 0n;
  const a = neg ? -cents : cents;
  return `${neg ? "-" : ""}${a / 100n}.${(a % 100n).toString().padStart(2, "0")}`;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

// ------------------------------------------------------------------------------------ checks

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function bytes32(v: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(v)) throw new Error(`${v} is not a bytes32 (0x + 64 hex digits)`);
  return v.toLowerCase();
}

function checkEnergy(wh: bigint, max: bigint): void {
  if (wh > max || wh < -max) throw new SettlementInputError("EnergyOutOfRange", [wh], `${wh} Wh is outside +-${max} Wh`);
}

function checkRate(rate: bigint): void {
  if (rate < 0n || rate > MAX_RATE) throw new SettlementInputError("RateOutOfRange", [rate], `rate ${rate} cents/MWh is outside 0..${MAX_RATE}`);
}

function checkBand(bps: bigint): void {
  if (bps < 0n || bps > MAX_BAND_BPS) throw new SettlementInputError("BandOutOfRange", [bps], `band ${bps} bps is outside 0..${MAX_BAND_BPS}`);
}

function checkTerms(t: SettlementTerms): void {
  // The order of SettlementMath.checkTerms, so that input breaking two bounds is refused by the same error.
  checkRate(t.clearingPrice);
  checkRate(t.upRate);
  checkRate(t.downRate);
  checkBand(t.bandBps);
  checkRate(t.tdRate);
  checkRate(t.surchargeRate);
  if (t.fixedCents < 0n || t.fixedCents > MAX_FIXED_CENTS) {
    throw new SettlementInputError("FixedChargeOutOfRange", [t.fixedCents], `fixed surcharge ${t.fixedCents} cents is outside 0..${MAX_FIXED_CENTS}`);
  }
}
