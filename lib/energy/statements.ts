/**
 * The statements side of period settlement (contracts/energy/EnergySettlement.sol): a period's
 * input file, the statements and the body's totals computed with lib/energy/settlement.ts, the
 * entries posted on chain in pages, re-issues after a dispute, and the audit that recomputes
 * every statement from chain data and compares digests. Rules: docs/requirements/energy-statements.md.
 *
 * Pure apart from the audit, which reads the chain through the small {ChainReader} interface.
 */
import { getAddress, Interface, isAddress, keccak256 as keccak, ZeroHash } from "ethers";
import {
  settlePeriod,
  settleParticipant,
  statementDigest,
  SettlementInputError,
  UnbalancedPeriodError,
  type ContractLeg,
  type PeriodParticipant,
  type PeriodTotals,
  type SettlementTerms,
  type Statement,
  type StatementHeader,
} from "./settlement.js";
import { sortLegs } from "./bilateral.js";

/** One statement as EnergySettlement stores it (IEnergySettlement.Entry). */
export interface Entry {
  participant: string;
  revision: number;
  net: bigint;
  digest: string;
  lines: number;
}

/** IEnergySettlement.BodyTotals: where Σ nets goes. */
export interface BodyTotals {
  fees: bigint;
  assessments: bigint;
  imbalance: bigint;
  tradeResidue: bigint;
}

/** Where the period's statements belong (bound into every digest). */
export interface PeriodContext {
  chainId: bigint;
  settlement: string;
  period: bigint;
}

export interface BuiltPeriod {
  terms: SettlementTerms;
  statements: { participant: string; statement: Statement; header: StatementHeader; entry: Entry }[];
  totals: PeriodTotals;
  body: BodyTotals;
  entries: Entry[];
}

/** Largest number of statements per posting transaction the tasks send by default (about 12M gas). */
export const DEFAULT_PAGE_SIZE = 200;

// ------------------------------------------------------------------------------------ terms

/** EnergySettlement.termsOf (SettlementMath.Terms order) as SettlementTerms. */
export function termsFromChain(t: readonly (bigint | number)[]): SettlementTerms {
  const [clearingPrice, upRate, downRate, bandBps, tdRate, surchargeRate, fixedCents] = t.map((x) => BigInt(x));
  return { clearingPrice, upRate, downRate, bandBps, tdRate, surchargeRate, fixedCents };
}

// ------------------------------------------------------------------------------ period file

/** A period's input file: each participant's contract legs, cleared and metered quantities (integers as strings or numbers). */
export interface PeriodFile {
  period: string | number;
  participants: {
    participant: string;
    contracts?: { id: string; quantityWh: string | number; price: string | number }[];
    clearedWh: string | number;
    meteredWh: string | number;
  }[];
}

export class PeriodFileError extends Error {
  override name = "PeriodFileError";
}

function int(v: unknown, where: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  throw new PeriodFileError(`${where}: ${JSON.stringify(v)} is not an integer`);
}

