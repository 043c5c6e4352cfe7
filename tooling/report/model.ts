/**
 * Builds the report from what one run produced: joins requirements with the tests that cite
 * them, checks the run is complete, and lists every problem. Pure: no I/O.
 */
import { citationFromSolidityName, compareIds, idsFromMochaTitle } from "./ids.js";
import { duplicateIdErrors, type RequirementsDoc, type Rule } from "./requirements.js";
import type { RunnerCounts, SolidityOutput, SolidityTestKind, TestStatus } from "./solidity-log.js";
import { coverageTotals, type CoverageTotals, type FileCoverage } from "./coverage.js";
import type { BenchFile, CliqueResult, LondonResult, MochaResults } from "./inputs.js";

export interface ToolVersion {
  name: string;
  version: string;
}

export interface StepRecord {
  name: string;
  command: string;
  exitCode: number | null;
  durationMs: number;
  /** Raw output file, relative to the project root. */
  log?: string;
}

export interface RawFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReportMeta {
  title: string;
  commit: string;
  dirty: boolean;
  /** `git status --porcelain` lines when dirty. */
  dirtyFiles: string[];
  generatedAt: string;
  runId: string;
  toolchain: ToolVersion[];
}

/** Everything one report run gathered. An input left undefined was not produced. */
export interface ReportInput {
  meta: ReportMeta;
  requirements: RequirementsDoc[];
  /** Exit code of the uninstrumented `hardhat test` run that gives pass/fail. */
  testRun?: { command: string; exitCode: number | null };
  solidity?: SolidityOutput;
  mocha?: MochaResults;
  coverage?: { files: FileCoverage[]; command: string; exitCode: number | null; branches?: BranchMethod };
  gas: BenchFile[];
  london?: LondonResult;
  clique?: { result: CliqueResult; file: string; producedAt: string; note?: string };
  /** Screenshots the browser tests wrote in this run (the verification page's states). */
  screenshots?: Screenshot[];
  /** Missing, stale or unreadable inputs and failed steps, found while gathering. */
  inputProblems: Problem[];
  steps: StepRecord[];
  rawFiles: RawFile[];
}

/** A PNG written by a browser test, relative to reports/ (so the HTML report links it as is). */
export interface Screenshot {
  file: string;
  title: string;
}

/** How the branch figures were derived from statement hits (`branches.ts`), summed over the files. */
export interface BranchMethod {
  /** False arms counted as not taken that a transaction taking the true arm may also have taken. */
  undetermined: number;
  /** Decisions that statement hits cannot measure, not counted. */
  conditionals: number;
  shortCircuits: number;
  /** Raw files listing every branch, relative to the project root. */
  rawFiles: string[];
}

export interface TestEntry {
  runner: "mocha" | "solidity" | "clique";
  /** Display title: mocha full title, or `Contract.function(signature)`. */
  title: string;
  file?: string;
  status: TestStatus;
  error?: string;
  cites: string[];
  malformed: string[];
  kind?: SolidityTestKind;
  runs?: number;
  calls?: number;
  reverts?: number;
  counterexample?: string;
}

export type RuleVerdict = "proven" | "failing" | "untested";

export interface RuleRow {
  rule: Rule;
  tests: TestEntry[];
  verdict: RuleVerdict;
}

export interface SystemSection {
  system: string;
  title?: string;
  file: string;
  rules: RuleRow[];
  counts: Record<RuleVerdict, number>;
}

export interface GasRowView {
  file: string;
  system: string;
  operation: string;
  gas: number;
  target: number | null;
  withinTarget: boolean | null;
  peer?: string;
  peerGas?: number;
  /** gas / peerGas */
  ratio?: number;
  peerMissing?: boolean;
  note?: string;
}

export interface Problem {
  /** Section the problem belongs to: requirements, tests, coverage, gas, london, clique, inputs;
   * "target" (a gas target missed) is listed with the failures but does not fail the report. */
  area: string;
  message: string;
}

export interface ReportModel {
  meta: ReportMeta;
  passed: boolean;
  problems: Problem[];
  /** Not failures, but an auditor should know. */
  notes: string[];
  systems: SystemSection[];
  tests: TestEntry[];
  unknownCitations: { test: TestEntry; id: string }[];
  uncitedTests: TestEntry[];
  testCounts: Record<"mocha" | "solidity", Record<TestStatus, number>>;
  hookFailures: { title: string; file: string | null; error: string | null }[];
  coverage?: { files: FileCoverage[]; totals: CoverageTotals; command: string; exitCode: number | null; branches?: BranchMethod };
  gas: { files: { file: string; generatedAt: string; network: string; chainId: number }[]; rows: GasRowView[] };
  london?: LondonResult;
  clique?: ReportInput["clique"];
  screenshots: Screenshot[];
  steps: StepRecord[];
  rawFiles: RawFile[];
}

