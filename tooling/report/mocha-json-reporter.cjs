/**
 * Mocha reporter for `npm run report`: prints exactly what the default "spec" reporter prints
 * and also writes the results as JSON (format: `mochaResultsSchema` in tooling/report/inputs.ts).
 *
 * Output file: reporterOptions.output, else $REPORT_MOCHA_JSON. The file is written once when
 * the run starts (completed: false) and again when it ends (completed: true), so a run that
 * dies part-way leaves a file that says so. $REPORT_RUN_ID is copied into the file so that the
 * report only accepts results of its own run.
 *
 * CommonJS on purpose: Mocha loads reporters named by path with require().
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Mocha = require("mocha");

const { Spec } = Mocha.reporters;
const { EVENT_RUN_BEGIN, EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

function errorText(err) {
  if (!err) return null;
  const message = err.message !== undefined ? String(err.message) : String(err);
  return err.name && err.name !== "Error" && !message.startsWith(err.name) ? `${err.name}: ${message}` : message;
}

function fileOf(runnable) {
  for (let r = runnable; r; r = r.parent) if (r.file) return path.relative(process.cwd(), r.file);
  return null;
}

class SpecAndJsonReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const opts = (options && (options.reporterOption || options.reporterOptions)) || {};
    const output = opts.output || process.env.REPORT_MOCHA_JSON;
    if (!output) return;
    const result = {
      runId: process.env.REPORT_RUN_ID || null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      completed: false,
      stats: { tests: 0, passes: 0, failures: 0, pending: 0 },
      tests: [],
      hooks: [],
    };
    const write = () => {
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(result, null, 2) + "\n");
    };
    const entry = (test, state, err) => ({
      title: test.title,
      fullTitle: test.fullTitle(),
      file: fileOf(test),
      state,
      durationMs: typeof test.duration === "number" ? test.duration : null,
      error: errorText(err),
    });
    runner.once(EVENT_RUN_BEGIN, write);
    runner.on(EVENT_TEST_PASS, (test) => result.tests.push(entry(test, "passed")));
    runner.on(EVENT_TEST_PENDING, (test) => result.tests.push(entry(test, "pending")));
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      if (test.type === "hook") {
        result.hooks.push({ title: test.title, fullTitle: test.fullTitle(), file: fileOf(test), error: errorText(err) });
      } else {
        result.tests.push(entry(test, "failed", err));
      }
    });
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      result.stats = { tests: s.tests || 0, passes: s.passes || 0, failures: s.failures || 0, pending: s.pending || 0 };
      result.finishedAt = new Date().toISOString();
      result.completed = true;
      write();
    });
  }
}

module.exports = SpecAndJsonReporter;
