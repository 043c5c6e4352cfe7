/**
 * Reads the console output of `hardhat test` (Hardhat 3's Solidity test reporter has no
 * machine-readable output) into one entry per Solidity test, and reads Hardhat's closing
 * summary so that the caller can check nothing was missed.
 *
 * The reporter prints, per suite:
 *     test/solidity/x/FooTest.sol:FooTest
 *       ✔ test_ACC_01_x()
 *       ✔ testFuzz_ACC_F01_y(uint8,uint32) (runs: 256)
 *       ✔ invariant_ACC_I01_z() (runs: 64, calls: 2048, reverts: 0)
 *       3) test_ACC_02_fails()
 *       - test_skipped()
 * and, after the run, for each failure `3) FooTest#test_ACC_02_fails()` and its reason.
 */
import { stripAnsi } from "./text.js";

export type TestStatus = "passed" | "failed" | "skipped";
export type SolidityTestKind = "unit" | "fuzz" | "invariant";

export interface SolidityTest {
  /** `test/solidity/x/FooTest.sol:FooTest` */
  suite: string;
  file: string;
  contract: string;
  /** Function name with its signature, as printed: `testFuzz_x(uint8,uint32)`. */
  name: string;
  status: TestStatus;
  kind: SolidityTestKind;
  runs?: number;
  calls?: number;
  reverts?: number;
  reason?: string;
  counterexample?: string;
}

/** Counts per runner ("solidity", "mocha") from Hardhat's closing summary lines. */
export interface RunnerCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface SolidityOutput {
  /** False when the output has no "Running Solidity tests" section at all. */
  ran: boolean;
  tests: SolidityTest[];
  /** Per-runner counts from the summary, when Hardhat printed one. */
  summary: Record<string, RunnerCounts>;
}

const SUITE = /^ {2}(\S.*\.sol:[A-Za-z_$][\w$]*)\s*$/;
const PASS = /^ {4}✔ (.+?)\s*$/;
const FAIL = /^ {4}\d+\) (.+?)\s*$/;
const SKIP = /^ {4}- (.+?)\s*$/;
const DETAILS = /^(.*?\))(?: \(((?:[a-z]+: \d+)(?:, [a-z]+: \d+)*)\))?$/;
const FAILURE_HEADER = /^\s*\d+\) ([A-Za-z_$][\w$]*)#(.+?)\s*$/;

export function kindOf(name: string): SolidityTestKind {
  const bare = name.split("(")[0]!;
  if (/^(invariant|statefulFuzz)/.test(bare)) return "invariant";
  const params = /\((.*)\)/.exec(name)?.[1] ?? "";
  return params.trim() === "" ? "unit" : "fuzz";
}

function splitNameAndDetails(text: string): { name: string; details: Record<string, number> } {
  const m = DETAILS.exec(text);
  if (!m) return { name: text, details: {} };
  const details: Record<string, number> = {};
  for (const part of (m[2] ?? "").split(", ").filter(Boolean)) {
    const [k, v] = part.split(": ");
    details[k!] = Number(v);
  }
  return { name: m[1]!, details };
}

export function parseSolidityOutput(output: string): SolidityOutput {
  const lines = stripAnsi(output).split(/\r?\n/);
  const tests: SolidityTest[] = [];
  const summary: Record<string, RunnerCounts> = {};
  const start = lines.findIndex((l) => /^Running Solidity tests\s*$/.test(l));
  if (start >= 0) {
    let suite: { suite: string; file: string; contract: string } | undefined;
    for (let i = start + 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (/^Running \S+ tests\s*$/.test(line) || /^\d+ (passing|failing)/.test(line)) break;
      const solo = /^\s+(\d+) (passing|failing|skipped)\s*$/.exec(line);
      if (solo) {
        const counts = (summary.solidity ??= { passed: 0, failed: 0, skipped: 0 });
        const key = solo[2] === "passing" ? "passed" : solo[2] === "failing" ? "failed" : "skipped";
        counts[key] = Number(solo[1]);
        continue;
      }
      const s = SUITE.exec(line);
      if (s) {
        const [file, contract] = splitSuite(s[1]!);
        suite = { suite: s[1]!, file, contract };
        continue;
      }
      if (!suite) continue;
      let status: TestStatus | undefined;
      let text: string | undefined;
      for (const [re, st] of [
        [PASS, "passed"],
        [FAIL, "failed"],
        [SKIP, "skipped"],
      ] as const) {
        const m = re.exec(line);
        if (m) {
          status = st;
          text = m[1]!;
          break;
        }
      }
      if (!status || !text) continue;
      const { name, details } = splitNameAndDetails(text);
      const test: SolidityTest = { ...suite, name, status, kind: kindOf(name) };
      if (details.runs !== undefined) test.runs = details.runs;
      if (details.calls !== undefined) test.calls = details.calls;
      if (details.reverts !== undefined) test.reverts = details.reverts;
      tests.push(test);
    }
  }
  // Combined summary of `hardhat test`: "9 passing (5 solidity, 4 mocha)", "1 failing (1 mocha)".
  for (const line of lines) {
    const m = /^(\d+) (passing|failing|skipped|todo) \((.+)\)\s*$/.exec(line);
    if (!m || m[2] === "todo") continue;
    const key = m[2] === "passing" ? "passed" : m[2] === "failing" ? "failed" : "skipped";
    for (const part of m[3]!.split(", ")) {
      const p = /^(\d+) (\S+)$/.exec(part.trim());
      if (!p) continue;
      const counts = (summary[p[2]!] ??= { passed: 0, failed: 0, skipped: 0 });
      counts[key] = Number(p[1]);
    }
  }
  attachFailureReasons(lines, tests);
  return { ran: start >= 0, tests, summary };
}

function splitSuite(suite: string): [string, string] {
  const i = suite.lastIndexOf(":");
  return [suite.slice(0, i), suite.slice(i + 1)];
}

/** Finds `N) Contract#name` blocks and attaches their first line and counterexample. */
function attachFailureReasons(lines: string[], tests: SolidityTest[]): void {
  for (let i = 0; i < lines.length; i++) {
    const h = FAILURE_HEADER.exec(lines[i]!);
    if (!h) continue;
    const [, contract, name] = h as unknown as [string, string, string];
    const test = tests.find((t) => t.status === "failed" && t.contract === contract && t.name === name && t.reason === undefined);
    if (!test) continue;
    const block: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (FAILURE_HEADER.test(l) || /^\S/.test(l)) break;
      if (l.trim() === "" && block.length > 0 && (lines[j + 1] ?? "").trim() === "") break;
      if (l.trim() !== "") block.push(l.trim());
    }
    test.reason = block.find((l) => !l.startsWith("at ")) ?? "failed (no reason printed)";
    const args = block.find((l) => l.startsWith("args:"));
    if (args) test.counterexample = args.slice("args:".length).trim();
  }
}
