// End-to-end self-check of tooling/clique: a fresh 3-signer network in a temp dir, transfers,
// signer outages and recovery, plus an anvil smoke test. Everything is torn down on exit,
// error, Ctrl-C or the global deadline.
//
//   npx tsx scripts/clique/selfcheck.ts [--keep] [--zero-gas-price]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  Wallet,
  formatEther,
  formatUnits,
  parseEther,
  type TransactionReceipt,
} from "ethers";
import {
  CliqueNetwork,
  isPidAlive,
  sleep,
  startAnvil,
  type AnvilHandle,
  type Head,
} from "../../tooling/clique/index.js";

const { values: opts } = parseArgs({
  options: { keep: { type: "boolean" }, "zero-gas-price": { type: "boolean" } },
});
const DEADLINE_MS = 170_000; // the whole run must stay well under 3 minutes
const T0 = Date.now();
const ts = () => `${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s`;
const say = (m: string) => console.log(`[${ts()}] ${m}`);
const short = (h: Head) => `#${h.number} ${h.hash.slice(0, 18)}…`;
const full = (h: Head) => `#${h.number} ${h.hash}`;
const summary: string[] = [];
function check(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(`CHECK FAILED: ${msg}`);
}
/** Run fn, print and record how long it took. */
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  const r = await fn();
  const line = `${label}: ${((Date.now() - t) / 1000).toFixed(2)} s`;
  say(line);
  summary.push(line);
  return r;
}

let net: CliqueNetwork | undefined;
let anvil: AnvilHandle | undefined;
let dir: string | undefined;
let tearingDown: Promise<void> | undefined;

/** Stop everything we started (bounded), verify no pid survived, delete the temp dir. */
function teardown(): Promise<void> {
  tearingDown ??= (async () => {
    const pids = [
      ...(net?.nodes.map((n) => net!.pid(n.index)) ?? []),
      anvil?.pid,
    ].filter((p): p is number => !!p);
    await anvil?.stop().catch(() => undefined);
    await net?.stopAll(10_000).catch(() => net?.killAllSync());
    net?.close();
    const survivors = pids.filter(isPidAlive);
    say(
      `teardown: stopped pids [${pids.join(", ")}], survivors: ${survivors.length ? survivors.join(", ") : "none"}`,
    );
    survivors.forEach((p) => process.kill(p, "SIGKILL"));
    if (dir && !opts.keep) await rm(dir, { recursive: true, force: true });
    else if (dir) say(`kept ${dir}`);
  })();
  return tearingDown;
}

// 'exit' handlers cannot await: SIGKILL whatever is still alive as a last resort.
process.on("exit", () => {
  net?.killAllSync();
  if (anvil && isPidAlive(anvil.pid)) process.kill(anvil.pid, "SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: tearing down`);
    void teardown().finally(() => process.exit(130));
  });
}
setTimeout(() => {
  console.error(
    `\nSELFCHECK FAILED: exceeded ${DEADLINE_MS / 1000} s deadline`,
  );
  void teardown().finally(() => process.exit(1));
}, DEADLINE_MS).unref();

async function heads(n: CliqueNetwork, nodes: number[]): Promise<Head[]> {
  return Promise.all(nodes.map((i) => n.head(i)));
}

