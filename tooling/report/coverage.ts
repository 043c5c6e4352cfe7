/**
 * Coverage per source file from what `hardhat test --coverage` writes: `coverage/lcov.info`
 * (lines; branches if the file has BRF/BRH records, which Hardhat 3.18 does not write), the
 * "Coverage Report" table it prints (statement percentage), and branches derived from its
 * statement hit counts (`branches.ts`) where lcov.info has none.
 */
import type { BranchFile } from "./branches.js";
import { stripAnsi } from "./text.js";

export interface FileCoverage {
  file: string;
  linesFound: number;
  linesHit: number;
  /** Present only when measured: lcov.info's branch records, or derived from statement hits (`withBranches`). */
  branchesFound?: number;
  branchesHit?: number;
  functionsFound?: number;
  functionsHit?: number;
  /** Statement coverage in percent, from Hardhat's printed table. */
  statementsPct?: number;
  /** Line numbers never executed. */
  uncoveredLines: number[];
}

export function parseLcov(text: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let cur: (FileCoverage & { da: Map<number, number> }) | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("SF:")) {
      cur = { file: line.slice(3), linesFound: 0, linesHit: 0, uncoveredLines: [], da: new Map() };
      continue;
    }
    if (!cur) continue;
    const [tag, value = ""] = splitOnce(line, ":");
    switch (tag) {
      case "DA": {
        const [ln, count] = value.split(",");
        const n = Number(ln);
        cur.da.set(n, Math.max(cur.da.get(n) ?? 0, Number(count)));
        break;
      }
      case "LF":
        cur.linesFound = Number(value);
        break;
      case "LH":
        cur.linesHit = Number(value);
        break;
      case "BRF":
        cur.branchesFound = Number(value);
        break;
      case "BRH":
        cur.branchesHit = Number(value);
        break;
      case "FNF":
        cur.functionsFound = Number(value);
        break;
      case "FNH":
        cur.functionsHit = Number(value);
        break;
      case "end_of_record": {
        const { da, ...fc } = cur;
        // LF/LH are authoritative when present; fall back to counting DA records.
        if (fc.linesFound === 0 && da.size > 0) {
          fc.linesFound = da.size;
          fc.linesHit = [...da.values()].filter((c) => c > 0).length;
        }
        fc.uncoveredLines = [...da.entries()].filter(([, c]) => c === 0).map(([l]) => l).sort((a, b) => a - b);
        files.push(fc);
        cur = undefined;
        break;
      }
    }
  }
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

/** Statement % per file from the table Hardhat prints after a coverage run. */
export function parseCoverageTable(output: string): Map<string, { linePct: number; statementPct: number }> {
  const rows = new Map<string, { linePct: number; statementPct: number }>();
  for (const raw of stripAnsi(output).split(/\r?\n/)) {
    const cells = raw
      .replace(/^[║|]/, "")
      .replace(/[║|]\s*$/, "")
      .split(/[│|]/)
      .map((c) => c.trim());
    if (cells.length < 3) continue;
    const [file, line, statement] = cells as [string, string, string];
    if (!/\.sol$/.test(file) || !/^\d+(\.\d+)?$/.test(line) || !/^\d+(\.\d+)?$/.test(statement)) continue;
    rows.set(file, { linePct: Number(line), statementPct: Number(statement) });
  }
  return rows;
}

/** Adds statement % from the printed table (long paths there may be shortened with "…"). */
export function withStatements(files: FileCoverage[], table: Map<string, { statementPct: number }>): FileCoverage[] {
  return files.map((f) => {
    let row = table.get(f.file);
    if (!row) {
      for (const [name, r] of table) {
        if (name.startsWith("…") && f.file.endsWith(name.slice(1))) row = r;
      }
    }
    return row ? { ...f, statementsPct: row.statementPct } : { ...f };
  });
}

/**
 * Adds the branches derived from statement hits to the files that lcov.info gives none
 * (lcov.info's own branch records, should Hardhat ever write them, are kept). A file missing
 * from `branches` stays unmeasured.
 */
export function withBranches(files: FileCoverage[], branches: ReadonlyMap<string, Pick<BranchFile, "found" | "hit">>): FileCoverage[] {
  return files.map((f) => {
    const b = branches.get(f.file);
    return f.branchesFound !== undefined || !b ? { ...f } : { ...f, branchesFound: b.found, branchesHit: b.hit };
  });
}

export interface CoverageTotals {
  linesFound: number;
  linesHit: number;
  branchesFound?: number;
  branchesHit?: number;
}

export function coverageTotals(files: FileCoverage[]): CoverageTotals {
  const t: CoverageTotals = { linesFound: 0, linesHit: 0 };
  for (const f of files) {
    t.linesFound += f.linesFound;
    t.linesHit += f.linesHit;
    if (f.branchesFound !== undefined) {
      t.branchesFound = (t.branchesFound ?? 0) + f.branchesFound;
      t.branchesHit = (t.branchesHit ?? 0) + (f.branchesHit ?? 0);
    }
  }
  return t;
}
