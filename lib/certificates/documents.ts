/**
 * Certificate input: validation of documents against their type's field list, CSV and JSON
 * batch files, and preparation (salts, digests, ids, Merkle tree). Every problem is named by
 * row, field and why, and a batch with any problem is refused as a whole, before anything is
 * sent to the chain.
 */
import { getAddress, isAddress } from "ethers";
import {
  canonicalJson,
  certificateIdBytes,
  contentDigestBytes,
  holderBlindBytes,
  holderCommitmentBytes,
  ZERO_ADDRESS,
  type Fields,
  type FieldValue,
} from "./canonical.js";
import { fromHex, toHex } from "./keccak.js";
import { RESERVED_COLUMNS } from "./canonical.js";
import { buildTree, leafHashBytes, type MerkleBatchTree } from "./merkle.js";
import { MAX_TIME } from "./codec.js";

/** What lib needs to know of a registered type. */
export interface TypeSpec {
  typeId: number;
  name: string;
  fields: string[];
  /** Seconds added to validFrom when no validUntil is given (0: no expiry). */
  defaultValidity: number;
}

/** One thing wrong with the input. `row` is the spreadsheet row (header = 1) or the item number. */
export interface Problem {
  row: number;
  field: string;
  why: string;
}

/** Thrown when any row of a batch is malformed; nothing of the batch may be sent. */
export class BatchInputError extends Error {
  override name = "BatchInputError";
  constructor(readonly problems: Problem[]) {
    const shown = problems.slice(0, 5).map(formatProblem).join("; ");
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : "";
    super(`${problems.length} problem(s) in the input, nothing was sent: ${shown}${more}`);
  }
}

export function formatProblem(p: Problem): string {
  return `row ${p.row}, field "${p.field}": ${p.why}`;
}


export const MAX_FIELD_LENGTH = 1024;

/** One validated certificate to issue. */
export interface CertificateInput {
  row: number;
  holderId: string;
  holderKey: string;
  validFrom: number;
  validUntil: number;
  fields: Fields;
  salt?: string;
  holderSalt?: string;
}

/** A certificate with its salts, digests and id. */
export interface PreparedCertificate extends CertificateInput {
  id: string;
  contentDigest: string;
  salt: string;
  holderSalt: string;
  holderBlind: string;
  holderCommitment: string;
}

// ---------------------------------------------------------------------------------- values

/** Parses a time: unix seconds, or an ISO date/time (a bare date is midnight UTC). */
export function parseTime(value: string): number | string {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n <= MAX_TIME ? n : `${v} is beyond the year 36812`;
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    return `"${value}" is not a date (YYYY-MM-DD, ISO date-time or unix seconds)`;
  }
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v.replace(" ", "T");
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) return `"${value}" is not a valid date`;
  return Math.floor(ms / 1000);
}

function checkValue(v: unknown): string | null {
  if (typeof v === "string") {
    if (v.trim() === "") return "is empty";
    if (v.length > MAX_FIELD_LENGTH) return `is longer than ${MAX_FIELD_LENGTH} characters`;
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) return "contains control characters";
    return null;
  }
  if (typeof v === "number") return Number.isFinite(v) ? null : "is not a finite number";
  if (typeof v === "boolean") return null;
  if (v === undefined || v === null) return "is missing";
  return `must be text, a number or true/false, not ${Array.isArray(v) ? "a list" : typeof v}`;
}

/** Problems of one document against its type's field list (missing, extra, malformed values). */
export function validateFields(type: TypeSpec, fields: Record<string, unknown>, row: number): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(type.fields);
  for (const f of type.fields) {
    if (!(f in fields) || fields[f] === undefined || fields[f] === null) {
      problems.push({ row, field: f, why: `is missing (type "${type.name}" requires it)` });
      continue;
    }
    const why = checkValue(fields[f]);
    if (why) problems.push({ row, field: f, why });
  }
  for (const k of Object.keys(fields)) {
    if (!known.has(k)) problems.push({ row, field: k, why: `is not a field of type "${type.name}"` });
  }
  return problems;
}

/**
 * Validates one record given as flat columns (CSV row or JSON object): holderId, optional
 * holderKey, holderSalt, salt, validFrom, validUntil, and the type's fields.
 */
