// A local N-signer Geth Clique network on loopback, driven from a single data dir.
//
// Layout of <dataDir>:
//   network.json      ports, signer addresses, chain params (the source of truth for scripts)
//   dev-keys.json     mnemonic + funded dev private keys (0600; dir is self-git-ignored)
//   password.txt      keystore password for the signers (0600)
//   genesis.json
//   node<i>/          geth --datadir (keystore, nodekey, chaindata), config.toml, geth.log, geth.pid
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { FetchRequest, HDNodeWallet, JsonRpcProvider, Mnemonic, Network, SigningKey, getAddress, parseEther } from "ethers";
import { buildCliqueGenesis } from "./genesis.js";
import { ensureGeth, gethVersion } from "./geth.js";
import {
  freePorts,
  ipcCall,
  isPidAlive,
  isPortFree,
  pidCmdline,
  run,
  sleep,
  spawnLogged,
  spawned,
  tailFile,
  terminatePid,
  waitFor,
  withTimeout,
  type StopResult,
} from "./proc.js";

export const DEFAULT_CHAIN_ID = 1337 + 12_034; // 13371: distinct from hardhat (31337) and the 1337 dev default
export const DEFAULT_HTTP_PORT = 8545;
export const DEFAULT_P2P_PORT = 30311;
export const DEFAULT_AUTH_PORT = 8651; // geth always opens an engine-API port; keep it off 8551 and distinct per node
export const HTTP_APIS = "eth,net,web3,clique,admin,txpool,debug";
const DEV_PATH = "m/44'/60'/0'/0";

export interface CliqueNetworkOptions {
  dataDir: string;
  /** Number of signer nodes (each node is one signer). Default 3. */
  signers?: number;
  chainId?: number;
  /** Seconds per block. Default 1. */
  period?: number;
  epoch?: number;
  gasLimit?: bigint;
  /** --miner.gasprice 0, --txpool.pricelimit 0 and a genesis base fee of 0. */
  zeroGasPrice?: boolean;
  /** Funded dev accounts derived from a mnemonic stored in dev-keys.json. Default 5. */
  devAccounts?: number;
  /** Pin the dev mnemonic (else $CLIQUE_DEV_MNEMONIC, else random per data dir). */
  devMnemonic?: string;
  devBalance?: bigint;
  /** Base ports; node i uses base+i. "auto" picks free ports (tests). */
  ports?: "auto" | { http?: number; p2p?: number; auth?: number };
  gethBin?: string;
  log?: (msg: string) => void;
}

export interface NodeState {
  index: number;
  address: string;
  httpPort: number;
  p2pPort: number;
  authPort: number;
  /** secp256k1 node public key (hex, no 0x04 prefix) -> enode id. */
  nodePub: string;
}

interface NetworkState {
  version: 1;
  chainId: number;
  period: number;
  epoch: number;
  gasLimit: string;
  zeroGasPrice: boolean;
  gethVersion: string;
  nodes: NodeState[];
  devAddresses: string[];
}

export interface DevKey {
  address: string;
  privateKey: string;
}

export interface Head {
  number: number;
  hash: string;
}

export class CliqueNetwork {
  readonly dataDir: string;
  private providers = new Map<number, JsonRpcProvider>();
  private log: (m: string) => void;

  private constructor(
    dataDir: string,
    private state: NetworkState,
    private devKeyList: DevKey[],
    readonly gethBin: string,
    log?: (m: string) => void,
  ) {
    this.dataDir = dataDir;
    this.log = log ?? (() => {});
  }

  // ---------------------------------------------------------------- lifecycle of the data dir

  /** Load the network in dataDir, or create it there if it does not exist yet. */
  static async open(opts: CliqueNetworkOptions): Promise<CliqueNetwork> {
    const dataDir = resolve(opts.dataDir);
    const gethBin = opts.gethBin ?? (await ensureGeth(opts.log));
    if (!existsSync(join(dataDir, "network.json"))) return CliqueNetwork.create(dataDir, gethBin, opts);
    return CliqueNetwork.load(dataDir, { gethBin, log: opts.log });
  }