/** Parses and checks a period file; the message of a refusal names the offending entry. */
export function parsePeriodFile(text: string): { period: bigint; participants: PeriodParticipant[] } {
  let raw: PeriodFile;
  try {
    raw = JSON.parse(text) as PeriodFile;
  } catch (e) {
    throw new PeriodFileError(`not JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.participants)) throw new PeriodFileError(`expected {"period": N, "participants": [...]}`);
  const period = int(raw.period, "period");
  if (period < 0n || period >= 1n << 64n) throw new PeriodFileError(`period ${period} is not a uint64`);
  if (raw.participants.length === 0) throw new PeriodFileError("participants is empty");
  const participants = raw.participants.map((p, i) => {
    const where = `participants[${i}]`;
    if (!p || typeof p.participant !== "string" || !isAddress(p.participant)) throw new PeriodFileError(`${where}.participant is not an address`);
    const contracts = (p.contracts ?? []).map((c, k) => {
      if (typeof c.id !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(c.id)) throw new PeriodFileError(`${where}.contracts[${k}].id is not a bytes32`);
      return { id: c.id.toLowerCase(), quantityWh: int(c.quantityWh, `${where}.contracts[${k}].quantityWh`), price: int(c.price, `${where}.contracts[${k}].price`) };
    });
    return { participant: getAddress(p.participant), contracts: sortLegs(contracts), clearedWh: int(p.clearedWh, `${where}.clearedWh`), meteredWh: int(p.meteredWh, `${where}.meteredWh`) };
  });
  return { period, participants };
}

// ------------------------------------------------------------------------------ statements

export function headerOf(ctx: PeriodContext, participant: string, revision = 0, previous = ZeroHash): StatementHeader {
  return { chainId: ctx.chainId, settlement: getAddress(ctx.settlement), period: ctx.period, participant: getAddress(participant), revision, previous };
}

export function entryOf(header: StatementHeader, terms: SettlementTerms, statement: Statement): Entry {
  return {
    participant: getAddress(header.participant),
    revision: header.revision,
    net: statement.net,
    digest: statementDigest(header, terms, statement),
    lines: statement.lines.length,
  };
}

export function bodyOf(totals: PeriodTotals): BodyTotals {
  const b = totals.body;
  return { fees: b.fees, assessments: b.assessments, imbalance: b.imbalance, tradeResidue: b.tradeResidue };
}

/**
 * Every statement of a period (revision 0), its entry and the body's totals. Refuses what
 * settlePeriod refuses (unbalanced trades, a participant twice, input out of bounds).
 */
export function buildPeriod(ctx: PeriodContext, terms: SettlementTerms, participants: PeriodParticipant[]): BuiltPeriod {
  const settled = settlePeriod(terms, participants);
  const statements = settled.statements.map(({ participant, statement }) => {
    const header = headerOf(ctx, participant);
    return { participant, statement, header, entry: entryOf(header, terms, statement) };
  });
  return { terms, statements, totals: settled.totals, body: bodyOf(settled.totals), entries: statements.map((s) => s.entry) };
}

/** A re-issue after a dispute: the corrected input, revision + 1, chained to the previous digest. */
export function reissue(ctx: PeriodContext, terms: SettlementTerms, input: PeriodParticipant, previous: { revision: number; digest: string }) {
  const statement = settleParticipant(terms, input);
  const header = headerOf(ctx, input.participant, previous.revision + 1, previous.digest);
  return { statement, header, entry: entryOf(header, terms, statement) };
}

/** The entries cut into pages of at most `size`, numbered from 0 as postStatements wants them. */
export function pageEntries(entries: readonly Entry[], size = DEFAULT_PAGE_SIZE): Entry[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`page size ${size} must be a positive integer`);
  const pages: Entry[][] = [];
  for (let i = 0; i < entries.length; i += size) pages.push(entries.slice(i, i + size));
  return pages;
}

const SETTLEMENT_ABI = new Interface([
  "function postStatements(uint64 period, uint32 page, (address participant, uint32 revision, int128 net, bytes32 digest, uint8 lines)[] entries)",
  "function closePosting(uint64 period, uint32 statements, (int256 fees, int256 assessments, int256 imbalance, int256 tradeResidue) body)",
  "function finalize(uint64 period, address[] participants)",
]);

export function entryTuple(e: Entry) {
  return [e.participant, e.revision, e.net, e.digest, e.lines] as const;
}

/** Calldata of postStatements(period, page, entries). */
export function postCalldata(period: bigint, page: number, entries: readonly Entry[]): string {
  return SETTLEMENT_ABI.encodeFunctionData("postStatements", [period, page, entries.map(entryTuple)]);
}

/** Calldata of closePosting(period, count, body). */
export function closeCalldata(period: bigint, count: number, body: BodyTotals): string {
  return SETTLEMENT_ABI.encodeFunctionData("closePosting", [period, count, [body.fees, body.assessments, body.imbalance, body.tradeResidue]]);
}

/** The running hash EnergySettlement keeps over posted entries (what the signers review). */
export function statementsHash(entries: readonly Entry[], start = ZeroHash): string {
  const coder = SETTLEMENT_ABI.getAbiCoder();
  let h = start;
  for (const e of entries) {
    h = keccak(coder.encode(["bytes32", "address", "uint32", "int128", "bytes32", "uint8"], [h, e.participant, e.revision, e.net, e.digest, e.lines]));
  }
  return h;
}


/** Finalize pages: payers (net > 0) first, so the pool holds the payees' credits when they withdraw. */
export function finalizeOrder(entries: readonly { participant: string; net: bigint }[]): string[] {
  return [...entries].sort((a, b) => (a.net > b.net ? -1 : a.net < b.net ? 1 : 0)).map((e) => getAddress(e.participant));
}

// ------------------------------------------------------------------------------------ audit

/** What the audit reads from the chain; tasks and tests implement it with contract calls. */
export interface ChainReader {
  chainId: bigint;
  settlement: string;
  terms(period: bigint): Promise<readonly bigint[]>;
  statement(period: bigint, participant: string): Promise<{ revision: number; net: bigint; digest: string; lines: number }>;
  /** The digest revision `revision - 1` had (from StatementReissued events); zero for revision 0. */
  previousDigest(period: bigint, participant: string, revision: number): Promise<string>;
  legs(period: bigint, participant: string): Promise<readonly { id: string; quantityWh: bigint; price: bigint }[]>;
  clearedWh(period: bigint, participant: string): Promise<bigint>;
  meteredWh(period: bigint, participant: string): Promise<bigint>;
}

export interface AuditRow {
  participant: string;
  revision: number;
  onChain: { net: bigint; digest: string; lines: number };
  recomputed: { net: bigint; digest: string; lines: number } | { error: string };
  ok: boolean;
}

/**
 * Recomputes every listed participant's statement from chain data alone (the period's terms,
 * its bilateral legs, its cleared and metered quantities) and compares net, line count and
 * digest with what the settlement contract stores.
 */
export async function auditPeriod(reader: ChainReader, period: bigint, participants: readonly string[]): Promise<AuditRow[]> {
  const terms = termsFromChain(await reader.terms(period));
  const ctx: PeriodContext = { chainId: reader.chainId, settlement: reader.settlement, period };
  const rows: AuditRow[] = [];
  for (const who of participants) {
    const participant = getAddress(who);
    const onChain = await reader.statement(period, participant);
    const input: PeriodParticipant = {
      participant,
      contracts: sortLegs(await reader.legs(period, participant)) as ContractLeg[],
      clearedWh: await reader.clearedWh(period, participant),
      meteredWh: await reader.meteredWh(period, participant),
    };
    let recomputed: AuditRow["recomputed"];
    try {
      const previous = onChain.revision === 0 ? ZeroHash : await reader.previousDigest(period, participant, onChain.revision);
      const header = headerOf(ctx, participant, onChain.revision, previous);
      const e = entryOf(header, terms, settleParticipant(terms, input));
      recomputed = { net: e.net, digest: e.digest, lines: e.lines };
    } catch (e) {
      if (!(e instanceof SettlementInputError) && !(e instanceof UnbalancedPeriodError)) throw e;
      recomputed = { error: `${e.name}: ${e.message}` };
    }
    const ok = !("error" in recomputed) && recomputed.digest === onChain.digest && recomputed.net === onChain.net && recomputed.lines === onChain.lines;
    rows.push({ participant, revision: onChain.revision, onChain, recomputed, ok });
  }
  return rows;
}
