import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cleanupDeployments, collect, DEPLOYMENTS, DEV, freePort, ROOT, spawnCli, startAnvil, testDeploymentId, type Anvil, type CliResult } from "../kit/cli.js";

// Operators other than the one who deployed (issue 15 items 5-7, 9), through the real CLI on the
// `clique` network pointed at anvil: its accounts come only from CLIQUE_PRIVATE_KEY* and the
// keystore of a config dir made for each test, never from the node.

const KEY = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
] as const;
const PARAMS = "deploy/parameters/localhost.json";
const CI_VARIABLES = ["GITHUB_ACTIONS", "NOW", "DEPLOYMENT_ID", "CODEBUILD_BUILD_NUMBER", "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "RUN_ID"];

/** A config dir with no keystore (so a developer's own keystore never leaks into the test). */
function emptyConfigHome(): string {
  return mkdtempSync(path.join(tmpdir(), "consortium-operator-"));
}

/** `hardhat --network clique ARGS` with exactly these CLIQUE_* settings and no key from elsewhere. */
function clique(args: string[], env: Record<string, string>, configHome = emptyConfigHome()): Promise<CliResult> {
  const saved: Record<string, string | undefined> = {};
  // spawnCli starts from process.env: keys and CI markers of the machine must not reach the child.
  for (const name of Object.keys(process.env)) {
    if (/^CLIQUE_/.test(name) || CI_VARIABLES.includes(name) || /^HARDHAT_KEYSTORE_PASSWORD/.test(name)) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  }
  try {
    return collect(spawnCli(args, { XDG_CONFIG_HOME: configHome, ...env }, { network: "clique" }), 90_000);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}

/** A geth node's Clique API as far as nodes:list and nodes:sync --dry-run read it (anvil has none): no signers, no votes. */
async function cliqueApiStub(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      const answers: Record<string, unknown> = { eth_chainId: "0x7a69", eth_blockNumber: "0x1", clique_getSigners: [], clique_proposals: {}, clique_getSnapshot: { tally: {} } };
      const reply = method in answers ? { jsonrpc: "2.0", id, result: answers[method] } : { jsonrpc: "2.0", id, error: { code: -32601, message: `the method ${method} does not exist/is not available` } };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function nonceOf(anvil: Anvil, account: string): Promise<number> {
  return Number(await anvil.rpc<string>("eth_getTransactionCount", [account, "latest"]));
}

describe("operators: several keys, no key for readers, a second operator (issue 15)", function () {
  this.timeout(300_000);
  let anvil: Anvil;
  const ids: string[] = [];
  let id: string;
  let deployed: { consortium: string; token: string; contracts: Record<string, string> };
  let base: Record<string, string>;

  before(async () => {
    anvil = await startAnvil();
    id = testDeploymentId("operators");
    ids.push(id);
    base = { CLIQUE_RPC_URL: anvil.url, CONSORTIUM_DEPLOYMENT_ID: id };
    const r = await clique(["deploy", "--parameters", PARAMS, "--deployment-id", id, "--json"], {
      ...base,
      CLIQUE_PRIVATE_KEY: KEY[0],
      CLIQUE_PRIVATE_KEY_PLATFORM: KEY[2], // the genesis file's ledger operator signs at genesis
    });
    expect(r.code, r.stderr).to.equal(0);
    deployed = JSON.parse(r.stdout);
  });

  after(async () => {
    await anvil?.stop();
    cleanupDeployments(ids);
  });

  it("[TASK-39] read-only tasks run with no key at all; a task that sends says which settings hold keys", async () => {
    const stub = await cliqueApiStub();
    after(() => stub.close());
    for (const args of [
      ["nodes:list", "--rpc", stub.url],
      ["nodes:sync", "--dry-run", "--rpc", stub.url],
      ["access:members"],
      ["access:proposals"],
      ["access:roles", DEV[1]],
      ["token:balance", DEV[0]],
      ["cert:points"],
    ]) {
      const r = await clique(args, base);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).to.equal(0);
      expect(r.stderr, args.join(" ")).to.not.match(/Configuration Variable|deprecated/);
    }
    const balance = await clique(["token:balance", DEV[0], "--json"], base);
    expect(JSON.parse(balance.stdout)).to.include({ account: DEV[0] });

    const before = await nonceOf(anvil, DEV[0]);
    const send = await clique(["token:transfer", "--to", DEV[1], "--amount", "1"], base);
    expect(send.code).to.equal(1);
    expect(send.errLines).to.deep.equal([
      "error: network clique has no configured accounts to send from (set CLIQUE_PRIVATE_KEY or CLIQUE_PRIVATE_KEY_<NAME> in the environment or with npx hardhat keystore set, or CLIQUE_PRIVATE_KEYS)",
    ]);
    expect(await nonceOf(anvil, DEV[0])).to.equal(before);
  });

  it("[TASK-38] several keys on one network: --from picks the registrar's key, the first is the default, an unknown --from lists them", async () => {
    const env = { ...base, CLIQUE_PRIVATE_KEY: KEY[0], CLIQUE_PRIVATE_KEY_ISSUER: KEY[1] };
    const own = await clique(["token:balance", "--json"], env);
    expect(own.code, own.stderr).to.equal(0);
    expect(JSON.parse(own.stdout)).to.include({ account: DEV[0] });

    const issuerNonce = await nonceOf(anvil, DEV[1]);
    const mint = await clique(["token:mint", "--to", DEV[0], "--amount", "3.00", "--ref", `ops-${id}`, "--from", DEV[1], "--json"], env);
    expect(mint.code, mint.stderr).to.equal(0);
    expect(await nonceOf(anvil, DEV[1])).to.equal(issuerNonce + 1); // signed by the second key, the TOKEN_ISSUER

    const list = await clique(["token:mint", "--to", DEV[0], "--amount", "1", "--ref", "x", "--from", DEV[3]], { ...base, CLIQUE_PRIVATE_KEYS: `${KEY[1]},${KEY[2]}` });
    expect(list.errLines).to.deep.equal([`error: --from ${DEV[3]} is not one of the accounts configured for network clique (${DEV[1]}, ${DEV[2]})`]);
  });

  it("[TASK-38] a key in Hardhat's production keystore is used without a terminal: password from HARDHAT_KEYSTORE_PASSWORD_FILE", async () => {
    const enc = await import(pathToFileURL(path.join(ROOT, "node_modules/@nomicfoundation/hardhat-keystore/dist/src/internal/keystores/encryption.js")).href);
    const password = "operator-password-1";
    const { masterKey, salt } = enc.createMasterKey({ password });
    let keystore = enc.createEmptyEncryptedKeystore({ masterKey, salt });
    keystore = enc.addSecretToKeystore({ masterKey, encryptedKeystore: keystore, key: "CLIQUE_PRIVATE_KEY_MONITOR", value: KEY[3] });
    const home = emptyConfigHome();
    mkdirSync(path.join(home, "hardhat-nodejs"));
    writeFileSync(path.join(home, "hardhat-nodejs", "keystore.json"), JSON.stringify(keystore));
    const pwFile = path.join(home, "keystore-password");
    writeFileSync(pwFile, password + "\n", { mode: 0o600 });

    const ok = await clique(["token:balance", "--json"], { ...base, HARDHAT_KEYSTORE_PASSWORD_FILE: pwFile }, home);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.include({ account: DEV[3] });
    // stdin is not a terminal here: without the file Hardhat cannot ask, and the task fails
    const noPassword = await clique(["token:balance", "--json"], base, home);
    expect(noPassword.code).to.not.equal(0);
    // a reader on the same machine is not asked for the password at all
    const reader = await clique(["token:balance", DEV[3], "--json"], base, home);
    expect(reader.code, reader.stderr).to.equal(0);
  });

  it("[DEP-34] deploy again with another key on a complete deployment: complete, nothing to do, nothing sent", async () => {
    const before = await nonceOf(anvil, DEV[3]);
    const r = await clique(["deploy", "--parameters", PARAMS, "--deployment-id", id], { ...base, CLIQUE_PRIVATE_KEY: KEY[3] });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr.trim()).to.equal("");
    const lines = r.stdout.trim().split("\n");
    expect(lines.at(-1)).to.equal(`deployment ${id} on clique (chain 31337), journal deploy/deployments/${id}: complete, nothing to do`);
    expect(lines.slice(0, -1)).to.deep.equal(Object.entries(deployed.contracts).map(([n, a]) => `${n.padEnd(20)} ${a}`));
    expect(await nonceOf(anvil, DEV[3])).to.equal(before);
  });

  it("[DEP-35] a second operator attaches from the Consortium's address (code checked, no key) and every task finds the contracts; deploy then says complete", async () => {
    const other = testDeploymentId("attached");
    ids.push(other);
    const env = { CLIQUE_RPC_URL: anvil.url, CONSORTIUM_DEPLOYMENT_ID: other };

    const wrong = await clique(["deploy:attach", "--consortium", deployed.token, "--deployment-id", other], env);
    expect(wrong.errLines).to.deep.equal([
      `error: ${deployed.token} on clique (chain 31337) is not this checkout's Consortium (its code differs: another contract, or another version of the project; check out the release the consortium was deployed from); nothing was written`,
    ]);
    const eoa = await clique(["deploy:attach", "--consortium", DEV[5], "--deployment-id", other], env);
    expect(eoa.errLines).to.deep.equal([`error: no contract at ${DEV[5]} on clique (chain 31337): wrong --consortium or wrong network; nothing was written`]);
    expect(existsSync(path.join(DEPLOYMENTS, other))).to.equal(false);

    const a = await clique(["deploy:attach", "--consortium", deployed.consortium.toLowerCase(), "--deployment-id", other, "--json"], env);
    expect(a.code, a.stderr).to.equal(0);
    expect(JSON.parse(a.stdout).contracts).to.deep.equal(deployed.contracts);
    const written = JSON.parse(readFileSync(path.join(DEPLOYMENTS, other, "deployed_addresses.json"), "utf8"));
    expect(written).to.deep.equal(JSON.parse(readFileSync(path.join(DEPLOYMENTS, id, "deployed_addresses.json"), "utf8")));
    expect(statSync(path.join(DEPLOYMENTS, other, "deployed_addresses.json")).mode & 0o077).to.equal(0o044 & ~process.umask());

    const members = await clique(["access:members", "--json"], env);
    expect(members.code, members.stderr).to.equal(0);
    expect(JSON.parse(members.stdout)).to.have.length(5);
    const balance = await clique(["token:balance", DEV[0], "--json"], env);
    expect(balance.code, balance.stderr).to.equal(0);
    expect(JSON.parse(balance.stdout)).to.include({ account: DEV[0], symbol: "CNYC" });

    const before = await nonceOf(anvil, DEV[4]);
    const again = await clique(["deploy", "--parameters", PARAMS, "--deployment-id", other], { ...env, CLIQUE_PRIVATE_KEY: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a" });
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout.trim().split("\n").at(-1)).to.equal(`deployment ${other} on clique (chain 31337), attached (attached.json in deploy/deployments/${other}): complete, nothing to do`);
    expect(await nonceOf(anvil, DEV[4])).to.equal(before);

    // an operator who only knows the address is sent to deploy:attach instead of founding a second consortium
    const fresh = testDeploymentId("second");
    ids.push(fresh);
    const refused = await clique(["deploy", "--parameters", PARAMS, "--deployment-id", fresh], { ...env, CLIQUE_PRIVATE_KEY: KEY[3], CONSORTIUM_ADDRESS: deployed.consortium });
    expect(refused.errLines).to.deep.equal([
      `error: CONSORTIUM_ADDRESS=${deployed.consortium} names a consortium already running; deploy would create a second one: attach to it with deploy:attach --consortium ${deployed.consortium} --deployment-id ${fresh} (or unset CONSORTIUM_ADDRESS to found a new consortium); nothing was sent`,
    ]);
  });

  it("[TASK-40] an unreachable node is named by its URL (without credentials); tasks print no deprecation warning", async () => {
    const port = await freePort();
    const r = await clique(["access:members"], { CLIQUE_RPC_URL: `http://ops:secret@127.0.0.1:${port}/rpc?token=abc` });
    expect(r.code).to.equal(1);
    expect(r.errLines).to.have.length(1);
    expect(r.errLines[0]).to.match(new RegExp(`^error: cannot reach the node of network clique at http://127\\.0\\.0\\.1:${port}/rpc \\(.+\\); is the node running and the URL \\(CLIQUE_RPC_URL\\) right\\?$`));
    expect(r.stderr).to.not.contain("secret");
    expect(r.stderr).to.not.contain("abc");

    // CLIQUE_GAS_PRICE is the path that opened a second connection with network.connect()
    const priced = await clique(["token:balance", DEV[0]], { ...base, CLIQUE_GAS_PRICE: "0" });
    expect(priced.code, priced.stderr).to.equal(0);
    expect(priced.stderr).to.not.match(/deprecated/i);
  });
});
