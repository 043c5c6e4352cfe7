// Clique end-to-end: `npm run test:clique` (hardhat test mocha test/clique/*.test.ts).
//
// One fresh 3-signer Geth Clique network (1-s blocks) in a temp dir; the consortium deployed
// with the same `deploy` task and Ignition module as in-process; every system's main flow
// driven through the CLI as the members' operators would; then signer outages, a stall, an
// interrupted deployment, node admission by vote and a zero-gas-price chain. Without geth
// (not found and not buildable) it runs on anvil and reports the Clique-only scenarios as
// skipped, with the reason. Writes reports/clique.json.
//
// A new system joins with ONE more `it` in "systems through the CLI" ([CLQ-15], certificates,
// was added that way): the deployment (c.contracts), the accounts (c.accounts) and the CLI
// runner (c.cli / c.ok, `hardhat --network clique` as one member's operator) are shared.
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Wallet, getAddress, parseUnits, type TransactionReceipt } from "ethers";
import { Consortium__factory, SettlementToken__factory } from "../../typechain-types/index.js";
import { CliqueNetwork, sleep } from "../../tooling/clique/index.js";
import { TxWaitError, waitForTx } from "../../lib/core/tx.js";
import { planNodeSync, type CliqueView, type RegistryNode } from "../../lib/access/nodes.js";
import { DEPLOYMENTS, type CliResult } from "../kit/cli.js";
import { certificateFragment } from "../../lib/certificates/page.js";
import { CHROMIUM_INSTALL_HINT, findChromium, launchChromium } from "../../tooling/report/chromium.js";
import { servePageSite } from "./page-site.js";
import { Cluster, SELECTED, genesisParameters, writeCliqueReport, type Account, type TestRecord } from "./harness.js";

const T0 = Date.now();
const say = (m: string) => {
  if (process.env.CLIQUE_E2E_QUIET !== "1") console.log(`      [${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s] ${m}`);
};

/** Exactly one stderr line `error: ...`, nothing on stdout, exit code 1. Returns the message. */
function oneLineError(r: CliResult): string {
  expect(r.code, r.stderr).to.equal(1);
  expect(r.errLines, r.stderr).to.have.length(1);
  expect(r.errLines[0]).to.match(/^error: /);
  expect(r.stdout.trim()).to.equal("");
  return r.errLines[0]!.slice("error: ".length);
}