export function validateRecord(
  type: TypeSpec,
  record: Record<string, unknown>,
  row: number,
  now: number,
): { input?: CertificateInput; problems: Problem[] } {
  const problems: Problem[] = [];
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (!(RESERVED_COLUMNS as readonly string[]).includes(k)) fields[k] = v;
  }
  problems.push(...validateFields(type, fields, row));

  const holderId = record.holderId;
  if (typeof holderId !== "string" || holderId.trim() === "") {
    problems.push({ row, field: "holderId", why: "is missing (every certificate needs its holder's id)" });
  } else if (holderId.length > 256) {
    problems.push({ row, field: "holderId", why: "is longer than 256 characters" });
  }

  let holderKey = ZERO_ADDRESS;
  const key = record.holderKey;
  if (key !== undefined && key !== null && String(key).trim() !== "") {
    if (!isAddress(String(key).trim())) problems.push({ row, field: "holderKey", why: `"${key}" is not an address` });
    else holderKey = getAddress(String(key).trim());
  }
  for (const s of ["salt", "holderSalt"] as const) {
    const v = record[s];
    if (v !== undefined && v !== null && String(v).trim() !== "" && !/^0x[0-9a-fA-F]{64}$/.test(String(v).trim())) {
      problems.push({ row, field: s, why: "must be 32 bytes of hex (0x + 64 hex digits)" });
    }
  }

  const time = (field: "validFrom" | "validUntil"): number | undefined => {
    const v = record[field];
    if (v === undefined || v === null || String(v).trim() === "") return undefined;
    const t = typeof v === "number" ? v : parseTime(String(v));
    if (typeof t === "string") {
      problems.push({ row, field, why: t });
      return undefined;
    }
    if (!Number.isInteger(t) || t < 0 || t > MAX_TIME) {
      problems.push({ row, field, why: `${v} is not a time in seconds` });
      return undefined;
    }
    return t;
  };
  const validFrom = time("validFrom") ?? now;
  let validUntil = time("validUntil");
  if (validUntil === undefined) validUntil = type.defaultValidity > 0 ? validFrom + type.defaultValidity : 0;
  if (validUntil !== 0 && validUntil <= now) {
    problems.push({ row, field: "validUntil", why: "is already past: the certificate would be born expired" });
  } else if (validUntil !== 0 && validUntil <= validFrom) {
    problems.push({ row, field: "validUntil", why: "is not after validFrom" });
  }

  if (problems.length > 0) return { problems };
  const clean: Fields = {};
  for (const f of type.fields) {
    const v = fields[f] as FieldValue;
    clean[f] = typeof v === "string" ? v.trim() : v;
  }
  const opt = (v: unknown) => (v === undefined || v === null || String(v).trim() === "" ? undefined : String(v).trim());
  return {
    problems,
    input: {
      row,
      holderId: (holderId as string).trim(),
      holderKey,
      validFrom,
      validUntil,
      fields: clean,
      salt: opt(record.salt),
      holderSalt: opt(record.holderSalt),
    },
  };
}

// ---------------------------------------------------------------------------------- CSV

/** A parsed CSV: the header, each record's cells and the line each record starts on. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  lines: number[];
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, optional BOM). Throws on a broken quote. */
export function parseCsv(text: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  const lines: number[] = [];
  let cell = "";
  let row: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let atCellStart = true;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
      atCellStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(cell);
      if (!(row.length === 1 && row[0] === "")) {
        records.push(row);
        lines.push(rowLine);
      }
      row = [];
      cell = "";
      atCellStart = true;
      line++;
      rowLine = line;
    } else {
      cell += c;
      atCellStart = false;
    }
  }
  if (quoted) throw new BatchInputError([{ row: rowLine, field: "(csv)", why: "a quoted cell is never closed" }]);
  row.push(cell);
  if (!(row.length === 1 && row[0] === "")) {
    records.push(row);
    lines.push(rowLine);
  }
  if (records.length === 0) throw new BatchInputError([{ row: 1, field: "(csv)", why: "the file is empty" }]);
  return { header: records[0].map((h) => h.trim()), rows: records.slice(1), lines: lines.slice(1) };
}

/** Validates every row of a CSV batch; returns the inputs and every problem found. */
export function recordsFromCsv(
  text: string,
  type: TypeSpec,
  now: number,
): { inputs: CertificateInput[]; problems: Problem[] } {
  const table = parseCsv(text);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const h of table.header) {
    if (h === "") problems.push({ row: 1, field: "(header)", why: "a column has no name" });
    else if (seen.has(h)) problems.push({ row: 1, field: h, why: "the column appears twice" });
    seen.add(h);
  }
  for (const f of type.fields) {
    if (!seen.has(f)) problems.push({ row: 1, field: f, why: `column missing (type "${type.name}" requires it)` });
  }
  if (!seen.has("holderId")) problems.push({ row: 1, field: "holderId", why: "column missing" });
  for (const h of table.header) {
    if (h !== "" && !type.fields.includes(h) && !(RESERVED_COLUMNS as readonly string[]).includes(h)) {
      problems.push({ row: 1, field: h, why: `is not a field of type "${type.name}"` });
    }
  }
  if (problems.length > 0) return { inputs: [], problems };
  const records = table.rows.map((cells, i) => {
    const rec: Record<string, unknown> = {};
    if (cells.length !== table.header.length) {
      problems.push({
        row: table.lines[i],
        field: "(row)",
        why: `has ${cells.length} cells, the header has ${table.header.length}`,
      });
    }
    table.header.forEach((h, c) => {
      if (cells[c] !== undefined) rec[h] = cells[c];
    });
    return { rec, row: table.lines[i] };
  });
  return collect(records, type, now, problems);
}

