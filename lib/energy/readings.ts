/**
 * Meter readings: the EIP-712 message a meter signs, signing and verification, the packed batch
 * EnergyMeters.submitReadings takes, the time grid, and the readings file (CSV or JSON) a data
 * concentrator submits. The contract (contracts/energy/EnergyMeters.sol), its tests, the bench
 * and market:readings:submit all use these definitions.
 */
import { AbiCoder, getAddress, keccak256, Signature, SigningKey, TypedDataEncoder, toUtf8Bytes, recoverAddress, concat, toBeHex, zeroPadValue, type TypedDataDomain } from "ethers";

/** Why the contract refused a reading: IEnergyMeters.Refusal, member by member (index = value). */
export const REFUSALS = [
  "None",
  "Unsigned",
  "BadSignature",
  "UnknownMeter",
  "ForeignOperator",
  "RevokedMeter",
  "ForeignKey",
  "RotatedOutKey",
  "Duplicate",
  "OutOfOrder",
  "Decreasing",
  "BadTimestamp",
  "PeriodClosed",
] as const;
export type RefusalName = (typeof REFUSALS)[number];
export const Refusal = Object.fromEntries(REFUSALS.map((n, i) => [n, i])) as { readonly [K in RefusalName]: number };

/** IEnergyMeters.MeterStatus. */
export const METER_STATUSES = ["None", "Active", "Revoked"] as const;

/** Bytes per reading in a packed batch (EnergyMeters.READING_BYTES). */
export const READING_BYTES = 85;
/** Most readings per batch (EnergyMeters.MAX_BATCH). */
export const MAX_BATCH = 500;

export const MAX_UINT32 = 2 ** 32 - 1;
export const MAX_UINT40 = 2 ** 40 - 1;
export const MAX_UINT64 = 2n ** 64n - 1n;

/** The EIP-712 type a meter signs. */
export const READING_TYPES = {
  MeterReading: [
    { name: "meterId", type: "uint32" },
    { name: "interval", type: "uint32" },
    { name: "cumulativeWh", type: "uint64" },
    { name: "timestamp", type: "uint40" },
  ],
};
export const READING_TYPEHASH = keccak256(toUtf8Bytes("MeterReading(uint32 meterId,uint32 interval,uint64 cumulativeWh,uint40 timestamp)"));

/** The EIP-712 domain of an EnergyMeters contract. */
export function metersDomain(chainId: bigint | number, verifyingContract: string): TypedDataDomain {
  return { name: "EnergyMeters", version: "1", chainId, verifyingContract: getAddress(verifyingContract) };
}

/** What a meter measures and signs: its cumulative register at the end of an interval. */
export interface Reading {
  meterId: number;
  interval: number;
  /** The register in Wh (never decreases). */
  cumulativeWh: bigint;
  /** Unix seconds when read. */
  timestamp: number;
}

export interface SignedReading extends Reading {
  /** The meter key's 65-byte signature (0x + 130 hex; v 27/28). */
  signature: string;
}

const coder = AbiCoder.defaultAbiCoder();

/** keccak256 of the domain separator and struct, precomputed per domain for speed. */
export function readingDigest(domain: TypedDataDomain, r: Reading): string {
  return digestWith(TypedDataEncoder.hashDomain(domain), r);
}

function digestWith(domainSeparator: string, r: Reading): string {
  const structHash = keccak256(coder.encode(["bytes32", "uint32", "uint32", "uint64", "uint40"], [READING_TYPEHASH, r.meterId, r.interval, r.cumulativeWh, r.timestamp]));
  return keccak256(concat(["0x1901", domainSeparator, structHash]));
}

/** A signer of readings for one contract: hashes the domain once. */
export function readingSigner(domain: TypedDataDomain) {
  const separator = TypedDataEncoder.hashDomain(domain);
  return {
    digest: (r: Reading) => digestWith(separator, r),
    sign: (key: SigningKey | string, r: Reading): SignedReading => {
      const k = typeof key === "string" ? new SigningKey(key) : key;
      return { ...r, signature: k.sign(digestWith(separator, r)).serialized };
    },
    recover: (s: SignedReading): string | undefined => recoverSigner(digestWith(separator, s), s.signature),
  };
}

/** Signs one reading with a meter key (a private key or SigningKey). */
export function signReading(domain: TypedDataDomain, key: SigningKey | string, r: Reading): SignedReading {
  return readingSigner(domain).sign(key, r);
}

function recoverSigner(digest: string, signature: string): string | undefined {
  try {
    const sig = Signature.from(signature);
    // Low s only, as OpenZeppelin's ECDSA (and so the contract) accepts.
    if (BigInt(sig.s) > SECP256K1_HALF_N) return undefined;
    return recoverAddress(digest, sig);
  } catch {
    return undefined;
  }
}

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SECP256K1_HALF_N = SECP256K1_N / 2n;

