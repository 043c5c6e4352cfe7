/**
 * The I/O side of branch coverage: what `hardhat test --coverage` left behind and how to get
 * back what it kept in memory only.
 *
 * Hardhat 3.18's coverage plugin instruments every statement of every project source with a
 * 32-byte tag (EDR's `addStatementCoverageInstrumentation`), keeps each tag's source range in
 * memory (`CoverageManagerImplementation.filesMetadata`) and writes to disk only:
 *   - `coverage/data/<suite>/<uuid>.json`: tag (hex) -> number of transactions that ran it,
 *     with only the tags that ran;
 *   - `coverage/lcov.info` and `coverage/html/`: lines, no tags;
 *   - the instrumented sources, in the build info of the instrumented build
 *     (`artifacts/build-info/*.json`): `__NomicFoundationCoverage.sendHit(0x<tag>)` calls,
 *     without the original ranges.
 * EDR derives a tag only from the source text, its source name (`project/<path>`) and the
 * solc version, so instrumenting the same file again gives the same tags with their ranges.
 * The rerun is checked against both files above before any figure is shown.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { InstrumentationResult } from "@nomicfoundation/edr";
import { branchCoverage, type AstNode, type BranchFile, type StatementTag } from "./branches.js";

const require = createRequire(import.meta.url);

interface Edr {
  addStatementCoverageInstrumentation(source: string, sourceId: string, solcVersion: string): InstrumentationResult;
  latestSupportedSolidityVersion(): string;
}

let edr: Edr | undefined;
/** The EDR that Hardhat itself loads (resolved from hardhat's own location). */
function loadEdr(): Edr {
  edr ??= createRequire(require.resolve("hardhat/package.json"))("@nomicfoundation/edr") as Edr;
  return edr;
}

/** Hardhat's source name of a project file: `project/` + its path from the project root, with `/`. */
export function projectSourceName(relativePath: string): string {
  return `project/${relativePath.split(path.sep).join("/")}`;
}

/**
 * Instruments the source as Hardhat's coverage does (`instrumentation.js`: the compilation
 * job's solc version, capped at the latest version EDR supports) and returns its statement
 * tags with their UTF-16 ranges.
 */
export function statementTags(source: string, sourceName: string, solcVersion: string): StatementTag[] {
  const lib = loadEdr();
  const version = compareVersions(solcVersion, lib.latestSupportedSolidityVersion()) > 0 ? lib.latestSupportedSolidityVersion() : solcVersion;
  return lib
    .addStatementCoverageInstrumentation(source, sourceName, version)
    .metadata.filter((m) => m.kind === "statement")
    .map((m) => ({ tag: Buffer.from(m.tag).toString("hex"), startUtf16: m.startUtf16, endUtf16: m.endUtf16 }));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

interface Solc {
  compile(input: string): string;
  version(): string;
}
let solc: Solc | undefined;

/** The AST of one source, parsed only (no imports resolved, nothing compiled) by the npm `solc` package. */
export function parseSolidity(source: string, name = "source.sol"): AstNode {
  solc ??= require("solc") as Solc;
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: "Solidity",
        sources: { [name]: { content: source } },
        settings: { stopAfter: "parsing", outputSelection: { "*": { "": ["ast"] } } },
      }),
    ),
  );
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) throw new Error(`solc could not parse ${name}: ${errors.map((e: { formattedMessage?: string; message: string }) => e.formattedMessage ?? e.message).join("; ")}`);
  return out.sources[name].ast as AstNode;
}

/** The npm solc package's version ("0.8.29"), which hardhat.config.ts compiles with. */
export function solcPackageVersion(): string {
  return (require("solc/package.json") as { version: string }).version;
}

/** Sums the hit counts of every `coverage/data/<suite>/*.json` written at or after `sinceMs`. */
export async function readHitCounts(dataDir: string, sinceMs: number): Promise<{ hits: Map<string, number>; files: string[] }> {
  const hits = new Map<string, number>();
  const files: string[] = [];
  const suites = await readdir(dataDir).catch(() => [] as string[]);
  for (const suite of suites.sort()) {
    const names = await readdir(path.join(dataDir, suite)).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
      const file = path.join(dataDir, suite, name);
      if ((await stat(file)).mtimeMs < sinceMs) continue;
      files.push(file);
      for (const [tag, n] of Object.entries(JSON.parse(await readFile(file, "utf8")) as Record<string, number>)) {
        hits.set(tag, (hits.get(tag) ?? 0) + n);
      }
    }
  }
  return { hits, files };
}