/** Geth enforces EIP-170: runtime code above this size cannot be deployed. */
export const MAX_CODE_SIZE = 24_576;

export function testsFromSolidity(out: SolidityOutput): TestEntry[] {
  return out.tests.map((t) => {
    const c = citationFromSolidityName(t.name);
    const e: TestEntry = {
      runner: "solidity",
      title: `${t.contract}.${t.name}`,
      file: t.file,
      status: t.status,
      cites: c.ids,
      malformed: c.malformed,
      kind: t.kind,
    };
    if (t.reason !== undefined) e.error = t.reason;
    if (t.runs !== undefined) e.runs = t.runs;
    if (t.calls !== undefined) e.calls = t.calls;
    if (t.reverts !== undefined) e.reverts = t.reverts;
    if (t.counterexample !== undefined) e.counterexample = t.counterexample;
    return e;
  });
}

export function testsFromMocha(results: MochaResults): TestEntry[] {
  return results.tests.map((t) => {
    const c = idsFromMochaTitle(t.title);
    const e: TestEntry = {
      runner: "mocha",
      title: t.fullTitle,
      status: t.state === "pending" ? "skipped" : t.state,
      cites: c.ids,
      malformed: c.malformed,
    };
    if (t.file) e.file = t.file;
    if (t.error) e.error = t.error;
    return e;
  });
}

function countStatuses(tests: TestEntry[]): Record<TestStatus, number> {
  const c: Record<TestStatus, number> = { passed: 0, failed: 0, skipped: 0 };
  for (const t of tests) c[t.status]++;
  return c;
}

function sameCounts(a: RunnerCounts, b: Record<TestStatus, number>): boolean {
  return a.passed === b.passed && a.failed === b.failed && a.skipped === b.skipped;
}