  /** Load an existing network (no creation); used by down/status. */
  static async load(dataDir: string, opts: { gethBin?: string; log?: (m: string) => void } = {}): Promise<CliqueNetwork> {
    dataDir = resolve(dataDir);
    const file = join(dataDir, "network.json");
    if (!existsSync(file)) throw new Error(`No Clique network in ${dataDir} (missing network.json); run scripts/clique/up.ts first`);
    const state = JSON.parse(await readFile(file, "utf8")) as NetworkState;
    const dev = JSON.parse(await readFile(join(dataDir, "dev-keys.json"), "utf8")) as { accounts: DevKey[] };
    // status/down do not need to build geth, so only resolve it lazily when absent.
    return new CliqueNetwork(dataDir, state, dev.accounts, opts.gethBin ?? "", opts.log);
  }

  private static async create(dataDir: string, gethBin: string, o: CliqueNetworkOptions): Promise<CliqueNetwork> {
    const log = o.log ?? (() => {});
    const n = o.signers ?? 3;
    if (!Number.isInteger(n) || n < 1) throw new Error(`bad signer count ${n}`);
    await mkdir(dataDir, { recursive: true });
    const leftovers = (await readdir(dataDir)).filter((f) => f !== ".gitignore");
    if (leftovers.length) {
      throw new Error(`${dataDir} is not empty but has no network.json (interrupted setup?). Delete it or use --fresh.`);
    }
    // Keys and chain data must never be committed: make the dir ignore itself.
    await writeFile(join(dataDir, ".gitignore"), "# generated by lib/clique: local keys and chain data\n*\n");

    const version = (await gethVersion(gethBin)) ?? "unknown";
    const password = join(dataDir, "password.txt");
    await writeFile(password, randomBytes(24).toString("hex") + "\n", { mode: 0o600 });

    const ports = await resolvePorts(o.ports, n);
    log(`Creating ${n}-signer Clique network in ${dataDir} (geth ${version})`);

    // Signer keys are generated by geth itself, so the plaintext key never touches disk.
    // --lightkdf: cheap scrypt so --unlock at every start takes milliseconds, fine for a local net.
    const nodes: NodeState[] = await Promise.all(
      Array.from({ length: n }, async (_, i): Promise<NodeState> => {
        const dir = join(dataDir, `node${i}`);
        await mkdir(join(dir, "geth"), { recursive: true });
        const r = await run(gethBin, ["account", "new", "--lightkdf", "--datadir", dir, "--password", password], { timeoutMs: 60_000 });
        if (r.code !== 0) throw new Error(`geth account new failed: ${r.stderr || r.stdout}`);
        const ks = await readdir(join(dir, "keystore"));
        const addr = JSON.parse(await readFile(join(dir, "keystore", ks[0]!), "utf8")).address as string;
        // A fixed nodekey lets us know every enode URL before any node starts (static peers).
        const nodeKey = new SigningKey("0x" + randomBytes(32).toString("hex"));
        await writeFile(join(dir, "geth", "nodekey"), nodeKey.privateKey.slice(2), { mode: 0o600 });
        return {
          index: i,
          address: getAddress("0x" + addr),
          httpPort: ports.http[i]!,
          p2pPort: ports.p2p[i]!,
          authPort: ports.auth[i]!,
          nodePub: nodeKey.publicKey.slice(4),
        };
      }),
    );

    const phrase = o.devMnemonic ?? process.env.CLIQUE_DEV_MNEMONIC ?? Mnemonic.fromEntropy(randomBytes(16)).phrase;
    const root = HDNodeWallet.fromPhrase(phrase, "", DEV_PATH);
    const devKeys: DevKey[] = Array.from({ length: o.devAccounts ?? 5 }, (_, i) => {
      const w = root.deriveChild(i);
      return { address: w.address, privateKey: w.privateKey };
    });
    await writeFile(join(dataDir, "dev-keys.json"), JSON.stringify({ mnemonic: phrase, path: `${DEV_PATH}/i`, accounts: devKeys }, null, 2) + "\n", { mode: 0o600 });

    const state: NetworkState = {
      version: 1,
      chainId: o.chainId ?? DEFAULT_CHAIN_ID,
      period: o.period ?? 1,
      epoch: o.epoch ?? 30_000,
      gasLimit: String(o.gasLimit ?? 30_000_000n),
      zeroGasPrice: o.zeroGasPrice ?? false,
      gethVersion: version,
      nodes,
      devAddresses: devKeys.map((k) => k.address),
    };

    const balance = o.devBalance ?? parseEther("1000000");
    const alloc: Record<string, bigint> = {};
    for (const a of [...nodes.map((x) => x.address), ...state.devAddresses]) alloc[a] = balance;
    const genesis = buildCliqueGenesis({
      signers: nodes.map((x) => x.address),
      chainId: state.chainId,
      period: state.period,
      epoch: state.epoch,
      gasLimit: BigInt(state.gasLimit),
      alloc,
      baseFeePerGas: state.zeroGasPrice ? 0n : undefined,
    });
    const genesisFile = join(dataDir, "genesis.json");
    await writeFile(genesisFile, JSON.stringify(genesis, null, 2) + "\n");

    const net = new CliqueNetwork(dataDir, state, devKeys, gethBin, log);
    await Promise.all(
      nodes.map(async (nd) => {
        const r = await run(gethBin, ["init", "--datadir", net.nodeDir(nd.index), genesisFile], { timeoutMs: 60_000 });
        if (r.code !== 0) throw new Error(`geth init node${nd.index} failed: ${r.stderr || r.stdout}`);
        await writeFile(join(net.nodeDir(nd.index), "config.toml"), net.configToml(nd.index));
      }),
    );
    // Written last: its presence means "setup completed".
    await writeFile(join(dataDir, "network.json"), JSON.stringify(state, null, 2) + "\n");
    await chmod(join(dataDir, "dev-keys.json"), 0o600);
    return net;
  }

