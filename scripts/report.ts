/**
 * The auditor's report: runs every check on the current working tree and writes
 * reports/index.html (one offline file), reports/index.md and a screenshot reports/index.png.
 * Raw outputs of every command go to reports/raw/. Exits non-zero when anything failed or
 * is missing; the report then lists it at the top.
 *
 *   npm run report
 *
 * Steps, in order (each number shown comes from one of them, in this invocation):
 *   1. npx hardhat test --coverage    coverage only (instrumented code costs more gas);
 *                                     branches are derived from its statement hits (tooling/report/branches.ts)
 *   2. npx hardhat test               pass/fail of every Solidity and mocha test (with
 *                                     BROWSER_TESTS=1, test/browser/ too, when Chromium is installed)
 *   3. npx tsx scripts/check-london.ts --json   opcodes of the uninstrumented build of step 2
 *   4. npm run bench (and every bench:* script)  gas per operation
 * See docs/reading-the-report.md.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { findChromium, screenshot, CHROMIUM_INSTALL_HINT } from "../tooling/report/chromium.js";
import { measureBranches } from "../tooling/report/branch-inputs.js";
import { branchLcov, branchesJson, type BranchFile } from "../tooling/report/branches.js";
import { parseCoverageTable, parseLcov, withBranches, withStatements } from "../tooling/report/coverage.js";
import { judgeInput } from "../tooling/report/freshness.js";
import { freshness, gitState, rawFileInfo, runStep, screenshotsSince, toolchain, type StepResult } from "../tooling/report/gather.js";
import { benchFileSchema, cliqueSchema, londonSchema, mochaResultsSchema, parseJsonFile, type BenchFile } from "../tooling/report/inputs.js";
import { buildReport, type Problem, type ReportInput } from "../tooling/report/model.js";
import { renderHtml } from "../tooling/report/render-html.js";
import { renderMarkdown } from "../tooling/report/render-md.js";
import { parseRequirements } from "../tooling/report/requirements.js";
import { parseSolidityOutput } from "../tooling/report/solidity-log.js";

const root = process.cwd();

// `--stamp DIR`: write DIR/suite.json (run id, start, commit, working tree) and exit. A CI run
// stamps, runs `npm test` once with REPORT_RUN_ID/REPORT_MOCHA_JSON set and its output in
// DIR/test.log (and `npm run bench`), then `--reuse-suite DIR` builds the report from that run
// instead of running the suite and the benches a second time. See .ci/run.
const argv = process.argv.slice(2);
const argOf = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const stampDir = argOf("--stamp");
const reuseDir = argOf("--reuse-suite");
interface SuiteStamp {
  runId: string;
  startedAtMs: number;
  commit: string;
  treeId: string;
}
if (stampDir) {
  const g = await gitState(root);
  const stamp: SuiteStamp = { runId: `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`, startedAtMs: Date.now(), commit: g.commit, treeId: g.treeId };
  await mkdir(stampDir, { recursive: true });
  await writeFile(path.join(stampDir, "suite.json"), JSON.stringify(stamp, null, 2) + "\n");
  console.log(stamp.runId);
  process.exit(0);
}
const reused: SuiteStamp | undefined = reuseDir ? JSON.parse(await readFile(path.join(reuseDir, "suite.json"), "utf8")) : undefined;
const REPORTS = path.join(root, "reports");
const RAW = path.join(REPORTS, "raw");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const rel = (p: string) => path.relative(root, p);

const runStartMs = reused?.startedAtMs ?? Date.now();
const runId = reused?.runId ?? `${new Date(runStartMs).toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
const problems: Problem[] = [];
const problem = (area: string, message: string) => problems.push({ area, message });
const steps: StepResult[] = [];

// Nothing from an earlier run may survive into this one.
await rm(RAW, { recursive: true, force: true });
for (const f of ["index.html", "index.md", "index.png"]) await rm(path.join(REPORTS, f), { force: true });
await mkdir(RAW, { recursive: true });

const gitStart = await gitState(root);
console.log(`report run ${runId} on ${gitStart.commit}${gitStart.dirty ? " (working tree modified)" : ""}${reused ? `, reusing the suite run in ${reuseDir}` : ""}`);
if (reused && (reused.commit !== gitStart.commit || reused.treeId !== gitStart.treeId)) {
  problem("inputs", `the suite run in ${reuseDir} was made on ${reused.commit.slice(0, 12)} (tree ${reused.treeId.slice(0, 12)}), not on this tree (${gitStart.commit.slice(0, 12)}, tree ${gitStart.treeId.slice(0, 12)}); its results are not shown`);
}

const config = await readFile(path.join(root, "hardhat.config.ts"), "utf8").catch(() => "");
const REPORTER_HINT =
  'hardhat.config.ts must load the report\'s mocha reporter: in `test`, add `mocha: process.env.REPORT_MOCHA_JSON ? { reporter: require.resolve("./tooling/report/mocha-json-reporter.cjs") } : {},`';
if (!config.includes("mocha-json-reporter")) console.warn(`warning: ${REPORTER_HINT}; without it the mocha results will be missing`);

// --- requirements --------------------------------------------------------------------------
const reqDir = path.join(root, "docs", "requirements");
const reqFiles = existsSync(reqDir) ? (await readdir(reqDir)).filter((f) => f.endsWith(".md")).sort() : [];
const requirements = await Promise.all(
  reqFiles.map(async (f) => parseRequirements(await readFile(path.join(reqDir, f), "utf8"), `docs/requirements/${f}`)),
);

// --- 1. coverage (instrumented) --------------------------------------------------------------
const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
delete childEnv.REPORT_MOCHA_JSON;
const covStep = await runStep("coverage", "npx hardhat test --coverage", bin("hardhat"), ["test", "--coverage"], {
  cwd: root,
  env: childEnv,
  logFile: path.join(RAW, "coverage.log"),
});
steps.push(covStep);
let coverage: ReportInput["coverage"];
{
  const lcov = path.join(root, "coverage", "lcov.info");
  const f = await freshness(lcov, covStep.startedAtMs);
  const v = judgeInput({ file: "coverage/lcov.info", exists: f.exists, ...(f.mtimeMs !== undefined ? { mtimeMs: f.mtimeMs } : {}) }, { runId, runStartMs, stepStartMs: covStep.startedAtMs });
  if (!v.ok) {
    problem("inputs", `coverage: ${v.reason} (\`${covStep.command}\` exited ${covStep.exitCode}; see ${covStep.log})`);
  } else {
    await copyFile(lcov, path.join(RAW, "lcov.info"));
    const files = withStatements(parseLcov(await readFile(lcov, "utf8")), parseCoverageTable(covStep.output));
    coverage = { files, command: covStep.command, exitCode: covStep.exitCode };
    // Branches: derived from this run's statement hit counts (coverage/data/) and the sources' ASTs.
    const measured = await measureBranches({ root, files: files.map((f) => f.file), sinceMs: covStep.startedAtMs }).catch((e: Error) => ({
      files: new Map<string, BranchFile>(),
      problems: [e.message],
      checks: [],
    }));
    for (const c of measured.checks) console.log(`branches: ${c}`);
    for (const p of measured.problems) problem("coverage", `branches not derived: ${p}`);
    if (measured.files.size > 0) {
      const derived = [...measured.files].map(([file, branches]) => ({ file, branches }));
      await writeFile(path.join(RAW, "lcov-branches.info"), branchLcov(derived));
      await writeFile(path.join(RAW, "branches.json"), JSON.stringify(branchesJson(derived), null, 2) + "\n");
      const sum = (k: (b: BranchFile) => number) => derived.reduce((s, d) => s + k(d.branches), 0);
      coverage.files = withBranches(files, measured.files);
      coverage.branches = {
        undetermined: sum((b) => b.undetermined),
        conditionals: sum((b) => b.notCounted.conditionals),
        shortCircuits: sum((b) => b.notCounted.shortCircuits),
        rawFiles: ["reports/raw/branches.json", "reports/raw/lcov-branches.info"],
      };
    }
  }
}

// --- 2. tests (uninstrumented: the pass/fail verdict) ---------------------------------------
// With Chromium installed the browser tests (test/browser/) run in the same mocha run; without
// it they are reported as skipped and the report says so, but is still written.
const chromium = findChromium();
if (!chromium) console.warn(`warning: browser tests and the screenshot are skipped: ${CHROMIUM_INSTALL_HINT}`);
const mochaJson = path.join(RAW, "mocha.json");
const testStep = reused
  ? await reuseSuite(reuseDir!, mochaJson)
  : await runStep("tests", chromium ? "BROWSER_TESTS=1 npx hardhat test" : "npx hardhat test", bin("hardhat"), ["test"], {
  cwd: root,
  env: { ...childEnv, REPORT_MOCHA_JSON: mochaJson, REPORT_RUN_ID: runId, ...(chromium ? { BROWSER_TESTS: "1" } : {}) },
  logFile: path.join(RAW, "test.log"),
});
steps.push(testStep);
const solidity = parseSolidityOutput(testStep.output);
let mocha: ReportInput["mocha"];
{
  const f = await freshness(mochaJson, testStep.startedAtMs);
  if (!f.exists) {
    problem("inputs", `mocha results missing: ${rel(mochaJson)} was not written by \`${testStep.command}\` (exit ${testStep.exitCode}). ${REPORTER_HINT}`);
  } else {
    try {
      const parsed = parseJsonFile(mochaResultsSchema, await readFile(mochaJson, "utf8"), rel(mochaJson));
      const v = judgeInput({ file: rel(mochaJson), exists: true, mtimeMs: f.mtimeMs!, stampedAt: parsed.startedAt, runId: parsed.runId }, { runId, runStartMs, stepStartMs: testStep.startedAtMs });
      if (v.ok) mocha = parsed;
      else problem("inputs", v.reason);
    } catch (e) {
      problem("inputs", (e as Error).message);
    }
  }
}

/** The suite run a CI made before the report (see --stamp): its log, exit code and mocha results. */
async function reuseSuite(dir: string, copyMochaTo: string): Promise<StepResult> {
  const log = path.join(dir, "test.log");
  const output = existsSync(log) ? (await readFile(log, "utf8")).replace(/\x1b\[[0-9;]*m/g, "") : "";
  const exitFile = path.join(dir, "exit-code");
  const exitCode = existsSync(exitFile) ? Number((await readFile(exitFile, "utf8")).trim()) : null;
  if (existsSync(path.join(dir, "mocha.json"))) await copyFile(path.join(dir, "mocha.json"), copyMochaTo);
  await copyFile(log, path.join(RAW, "test.log")).catch(() => undefined);
  process.stdout.write(`\n== tests: reused from ${rel(dir)} (npm test, exit ${exitCode ?? "unknown"})\n`);
  return { name: "tests", command: `npm test (run once by the CI, ${rel(dir)})`, exitCode, durationMs: 0, log: rel(path.join(RAW, "test.log")), output, stdout: output, startedAtMs: reused!.startedAtMs };
}

// --- 3. London check on the build of step 2 -------------------------------------------------
// The coverage step leaves instrumented artifacts; a reused suite did not rebuild, so build here.
if (reused) {
  steps.push(await runStep("build", "npx hardhat build", bin("hardhat"), ["build"], { cwd: root, env: childEnv, logFile: path.join(RAW, "build.log") }));
}
const londonStep = await runStep("london", "npx tsx scripts/check-london.ts --json", bin("tsx"), ["scripts/check-london.ts", "--json"], {
  cwd: root,
  env: childEnv,
  logFile: path.join(RAW, "london.log"),
  echoStdout: false,
});
steps.push(londonStep);
let london: ReportInput["london"];
try {
  await writeFile(path.join(RAW, "london.json"), londonStep.stdout);
  london = parseJsonFile(londonSchema, londonStep.stdout, "output of scripts/check-london.ts --json");
} catch (e) {
  problem("inputs", `London check: ${(e as Error).message} (exit ${londonStep.exitCode}; see ${londonStep.log})`);
}

// --- 4. benchmarks --------------------------------------------------------------------------
const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
// bench:clique needs a running Clique network and is reported by its own run, like test:clique.
const benchScripts = Object.keys(pkg.scripts ?? {}).filter((s) => (s === "bench" || s.startsWith("bench:")) && s !== "bench:clique");
if (!benchScripts.includes("bench")) problem("inputs", "package.json has no `bench` script, so no gas figures were produced");
// A CI that ran `npm run bench` after stamping the suite has fresh figures: they are reused.
const benchReused = reused !== undefined && existsSync(path.join(REPORTS, "bench.json"));
const benchStartMs = benchReused ? reused!.startedAtMs : Date.now();
if (benchReused) console.log(`\n== bench: reused reports/bench*.json written after ${new Date(benchStartMs).toISOString()}`);
for (const s of benchReused ? [] : benchScripts) {
  const step = await runStep(`bench`, `npm run ${s}`, "npm", ["run", s], { cwd: root, env: childEnv, logFile: path.join(RAW, `${s.replace(/[^\w.-]+/g, "-")}.log`) });
  steps.push(step);
  if (step.exitCode !== 0) problem("gas", `\`${step.command}\` exited with ${step.exitCode ?? "a signal"} (see ${step.log})`);
}
const gas: BenchFile[] = [];
{
  const names = existsSync(REPORTS) ? (await readdir(REPORTS)).filter((f) => /^bench.*\.json$/.test(f) && f !== "bench-clique.json").sort() : [];
  if (!names.includes("bench.json")) problem("inputs", "reports/bench.json is missing: `npm run bench` did not write it");
  for (const name of names) {
    const file = path.join(REPORTS, name);
    const f = await freshness(file, benchStartMs);
    try {
      const parsed = parseJsonFile(benchFileSchema, await readFile(file, "utf8"), `reports/${name}`);
      const v = judgeInput({ file: `reports/${name}`, exists: true, mtimeMs: f.mtimeMs!, stampedAt: parsed.generatedAt }, { runId, runStartMs, stepStartMs: benchStartMs });
      if (!v.ok) {
        problem("inputs", `${v.reason}. Add an npm script bench:<name> that writes it, or delete it`);
        continue;
      }
      await copyFile(file, path.join(RAW, name));
      gas.push({ ...parsed, file: `reports/${name}` });
    } catch (e) {
      problem("inputs", (e as Error).message);
    }
  }
}

// --- Clique end-to-end: produced by its own run, shown with its date -------------------------
let clique: ReportInput["clique"];
{
  const file = path.join(REPORTS, "clique.json");
  if (existsSync(file)) {
    try {
      const result = parseJsonFile(cliqueSchema, await readFile(file, "utf8"), "reports/clique.json");
      const f = await freshness(file, runStartMs);
      const producedAt = new Date(f.mtimeMs!).toISOString();
      clique = { result, file: "reports/clique.json", producedAt };
      if (f.mtimeMs! < Date.parse(gitStart.commitDate)) clique.note = `It is older than the current commit (${gitStart.commitDate}) and may describe earlier code.`;
    } catch (e) {
      problem("clique", (e as Error).message);
    }
  }
}

// --- the tree must not have changed under the run ------------------------------------------
const gitEnd = await gitState(root);
if (gitEnd.commit !== gitStart.commit) problem("inputs", `HEAD moved during the run (${gitStart.commit} -> ${gitEnd.commit}); the figures may mix two commits`);
else if (gitEnd.treeId !== gitStart.treeId) {
  problem("inputs", `files changed while the report ran (working tree ${gitStart.treeId.slice(0, 12)} at the start, ${gitEnd.treeId.slice(0, 12)} at the end); the figures may mix two states of the code — rerun on a quiet tree`);
}

// --- build, render, write ---------------------------------------------------------------------
await writeFile(
  path.join(RAW, "run.json"),
  JSON.stringify({ runId, startedAt: new Date(runStartMs).toISOString(), commit: gitStart.commit, dirty: gitStart.dirty, workingTree: gitStart.treeId, steps: steps.map(({ output: _o, stdout: _s, ...s }) => s) }, null, 2) + "\n",
);
const rawNames = (await readdir(RAW)).sort();
const input: ReportInput = {
  meta: {
    title: `${pkg.name ?? "project"} — test report`,
    commit: gitStart.commit,
    dirty: gitStart.dirty,
    dirtyFiles: gitStart.dirtyFiles,
    generatedAt: new Date().toISOString(),
    runId,
    toolchain: await toolchain(root),
  },
  requirements,
  testRun: { command: testStep.command, exitCode: testStep.exitCode },
  solidity,
  ...(mocha ? { mocha } : {}),
  ...(coverage ? { coverage } : {}),
  gas,
  ...(london ? { london } : {}),
  ...(clique ? { clique } : {}),
  screenshots: await screenshotsSince(REPORTS, "verify-page", runStartMs, "verification page"),
  inputProblems: problems,
  steps: steps.map(({ output: _o, stdout: _s, startedAtMs: _t, ...s }) => s),
  rawFiles: await Promise.all(rawNames.map((n) => rawFileInfo(root, path.join(RAW, n)))),
};
const model = buildReport(input);
const htmlFile = path.join(REPORTS, "index.html");
await writeFile(htmlFile, renderHtml(model));
await writeFile(path.join(REPORTS, "index.md"), renderMarkdown(model));

let screenshotError: string | undefined;
const png = path.join(REPORTS, "index.png");
if (chromium) {
  try {
    await screenshot(htmlFile, png);
  } catch (e) {
    screenshotError = (e as Error).message;
  }
}

const seconds = ((Date.now() - runStartMs) / 1000).toFixed(0);
console.log(`\n== report (${seconds}s): ${model.passed ? "PASS" : `FAIL, ${model.problems.length} problem(s)`}`);
for (const p of model.problems) console.log(`  - [${p.area}] ${p.message}`);
console.log(`written ${rel(htmlFile)}, reports/index.md${chromium && !screenshotError ? ", reports/index.png" : ""}; raw outputs in ${rel(RAW)}/`);
if (!chromium) console.log(`screenshot skipped, browser tests skipped: ${CHROMIUM_INSTALL_HINT}`);
if (screenshotError) console.error(`error: no screenshot: ${screenshotError}`);
process.exitCode = model.passed && !screenshotError ? 0 : 1;
