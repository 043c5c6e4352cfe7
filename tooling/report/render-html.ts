/**
 * Renders the report as ONE self-contained HTML file: inline CSS, a few lines of inline JS
 * to sort tables by clicking a header, no external URL. The verdict and every failure come
 * first; details follow.
 */
import type { GasRowView, ReportModel, RuleVerdict, TestEntry } from "./model.js";
import { MAX_CODE_SIZE } from "./model.js";
import type { TestStatus } from "./solidity-log.js";
import { escapeHtml as h, formatInt, formatPercent } from "./text.js";

/** Section ids, in page order. The Chromium test checks they are all present. */
export const HTML_SECTIONS = [
  "verdict",
  "problems",
  "summary",
  "requirements",
  "citations",
  "fuzz",
  "coverage",
  "gas",
  "london",
  "clique",
  "screenshots",
  "provenance",
] as const;

const CSS = `
:root{--ok:#11713a;--okbg:#e3f4e8;--bad:#a3141c;--badbg:#fde6e7;--warn:#8a5a00;--warnbg:#fff3d6;--muted:#5c6470;--line:#d9dde3}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d232b;margin:0;background:#fff}
main{max-width:1240px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 12px}h2{font-size:18px;margin:28px 0 8px;padding-top:8px;border-top:2px solid var(--line)}h3{font-size:15px;margin:18px 0 6px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.verdict{padding:12px 16px;border-radius:6px;font-size:17px;font-weight:600;margin:8px 0 12px}
.verdict.pass{background:var(--okbg);color:var(--ok);border:1px solid #9fd4b2}.verdict.fail{background:var(--badbg);color:var(--bad);border:1px solid #f0a9ad}
#problems{border:2px solid var(--bad);border-radius:6px;padding:4px 16px 8px;background:#fffafa}#problems h2{border:0;margin-top:8px;color:var(--bad)}
#problems li{margin:3px 0}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border:1px solid var(--line);padding:4px 7px;text-align:left;vertical-align:top}
th{background:#f2f4f7;font-weight:600;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}table.sortable th::after{content:" \\2195";color:#9aa3ad;font-weight:400}
table.sortable th[data-dir=asc]::after{content:" \\2191";color:#1d232b}table.sortable th[data-dir=desc]::after{content:" \\2193";color:#1d232b}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.rules td:first-child{white-space:nowrap}table.rules td:nth-child(2){width:40%}table.rules td:nth-child(3){word-break:break-word}
table.meta{width:auto}table.meta th{text-align:right;background:none;border:0;color:var(--muted);font-weight:500;padding:2px 10px 2px 0}table.meta td{border:0;padding:2px 0}
.badge{display:inline-block;min-width:52px;text-align:center;border-radius:3px;padding:0 5px;font-size:12px;font-weight:600}
.ok{background:var(--okbg);color:var(--ok)}.bad{background:var(--badbg);color:var(--bad)}.warn{background:var(--warnbg);color:var(--warn)}.skip{background:#eceff2;color:var(--muted)}
ul.tests{margin:0;padding:0;list-style:none}ul.tests li{margin:1px 0}
small,.muted{color:var(--muted)}
nav{font-size:13px;margin:4px 0 8px}nav a{margin-right:12px;color:#1f5fae;text-decoration:none}
details summary{cursor:pointer;color:#1f5fae}
.bar{display:inline-block;width:60px;height:8px;background:#eceff2;border-radius:2px;margin-right:6px;vertical-align:middle}.bar i{display:block;height:8px;border-radius:2px;background:#3f9a62}
`;

// Sorts a table's body rows when its header is clicked; cells may carry data-v (sort value).
const JS = `
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], col = th.cellIndex;
    var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
    table.querySelectorAll("th").forEach(function (x) { x.removeAttribute("data-dir"); });
    th.setAttribute("data-dir", dir);
    var key = function (tr) { var c = tr.cells[col]; if (!c) return ""; var v = c.hasAttribute("data-v") ? c.getAttribute("data-v") : c.textContent.trim(); return v; };
    var rows = Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
      var r = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) && isFinite(x) && isFinite(y)) ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
      return dir === "asc" ? r : -r;
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
  });
});
document.body.setAttribute("data-js", "ready");
`;

