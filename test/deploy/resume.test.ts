import { expect } from "chai";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { Consortium__factory } from "../../typechain-types/index.js";
import {
  cleanupDeployments,
  collect,
  DEPLOYMENTS,
  DEV,
  runCli,
  sleep,
  spawnCli,
  startAnvil,
  testDeploymentId,
  type Anvil,
} from "../kit/cli.js";

const DEPLOYER = DEV[0];
const PARAMS = "deploy/parameters/localhost.json";

function journal(id: string): string {
  const file = path.join(DEPLOYMENTS, id, "journal.jsonl");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

/** Transactions of a genesis deployment: 7 contracts, 6 genesis module registrations (all but the consortium), sealGenesis. */
const GENESIS_CONTRACTS = 8;
const GENESIS_TXS = GENESIS_CONTRACTS + (GENESIS_CONTRACTS - 1) + 1;
const sorted = (xs: readonly string[]) => [...xs].map((x) => x.toLowerCase()).sort();

/** What the chain holds: the deployer's nonce and the contracts it created, by address. */
async function onChain(url: string) {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  try {
    const nonce = await provider.getTransactionCount(DEPLOYER, "latest");
    const created: string[] = [];
    const latest = await provider.getBlockNumber();
    for (let n = 0; n <= latest; n++) {
      const block = await provider.getBlock(n, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        if (tx.to === null && tx.from === DEPLOYER) created.push((await provider.getTransactionReceipt(tx.hash))!.contractAddress!);
      }
    }
    return { nonce, created, provider };
  } catch (e) {
    provider.destroy();
    throw e;
  }
}

/**
 * A JSON-RPC proxy to `target` that forwards everything except the transactions after the
 * first `allowSends`: those it never answers (and never forwards), freezing Ignition right
 * after it journaled the send as prepared, with nothing on chain.
 */
async function holdingProxy(target: string, allowSends: number) {
  let sends = 0;
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      const parsed = JSON.parse(body) as { method: string } | Array<{ method: string }>;
      const methods = (Array.isArray(parsed) ? parsed : [parsed]).map((m) => m.method);
      if (methods.some((m) => m === "eth_sendTransaction" || m === "eth_sendRawTransaction") && ++sends > allowSends) {
        held.push(res);
        return;
      }
      try {
        const r = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
        res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function expectSealedGenesis(url: string, addresses: { consortium: string; token: string; contracts?: Record<string, string> }) {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  try {
    const c = Consortium__factory.connect(addresses.consortium, provider);
    // every system except the authority itself is a registered module
    const systems = Object.entries(addresses.contracts ?? { SettlementToken: addresses.token })
      .filter(([name]) => name !== "Consortium")
      .map(([, a]) => a);
    expect(sorted([...(await c.modules())])).to.deep.equal(sorted(systems));
    expect(await c.bootstrapper()).to.equal("0x0000000000000000000000000000000000000000");
    expect(await c.memberCount()).to.equal(5n);
  } finally {
    provider.destroy();
  }
}

describe("deploy task: resuming the Ignition journal", function () {
  this.timeout(120_000);
  const ids: string[] = [];
  const nodes: Anvil[] = [];

  after(async () => {
    for (const n of nodes) await n.stop();
    cleanupDeployments(ids);
  });

  it("[DEP-05] a re-run finds the journal complete: same addresses, no new transaction", async () => {
    const anvil = await startAnvil();
    nodes.push(anvil);
    const id = testDeploymentId("rerun");
    ids.push(id);
    const env = { LOCALHOST_RPC_URL: anvil.url };
    const args = ["deploy", "--parameters", PARAMS, "--deployment-id", id, "--json"];

    const first = await runCli(args, env);
    expect(first.code, first.stderr).to.equal(0);
    const a = JSON.parse(first.stdout);
    expect(a).to.include({ network: "localhost", chainId: 31337, deploymentId: id, resumed: false, journal: `deploy/deployments/${id}` });
    const after1 = await onChain(anvil.url);
    after1.provider.destroy();
    expect(after1.nonce).to.equal(GENESIS_TXS);
    expect(sorted(after1.created)).to.deep.equal(sorted(Object.values(a.contracts)));

    const second = await runCli(args.slice(0, -1), env); // text output this time
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout.trim().split("\n")).to.deep.equal([
      ...Object.entries(a.contracts as Record<string, string>).map(([name, address]) => `${name.padEnd(20)} ${address}`),
      `deployment ${id} on localhost (chain 31337), journal deploy/deployments/${id}: complete, nothing to do`,
    ]);
    expect(second.stderr.trim()).to.equal("");
    const after2 = await onChain(anvil.url);
    after2.provider.destroy();
    expect(after2.nonce).to.equal(GENESIS_TXS);
    expect(after2.created).to.have.length(GENESIS_CONTRACTS);
    await expectSealedGenesis(anvil.url, a);
  });

  it("[DEP-20] a journal whose contracts the node does not hold (anvil restarted fresh) is refused in one line with the fix, nothing sent", async () => {
    const first = await startAnvil();
    nodes.push(first);
    const id = testDeploymentId("reset");
    ids.push(id);
    const args = ["deploy", "--parameters", PARAMS, "--deployment-id", id];
    const deployed = await runCli([...args, "--json"], { LOCALHOST_RPC_URL: first.url });
    expect(deployed.code, deployed.stderr).to.equal(0);
    const a = JSON.parse(deployed.stdout) as { contracts: Record<string, string> };
    const journaled = Object.entries(JSON.parse(readFileSync(path.join(DEPLOYMENTS, id, "deployed_addresses.json"), "utf8")) as Record<string, string>);
    await first.stop();

    // The same chain id, the journal kept, none of the state: what `anvil` restarted without --load-state gives.
    const fresh = await startAnvil();
    nodes.push(fresh);
    const rerun = await runCli(args, { LOCALHOST_RPC_URL: fresh.url });
    expect(rerun.code, rerun.stdout).to.equal(1);
    expect(rerun.stdout.trim()).to.equal("");
    expect(rerun.errLines).to.have.length(1);
    expect(rerun.errLines[0]).to.equal(
      `error: deployment ${id}: ${GENESIS_CONTRACTS} of ${GENESIS_CONTRACTS} contracts in its journal have no code on localhost (chain 31337), e.g. ${journaled[0]![0]} at ${journaled[0]![1]}: ` +
        `the node was reset or is another chain; remove the journal (rm -r deploy/deployments/${id}) to deploy afresh, or restore the node's state (anvil --load-state FILE); nothing was sent`,
    );
    const chain = await onChain(fresh.url);
    chain.provider.destroy();
    expect(chain.nonce).to.equal(0);
    expect(journaled.map(([, address]) => address).sort()).to.deep.equal(Object.values(a.contracts).sort());

    // With --json the refusal carries its code and what is missing.
    const json = await runCli([...args, "--json"], { LOCALHOST_RPC_URL: fresh.url });
    const err = JSON.parse(json.errLines[0]!.slice("error: ".length)) as { code: string; fields: Record<string, unknown> };
    expect(err.code).to.equal("NO_CONTRACT");
    expect(err.fields).to.include({ deploymentId: id, chainId: 31337 });

    // The fix it names works: without the journal the same command deploys afresh.
    cleanupDeployments([id]);
    const again = await runCli(args, { LOCALHOST_RPC_URL: fresh.url });
    expect(again.code, again.stderr).to.equal(0);
  });

  it("[TASK-33] deploy --confirmations 3 on a node that mines only on demand completes instead of waiting for blocks that never come", async () => {
    const anvil = await startAnvil();
    nodes.push(anvil);
    const id = testDeploymentId("confirmations");
    ids.push(id);
    const started = Date.now();
    const r = await runCli(["deploy", "--parameters", PARAMS, "--deployment-id", id, "--confirmations", "3", "--json"], { LOCALHOST_RPC_URL: anvil.url }, 60_000);
    expect(r.code, r.stderr).to.equal(0);
    expect(Date.now() - started).to.be.below(45_000);
    expect(r.errLines).to.deep.equal(["note: localhost mines only on demand (automine): waiting for 1 confirmation per transaction, not 3, which would never come"]);
    await expectSealedGenesis(anvil.url, JSON.parse(r.stdout));
  });

  it("[DEP-06] a deployment killed after its first contract is journaled completes on re-run, once", async () => {
    const anvil = await startAnvil(["--block-time", "1"]); // slow blocks: time to interrupt
    nodes.push(anvil);
    const id = testDeploymentId("kill");
    ids.push(id);
    const env = { LOCALHOST_RPC_URL: anvil.url };
    const args = ["deploy", "--parameters", PARAMS, "--deployment-id", id, "--json"];

    const child = spawnCli(args, env);
    const done = collect(child, 60_000);
    const deadline = Date.now() + 45_000;
    while (!/"futureId":"Consortium#Consortium","result"/.test(journal(id))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Consortium was never journaled:\n${journal(id)}`);
      await sleep(25);
    }
    child.kill("SIGKILL");
    const killed = await done;
    expect(killed.code).to.equal(null); // killed, not finished
    expect(journal(id)).not.to.match(/"futureId":"Genesis#sealGenesis","result"/);

    const rerun = await runCli(args, env);
    expect(rerun.code, rerun.stderr).to.equal(0);
    const a = JSON.parse(rerun.stdout);
    expect(a.resumed).to.equal(true);
    const chain = await onChain(anvil.url);
    chain.provider.destroy();
    expect(sorted(chain.created)).to.deep.equal(sorted(Object.values(a.contracts))); // exactly one of each
    expect(chain.nonce).to.equal(GENESIS_TXS);
    await expectSealedGenesis(anvil.url, a);
  });

  it("[DEP-06] a deployment interrupted right after Ignition initialized a future resumes (Ignition alone: HHE10000)", async () => {
    const anvil = await startAnvil();
    nodes.push(anvil);
    const proxy = await holdingProxy(anvil.url, 1); // lets the Consortium through, holds the token
    const id = testDeploymentId("init");
    ids.push(id);
    const args = ["deploy", "--parameters", PARAMS, "--deployment-id", id, "--json"];
    try {
      const child = spawnCli(args, { LOCALHOST_RPC_URL: proxy.url });
      const done = collect(child, 60_000);
      const deadline = Date.now() + 45_000;
      while (!/"futureId":"Consortium#SettlementToken"[^\n]*"TRANSACTION_PREPARE_SEND"/.test(journal(id))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`token send never prepared:\n${journal(id)}`);
        await sleep(50);
      }
      child.kill("SIGKILL");
      await done;
    } finally {
      await proxy.close();
    }
    // Nothing of the token reached the node; keep only its INITIALIZE line, i.e. the journal a
    // crash between Ignition's two first writes for the future leaves behind.
    expect(await anvil.rpc("eth_getTransactionCount", [DEPLOYER, "pending"])).to.equal("0x1");
    const file = path.join(DEPLOYMENTS, id, "journal.jsonl");
    const token = /"futureId":"Consortium#SettlementToken"/;
    writeFileSync(file, journal(id).split("\n").filter((l) => !token.test(l) || /"DEPLOYMENT_EXECUTION_STATE_INITIALIZE"/.test(l)).join("\n"));

    const rerun = await runCli(args, { LOCALHOST_RPC_URL: anvil.url });
    expect(rerun.code, rerun.stderr).to.equal(0);
    const a = JSON.parse(rerun.stdout);
    const chain = await onChain(anvil.url);
    chain.provider.destroy();
    expect(sorted(chain.created)).to.deep.equal(sorted(Object.values(a.contracts)));
    expect(chain.nonce).to.equal(GENESIS_TXS);
    await expectSealedGenesis(anvil.url, a);
  });

  it("[DEP-07] a transaction sent but missing from the journal is adopted, not sent again", async () => {
    const anvil = await startAnvil(["--no-mining"]); // the test decides when blocks come
    nodes.push(anvil);
    const id = testDeploymentId("adopt");
    ids.push(id);
    const env = { LOCALHOST_RPC_URL: anvil.url };
    const args = ["deploy", "--parameters", PARAMS, "--deployment-id", id];

    const child = spawnCli(args, env);
    const done = collect(child, 60_000);
    const tokenSent = /"futureId":"Consortium#SettlementToken","networkInteractionId":1,"nonce":\d+,"transaction"[^\n]*"type":"TRANSACTION_SEND"/;
    const deadline = Date.now() + 45_000;
    // Mine exactly one block, for the Consortium; the token's transaction must stay pending
    // (a second block could mine and journal it, which is no longer the crash window).
    let mined = false;
    while (!tokenSent.test(journal(id))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`token transaction never sent:\n${journal(id)}`);
      if (!mined && /"futureId":"Consortium#Consortium"[^\n]*"TRANSACTION_SEND"/.test(journal(id))) {
        await anvil.rpc("evm_mine", []);
        mined = true;
      }
      await sleep(50);
    }
    child.kill("SIGKILL"); // the token transaction is in the mempool, not mined
    await done;
    // The crash window: hash never journaled (Ignition alone stops with HHE10410 here).
    const file = path.join(DEPLOYMENTS, id, "journal.jsonl");
    writeFileSync(file, journal(id).split("\n").filter((l) => !tokenSent.test(l)).join("\n"));
    await anvil.rpc("evm_setIntervalMining", [1]);

    const rerun = await runCli(args, env);
    expect(rerun.code, rerun.stderr).to.equal(0);
    const lines = rerun.stdout.trim().split("\n");
    const contracts = Object.fromEntries(lines.slice(0, GENESIS_CONTRACTS).map((l) => l.split(/\s+/) as [string, string]));
    expect(lines[GENESIS_CONTRACTS]).to.equal(`deployment ${id} on localhost (chain 31337), journal deploy/deployments/${id} (resumed)`);
    expect(lines[GENESIS_CONTRACTS + 1]).to.match(/^adopted transaction 0x[0-9a-f]{64}, sent before an interruption but missing from the journal$/);
    const consortium = contracts.Consortium!;
    const token = contracts.SettlementToken!;
    const chain = await onChain(anvil.url);
    chain.provider.destroy();
    expect(sorted(chain.created)).to.deep.equal(sorted(Object.values(contracts)));
    expect(chain.nonce).to.equal(GENESIS_TXS);
    await expectSealedGenesis(anvil.url, { consortium, token, contracts });
  });
});

describe("deploy task: what it says it deploys", function () {
  this.timeout(60_000);

  it("[DEP-21] `deploy --help` names every contract of the genesis, from each system's deployment table", async () => {
    const { ACCESS_CONTRACTS } = await import("../../lib/access/deployment.js");
    const { TOKEN_CONTRACTS } = await import("../../lib/token/deployment.js");
    const { CERTIFICATE_CONTRACTS } = await import("../../lib/certificates/deployment.js");
    const { ENERGY_CONTRACTS } = await import("../../lib/energy/deployment.js");
    const names = [ACCESS_CONTRACTS, TOKEN_CONTRACTS, CERTIFICATE_CONTRACTS, ENERGY_CONTRACTS].flatMap((t) => Object.values(t).map((e) => e.contract));
    expect(names).to.include.members(["Consortium", "SettlementToken", "CertificateRegistry", "EnergyMeters"]);
    const help = await runCli(["deploy", "--help"], {});
    expect(help.code, help.stderr).to.equal(0);
    const description = help.stdout.split("\n").slice(0, 4).join(" ");
    for (const name of names) expect(description, name).to.match(new RegExp(`\\b${name}\\b`));
  });
});
