/**
 * Throughput, confirmation latency and signer catch-up on a real local Geth Clique network:
 * 3 signers, 1-second blocks, 30,000,000 block gas limit (tooling/clique defaults), a fresh temp
 * data dir, the consortium deployed with the `deploy` task (same Ignition module as
 * everywhere). Prints the figures of this run and writes reports/bench-clique.json.
 *
 *   npm run bench:clique [-- --workload certificate-issue,token-transfer] [--duration 30] [--senders 30]
 *                          [--inflight 64] [--catchup-blocks 1000] [--outage-tps 20] [--stutter] [--keep]
 *
 * Workloads are pluggable (WORKLOADS below): `certificate-issue` (CertificateRegistry.issue by
 * enrolled CERT_ISSUER keys, one stored certificate per transaction) and `token-transfer`
 * (SettlementToken.transfer between member accounts). A workload says which genesis grants it
 * needs, how to prepare (e.g. register a type) and how to build one transaction per
 * (sender, sequence number). --workload takes a comma-separated list; each gets its own
 * measured window.
 *
 * Every accepted transaction is then looked up by receipt on every node (mined, reverted,
 * pending in a pool, dropped, replaced), never judged by the block watcher alone; dropped ones
 * are broadcast again as signed (same nonce: they land once), and the bench exits 1 if any
 * stays unmined or reverted. --stutter pauses one signer at a time (SIGSTOP 1.5 s, every 2.5 s)
 * during the measured window: the others seal out of turn and the paused one's in-turn block
 * then wins, i.e. Clique reorgs on purpose, to check that accounting under reorgs.
 *
 * Catch-up: a signer is stopped while the others keep sealing under a light load, then
 * restarted; the time until it holds the head the others had when it restarted (same hash) is
 * measured. The default, 1,000 blocks behind, is what the target names and takes ~17 minutes of
 * outage with 1-s blocks; a quicker look with e.g. --catchup-blocks 120 prints the measured
 * import rate and, labelled as an estimate, the time 1,000 blocks would take at that rate.
 */
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Interface, JsonRpcProvider, Wallet, getAddress, keccak256, solidityPacked, type TransactionRequest } from "ethers";
import { CliqueNetwork, isPidAlive, sleep } from "../tooling/clique/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opt } = parseArgs({
  options: {
    workload: { type: "string", default: "certificate-issue,token-transfer" },
    duration: { type: "string", default: "30" },
    senders: { type: "string", default: "30" },
    inflight: { type: "string", default: "64" },
    "catchup-blocks": { type: "string", default: "1000" },
    "outage-tps": { type: "string", default: "20" },
    stutter: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const int = (name: string, v: string | undefined, min = 1) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got ${v}`);
  return n;
};
const DURATION_S = int("duration", opt.duration);
const SENDERS = int("senders", opt.senders);
const INFLIGHT = int("inflight", opt.inflight);
const CATCHUP_BLOCKS = int("catchup-blocks", opt["catchup-blocks"]);
const OUTAGE_TPS = int("outage-tps", opt["outage-tps"], 0);
if (SENDERS > 30) throw new Error("--senders: at most 30 (one consortium member holds at most 32 accounts)");

const T0 = Date.now();
const say = (m: string) => console.log(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s] ${m}`);
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

// ------------------------------------------------------------------------------ workloads

interface BenchContext {
  chainId: number;
  token: string;
  consortium: string;
  registry?: string;
  senders: Wallet[];
  receiver: string;
  /** What prepare() set up (e.g. the certificate type id). */
  extra: Record<string, unknown>;
}

/** One kind of transaction the chain is benchmarked with. */
interface Workload {
  name: string;
  /** What one operation is, for the output ("token transfers", "certificate issues"). */
  unit: string;
  /** Gas limit per transaction (fixed, so that signing needs no round trip). */
  gasLimit: bigint;
  /** Roles the senders need at genesis. */
  senderRoles: string[];
  /** Roles the issuer account (bench bank) needs at genesis. */
  issuerRoles: string[];
  /** One-time setup after deployment (runs with the deploy task's network). */
  prepare?(ctx: BenchContext, env: { cli: (args: string[], key: string) => Promise<string>; issuer: Wallet; provider: JsonRpcProvider }): Promise<void>;
  /** One unsigned transaction (to, data) of `sender`'s `seq`-th operation. */
  build(ctx: BenchContext, sender: Wallet, seq: number): TransactionRequest;
}

const tokenIface = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);
const registryIface = new Interface([
  "function issue(bytes32 id, uint256 terms)",
  "function setIssuer(address account, uint16[] typeIds, bool anyType)",
]);