/** Validates a JSON batch: an array of flat records (same keys as the CSV columns). */
export function recordsFromJson(
  value: unknown,
  type: TypeSpec,
  now: number,
): { inputs: CertificateInput[]; problems: Problem[] } {
  if (!Array.isArray(value)) {
    return { inputs: [], problems: [{ row: 0, field: "(json)", why: "the file must hold an array of records" }] };
  }
  const problems: Problem[] = [];
  const records = value.map((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      problems.push({ row: i + 1, field: "(record)", why: "is not an object" });
      return { rec: {}, row: i + 1, skip: true };
    }
    const rec = { ...(item as Record<string, unknown>) };
    // Accept { holderId, ..., fields: {...} } as well as flat records.
    if (rec.fields && typeof rec.fields === "object" && !Array.isArray(rec.fields)) {
      Object.assign(rec, rec.fields as object);
      delete rec.fields;
    }
    return { rec, row: i + 1 };
  });
  return collect(
    records.filter((r) => !("skip" in r)),
    type,
    now,
    problems,
  );
}

function collect(
  records: { rec: Record<string, unknown>; row: number }[],
  type: TypeSpec,
  now: number,
  problems: Problem[],
): { inputs: CertificateInput[]; problems: Problem[] } {
  if (records.length === 0) problems.push({ row: 1, field: "(batch)", why: "there is no certificate in the file" });
  const inputs: CertificateInput[] = [];
  const firstRow = new Map<string, number>();
  for (const { rec, row } of records) {
    const r = validateRecord(type, rec, row, now);
    problems.push(...r.problems);
    if (!r.input) continue;
    const key = `${r.input.holderId.toUpperCase()}\u0000${canonicalJson(r.input.fields)}`;
    const dup = firstRow.get(key);
    if (dup !== undefined) {
      problems.push({ row, field: "(record)", why: `duplicates row ${dup} (same holder, same content)` });
      continue;
    }
    firstRow.set(key, row);
    inputs.push(r.input);
  }
  problems.sort((a, b) => a.row - b.row); // stable: a row's problems keep their order
  return { inputs, problems };
}

/** Validates, then throws a {BatchInputError} naming every problem if there is any. */
export function requireValid(result: { inputs: CertificateInput[]; problems: Problem[] }): CertificateInput[] {
  if (result.problems.length > 0) throw new BatchInputError(result.problems);
  return result.inputs;
}

// ---------------------------------------------------------------------------------- preparation

/** `n` random bytes from Web Crypto (global in Node and browsers), which fills 65,536 bytes a call. */
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65_536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65_536)));
  return out;
}

/** Draws salts (unless given) and computes digests, commitment and id of every input. */
export function prepare(typeId: number, inputs: CertificateInput[]): PreparedCertificate[] {
  const pool = randomBytes(64 * inputs.length);
  const out = new Array<PreparedCertificate>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const salt = input.salt ? fromHex(input.salt) : pool.subarray(64 * i, 64 * i + 32);
    const holderSalt = input.holderSalt ? fromHex(input.holderSalt) : pool.subarray(64 * i + 32, 64 * i + 64);
    const content = contentDigestBytes(typeId, input.fields, salt);
    const blind = holderBlindBytes(input.holderId, holderSalt);
    const commitment = holderCommitmentBytes(blind, input.holderKey);
    out[i] = {
      row: input.row,
      holderId: input.holderId,
      holderKey: input.holderKey,
      validFrom: input.validFrom,
      validUntil: input.validUntil,
      fields: input.fields,
      salt: toHex(salt),
      holderSalt: toHex(holderSalt),
      id: toHex(certificateIdBytes(content, commitment)),
      contentDigest: toHex(content),
      holderBlind: toHex(blind),
      holderCommitment: toHex(commitment),
    };
  }
  return out;
}

/** A Merkle batch ready to issue: its root, leaf count and tree. */
export interface MerkleBatch {
  typeId: number;
  root: string;
  count: number;
  tree: MerkleBatchTree;
  certificates: PreparedCertificate[];
}

/** Builds the Merkle batch of prepared certificates; leaf i commits to index i and its dates. */
export function buildMerkleBatch(typeId: number, certificates: PreparedCertificate[]): MerkleBatch {
  const leaves = certificates.map((c, i) => leafHashBytes(fromHex(c.id), i, c.validFrom, c.validUntil));
  const tree = buildTree(leaves);
  return { typeId, root: tree.root, count: tree.count, tree, certificates };
}