async function main(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), "clique-selfcheck-"));

  // 1. fresh network ------------------------------------------------------------------
  say(`1. create + start 3-signer network in ${dir}`);
  const n = (net = await timed("create (accounts, genesis, init)", () =>
    CliqueNetwork.open({
      dataDir: dir!,
      ports: "auto",
      period: 1,
      zeroGasPrice: opts["zero-gas-price"] === true,
      log: (m) => say(`   ${m}`),
    }),
  ));
  await timed("start 3 nodes + peer", () => n.start());
  const first = await timed("first 3 blocks sealed on all nodes", () =>
    n.waitForHead(3),
  );
  say(`   heads: ${first.map(short).join(" | ")}`);
  summary.push(`first head on all nodes ${full(first[0]!)}`);
  const signers = (await n.cliqueSigners(0)).map((a) => a.toLowerCase()).sort();
  check(
    JSON.stringify(signers) ===
      JSON.stringify(n.nodes.map((x) => x.address.toLowerCase()).sort()),
    `clique_getSigners ${signers} != configured signers`,
  );
  say(`   clique_getSigners: ${signers.join(", ")}`);
  const [b1, b2] = await Promise.all([
    n.provider(0).getBlock(first[0]!.number - 2),
    n.provider(0).getBlock(first[0]!.number),
  ]);
  say(
    `   chainId ${n.chainId}, block interval ≈ ${((b2!.timestamp - b1!.timestamp) / 2).toFixed(1)} s (period ${n.period}), gasLimit ${b2!.gasLimit}, baseFee ${b2!.baseFeePerGas}`,
  );

  // 2. transfers ----------------------------------------------------------------------
  say("2. value transfers from dev key 0 via node0, receipts checked on node2");
  const wallet = new Wallet(n.devKeys[0]!.privateKey, n.provider(0));
  const to = Wallet.createRandom().address;
  const send = async (
    type: 0 | 2,
    value: bigint,
  ): Promise<TransactionReceipt> => {
    const tx = await wallet.sendTransaction({ to, value, type });
    const rc = await n.provider(0).waitForTransaction(tx.hash, 1, 30_000);
    check(
      rc && rc.status === 1,
      `type ${type} tx ${tx.hash} failed or no receipt`,
    );
    const other = await n.provider(2).getTransactionReceipt(tx.hash);
    check(
      other?.blockHash === rc.blockHash,
      `node2 does not see the type ${type} receipt in the same block`,
    );
    say(
      `   type ${rc.type} tx ${tx.hash.slice(0, 18)}… block #${rc.blockNumber} gasUsed ${rc.gasUsed} price ${formatUnits(rc.gasPrice, "gwei")} gwei`,
    );
    return rc;
  };
  const r2 = await timed("EIP-1559 (type 2) transfer mined", () =>
    send(2, parseEther("1")),
  );
  const r0 = await timed("legacy (type 0) transfer mined", () =>
    send(0, parseEther("0.5")),
  );
  check(r2.type === 2 && r0.type === 0, `receipt types ${r2.type}/${r0.type}`);
  const bal = await n.provider(2).getBalance(to);
  check(
    bal === parseEther("1.5"),
    `recipient balance ${formatEther(bal)} != 1.5`,
  );
  say(`   recipient balance on node2: ${formatEther(bal)} ETH`);

  // 3. one signer down: 2 of 3 keep sealing ------------------------------------------
  say("3. stop signer node2; nodes 0,1 must keep sealing");
  const node2AtStop = await n.head(2);
  await timed("stop node2 (SIGTERM)", () => n.stopNode(2));
  const before3 = await n.head(0);
  const after3 = await timed("3 more blocks with 2/3 signers", () =>
    n.waitForNewBlocks(3, { nodes: [0, 1] }),
  );
  say(`   head ${short(before3)} -> ${after3.map(short).join(" | ")}`);

  // 4. restart it: must catch up to the same chain -----------------------------------
  say("4. restart node2; it must reach node0's head hash");
  await timed("restart node2 (spawn, peer, sync, seal)", () => n.startNode(2));
  const same = await timed("node2 block hash == node0 head", () =>
    n.waitForSameHead(2, 0, 30_000),
  );
  say(
    `   node2 was at ${short(node2AtStop)}; now has node0's head ${full(same)}`,
  );
  check(
    same.number > node2AtStop.number,
    "node2 did not advance past its pre-stop head",
  );
  summary.push(
    `node2 caught up from #${node2AtStop.number} to node0 head ${full(same)}`,
  );
  await timed("3 more blocks with 3/3 signers", () => n.waitForNewBlocks(3));

  // 5. two signers down: 1 of 3 cannot seal (at most one more block) ------------------
  say("5. stop node1 and node2; node0 alone must stall");
  await timed("stop node1+node2", () =>
    Promise.all([n.stopNode(1), n.stopNode(2)]),
  );
  const h0 = await n.head(0);
  await sleep(3_000 + 2_000 * n.period); // room for the single block node0 may still seal (+ wiggle)
  const h1 = await n.head(0);
  await sleep(6_000);
  const h2 = await n.head(0);
  say(
    `   node0 head right after stop ${short(h0)}, +${3 + 2 * n.period}s ${short(h1)}, +6s more ${full(h2)}`,
  );
  check(
    h1.number - h0.number <= 1,
    `node0 sealed ${h1.number - h0.number} blocks alone (max 1 expected)`,
  );
  check(
    h2.number === h1.number && h2.hash === h1.hash,
    `node0 kept sealing alone: ${h1.number} -> ${h2.number}`,
  );
  summary.push(
    `stalled with 1/3 signers: head stayed ${full(h2)} for 6 s (${h1.number - h0.number} extra block after stop)`,
  );

  // 6. restart both: progress resumes ------------------------------------------------
  say("6. restart node1 and node2; sealing must resume");
  await timed("restart node1+node2 (spawn, peer, sync, seal)", () => n.start());
  const resumed = await timed("3 new blocks after restart", () =>
    n.waitForNewBlocks(3),
  );
  say(`   heads: ${resumed.map(short).join(" | ")}`);
  const final = await timed("all nodes on the same head", () =>
    Promise.all([n.waitForSameHead(1, 0), n.waitForSameHead(2, 0)]),
  );
  const hs = await heads(n, [0, 1, 2]);
  say(
    `   node0 head ${full(final[1])} present on node1 and node2; now ${hs.map(short).join(" | ")}`,
  );
  summary.push(`after restart all 3 nodes share ${full(final[1])}`);

  // 7. anvil fallback smoke -----------------------------------------------------------
  say("7. anvil fallback (--hardfork london, block time 1 s)");
  const a = (anvil = await timed("anvil up", () =>
    startAnvil({ blockTime: 1, chainId: 31_338 }),
  ));
  const res = await fetch(a.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_chainId",
      params: [],
    }),
  });
  const chainId = Number(((await res.json()) as { result: string }).result);
  check(chainId === 31_338, `anvil chain id ${chainId}`);
  say(`   anvil ${a.url} pid ${a.pid} chainId ${chainId}`);
  await a.stop();
  check(!isPidAlive(a.pid), "anvil still alive after stop");
  anvil = undefined;
}

main()
  .then(async () => {
    await teardown();
    console.log(
      `\nSELFCHECK PASSED in ${((Date.now() - T0) / 1000).toFixed(1)} s`,
    );
    for (const l of summary) console.log(`  - ${l}`);
    process.exit(0);
  })
  .catch(async (e: unknown) => {
    console.error(
      `\nSELFCHECK FAILED: ${e instanceof Error ? e.message : String(e)}`,
    );
    if (net)
      for (const x of net.nodes)
        console.error(`  node${x.index} log: ${x.logFile}`);
    opts.keep = true; // keep logs for diagnosis
    await teardown();
    process.exit(1);
  });