/** Per instrumented source name: the solc version and every tag, from the build infos of an instrumented build written at or after `sinceMs`. */
export async function instrumentedBuild(buildInfoDir: string, sinceMs: number): Promise<Map<string, { solcVersion: string; tags: Set<string> }>> {
  const out = new Map<string, { solcVersion: string; tags: Set<string> }>();
  const names = await readdir(buildInfoDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith(".json") && !n.endsWith(".output.json"))) {
    const file = path.join(buildInfoDir, name);
    if ((await stat(file)).mtimeMs < sinceMs) continue;
    const info = JSON.parse(await readFile(file, "utf8")) as { solcVersion: string; input?: { sources?: Record<string, { content?: string }> } };
    for (const [sourceName, { content }] of Object.entries(info.input?.sources ?? {})) {
      if (!content?.includes("__NomicFoundationCoverage.sendHit(")) continue;
      const tags = new Set([...content.matchAll(/__NomicFoundationCoverage\.sendHit\(0x([0-9a-fA-F]{64})\)/g)].map((m) => m[1]!.toLowerCase()));
      out.set(sourceName, { solcVersion: info.solcVersion, tags });
    }
  }
  return out;
}

export interface MeasuredBranches {
  /** Per source file (as lcov.info names it); absent when not measured. */
  files: Map<string, BranchFile>;
  /** Why branches are not shown, or not for some files. Empty when all is well. */
  problems: string[];
  /** How the tags were checked, for the log. */
  checks: string[];
}

/**
 * Branch coverage of every file lcov.info lists, from this run's hit counts. Shows nothing
 * (and says why) unless every tag that ran is one of the re-instrumented tags and, where the
 * instrumented build's build info is there, its tags are exactly the re-instrumented ones.
 */
export async function measureBranches(opts: { root: string; files: string[]; sinceMs: number }): Promise<MeasuredBranches> {
  const problems: string[] = [];
  const checks: string[] = [];
  const { hits, files: dataFiles } = await readHitCounts(path.join(opts.root, "coverage", "data"), opts.sinceMs);
  if (dataFiles.length === 0) return { files: new Map(), problems: ["coverage/data/ has no hit counts written by this run"], checks };
  const built = await instrumentedBuild(path.join(opts.root, "artifacts", "build-info"), opts.sinceMs);
  const fallbackVersion = solcPackageVersion();
  checks.push(`${hits.size} tags ran, in ${dataFiles.length} file(s) under coverage/data/; instrumented build info found for ${built.size} source(s)`);

  const perFile = new Map<string, { source: string; tags: StatementTag[] }>();
  const known = new Set<string>();
  for (const file of opts.files) {
    const sourceName = projectSourceName(file);
    const source = await readFile(path.join(opts.root, file), "utf8");
    const build = built.get(sourceName);
    const tags = statementTags(source, sourceName, build?.solcVersion ?? fallbackVersion);
    if (build) {
      const mine = new Set(tags.map((t) => t.tag));
      const same = mine.size === build.tags.size && [...mine].every((t) => build.tags.has(t));
      if (!same) problems.push(`${file}: the re-instrumented statement tags differ from those compiled in this run's coverage build`);
    }
    for (const t of tags) known.add(t.tag);
    perFile.set(file, { source, tags });
  }
  const strangers = [...hits.keys()].filter((t) => !known.has(t));
  if (strangers.length > 0) problems.push(`${strangers.length} of the ${hits.size} statement tags that ran belong to no source file lcov.info lists (sources changed during the run, or another solc version)`);
  if (problems.length > 0) return { files: new Map(), problems, checks };
  checks.push(`all ${hits.size} tags that ran match the re-instrumented sources`);

  const files = new Map<string, BranchFile>();
  for (const [file, { source, tags }] of perFile) {
    const result = branchCoverage({ source, ast: parseSolidity(source, file), tags, hits });
    if (result.unmatched.length > 0) {
      problems.push(`${file}: ${result.unmatched.map((u) => `line ${u.line}: ${u.reason}`).join("; ")}; its branches are not shown`);
      continue;
    }
    files.set(file, result);
  }
  return { files, problems, checks };
}