  /** P2P settings geth only accepts via TOML: loopback listen address and the static peer list. */
  private configToml(i: number): string {
    const me = this.state.nodes[i]!;
    const others = this.state.nodes.filter((x) => x.index !== i).map((x) => JSON.stringify(this.enode(x.index)));
    return [
      "# generated by lib/clique/network.ts",
      "[Node.P2P]",
      `ListenAddr = "127.0.0.1:${me.p2pPort}"`,
      "NoDiscovery = true",
      `MaxPeers = ${Math.max(10, this.state.nodes.length * 2)}`,
      `StaticNodes = [${others.join(", ")}]`,
      `TrustedNodes = [${others.join(", ")}]`,
      "",
    ].join("\n");
  }

  // ---------------------------------------------------------------- accessors

  get chainId(): number {
    return this.state.chainId;
  }
  get period(): number {
    return this.state.period;
  }
  get gasLimit(): bigint {
    return BigInt(this.state.gasLimit);
  }
  get zeroGasPrice(): boolean {
    return this.state.zeroGasPrice;
  }
  get size(): number {
    return this.state.nodes.length;
  }
  get nodes(): readonly (NodeState & { rpcUrl: string; enode: string; logFile: string })[] {
    return this.state.nodes.map((x) => ({ ...x, rpcUrl: this.rpcUrl(x.index), enode: this.enode(x.index), logFile: this.logFile(x.index) }));
  }
  /** Funded dev accounts (address + private key). Local test keys only. */
  get devKeys(): readonly DevKey[] {
    return this.devKeyList;
  }
  rpcUrl(i: number): string {
    return `http://127.0.0.1:${this.node(i).httpPort}`;
  }
  signer(i: number): string {
    return this.node(i).address;
  }
  enode(i: number): string {
    const x = this.node(i);
    return `enode://${x.nodePub}@127.0.0.1:${x.p2pPort}`;
  }
  nodeDir(i: number): string {
    return join(this.dataDir, `node${i}`);
  }
  logFile(i: number): string {
    return join(this.nodeDir(i), "geth.log");
  }
  private pidFile(i: number): string {
    return join(this.nodeDir(i), "geth.pid");
  }
  private node(i: number): NodeState {
    const x = this.state.nodes[i];
    if (!x) throw new Error(`no node ${i} (network has ${this.state.nodes.length})`);
    return x;
  }

