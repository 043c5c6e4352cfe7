import { expect } from "chai";
import { withBranches } from "../../../tooling/report/coverage.js";
import { buildReport } from "../../../tooling/report/model.js";
import { HTML_SECTIONS, compactLines, renderHtml } from "../../../tooling/report/render-html.js";
import { renderMarkdown } from "../../../tooling/report/render-md.js";
import { escapeHtml, escapeMd } from "../../../tooling/report/text.js";
import { passingInput, sampleInput } from "./fixtures.js";

describe("report: HTML", () => {
  const html = renderHtml(buildReport(sampleInput()));

  it("[RPT-10] is one file that needs no network: inline style and script, no external URL", () => {
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include("<style>").and.to.include("<script>");
    expect(html).not.to.match(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.to.match(/https?:\/\//i);
    expect(html).not.to.match(/@import|url\(/i);
  });

  it("[RPT-10] has every section, with the verdict and the failures before the details", () => {
    for (const id of HTML_SECTIONS) expect(html, id).to.include(`<section id="${id}">`);
    const pos = (id: string) => html.indexOf(`<section id="${id}">`);
    expect(pos("verdict")).to.be.lessThan(pos("problems"));
    expect(pos("problems")).to.be.lessThan(pos("summary"));
    expect(html).to.include("FAIL — ");
    expect(html).to.include("certificates/issue costs 120000 gas, over its target of 100000");
  });

  it("[RPT-10] leaves the failures section out when nothing failed", () => {
    const ok = renderHtml(buildReport(passingInput()));
    expect(ok).not.to.include('<section id="problems">');
    expect(ok).to.include('<div class="verdict pass">PASS — 7 of 7 rules proven');
  });

  it("[RPT-10] escapes text from tests and documents", () => {
    expect(html).not.to.include("<script>alert(1)</script>");
    expect(html).to.include("helper without an id &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).to.include("Error: approval &lt;b&gt;boundary&lt;/b&gt;");
    expect(escapeHtml(`<a href="x">'&'</a>`)).to.equal("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("[RPT-09] states the commit, tree state, date, toolchain, London result and Clique result", () => {
    expect(html).to.include("0123456789abcdef0123456789abcdef01234567");
    expect(html).to.include("the working tree is exactly this commit");
    expect(html).to.include("2026-11-23T10:02:00.000Z");
    expect(html).to.include("solc <code>0.8.29+commit.ab55807c (evm london, optimizer 200 runs)</code>");
    expect(html).to.include("OpenZeppelin contracts <code>5.4.0</code>");
    expect(html).to.match(/compatible<\/span> 2 compiled contracts disassembled/);
    expect(html).to.include("2 passed, 0 failed on <b>geth</b>");
    const dirty = sampleInput();
    dirty.meta.dirty = true;
    dirty.meta.dirtyFiles = [" M contracts/access/Consortium.sol"];
    expect(renderHtml(buildReport(dirty))).to.include("the working tree differs from this commit in 1 path(s)");
    const noClique = sampleInput();
    delete noClique.clique;
    expect(renderHtml(buildReport(noClique))).to.include("not run</span> No Clique end-to-end result");
  });

  it("[RPT-06] shows unmeasured branches as not measured and measured ones as a fraction", () => {
    expect(html).to.include("not measured");
    expect(html).to.include("1/2 (50.0%)");
    expect(html).to.include(">53.6%<");
    expect(compactLines([1, 2, 3, 7, 9, 10])).to.equal("1-3, 7, 9-10");
  });

  it("[RPT-14] shows derived branches per file and says how they were derived and what they leave out", () => {
    const input = sampleInput();
    input.coverage!.files = withBranches(
      input.coverage!.files.map(({ branchesFound: _f, branchesHit: _h, ...f }) => f),
      new Map([
        ["contracts/access/Consortium.sol", { found: 4, hit: 3 }],
        ["contracts/token/SettlementToken.sol", { found: 0, hit: 0 }],
      ]),
    );
    input.coverage!.branches = { undetermined: 1, conditionals: 2, shortCircuits: 5, rawFiles: ["reports/raw/branches.json"] };
    const m = buildReport(input);
    expect(m.coverage!.totals).to.include({ branchesFound: 4, branchesHit: 3 });
    const note = m.notes.find((n) => n.startsWith("Branches are"))!;
    expect(note).to.include("derived from the statement hits").and.include("conditional expressions (2), && and || (5)").and.include("1 false arm(s)").and.include("reports/raw/branches.json");
    expect(renderHtml(m)).to.include("3/4 (75.0%)").and.not.include("not measured");
    expect(renderMarkdown(m)).to.include("| 3/4 (75.0%) |");

    const none = sampleInput();
    none.coverage!.files = none.coverage!.files.map(({ branchesFound: _f, branchesHit: _h, ...f }) => f);
    const unmeasured = buildReport(none);
    expect(unmeasured.notes.some((n) => n.startsWith("Branch coverage is not measured"))).to.equal(true);
    expect(renderHtml(unmeasured)).to.include("not measured");
  });

  it("[RPT-07] shows the ratio to the peer and the difference in gas", () => {
    expect(html).to.include(`${(41364 / 34472).toFixed(2)}×`);
    expect(html).to.include("(+6,892)");
    expect(html).to.include("OVER");
  });
});

describe("report: Markdown", () => {
  const model = buildReport(sampleInput());
  const md = renderMarkdown(model);

  it("[RPT-11] carries the verdict, every failure and the same sections as the HTML report", () => {
    expect(md.split("\n")[2]).to.match(/^\*\*FAIL\*\* — \d+ problems/);
    for (const p of model.problems) expect(md).to.include(escapeMd(p.message));
    for (const h of [
      "## Failures and problems",
      "## Requirements by system",
      "## Rules and the tests that prove them",
      "## Citations",
      "## Fuzz and invariant runs",
      "## Coverage",
      "## Gas per operation",
      "## London compatibility",
      "## Clique end-to-end",
      "## How this report was produced",
    ]) {
      expect(md, h).to.include(h);
    }
    expect(md.indexOf("## Failures")).to.be.lessThan(md.indexOf("## Requirements by system"));
  });

  it("[RPT-11] escapes table cells without mangling identifiers", () => {
    expect(escapeMd("a | b")).to.equal("a \\| b");
    expect(escapeMd("METER_OPERATOR and _x_")).to.equal("METER_OPERATOR and \\_x\\_");
    expect(escapeMd("<script>")).to.equal("\\<script>");
    expect(md).to.include("\\<script>alert(1)\\</script>");
    expect(md).not.to.match(/(^|[^\\])<script>/m);
  });
});

describe("report: the verification page's screenshots", () => {
  it("[CERT-90] lists the screenshots the browser tests wrote in this run, linked next to the report (never embedded), and none of an earlier run", async () => {
    const { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { screenshotsSince } = await import("../../../tooling/report/gather.js");
    const reports = mkdtempSync(path.join(tmpdir(), "report-shots-"));
    try {
      mkdirSync(path.join(reports, "verify-page"));
      const since = Date.now() - 1_000;
      writeFileSync(path.join(reports, "verify-page/valid-deep-link.png"), "png");
      writeFileSync(path.join(reports, "verify-page/old-state.png"), "png");
      utimesSync(path.join(reports, "verify-page/old-state.png"), new Date(since - 60_000), new Date(since - 60_000));
      writeFileSync(path.join(reports, "verify-page/notes.txt"), "x");
      const shots = await screenshotsSince(reports, "verify-page", since, "verification page");
      expect(shots).to.deep.equal([{ file: "verify-page/valid-deep-link.png", title: "verification page: valid deep link" }]);
      const html = renderHtml(buildReport({ ...sampleInput(), screenshots: shots }));
      const section = html.slice(html.indexOf('<section id="screenshots">'), html.indexOf('<section id="provenance">'));
      expect(section).to.include('<a href="verify-page/valid-deep-link.png">verification page: valid deep link</a>');
      expect(section).not.to.match(/<img/);
      expect(renderMarkdown(buildReport({ ...sampleInput(), screenshots: shots }))).to.include("- [verification page: valid deep link](verify-page/valid-deep-link.png)");
      expect(renderHtml(buildReport(sampleInput()))).to.include("No browser test wrote a screenshot in this run");
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });
});