const STATUS_CLASS: Record<TestStatus, string> = { passed: "ok", failed: "bad", skipped: "skip" };
const STATUS_TEXT: Record<TestStatus, string> = { passed: "pass", failed: "FAIL", skipped: "skipped" };
const VERDICT_CLASS: Record<RuleVerdict, string> = { proven: "ok", failing: "bad", untested: "bad" };
const VERDICT_TEXT: Record<RuleVerdict, string> = { proven: "proven", failing: "FAILING", untested: "NO TEST" };

function badge(cls: string, text: string): string {
  return `<span class="badge ${cls}">${h(text)}</span>`;
}

function num(n: number | undefined | null, text?: string): string {
  return n === undefined || n === null ? `<td class="num" data-v="">—</td>` : `<td class="num" data-v="${n}">${h(text ?? formatInt(n))}</td>`;
}

function table(headers: string[], rows: string[], opts: { numeric?: number[]; foot?: string; cls?: string } = {}): string {
  const ths = headers.map((x, i) => `<th${opts.numeric?.includes(i) ? ' class="num"' : ""}>${h(x)}</th>`).join("");
  const body = rows.length > 0 ? rows.join("\n") : `<tr><td colspan="${headers.length}" class="muted">none</td></tr>`;
  return `<table class="sortable${opts.cls ? ` ${opts.cls}` : ""}"><thead><tr>${ths}</tr></thead><tbody>\n${body}\n</tbody>${opts.foot ?? ""}</table>`;
}

function testLine(t: TestEntry): string {
  const extra = [t.runner, t.file ?? "", t.runs !== undefined ? `runs: ${t.runs}` : ""].filter(Boolean).join(" · ");
  const err = t.error ? `<br><small class="bad">${h(t.error.split("\n")[0])}</small>` : "";
  return `<li>${badge(STATUS_CLASS[t.status], STATUS_TEXT[t.status])} ${h(t.title)} <small>${h(extra)}</small>${err}</li>`;
}

function bar(fraction: number | undefined): string {
  if (fraction === undefined) return "";
  return `<span class="bar"><i style="width:${Math.round(fraction * 100)}%"></i></span>`;
}