export function buildReport(input: ReportInput): ReportModel {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const add = (area: string, message: string) => problems.push({ area, message });

  for (const p of input.inputProblems) add(p.area, p.message);

  // --- requirements ---------------------------------------------------------------------
  if (input.requirements.length === 0) add("requirements", "no requirement files found in docs/requirements/");
  for (const doc of input.requirements) for (const e of doc.errors) add("requirements", e);
  for (const e of duplicateIdErrors(input.requirements)) add("requirements", e);
  const known = new Set(input.requirements.flatMap((d) => d.rules.map((r) => r.id)));

  // --- tests ----------------------------------------------------------------------------
  const solidityTests = input.solidity ? testsFromSolidity(input.solidity) : [];
  const mochaTests = input.mocha ? testsFromMocha(input.mocha) : [];
  const tests = [...solidityTests, ...mochaTests];
  const testCounts = { solidity: countStatuses(solidityTests), mocha: countStatuses(mochaTests) };
  checkCompleteness(input, testCounts, add);

  for (const t of tests.filter((t) => t.status === "failed")) {
    add("tests", `${t.runner} test failed: ${t.title}${t.file ? ` (${t.file})` : ""}${t.error ? ` — ${firstLine(t.error)}` : ""}`);
  }
  const hookFailures = (input.mocha?.hooks ?? []).map((h) => ({ title: h.fullTitle, file: h.file, error: h.error }));
  for (const h of hookFailures) {
    add("tests", `mocha hook failed, so the tests after it did not run: ${h.title}${h.error ? ` — ${firstLine(h.error)}` : ""}`);
  }

  // The Clique end-to-end suite runs apart from `hardhat test` (it needs geth) and reports in
  // reports/clique.json; its tests prove the CLQ rules like any other test.
  const cliqueTests: TestEntry[] = (input.clique?.result.tests ?? []).map((t) => {
    const c = idsFromMochaTitle(t.title);
    return { runner: "clique", title: t.title, file: input.clique!.file, status: t.passed ? "passed" : "failed", cites: c.ids, malformed: c.malformed };
  });
  const ruleTests = [...tests, ...cliqueTests];

  const unknownCitations: ReportModel["unknownCitations"] = [];
  for (const t of ruleTests) {
    for (const id of [...t.cites, ...t.malformed]) if (!known.has(id)) unknownCitations.push({ test: t, id });
  }
  // One problem per unknown id, naming the tests (all of them are listed under "Citations").
  const byId = new Map<string, TestEntry[]>();
  for (const u of unknownCitations) byId.set(u.id, [...(byId.get(u.id) ?? []), u.test]);
  for (const [id, citing] of [...byId].sort(([a], [b]) => compareIds(a, b))) {
    const what = citing.some((t) => t.malformed.includes(id)) ? "is not a well-formed requirement id" : "is defined in no requirement file";
    const files = [...new Set(citing.map((t) => t.file ?? t.runner))];
    const example = citing.length === 1 ? `: ${citing[0]!.title}` : ` (${citing.length} tests)`;
    add("requirements", `${id} ${what}, but is cited in ${files.join(", ")}${example}`);
  }
  const uncitedTests = tests.filter((t) => t.cites.length === 0 && t.malformed.length === 0);
  if (uncitedTests.length > 0) notes.push(`${uncitedTests.length} test(s) cite no requirement id (listed under "Tests without a requirement id").`);

  // --- rules ----------------------------------------------------------------------------
  const systems: SystemSection[] = input.requirements.map((doc) => {
    const rules = [...doc.rules]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((rule) => {
        const citing = ruleTests.filter((t) => t.cites.includes(rule.id));
        const ran = citing.filter((t) => t.status !== "skipped");
        const verdict: RuleVerdict = ran.length === 0 ? "untested" : ran.some((t) => t.status === "failed") ? "failing" : "proven";
        return { rule, tests: citing, verdict };
      });
    const counts: Record<RuleVerdict, number> = { proven: 0, failing: 0, untested: 0 };
    for (const r of rules) counts[r.verdict]++;
    const s: SystemSection = { system: doc.system, file: doc.file, rules, counts };
    if (doc.title !== undefined) s.title = doc.title;
    return s;
  });
  for (const s of systems) {
    for (const r of s.rules) {
      if (r.verdict === "untested") {
        const skipped = r.tests.length > 0 ? " (its only tests were skipped)" : "";
        add("requirements", `${r.rule.id} (${s.file}) has no test that ran${skipped}: ${r.rule.text}`);
      }
    }
  }

  // --- coverage -------------------------------------------------------------------------
  let coverage: ReportModel["coverage"];
  if (input.coverage) {
    if (input.coverage.files.length === 0) add("coverage", "lcov.info lists no source files");
    coverage = { ...input.coverage, totals: coverageTotals(input.coverage.files) };
    const b = input.coverage.branches;
    if (coverage.totals.branchesFound === undefined) {
      notes.push("Branch coverage is not measured: Hardhat's coverage (EDR) reports lines and statements only, lcov.info has no branch records, and none were derived from the statement hits in this run.");
    } else if (b) {
      const notCounted = [`conditional expressions (${b.conditionals})`, `&& and || (${b.shortCircuits})`, "require, loops and try/catch"].join(", ");
      notes.push(
        `Branches are the true and false arms of every if statement, derived from the statement hits of the coverage run (docs/reading-the-report.md, Coverage); not counted: ${notCounted}.` +
          (b.undetermined > 0
            ? ` ${b.undetermined} false arm(s) of an if without else are counted as not taken although a transaction that took the true arm may have taken them too (in a loop or a repeated call).`
            : "") +
          (b.rawFiles.length > 0 ? ` Every branch with its count: ${b.rawFiles.join(", ")}.` : ""),
      );
    }
  }

  // --- gas ------------------------------------------------------------------------------
  const rows: GasRowView[] = [];
  const allRows = input.gas.flatMap((f) => f.rows.map((r) => ({ file: f.file, r })));
  for (const f of input.gas) {
    if (f.rows.length === 0) add("gas", `${f.file} has no rows`);
    for (const r of f.rows) {
      const v: GasRowView = { file: f.file, system: r.system, operation: r.operation, gas: r.gas, target: r.target, withinTarget: r.target === null ? null : r.gas <= r.target };
      if (r.note !== undefined) v.note = r.note;
      if (r.peer !== undefined) {
        v.peer = r.peer;
        const key = (x: { system: string; operation: string }) => `${x.system}/${x.operation}`;
        const peer = f.rows.find((p) => key(p) === r.peer) ?? allRows.find((p) => key(p.r) === r.peer)?.r;
        if (peer) {
          v.peerGas = peer.gas;
          v.ratio = peer.gas === 0 ? undefined : r.gas / peer.gas;
          if (v.ratio === undefined) delete v.ratio;
        } else {
          v.peerMissing = true;
          add("gas", `${f.file}: "${r.system}/${r.operation}" names peer "${r.peer}", which no benchmark row has`);
        }
      }
      // A missed target is a measured fact, listed with the failures, but not a broken run.
      // The bench's note may carry the operation's traced floor (gas before any of its logic).
      if (v.withinTarget === false) {
        const floor = /floor before logic [^;]*/.exec(r.note ?? "")?.[0];
        add("target", `${r.system}/${r.operation} costs ${r.gas} gas, over its target of ${r.target}${floor ? `; ${floor}` : ""} (${f.file})`);
      }
      if (r.withinTarget !== null && r.withinTarget !== v.withinTarget) {
        add("gas", `${f.file}: withinTarget of "${r.system}/${r.operation}" disagrees with gas and target`);
      }
      rows.push(v);
    }
  }

  // --- London ---------------------------------------------------------------------------
  if (input.london) {
    const l = input.london;
    for (const c of l.contracts) {
      if (c.forbidden.length > 0) {
        add("london", `${c.contract} contains post-London opcodes: ${c.forbidden.map((f) => `${f.opcode}@${f.offset}`).join(", ")}`);
      }
      if (c.bytes > MAX_CODE_SIZE) add("london", `${c.contract} is ${c.bytes} bytes, over the EIP-170 limit of ${MAX_CODE_SIZE}`);
    }
    if (!l.compatible && !problems.some((p) => p.area === "london")) add("london", "the London check reports the build as incompatible");
    if (l.checked !== l.contracts.length) add("london", `the London check says ${l.checked} contracts were checked but lists ${l.contracts.length}`);
  }

  // --- Clique ---------------------------------------------------------------------------
  if (input.clique) {
    const c = input.clique.result;
    if (c.ran && c.failed > 0) add("clique", `${c.failed} Clique end-to-end test(s) failed on ${c.network} (${input.clique.file}, produced ${input.clique.producedAt})`);
    if (c.ran && c.tests.filter((t) => !t.passed).length !== c.failed) add("clique", `${input.clique.file}: "failed" does not match the failed tests listed`);
  }

  return {
    meta: input.meta,
    passed: problems.every((p) => p.area === "target"),
    problems,
    notes,
    systems,
    tests,
    unknownCitations,
    uncitedTests,
    testCounts,
    hookFailures,
    ...(coverage ? { coverage } : {}),
    gas: { files: input.gas.map(({ file, generatedAt, network, chainId }) => ({ file, generatedAt, network, chainId })), rows },
    ...(input.london ? { london: input.london } : {}),
    ...(input.clique ? { clique: input.clique } : {}),
    screenshots: input.screenshots ?? [],
    steps: input.steps,
    rawFiles: input.rawFiles,
  };
}

