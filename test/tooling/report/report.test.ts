import { expect } from "chai";
import { CHROMIUM_INSTALL_HINT, findChromium } from "../../../tooling/report/chromium.js";

// The tests that start Chromium live in test/browser/ (npm run test:browser, and the report):
// `npm test` must pass on a machine that has only Node 22.
describe("report: Chromium", function () {
  it("[RPT-12] asks for `apt-get install chromium` when Chromium is missing", () => {
    expect(CHROMIUM_INSTALL_HINT).to.include("apt-get install chromium");
    expect(findChromium(["/nonexistent/chromium"])).to.equal(undefined);
  });
});