const WORKLOADS: Record<string, Workload> = {
  "certificate-issue": {
    name: "certificate-issue",
    unit: "certificate issues",
    gasLimit: 200_000n,
    senderRoles: ["CERT_ISSUER"],
    issuerRoles: ["PLATFORM_OPERATOR"],
    async prepare(ctx, env) {
      if (!ctx.registry) throw new Error("the deployment has no CertificateRegistry");
      // A type any member-1 key may issue (cert:type:add, as the platform operator)...
      const out = JSON.parse(await env.cli(["cert:type:add", "--name", "Bench licence", "--fields", "company,capacityKw", "--members", "1", "--revocable", "--json"], env.issuer.privateKey));
      ctx.extra.typeId = Number(out.typeId);
      // ...and every sender, an admin of member 1, enrols itself as an issuer key of that type.
      const sent = await Promise.all(
        ctx.senders.map((s) =>
          s.connect(env.provider).sendTransaction({ to: ctx.registry, data: registryIface.encodeFunctionData("setIssuer", [s.address, [ctx.extra.typeId], false]), gasLimit: 300_000 }),
        ),
      );
      for (const t of sent) if ((await env.provider.waitForTransaction(t.hash, 1, 60_000))?.status !== 1) throw new Error(`setIssuer ${t.hash} failed`);
    },
    build: (ctx, sender, seq) => ({
      to: ctx.registry,
      // A unique id per (sender, seq); terms = the type id (validFrom: now, no expiry).
      data: registryIface.encodeFunctionData("issue", [keccak256(solidityPacked(["address", "uint256", "uint256"], [sender.address, seq, BENCH_SALT])), ctx.extra.typeId]),
    }),
  },
  "token-transfer": {
    name: "token-transfer",
    unit: "token transfers",
    gasLimit: 200_000n,
    senderRoles: [],
    issuerRoles: ["TOKEN_ISSUER"],
    async prepare(ctx, env) {
      // Tokens for every sender: one mint each, by the issuer, pipelined.
      const mintIface = new Interface(["function mint(address to, uint256 amount, bytes32 ref)"]);
      const issuer = env.issuer.connect(env.provider);
      let nonce = await env.provider.getTransactionCount(issuer.address, "pending");
      const mints = await Promise.all(
        ctx.senders.map((s, i) =>
          issuer.sendTransaction({
            to: ctx.token,
            data: mintIface.encodeFunctionData("mint", [s.address, 10n ** 12n, "0x" + (i + 1).toString(16).padStart(64, "0")]),
            nonce: nonce++,
            gasLimit: 300_000,
          }),
        ),
      );
      for (const m of mints) if ((await env.provider.waitForTransaction(m.hash, 1, 60_000))?.status !== 1) throw new Error(`mint ${m.hash} failed`);
    },
    build: (ctx) => ({ to: ctx.token, data: tokenIface.encodeFunctionData("transfer", [ctx.receiver, 1n]) }),
  },
};
const BENCH_SALT = BigInt(Date.now());
const workloads = opt.workload!.split(",").map((w) => {
  const found = WORKLOADS[w.trim()];
  if (!found) throw new Error(`--workload: unknown "${w}" (known: ${Object.keys(WORKLOADS).join(", ")})`);
  return found;
});
/** Next operation number per sender, across every load (certificate ids must never repeat). */
const nextSeq = new Map<string, number>();
/** The workload being measured (set per phase). */
let workload: Workload | undefined;

// ------------------------------------------------------------------------------- plumbing

async function rpcBatch(url: string, calls: Array<{ method: string; params: unknown[] }>): Promise<Array<{ result?: unknown; error?: { message: string } }>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((c, i) => ({ jsonrpc: "2.0", id: i, ...c }))),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as Array<{ id: number; result?: unknown; error?: { message: string } }>;
  return body.sort((a, b) => a.id - b.id);
}

function runCli(args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/hardhat/dist/src/cli.js"), "--network", "clique", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`hardhat ${args[0]} exited ${code}: ${err.trim() || out.trim()}`));
    });
  });
}

/** One accepted transaction: when it was sent, when the watcher saw it in a canonical block, and what to resend. */
interface SentRecord {
  sender: number;
  sentAt: number;
  minedAt?: number;
  block?: number;
  /** The signed bytes (a dropped transaction is broadcast again as is: same nonce, lands once) and its nonce. */
  raw?: string;
  nonce?: number;
}

/**
 * Keeps up to `inflight` transactions of each sender in the pool (nonces pipelined, signed
 * locally, sent in JSON-RPC batches round-robin to the running nodes) until stop() or
 * `limit` transactions; optional rate cap. Records when each was accepted and when it was
 * first seen in a block.
 */
class Load {
  private nonces: number[] = [];
  private inflight: number[] = [];
  readonly sent = new Map<string, SentRecord>();
  private running = true;
  private errors: string[] = [];
  private rr = 0;
  constructor(
    private ctx: BenchContext,
    private urls: () => string[],
    private fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
    private opts: { inflight: number; tps?: number },
    /** Every transaction the block watcher has seen in a block (hash → block, when). */
    private seen?: Map<string, { block: number; at: number }>,
  ) {}

  async init(nodeUrl: string): Promise<void> {
    const counts = await rpcBatch(nodeUrl, this.ctx.senders.map((s) => ({ method: "eth_getTransactionCount", params: [s.address, "pending"] })));
    this.nonces = counts.map((c) => Number(c.result));
    this.inflight = this.ctx.senders.map(() => 0);
  }

  /** Marks transactions of a block as mined (called by the block watcher). */
  mined(hashes: string[], block: number, at: number): number {
    let ours = 0;
    for (const h of hashes) {
      const s = this.sent.get(h);
      if (s && s.minedAt === undefined) {
        s.minedAt = at;
        s.block = block;
        this.inflight[s.sender]!--;
        ours++;
      }
    }
    return ours;
  }

  stop(): void {
    this.running = false;
  }

