/**
 * The I/O side of a report run: git state, toolchain versions, running a command while
 * keeping its output, and deciding whether a file was produced by this run.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RawFile, StepRecord, ToolVersion } from "./model.js";
import { stripAnsi } from "./text.js";

function exec(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${String(stderr).trim() || err.message}`));
      else resolve(String(stdout));
    });
  });
}

export interface GitState {
  commit: string;
  commitDate: string;
  dirty: boolean;
  dirtyFiles: string[];
  /**
   * Hash of the whole working tree as git would commit it (tracked and untracked files,
   * .gitignore applied). Equal to the commit's tree when the tree is clean. Compared at the
   * start and end of a run to catch files that changed while the tests ran.
   */
  treeId: string;
}

export async function gitState(cwd: string): Promise<GitState> {
  const commit = (await exec("git", ["rev-parse", "HEAD"], { cwd })).trim();
  const commitDate = (await exec("git", ["show", "-s", "--format=%cI", "HEAD"], { cwd })).trim();
  const status = (await exec("git", ["status", "--porcelain", "--untracked-files=all"], { cwd })).split("\n").filter((l) => l.trim() !== "");
  return { commit, commitDate, dirty: status.length > 0, dirtyFiles: status, treeId: await workingTreeId(cwd) };
}

async function workingTreeId(cwd: string): Promise<string> {
  const gitDir = path.resolve(cwd, (await exec("git", ["rev-parse", "--git-dir"], { cwd })).trim());
  const tmp = await mkdtemp(path.join(tmpdir(), "report-index-"));
  try {
    const index = path.join(tmp, "index");
    if (existsSync(path.join(gitDir, "index"))) await copyFile(path.join(gitDir, "index"), index);
    const env = { ...process.env, GIT_INDEX_FILE: index };
    await exec("git", ["add", "-A", "--", "."], { cwd, env });
    return (await exec("git", ["write-tree"], { cwd, env })).trim();
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function packageVersion(root: string, name: string): Promise<string | undefined> {
  try {
    return JSON.parse(await readFile(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

/**
 * Versions that decide what was tested: Node, Hardhat and its EDR, the compiler actually used
 * (from the build info of this run's build, with EVM target and optimizer), libraries.
 */
export async function toolchain(root: string): Promise<ToolVersion[]> {
  const tools: ToolVersion[] = [{ name: "node", version: process.version }];
  for (const [label, pkg] of [
    ["hardhat", "hardhat"],
    ["EDR", "@nomicfoundation/edr"],
    ["hardhat-mocha", "@nomicfoundation/hardhat-mocha"],
    ["mocha", "mocha"],
    ["ethers", "ethers"],
    ["OpenZeppelin contracts", "@openzeppelin/contracts"],
    ["EAS contracts", "@ethereum-attestation-service/eas-contracts"],
    // EAS is compiled against the OpenZeppelin it was written for, installed under this alias.
    ["OpenZeppelin contracts for EAS", "@openzeppelin/contracts-eas"],
    ["ERC-3525 contracts", "@solvprotocol/erc-3525"],
  ] as const) {
    const v = await packageVersion(root, pkg);
    if (v) tools.push({ name: label, version: v });
  }
  tools.push({ name: "solc", version: await solcUsed(root) });
  return tools;
}

async function solcUsed(root: string): Promise<string> {
  const dir = path.join(root, "artifacts", "build-info");
  const seen = new Set<string>();
  try {
    for (const f of await readdir(dir)) {
      if (!f.endsWith(".json") || f.endsWith(".output.json")) continue;
      const info = JSON.parse(await readFile(path.join(dir, f), "utf8"));
      const s = info.input?.settings ?? {};
      const opt = s.optimizer?.enabled ? `optimizer ${s.optimizer.runs} runs` : "optimizer off";
      seen.add(`${info.solcLongVersion ?? info.solcVersion} (evm ${s.evmVersion ?? "default"}, ${opt})`);
    }
  } catch {
    // no build info: fall through to the package version
  }
  if (seen.size > 0) return [...seen].join("; ");
  const pkg = await packageVersion(root, "solc");
  return pkg ? `${pkg} (npm solc package; no build info found)` : "unknown";
}

export interface StepResult extends StepRecord {
  /** Everything the command printed (stdout and stderr interleaved), colours removed. */
  output: string;
  stdout: string;
  startedAtMs: number;
}

/**
 * Runs `command args` from `cwd`, echoing its output live and saving it to `logFile`. Never
 * throws for a non-zero exit: the caller decides what the exit code means.
 */
export async function runStep(
  name: string,
  display: string,
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string; echo?: boolean; echoStdout?: boolean },
): Promise<StepResult> {
  const startedAtMs = Date.now();
  const log = createWriteStream(opts.logFile);
  let all = "";
  let stdout = "";
  process.stdout.write(`\n== ${name}: ${display}\n`);
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      all += d.toString();
      if (opts.echoStdout !== false && opts.echo !== false) process.stdout.write(d);
      if (opts.echoStdout !== false) log.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      all += d.toString();
      if (opts.echo !== false) process.stderr.write(d);
      log.write(d);
    });
    child.on("error", (e) => {
      all += `\n${e.message}\n`;
      log.write(`\n${e.message}\n`);
      resolve(null);
    });
    child.on("close", (code) => resolve(code));
  });
  await new Promise<void>((r) => log.end(r));
  return { name, command: display, exitCode, durationMs: Date.now() - startedAtMs, log: path.relative(opts.cwd, opts.logFile), output: stripAnsi(all), stdout, startedAtMs };
}

export interface Freshness {
  exists: boolean;
  mtimeMs?: number;
  /** Written at or after `sinceMs`. */
  fresh: boolean;
}

export async function freshness(file: string, sinceMs: number): Promise<Freshness> {
  try {
    const s = await stat(file);
    // 1s of slack for file systems with coarse timestamps.
    return { exists: true, mtimeMs: s.mtimeMs, fresh: s.mtimeMs >= sinceMs - 1000 };
  } catch {
    return { exists: false, fresh: false };
  }
}

export async function rawFileInfo(root: string, file: string): Promise<RawFile> {
  const data = await readFile(file);
  return { path: path.relative(root, file), bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
}

/**
 * The PNGs in `reportsDir/sub/` written since `sinceMs` (older ones belong to another run), as
 * links relative to reportsDir, titled from their names ("valid-deep-link" -> "valid deep link").
 */
export async function screenshotsSince(reportsDir: string, sub: string, sinceMs: number, label: string): Promise<{ file: string; title: string }[]> {
  const dir = path.join(reportsDir, sub);
  if (!existsSync(dir)) return [];
  const out: { file: string; title: string }[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".png")).sort()) {
    if ((await stat(path.join(dir, name))).mtimeMs < sinceMs) continue;
    out.push({ file: `${sub}/${name}`, title: `${label}: ${name.slice(0, -4).replace(/-/g, " ")}` });
  }
  return out;
}
