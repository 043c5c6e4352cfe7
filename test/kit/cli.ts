// Helpers for tests that drive the real CLI (`hardhat <task>` in a child process) against a
// separately started anvil node. Everything is bounded in time and cleaned up by pid.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const HARDHAT_CLI = path.join(ROOT, "node_modules/hardhat/dist/src/cli.js");
export const ANVIL = path.join(ROOT, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
export const DEPLOYMENTS = path.join(ROOT, "deploy/deployments");

/** The default dev accounts of the "test test ... junk" mnemonic (anvil and Hardhat). */
export const DEV = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of children) if (c.exitCode === null && c.pid) try { process.kill(c.pid, "SIGKILL"); } catch { /* gone */ }
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Anvil {
  url: string;
  pid: number;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** anvil pinned to London (like Geth Clique), silent, on a free port. */
export async function startAnvil(extraArgs: string[] = []): Promise<Anvil> {
  const port = await freePort();
  // Under --coverage the CLI deploys the instrumented build, which outgrows EIP-170's 24,576 bytes;
  // the real build's size is checked by check:london and CERT-29 in the uninstrumented run.
  const sizeLimit = hre.globalOptions.coverage === true ? ["--disable-code-size-limit"] : [];
  const child = spawn(ANVIL, ["--hardfork", "london", "--host", "127.0.0.1", "--port", String(port), "--silent", ...sizeLimit, ...extraArgs], {
    stdio: "ignore",
  });
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}`);
    try {
      await rpc(url, "eth_chainId");
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`anvil did not answer on ${url}`);
      await sleep(100);
    }
  }
  return {
    url,
    pid: child.pid!,
    rpc: (method, params) => rpc(url, method, params),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(3_000)]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      children.delete(child);
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Non-empty stderr lines. */
  errLines: string[];
}

/**
 * Starts `hardhat --network localhost <args>` against `url` (no npx: the pid is node's own).
 * `opts.network` picks another network (e.g. "clique", configured by CLIQUE_* in `env`);
 * `opts.config` another Hardhat config file.
 */
export function spawnCli(args: string[], env: Record<string, string>, opts: { network?: string; config?: string } = {}): ChildProcess {
  // The child is a plain CLI run, not part of the test run that spawned it.
  const base: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" };
  delete base.HH_TEST;
  delete base.NODE_ENV;
  const global = [...(opts.config ? ["--config", opts.config] : []), "--network", opts.network ?? "localhost"];
  const child = spawn(process.execPath, [HARDHAT_CLI, ...global, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`hardhat ${child.spawnargs.slice(2).join(" ")} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, errLines: stderr.split("\n").filter((l) => l.trim() !== "") });
    });
  });
}

export function runCli(args: string[], env: Record<string, string>, timeoutMs?: number): Promise<CliResult> {
  return collect(spawnCli(args, env), timeoutMs);
}

/** A unique deployment id for a test run, removed by `cleanupDeployments`. */
let counter = 0;
export function testDeploymentId(label: string): string {
  return `test-${label}-${process.pid}-${++counter}`;
}

export function cleanupDeployments(ids: string[]): void {
  for (const id of ids) {
    const dir = path.join(DEPLOYMENTS, id);
    if (id.startsWith("test-") && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a JSON file in a fresh temp dir; returns its path. */
export function tempJson(name: string, value: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "consortium-test-"));
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

export { sleep };