  /** Un-marks transactions of a block that left the canonical chain (a Clique reorg): they are mined again elsewhere, or wait in a pool. */
  unmined(hashes: string[]): void {
    for (const h of hashes) {
      const s = this.sent.get(h);
      if (s && s.minedAt !== undefined) {
        s.minedAt = undefined;
        s.block = undefined;
        this.inflight[s.sender]!++;
      }
    }
  }

  /** Follows a transaction sent outside run(). */
  track(hash: string, sentAt: number): void {
    this.inflight[0] = (this.inflight[0] ?? 0) + 1;
    this.sent.set(hash, { sender: 0, sentAt });
  }

  get problems(): string[] {
    return this.errors;
  }

  /** One send loop per running node, each over its own share of the senders (parallel batches). */
  async run(): Promise<void> {
    const workers = Math.max(1, Math.min(this.urls().length, this.ctx.senders.length));
    const started = Date.now();
    let total = 0;
    const worker = async (w: number) => {
      const mine = this.ctx.senders.map((_, i) => i).filter((i) => i % workers === w);
      while (this.running) {
        const batch: Array<{ raw: Promise<string>; sender: number; nonce: number }> = [];
        for (const i of mine) {
          while (this.inflight[i]! < this.opts.inflight && batch.length < 200) {
            if (this.opts.tps !== undefined && total + batch.length >= ((Date.now() - started) / 1000) * this.opts.tps) break;
            const s = this.ctx.senders[i]!;
            const seq = nextSeq.get(s.address) ?? 0;
            nextSeq.set(s.address, seq + 1);
            const tx = {
              ...workload!.build(this.ctx, s, seq),
              nonce: this.nonces[i]!,
              chainId: this.ctx.chainId,
              type: 2,
              gasLimit: workload!.gasLimit,
              ...this.fees,
            };
            this.nonces[i]!++;
            this.inflight[i]!++;
            batch.push({ raw: s.signTransaction(tx), sender: i, nonce: tx.nonce });
          }
        }
        if (batch.length === 0) {
          await sleep(20);
          continue;
        }
        total += batch.length;
        const raws = await Promise.all(batch.map((b) => b.raw));
        const urls = this.urls();
        const url = urls[w % urls.length]!;
        const at = Date.now(); // submission time: latency is measured from here
        let res: Awaited<ReturnType<typeof rpcBatch>>;
        try {
          res = await rpcBatch(url, raws.map((r) => ({ method: "eth_sendRawTransaction", params: [r] })));
        } catch (e) {
          throw new Error(`batch of ${raws.length} to ${url}: ${(e as Error).message}`);
        }
        res.forEach((r, k) => {
          const b = batch[k]!;
          if (r.error) {
            this.errors.push(r.error.message);
            this.inflight[b.sender]!--;
          } else {
            const hash = String(r.result);
            this.sent.set(hash, { sender: b.sender, sentAt: at, raw: raws[k], nonce: b.nonce });
            // Mined (and seen by the watcher) before the batch's answer came back.
            const early = this.seen?.get(hash);
            if (early) this.mined([hash], early.block, early.at);
          }
        });
        if (this.errors.length > 50) throw new Error(`too many send errors, e.g. ${this.errors.slice(-3).join(" | ")}`);
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  }
}

/** What became of a load's accepted transactions, by the nodes' own records. */
interface Fate {
  /** Transactions accepted by a node (eth_sendRawTransaction answered a hash). */
  accepted: number;
  /** With a receipt on some node: succeeded / reverted. */
  mined: number;
  reverted: string[];
  /** Mined (receipt) although the block watcher never saw them in a canonical block. */
  missedByWatcher: number;
  /** Mined (receipt) but never in the first block seen at any height: what a watcher blind to reorgs called "not mined" (when asked). */
  missedIgnoringReorgs?: number;
  /** No receipt, but some node's pool holds it. */
  pending: string[];
  /** No node knows it and its nonce is still unused: the pool lost it. */
  dropped: string[];
  /** No node knows it and its sender's mined nonce passed it: another transaction took the nonce. */
  replaced: string[];
}

const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * Looks every accepted transaction up on every running node, in batches: receipt (mined:
 * succeeded or reverted), else eth_getTransactionByHash (pending in a pool), else the sender's
 * mined nonce (unused: dropped; passed: replaced). The watcher's view is only compared with it.
 */
async function lookUp(load: Load, urls: string[], senders: Wallet[], naiveSeen?: Set<string>): Promise<Fate> {
  const fate: Fate = { accepted: load.sent.size, mined: 0, reverted: [], missedByWatcher: 0, missedIgnoringReorgs: naiveSeen ? 0 : undefined, pending: [], dropped: [], replaced: [] };
  let open = [...load.sent.keys()];
  for (const url of urls) {
    const still: string[] = [];
    for (const part of chunks(open, 200)) {
      const res = await rpcBatch(url, part.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })));
      res.forEach((r, k) => {
        const rc = r.result as { status: string } | null | undefined;
        const h = part[k]!;
        if (!rc) return still.push(h);
        if (Number(rc.status) === 1) fate.mined++;
        else fate.reverted.push(h);
        if (load.sent.get(h)!.minedAt === undefined) fate.missedByWatcher++;
        if (naiveSeen && !naiveSeen.has(h)) fate.missedIgnoringReorgs!++;
      });
    }
    open = still;
  }
  const unknown: string[] = [];
  for (const h of open) {
    let known = false;
    for (const url of urls) {
      const [r] = await rpcBatch(url, [{ method: "eth_getTransactionByHash", params: [h] }]);
      if (r!.result) known = true;
    }
    (known ? fate.pending : unknown).push(h);
  }
  if (unknown.length) {
    const mined = (await rpcBatch(urls[0]!, senders.map((s) => ({ method: "eth_getTransactionCount", params: [s.address, "latest"] })))).map((r) => Number(r.result));
    for (const h of unknown) {
      const x = load.sent.get(h)!;
      (x.nonce !== undefined && mined[x.sender]! > x.nonce ? fate.replaced : fate.dropped).push(h);
    }
  }
  return fate;
}

