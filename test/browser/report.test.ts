import { expect } from "chai";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BROWSER_SELECTED } from "./selected.js";
import { CHROMIUM_INSTALL_HINT, dumpDom, findChromium, screenshot } from "../../tooling/report/chromium.js";
import { buildReport } from "../../tooling/report/model.js";
import { HTML_SECTIONS, renderHtml } from "../../tooling/report/render-html.js";
import { sampleInput } from "../tooling/report/fixtures.js";

/** Gas of each row of the first gas table, in page order (first data-v of each body row). */
function gasColumn(dom: string): number[] {
  const section = dom.slice(dom.indexOf('<section id="gas">'));
  const body = section.slice(section.indexOf("<tbody>"), section.indexOf("</tbody>"));
  return [...body.matchAll(/<tr>.*?data-v="(\d+)"/gs)].map((m) => Number(m[1]));
}

// Registered only when the run names this folder (`npm run test:browser`) or BROWSER_TESTS=1
// (the report sets it when Chromium is installed), so `npm test` needs no browser.
(BROWSER_SELECTED ? describe : describe.skip)("report: rendered in headless Chromium", function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "report-test-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("[RPT-12][RPT-10] shows every section, runs its script and sorts a table by a clicked header", async () => {
    if (!findChromium()) expect.fail(CHROMIUM_INSTALL_HINT);
    const html = renderHtml(buildReport(sampleInput()));
    // The report as written, plus a click on the "gas" header of the first gas table.
    const click = `<script>document.querySelector('#gas table.sortable th:nth-child(3)').click();</script></body>`;
    const file = path.join(dir, "index.html");
    await writeFile(file, html.replace("</body>", click));
    const dom = await dumpDom(file);
    for (const id of HTML_SECTIONS) expect(dom, id).to.include(`<section id="${id}">`);
    expect(dom).to.match(/<body data-js="ready">/);
    const before = gasColumn(html);
    const after = gasColumn(dom);
    expect(before).to.deep.equal([41364, 34472, 47411, 45124, 2287]);
    expect(after).to.deep.equal([...before].sort((a, b) => a - b));
    expect(dom).to.include('data-dir="asc"');
  });

  it("[RPT-12] takes a screenshot of the report", async () => {
    if (!findChromium()) expect.fail(CHROMIUM_INSTALL_HINT);
    const file = path.join(dir, "shot.html");
    await writeFile(file, renderHtml(buildReport(sampleInput())));
    const png = path.join(dir, "shot.png");
    await screenshot(file, png, 1280, 900);
    expect(existsSync(png)).to.equal(true);
    const head = (await readFile(png)).subarray(0, 8).toString("hex");
    expect(head).to.equal("89504e470d0a1a0a");
    expect(statSync(png).size).to.be.greaterThan(10_000);
  });
});