if (SELECTED) {
  describe("Clique end-to-end (npm run test:clique)", function () {
    this.timeout(120_000);
    let c: Cluster;
    let setupError: Error | undefined;
    const records: TestRecord[] = [];
    const skipped: Array<{ title: string; reason: string }> = [];
    const skipReasons = new Map<string, string>();

    /** Skips the current test unless the network is geth (Clique-only scenario). */
    function gethOnly(ctx: Mocha.Context, needs = "Geth Clique signers"): CliqueNetwork {
      if (c.mode !== "geth" || !c.net) {
        const reason = `needs ${needs}; running on anvil (${c.fallbackReason})`;
        skipReasons.set(ctx.currentTest?.title ?? ctx.test!.title, reason);
        say(`skipped: ${reason}`);
        ctx.skip();
      }
      return c.net!;
    }

    const token = (node = 0) => SettlementToken__factory.connect(c.addresses!.token, c.provider(node));
    const consortium = (node = 0) => Consortium__factory.connect(c.addresses!.consortium, c.provider(node));
    const receipt = async (hash: string, node = 0) => (await c.provider(node).getTransactionReceipt(hash))!;

    before(async function () {
      this.timeout(600_000); // a fresh machine may build geth first (~3 min)
      try {
        c = await Cluster.start((m) => say(m));
        say(`network: ${c.mode}${c.net ? ` (${c.net.size} signers, chain ${c.chainId}, ${c.dir})` : ` ${c.url()}`}`);
        const { out } = await c.deploy();
        say(`deployed Consortium ${out.consortium}, SettlementToken ${out.token} (${out.deploymentId})`);
      } catch (e) {
        setupError = e as Error;
        throw e;
      }
    });

    afterEach(function () {
      const t = this.currentTest!;
      if (t.state === "pending" || t.isPending()) {
        skipped.push({ title: t.title, reason: skipReasons.get(t.title) ?? "skipped" });
      } else {
        records.push({ title: t.title, passed: t.state === "passed" });
      }
    });

    after(async function () {
      this.timeout(60_000);
      const failed = records.some((r) => !r.passed) || !!setupError;
      const keep = failed || process.env.CLIQUE_E2E_KEEP === "1";
      const survivors = c ? await c.stop(keep) : [];
      if (keep && c) say(`kept ${c.dir} (node logs: ${c.net?.nodes.map((n) => n.logFile).join(", ") ?? "anvil.log"})`);
      if (setupError) records.push({ title: `setup: start the network and deploy (${setupError.message.split("\n")[0]})`, passed: false });
      const file = writeCliqueReport({ network: c?.mode ?? "geth", tests: records, skipped, fallbackReason: c?.fallbackReason });
      say(`wrote ${path.relative(process.cwd(), file)}; processes left: ${survivors.length ? survivors.join(", ") : "none"}`);
      expect(survivors, "geth/anvil processes still alive after teardown").to.deep.equal([]);
    });

    // ------------------------------------------------------------------------------ systems

    describe("systems through the CLI", () => {
      it("[CLQ-01] deploy: the deploy task and Ignition module deploy the whole genesis, journaled, once", async () => {
        const { consortium: cAddr, token: tAddr } = c.addresses!;
        const provider = c.provider(0);
        const all = Object.values(c.contracts);
        expect(Object.keys(c.contracts)).to.include.members(["Consortium", "SettlementToken"]);
        for (const a of all) expect(await provider.getCode(a), a).to.not.equal("0x");
        // One transaction per journaled send, each contract created once, by the deployer.
        const sends = c.journalMessages(c.deploymentId).filter((m) => m.type === "TRANSACTION_SEND").length;
        expect(await provider.getTransactionCount(c.accounts.DEPLOYER.address)).to.equal(sends);
        expect((await c.createdBy(c.accounts.DEPLOYER.address)).sort()).to.deep.equal([...all].sort());
        const con = consortium();
        expect(await con.bootstrapper()).to.equal("0x0000000000000000000000000000000000000000");
        // Every system but the Consortium itself is a registered module.
        expect([...(await con.modules())].sort()).to.deep.equal(all.filter((a) => a !== cAddr).sort());
        expect(await con.memberCount()).to.equal(4n);
        expect(await token().consortium()).to.equal(cAddr);
        const journaled = JSON.parse(readFileSync(path.join(DEPLOYMENTS, c.deploymentId, "deployed_addresses.json"), "utf8"));
        expect(Object.values(journaled).sort()).to.deep.equal([...all].sort());
        expect(journaled["Consortium#SettlementToken"]).to.equal(tAddr);
        if (c.net) {
          // The registry starts with the 3 sealing nodes; their enodes are what geth reports.
          expect(await con.nodeCount()).to.equal(3n);
          for (let i = 0; i < 3; i++) {
            const n = await con.getNode(i + 1);
            expect(n.signer).to.equal(c.net.signer(i));
            const info = await c.net.rpc<{ enode: string }>(i, "admin_nodeInfo");
            expect(info.enode.split("@")[0]).to.equal(n.enode.split("@")[0]);
          }
          expect((await c.net.cliqueSigners(0)).map(getAddress).sort()).to.deep.equal([0, 1, 2].map((i) => c.net!.signer(i)).sort());
        }
        // Every node holds the block with the deployment's last transaction, same hash.
        const last = await provider.getBlockNumber();
        const hash = await c.sameBlockEverywhere(last);
        say(`${all.length} contracts in ${sends} transactions; visible on nodes ${c.running().join(",")} at #${last} ${hash}`);
      });

      it("[CLQ-02] access: propose, vote and execute admit a member, through the CLI of three operators", async () => {
        const solar = c.accounts.SOLAR.address;
        const { id, proposed, votes, executed } = await c.passProposal([
          "--kind",
          "AdmitMember",
          "--name",
          "Solar Co",
          "--admin",
          solar,
          "--weight",
          "1",
          "--description",
          "Clique end-to-end",
        ]);
        expect(proposed.summary).to.equal(`AdmitMember(name="Solar Co", admin=${solar}, weight=1)`);
        expect(votes.map((v) => v.support)).to.deep.equal(["For", "For", "For"]);
        expect(votes.some((v) => v.passing), "the last vote counted sees the proposal passing").to.equal(true);
        const con = consortium(c.size - 1); // read on another node than the one that sent
        expect(await con.state(id)).to.equal(5n); // Executed
        expect(await con.memberCount()).to.equal(5n);
        const m = await con.getMember(5);
        expect(m.name).to.equal("Solar Co");
        expect(m.status).to.equal(1n); // Active
        expect(await con.memberOf(solar)).to.equal(5n);
        const members = await c.ok(["access:members", "--json"], { node: c.size - 1 });
        expect(members.map((x: { name: string; status: string }) => `${x.name}:${x.status}`)).to.include("Solar Co:Active");
        const rc = await receipt(executed.tx);
        expect(rc.status).to.equal(1);
        say(`proposal ${id} executed in #${rc.blockNumber} ${await c.sameBlockEverywhere(rc.blockNumber)}`);
      });

      it("[CLQ-03] token: mint, transfer and balance through the CLI; every node has the same balances", async () => {
        const { GRID, BANK, CENTRE } = c.accounts;
        const minted = await c.ok(["token:mint", "--to", GRID.address, "--amount", "1000.00", "--ref", `DEP-CLQ-${c.runId}`, "--json"], { as: BANK });
        expect(minted).to.include({ to: GRID.address, amount: "100000", balance: "100000" });
        const sent = await c.ok(["token:transfer", "--to", CENTRE.address, "--amount", "250.00", "--json"], { as: GRID, node: 1 % c.size });
        expect(sent).to.include({ from: GRID.address, to: CENTRE.address, amount: "25000" });
        const bal = await c.ok(["token:balance", CENTRE.address, "--json"], { node: 2 % c.size });
        expect(bal).to.include({ account: CENTRE.address, balance: "25000", yuan: "250.00", symbol: "CNYC", frozen: false, canHold: true });
        const rc = await receipt(sent.tx);
        const hash = await c.sameBlockEverywhere(rc.blockNumber);
        for (const i of c.running()) {
          expect(await token(i).balanceOf(GRID.address)).to.equal(75000n);
          expect(await token(i).balanceOf(CENTRE.address)).to.equal(25000n);
          expect(await token(i).totalSupply()).to.equal(100000n);
        }
        say(`mint ${minted.tx.slice(0, 10)}…, transfer in #${rc.blockNumber} ${hash}`);
      });

      it("[CLQ-15] certificates: a type registered, a clerk enrolled, a certificate issued and verified through the CLI on another node", async function () {
        const registry = c.contracts.CertificateRegistry;
        if (!registry) {
          skipReasons.set(this.test!.title, "the deployment has no CertificateRegistry");
          this.skip();
        }
        const { REGULATOR, GRID, GRID_OPS } = c.accounts;
        const type = await c.ok(
          ["cert:type:add", "--name", "Grid connection licence", "--fields", "company,capacityKw", "--members", "1", "--revocable", "--json"],
          { as: REGULATOR },
        );
        const typeId = Number(type.typeId);
        expect(typeId).to.be.greaterThan(0);
        // The member's admin enrols its clerk (no CLI task for this: it is one contract call).
        const reg = new (await import("ethers")).Contract(registry, ["function setIssuer(address,uint16[],bool)"], c.wallet(GRID, 1 % c.size));
        await (await reg.getFunction("setIssuer")(GRID_OPS.address, [typeId], false)).wait();
        const doc = path.join(c.dir, "licence.json");
        (await import("node:fs")).writeFileSync(doc, JSON.stringify({ holderId: "91320000MA1XXXXX0X", company: "Solar Co", capacityKw: "4800" }));
        const receiptFile = path.join(c.dir, "licence-receipt.json");
        const issued = await c.ok(["cert:issue", "--type", String(typeId), "--file", doc, "--out", receiptFile, "--json"], { as: GRID_OPS });
        const verified = await c.ok(["cert:verify", "--receipt", receiptFile, "--json"], { node: 2 % c.size });
        expect(verified).to.include({ status: "valid", valid: true, member: 1, typeId });
        const rc = await receipt(issued.tx);
        expect(rc.status).to.equal(1);
        say(`certificate ${String(issued.certificateId).slice(0, 12)}… issued in #${rc.blockNumber} ${await c.sameBlockEverywhere(rc.blockNumber)}, verified on node ${2 % c.size}`);
      });

      it("[CLQ-16] the verification page (cert:page) in Chromium verifies that certificate against a geth node through a proxy serving only the page's read methods", async function () {
        const receiptFile = path.join(c.dir, "licence-receipt.json");
        if (!existsSync(receiptFile)) {
          skipReasons.set(this.test!.title, "no certificate was issued (CLQ-15 did not run)");
          this.skip();
        }
        if (!findChromium()) expect.fail(CHROMIUM_INSTALL_HINT);
        const receipt = JSON.parse(readFileSync(receiptFile, "utf8"));
        const siteDir = path.join(c.dir, "verify-site");
        // The page's origin serves its JSON-RPC too, forwarded to node 2 (not the issuing node 0).
        const site = await servePageSite(siteDir, c.url(2 % c.size));
        const browser = await launchChromium();
        try {
          await c.ok(["cert:page", "--out", siteDir, "--rpc", site.rpcUrl, "--json"], { node: 2 % c.size });
          const page = await browser.newPage();
          await page.goto(`${site.url}index.html${certificateFragment(receipt.chainId, receipt.registry, receipt.certificateId)}`);
          await page.waitForFunction(() => (globalThis as any).document.body.dataset.state && (globalThis as any).document.body.dataset.state !== "checking", undefined, { timeout: 60_000 });
          const state = await page.evaluate(() => (globalThis as any).document.body.dataset.state as string);
          const text = await page.evaluate(() => (globalThis as any).document.getElementById("result").innerText as string);
          expect(state, text).to.equal("valid");
          expect(text).to.include(receipt.certificateId).and.include("Grid connection licence");
          expect(site.refused, `methods refused by the proxy: ${site.refused.join(", ")}`).to.deep.equal([]);
          expect(site.methods).to.include("eth_call");
          say(`page verdict VALID through ${site.methods.length} read call(s) to node ${2 % c.size}`);
        } finally {
          await browser.close();
          await site.close();
        }
      });
    });

    // ---------------------------------------------------------------- transactions and fees

    describe("transactions and fees", () => {
      it("[CLQ-04] EIP-1559 (type 2) and legacy (type 0) transactions both move the token; tasks send legacy at a fixed CLIQUE_GAS_PRICE", async () => {
        const { GRID, CENTRE } = c.accounts;
        const before = await token().balanceOf(CENTRE.address);
        const t = SettlementToken__factory.connect(c.addresses!.token, c.wallet(GRID, 1 % c.size));
        const fee = await c.provider(1 % c.size).getFeeData();
        const r2 = (await (await t.transfer(CENTRE.address, 100n, { type: 2 })).wait())!;
        const r0 = (await (await t.transfer(CENTRE.address, 200n, { type: 0, gasPrice: fee.gasPrice! })).wait())!;
        expect([r2.type, r2.status, r0.type, r0.status]).to.deep.equal([2, 1, 0, 1]);
        expect(r0.gasPrice).to.equal(fee.gasPrice);
        // Through the CLI: automatic EIP-1559 fees by default; a fixed price makes it legacy.
        const price = parseUnits("2", "gwei");
        const auto = await c.ok(["token:transfer", "--to", CENTRE.address, "--amount", "1.00", "--json"], { as: GRID });
        const fixed = await c.ok(["token:transfer", "--to", CENTRE.address, "--amount", "2.00", "--json"], {
          as: GRID,
          env: { CLIQUE_GAS_PRICE: price.toString() },
        });
        const [ra, rf] = await Promise.all([receipt(auto.tx), receipt(fixed.tx)]);
        expect([ra.type, rf.type]).to.deep.equal([2, 0]);
        expect(rf.gasPrice).to.equal(price);
        expect(await token(c.size - 1).balanceOf(CENTRE.address)).to.equal(before + 100n + 200n + 100n + 200n);
        await c.sameBlockEverywhere(rf.blockNumber);
      });

      it("[CLQ-05] --confirmations N returns only once the transaction's block has N-1 blocks on top", async () => {
        const { GRID, CENTRE } = c.accounts;
        const started = Date.now();
        const out = await c.ok(["token:transfer", "--to", CENTRE.address, "--amount", "0.01", "--confirmations", "3", "--json"], { as: GRID });
        const headAtExit = await c.provider(0).getBlockNumber();
        const rc = await receipt(out.tx);
        expect(headAtExit - rc.blockNumber + 1, `head #${headAtExit}, tx in #${rc.blockNumber}`).to.be.at.least(3);
        say(`tx in #${rc.blockNumber}, CLI returned at head #${headAtExit} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        const bad = oneLineError(await c.cli(["token:transfer", "--to", CENTRE.address, "--amount", "0.01", "--confirmations", "zero"]));
        expect(bad).to.equal('--confirmations: "zero" is not a whole number >= 1');
      });

      it("[CLQ-06] a wrong CLIQUE_CHAIN_ID is refused before anything is sent: one line, exit 1", async () => {
        const { GRID, CENTRE } = c.accounts;
        const nonce = await c.provider(0).getTransactionCount(GRID.address, "pending");
        const r = await c.cli(["token:transfer", "--to", CENTRE.address, "--amount", "1.00"], { as: GRID, env: { CLIQUE_CHAIN_ID: "999" } });
        expect(oneLineError(r)).to.equal(
          `network clique is configured for chain 999 (chainId, CLIQUE_CHAIN_ID=999) but its node answers chain ${c.chainId}: wrong RPC URL or chain id; nothing was sent`,
        );
        expect(await c.provider(0).getTransactionCount(GRID.address, "pending")).to.equal(nonce);
      });

      it("[CLQ-07] lib/core/tx.ts: a transaction replaced by another with the same nonce and a higher fee is reported as replaced", async () => {
        const w = c.wallet(c.accounts.SPARE, 0);
        const p = c.provider(0);
        const [x, y] = [Wallet.createRandom().address, Wallet.createRandom().address];
        const nonce = await p.getTransactionCount(w.address, "latest");
        const fee = await p.getFeeData();
        const tip = parseUnits("1", "gwei");
        const maxFee = fee.maxFeePerGas! + tip;
        // A: nonce+1 cannot be mined yet (gap). B replaces A (same nonce, +100% fees). C fills the gap.
        const a = await w.sendTransaction({ to: x, value: 1n, nonce: nonce + 1, type: 2, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip, gasLimit: 21_000 });
        const waiting = waitForTx(p, { hash: a.hash, from: w.address, nonce: nonce + 1 }, { stallMs: 30_000, timeoutMs: 60_000 }).then(
          () => undefined,
          (e: unknown) => e,
        );
        const b = await w.sendTransaction({ to: y, value: 2n, nonce: nonce + 1, type: 2, maxFeePerGas: maxFee * 2n, maxPriorityFeePerGas: tip * 2n, gasLimit: 21_000 });
        const cTx = await w.sendTransaction({ to: x, value: 3n, nonce, type: 2, maxFeePerGas: maxFee * 2n, maxPriorityFeePerGas: tip * 2n, gasLimit: 21_000 });
        const rc = await waitForTx(p, { hash: cTx.hash, from: w.address, nonce }, { stallMs: 30_000, timeoutMs: 60_000 });
        expect(rc.status).to.equal(1);
        const err = (await waiting) as TxWaitError;
        expect(err).to.be.instanceOf(TxWaitError);
        expect(err.problem).to.equal("replaced");
        expect(err.replacedBy).to.equal(b.hash);
        expect(err.message).to.match(new RegExp(`^transaction ${a.hash} was replaced: nonce ${nonce + 1} of ${w.address} was consumed by a different transaction, ${b.hash} \\(block #\\d+\\); ${a.hash} will never be mined$`));
        expect(await p.getTransactionReceipt(a.hash)).to.equal(null);
        expect((await p.getTransactionReceipt(b.hash))!.status).to.equal(1);
        expect([await p.getBalance(x), await p.getBalance(y)]).to.deep.equal([3n, 2n]);
      });
    });

    // -------------------------------------------------------------------- signer outages

    describe("signer outages", () => {
      let lastTransfer: TransactionReceipt | undefined;

      it("[CLQ-08] one of three signers stopped: blocks keep coming, a transfer confirms; restarted, it catches up to the same head hash", async function () {
        this.timeout(120_000);
        const net = gethOnly(this);
        const { GRID, CENTRE } = c.accounts;
        const atStop = await net.head(2);
        await net.stopNode(2);
        const during = await net.waitForNewBlocks(3, { nodes: [0, 1] });
        expect(during[0]!.number).to.be.at.least(atStop.number + 3);
        const before = await token(0).balanceOf(CENTRE.address);
        const out = await c.ok(["token:transfer", "--to", CENTRE.address, "--amount", "10.00", "--json"], { as: GRID, node: 0 });
        const rc = (lastTransfer = await receipt(out.tx));
        expect((await receipt(out.tx, 1)).blockHash).to.equal(rc.blockHash);
        await net.startNode(2);
        const same = await net.waitForSameHead(2, 0, 30_000);
        expect(same.number).to.be.greaterThan(atStop.number + 3);
        expect(await c.sameBlockEverywhere(rc.blockNumber, [0, 1, 2])).to.equal(rc.blockHash);
        expect(await token(2).balanceOf(CENTRE.address)).to.equal(before + 1000n);
        expect(await token(2).balanceOf(CENTRE.address)).to.equal(await token(0).balanceOf(CENTRE.address));
        say(`node2 stopped at #${atStop.number}, rejoined with node0's head #${same.number} ${same.hash}`);
      });

      it("[CLQ-09] two of three stopped: no new block, token:transfer reports the stall in one line after a bounded wait; restarted, the transaction is mined and nothing is lost", async function () {
        this.timeout(150_000);
        const net = gethOnly(this);
        const { GRID, CENTRE } = c.accounts;
        const [gridBefore, centreBefore] = await Promise.all([token(0).balanceOf(GRID.address), token(0).balanceOf(CENTRE.address)]);
        await Promise.all([net.stopNode(1), net.stopNode(2)]);
        await sleep(3_000); // node0 may still seal the one block it is allowed alone
        const h0 = await net.head(0);
        const started = Date.now();
        const r = await c.cli(["token:transfer", "--to", CENTRE.address, "--amount", "5.00"], {
          as: GRID,
          node: 0,
          env: { TX_STALL_SECONDS: "10" },
          timeoutMs: 60_000,
        });
        const elapsed = (Date.now() - started) / 1000;
        const msg = oneLineError(r);
        const m = /^no new block for 10 s \(chain stalled\? Clique needs more than half the signers sealing\) — transaction (0x[0-9a-f]{64}) sent, not yet mined; it stays in the node's pool and is mined when blocks resume: check it before sending again$/.exec(msg);
        expect(m, msg).to.not.equal(null);
        expect(elapsed).to.be.within(10, 40);
        const hash = m![1]!;
        const h1 = await net.head(0);
        expect(h1, "node0 sealed alone").to.deep.equal(h0);
        const pending = await c.provider(0).getTransaction(hash);
        expect(pending?.blockNumber ?? null).to.equal(null);
        say(`stalled at #${h0.number} ${h0.hash}; CLI gave up after ${elapsed.toFixed(1)} s; ${hash} pending`);

        await net.start();
        const rc = await waitForTx(c.provider(0), { hash, from: GRID.address, nonce: pending!.nonce }, { stallMs: 30_000, timeoutMs: 60_000 });
        expect(rc.status).to.equal(1);
        expect(rc.blockNumber).to.be.greaterThan(h0.number);
        const hash2 = await c.sameBlockEverywhere(rc.blockNumber, [0, 1, 2]);
        expect(hash2).to.equal(rc.blockHash);
        // The chain before the stall is intact on every node (nothing lost, nothing reorganised).
        expect(await c.sameBlockEverywhere(h0.number, [0, 1, 2])).to.equal(h0.hash);
        if (lastTransfer) expect(await c.sameBlockEverywhere(lastTransfer.blockNumber, [0, 1, 2])).to.equal(lastTransfer.blockHash);
        for (const i of [0, 1, 2]) {
          expect(await token(i).balanceOf(GRID.address)).to.equal(gridBefore - 500n);
          expect(await token(i).balanceOf(CENTRE.address)).to.equal(centreBefore + 500n);
        }
        await net.waitForNewBlocks(2);
        say(`resumed: ${hash.slice(0, 10)}… mined in #${rc.blockNumber} ${rc.blockHash}`);
      });
    });

    // ------------------------------------------------------------- interrupted deployment

    describe("interrupted deployment", () => {
      it("[CLQ-10] a deployment killed mid-way resumes on re-run and ends with exactly one instance of each contract", async function () {
        this.timeout(150_000);
        const id = c.newDeploymentId("kill");
        const deployer = c.accounts.DEPLOYER2;
        const startBlock = await c.provider(0).getBlockNumber();
        const args = ["deploy", "--parameters", c.parametersFile!, "--deployment-id", id, "--json"];
        const env = { CLIQUE_RPC_URL: c.url(0), CLIQUE_CHAIN_ID: String(c.chainId), CLIQUE_PRIVATE_KEY: deployer.privateKey };
        const child = c.spawn(args, env);
        const { collect } = await import("../kit/cli.js");
        const done = collect(child, 90_000);
        const deadline = Date.now() + 60_000;
        while (!/"futureId":"Consortium#Consortium","result"/.test(c.journal(id))) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Consortium was never journaled:\n${c.journal(id)}`);
          await sleep(25);
        }
        child.kill("SIGKILL");
        const killed = await done;
        expect(killed.code).to.equal(null);
        expect(c.journal(id)).not.to.match(/#sealGenesis","result"/);
        const noncesAtKill = await c.provider(0).getTransactionCount(deployer.address, "pending");
        expect(noncesAtKill).to.be.at.least(1);

        const rerun = await c.cli(args, { as: deployer, timeoutMs: 120_000 });
        expect(rerun.code, rerun.stderr).to.equal(0);
        const a = JSON.parse(rerun.stdout);
        expect(a.resumed).to.equal(true);
        const all = Object.values(a.contracts ?? { Consortium: a.consortium, SettlementToken: a.token }) as string[];
        expect((await c.createdBy(deployer.address, startBlock)).sort(), "contracts created by the deployer").to.deep.equal([...all].sort());
        const messages = c.journalMessages(id);
        const sends = messages.filter((m) => m.type === "TRANSACTION_SEND").length;
        expect(await c.provider(0).getTransactionCount(deployer.address), "deployer nonce = transactions journaled").to.equal(sends);
        const con = Consortium__factory.connect(a.consortium, c.provider(c.size - 1));
        expect(await con.bootstrapper()).to.equal("0x0000000000000000000000000000000000000000");
        expect([...(await con.modules())].sort()).to.deep.equal(all.filter((x) => x !== a.consortium).sort());
        for (const x of all) expect(await c.provider(c.size - 1).getCode(x), x).to.not.equal("0x");
        const completes = new Map<string, number>();
        for (const m of messages) if (m.futureId && m.type?.endsWith("EXECUTION_STATE_COMPLETE")) completes.set(m.futureId, (completes.get(m.futureId) ?? 0) + 1);
        expect([...completes.values()].every((n) => n === 1), JSON.stringify([...completes])).to.equal(true);
        expect([...completes.keys()].filter((f) => f.endsWith("#sealGenesis"))).to.have.length(1);
        say(`killed after the Consortium; re-run: ${all.length} contracts, ${sends} transactions, each future completed once`);
        const last = await c.provider(0).getBlockNumber();
        await c.sameBlockEverywhere(last);
      });
    });

    // ------------------------------------------------------------------- node admission

    describe("node admission (nodes:sync)", () => {
      let fourth: number | undefined;
      let fourthSigner = "";

      it("[CLQ-11] nodes:sync plans add, drop and discard from the registry, never drops an admitted signer, and reports pending votes and the epoch", () => {
        const A = [1, 2, 3, 4].map((i) => getAddress("0x" + String(i).repeat(40)));
        const reg = (id: number, signer: string, status: RegistryNode["status"]): RegistryNode => ({ id, memberId: id, signer, status, enode: "" });
        const view = (signers: string[], proposals: Record<string, boolean> = {}, head = 100): CliqueView => ({
          head,
          signers,
          proposals,
          tally: {},
          epoch: 30_000,
          epochKnown: true,
        });
        // Admitted node 4 is not a signer; node 3 removed; an unknown signer; a stale proposal.
        const plan = planNodeSync(
          [reg(1, A[0]!, "Admitted"), reg(2, A[1]!, "Admitted"), reg(3, A[2]!, "Removed"), reg(4, A[3]!, "Admitted")],
          view([A[0]!, A[1]!, A[2]!, getAddress("0x" + "9".repeat(40))], { [A[1]!]: false }),
        );
        expect(plan.actions.map((a) => `${a.action} ${a.address.slice(0, 4)}`)).to.deep.equal([
          "propose-add 0x44",
          "propose-drop 0x33",
          "propose-drop 0x99",
          "discard 0x22",
        ]);
        expect(plan.actions[3]!.reason).to.equal("node 2 is admitted in the registry: never voted out");
        expect(plan.needed).to.equal(3);
        expect(plan.epoch).to.deep.equal({ length: 30_000, known: true, nextCheckpoint: 30_000, blocksUntil: 29_900 });
        expect(plan.pending.map((p) => `${p.authorize} ${p.votes}/${p.needed}`)).to.deep.equal(["true 0/3", "false 0/3", "false 0/3"]);
        // Already proposed: kept, not sent again. Passed: discarded.
        const again = planNodeSync([reg(1, A[0]!, "Admitted"), reg(4, A[3]!, "Admitted")], view([A[0]!], { [A[3]!]: true }, 59_990));
        expect(again.actions).to.deep.equal([]);
        expect(again.kept.map((k) => k.action)).to.deep.equal(["propose-add"]);
        expect(again.epoch.blocksUntil).to.equal(10);
        const done = planNodeSync([reg(1, A[0]!, "Admitted"), reg(4, A[3]!, "Admitted")], view([A[0]!, A[3]!], { [A[3]!]: true }));
        expect(done.actions.map((a) => `${a.action}: ${a.reason}`)).to.deep.equal(["discard: vote passed: already a signer"]);
        // An empty registry never votes every signer out.
        const empty = planNodeSync([], view([A[0]!, A[1]!]));
        expect(empty.actions).to.deep.equal([]);
        expect(empty.warnings[0]).to.match(/^the registry backs none of the 2 current signers/);
      });

      it("[CLQ-12] members vote a fourth node in (AdmitNode); each signer's operator runs nodes:sync on its own node; the node becomes a signer and seals", async function () {
        this.timeout(180_000);
        const net = gethOnly(this);
        fourth = await net.addNode();
        await net.startNode(fourth);
        fourthSigner = net.signer(fourth);
        const info = await net.rpc<{ enode: string }>(fourth, "admin_nodeInfo");
        expect(info.enode.split("@")[0]).to.equal(net.enode(fourth).split("@")[0]);
        expect((await net.cliqueSigners(0)).map(getAddress)).to.not.include(fourthSigner);

        const dry = await c.ok(["nodes:sync", "--dry-run", "--json"], { node: 0 });
        expect(dry.actions, "registry and signers agree before the vote").to.deep.equal([]);
        expect(dry.localIsSigner).to.equal(true);

        const { id } = await c.passProposal(
          ["--kind", "AdmitNode", "--member", "4", "--signer", fourthSigner, "--enode", net.enode(fourth), "--description", "fourth sealer"],
          c.accounts.REGULATOR,
        );
        const n = await consortium().getNode(4);
        expect([n.signer, n.status]).to.deep.equal([fourthSigner, 1n]);
        say(`AdmitNode proposal ${id} executed; node 4 = ${fourthSigner}`);

        const first = await c.ok(["nodes:sync", "--json", "--rpc", c.url(0)], { node: 0 });
        expect(first.actions.map((a: { action: string; address: string }) => `${a.action} ${a.address}`)).to.deep.equal([`propose-add ${fourthSigner}`]);
        expect(first.proposals).to.deep.equal({ [fourthSigner]: true });
        expect(first.pending).to.have.length(1);
        expect(first.needed).to.equal(2);
        const text = await c.ok(["nodes:sync", "--dry-run", "--rpc", c.url(1)], { node: 1 });
        expect(text).to.match(new RegExp(`would propose add   ${fourthSigner}  node 4 \\(member 4\\) is admitted in the registry but not a signer`));
        expect(text).to.match(/pending: add  0x[0-9a-fA-F]{40}: \d of 2 signer votes tallied/);
        expect(text).to.match(/epoch: Clique discards tallied votes at every checkpoint \(every 30000 blocks\); next checkpoint #30000, in \d+ blocks/);
        for (const i of [1, 2]) await c.ok(["nodes:sync", "--json"], { node: i }); // each operator on its own node

        const signersNow = await waitForSigners(net, (s) => s.includes(fourthSigner), "the fourth node to become a signer");
        expect(signersNow).to.have.length(4);
        // A block sealed by the fourth node (Clique's signer is recovered from the extraData seal).
        const sealed = await waitForSealedBy(net, fourthSigner);
        const hash = await c.sameBlockEverywhere(sealed.number, [0, 1, 2, fourth]);
        expect(hash).to.equal(sealed.hash);
        say(`node${fourth} (${fourthSigner}) sealed #${sealed.number} ${sealed.hash}`);

        // Once passed, the proposal is stale: the next sync discards it.
        const tidy = await c.ok(["nodes:sync", "--json"], { node: 0 });
        expect(tidy.actions.map((a: { action: string; reason: string }) => `${a.action}: ${a.reason}`)).to.deep.equal(["discard: vote passed: already a signer"]);
        expect(tidy.proposals).to.deep.equal({});
      });

      it("[CLQ-13] voting the node out (RemoveNode) and nodes:sync remove it from the signers; it stops sealing", async function () {
        this.timeout(180_000);
        const net = gethOnly(this);
        if (fourth === undefined) throw new Error("the fourth node was not admitted ([CLQ-12] failed)");
        await c.passProposal(["--kind", "RemoveNode", "--node", "4", "--description", "retire the fourth sealer"], c.accounts.REGULATOR);
        expect((await consortium().getNode(4)).status).to.equal(2n); // Removed
        const outs = [];
        for (const i of [0, 1, 2]) outs.push(await c.ok(["nodes:sync", "--json"], { node: i }));
        expect(outs[0].actions.map((a: { action: string; address: string; reason: string }) => `${a.action} ${a.address} ${a.reason}`)).to.deep.equal([
          `propose-drop ${fourthSigner} node 4 (member 4) was removed from the registry`,
        ]);
        expect(outs[0].needed).to.equal(3);
        const signers = await waitForSigners(net, (s) => !s.includes(fourthSigner), "the fourth node to be voted out");
        expect(signers.sort()).to.deep.equal([0, 1, 2].map((i) => net.signer(i)).sort());
        const from = (await net.head(0)).number + 1;
        await net.waitForNewBlocks(5, { nodes: [0, 1, 2] });
        const to = (await net.head(0)).number;
        for (let b = from; b <= to; b++) {
          const h = (await c.provider(0).getBlock(b))!.hash!;
          expect(getAddress(await net.rpc<string>(0, "clique_getSigner", [h]))).to.not.equal(fourthSigner);
        }
        await c.sameBlockEverywhere(to, [0, 1, 2, fourth]);
        await net.stopNode(fourth);
        say(`node${fourth} (registry node 4) voted out; blocks #${from}..#${to} sealed by the three founders`);
      });
    });

    // ---------------------------------------------------------------- zero gas price

    describe("zero gas price", () => {
      it("[CLQ-14] a chain started with zero gas price: accounts with no ether deploy and use the token with CLIQUE_GAS_PRICE=0", async function () {
        this.timeout(150_000);
        gethOnly(this, "geth (a zero-gas-price Clique chain of its own)");
        const { mkdtemp } = await import("node:fs/promises");
        const dir = await mkdtemp(path.join(c.dir, "zero-"));
        const zero = await CliqueNetwork.open({ dataDir: dir, signers: 1, chainId: c.chainId + 1, period: 1, zeroGasPrice: true, devAccounts: 0, ports: "auto", gethBin: c.net!.gethBin });
        c.onStop({ stop: () => zero.stopAll(10_000).finally(() => zero.close()) });
        await zero.start();
        await zero.waitForHead(1);
        const who = Object.fromEntries(["GRID", "GRID_OPS", "BANK", "CENTRE", "REGULATOR", "DEPLOYER"].map((r) => [r, Wallet.createRandom()])) as Record<string, { address: string; privateKey: string }>;
        const params = genesisParameters(zero.chainId, who as never, [{ memberId: "State Grid Jiangsu", signer: zero.signer(0), enode: zero.enode(0) }]);
        const file = path.join(dir, "genesis-parameters.json");
        (await import("node:fs")).writeFileSync(file, JSON.stringify(params));
        const id = c.newDeploymentId("zero");
        const env = (w: { privateKey: string }) => ({ CLIQUE_RPC_URL: zero.rpcUrl(0), CLIQUE_CHAIN_ID: String(zero.chainId), CLIQUE_PRIVATE_KEY: w.privateKey, CLIQUE_GAS_PRICE: "0", CONSORTIUM_DEPLOYMENT_ID: id });
        const p = zero.provider(0);
        for (const w of Object.values(who)) expect(await p.getBalance(w.address)).to.equal(0n);

        const deployed = await c.ok(["deploy", "--parameters", file, "--deployment-id", id, "--json"], { env: env(who.DEPLOYER!), timeoutMs: 120_000 });
        const minted = await c.ok(["token:mint", "--to", who.GRID!.address, "--amount", "50.00", "--ref", "DEP-ZERO-1", "--json"], { env: env(who.BANK!) });
        const sent = await c.ok(["token:transfer", "--to", who.CENTRE!.address, "--amount", "20.00", "--json"], { env: env(who.GRID!) });
        for (const tx of [minted.tx, sent.tx]) {
          const rc = (await p.getTransactionReceipt(tx))!;
          expect([rc.status, rc.type, rc.gasPrice]).to.deep.equal([1, 0, 0n]);
        }
        const t = SettlementToken__factory.connect(deployed.token, p);
        expect(await t.balanceOf(who.GRID!.address)).to.equal(3000n);
        expect(await t.balanceOf(who.CENTRE!.address)).to.equal(2000n);
        for (const w of Object.values(who)) expect(await p.getBalance(w.address)).to.equal(0n);
        const head = (await p.getBlock("latest"))!;
        expect(head.baseFeePerGas).to.equal(0n);
        const sends = c.journalMessages(id).filter((m) => m.type === "TRANSACTION_SEND").length;
        expect(await p.getTransactionCount(who.DEPLOYER!.address)).to.equal(sends);
        say(`zero-gas chain ${zero.chainId}: deployed, minted, transferred with 0-ether accounts; head #${head.number} baseFee ${head.baseFeePerGas}`);
      });
    });

    // ---------------------------------------------------------------------------- helpers

    async function waitForSigners(net: CliqueNetwork, ok: (signers: string[]) => boolean, what: string): Promise<string[]> {
      const { waitFor } = await import("../../tooling/clique/index.js");
      const nodes = net.nodes.map((n) => n.index).filter((i) => net.isRunning(i));
      return waitFor(
        what,
        async () => {
          const all = await Promise.all(nodes.map(async (i) => (await net.cliqueSigners(i)).map(getAddress)));
          return all.every(ok) ? all[0] : undefined;
        },
        { timeoutMs: 45_000, intervalMs: 250 },
      );
    }

    async function waitForSealedBy(net: CliqueNetwork, signer: string): Promise<{ number: number; hash: string }> {
      const { waitFor } = await import("../../tooling/clique/index.js");
      let next = (await net.head(0)).number;
      return waitFor(
        `a block sealed by ${signer}`,
        async () => {
          const head = (await net.head(0)).number;
          for (; next <= head; next++) {
            const h = (await c.provider(0).getBlock(next))!.hash!;
            if (getAddress(await net.rpc<string>(0, "clique_getSigner", [h])) === signer) return { number: next, hash: h };
          }
          return undefined;
        },
        { timeoutMs: 45_000, intervalMs: 250 },
      );
    }
  });
}