/**
 * The fate of a load's transactions, settled: looked up; the dropped ones broadcast again to
 * every running node as signed (same nonce, so each lands at most once) and everything not yet
 * mined given time, up to `rounds` times. What is still not mined after that is lost.
 */
async function settle(load: Load, urls: string[], senders: Wallet[], naiveSeen?: Set<string>, rounds = 3): Promise<{ first: Fate; last: Fate; resent: number }> {
  const first = await lookUp(load, urls, senders, naiveSeen);
  let last = first;
  let resent = 0;
  for (let round = 0; round < rounds && last.pending.length + last.dropped.length > 0; round++) {
    for (const h of last.dropped) {
      const raw = load.sent.get(h)!.raw;
      if (!raw) continue;
      resent++;
      for (const url of urls) await rpcBatch(url, [{ method: "eth_sendRawTransaction", params: [raw] }]).catch(() => undefined);
    }
    const until = Date.now() + 20_000;
    do {
      await sleep(1_000);
      last = await lookUp(load, urls, senders, naiveSeen);
    } while (last.pending.length + last.dropped.length > 0 && Date.now() < until);
  }
  return { first, last, resent };
}

const fateLine = (f: Fate) =>
  `${f.mined} mined, ${f.reverted.length} reverted, ${f.pending.length} pending in a pool, ${f.dropped.length} dropped (no node knows it, nonce unused), ` +
  `${f.replaced.length} replaced (nonce used by another)`;
const fateJson = (f: Fate) => ({
  accepted: f.accepted,
  mined: f.mined,
  reverted: f.reverted.length,
  pending: f.pending.length,
  dropped: f.dropped.length,
  replaced: f.replaced.length,
  minedButMissedByBlockWatcher: f.missedByWatcher,
  ...(f.missedIgnoringReorgs === undefined ? {} : { minedButMissedIgnoringReorgs: f.missedIgnoringReorgs }),
});

/** Failures found on the way (lost or reverted transactions): the bench exits 1 after its report. */
const failures: string[] = [];

/**
 * Polls node0's head; for each new block, records its transactions in every load. Follows
 * reorgs: Clique with several signers has them (an out-of-turn block replaced by the in-turn
 * one, more often on a loaded machine), and a watcher that only counted block numbers missed
 * every transaction of the winning block and called them "not mined". A block whose parent hash
 * is not the block recorded below it rolls the record back until they join, un-marking the
 * transactions of the abandoned blocks.
 */
class BlockWatcher {
  readonly blocks: Array<{ number: number; hash: string; timestamp: number; txs: number; gasUsed: bigint; seenAt: number; hashes: string[] }> = [];
  readonly seen = new Map<string, { block: number; at: number }>();
  /** Reorgs followed: how many, the blocks rolled back in all, and the deepest. */
  readonly reorgs = { count: 0, blocksRolledBack: 0, deepest: 0 };
  /** What a watcher blind to reorgs (the first block seen at each height, as this one was) would have counted as mined. */
  readonly naiveSeen = new Set<string>();
  private naiveHeights = new Set<number>();
  private running = true;
  loads = new Set<Load>();
  constructor(
    private url: () => string,
    private from: number,
  ) {}
  stop() {
    this.running = false;
  }
  async run(): Promise<void> {
    let next = this.from;
    while (this.running) {
      try {
        const [head] = await rpcBatch(this.url(), [{ method: "eth_blockNumber", params: [] }]);
        const h = Number(head!.result);
        let depth = 0;
        while (next <= h) {
          const [b] = await rpcBatch(this.url(), [{ method: "eth_getBlockByNumber", params: ["0x" + next.toString(16), false] }]);
          const blk = b!.result as { number: string; hash: string; parentHash: string; timestamp: string; transactions: string[]; gasUsed: string } | null;
          if (!blk) break; // the head moved back meanwhile (a heavier, shorter chain won): poll again
          const below = this.blocks.at(-1);
          if (below && below.number === next - 1 && below.hash !== blk.parentHash) {
            // Block next-1 as recorded is no longer canonical: drop it and look again.
            this.blocks.pop();
            for (const tx of below.hashes) if (this.seen.get(tx)?.block === below.number) this.seen.delete(tx);
            for (const l of this.loads) l.unmined(below.hashes);
            next--;
            depth++;
            this.reorgs.blocksRolledBack++;
            continue;
          }
          if (depth > 0) {
            this.reorgs.count++;
            this.reorgs.deepest = Math.max(this.reorgs.deepest, depth);
            depth = 0;
          }
          if (!this.naiveHeights.has(next)) {
            this.naiveHeights.add(next);
            for (const t of blk.transactions) this.naiveSeen.add(t);
          }
          const at = Date.now();
          this.blocks.push({ number: next, hash: blk.hash, timestamp: Number(blk.timestamp), txs: blk.transactions.length, gasUsed: BigInt(blk.gasUsed), seenAt: at, hashes: blk.transactions });
          for (const t of blk.transactions) this.seen.set(t, { block: next, at });
          for (const l of this.loads) l.mined(blk.transactions, next, at);
          next++;
        }
      } catch {
        /* transient */
      }
      await sleep(50);
    }
  }
}

