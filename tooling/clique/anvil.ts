// anvil fallback: a single-process dev chain when geth/Clique is not needed or not available.
// Pinned to London so contracts compiled for the Clique chain (evmVersion london) behave the same.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { which } from "./geth.js";
import {
  freePorts,
  isPidAlive,
  spawnLogged,
  spawned,
  sleep,
  tailFile,
  terminatePid,
  type StopResult,
} from "./proc.js";

export interface AnvilOptions {
  /** Default: a free port. */
  port?: number;
  /** Seconds per block; omitted = automine (a block per transaction). */
  blockTime?: number;
  chainId?: number;
  mnemonic?: string;
  accounts?: number;
  /** Where anvil's stdout goes. Default /dev/null. */
  logFile?: string;
  detached?: boolean;
  extraArgs?: string[];
  timeoutMs?: number;
}

export interface AnvilHandle {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  stop(graceMs?: number): Promise<StopResult>;
}

/** $ANVIL_BIN, then the @foundry-rs/anvil-linux-amd64 npm package, then `anvil` on PATH. */
export async function findAnvil(): Promise<string> {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  try {
    const pkg = createRequire(import.meta.url).resolve(
      "@foundry-rs/anvil-linux-amd64/package.json",
    );
    const bin = join(dirname(pkg), "bin", "anvil");
    if (existsSync(bin)) return bin;
  } catch {
    /* package not installed */
  }
  const onPath = await which("anvil");
  if (onPath) return onPath;
  throw new Error(
    "anvil not found: `npm i -D @foundry-rs/anvil-linux-amd64`, install foundry, or set ANVIL_BIN",
  );
}

export async function startAnvil(
  opts: AnvilOptions = {},
): Promise<AnvilHandle> {
  const bin = await findAnvil();
  const port = opts.port ?? (await freePorts(1))[0]!;
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--hardfork",
    "london",
  ];
  if (opts.blockTime !== undefined)
    args.push("--block-time", String(opts.blockTime));
  if (opts.chainId !== undefined) args.push("--chain-id", String(opts.chainId));
  if (opts.mnemonic) args.push("--mnemonic", opts.mnemonic);
  if (opts.accounts !== undefined)
    args.push("--accounts", String(opts.accounts));
  args.push(...(opts.extraArgs ?? []));
  const child = spawnLogged(bin, args, opts.logFile ?? "/dev/null", {
    detached: opts.detached ?? false,
  });
  const pid = await spawned(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    if (!isPidAlive(pid))
      throw new Error(
        `anvil exited during startup${opts.logFile ? `:\n${tailFile(opts.logFile)}` : ""}`,
      );
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_chainId",
          params: [],
        }),
        signal: AbortSignal.timeout(1_000),
      });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await terminatePid(pid, 2_000);
      throw new Error(
        `anvil did not answer on ${url} within ${opts.timeoutMs ?? 15_000} ms`,
      );
    }
    await sleep(100);
  }
  return {
    url,
    port,
    pid,
    process: child,
    stop: (graceMs = 5_000) => terminatePid(pid, graceMs),
  };
}
