import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mochaResultsSchema, parseJsonFile } from "../../../tooling/report/inputs.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const REPORTER = path.join(ROOT, "tooling/report/mocha-json-reporter.cjs");
const MOCHA = path.join(ROOT, "node_modules/mocha/bin/mocha.js");

const SPEC = `
describe("suite", () => {
  it("[ACC-01] passes", () => {});
  it("[ACC-02] fails", () => { throw new Error("boom <b>"); });
  it.skip("[ACC-03] is skipped", () => {});
  describe("inner", () => {
    beforeEach(() => { throw new Error("hook broke"); });
    it("[ACC-04] never runs", () => {});
  });
});
`;

/** Runs the mocha CLI on `spec` with the reporter; resolves with stdout, exit code and the JSON file. */
async function runMocha(dir: string, spec: string, env: Record<string, string>) {
  const specFile = path.join(dir, "sample.spec.cjs");
  await writeFile(specFile, spec);
  const out = path.join(dir, "out", "mocha.json");
  const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
    execFile(process.execPath, [MOCHA, "--reporter", REPORTER, specFile], { cwd: dir, env: { ...process.env, ...env, REPORT_MOCHA_JSON: out } }, (err, stdout) =>
      resolve({ stdout: String(stdout), code: err ? Number((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
  return { stdout, code, json: await readFile(out, "utf8").catch(() => undefined) };
}

describe("report: mocha JSON reporter", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "report-mocha-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("[RPT-05] prints the usual spec output and writes every test, its state and error, failed hooks and the run id", async () => {
    const { stdout, code, json } = await runMocha(dir, SPEC, { REPORT_RUN_ID: "run-42" });
    expect(code).to.equal(2); // two failures: a test and a hook
    expect(stdout).to.include("✔ [ACC-01] passes").and.to.include("1 passing");
    const r = parseJsonFile(mochaResultsSchema, json!, "mocha.json");
    expect(r.runId).to.equal("run-42");
    expect(r.completed).to.equal(true);
    expect(r.tests.map((t) => [t.fullTitle, t.state, t.error, t.file])).to.deep.equal([
      ["suite [ACC-01] passes", "passed", null, "sample.spec.cjs"],
      ["suite [ACC-02] fails", "failed", "boom <b>", "sample.spec.cjs"],
      ["suite [ACC-03] is skipped", "pending", null, "sample.spec.cjs"],
    ]);
    expect(r.hooks.map((h) => [h.fullTitle, h.error])).to.deep.equal([['suite inner "before each" hook for "[ACC-04] never runs"', "hook broke"]]);
    expect(r.stats).to.deep.equal({ tests: 3, passes: 1, failures: 2, pending: 1 });
  });

  it("[RPT-05] leaves `completed: false` behind when the run dies part-way", async () => {
    const { json } = await runMocha(dir, `describe("s", () => { it("[ACC-01] a", () => {}); it("[ACC-02] dies", () => { process.exit(3); }); });`, { REPORT_RUN_ID: "" });
    const r = parseJsonFile(mochaResultsSchema, json!, "mocha.json");
    expect(r.completed).to.equal(false);
    expect(r.runId).to.equal(null);
  });
});