export function renderHtml(m: ReportModel): string {
  const out: string[] = [];
  const meta = m.meta;
  const totalRules = m.systems.reduce((s, x) => s + x.rules.length, 0);
  const proven = m.systems.reduce((s, x) => s + x.counts.proven, 0);
  const testsRun = m.tests.filter((t) => t.status !== "skipped").length;

  out.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  out.push(`<title>${h(meta.title)} — ${h(meta.commit.slice(0, 12))}</title><style>${CSS}</style></head><body><main>`);
  out.push(`<h1>${h(meta.title)}</h1>`);

  // --- verdict and identity of the run ---
  const missedTargets = m.problems.filter((p) => p.area === "target").length;
  const verdictText = m.passed
    ? `PASS — ${proven} of ${totalRules} rules proven by ${testsRun} passing tests; gas, coverage and London check produced in this run` +
      (missedTargets > 0 ? `; ${missedTargets} gas target${missedTargets === 1 ? "" : "s"} missed (listed first, below)` : "")
    : `FAIL — ${m.problems.length} problem${m.problems.length === 1 ? "" : "s"} (listed first, below)`;
  out.push(`<section id="verdict"><div class="verdict ${m.passed ? "pass" : "fail"}">${h(verdictText)}</div>`);
  const tree = meta.dirty
    ? `${badge("warn", "modified")} the working tree differs from this commit in ${meta.dirtyFiles.length} path(s); the figures are for the working tree <details><summary>paths</summary><pre class="mono">${h(meta.dirtyFiles.join("\n"))}</pre></details>`
    : `${badge("ok", "clean")} the working tree is exactly this commit`;
  out.push(`<table class="meta"><tbody>`);
  out.push(`<tr><th>commit</th><td><code>${h(meta.commit)}</code></td></tr>`);
  out.push(`<tr><th>working tree</th><td>${tree}</td></tr>`);
  out.push(`<tr><th>generated</th><td>${h(meta.generatedAt)} <small>run ${h(meta.runId)}</small></td></tr>`);
  out.push(`<tr><th>toolchain</th><td>${meta.toolchain.map((t) => `${h(t.name)} <code>${h(t.version)}</code>`).join(" · ")}</td></tr>`);
  out.push(`</tbody></table></section>`);
  out.push(
    `<nav>${HTML_SECTIONS.filter((s) => s !== "verdict" && (s !== "problems" || m.problems.length > 0))
      .map((s) => `<a href="#${s}">${h(SECTION_TITLES[s])}</a>`)
      .join("")}</nav>`,
  );

  // --- failures first ---
  if (m.problems.length > 0) {
    out.push(`<section id="problems"><h2>Failures and problems (${m.problems.length})</h2>`);
    const areas = [...new Set(m.problems.map((p) => p.area))];
    for (const area of areas) {
      out.push(`<h3>${h(AREA_TITLES[area] ?? area)}</h3><ul>`);
      for (const p of m.problems.filter((x) => x.area === area)) out.push(`<li>${h(p.message)}</li>`);
      out.push(`</ul>`);
    }
    out.push(`</section>`);
  }
  if (m.notes.length > 0) out.push(`<ul class="muted">${m.notes.map((n) => `<li>${h(n)}</li>`).join("")}</ul>`);

  // --- summary per system ---
  out.push(`<section id="summary"><h2>${SECTION_TITLES.summary}</h2>`);
  out.push(
    `<p>Tests run: ${m.testCounts.solidity.passed + m.testCounts.solidity.failed} Solidity (${m.testCounts.solidity.failed} failed, ${m.testCounts.solidity.skipped} skipped) and ${m.testCounts.mocha.passed + m.testCounts.mocha.failed} mocha (${m.testCounts.mocha.failed} failed, ${m.testCounts.mocha.skipped} skipped).</p>`,
  );
  out.push(
    table(
      ["system", "file", "rules", "proven", "failing", "no test", "verdict"],
      m.systems.map((s) => {
        const ok = s.counts.failing === 0 && s.counts.untested === 0 && s.rules.length > 0;
        return `<tr><td><a href="#sys-${h(s.system)}">${h(s.system)}</a></td><td><code>${h(s.file)}</code></td>${num(s.rules.length)}${num(s.counts.proven)}${num(s.counts.failing)}${num(s.counts.untested)}<td>${badge(ok ? "ok" : "bad", ok ? "all proven" : "gaps")}</td></tr>`;
      }),
      { numeric: [2, 3, 4, 5] },
    ),
  );
  out.push(`</section>`);

  // --- rules per system ---
  out.push(`<section id="requirements"><h2>${SECTION_TITLES.requirements}</h2>`);
  out.push(`<p class="muted">Each rule, the tests that cite its id, and their result in this run. A rule is proven when at least one test citing it ran and every test citing it passed.</p>`);
  for (const s of m.systems) {
    out.push(`<h3 id="sys-${h(s.system)}">${h(s.system)}${s.title ? ` — ${h(s.title)}` : ""} <small><code>${h(s.file)}</code></small></h3>`);
    out.push(
      table(
        ["id", "rule", "tests", "verdict"],
        s.rules.map(
          (r) =>
            `<tr><td data-v="${h(r.rule.id)}"><code>${h(r.rule.id)}</code></td><td>${h(r.rule.text)}</td><td>${
              r.tests.length > 0 ? `<ul class="tests">${r.tests.map(testLine).join("")}</ul>` : `<span class="bad">no test cites this rule</span>`
            }</td><td data-v="${r.verdict}">${badge(VERDICT_CLASS[r.verdict], VERDICT_TEXT[r.verdict])}</td></tr>`,
        ),
        { cls: "rules" },
      ),
    );
  }
  out.push(`</section>`);

  // --- citations that match nothing, tests without ids ---
  out.push(`<section id="citations"><h2>${SECTION_TITLES.citations}</h2>`);
  out.push(`<h3>Tests citing an unknown id (${m.unknownCitations.length})</h3>`);
  out.push(
    table(
      ["id", "test", "runner", "file", "result"],
      m.unknownCitations.map(
        (u) =>
          `<tr><td><code>${h(u.id)}</code></td><td>${h(u.test.title)}</td><td>${u.test.runner}</td><td><code>${h(u.test.file ?? "")}</code></td><td>${badge(STATUS_CLASS[u.test.status], STATUS_TEXT[u.test.status])}</td></tr>`,
      ),
    ),
  );
  out.push(`<h3>Tests without a requirement id (${m.uncitedTests.length})</h3>`);
  out.push(`<p class="muted">They ran and count toward pass/fail and coverage, but prove no listed rule.</p>`);
  out.push(
    table(
      ["test", "runner", "file", "result"],
      m.uncitedTests.map(
        (t) => `<tr><td>${h(t.title)}</td><td>${t.runner}</td><td><code>${h(t.file ?? "")}</code></td><td>${badge(STATUS_CLASS[t.status], STATUS_TEXT[t.status])}</td></tr>`,
      ),
    ),
  );
  if (m.hookFailures.length > 0) {
    out.push(`<h3>Failed mocha hooks (${m.hookFailures.length})</h3><ul>${m.hookFailures.map((x) => `<li>${h(x.title)} <small>${h(x.file ?? "")}</small> — ${h(x.error ?? "")}</li>`).join("")}</ul>`);
  }
  out.push(`</section>`);

  // --- fuzz and invariant runs ---
  const fuzz = m.tests.filter((t) => t.runner === "solidity" && (t.kind === "fuzz" || t.kind === "invariant"));
  out.push(`<section id="fuzz"><h2>${SECTION_TITLES.fuzz}</h2>`);
  out.push(`<p class="muted">Runs as printed by Hardhat's Solidity test runner in this run (a fuzz run is one call with fresh random inputs; an invariant run is one random call sequence). Hardhat prints no run count for a failed test; its counterexample is shown instead.</p>`);
  out.push(
    table(
      ["test", "kind", "runs", "calls", "reverts", "cites", "result"],
      fuzz.map(
        (t) =>
          `<tr><td>${h(t.title)}<br><small><code>${h(t.file ?? "")}</code></small>${t.counterexample ? `<br><small class="bad">counterexample: ${h(t.counterexample)}</small>` : ""}</td><td>${t.kind}</td>${num(t.runs)}${num(t.calls)}${num(t.reverts)}<td>${h(t.cites.join(", "))}</td><td>${badge(STATUS_CLASS[t.status], STATUS_TEXT[t.status])}</td></tr>`,
      ),
      { numeric: [2, 3, 4] },
    ),
  );
  out.push(`</section>`);

  // --- coverage ---
  out.push(`<section id="coverage"><h2>${SECTION_TITLES.coverage}</h2>`);
  if (m.coverage) {
    const c = m.coverage;
    out.push(
      `<p class="muted">From <code>${h(c.command)}</code> (exit code ${h(c.exitCode)}), run on instrumented contracts. Instrumentation adds gas, so pass/fail and gas figures come from the uninstrumented runs, not from this one.${
        c.branches ? " Branches: the true and false arms of every <code>if</code>, derived from this run's statement hits; see the notes at the top for what they leave out." : ""
      }</p>`,
    );
    const tot = c.totals;
    const foot = `<tfoot><tr><th>total</th>${num(tot.linesHit)}${num(tot.linesFound)}<td class="num" data-v="${ratio(tot.linesHit, tot.linesFound) ?? ""}">${bar(ratio(tot.linesHit, tot.linesFound))}${formatPercent(ratio(tot.linesHit, tot.linesFound))}</td><td></td><td class="num">${branchCell(tot.branchesHit, tot.branchesFound)}</td><td></td></tr></tfoot>`;
    out.push(
      table(
        ["source file", "lines hit", "lines", "line %", "statement %", "branches", "lines never run"],
        c.files.map((f) => {
          const r = ratio(f.linesHit, f.linesFound);
          return `<tr><td><code>${h(f.file)}</code></td>${num(f.linesHit)}${num(f.linesFound)}<td class="num" data-v="${r ?? ""}">${bar(r)}${formatPercent(r)}</td>${
            f.statementsPct === undefined ? `<td class="num" data-v="">n/a</td>` : `<td class="num" data-v="${f.statementsPct}">${f.statementsPct.toFixed(1)}%</td>`
          }<td class="num" data-v="${ratio(f.branchesHit, f.branchesFound) ?? ""}">${branchCell(f.branchesHit, f.branchesFound)}</td><td><small>${h(compactLines(f.uncoveredLines))}</small></td></tr>`;
        }),
        { numeric: [1, 2, 3, 4, 5], foot },
      ),
    );
  } else {
    out.push(`<p class="bad">Coverage is missing from this run (see the problems above).</p>`);
  }
  out.push(`</section>`);

  // --- gas ---
  out.push(`<section id="gas"><h2>${SECTION_TITLES.gas}</h2>`);
  if (m.gas.files.length === 0) out.push(`<p class="bad">No gas benchmark was produced in this run (see the problems above).</p>`);
  for (const f of m.gas.files) {
    out.push(`<h3><code>${h(f.file)}</code> <small>${h(f.network)}, chain id ${h(f.chainId)}, generated ${h(f.generatedAt)}</small></h3>`);
    out.push(
      table(
        ["system", "operation", "gas", "target", "within target", "compared with", "vs peer", "note"],
        m.gas.rows.filter((r) => r.file === f.file).map(gasRow),
        { numeric: [2, 3, 6] },
      ),
    );
  }
  out.push(`<p class="muted">Every figure is the <code>gasUsed</code> of a mined transaction's receipt. "vs peer" is this row's gas divided by the named peer row's gas, measured in the same run on the same network.</p>`);
  out.push(`</section>`);

  // --- London ---
  out.push(`<section id="london"><h2>${SECTION_TITLES.london}</h2>`);
  if (m.london) {
    const l = m.london;
    const bad = l.contracts.filter((c) => c.forbidden.length > 0 || c.bytes > MAX_CODE_SIZE).length;
    out.push(
      `<p>${badge(l.compatible && bad === 0 ? "ok" : "bad", l.compatible && bad === 0 ? "compatible" : "INCOMPATIBLE")} ${l.checked} compiled contracts disassembled: ${bad} contain PUSH0, MCOPY, TLOAD or TSTORE as executed opcodes or exceed ${formatInt(MAX_CODE_SIZE)} bytes.</p>`,
    );
    out.push(
      table(
        ["contract", "runtime bytes", "post-London opcodes"],
        l.contracts.map(
          (c) =>
            `<tr><td><code>${h(c.contract)}</code></td>${num(c.bytes)}<td>${c.forbidden.length === 0 ? badge("ok", "none") : h(c.forbidden.map((x) => `${x.opcode}@${x.offset}`).join(", "))}</td></tr>`,
        ),
        { numeric: [1] },
      ),
    );
  } else {
    out.push(`<p class="bad">The London check did not produce a result in this run (see the problems above).</p>`);
  }
  out.push(`</section>`);

  // --- Clique ---
  out.push(`<section id="clique"><h2>${SECTION_TITLES.clique}</h2>`);
  if (!m.clique) {
    out.push(`<p>${badge("skip", "not run")} No Clique end-to-end result (<code>reports/clique.json</code> is absent).</p>`);
  } else {
    const c = m.clique;
    if (!c.result.ran) {
      out.push(`<p>${badge("skip", "not run")} <code>${h(c.file)}</code> says the end-to-end run did not run (network: ${h(c.result.network)}).</p>`);
    } else {
      out.push(
        `<p>${badge(c.result.failed === 0 ? "ok" : "bad", c.result.failed === 0 ? "passed" : "FAILED")} ${c.result.passed} passed, ${c.result.failed} failed on <b>${h(c.result.network)}</b>. <small>Produced by a separate run, not by this report run: <code>${h(c.file)}</code> written ${h(c.producedAt)}.${c.note ? ` ${h(c.note)}` : ""}</small></p>`,
      );
      out.push(table(["test", "result"], c.result.tests.map((t) => `<tr><td>${h(t.title)}</td><td>${badge(t.passed ? "ok" : "bad", t.passed ? "pass" : "FAIL")}</td></tr>`)));
    }
  }
  out.push(`</section>`);

  // --- screenshots (the verification page's states, test/browser/verify-page.test.ts) ---
  out.push(`<section id="screenshots"><h2>${SECTION_TITLES.screenshots}</h2>`);
  if (m.screenshots.length === 0) {
    out.push(`<p>${badge("skip", "none")} No browser test wrote a screenshot in this run (they run when Chromium is installed).</p>`);
  } else {
    // Linked, not embedded: the report stays one file that loads nothing (RPT-10).
    out.push(`<p class="muted">Written by the browser tests in this run into <code>reports/verify-page/</code>, next to this file; each is one state of the certificate verification page.</p><ul>`);
    for (const s of m.screenshots) out.push(`<li><a href="${h(s.file)}">${h(s.title)}</a></li>`);
    out.push(`</ul>`);
  }
  out.push(`</section>`);

  // --- provenance ---
  out.push(`<section id="provenance"><h2>${SECTION_TITLES.provenance}</h2>`);
  out.push(`<p class="muted">Commands this report run executed, in order. Their raw output is kept next to this file in <code>reports/raw/</code>; the SHA-256 lets you check a copy is the one this report was built from.</p>`);
  out.push(
    table(
      ["step", "command", "exit code", "seconds", "raw output"],
      m.steps.map(
        (s) =>
          `<tr><td>${h(s.name)}</td><td><code>${h(s.command)}</code></td><td class="num" data-v="${s.exitCode ?? -1}">${s.exitCode === 0 ? "0" : `<span class="bad">${h(s.exitCode ?? "signal")}</span>`}</td>${num(s.durationMs / 1000, (s.durationMs / 1000).toFixed(1))}<td><code>${h(s.log ?? "")}</code></td></tr>`,
      ),
      { numeric: [2, 3] },
    ),
  );
  out.push(table(["raw file", "bytes", "sha256"], m.rawFiles.map((f) => `<tr><td><code>${h(f.path)}</code></td>${num(f.bytes)}<td><code>${h(f.sha256)}</code></td></tr>`), { numeric: [1] }));
  out.push(`</section>`);

  out.push(`</main><script>${JS}</script></body></html>\n`);
  return out.join("\n");
}

