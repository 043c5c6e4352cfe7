// Fails in one line when Chromium is missing, before the browser tests start (npm run test:browser).
import { CHROMIUM_INSTALL_HINT, findChromium } from "../tooling/report/chromium.js";

if (!findChromium()) {
  console.error(`error: ${CHROMIUM_INSTALL_HINT}`);
  process.exit(1);
}
