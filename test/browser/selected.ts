import path from "node:path";

/**
 * Browser tests need Chromium (Debian's `chromium`). They run when the run names this folder
 * (`hardhat test mocha test/browser/*.test.ts`, i.e. `npm run test:browser`) or BROWSER_TESTS=1
 * (set by `npm run report` when Chromium is installed). Hardhat 3's mocha runner has no ignore
 * setting, so the files gate themselves, like test/clique/.
 */
export const BROWSER_SELECTED =
  process.env.BROWSER_TESTS === "1" || process.argv.some((a) => a.split(path.sep).join("/").includes("test/browser/"));
