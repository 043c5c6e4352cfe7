// Locate (or build) a geth 1.13.x binary. geth >= 1.14 removed Clique sealing,
// so any other version is rejected rather than failing later at startup.
import { existsSync } from "node:fs";
import { access, constants, mkdir, open, rm, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { spawn } from "node:child_process";
import { run, sleep } from "./proc.js";

export const GETH_VERSION = "1.13.15";
export const GETH_MODULE = `github.com/ethereum/go-ethereum/cmd/geth@v${GETH_VERSION}`;
/** Go >= 1.23 refuses the go:linkname tricks in geth 1.13's deps unless this flag is passed. */
export const GETH_LDFLAGS = "-ldflags=-checklinkname=0";
/** Fallback toolchain if the local Go cannot build geth 1.13 (fetched via the Go proxy). */
export const GETH_FALLBACK_TOOLCHAIN = "go1.22.12";
const BUILD_TIMEOUT_MS = 30 * 60_000;

/** Directories where a cached build may live, most specific first. */
export function gethCacheDirs(): string[] {
  const dirs = [
    `/root/.cache/geth-${GETH_VERSION}`,
    join(homedir(), ".cache", `geth-${GETH_VERSION}`),
  ];
  return [...new Set(dirs)];
}

const INSTALL_HINT =
  `Install Go >= 1.21 from https://go.dev/dl (Debian 12's golang-go 1.19 is too old) and run:\n` +
  `  GOBIN=$HOME/.cache/geth-${GETH_VERSION} go install ${GETH_LDFLAGS} ${GETH_MODULE}\n` +
  `(with Go older than 1.23 drop ${GETH_LDFLAGS}), or set GETH_BIN to a geth 1.13.x binary. ` +
  `geth 1.14+ cannot run Clique.`;

async function isExecutable(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable called `name` on PATH. */
export async function which(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

/** "1.13.15" parsed from `geth version`, or undefined if the binary does not run. */
export async function gethVersion(bin: string): Promise<string | undefined> {
  try {
    const r = await run(bin, ["version"], { timeoutMs: 15_000 });
    return /^Version:\s*(\d+\.\d+\.\d+)/m.exec(r.stdout)?.[1];
  } catch {
    return undefined;
  }
}

const isClique = (v: string | undefined): boolean =>
  !!v && v.startsWith("1.13.");

/**
 * Find a usable geth: $GETH_BIN, then the cache dirs, then `geth` on PATH.
 * Every candidate is version-checked. An explicit but unusable GETH_BIN is an error
 * (silently ignoring what the user asked for would be surprising).
 */
export async function findGeth(): Promise<string | undefined> {
  const explicit = process.env.GETH_BIN;
  if (explicit) {
    const v = await gethVersion(explicit);
    if (!isClique(v))
      throw new Error(
        `GETH_BIN=${explicit} is ${v ? `geth ${v}` : "not runnable"}; need 1.13.x. ${INSTALL_HINT}`,
      );
    return explicit;
  }
  const candidates = gethCacheDirs().map((d) => join(d, "geth"));
  const onPath = await which("geth");
  if (onPath) candidates.push(onPath);
  for (const c of candidates) {
    if ((await isExecutable(c)) && isClique(await gethVersion(c))) return c;
  }
  return undefined;
}

/**
 * findGeth(), or build geth 1.13.15 with `go install` into the cache dir when Go exists.
 * Retries once with GOTOOLCHAIN=go1.22.12 if the local toolchain fails.
 */
export async function ensureGeth(
  log: (m: string) => void = console.error,
): Promise<string> {
  const found = await findGeth();
  if (found) return found;
  const go = await which("go");
  if (!go)
    throw new Error(
      `geth ${GETH_VERSION} not found (checked $GETH_BIN, ${gethCacheDirs().join(", ")}, PATH) and \`go\` is not installed. ${INSTALL_HINT}`,
    );

  const gobin = gethCacheDirs().at(-1)!; // the $HOME one: always writable by this user
  await mkdir(gobin, { recursive: true });
  const logFile = join(gobin, "build.log");
  // One build at a time: a concurrent caller waits for the running build instead of starting another.
  const lock = join(gobin, ".build.lock");
  try {
    await mkdir(lock);
  } catch {
    const age = Date.now() - (await stat(lock)).mtimeMs;
    if (age < BUILD_TIMEOUT_MS) {
      log(`another geth build is running (${lock}); waiting for it`);
      while (
        existsSync(lock) &&
        Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs <
          BUILD_TIMEOUT_MS
      )
        await sleep(5_000);
      const built = await findGeth();
      if (built) return built;
      throw new Error(
        `the concurrent geth build did not produce a usable binary; see ${logFile}. ${INSTALL_HINT}`,
      );
    }
    // stale lock from a killed build: take it over
  }
  try {
    return await buildGeth(go, gobin, logFile, log);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function buildGeth(
  go: string,
  gobin: string,
  logFile: string,
  log: (m: string) => void,
): Promise<string> {
  const attempts: { env: Record<string, string>; args: string[] }[] = [
    { env: {}, args: ["install", GETH_LDFLAGS, GETH_MODULE] },
    // go1.22's linker does not know -checklinkname, so the fallback omits it.
    {
      env: { GOTOOLCHAIN: GETH_FALLBACK_TOOLCHAIN },
      args: ["install", GETH_MODULE],
    },
  ];
  for (const a of attempts) {
    log(
      `Building geth ${GETH_VERSION} into ${gobin} (${Object.entries(a.env)
        .map(([k, v]) => `${k}=${v} `)
        .join("")}go ${a.args.join(" ")}); log: ${logFile}`,
    );
    const code = await goInstall(
      go,
      a.args,
      { ...a.env, GOBIN: gobin },
      logFile,
    );
    const bin = join(gobin, "geth");
    if (code === 0 && isClique(await gethVersion(bin))) return bin;
    log(`geth build failed (exit ${code}); see ${logFile}`);
  }
  throw new Error(
    `Could not build geth ${GETH_VERSION}; see ${logFile}. ${INSTALL_HINT}`,
  );
}

/** Run `go ...` with output appended to logFile; bounded to 30 minutes. */
async function goInstall(
  go: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): Promise<number> {
  const fh = await open(logFile, "a");
  try {
    const child = spawn(go, args, {
      stdio: ["ignore", fh.fd, fh.fd],
      env: { ...process.env, ...env },
    });
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
      child.once("error", reject);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code ?? 1);
      });
    });
  } finally {
    await fh.close();
  }
}
