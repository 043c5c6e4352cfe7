import { expect } from "chai";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import QRCode from "qrcode";
import { getAddress } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { BROWSER_SELECTED } from "./selected.js";
import { CHROMIUM_INSTALL_HINT, findChromium, launchChromium } from "../../tooling/report/chromium.js";
import { encodeQrPayload, encodeTerms, type CertificateReceipt } from "../../lib/certificates/index.js";
import { describePageCall } from "../../lib/certificates/page.js";
import { certFixture, DAY, DEGREE, eip1193, networkHelpers, issueBatch, issueOne, LICENCE, MARRIAGE, prepareOne, REASON, TYPE_SPECS, type CertFixture } from "../kit/certificates.js";
import { ok } from "../kit/inprocess.js";
import { ROOT } from "../kit/cli.js";

// The verification page (web/verify/, written by cert:page) in headless Chromium (Debian's
// package, driven by playwright-core through tooling/report/chromium.ts, as the report is) against the
// in-process network served over HTTP as a JSON-RPC node. Every request the page makes is
// recorded; each state is photographed into reports/verify-page/.

const SHOTS = path.join(ROOT, "reports/verify-page");
const AXE = path.join(ROOT, "node_modules/axe-core/axe.min.js");
const a11yChecked: string[] = [];

// The functions given to page.evaluate run in the page; this file is compiled without DOM types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any;

interface Recorded {
  url: string;
  method: string;
  body: string;
}

/** The in-process chain as a JSON-RPC node with CORS (single and batched requests); can go down and come back on the same port. */
class Node {
  server?: Server;
  port = 0;
  bodies: string[] = [];

  handle = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-headers", "content-type");
    if (req.method === "OPTIONS") return void res.end();
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      this.bodies.push(body);
      const answer = async (m: { id: unknown; method: string; params?: unknown[] }) => {
        try {
          return { jsonrpc: "2.0", id: m.id, result: await eip1193.request({ method: m.method, params: m.params ?? [] }) };
        } catch (e) {
          const err = e as { code?: number; message?: string; data?: unknown };
          return { jsonrpc: "2.0", id: m.id, error: { code: err.code ?? -32000, message: err.message ?? String(e), data: err.data } };
        }
      };
      const parsed = JSON.parse(body);
      const out = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(out));
    });
  };

  async up(): Promise<string> {
    this.server = createServer(this.handle);
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.url;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  async down() {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

/**
 * A one-frame Y4M video of the QR code of `text`, for Chromium's fake camera
 * (--use-file-for-fake-video-capture): black modules on white, 4 modules of quiet zone.
 */
function qrVideo(text: string, file: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const scale = 8;
  const side = (n + 8) * scale;
  const y = Buffer.alloc(side * side, 235);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        for (let dy = 0; dy < scale; dy++) y.fill(16, ((r + 4) * scale + dy) * side + (c + 4) * scale, ((r + 4) * scale + dy) * side + (c + 5) * scale);
  const chroma = Buffer.alloc((side / 2) * (side / 2), 128);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${side} H${side} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma, chroma]));
}

/** A static file server for the page folder. */
async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url!, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.join(dir, rel);
    try {
      const data = readFileSync(file);
      res.setHeader("content-type", types[path.extname(file)] ?? "application/octet-stream");
      res.end(data);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}

