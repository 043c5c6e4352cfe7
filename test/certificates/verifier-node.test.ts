import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { certFixture, DEGREE, eip1193, issueOne, REASON } from "../kit/certificates.js";
import { ROOT } from "../kit/cli.js";

// The verifier as an integrator uses it: plain `node` (no tsx, no Hardhat) runs a small .mjs
// that imports `consortium-chain/verifier` by the package's name (the compiled dist/ that
// `npm run build` and `prepare` make) and verifies a real receipt over JSON-RPC. The in-process
// network has no URL, so the test serves it over HTTP itself.

const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
// Inside the package (a name resolves to itself only there) but not under test/, where mocha
// would load any .mjs as a test file; dist/ is build output, ignored by git.
const SCRIPT = path.join(ROOT, "dist/verify-receipt.mjs");
const PROGRAM = `
import { readFileSync } from "node:fs";
import { JsonRpcProvider } from "ethers";
import { parseReceiptJson, verifyCertificate } from "consortium-chain/verifier";

const [url, receiptFile] = process.argv.slice(2);
const receipt = parseReceiptJson(readFileSync(receiptFile, "utf8"), receiptFile);
const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
try {
  const report = await verifyCertificate(provider, receipt.registry, receipt);
  console.log(JSON.stringify({ ...report, record: undefined, batch: undefined }));
  process.exitCode = report.valid ? 0 : 1;
} finally {
  provider.destroy();
}
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], timeout = 30_000): Promise<Run> {
  // Plain node: nothing of this process's loaders (tsx) is passed on.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd: ROOT, env, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A JSON-RPC endpoint over the in-process network (single and batched requests). */
function serve(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
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
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}

describe("certificates: the verifier from plain Node", function () {
  this.timeout(120_000);
  let dir: string;
  let url: string;
  let server: Server;

  before(async () => {
    // Build what `consortium-chain/verifier` resolves to from the current sources.
    const built = await run(TSC, ["-p", path.join(ROOT, "tsconfig.verifier.json")], 90_000);
    expect(built.code, built.stdout + built.stderr).to.equal(0);
    writeFileSync(SCRIPT, PROGRAM);
    ({ url, server } = await serve());
    dir = mkdtempSync(path.join(tmpdir(), "verifier-node-"));
  });

  after(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("[CERT-52] plain node imports consortium-chain/verifier by name and verifies a real receipt over JSON-RPC; the compiled verifier imports nothing of Hardhat", async () => {
    const { registry, uniClerk } = await certFixture();
    const { receipt, cert } = await issueOne(registry, uniClerk, DEGREE);
    const file = path.join(dir, "receipt.json");
    writeFileSync(file, JSON.stringify(receipt));
    const valid = await run(SCRIPT, [url, file]);
    expect(valid.code, valid.stderr).to.equal(0);
    expect(JSON.parse(valid.stdout)).to.include({ verdict: "valid", valid: true, member: 2, typeId: DEGREE, certificateId: cert.id });

    await registry.connect(uniClerk).revoke(cert.id, REASON.ERROR);
    const revoked = await run(SCRIPT, [url, file]);
    expect(revoked.code).to.equal(1);
    expect(JSON.parse(revoked.stdout).why[0]).to.match(/^revoked at block \d+: issued in error$/);

    // What the package ships: only the verifier's own modules, ethers and zod.
    const out = path.join(ROOT, "dist/certificates");
    const imported = new Set<string>();
    for (const f of readdirSync(out).filter((n) => n.endsWith(".js"))) {
      for (const m of readFileSync(path.join(out, f), "utf8").matchAll(/^(?:import|export)\b[^;]*?from\s+"([^"]+)"/gms)) imported.add(m[1]);
    }
    const external = [...imported].filter((m) => !m.startsWith("./")).sort();
    // No Node built-in: the same modules run in the verification page's browser bundle (CERT-80).
    expect(external).to.deep.equal(["ethers", "zod"]);
  });
});
