import { readFile } from "node:fs/promises";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import cliProgress from "cli-progress";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { parseCount } from "../../lib/core/parse.js";
import { print, printJson } from "../../lib/core/output.js";
import { ROLES } from "../../lib/access/roles.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { EnergyError } from "../../lib/energy/errors.js";
import { requireMarketRole } from "../../lib/energy/operator.js";
import {
  chunkOutcome,
  defaultJournalPath,
  encodeBatch,
  journalTotals,
  MAX_BATCH,
  newJournal,
  parseReadingsFile,
  readJournal,
  ReadingsFileError,
  sameSubmission,
  saveJournal,
  type FileReading,
} from "../../lib/energy/index.js";

interface Args {
  file: string;
  chunk: string;
  journal: string;
  meters: string;
  from: string;
  confirmations: string;
  json: boolean;
}

function bar(total: number, done: number, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { increment: (_n?: number) => {}, stop: () => {} };
  const b = new cliProgress.SingleBar(
    { stream: process.stderr, format: "readings [{bar}] {value}/{total} {percentage}% eta {eta_formatted}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, done);
  return { increment: (n = 1) => b.increment(n), stop: () => b.stop() };
}

async function submitReadings(args: Args, hre: HardhatRuntimeEnvironment) {
  // 1. The file, whole, before anything touches the network: one bad line and nothing is sent.
  const file = args.file.trim();
  if (!file) throw new UserError(CoreError.MISSING_INPUT, "--file is required (a .csv or .json file of signed readings)", { field: "file" });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(CoreError.INVALID_FILE, `--file: cannot read ${file}`, { field: "file", value: file });
  }
  let readings: FileReading[];
  try {
    readings = parseReadingsFile(file, text);
  } catch (e) {
    if (e instanceof ReadingsFileError) {
      throw new UserError(EnergyError.INVALID_READINGS, `${file}: line ${e.line}: ${e.problem}; nothing was sent`, { file, line: e.line });
    }
    throw e;
  }
  if (readings.length === 0) throw new UserError(EnergyError.INVALID_READINGS, `${file}: no readings; nothing was sent`, { file });
  const chunkSize = parseCount("chunk", args.chunk, 100, 1);
  if (chunkSize > MAX_BATCH) throw new UserError(CoreError.INVALID_OPTION, `--chunk: ${chunkSize} is above ${MAX_BATCH} readings per transaction`, { field: "chunk", value: chunkSize });

  // 2. The chain: the sender may submit, the journal (if any) is this submission's.
  const ctx = await connect(hre, args);
  const meters = await resolveMeters(ctx, args.meters);
  const metersAddress = await meters.getAddress();
  const consortium = await ctx.ethers.getContractAt("Consortium", await meters.consortium());
  const signer = await ctx.signer();
  await requireMarketRole(meters, consortium, signer.address, ROLES.METER_OPERATOR);
  const journalPath = args.journal.trim() || defaultJournalPath(file, ctx.chainId);
  const fresh = newJournal({ chainId: ctx.chainId, meters: metersAddress, file, text, readings: readings.length, chunkSize });
  let journal = fresh;
  let resumed = false;
  let found;
  try {
    found = await readJournal(journalPath);
  } catch (e) {
    throw new UserError(EnergyError.JOURNAL_MISMATCH, `--journal: ${(e as Error).message.split("\n")[0]}; move it away or pass another --journal`, { journal: journalPath });
  }
  if (found) {
    if (!sameSubmission(found, fresh)) {
      throw new UserError(EnergyError.JOURNAL_MISMATCH, `${journalPath} belongs to another submission (other file content, contract, chain or --chunk); pass another --journal; nothing was sent`, { journal: journalPath });
    }
    journal = found;
    resumed = true;
  }
  await saveJournal(journalPath, journal);

  // 3. Chunk by chunk: journaled before sending and after the receipt.
  const provider = ctx.ethers.provider;
  const m = meters.connect(signer);
  const alreadyDone = journal.chunks.filter((c) => c.done).reduce((a, c) => a + c.count, 0);
  const progress = bar(readings.length, alreadyDone, args.json);
  let sentNow = 0;
  try {
    for (const chunk of journal.chunks) {
      if (chunk.done) continue;
      const part = readings.slice(chunk.first, chunk.first + chunk.count);
      let receipt = chunk.tx ? await provider.getTransactionReceipt(chunk.tx) : null;
      if (!receipt && chunk.tx && (await provider.getTransaction(chunk.tx))) receipt = await provider.waitForTransaction(chunk.tx, 1);
      if (!receipt || receipt.status !== 1) {
        const data = encodeBatch(part);
        await m.submitReadings.staticCall(data);
        const sent = m.submitReadings(data);
        chunk.tx = (await sent).hash;
        await saveJournal(journalPath, journal);
        receipt = await ctx.wait(sent);
        sentNow += part.length;
      }
      Object.assign(chunk, chunkOutcome(receipt, metersAddress, part), { done: true });
      await saveJournal(journalPath, journal);
      progress.increment(part.length);
    }
  } finally {
    progress.stop();
  }

  const totals = journalTotals(journal);
  const out = { file, journal: journalPath, resumed, sentNow, ...totals };
  if (args.json) printJson(out);
  else {
    print(`${file}: ${totals.readings} readings in ${totals.chunks} transaction(s); accepted ${totals.accepted}, refused ${totals.refused.length}${resumed ? ` (resumed from ${journalPath})` : ""}`);
    for (const r of totals.refused.slice(0, 20)) print(`refused line ${r.line}: meter ${r.meterId} interval ${r.interval}: ${r.reason}`);
    if (totals.refused.length > 20) print(`... ${totals.refused.length - 20} more refusals in ${journalPath}`);
    for (const t of totals.transactions) print(`tx ${t}`);
  }
  return out;
}

export default runAction(submitReadings);
