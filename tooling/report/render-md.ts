/** Renders the same report as Markdown: verdict and failures first, then the same sections. */
import type { ReportModel, RuleVerdict, TestEntry } from "./model.js";
import { MAX_CODE_SIZE } from "./model.js";
import { AREA_TITLES, SECTION_TITLES, branchCell, compactLines, ratio, signed } from "./render-html.js";
import type { TestStatus } from "./solidity-log.js";
import { escapeMd as e, formatInt, formatPercent } from "./text.js";

const STATUS: Record<TestStatus, string> = { passed: "pass", failed: "**FAIL**", skipped: "skipped" };
const VERDICT: Record<RuleVerdict, string> = { proven: "proven", failing: "**FAILING**", untested: "**NO TEST**" };

function mdTable(headers: string[], rows: string[][], right: number[] = []): string {
  if (rows.length === 0) return "_none_\n";
  const sep = headers.map((_, i) => (right.includes(i) ? "---:" : "---"));
  return [headers, sep, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n") + "\n";
}

const n = (x: number | undefined | null) => (x === undefined || x === null ? "—" : formatInt(x));

function testCell(t: TestEntry): string {
  return `${STATUS[t.status]} ${e(t.title)}${t.runs !== undefined ? ` (runs: ${t.runs})` : ""}`;
}

export function renderMarkdown(m: ReportModel): string {
  const o: string[] = [];
  const meta = m.meta;
  const totalRules = m.systems.reduce((s, x) => s + x.rules.length, 0);
  const proven = m.systems.reduce((s, x) => s + x.counts.proven, 0);
  const testsRun = m.tests.filter((t) => t.status !== "skipped").length;

  o.push(`# ${meta.title}\n`);
  o.push(
    m.passed
      ? `**PASS** — ${proven} of ${totalRules} rules proven by ${testsRun} passing tests; gas, coverage and London check produced in this run` +
        (missedTargets(m) > 0 ? `; ${missedTargets(m)} gas target(s) missed, listed first below.\n` : ".\n")
      : `**FAIL** — ${m.problems.length} problem${m.problems.length === 1 ? "" : "s"}, listed first below.\n`,
  );
  o.push(`- commit: \`${meta.commit}\``);
  o.push(
    meta.dirty
      ? `- working tree: **modified** — differs from this commit in ${meta.dirtyFiles.length} path(s); the figures are for the working tree`
      : `- working tree: clean (exactly this commit)`,
  );
  o.push(`- generated: ${meta.generatedAt} (run ${meta.runId})`);
  o.push(`- toolchain: ${meta.toolchain.map((t) => `${t.name} ${t.version}`).join(", ")}\n`);

  if (m.problems.length > 0) {
    o.push(`## Failures and problems (${m.problems.length})\n`);
    for (const area of [...new Set(m.problems.map((p) => p.area))]) {
      o.push(`### ${AREA_TITLES[area] ?? area}\n`);
      for (const p of m.problems.filter((x) => x.area === area)) o.push(`- ${e(p.message)}`);
      o.push("");
    }
  }
  for (const note of m.notes) o.push(`> ${e(note)}`);
  if (m.notes.length > 0) o.push("");

  o.push(`## ${SECTION_TITLES.summary}\n`);
  o.push(
    `Tests run: ${m.testCounts.solidity.passed + m.testCounts.solidity.failed} Solidity (${m.testCounts.solidity.failed} failed, ${m.testCounts.solidity.skipped} skipped), ${m.testCounts.mocha.passed + m.testCounts.mocha.failed} mocha (${m.testCounts.mocha.failed} failed, ${m.testCounts.mocha.skipped} skipped).\n`,
  );
  o.push(
    mdTable(
      ["system", "file", "rules", "proven", "failing", "no test"],
      m.systems.map((s) => [e(s.system), `\`${s.file}\``, n(s.rules.length), n(s.counts.proven), n(s.counts.failing), n(s.counts.untested)]),
      [2, 3, 4, 5],
    ),
  );

  o.push(`## ${SECTION_TITLES.requirements}\n`);
  for (const s of m.systems) {
    o.push(`### ${e(s.system)}${s.title ? ` — ${e(s.title)}` : ""} (\`${s.file}\`)\n`);
    o.push(
      mdTable(
        ["id", "rule", "tests", "verdict"],
        s.rules.map((r) => [`\`${r.rule.id}\``, e(r.rule.text), r.tests.length ? r.tests.map(testCell).join("<br>") : "no test cites this rule", VERDICT[r.verdict]]),
      ),
    );
  }

  o.push(`## ${SECTION_TITLES.citations}\n`);
  o.push(`### Tests citing an unknown id (${m.unknownCitations.length})\n`);
  o.push(mdTable(["id", "test", "runner", "file"], m.unknownCitations.map((u) => [`\`${e(u.id)}\``, e(u.test.title), u.test.runner, e(u.test.file ?? "")])));
  o.push(`### Tests without a requirement id (${m.uncitedTests.length})\n`);
  o.push(mdTable(["test", "runner", "file", "result"], m.uncitedTests.map((t) => [e(t.title), t.runner, e(t.file ?? ""), STATUS[t.status]])));

  o.push(`## ${SECTION_TITLES.fuzz}\n`);
  o.push(
    mdTable(
      ["test", "kind", "runs", "calls", "reverts", "result"],
      m.tests
        .filter((t) => t.runner === "solidity" && (t.kind === "fuzz" || t.kind === "invariant"))
        .map((t) => [e(t.title) + (t.counterexample ? ` (counterexample: ${e(t.counterexample)})` : ""), t.kind ?? "", n(t.runs), n(t.calls), n(t.reverts), STATUS[t.status]]),
      [2, 3, 4],
    ),
  );

  o.push(`## ${SECTION_TITLES.coverage}\n`);
  if (m.coverage) {
    const c = m.coverage;
    o.push(
      `From \`${c.command}\` (exit code ${c.exitCode}) on instrumented contracts; pass/fail and gas come from the uninstrumented runs.` +
        (c.branches ? " Branches: the true and false arms of every `if`, derived from this run's statement hits; see the notes at the top for what they leave out." : "") +
        "\n",
    );
    o.push(
      mdTable(
        ["source file", "lines hit", "lines", "line %", "statement %", "branches", "lines never run"],
        [
          ...c.files.map((f) => [
            `\`${f.file}\``,
            n(f.linesHit),
            n(f.linesFound),
            formatPercent(ratio(f.linesHit, f.linesFound)),
            f.statementsPct === undefined ? "n/a" : `${f.statementsPct.toFixed(1)}%`,
            branchCell(f.branchesHit, f.branchesFound),
            e(compactLines(f.uncoveredLines)),
          ]),
          ["**total**", n(c.totals.linesHit), n(c.totals.linesFound), formatPercent(ratio(c.totals.linesHit, c.totals.linesFound)), "", branchCell(c.totals.branchesHit, c.totals.branchesFound), ""],
        ],
        [1, 2, 3, 4],
      ),
    );
  } else {
    o.push(`**Coverage is missing from this run.**\n`);
  }

  o.push(`## ${SECTION_TITLES.gas}\n`);
  if (m.gas.files.length === 0) o.push(`**No gas benchmark was produced in this run.**\n`);
  for (const f of m.gas.files) {
    o.push(`### \`${f.file}\` — ${e(f.network)}, chain id ${f.chainId}, generated ${f.generatedAt}\n`);
    o.push(
      mdTable(
        ["system", "operation", "gas", "target", "within target", "compared with", "vs peer"],
        m.gas.rows
          .filter((r) => r.file === f.file)
          .map((r) => [
            e(r.system),
            e(r.operation),
            n(r.gas),
            n(r.target),
            r.withinTarget === null ? "—" : r.withinTarget ? "yes" : "**OVER**",
            e(r.peer ?? ""),
            r.peer === undefined ? "—" : r.peerMissing ? "**peer missing**" : r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}× (${signed(r.gas - (r.peerGas ?? 0))})`,
          ]),
        [2, 3],
      ),
    );
  }

  o.push(`## ${SECTION_TITLES.london}\n`);
  if (m.london) {
    const bad = m.london.contracts.filter((c) => c.forbidden.length > 0 || c.bytes > MAX_CODE_SIZE);
    o.push(`${m.london.compatible && bad.length === 0 ? "compatible" : "**INCOMPATIBLE**"}: ${m.london.checked} compiled contracts checked, ${bad.length} with post-London opcodes or over ${formatInt(MAX_CODE_SIZE)} bytes.\n`);
    o.push(
      mdTable(
        ["contract", "runtime bytes", "post-London opcodes"],
        m.london.contracts.map((c) => [`\`${c.contract}\``, n(c.bytes), c.forbidden.length ? c.forbidden.map((x) => `${x.opcode}@${x.offset}`).join(", ") : "none"]),
        [1],
      ),
    );
  } else {
    o.push(`**The London check did not produce a result in this run.**\n`);
  }

  o.push(`## ${SECTION_TITLES.clique}\n`);
  if (!m.clique) o.push(`not run (\`reports/clique.json\` is absent)\n`);
  else if (!m.clique.result.ran) o.push(`not run (\`${m.clique.file}\` says ran: false)\n`);
  else {
    const c = m.clique;
    o.push(`${c.result.failed === 0 ? "passed" : "**FAILED**"}: ${c.result.passed} passed, ${c.result.failed} failed on ${e(c.result.network)} — produced by a separate run (\`${c.file}\`, written ${c.producedAt}).${c.note ? ` ${e(c.note)}` : ""}\n`);
    o.push(mdTable(["test", "result"], c.result.tests.map((t) => [e(t.title), t.passed ? "pass" : "**FAIL**"])));
  }

  o.push(`## ${SECTION_TITLES.screenshots}\n`);
  if (m.screenshots.length === 0) o.push(`none written in this run (the browser tests run when Chromium is installed)\n`);
  else o.push(m.screenshots.map((s) => `- [${e(s.title)}](${s.file})`).join("\n") + "\n");

  o.push(`## ${SECTION_TITLES.provenance}\n`);
  o.push(mdTable(["step", "command", "exit code", "seconds", "raw output"], m.steps.map((s) => [e(s.name), `\`${s.command}\``, String(s.exitCode ?? "signal"), (s.durationMs / 1000).toFixed(1), s.log ? `\`${s.log}\`` : ""]), [2, 3]));
  o.push(mdTable(["raw file", "bytes", "sha256"], m.rawFiles.map((f) => [`\`${f.path}\``, n(f.bytes), `\`${f.sha256}\``]), [1]));
  return o.join("\n");
}

function missedTargets(m: ReportModel): number {
  return m.problems.filter((p) => p.area === "target").length;
}
