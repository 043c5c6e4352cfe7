// Small process helpers shared by the Clique and anvil launchers.
// Everything here is bounded in time: no helper waits forever.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { connect, createServer } from "node:net";

export const sleep = (ms: number): Promise<void> =>
  new Promise((r) => setTimeout(r, ms));

/** Poll `probe` until it returns a truthy value; throw a descriptive error on timeout. */
export async function waitFor<T>(
  what: string | (() => string), // a function can report the last observed state

  probe: () => Promise<T | undefined | false | null>,
  opts: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      lastError = undefined;
    } catch (e) {
      lastError = e; // transient (e.g. node still booting); keep polling until the deadline
    }
    if (Date.now() >= deadline) {
      const why =
        lastError instanceof Error
          ? ` (last error: ${lastError.message.split("\n")[0]})`
          : "";
      throw new Error(
        `Timed out after ${(opts.timeoutMs / 1000).toFixed(1)}s waiting for ${typeof what === "string" ? what : what()}${why}`,
      );
    }
    await sleep(opts.intervalMs ?? 250);
  }
}

/** Reject if `p` does not settle within `ms` (ethers' own fetch timeout is minutes). */
export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(
      () => rej(new Error(`${what} timed out after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * True if the pid exists and is not a zombie. kill(pid, 0) alone is not enough:
 * a zombie (exited, not yet reaped — common in containers whose PID 1 never reaps)
 * still "exists" but holds no ports or files.
 */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(
      stat.lastIndexOf(")") + 2,
      stat.lastIndexOf(")") + 3,
    );
    return state !== "Z" && state !== "X";
  } catch {
    return false; // /proc entry vanished between the two checks
  }
}

/** Command line of a pid (NUL separators turned into spaces), or undefined. */
export function pidCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .join(" ")
      .trim();
  } catch {
    return undefined;
  }
}

export async function waitForPidExit(
  pid: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) return true;
    await sleep(100);
  }
  return !isPidAlive(pid);
}

export type StopResult = "not-running" | "terminated" | "killed";

/** SIGTERM, wait up to graceMs, then SIGKILL and wait up to 5 s more. */
export async function terminatePid(
  pid: number,
  graceMs = 20_000,
): Promise<StopResult> {
  if (!isPidAlive(pid)) return "not-running";
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return "not-running";
  }
  if (await waitForPidExit(pid, graceMs)) return "terminated";
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* exited in between */
  }
  if (await waitForPidExit(pid, 5_000)) return "killed";
  throw new Error(`pid ${pid} survived SIGKILL for 5 s`);
}

/** Environment for child processes without GETH_* overrides (geth reads every flag from env). */
export function cleanEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith("GETH_")) env[k] = v;
  return { ...env, ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a short-lived command and capture its output (never throws on non-zero exit). */
export function run(
  bin: string,
  args: string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      {
        timeout: opts.timeoutMs ?? 60_000,
        env: opts.env ?? cleanEnv(),
        cwd: opts.cwd,
        maxBuffer: 16 << 20,
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") return reject(err); // spawn failure / timeout
        resolve({
          code: err ? Number(err.code) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
        });
      },
    );
  });
}

const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));

/**
 * Spawn a long-running process with stdout+stderr appended to `logFile`.
 * detached=true puts it in its own session so it survives the parent (used by `up`);
 * detached=false keeps it in our process group so Ctrl-C also reaches it (used by tests).
 */
export function spawnLogged(
  bin: string,
  args: string[],
  logFile: string,
  opts: { detached: boolean; env?: NodeJS.ProcessEnv; cwd?: string },
): ChildProcess {
  const fd = openSync(logFile, "a");
  // Attached children get SIGTERM from the kernel if we die without cleaning up (even SIGKILL):
  // util-linux `setpriv --pdeathsig` sets PR_SET_PDEATHSIG and then execs the real binary (same pid).
  if (!opts.detached && SETPRIV)
    [bin, args] = [SETPRIV, ["--pdeathsig", "TERM", "--", bin, ...args]];
  try {
    const child = spawn(bin, args, {
      stdio: ["ignore", fd, fd],
      detached: opts.detached,
      env: opts.env ?? cleanEnv(),
      cwd: opts.cwd,
    });
    if (opts.detached) child.unref();
    return child;
  } finally {
    closeSync(fd); // the child holds its own copy of the descriptor
  }
}

/** Resolve when `child` has spawned; reject with the spawn error (e.g. ENOENT). */
export function spawned(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve(child.pid!));
    child.once("error", reject);
  });
}

/** True if nothing listens on 127.0.0.1:port right now. */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () =>
      srv.close(() => resolve(true)),
    );
  });
}

/** Ask the kernel for `n` distinct free loopback ports (racy by nature, good enough for tests). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import("node:net").Server>((resolve, reject) => {
          const s = createServer();
          s.once("error", reject);
          s.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () =>
            resolve(s),
          );
        }),
    ),
  );
  const ports = servers.map(
    (s) => (s.address() as import("node:net").AddressInfo).port,
  );
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Last `lines` lines of a text file, for error messages. */
export function tailFile(path: string, lines = 15): string {
  try {
    return readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .slice(-lines)
      .join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * One JSON-RPC call over a geth IPC socket. IPC exposes the `miner` namespace without
 * adding it to the HTTP API list; this is the only thing we use it for.
 */
export function ipcCall<T = unknown>(
  socketPath: string,
  method: string,
  params: unknown[] = [],
  timeoutMs = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    let buf = "";
    const done = (err?: Error, v?: T) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(v as T);
    };
    const timer = setTimeout(
      () => done(new Error(`IPC ${method} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.on("connect", () =>
      sock.write(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params })),
    );
    sock.on("error", (e) => done(e));
    sock.on("data", (d) => {
      buf += d.toString("utf8");
      let msg: { result?: T; error?: { message: string } };
      try {
        msg = JSON.parse(buf);
      } catch {
        return; // partial message, wait for more data
      }
      done(
        msg.error ? new Error(`${method}: ${msg.error.message}`) : undefined,
        msg.result,
      );
    });
  });
}