/** A run is complete when each runner's results exist, reached their end and agree with Hardhat's summary. */
function checkCompleteness(
  input: ReportInput,
  counts: Record<"mocha" | "solidity", Record<TestStatus, number>>,
  add: (area: string, message: string) => void,
): void {
  const run = input.testRun;
  if (!run) return; // the test step itself is missing; the gatherer reported why
  if (!input.solidity || !input.solidity.ran) {
    add("tests", `the output of \`${run.command}\` has no Solidity test section: the run did not get to the Solidity tests`);
  }
  const summary = input.solidity?.summary ?? {};
  if (Object.keys(summary).length === 0) {
    add("tests", `\`${run.command}\` printed no closing summary: the run broke off part-way (exit code ${run.exitCode})`);
  } else {
    const sol = summary.solidity;
    if (input.solidity?.ran && sol && !sameCounts(sol, counts.solidity)) {
      add(
        "tests",
        `read ${counts.solidity.passed} passed, ${counts.solidity.failed} failed, ${counts.solidity.skipped} skipped Solidity tests, but Hardhat's summary says ${sol.passed}/${sol.failed}/${sol.skipped}`,
      );
    }
    const mochaSummary = summary.mocha;
    if (input.mocha && mochaSummary && mochaSummary.failed !== counts.mocha.failed + input.mocha.hooks.length) {
      add("tests", `read ${counts.mocha.failed} failed mocha tests and ${input.mocha.hooks.length} failed hooks, but Hardhat's summary says ${mochaSummary.failed} failing`);
    }
  }
  if (input.mocha && !input.mocha.completed) add("tests", "the mocha run started but did not reach its end (results file says completed: false)");
  const failures = counts.solidity.failed + counts.mocha.failed + (input.mocha?.hooks.length ?? 0);
  if (run.exitCode !== 0 && failures === 0) {
    add("tests", `\`${run.command}\` exited with ${run.exitCode ?? "a signal"} but no test failed: the run broke off (see its log)`);
  }
}

function firstLine(s: string): string {
  const line = s.split("\n").find((l) => l.trim() !== "") ?? s;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
