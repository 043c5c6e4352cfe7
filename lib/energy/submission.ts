/**
 * The journal of market:readings:submit: a file of signed readings goes out in chunks (one
 * transaction each), and the journal, written before each send and after each receipt, lets a
 * re-run pick up where an interrupted one stopped. A chunk whose transaction landed is never
 * sent again; a chunk sent but not journaled (a crash between send and write) is sent again and
 * the contract refuses each of its readings as Duplicate: no reading is ever counted twice.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, Interface, keccak256, type TransactionReceipt } from "ethers";
import { writeJsonFile } from "../core/files.js";
import { REFUSALS, type FileReading, type RefusalName } from "./readings.js";

export const SUBMISSION_FORMAT = "consortium-energy-readings-submit/v1";

/** A reading the contract refused, by the line of the file it came from. */
export interface RefusedLine {
  line: number;
  meterId: number;
  interval: number;
  reason: RefusalName;
}

/** One chunk (one transaction) of a submission. */
export interface ChunkState {
  /** Index of its first reading in the file's readings, and how many. */
  first: number;
  count: number;
  /** The transaction carrying it, once sent. */
  tx: string | null;
  /** Its receipt was read: accepted and refused are final. */
  done: boolean;
  accepted: number;
  refused: RefusedLine[];
}

export interface SubmissionJournal {
  format: typeof SUBMISSION_FORMAT;
  chainId: number;
  meters: string;
  input: { file: string; keccak256: string; readings: number };
  chunkSize: number;
  chunks: ChunkState[];
}

/** Where a file's journal lives by default: $ENERGY_JOURNAL_DIR, else journals/readings, then <chainId>-<file name>.json. */
export function defaultJournalPath(file: string, chainId: number): string {
  const dir = process.env.ENERGY_JOURNAL_DIR?.trim() || path.join("journals", "readings");
  return path.join(dir, `${chainId}-${path.basename(file)}.json`);
}

/** A fresh journal: the file's readings cut into chunks of `chunkSize`. */
export function newJournal(a: { chainId: number; meters: string; file: string; text: string; readings: number; chunkSize: number }): SubmissionJournal {
  const chunks: ChunkState[] = [];
  for (let first = 0; first < a.readings; first += a.chunkSize) {
    chunks.push({ first, count: Math.min(a.chunkSize, a.readings - first), tx: null, done: false, accepted: 0, refused: [] });
  }
  return {
    format: SUBMISSION_FORMAT,
    chainId: a.chainId,
    meters: getAddress(a.meters),
    input: { file: path.basename(a.file), keccak256: inputDigest(a.text), readings: a.readings },
    chunkSize: a.chunkSize,
    chunks,
  };
}

export function inputDigest(text: string): string {
  return keccak256(Buffer.from(text, "utf8"));
}

/** The journal at `file`, or undefined if there is none; throws if it is not one. */
export async function readJournal(file: string): Promise<SubmissionJournal | undefined> {
  if (!existsSync(file)) return undefined;
  const j = JSON.parse(await readFile(file, "utf8")) as SubmissionJournal;
  if (j?.format !== SUBMISSION_FORMAT) throw new Error(`${file} is not a readings journal (${SUBMISSION_FORMAT})`);
  return j;
}

/** Whether a journal belongs to this submission (same chain, contract, input and chunking). */
export function sameSubmission(j: SubmissionJournal, fresh: SubmissionJournal): boolean {
  return (
    j.chainId === fresh.chainId &&
    j.meters === fresh.meters &&
    j.input.keccak256 === fresh.input.keccak256 &&
    j.chunkSize === fresh.chunkSize &&
    j.chunks.length === fresh.chunks.length
  );
}

export function saveJournal(file: string, j: SubmissionJournal): Promise<void> {
  return writeJsonFile(file, j);
}

const EVENTS = new Interface([
  "event ReadingAccepted(uint32 indexed meterId, uint32 interval, uint64 cumulativeWh, uint40 timestamp)",
  "event ReadingRefused(uint32 indexed meterId, uint32 interval, uint256 index, uint8 reason)",
]);

/** What a chunk's receipt says: readings accepted, and each refusal by its file line. */
export function chunkOutcome(receipt: Pick<TransactionReceipt, "logs">, meters: string, readings: readonly FileReading[]): { accepted: number; refused: RefusedLine[] } {
  let accepted = 0;
  const refused: RefusedLine[] = [];
  for (const log of receipt.logs) {
    if (getAddress(log.address) !== getAddress(meters)) continue;
    const parsed = EVENTS.parseLog(log);
    if (!parsed) continue;
    if (parsed.name === "ReadingAccepted") accepted++;
    else {
      const index = Number(parsed.args.index);
      const r = readings[index];
      refused.push({ line: r?.line ?? -1, meterId: Number(parsed.args.meterId), interval: Number(parsed.args.interval), reason: REFUSALS[Number(parsed.args.reason)] ?? "None" });
    }
  }
  return { accepted, refused };
}

/** Totals over a journal. */
export function journalTotals(j: SubmissionJournal) {
  const done = j.chunks.filter((c) => c.done);
  return {
    readings: j.input.readings,
    chunks: j.chunks.length,
    chunksDone: done.length,
    accepted: done.reduce((a, c) => a + c.accepted, 0),
    refused: done.flatMap((c) => c.refused),
    transactions: j.chunks.map((c) => c.tx).filter((t): t is string => t !== null),
  };
}