/**
 * Pauses one signer at a time (SIGSTOP 1.5 s, then SIGCONT) every 2.5 s for `ms`: the others
 * seal its turn out of turn, and its own in-turn block, sealed on waking, then wins: reorgs.
 */
async function stutterSigners(n: CliqueNetwork, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let k = 0;
  while (Date.now() + 2_500 < until) {
    const pid = n.pid(k % n.nodes.length);
    k++;
    if (pid === undefined) continue;
    process.kill(pid, "SIGSTOP");
    try {
      await sleep(1_500);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await sleep(1_000);
  }
  return k;
}

// ------------------------------------------------------------------------------------ main

let net: CliqueNetwork | undefined;
let dir: string | undefined;
const deploymentId = `test-bench-clique-${process.pid}`;
process.on("exit", () => net?.killAllSync());
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));

async function main() {
  dir = await mkdtemp(path.join(tmpdir(), "bench-clique-"));
  const accounts = SENDERS + 3; // deployer, issuer, receiver + senders
  net = await CliqueNetwork.open({ dataDir: path.join(dir, "net"), signers: 3, period: 1, ports: "auto", devAccounts: accounts, log: (m) => say(m) });
  const n = net;
  await n.start();
  await n.waitForHead(2);
  const keys = n.devKeys;
  const [deployer, issuer, receiver] = [keys[0]!, keys[1]!, keys[2]!];
  const senders = keys.slice(3).map((k) => new Wallet(k.privateKey));
  say(`network: 3 signers, period ${n.period} s, block gas limit ${n.gasLimit}, chain ${n.chainId}, ${await n.rpc<string>(0, "web3_clientVersion")}`);

  // Genesis: the senders are accounts of one member, the receiver of another, the issuer of a third.
  const grants = [
    ...new Set(workloads.flatMap((w) => w.issuerRoles)),
  ].map((role) => ({ account: issuer.address, role }));
  for (const role of new Set(workloads.flatMap((w) => w.senderRoles))) for (const sd of senders) grants.push({ account: sd.address, role });
  const params = {
    chainId: n.chainId,
    rules: { quorumBps: "50%", approvalBps: "66.66%", votingPeriod: "1h", executionDelay: "0s", executionWindow: "1d", leadingMember: 0 },
    members: [
      { name: "Bench Senders", admins: senders.map((sd) => sd.address), weight: 1 },
      { name: "Bench Receiver", admins: [receiver.address], weight: 1 },
      { name: "Bench Bank", admins: [issuer.address], weight: 1 },
    ],
    grants,
    nodes: n.nodes.map((x, i) => ({ memberId: ["Bench Senders", "Bench Receiver", "Bench Bank"][i]!, signer: x.address, enode: x.enode })),
  };
  const file = path.join(dir, "genesis.json");
  await writeFile(file, JSON.stringify(params));
  const cliEnv = (key: string) => ({ CLIQUE_RPC_URL: n.rpcUrl(0), CLIQUE_CHAIN_ID: String(n.chainId), CLIQUE_PRIVATE_KEY: key, CONSORTIUM_DEPLOYMENT_ID: deploymentId });
  const deployed = JSON.parse(await runCli(["deploy", "--parameters", file, "--deployment-id", deploymentId, "--json"], cliEnv(deployer.privateKey)));
  say(`deployed with the deploy task: ${Object.entries(deployed.contracts ?? { Consortium: deployed.consortium, SettlementToken: deployed.token }).map(([k, v]) => `${k} ${v}`).join(", ")}`);

  const p0 = n.provider(0);
  const ctx: BenchContext = {
    chainId: n.chainId,
    token: deployed.token,
    consortium: deployed.consortium,
    registry: deployed.contracts?.CertificateRegistry,
    senders,
    receiver: getAddress(receiver.address),
    extra: {},
  };
  const running = () => n.nodes.map((x) => x.index).filter((i) => n.isRunning(i)).map((i) => n.rpcUrl(i));
  const watcher = new BlockWatcher(() => n.rpcUrl(0), (await p0.getBlockNumber()) + 1);
  const watching = watcher.run();
  let fees = { maxPriorityFeePerGas: 0n, maxFeePerGas: 0n };
  const results: Record<string, unknown>[] = [];

  for (const w of workloads) {
    workload = w;
    say(`--- workload ${w.name}`);
    await w.prepare?.(ctx, { cli: (args, key) => runCli(args, cliEnv(key)), issuer: new Wallet(issuer.privateKey), provider: p0 });
    const feeBlock = (await p0.getBlock("latest"))!;
    fees = { maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: feeBlock.baseFeePerGas! * 4n + 2_000_000_000n };

    // Gas of one operation (what the block gas limit allows per block).
    const one = await new Wallet(senders[0]!.privateKey, p0).sendTransaction({ ...w.build(ctx, senders[0]!, 1_000_000_000), gasLimit: w.gasLimit });
    const oneRc = (await p0.waitForTransaction(one.hash, 1, 60_000))!;
    if (oneRc.status !== 1) throw new Error(`${w.name}: the first operation reverted (${one.hash})`);
    const gasPerOp = oneRc.gasUsed;
    say(`first ${w.unit.replace(/s$/, "")}: ${gasPerOp} gas`);

    // 1. Idle confirmation latency: one transaction at a time, each sent at a random moment of
    //    the block period (sending right after the previous confirmation would always just miss
    //    the block being built).
    const idleLat: number[] = [];
    {
      const wal = new Wallet(senders[0]!.privateKey, p0);
      const probe = new Load({ ...ctx, senders: [senders[0]!] }, running, fees, { inflight: 1 });
      watcher.loads.add(probe);
      let nonce = await p0.getTransactionCount(wal.address, "pending");
      for (let k = 0; k < 20; k++) {
        await sleep(Math.floor(Math.random() * 1000 * n.period));
        const raw = await wal.signTransaction({ ...w.build(ctx, wal, 2_000_000_000 + k), nonce: nonce++, chainId: n.chainId, type: 2, gasLimit: w.gasLimit, ...fees });
        const submitted = Date.now();
        const [r] = await rpcBatch(n.rpcUrl(k % 3), [{ method: "eth_sendRawTransaction", params: [raw] }]);
        if (r!.error) throw new Error(`idle probe: ${r!.error.message}`);
        const hash = String(r!.result);
        probe.track(hash, submitted);
        const early = watcher.seen.get(hash);
        if (early) probe.mined([hash], early.block, early.at);
        const deadline = Date.now() + 30_000;
        while (probe.sent.get(hash)!.minedAt === undefined) {
          if (Date.now() > deadline) throw new Error(`idle probe ${hash} not mined in 30 s`);
          await sleep(20);
        }
        idleLat.push(probe.sent.get(hash)!.minedAt! - probe.sent.get(hash)!.sentAt);
      }
      watcher.loads.delete(probe);
    }
    say(`idle latency (1 tx at a time, sent at a random point of the period, ${idleLat.length} samples): p50 ${pct(idleLat, 50)} ms, p95 ${pct(idleLat, 95)} ms`);

    // 2. Sustained throughput: warm-up, then a measured window.
    const load = new Load(ctx, running, fees, { inflight: INFLIGHT }, watcher.seen);
    await load.init(n.rpcUrl(0));
    watcher.loads.add(load);
    const loadRun = load.run();
    await sleep(5_000);
    const firstBlock = (await p0.getBlockNumber()) + 1;
    const windowStart = Date.now();
    const stutter = opt.stutter ? stutterSigners(n, DURATION_S * 1000) : Promise.resolve(0);
    await sleep(DURATION_S * 1000);
    const pauses = await stutter;
    if (pauses) say(`--stutter: paused a signer ${pauses} times during the window`);
    const lastBlock = await p0.getBlockNumber();
    load.stop();
    await loadRun;
    // Let the in-flight ones land, for latency.
    const drainUntil = Date.now() + 30_000;
    while ([...load.sent.values()].some((x) => x.minedAt === undefined) && Date.now() < drainUntil) await sleep(200);
    watcher.loads.delete(load);
    const inWindow = watcher.blocks.filter((bl) => bl.number >= firstBlock && bl.number <= lastBlock);
    const txs = inWindow.reduce((acc, bl) => acc + bl.txs, 0);
    const spanS = inWindow.length > 1 ? inWindow.at(-1)!.timestamp - inWindow[0]!.timestamp + n.period : DURATION_S;
    const tps = txs / spanS;
    const gasUsed = inWindow.reduce((acc, bl) => acc + bl.gasUsed, 0n);
    const fullness = Number((gasUsed * 10_000n) / (BigInt(Math.max(1, inWindow.length)) * n.gasLimit)) / 100;
    // The window's average is the steady cost (a first transfer to an empty balance costs more).
    const gasPerOpSteady = txs ? gasUsed / BigInt(txs) : gasPerOp;
    const ceilingSteady = Number(n.gasLimit / gasPerOpSteady) / n.period;
    const minedInWindow = [...load.sent.values()].filter((x) => x.block !== undefined && x.block >= firstBlock && x.block <= lastBlock);
    const loadLat = minedInWindow.map((x) => x.minedAt! - x.sentAt);
    const unmined = [...load.sent.values()].filter((x) => x.minedAt === undefined).length;
    // Not seen by the watcher is not "not mined": every transaction is looked up by receipt.
    const settled = await settle(load, running(), ctx.senders, watcher.naiveSeen);
    // After the look-up (a node still importing the last blocks holds their transactions a moment longer).
    const pools = await Promise.all(running().map(async (u) => (await rpcBatch(u, [{ method: "txpool_status", params: [] }]))[0]!.result as { pending: string; queued: string }));
    say(
      `sustained: ${txs} ${w.unit} in ${inWindow.length} blocks over ${spanS} s of block time = ${tps.toFixed(1)}/s ` +
        `(${SENDERS} senders × ${INFLIGHT} in flight; blocks ${fullness}% full on average; ${((Date.now() - windowStart) / 1000).toFixed(0)} s wall incl. draining)`,
    );
    say(`gas per operation ${gasPerOpSteady} in the window → the ${n.gasLimit} block gas limit allows ${ceilingSteady.toFixed(0)}/s at ${n.period}-s blocks`);
    say(`confirmation latency under load (${loadLat.length} txs): p50 ${pct(loadLat, 50)} ms, p95 ${pct(loadLat, 95)} ms`);
    const { first, last, resent } = settled;
    say(
      `accepted ${first.accepted}; after draining, looked up by receipt on ${running().length} nodes: ${fateLine(first)}; ` +
        `${unmined} not seen in a canonical block by the watcher, of which ${first.missedByWatcher} mined; reorgs followed: ${watcher.reorgs.count} ` +
        `(${watcher.reorgs.blocksRolledBack} blocks rolled back, deepest ${watcher.reorgs.deepest}), blind to them the watcher would have called ${first.missedIgnoringReorgs} mined ones "not mined"; pools (pending/queued) ${pools.map((q) => `${Number(q.pending)}/${Number(q.queued)}`).join(", ")}`,
    );
    if (first.pending.length + first.dropped.length > 0) say(`after ${resent} resend(s) of dropped ones (same signed bytes) and waiting: ${fateLine(last)}`);
    if (load.problems.length) say(`send errors: ${load.problems.length} (e.g. ${load.problems.slice(0, 2).join(" | ")})`);
    const lost = last.pending.length + last.dropped.length + last.replaced.length;
    if (lost) failures.push(`${w.name}: ${lost} accepted transaction(s) never mined (${last.pending.length} pending, ${last.dropped.length} dropped, ${last.replaced.length} replaced), e.g. ${[...last.pending, ...last.dropped, ...last.replaced][0]}`);
    if (last.reverted.length) failures.push(`${w.name}: ${last.reverted.length} transaction(s) reverted (a certificate issued twice?), e.g. ${last.reverted[0]}`);
    results.push({
      name: w.name,
      unit: w.unit,
      gasFirstOperation: Number(gasPerOp),
      gasPerOperation: Number(gasPerOpSteady),
      gasCeilingPerSecond: Math.floor(ceilingSteady),
      throughput: {
        operationsPerSecond: Number(tps.toFixed(2)),
        operations: txs,
        blocks: inWindow.length,
        blockTimeSpanS: spanS,
        averageBlockFullnessPct: fullness,
        senders: SENDERS,
        inflightPerSender: INFLIGHT,
        sendErrors: load.problems.length,
        notSeenByBlockWatcher: unmined,
        reorgsFollowed: { ...watcher.reorgs },
        ...(opt.stutter ? { stutter: "one signer at a time paused 1.5 s every 2.5 s during the window (reorgs on purpose)" } : {}),
      },
      transactions: { afterDraining: fateJson(first), resentDropped: resent, final: fateJson(last) },
      latencyMs: {
        idle: { p50: pct(idleLat, 50), p95: pct(idleLat, 95), samples: idleLat.length },
        underLoad: { p50: pct(loadLat, 50), p95: pct(loadLat, 95), samples: loadLat.length },
      },
    });
  }
  say(`--- this machine has ${cpus().length} CPUs, shared by the 3 geth nodes and the load generator`);

  // 3. Catch-up: stop a signer, let CATCHUP_BLOCKS pass under a light load, restart it.
  const victim = 2;
  const stoppedAt = await n.head(victim);
  await n.stopNode(victim);
  const stopT = Date.now();
  const light = new Load(ctx, running, fees, { inflight: 4, tps: OUTAGE_TPS }, watcher.seen);
  await light.init(n.rpcUrl(0));
  watcher.loads.add(light);
  const lightRun = OUTAGE_TPS > 0 ? light.run() : Promise.resolve();
  say(`stopped node${victim} at #${stoppedAt.number}; waiting for ${CATCHUP_BLOCKS} blocks (~${CATCHUP_BLOCKS * n.period} s) with ~${OUTAGE_TPS} tx/s`);
  await n.waitForHead(stoppedAt.number + CATCHUP_BLOCKS, { nodes: [0, 1], timeoutMs: (CATCHUP_BLOCKS * n.period + 60) * 1000 });
  light.stop();
  await lightRun;
  watcher.stop();
  await watching;
  const target = await n.head(0);
  const behind = target.number - stoppedAt.number;
  const restartT = Date.now();
  // Phases seen from outside: RPC up, first block imported, target reached.
  const phases: { rpcUp?: number; firstImport?: number; target?: number } = {};
  let polling = true;
  const poller = (async () => {
    while (polling) {
      try {
        const h = await n.head(victim);
        phases.rpcUp ??= Date.now();
        if (h.number > stoppedAt.number) phases.firstImport ??= Date.now();
        if (h.number >= target.number) {
          phases.target ??= Date.now();
          return;
        }
      } catch {
        /* not up yet */
      }
      await sleep(25);
    }
  })();
  await n.startNode(victim, { timeoutMs: 600_000 });
  const caughtUp = await n.waitForSameHead(victim, 0, 600_000);
  polling = false;
  await poller;
  const catchS = (Date.now() - restartT) / 1000;
  const hashOk = (await n.blockHash(victim, target.number)) === target.hash;
  if (!hashOk) throw new Error(`node${victim} has a different block #${target.number}`);
  const s = (t?: number) => (t === undefined ? NaN : (t - restartT) / 1000);
  const importS = phases.firstImport !== undefined && phases.target !== undefined ? Math.max(0.001, (phases.target - phases.firstImport) / 1000) : NaN;
  const importRate = behind / importS;
  const overheadS = s(phases.firstImport);
  say(
    `catch-up: node${victim} was ${behind} blocks behind after ${((restartT - stopT) / 1000).toFixed(0)} s stopped; restart → same head hash as node0 (#${caughtUp.number}) in ${catchS.toFixed(1)} s ` +
      `(RPC up ${s(phases.rpcUp).toFixed(1)} s, first block imported ${overheadS.toFixed(1)} s, #${target.number} reached ${s(phases.target).toFixed(1)} s: ~${importRate.toFixed(0)} blocks/s while importing)`,
  );
  // The outage's transactions too: sent to the two running nodes while the third was down (the
  // watcher stopped with the outage, so the last ones are found by receipt only).
  const outage = await settle(light, running(), ctx.senders);
  say(`outage load: accepted ${outage.first.accepted}; by receipt on ${running().length} nodes: ${fateLine(outage.last)}${outage.resent ? ` (after ${outage.resent} resend(s) of dropped ones)` : ""}`);
  const outageLost = outage.last.pending.length + outage.last.dropped.length + outage.last.replaced.length;
  if (outageLost) failures.push(`outage load: ${outageLost} accepted transaction(s) never mined, e.g. ${[...outage.last.pending, ...outage.last.dropped, ...outage.last.replaced][0]}`);
  if (outage.last.reverted.length) failures.push(`outage load: ${outage.last.reverted.length} transaction(s) reverted, e.g. ${outage.last.reverted[0]}`);
  const extrapolated = CATCHUP_BLOCKS >= 1000 ? undefined : overheadS + 1000 / importRate;
  if (extrapolated !== undefined) {
    say(
      `1,000 blocks behind was NOT measured (${behind} were: with 1-s blocks 1,000 take ~17 min to accumulate); estimate ≈ ${extrapolated.toFixed(1)} s ` +
        `(restart overhead + 1,000 / measured import rate; extrapolated, blocks of this run's light load). Measure it: --catchup-blocks 1000`,
    );
  }

  const report = {
    generatedAt: new Date().toISOString(),
    network: { kind: "geth-clique", gethVersion: await n.rpc<string>(0, "web3_clientVersion"), signers: 3, periodS: n.period, blockGasLimit: Number(n.gasLimit), chainId: n.chainId },
    machine: { cpus: cpus().length, note: "the 3 geth nodes and the load generator share this machine" },
    workloads: results,
    latencyNote: "from submitting eth_sendRawTransaction (under load in batches of up to 200) to this script seeing the transaction in a block on node0 (polled every 50 ms); under load it includes the queue the generator keeps (senders x in flight)",
    catchUp: {
      blocksBehind: behind,
      stoppedForS: Math.round((restartT - stopT) / 1000),
      outageLoad: `${workload!.name}, ~${OUTAGE_TPS}/s`,
      outageTransactions: { afterRestart: fateJson(outage.first), resentDropped: outage.resent, final: fateJson(outage.last) },
      catchUpS: Number(catchS.toFixed(2)),
      rpcUpS: Number(s(phases.rpcUp).toFixed(2)),
      firstBlockImportedS: Number(overheadS.toFixed(2)),
      importBlocksPerSecond: Number(importRate.toFixed(1)),
      measured1000Blocks: CATCHUP_BLOCKS >= 1000,
      extrapolated1000BlocksS: extrapolated === undefined ? null : Number(extrapolated.toFixed(1)),
      note: "catch-up = restart of the stopped signer (process start, peering, import) until it holds the block the others had at restart, with the same hash",
    },
  };
  await mkdir(path.join(ROOT, "reports"), { recursive: true });
  await writeFile(path.join(ROOT, "reports", "bench-clique.json"), JSON.stringify(report, null, 2) + "\n");
  say("wrote reports/bench-clique.json");
  if (failures.length) throw new Error(failures.join("; "));
}

main()
  .then(
    () => 0,
    (e: unknown) => {
      console.error(`\nBENCH FAILED: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    },
  )
  .then(async (code) => {
    const pids = net?.nodes.map((x) => net!.pid(x.index)).filter((p): p is number => !!p) ?? [];
    // None left paused by a failure mid-pause (a paused geth would not stop on SIGTERM).
    if (opt.stutter) {
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGCONT");
        } catch {
          /* already gone */
        }
      }
    }
    await net?.stopAll(10_000).catch(() => net?.killAllSync());
    net?.close();
    await rm(path.join(ROOT, "deploy", "deployments", deploymentId), { recursive: true, force: true });
    if (dir && !opt.keep && code === 0) await rm(dir, { recursive: true, force: true });
    else if (dir) say(`kept ${dir}`);
    const left = pids.filter(isPidAlive);
    say(`stopped geth pids [${pids.join(", ")}]${left.length ? `; STILL ALIVE: ${left.join(", ")}` : ""}`);
    process.exit(code);
  });
