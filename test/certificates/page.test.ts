import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { checkReceipt, decodeQrPayload, encodeQrPayload, verifyCertificate, type CertificateReceipt } from "../../lib/certificates/index.js";
import { describePageCall, PAGE_CONFIG_FORMAT, parsePageConfig, withDocument } from "../../lib/certificates/page.js";
import { buildPage, PAGE_GZIP_GOAL, PAGE_SOURCE } from "../../web/verify/build.js";
import { certFixture, DEGREE, ethers, issueOne, TYPE_SPECS, type CertFixture } from "../kit/certificates.js";
import { fails, ok } from "../kit/inprocess.js";

// The verification page's build, the cert:page task, page links in cert:qr, and the pieces of
// the page that run the same in Node (config, document file, the calls it may make). The page
// itself is tested in Chromium: test/browser/verify-page.test.ts.

let dir: string;
let f: CertFixture;
let registry: string;

describe("certificates: the verification page (build, cert:page, page links)", function () {
  this.timeout(120_000);

  beforeEach(async () => {
    f = await certFixture();
    registry = await f.registry.getAddress();
    dir = mkdtempSync(path.join(tmpdir(), "cert-page-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("[CERT-80] the page builds into one static folder of hashed assets with the project's verifier bundled, nothing remote, within 300 KB gzipped", async () => {
    const page = await buildPage(path.join(dir, "verify"));
    const html = readFileSync(path.join(dir, "verify/index.html"), "utf8");
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs).to.have.length(2);
    for (const r of refs) {
      expect(r).to.match(/^assets\/main-[A-Z0-9]{8}\.(js|css)$/);
      expect(existsSync(path.join(dir, "verify", r)), r).to.equal(true);
    }
    // Nothing fetched from elsewhere: no absolute URL loaded by the HTML, no CDN in the bundle.
    expect(html).to.not.match(/(src|href)="(https?:)?\/\//);
    const js = readFileSync(path.join(dir, "verify", refs.find((r) => r.endsWith(".js"))!), "utf8");
    expect(js).to.not.match(/https?:\/\/[^"'\s]*(cdn|unpkg|jsdelivr|googleapis|fonts)/i);
    // The verifier is bundled from lib/certificates (its ABI and receipt format are in the bundle) ...
    expect(js).to.include("function verifyReceipt(bytes32 id");
    expect(js).to.include("consortium-certificate-receipt/v1");
    // ... and imported by the page's sources, never rewritten there.
    const main = readFileSync(path.join(PAGE_SOURCE, "src/main.ts"), "utf8");
    expect(main).to.include('from "../../../lib/certificates/verifier.js"');
    for (const file of readdirSync(path.join(PAGE_SOURCE, "src"))) {
      const src = readFileSync(path.join(PAGE_SOURCE, "src", file), "utf8");
      expect(src, file).to.not.match(/function (verifyCertificate|recomputeId|checkReceipt|decodeQrPayload)\b|queryFilter|REGISTRY_VIEW_ABI =/);
    }
    // The QR decoder is the one other asset, loaded by the page's script only to read a picture.
    const decoder = /"(assets\/jsqr-[A-Z0-9]{8}\.js)"/.exec(js)![1];
    expect(readFileSync(path.join(dir, "verify", decoder), "utf8")).to.include("verifyJsQR");
    // The printed size is the real one: every file of the folder, gzipped.
    const files = page.files.map((x) => x.file).sort();
    expect(files).to.deep.equal(["index.html", ...refs, decoder].sort());
    const measured = files.reduce((s, x) => s + gzipSync(readFileSync(path.join(dir, "verify", x)), { level: 9 }).length, 0);
    expect(page.gzipBytes).to.equal(measured);
    expect(page.gzipBytes).to.be.at.most(PAGE_GZIP_GOAL);
    console.log(`      verification page: ${(page.bytes / 1024).toFixed(1)} KB, ${(page.gzipBytes / 1024).toFixed(1)} KB gzipped`);
    expect(gunzipSync(gzipSync(Buffer.from(js))).toString()).to.equal(js);
  });

  it("[CERT-81] cert:page writes the page with config.json (chain id, registry, member and type names read from the chain), the same config inlined for file://", async () => {
    const out = path.join(dir, "site");
    const r = await ok("cert:page", { out, rpc: "https://rpc.example.org/verify", registry, json: true });
    const config = JSON.parse(readFileSync(path.join(out, "config.json"), "utf8"));
    expect(config).to.deep.include({ format: PAGE_CONFIG_FORMAT, chainId: 31337, registry, rpc: "https://rpc.example.org/verify" });
    const types = Object.fromEntries(await Promise.all([1, 2, 3, 4].map(async (t) => [String(t), (await f.registry.getType(t)).name])));
    expect(config.types).to.deep.equal(types);
    expect(Object.values(config.types)).to.deep.equal(Object.values(TYPE_SPECS).map((t) => t.name));
    for (let m = 1; m <= 6; m++) expect(config.members[String(m)]).to.equal((await f.consortium.getMember(m)).name);
    expect(config.members["2"]).to.equal("Nanjing University");
    const html = readFileSync(path.join(out, "index.html"), "utf8");
    const inline = /<script type="application\/json" id="verify-config">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(inline)).to.deep.equal(config);
    expect(parsePageConfig(config).registry).to.equal(registry);
    expect(JSON.parse(r.stdout.join("\n")).gzipBytes).to.be.at.most(PAGE_GZIP_GOAL);
    // Written again in place (a page folder), refused over any other folder; bad options in one line.
    await ok("cert:page", { out, rpc: "https://rpc.example.org/verify", registry });
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    expect(await fails("cert:page", { out: dir, rpc: "https://rpc.example.org/", registry })).to.match(/^--out .* is a folder with other files: give an empty or new folder/);
    expect(readdirSync(dir).sort()).to.deep.equal(["notes.txt", "site"]);
    expect(await fails("cert:page", { out, registry })).to.match(/^--rpc is required/);
    expect(await fails("cert:page", { out, rpc: "rpc.example.org", registry })).to.equal('--rpc "rpc.example.org" is not an http(s) URL');
    expect(await fails("cert:page", { rpc: "https://rpc.example.org/", registry })).to.match(/^--out is required/);
  });

  it("[CERT-82] cert:qr --page encodes <page>#<payload> within 230 bytes (refused beyond, with the size); the link reads back as the payload, in cert:verify --qr too", async () => {
    const { receipt } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const rc = path.join(dir, "r.json");
    writeFileSync(rc, JSON.stringify(receipt));
    const pageUrl = "https://verify.nju.example/cert/index.html";
    const r = JSON.parse((await ok("cert:qr", { receipt: rc, out: path.join(dir, "q.png"), page: pageUrl, json: true })).stdout.join("\n"));
    const bare = encodeQrPayload({ chainId: 31337, registry, certificateId: receipt.certificateId, batch: null });
    expect(r.payload).to.equal(`${pageUrl}#${bare}`);
    expect(r.bytes).to.equal(Buffer.byteLength(r.payload)).and.to.be.at.most(230);
    expect(readFileSync(path.join(dir, "q.png")).subarray(1, 4).toString()).to.equal("PNG");
    expect(decodeQrPayload(r.payload)).to.deep.equal(decodeQrPayload(bare));
    // A camera app may percent-encode the fragment: it still reads back.
    expect(decodeQrPayload(`${pageUrl}#${encodeURIComponent(bare)}`)).to.deep.equal(decodeQrPayload(bare));
    await ok("cert:verify", { qr: r.payload });
    const long = "https://verify.example/" + "p".repeat(130);
    expect(await fails("cert:qr", { receipt: rc, out: path.join(dir, "l.png"), page: long })).to.match(/^the page link would be 2[34]\d bytes, over 230 \(page URL 153 bytes, payload \d+ bytes\): shorten the page URL$/);
    expect(existsSync(path.join(dir, "l.png"))).to.equal(false);
    expect(await fails("cert:qr", { receipt: rc, page: "https://x.example/#frag" })).to.equal('--page "https://x.example/#frag" is not an http(s) URL without a fragment (#)');
  });

  it("[CERT-84] a QR code's chain and registry are held to the node and registry asked (other chain, other registry); a separate document file that differs from the receipt is an altered document", async () => {
    const { receipt, cert } = await issueOne(f.registry, f.uniClerk, DEGREE);
    const ok1 = await verifyCertificate(ethers.provider, registry, { certificateId: cert.id, chainId: 31337, registry });
    expect(ok1.verdict).to.equal("valid");
    const chain = await verifyCertificate(ethers.provider, registry, { certificateId: cert.id, chainId: 5, registry });
    expect(chain.verdict).to.equal("wrong-chain");
    expect(chain.why[0]).to.equal("wrong-chain: the QR code is for chain 5, the provider is on chain 31337");
    const other = "0x" + "ab".repeat(20);
    const reg = await verifyCertificate(ethers.provider, registry, { certificateId: cert.id, chainId: 31337, registry: other });
    expect(reg.verdict).to.equal("wrong-registry");
    // The document file of the paper, same as the receipt's: still valid; one field changed: altered.
    const file = { holderId: cert.holderId, ...receipt.document };
    const same = withDocument(receipt as CertificateReceipt, file);
    expect(checkReceipt(same)).to.deep.equal([]);
    expect((await verifyCertificate(ethers.provider, registry, same)).verdict).to.equal("valid");
    const altered = withDocument(receipt as CertificateReceipt, { ...file, major: "Physics" });
    const report = await verifyCertificate(ethers.provider, registry, altered);
    expect(report.verdict).to.equal("altered");
    expect(report.why[0]).to.match(/^altered: .*document/);
    expect(() => withDocument(receipt as CertificateReceipt, [1])).to.throw("the document file is not a JSON object");
  });

  it("[CERT-87] the page's JSON-RPC calls are the registry's views by id, root and proof; anything else is refused by the rule the browser test applies", () => {
    const iface = new ethers.Interface(["function verify(bytes32)", "function check(bytes32,bytes32,uint16)"]);
    const id = "0x" + "11".repeat(32);
    expect(describePageCall("eth_call", [{ to: registry, data: iface.encodeFunctionData("verify", [id]) }, "latest"])).to.deep.equal({ method: "eth_call", call: "verify", args: [id] });
    expect(describePageCall("eth_chainId", [])).to.deep.equal({ method: "eth_chainId" });
    expect(() => describePageCall("eth_sendRawTransaction", ["0x00"])).to.throw("the page may not call eth_sendRawTransaction");
    // check() takes the content digest and the holder commitment: never from the page.
    const check = iface.encodeFunctionData("check", [id, id, 1]);
    expect(() => describePageCall("eth_call", [{ to: registry, data: check }, "latest"])).to.throw(/the page may not call/);
  });
});
