import { expect } from "chai";
import { judgeInput } from "../../../tooling/report/freshness.js";

describe("report: only this run's inputs", () => {
  const run = { runId: "run-b", runStartMs: Date.parse("2026-11-23T10:00:00Z"), stepStartMs: Date.parse("2026-11-23T10:05:00Z") };
  const at = (iso: string) => Date.parse(iso);

  it("[RPT-08] accepts a file written during its step, stamped in this run, with this run's id", () => {
    expect(judgeInput({ file: "reports/bench.json", exists: true, mtimeMs: at("2026-11-23T10:06:00Z"), stampedAt: "2026-11-23T10:05:59Z" }, run)).to.deep.equal({ ok: true });
    expect(judgeInput({ file: "reports/raw/mocha.json", exists: true, mtimeMs: at("2026-11-23T10:06:00Z"), runId: "run-b" }, run)).to.deep.equal({ ok: true });
  });

  it("[RPT-08] rejects a missing file, one written before its step started, and one stamped before the run", () => {
    const missing = judgeInput({ file: "coverage/lcov.info", exists: false }, run);
    expect(missing.ok).to.equal(false);
    expect(!missing.ok && missing.reason).to.match(/coverage\/lcov\.info is missing/);
    const old = judgeInput({ file: "reports/bench-certificates.json", exists: true, mtimeMs: at("2026-11-22T09:00:00Z") }, run);
    expect(!old.ok && old.reason).to.match(/is stale: written at 2026-11-22T09:00:00.000Z, before this run's step started/);
    const stamped = judgeInput({ file: "reports/bench.json", exists: true, mtimeMs: at("2026-11-23T10:06:00Z"), stampedAt: "2026-11-20T00:00:00Z" }, run);
    expect(!stamped.ok && stamped.reason).to.match(/says it was generated at 2026-11-20T00:00:00Z, before this run started/);
  });

  it("[RPT-08] rejects a file stamped with another run id, or with none where one is expected", () => {
    const other = judgeInput({ file: "reports/raw/mocha.json", exists: true, mtimeMs: at("2026-11-23T10:06:00Z"), runId: "run-a" }, run);
    expect(!other.ok && other.reason).to.match(/belongs to run run-a, not to this run run-b/);
    const none = judgeInput({ file: "reports/raw/mocha.json", exists: true, mtimeMs: at("2026-11-23T10:06:00Z"), runId: null }, run);
    expect(none.ok).to.equal(false);
  });
});