function gasRow(r: GasRowView): string {
  const within = r.withinTarget === null ? `<td data-v="">—</td>` : `<td data-v="${r.withinTarget ? 1 : 0}">${badge(r.withinTarget ? "ok" : "bad", r.withinTarget ? "yes" : "OVER")}</td>`;
  const vs =
    r.peer === undefined
      ? `<td class="num" data-v="">—</td>`
      : r.peerMissing
        ? `<td class="num bad" data-v="">peer missing</td>`
        : `<td class="num" data-v="${r.ratio ?? ""}">${r.ratio === undefined ? "—" : `${r.ratio.toFixed(2)}×`} <small>(${signed((r.gas - (r.peerGas ?? 0)))})</small></td>`;
  return `<tr><td>${h(r.system)}</td><td>${h(r.operation)}</td>${num(r.gas)}${num(r.target)}${within}<td>${h(r.peer ?? "")}${r.peerGas !== undefined ? ` <small>${formatInt(r.peerGas)}</small>` : ""}</td>${vs}<td>${h(r.note ?? "")}</td></tr>`;
}

export function signed(n: number): string {
  return `${n >= 0 ? "+" : "−"}${formatInt(Math.abs(n))}`;
}

export function ratio(hit: number | undefined, found: number | undefined): number | undefined {
  if (hit === undefined || found === undefined || found === 0) return undefined;
  return hit / found;
}

export function branchCell(hit: number | undefined, found: number | undefined): string {
  if (found === undefined) return "not measured";
  return `${hit ?? 0}/${found} (${formatPercent(ratio(hit, found))})`;
}

/** [1,2,3,7,9,10] -> "1-3, 7, 9-10" */
export function compactLines(lines: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return parts.join(", ");
}

export const SECTION_TITLES: Record<(typeof HTML_SECTIONS)[number], string> = {
  verdict: "Verdict",
  problems: "Failures",
  summary: "Requirements by system",
  requirements: "Rules and the tests that prove them",
  citations: "Citations",
  fuzz: "Fuzz and invariant runs",
  coverage: "Coverage",
  gas: "Gas per operation",
  london: "London compatibility",
  clique: "Clique end-to-end",
  screenshots: "Browser screenshots",
  provenance: "How this report was produced",
};

export const AREA_TITLES: Record<string, string> = {
  inputs: "Missing or stale inputs",
  tests: "Failed tests and incomplete runs",
  requirements: "Requirements without a test, unknown ids",
  coverage: "Coverage",
  gas: "Gas",
  london: "London compatibility",
  clique: "Clique end-to-end",
  target: "Gas targets missed (measured in this run; they do not fail it)",
};