/** The address that signed the reading, or undefined if the signature is malformed or high-s. */
export function recoverReadingSigner(domain: TypedDataDomain, s: SignedReading): string | undefined {
  return recoverSigner(readingDigest(domain, s), s.signature);
}

/** Whether `key` signed the reading for this domain (what the contract checks, locally). */
export function verifyReading(domain: TypedDataDomain, s: SignedReading, key: string): boolean {
  return recoverReadingSigner(domain, s) === getAddress(key);
}

/** A signature with s replaced by n - s (and v flipped): the malleable twin the contract refuses. */
export function highS(signature: string): string {
  const sig = Signature.from(signature);
  const s = SECP256K1_N - BigInt(sig.s);
  return concat([sig.r, toBeHex(s, 32), sig.v === 27 ? "0x1c" : "0x1b"]);
}

/** One reading packed as the contract reads it: header (21 bytes), r, yParityAndS (EIP-2098). */
export function encodeReading(s: SignedReading): string {
  let r = "0x" + "00".repeat(32);
  let vs = r;
  if (!/^0x0{130}$/i.test(s.signature)) {
    // Malformed signatures still encode (their refusal is the contract's to record).
    try {
      const sig = Signature.from(s.signature);
      r = sig.r;
      vs = sig.yParityAndS;
    } catch {
      r = zeroPadValue("0x" + s.signature.slice(2, 66).padEnd(64, "0"), 32);
      vs = zeroPadValue("0x" + s.signature.slice(66, 130).padEnd(64, "0"), 32);
    }
  }
  const head =
    (BigInt(s.meterId) << 136n) | (BigInt(s.interval) << 104n) | (BigInt(s.cumulativeWh) << 40n) | BigInt(s.timestamp);
  return concat([toBeHex(head, 21), r, vs]);
}

/** Readings packed back to back: the argument of EnergyMeters.submitReadings. */
export function encodeBatch(readings: readonly SignedReading[]): string {
  if (readings.length === 0 || readings.length > MAX_BATCH) throw new Error(`a batch holds 1..${MAX_BATCH} readings, not ${readings.length}`);
  return concat(readings.map(encodeReading));
}

/** The readings of a packed batch (signatures as r + yParityAndS, compact). */
export function decodeBatch(hex: string): Array<Reading & { r: string; yParityAndS: string }> {
  const bytes = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (bytes.length % (READING_BYTES * 2) !== 0) throw new Error(`a batch is a multiple of ${READING_BYTES} bytes`);
  const out = [];
  for (let at = 0; at < bytes.length; at += READING_BYTES * 2) {
    const head = BigInt("0x" + bytes.slice(at, at + 42));
    out.push({
      meterId: Number(head >> 136n),
      interval: Number((head >> 104n) & 0xffffffffn),
      cumulativeWh: (head >> 40n) & MAX_UINT64,
      timestamp: Number(head & 0xffffffffffn),
      r: "0x" + bytes.slice(at + 42, at + 106),
      yParityAndS: "0x" + bytes.slice(at + 106, at + 170),
    });
  }
  return out;
}

// ------------------------------------------------------------------------------ the time grid

/** The contract's time grid (its immutables): interval i covers [epoch + i*len, epoch + (i+1)*len). */
export interface TimeGrid {
  epoch: number;
  intervalSeconds: number;
  intervalsPerPeriod: number;
}

/** When interval `i` ends: its reading is taken in [end, end + intervalSeconds). */
export function intervalEnd(grid: TimeGrid, interval: number): number {
  return grid.epoch + (interval + 1) * grid.intervalSeconds;
}

/** The interval covering unix time `t`. */
export function intervalAt(grid: TimeGrid, t: number): number {
  return Math.floor((t - grid.epoch) / grid.intervalSeconds);
}

/** The settlement period of interval `i`. */
export function periodOf(grid: TimeGrid, interval: number): number {
  return Math.floor(interval / grid.intervalsPerPeriod);
}

/** Whether `timestamp` lies in interval `i`'s reading window (the contract also wants it not after the block). */
export function inReadingWindow(grid: TimeGrid, interval: number, timestamp: number): boolean {
  const end = intervalEnd(grid, interval);
  return timestamp >= end && timestamp < end + grid.intervalSeconds && interval < MAX_UINT32;
}

// ------------------------------------------------------------------------------ readings files

/** One reading of a file, with the line it came from. */
export interface FileReading extends SignedReading {
  line: number;
}

/** A bad readings file: the first offending line and what is wrong with it. */
export class ReadingsFileError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

export const READINGS_CSV_HEADER = ["meterId", "interval", "cumulativeWh", "timestamp", "signature"] as const;

