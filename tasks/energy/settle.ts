import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import cliProgress from "cli-progress";
import { keccak256, toUtf8Bytes } from "ethers";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { writeJsonFile } from "../../lib/core/files.js";
import { formatAmount } from "../../lib/core/amounts.js";
import { print, printJson } from "../../lib/core/output.js";
import { SettlementInputError, UnbalancedPeriodError } from "../../lib/energy/settlement.js";
import { buildPeriod, pageEntries, parsePeriodFile, PeriodFileError, statementsHash, termsFromChain } from "../../lib/energy/statements.js";
import { StatementsError, PERIOD_STATES } from "../../lib/energy/settlement-errors.js";
import { resolveSettlement } from "../../lib/energy/statements-deployment.js";
import { parseWhole } from "../../lib/energy/statements-input.js";

interface Args {
  file: string;
  page: string;
  journal: string;
  settlement: string;
  from: string;
  confirmations: string;
  json: boolean;
}

const JOURNAL_FORMAT = "consortium-energy-settle/v1";

/** What is kept on disk after every page, so that a re-run resumes where the chain is. */
interface Journal {
  format: typeof JOURNAL_FORMAT;
  chainId: number;
  settlement: string;
  period: string;
  input: { file: string; keccak256: string };
  pageSize: number;
  statements: number;
  pages: { page: number; entries: number; tx: string }[];
  closed: string | null;
}

function bar(total: number, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { update: (_n: number) => {}, stop: () => {} };
  const b = new cliProgress.SingleBar({ stream: process.stderr, format: "posting [{bar}] {value}/{total} pages {percentage}% eta {eta_formatted}", hideCursor: true }, cliProgress.Presets.shades_classic);
  b.start(total, 0);
  return { update: (n: number) => b.update(n), stop: () => b.stop() };
}

async function marketSettle(args: Args, hre: HardhatRuntimeEnvironment) {
  const file = args.file.trim();
  if (!file) throw new UserError(CoreError.MISSING_INPUT, "--file is required (the period's JSON input)");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(CoreError.INVALID_FILE, `--file: cannot read ${file}`, { file });
  }
  const pageSize = Number(parseWhole("page", args.page || "200", "statements per transaction", 1n, 500n));
  let input: ReturnType<typeof parsePeriodFile>;
  try {
    input = parsePeriodFile(text);
  } catch (e) {
    if (e instanceof PeriodFileError) throw new UserError(StatementsError.INVALID_PERIOD_FILE, `${file}: ${e.message}`, { file });
    throw e;
  }
  const journalPath = args.journal.trim() || `${file}.journal.json`;
  const ctx = await connect(hre, args);
  const settlement = await resolveSettlement(ctx, args.settlement);
  const address = await settlement.getAddress();
  const signer = await ctx.signer();
  const s = settlement.connect(signer);
  const fileHash = keccak256(toUtf8Bytes(text));

  let journal: Journal | undefined;
  if (existsSync(journalPath)) {
    journal = JSON.parse(await readFile(journalPath, "utf8")) as Journal;
    if (journal.format !== JOURNAL_FORMAT || journal.chainId !== ctx.chainId || journal.settlement !== address || journal.period !== input.period.toString() || journal.input.keccak256 !== fileHash) {
      throw new UserError(StatementsError.SETTLE_JOURNAL_MISMATCH, `${journalPath} belongs to another run (chain, settlement contract, period or input file differ): pass another --journal; nothing was sent`, { journal: journalPath });
    }
  }

  let state = Number((await settlement.getPeriod(input.period)).state);
  if (state === 0) {
    await s.openPeriod.staticCall(input.period);
    await ctx.wait(s.openPeriod(input.period));
    state = 1;
  }
  const terms = termsFromChain(await settlement.termsOf(input.period));
  let built: ReturnType<typeof buildPeriod>;
  try {
    built = buildPeriod({ chainId: BigInt(ctx.chainId), settlement: address, period: input.period }, terms, input.participants);
  } catch (e) {
    if (e instanceof UnbalancedPeriodError) throw new UserError(StatementsError.UNBALANCED_PERIOD, `${file}: ${e.message}; nothing was posted`, { file });
    if (e instanceof SettlementInputError) throw new UserError(StatementsError.SETTLEMENT_INPUT, `${file}: ${e.error}: ${e.message}; nothing was posted`, { file, error: e.error });
    throw e;
  }
  const pages = pageEntries(built.entries, journal?.pageSize ?? pageSize);
  journal ??= { format: JOURNAL_FORMAT, chainId: ctx.chainId, settlement: address, period: input.period.toString(), input: { file, keccak256: fileHash }, pageSize, statements: built.entries.length, pages: [], closed: null };

  // The chain is the truth: resume at its next page, once its running hash shows it holds exactly our first pages.
  const onChain = await settlement.getPeriod(input.period);
  const done = Number(onChain.pages);
  if (state === 1) {
    const postedSoFar = pages.slice(0, done).flat();
    if (done > pages.length || statementsHash(postedSoFar) !== onChain.statementsHash) {
      throw new UserError(StatementsError.SETTLE_JOURNAL_MISMATCH, `period ${input.period} already holds ${onChain.posted} statements that are not the first ${done} pages of ${file} (pages of ${journal.pageSize}); nothing was sent`, { period: input.period.toString() });
    }
    const progress = bar(pages.length, args.json);
    progress.update(done);
    for (let i = done; i < pages.length; i++) {
      await s.postStatements.staticCall(input.period, i, pages[i]!);
      const receipt = await ctx.wait(s.postStatements(input.period, i, pages[i]!));
      journal.pages.push({ page: i, entries: pages[i]!.length, tx: receipt.hash });
      await writeJsonFile(journalPath, journal);
      progress.update(i + 1);
    }
    progress.stop();
    await s.closePosting.staticCall(input.period, built.entries.length, built.body);
    const receipt = await ctx.wait(s.closePosting(input.period, built.entries.length, built.body));
    journal.closed = receipt.hash;
    await writeJsonFile(journalPath, journal);
  } else if (onChain.statementsHash !== statementsHash(built.entries)) {
    throw new UserError(StatementsError.SETTLEMENT_PERIOD_STATE, `period ${input.period} is ${PERIOD_STATES[state]} with other statements than ${file}`, { period: input.period.toString(), state: PERIOD_STATES[state]! });
  }
  const t = built.totals;
  const out = {
    period: input.period.toString(),
    statements: built.entries.length,
    pages: pages.length,
    resumedAt: done,
    statementsHash: statementsHash(built.entries),
    moneyIn: t.moneyIn.toString(),
    moneyOut: t.moneyOut.toString(),
    body: { fees: t.body.fees.toString(), assessments: t.body.assessments.toString(), imbalance: t.body.imbalance.toString(), tradeResidue: t.body.tradeResidue.toString(), net: t.body.net.toString() },
    journal: journalPath,
  };
  if (args.json) printJson(out);
  else {
    print(`period ${out.period}: ${out.statements} statements posted in ${out.pages} pages${done ? ` (resumed at page ${done})` : ""}, posting closed`);
    print(`money in ${formatAmount(t.moneyIn)}, out ${formatAmount(t.moneyOut)}; the body keeps ${formatAmount(t.body.net)} (fees ${formatAmount(t.body.fees)}, assessments ${formatAmount(t.body.assessments)}, imbalance ${formatAmount(t.body.imbalance)}, residue ${formatAmount(t.body.tradeResidue)})`);
    print(`statements hash ${out.statementsHash} (the signers name it); journal ${journalPath}`);
  }
  return out;
}

export default runAction(marketSettle);