(BROWSER_SELECTED ? describe : describe.skip)("certificates: the verification page in headless Chromium", function () {
  this.timeout(300_000);
  let dir: string;
  let f: CertFixture;
  let registry: string;
  let node: Node;
  let second: Node | undefined;
  let site: { url: string; server: Server };
  let browser: Browser;
  let context: BrowserContext;
  const requests: Recorded[] = [];
  const secrets: string[] = [];

  const payloadOf = (r: CertificateReceipt) =>
    encodeQrPayload({ chainId: r.chainId, registry: r.registry, certificateId: r.certificateId, batch: r.placement ? { root: r.placement.root, index: r.placement.index } : null });

  /** Everything of a receipt that must stay in the browser: salts, holder block, digest, document values. */
  function keepSecret(r: CertificateReceipt) {
    secrets.push(r.salt, r.contentDigest, r.holder.salt, r.holder.blind, r.holder.commitment, ...(r.holder.id ? [r.holder.id] : []));
    for (const v of Object.values(r.document)) if (String(v).length >= 4) secrets.push(String(v));
  }

  function file(name: string, value: unknown): string {
    const p = path.join(dir, name);
    writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value, null, 2));
    return p;
  }

  async function open(url: string, opts: { locale?: string; width?: number } = {}): Promise<Page> {
    const ctx = opts.locale || opts.width ? await browser.newContext({ locale: opts.locale, viewport: { width: opts.width ?? 1000, height: 900 } }) : context;
    const page = await ctx.newPage();
    page.on("request", (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? "" }));
    await page.goto(url);
    await page.waitForSelector('body[data-js="ready"]');
    return page;
  }

  /** Waits for a final state (not "checking") and returns it with the verdict's text. */
  async function verdict(page: Page): Promise<{ state: string; title: string; cause: string; text: string }> {
    await page.waitForFunction(() => document.body.dataset.state && document.body.dataset.state !== "checking", undefined, { timeout: 30_000 });
    return page.evaluate(() => ({
      state: document.body.dataset.state!,
      title: document.getElementById("verdict")?.textContent ?? "",
      cause: document.getElementById("cause")?.textContent ?? "",
      text: document.getElementById("result")!.innerText,
    }));
  }

  /** Forgets the last verdict, so that the next wait sees the next one. */
  async function reset(page: Page) {
    await page.evaluate(() => (document.body.dataset.state = ""));
  }

  /**
   * axe-core (npm, injected from node_modules: no request) on the page as it stands: no serious
   * or critical violation. Run on every state photographed.
   */
  async function accessible(page: Page, name: string) {
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
    const violations = (await page.evaluate(async () => {
      const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    })) as { id: string; impact: string; nodes: number; help: string }[];
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, `${name}: ${JSON.stringify(serious)}`).to.deep.equal([]);
    a11yChecked.push(name);
  }

  async function shot(page: Page, name: string) {
    await accessible(page, name);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  before(async function () {
    if (!findChromium()) expect.fail(CHROMIUM_INSTALL_HINT);
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), "verify-page-"));
    f = await certFixture();
    registry = await f.registry.getAddress();
    node = new Node();
    await node.up();
    await ok("cert:page", { out: path.join(dir, "site"), rpc: node.url, registry });
    site = await serveStatic(path.join(dir, "site"));
    browser = await launchChromium();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1000, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    site?.server.close();
    await node?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("[CERT-83][CERT-89] a deep link to a valid stored certificate opens on VALID with the member and type by name and dates; time to the verdict printed", async () => {
    const { receipt } = await issueOne(f.registry, f.uniClerk, DEGREE);
    keepSecret(receipt);
    const page = await open(`${site.url}index.html#${payloadOf(receipt)}`);
    const v = await verdict(page);
    expect(v.state).to.equal("valid");
    expect(v.title).to.match(/✔\s*VALID/);
    expect(v.text).to.include("Nanjing University (member 2)").and.include(`${TYPE_SPECS[DEGREE].name} (2)`).and.include(receipt.certificateId);
    expect(v.text).to.match(/Valid from\s+\d{4}-\d\d-\d\d/);
    const timing = async (p: Page) => (await p.evaluate(() => ({ ...document.body.dataset }))) as Record<string, string>;
    const first = await timing(page);
    // Again in a warm browser (its cache holds the page's script), as a second visitor sees it.
    const again = await open(`${site.url}index.html?again#${payloadOf(receipt)}`);
    expect((await verdict(again)).state).to.equal("valid");
    const warm = await timing(again);
    await again.close();
    for (const [label, t] of [["first open", first], ["warm browser", warm]] as const) {
      console.log(`      deep link to verdict (${label}): ${t.elapsedMs} ms from navigation start (page ready ${t.readyMs} ms, chain calls and verifier ${t.chainMs} ms); goal <= 1000 ms on a local node`);
      expect(Number(t.elapsedMs)).to.be.greaterThan(0);
    }
    await shot(page, "valid-deep-link");
    await page.close();
  });

  it("[CERT-83] a Merkle leaf's receipt dropped on the page: VALID; revoked (reason shown), suspended and superseded (successor followable) certificates", async () => {
    const { receipt } = await issueBatch(f.registry, f.uniClerk, DEGREE, 8);
    const leaf = receipt(5) as CertificateReceipt;
    keepSecret(leaf);
    const page = await open(`${site.url}index.html`);
    await reset(page);
    // Dropped on the drop zone, as a file dragged from the desktop.
    const dropped = await page.evaluateHandle((text: string) => {
      const dt = new (window as any).DataTransfer();
      dt.items.add(new (window as any).File([text], "leaf.json", { type: "application/json" }));
      return dt;
    }, JSON.stringify(leaf));
    await page.dispatchEvent("#drop", "drop", { dataTransfer: dropped });
    let v = await verdict(page);
    expect(v.state).to.equal("valid");
    expect(v.text).to.include("the batch root and the proof");
    await shot(page, "valid-merkle-receipt");
    // A batch certificate's QR code alone has no proof: the page asks for the receipt.
    await reset(page);
    await page.fill("#paste", payloadOf(leaf));
    await page.click("#check-text");
    v = await verdict(page);
    expect(v.state).to.equal("needs-receipt");
    expect(v.cause).to.include("Drop the receipt file");
    await shot(page, "needs-receipt");

    const revoked = await issueOne(f.registry, f.uniClerk, DEGREE);
    keepSecret(revoked.receipt);
    await f.registry.connect(f.uniClerk).revoke(revoked.cert.id, REASON.ERROR);
    await reset(page);
    await page.fill("#paste", payloadOf(revoked.receipt));
    await page.click("#check-text");
    v = await verdict(page);
    expect(v.state).to.equal("revoked");
    expect(v.title).to.match(/✖\s*REVOKED/);
    expect(v.cause).to.match(/^revoked at block \d+: issued in error$/);
    await shot(page, "revoked");

    const lic = await issueOne(f.registry, f.licClerk, LICENCE);
    await f.registry.connect(f.licClerk).suspend(lic.cert.id, REASON.INVESTIGATION);
    await reset(page);
    await page.fill("#paste", payloadOf(lic.receipt));
    await page.keyboard.press("Enter");
    v = await verdict(page);
    expect(v.state).to.equal("suspended");
    expect(v.title).to.match(/⏸\s*SUSPENDED/);
    expect(v.text).to.include("Nanjing Market Supervision Bureau");
    await shot(page, "suspended");

    const old = await issueOne(f.registry, f.civilClerk, MARRIAGE);
    const next = prepareOne(MARRIAGE);
    await f.registry.connect(f.civilClerk).supersede(old.cert.id, next.id, encodeTerms({ typeId: MARRIAGE }), REASON.CHANGED);
    await reset(page);
    await page.goto(`${site.url}index.html#${payloadOf(old.receipt)}`);
    v = await verdict(page);
    expect(v.state).to.equal("superseded");
    expect(v.title).to.match(/↻\s*SUPERSEDED/);
    expect(v.text).to.include(next.id);
    await shot(page, "superseded");
    await page.click("#successor");
    await page.waitForFunction((id) => document.getElementById("result")!.innerText.includes(id) && document.body.dataset.state === "valid", next.id);
    await page.close();
  });

  it("[CERT-83] a certificate not yet valid says NOT YET VALID with its start date; once past its end date, EXPIRED", async () => {
    const t = await networkHelpers.time.latest();
    const later = await issueOne(f.registry, f.licClerk, LICENCE, { validFrom: t + 10 * DAY, validUntil: t + 20 * DAY });
    const page = await open(`${site.url}index.html#${payloadOf(later.receipt)}`);
    let v = await verdict(page);
    expect(v.state).to.equal("not-yet-valid");
    expect(v.title).to.match(/⌛\s*NOT YET VALID/);
    expect(v.text).to.include(new Date((t + 10 * DAY) * 1000).toISOString().slice(0, 10));
    await shot(page, "not-yet-valid");
    // Past the end: the same link, verified again.
    await networkHelpers.time.increaseTo(t + 21 * DAY);
    await reset(page);
    await page.reload();
    v = await verdict(page);
    expect(v.state).to.equal("expired");
    expect(v.title).to.match(/⌛\s*EXPIRED/);
    expect(v.cause).to.match(/^expired on \d{4}-/);
    await shot(page, "expired");
    await page.close();
  });

  it("[CERT-84] failures show their one cause: altered document (document file), receipt from another chain, QR code of another registry, type or member different from the receipt's, malformed QR text", async () => {
    const { receipt, cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    keepSecret(receipt);
    const page = await open(`${site.url}index.html`);
    await reset(page);
    await page.setInputFiles("#receipt", file("r.json", receipt));
    expect((await verdict(page)).state).to.equal("valid");
    await reset(page);
    await page.setInputFiles("#document", file("doc.json", { holderId: cert.holderId, ...receipt.document, major: "Physics" }));
    let v = await verdict(page);
    expect(v.state).to.equal("altered");
    expect(v.title).to.match(/✖\s*ALTERED/);
    expect(v.cause).to.match(/^altered: .*document/);
    await shot(page, "altered-document");

    await page.reload();
    await page.waitForSelector('body[data-js="ready"]');
    await reset(page);
    await page.setInputFiles("#receipt", file("chain.json", { ...receipt, chainId: 5 }));
    v = await verdict(page);
    expect(v.state).to.equal("wrong-chain");
    expect(v.cause).to.equal("wrong-chain: the receipt is for chain 5, the provider is on chain 31337");
    await shot(page, "other-chain");

    await reset(page);
    await page.setInputFiles("#receipt", file("member.json", { ...receipt, issuer: { member: 3 } }));
    v = await verdict(page);
    expect(v.state).to.equal("mismatch");
    expect(v.cause).to.equal("mismatch: the certificate was issued by member 2, the receipt says member 3");
    await reset(page);
    await page.setInputFiles("#receipt", file("type.json", { ...receipt, type: { id: DEGREE, name: "Diploma of Honour" } }));
    v = await verdict(page);
    expect(v.state).to.equal("mismatch");
    expect(v.cause).to.equal(`mismatch: type 2 is "${TYPE_SPECS[DEGREE].name}" on chain, the receipt calls it "Diploma of Honour"`);
    await shot(page, "type-mismatch");

    // A QR code naming another registry than the page's.
    const elsewhere = encodeQrPayload({ chainId: 31337, registry: "0x" + "ab".repeat(20), certificateId: cert.id, batch: null });
    await reset(page);
    await page.fill("#paste", elsewhere);
    await page.click("#check-text");
    v = await verdict(page);
    expect(v.state).to.equal("wrong-registry");
    expect(v.cause).to.equal(`wrong-registry: the QR code names registry ${getAddress("0x" + "ab".repeat(20))}, not ${registry}`);
    await shot(page, "other-registry");

    await reset(page);
    await page.fill("#paste", "CV1|31337|not-a-registry|x|s");
    await page.click("#check-text");
    v = await verdict(page);
    expect(v.state).to.equal("error");
    expect(v.title).to.include("This is not a certificate code");
    expect(v.cause).to.equal("QR payload: registry is malformed");
    await shot(page, "malformed-qr");
    await page.close();
  });

  it("[CERT-85] a PNG made by cert:qr is read by the page (jsQR), also one holding the page link (cert:qr --page); the page works from file:// with its inlined config", async () => {
    const { receipt } = await issueOne(f.registry, f.uniClerk, DEGREE);
    keepSecret(receipt);
    const rc = file("qr-receipt.json", receipt);
    await ok("cert:qr", { receipt: rc, out: path.join(dir, "code.png") });
    await ok("cert:qr", { receipt: rc, out: path.join(dir, "link.png"), page: `${site.url}index.html` });
    const page = await open(`${site.url}index.html`);
    await reset(page);
    await page.setInputFiles("#photo", path.join(dir, "code.png"));
    let v = await verdict(page);
    expect(v.state).to.equal("valid");
    expect(v.text).to.include(receipt.certificateId);
    await shot(page, "qr-photo");
    await reset(page);
    await page.setInputFiles("#photo", path.join(dir, "link.png"));
    v = await verdict(page);
    expect(v.state).to.equal("valid");
    await page.close();

    // Copied out of the served folder: from file:// the page reads the config inlined in index.html.
    const local = path.join(dir, "local");
    mkdirSync(path.join(local, "assets"), { recursive: true });
    const html = readFileSync(path.join(dir, "site/index.html"), "utf8");
    writeFileSync(path.join(local, "index.html"), html);
    for (const m of html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)) copyFileSync(path.join(dir, "site", m[1]), path.join(local, m[1]));
    const fromFile = await open(`${pathToFileURL(path.join(local, "index.html")).href}#${payloadOf(receipt)}`);
    v = await verdict(fromFile);
    expect(v.state).to.equal("valid");
    expect(v.text).to.include("Nanjing University (member 2)");
    await fromFile.close();
  });

  it("[CERT-85] the camera scans the QR code (Chromium's fake camera showing a code made like cert:qr's)", async () => {
    const { receipt } = await issueOne(f.registry, f.uniClerk, DEGREE);
    keepSecret(receipt);
    const video = path.join(dir, "qr.y4m");
    qrVideo(payloadOf(receipt), video);
    const camera = await launchChromium(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`]);
    try {
      const ctx = await camera.newContext({ locale: "en-US", permissions: ["camera"] });
      const page = await ctx.newPage();
      page.on("request", (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? "" }));
      await page.goto(`${site.url}index.html`);
      await page.waitForSelector('body[data-js="ready"]');
      await page.click("#scan");
      const v = await verdict(page);
      expect(v.state).to.equal("valid");
      expect(v.text).to.include(receipt.certificateId);
      expect(await page.evaluate(() => document.getElementById("camera").hidden)).to.equal(true);
    } finally {
      await camera.close();
    }
  });

  it("[CERT-86] with the node unreachable the page says so in one clear message; Retry verifies once the node is back; the node may come from the link (?rpc=) or be typed", async () => {
    const { receipt } = await issueOne(f.registry, f.uniClerk, DEGREE);
    await node.down();
    const page = await open(`${site.url}index.html#${payloadOf(receipt)}`);
    let v = await verdict(page);
    expect(v.state).to.equal("unreachable");
    expect(v.title).to.include("The chain node cannot be reached");
    expect(v.cause).to.include(node.url);
    await shot(page, "node-unreachable");
    // The user may type another node ...
    second = new Node();
    await second.up();
    await page.click("#node summary");
    await page.fill("#rpc", second.url);
    await reset(page);
    await page.click("#retry");
    expect((await verdict(page)).state).to.equal("valid");
    // ... and a link may name one (?rpc=), over config.json's.
    const named = await open(`${site.url}index.html?rpc=${encodeURIComponent(second.url)}#${payloadOf(receipt)}`);
    expect((await verdict(named)).state).to.equal("valid");
    expect(await named.inputValue("#rpc")).to.equal(second.url);
    await named.close();
    await second.down();
    // Back on config.json's node, still down: Retry verifies once it is back.
    await reset(page);
    await page.reload();
    expect((await verdict(page)).state).to.equal("unreachable");
    await node.up();
    await reset(page);
    await page.click("#retry");
    v = await verdict(page);
    expect(v.state).to.equal("valid");
    await page.close();
  });

  it("[CERT-88] Chinese and English (browser language, switchable); a 360-pixel phone needs no sideways scrolling; keyboard reaches every control; no serious or critical axe-core violation in any state", async () => {
    const { receipt } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const page = await open(`${site.url}index.html#${payloadOf(receipt)}`, { locale: "zh-CN", width: 360 });
    let v = await verdict(page);
    expect(v.title).to.match(/✔\s*有效/);
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal("zh-CN");
    expect(await page.textContent("#privacy")).to.include("不会离开本浏览器");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).to.equal(0);
    await shot(page, "zh-phone-360");
    await page.click("#lang");
    v = await verdict(page);
    expect(v.title).to.match(/✔\s*VALID/);
    // Tab order: the language switch, then every input of the page, each focusable by keyboard.
    await page.focus("#lang");
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      seen.push(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    for (const id of ["scan", "photo", "paste", "check-text", "drop", "receipt", "document"]) expect(seen, id).to.include(id);
    await page.close();
    const idle = await open(`${site.url}index.html`);
    await shot(idle, "idle");
    await idle.close();
    // Every state photographed passed the accessibility check.
    expect(a11yChecked).to.include.members(["valid-deep-link", "valid-merkle-receipt", "revoked", "suspended", "superseded", "altered-document", "other-chain", "type-mismatch", "other-registry", "malformed-qr", "qr-photo", "node-unreachable", "zh-phone-360", "idle", "needs-receipt", "not-yet-valid", "expired"]);
  });

  it("[CERT-87] every request the page made went to its own files or the node, and the node got only certificate ids, roots and proofs: no document, salt or holder data", async () => {
    const siteOrigin = new URL(site.url).origin;
    const nodeOrigins = [node.url, ...(second ? [second.url] : [])].map((u) => new URL(u).origin);
    expect(requests.length).to.be.greaterThan(20);
    const rpcBodies: string[] = [];
    for (const r of requests) {
      if (r.url.startsWith("file:")) continue;
      const origin = new URL(r.url).origin;
      expect([siteOrigin, ...nodeOrigins], r.url).to.include(origin);
      if (origin === siteOrigin) expect(r.method, r.url).to.equal("GET");
      else if (r.method === "POST") rpcBodies.push(r.body);
    }
    expect(rpcBodies.length).to.be.greaterThan(10);
    const calls = new Set<string>();
    for (const body of rpcBodies) {
      const parsed = JSON.parse(body);
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        const d = describePageCall(m.method, m.params ?? []);
        calls.add(d.call ?? d.method);
      }
      const lower = body.toLowerCase();
      for (const s of secrets) {
        expect(lower, `a request carried ${s}`).to.not.include(s.toLowerCase().replace(/^0x/, ""));
        expect(lower).to.not.include(Buffer.from(s, "utf8").toString("hex").toLowerCase());
      }
    }
    expect([...calls]).to.include.members(["eth_chainId", "verify", "verifyReceipt"]);
    expect(secrets.length).to.be.greaterThan(20);
  });
});