function uint(field: string, raw: unknown, max: bigint, line: number): bigint {
  const text = typeof raw === "number" && Number.isSafeInteger(raw) ? String(raw) : typeof raw === "string" ? raw.trim() : undefined;
  if (text === undefined || !/^\d+$/.test(text)) throw new ReadingsFileError(line, `${field} ${JSON.stringify(raw)} is not a whole number`);
  const v = BigInt(text);
  if (v > max) throw new ReadingsFileError(line, `${field} ${text} is above ${max}`);
  return v;
}

function toReading(o: Record<string, unknown>, line: number): FileReading {
  for (const k of Object.keys(o)) {
    if (!(READINGS_CSV_HEADER as readonly string[]).includes(k)) throw new ReadingsFileError(line, `unknown field "${k}" (fields: ${READINGS_CSV_HEADER.join(", ")})`);
  }
  for (const k of READINGS_CSV_HEADER) if (o[k] === undefined || o[k] === "") throw new ReadingsFileError(line, `${k} is missing`);
  const meterId = Number(uint("meterId", o.meterId, BigInt(MAX_UINT32), line));
  if (meterId === 0) throw new ReadingsFileError(line, "meterId 0 is no meter");
  const interval = Number(uint("interval", o.interval, BigInt(MAX_UINT32 - 1), line));
  const cumulativeWh = uint("cumulativeWh", o.cumulativeWh, MAX_UINT64, line);
  const timestamp = Number(uint("timestamp", o.timestamp, BigInt(MAX_UINT40), line));
  const signature = String(o.signature).trim();
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw new ReadingsFileError(line, `signature must be 0x and 130 hex digits (65 bytes), got ${JSON.stringify(signature.length > 20 ? signature.slice(0, 20) + "..." : signature)}`);
  return { meterId, interval, cumulativeWh, timestamp, signature, line };
}

/** Parses a CSV readings file (header meterId,interval,cumulativeWh,timestamp,signature); throws naming the first bad line. */
export function parseReadingsCsv(text: string): FileReading[] {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  const out: FileReading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw || raw.startsWith("#")) continue;
    const cells = raw.split(",").map((c) => c.trim());
    if (!header) {
      if (cells.join(",") !== READINGS_CSV_HEADER.join(",")) throw new ReadingsFileError(i + 1, `the header must be ${READINGS_CSV_HEADER.join(",")}`);
      header = cells;
      continue;
    }
    if (cells.length !== header.length) throw new ReadingsFileError(i + 1, `${cells.length} fields, expected ${header.length}`);
    out.push(toReading(Object.fromEntries(header.map((h, k) => [h, cells[k]])), i + 1));
  }
  if (!header) throw new ReadingsFileError(1, `no header (${READINGS_CSV_HEADER.join(",")})`);
  return out;
}

/** The line each element of the JSON array opening at `start` begins on (a small scanner: strings and nesting). */
function elementLines(text: string, start: number): number[] {
  const lines: number[] = [];
  let line = text.slice(0, start).split("\n").length;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && expectElement && c !== "]") {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === "]" || c === "}") {
      if (--depth === 0) break;
    } else if (c === "," && depth === 1) expectElement = true;
  }
  return lines;
}

/** Parses a JSON readings file (an array of reading objects, or {"readings": [...]}); throws naming the first bad line. */
export function parseReadingsJson(text: string): FileReading[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split("\n").length : 1;
    throw new ReadingsFileError(line, `not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const wrapped = !!value && typeof value === "object" && !Array.isArray(value);
  const list = wrapped ? (value as { readings?: unknown }).readings : value;
  if (!Array.isArray(list)) throw new ReadingsFileError(1, 'expected an array of readings, or {"readings": [...]}');
  const lines = elementLines(text, wrapped ? text.indexOf("[", text.indexOf('"readings"')) : text.indexOf("["));
  return list.map((o, k) => {
    const line = lines[k] ?? 1;
    if (!o || typeof o !== "object" || Array.isArray(o)) throw new ReadingsFileError(line, "a reading is an object");
    return toReading(o as Record<string, unknown>, line);
  });
}

/** Parses a readings file by its name: .csv, else JSON. */
export function parseReadingsFile(name: string, text: string): FileReading[] {
  return name.toLowerCase().endsWith(".csv") ? parseReadingsCsv(text) : parseReadingsJson(text);
}

/** The CSV text of readings (what the sample generator writes). */
export function readingsToCsv(readings: readonly SignedReading[]): string {
  return [READINGS_CSV_HEADER.join(","), ...readings.map((r) => [r.meterId, r.interval, r.cumulativeWh, r.timestamp, r.signature].join(","))].join("\n") + "\n";
}

/** The JSON text of readings ({"readings": [...]}, numbers as strings where they may exceed 2^53). */
export function readingsToJson(readings: readonly SignedReading[]): string {
  return JSON.stringify({ readings: readings.map((r) => ({ meterId: r.meterId, interval: r.interval, cumulativeWh: r.cumulativeWh.toString(), timestamp: r.timestamp, signature: r.signature })) }, null, 2) + "\n";
}
