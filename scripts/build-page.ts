// npm run build:page: the certificate verification page, built to dist/verify/ (no config.json:
// `npx hardhat cert:page --out DIR --rpc URL` writes a page with the chain's config).
import { buildPage, PAGE_GZIP_GOAL, sizeLines } from "../web/verify/build.js";

const page = await buildPage();
for (const line of sizeLines(page)) console.log(line);
if (page.gzipBytes > PAGE_GZIP_GOAL) console.log(`warning: the page is over its size goal by ${page.gzipBytes - PAGE_GZIP_GOAL} bytes gzipped`);