  /** ethers provider for node i: static network (no detection round-trips), 5 s HTTP timeout, fast polling. */
  provider(i: number): JsonRpcProvider {
    let p = this.providers.get(i);
    if (!p) {
      const req = new FetchRequest(this.rpcUrl(i));
      req.timeout = 5_000;
      p = new JsonRpcProvider(req, Network.from(this.chainId), { staticNetwork: true, pollingInterval: 200, batchMaxCount: 1 });
      this.providers.set(i, p);
    }
    return p;
  }

  /** Raw JSON-RPC call, bounded. */
  async rpc<T = unknown>(i: number, method: string, params: unknown[] = [], timeoutMs = 5_000): Promise<T> {
    return withTimeout(this.provider(i).send(method, params) as Promise<T>, timeoutMs, `${method} on node${i}`);
  }

  // ---------------------------------------------------------------- processes

  /** pid of node i if its pid file points at a live geth for this node dir. */
  pid(i: number): number | undefined {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile(i), "utf8").trim());
    } catch {
      return undefined;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isPidAlive(pid)) return undefined;
    // Guard against pid reuse: only ever signal a geth that runs on this node's datadir.
    const cmd = pidCmdline(pid) ?? "";
    return cmd.includes("geth") && cmd.includes(this.nodeDir(i)) ? pid : undefined;
  }

  isRunning(i: number): boolean {
    return this.pid(i) !== undefined;
  }

  /**
   * geth.ipc path, or undefined when it would exceed the 108-byte unix socket limit
   * (geth then refuses to start, so we pass --ipcdisable instead).
   */
  private ipcPath(i: number): string | undefined {
    const p = join(this.nodeDir(i), "geth.ipc");
    return p.length <= 100 ? p : undefined;
  }

  private gethArgs(i: number, mineAtStart: boolean): string[] {
    const x = this.node(i);
    const dir = this.nodeDir(i);
    const args = [
      "--datadir", dir,
      "--config", join(dir, "config.toml"), // loopback ListenAddr + static peers
      "--networkid", String(this.chainId),
      "--syncmode", "full",
      "--nodiscover",
      "--nat", "none", // no UPnP/PMP probing on loopback
      "--http", "--http.addr", "127.0.0.1", "--http.port", String(x.httpPort), "--http.api", HTTP_APIS,
      "--authrpc.addr", "127.0.0.1", "--authrpc.port", String(x.authPort),
      "--unlock", x.address, "--password", join(this.dataDir, "password.txt"), "--allow-insecure-unlock",
      "--miner.etherbase", x.address,
      "--miner.gaslimit", this.state.gasLimit, // keep the block gas limit at the genesis value
      "--cache", "256", // default 1 GiB per node is wasteful for a local net
      "--verbosity", "2",
    ];
    if (mineAtStart) args.push("--mine");
    if (this.zeroGasPrice) args.push("--miner.gasprice", "0", "--txpool.pricelimit", "0");
    if (!this.ipcPath(i)) args.push("--ipcdisable");
    return args;
  }

  /**
   * Launch geth for node i and wait for its HTTP RPC. Sealing is NOT started here when IPC
   * is available: a signer that seals before it has peers forks the chain at its own block
   * (every fresh start did this, then stalled ~10 s until geth's periodic sync resolved it).
   */
  private async spawnNode(i: number, detached: boolean, timeoutMs: number): Promise<number> {
    if (!this.gethBin) throw new Error("geth binary unknown; open the network with CliqueNetwork.open()");
    const x = this.node(i);
    for (const [what, port] of [["http", x.httpPort], ["p2p", x.p2pPort], ["authrpc", x.authPort]] as const) {
      if (!(await isPortFree(port))) throw new Error(`node${i}: ${what} port ${port} on 127.0.0.1 is already in use`);
    }
    const log = this.logFile(i);
    await writeFile(log, `\n=== start ${new Date().toISOString()} ===\n`, { flag: "a" });
    const child = spawnLogged(this.gethBin, this.gethArgs(i, !this.ipcPath(i)), log, { detached });
    const pid = await spawned(child);
    await writeFile(this.pidFile(i), `${pid}\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!isPidAlive(pid)) throw new Error(`geth node${i} exited during startup. Log ${log}:\n${tailFile(log)}`);
      try {
        await this.rpc(i, "web3_clientVersion", [], 2_000);
        break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        await terminatePid(pid, 5_000);
        throw new Error(`geth node${i} RPC not up after ${timeoutMs} ms. Log ${log}:\n${tailFile(log)}`);
      }
      await sleep(200);
    }
    this.log(`node${i} started (pid ${pid}, ${this.rpcUrl(i)}, signer ${x.address})`);
    return pid;
  }

  /** miner_start over IPC (no-op when the node was launched with --mine). */
  private async beginSealing(i: number): Promise<void> {
    const ipc = this.ipcPath(i);
    if (ipc) await ipcCall(ipc, "miner_start", [], 5_000);
  }

  /**
   * Start node i (no-op if running): launch, peer with the running nodes, catch up to their
   * head, then start sealing. Bounded by timeoutMs per phase.
   */
  async startNode(i: number, opts: { detached?: boolean; timeoutMs?: number } = {}): Promise<number> {
    const running = this.pid(i);
    if (running) return running;
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const others = this.runningOr().filter((j) => j !== i);
    const pid = await this.spawnNode(i, opts.detached ?? false, timeoutMs);
    if (others.length) {
      const target = Math.max(...(await Promise.all(others.map((j) => this.head(j)))).map((h) => h.number));
      await this.connectPeers();
      await this.waitForPeers({ nodes: [i], minPeers: others.length, timeoutMs });
      await this.waitForHead(target, { nodes: [i], timeoutMs });
    }
    await this.beginSealing(i);
    return pid;
  }

  /** Start every stopped node, wire them together, then let them all seal. */
  async start(opts: { detached?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const stopped = this.state.nodes.map((x) => x.index).filter((i) => !this.isRunning(i));
    await Promise.all(stopped.map((i) => this.spawnNode(i, opts.detached ?? false, timeoutMs)));
    await this.connectPeers();
    await this.waitForPeers({ timeoutMs });
    const heads = await Promise.all(this.runningOr().map((i) => this.head(i)));
    await this.waitForHead(Math.max(...heads.map((h) => h.number)), { timeoutMs }); // restarted nodes catch up first
    await Promise.all(this.runningOr().map((i) => this.beginSealing(i)));
  }

  /**
   * admin_addPeer among running nodes. Static nodes already do this, but a node that
   * failed to dial a restarting peer backs off ~35 s; addPeer from the fresh side avoids waiting.
   */
  async connectPeers(): Promise<void> {
    const up = this.state.nodes.filter((x) => this.isRunning(x.index));
    await Promise.all(
      up.flatMap((a) => up.filter((b) => b !== a).map((b) => this.rpc(a.index, "admin_addPeer", [this.enode(b.index)]).catch(() => undefined))),
    );
  }

  /** SIGTERM node i and wait (bounded) for it to exit; SIGKILL after graceMs. */
  async stopNode(i: number, graceMs = 20_000): Promise<StopResult> {
    const pid = this.pid(i);
    if (!pid) {
      await rm(this.pidFile(i), { force: true });
      return "not-running";
    }
    const r = await terminatePid(pid, graceMs);
    await rm(this.pidFile(i), { force: true });
    this.log(`node${i} stopped (pid ${pid}, ${r})`);
    return r;
  }

  async stopAll(graceMs = 20_000): Promise<StopResult[]> {
    return Promise.all(this.state.nodes.map((x) => this.stopNode(x.index, graceMs)));
  }

  /** Last-resort synchronous kill for process 'exit' handlers (cannot await there). */
  killAllSync(): void {
    for (const x of this.state.nodes) {
      const pid = this.pid(x.index);
      if (pid) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
  }

  /** Release RPC providers (their timers would otherwise keep node alive). */
  close(): void {
    for (const p of this.providers.values()) p.destroy();
    this.providers.clear();
  }

  // ---------------------------------------------------------------- chain observation

  async head(i: number): Promise<Head> {
    const b = await this.rpc<{ number: string; hash: string }>(i, "eth_getBlockByNumber", ["latest", false]);
    return { number: Number(b.number), hash: b.hash };
  }

  async blockHash(i: number, n: number): Promise<string | undefined> {
    const b = await this.rpc<{ hash: string } | null>(i, "eth_getBlockByNumber", ["0x" + n.toString(16), false]);
    return b?.hash;
  }

  async peerCount(i: number): Promise<number> {
    return Number(await this.rpc<string>(i, "net_peerCount"));
  }

  async cliqueSigners(i: number): Promise<string[]> {
    return this.rpc<string[]>(i, "clique_getSigners", ["latest"]);
  }

  private runningOr(nodes?: number[]): number[] {
    return nodes ?? this.state.nodes.map((x) => x.index).filter((i) => this.isRunning(i));
  }

  /** Wait until each of `nodes` (default: running ones) has at least minPeers peers (default: the other running nodes). */
  async waitForPeers(opts: { nodes?: number[]; minPeers?: number; timeoutMs?: number } = {}): Promise<void> {
    const nodes = this.runningOr(opts.nodes);
    const min = opts.minPeers ?? Math.max(0, this.runningOr().length - 1);
    await waitFor(
      `${min} peer(s) on nodes ${nodes.join(",")}`,
      async () => (await Promise.all(nodes.map((i) => this.peerCount(i)))).every((c) => c >= min),
      { timeoutMs: opts.timeoutMs ?? 30_000 },
    );
  }

  /** Wait until every node in `nodes` (default: running ones) has head >= minHead. Returns the heads. */
  async waitForHead(minHead: number, opts: { nodes?: number[]; timeoutMs?: number } = {}): Promise<Head[]> {
    const nodes = this.runningOr(opts.nodes);
    return waitFor(
      `head >= ${minHead} on nodes ${nodes.join(",")} (are enough signers online? need floor(N/2)+1)`,
      async () => {
        const heads = await Promise.all(nodes.map((i) => this.head(i)));
        return heads.every((h) => h.number >= minHead) ? heads : undefined;
      },
      { timeoutMs: opts.timeoutMs ?? 10_000 + 10_000 * this.period },
    );
  }

  /** Wait for `count` new sealed blocks beyond the current highest head of the running nodes. */
  async waitForNewBlocks(count: number, opts: { nodes?: number[]; timeoutMs?: number } = {}): Promise<Head[]> {
    const nodes = this.runningOr(opts.nodes);
    const start = Math.max(...(await Promise.all(nodes.map((i) => this.head(i)))).map((h) => h.number));
    return this.waitForHead(start + count, { nodes, timeoutMs: opts.timeoutMs ?? 10_000 + 3_000 * count * Math.max(1, this.period) });
  }

  /** Wait until node i has the same block as node `ref`'s current head (i.e. it caught up, same chain). */
  async waitForSameHead(i: number, ref: number, timeoutMs = 30_000): Promise<Head> {
    return waitFor(
      `node${i} to reach node${ref}'s head`,
      async () => {
        const h = await this.head(ref);
        return (await this.blockHash(i, h.number)) === h.hash ? h : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }
}

async function resolvePorts(p: CliqueNetworkOptions["ports"], n: number): Promise<{ http: number[]; p2p: number[]; auth: number[] }> {
  if (p === "auto") {
    const all = await freePorts(3 * n);
    return { http: all.slice(0, n), p2p: all.slice(n, 2 * n), auth: all.slice(2 * n) };
  }
  const seq = (base: number) => Array.from({ length: n }, (_, i) => base + i);
  return { http: seq(p?.http ?? DEFAULT_HTTP_PORT), p2p: seq(p?.p2p ?? DEFAULT_P2P_PORT), auth: seq(p?.auth ?? DEFAULT_AUTH_PORT) };
}
