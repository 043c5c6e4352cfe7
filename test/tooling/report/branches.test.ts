import { expect } from "chai";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { measureBranches, parseSolidity, statementTags } from "../../../tooling/report/branch-inputs.js";
import { branchCoverage, branchLcov, isTrivia, utf8ToUtf16, type BranchFile, type StatementTag } from "../../../tooling/report/branches.js";
import { withBranches } from "../../../tooling/report/coverage.js";

/** Statement tags as Hardhat's coverage makes them (EDR, source name `project/<path>`, solc 0.8.29). */
function instrument(source: string, file = "contracts/C.sol"): StatementTag[] {
  return statementTags(source, `project/${file}`, "0.8.29");
}

/**
 * Hand-made hit counts: each key is the start of one tagged statement (its text after leading
 * whitespace and comments), e.g. "revert E();", or "{ // A" for a body block marked with a comment.
 */
function counts(source: string, tags: StatementTag[], byText: Record<string, number>): Map<string, number> {
  const hits = new Map<string, number>();
  for (const [text, n] of Object.entries(byText)) {
    const found = tags.filter((t) => source.slice(t.startUtf16, t.endUtf16).replace(/^(\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/, "").startsWith(text));
    if (found.length !== 1) throw new Error(`"${text}" names ${found.length} statements`);
    hits.set(found[0]!.tag, n);
  }
  return hits;
}

function branches(source: string, byText: Record<string, number>): BranchFile {
  const tags = instrument(source);
  return branchCoverage({ source, ast: parseSolidity(source), tags, hits: counts(source, tags, byText) });
}

/** [line, arm, taken, how] per branch */
const arms = (b: BranchFile) => b.branches.map((x) => [x.line, x.branch, x.taken, x.from]);

const contract = (body: string) => `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.29;

contract C {
    error E();
    uint256 public x;

${body}
}
`;

describe("report: branch coverage from statement hits", () => {
  it("[RPT-14] an if without else: true arm from its body, false arm = if − true", () => {
    const src = contract(`    function f(uint256 a) external {
        if (a > 10) { // A
            x = a;
        }
    }`);
    const b = branches(src, { "if (a > 10)": 5, "{ // A": 2, "x = a;": 2 });
    expect(arms(b)).to.deep.equal([
      [9, 0, 2, "true body"],
      [9, 1, 3, "if minus true"],
    ]);
    expect([b.hit, b.found, b.undetermined]).to.deep.equal([2, 2, 0]);
    expect(branches(src, { "if (a > 10)": 4, "{ // A": 4, "x = a;": 4 }).hit).to.equal(1);
    expect(branches(src, {}).branches.map((x) => [x.taken, x.reached])).to.deep.equal([
      [0, 0],
      [0, 0],
    ]);
  });

  it("[RPT-14] an if/else: each arm from its own body's hits", () => {
    const src = contract(`    function f(uint256 a) external {
        if (a == 1) { // A
            x = 1;
        } else { // B
            x = 2;
        }
    }`);
    expect(arms(branches(src, { "if (a == 1)": 7, "{ // A": 7, "x = 1;": 7, "{ // B": 3, "x = 2;": 3 }))).to.deep.equal([
      [9, 0, 7, "true body"],
      [9, 1, 3, "else body"],
    ]);
    const onlyElse = branches(src, { "if (a == 1)": 3, "{ // B": 3, "x = 2;": 3 });
    expect([onlyElse.hit, onlyElse.found, onlyElse.undetermined]).to.deep.equal([1, 2, 0]);
  });

  it("[RPT-14] an else-if chain: every if counts two arms; the else of one is the next if", () => {
    const src = contract(`    function f(uint256 a) external {
        if (a == 1) { // A
            x = 1;
        } else if (a == 2) { // B
            x = 2;
        } else { // C
            x = 3;
        }
    }`);
    const b = branches(src, { "if (a == 1)": 6, "{ // A": 1, "x = 1;": 1, "if (a == 2)": 5, "{ // B": 5, "x = 2;": 5 });
    expect(arms(b)).to.deep.equal([
      [9, 0, 1, "true body"],
      [9, 1, 5, "else body"],
      [11, 0, 5, "true body"],
      [11, 1, 0, "else body"],
    ]);
    expect([b.hit, b.found]).to.deep.equal([3, 4]);
  });

  it("[RPT-14] nested ifs: the inner if is counted on its own", () => {
    const src = contract(`    function f(uint256 a, uint256 c) external {
        if (a > 0) { // A
            if (c > 0) { // B
                x = c;
            }
            x += a;
        }
    }`);
    const b = branches(src, { "if (a > 0)": 4, "{ // A": 3, "if (c > 0)": 3, "{ // B": 1, "x = c;": 1, "x += a;": 3 });
    expect(arms(b)).to.deep.equal([
      [9, 0, 3, "true body"],
      [9, 1, 1, "if minus true"],
      [10, 0, 1, "true body"],
      [10, 1, 2, "if minus true"],
    ]);
  });

  it("[RPT-14] a one-line if-revert: its revert and the if have their own tags on one line", () => {
    const src = contract(`    function f(uint256 a) external {
        if (a == 0) revert E();
        x = a;
    }`);
    const tags = instrument(src);
    const b = branchCoverage({ source: src, ast: parseSolidity(src), tags, hits: counts(src, tags, { "if (a == 0)": 4, "revert E();": 1, "x = a;": 3 }) });
    expect(arms(b)).to.deep.equal([
      [9, 0, 1, "true body"],
      [9, 1, 3, "if minus true"],
    ]);
    // Never reverted: the true arm is a miss on the same line as the hit false arm.
    expect(arms(branches(src, { "if (a == 0)": 4, "x = a;": 4 }))).to.deep.equal([
      [9, 0, 0, "true body"],
      [9, 1, 4, "if minus true"],
    ]);
    expect(branchLcov([{ file: "contracts/C.sol", branches: b }])).to.equal("TN:\nSF:contracts/C.sol\nBRDA:9,0,0,1\nBRDA:9,0,1,3\nBRF:2\nBRH:2\nend_of_record\n");
  });

  it("[RPT-14] a true arm that never falls through: the statement after the if proves the false arm", () => {
    // One transaction can take both arms in a loop; the counts are per transaction.
    const src = contract(`    function f(uint256[] calldata v) external {
        for (uint256 i = 0; i < v.length; ++i) {
            if (v[i] == 0) continue;
            x += v[i];
        }
    }`);
    expect(arms(branches(src, { "if (v[i] == 0)": 2, "continue;": 2, "x += v[i];": 1 }))).to.deep.equal([
      [10, 0, 2, "true body"],
      [10, 1, 1, "next statement"],
    ]);
    // The statement after never ran: the false arm was never taken, for certain.
    const none = branches(src, { "if (v[i] == 0)": 2, "continue;": 2 });
    expect([none.hit, none.undetermined]).to.deep.equal([1, 0]);

    // Bubbling revert data up in assembly never falls through either.
    const relay = contract(`    function g(address to, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory result) = to.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }`);
    const relayed = branches(relay, { "(bool ok": 2, "if (!ok)": 2, "{\n            assembly": 1, "assembly": 1, "return result;": 1 });
    expect(arms(relayed)).to.deep.equal([
      [10, 0, 1, "true body"],
      [10, 1, 1, "if minus true"],
    ]);
    const relayFailedOnly = branches(relay, { "(bool ok": 1, "if (!ok)": 1, "{\n            assembly": 1, "assembly": 1 });
    expect([relayFailedOnly.hit, relayFailedOnly.undetermined]).to.deep.equal([1, 0]);
  });

  it("[RPT-14] a false arm that a transaction taking the true arm may have hidden is flagged undetermined", () => {
    const src = contract(`    function f(uint256[] calldata v) external {
        for (uint256 i = 0; i < v.length; ++i) {
            if (v[i] == 0) x++;
        }
    }`);
    const b = branches(src, { "if (v[i] == 0)": 3, "x++;": 3 });
    expect([b.hit, b.found, b.undetermined]).to.deep.equal([1, 2, 1]);
    expect(b.branches[1]!.undetermined).to.equal(true);
  });

  it("[RPT-14] a file with no if has no branches; ?:, && and || are not counted but tallied", () => {
    const src = contract(`    function f(uint256 a, bool p, bool q) external {
        x = a > 1 ? a : 1;
        require(p && (q || a == 0), "no");
        for (uint256 i = 0; i < a; ++i) x++;
    }`);
    const b = branches(src, { "x = a > 1": 1 });
    expect([b.found, b.hit, b.branches]).to.deep.equal([0, 0, []]);
    expect(b.notCounted).to.deep.equal({ conditionals: 1, shortCircuits: 2 });
    expect(branchLcov([{ file: "contracts/C.sol", branches: b }])).to.equal("TN:\nSF:contracts/C.sol\nBRF:0\nBRH:0\nend_of_record\n");
  });

  it("[RPT-14] needs no EDR: hand-made tags in UTF-16 offsets match solc's UTF-8 byte offsets", () => {
    const src = contract(`    // Prüfung — 检查
    function f(uint256 a) external {
        if (a == 0) revert E();
        x = a;
    }`);
    const at = (text: string, lineStart = true) => {
      const i = src.indexOf(text);
      return lineStart ? src.lastIndexOf("\n", i) + 1 : i;
    };
    const lineEnd = (text: string) => src.indexOf("\n", src.indexOf(text)) + 1;
    const tags: StatementTag[] = [
      { tag: "if", startUtf16: at("if (a == 0)"), endUtf16: lineEnd("if (a == 0)") },
      { tag: "revert", startUtf16: at("revert E()", false) - 1, endUtf16: lineEnd("revert E()") },
      { tag: "assign", startUtf16: at("x = a;"), endUtf16: lineEnd("x = a;") },
    ];
    const b = branchCoverage({ source: src, ast: parseSolidity(src), tags, hits: new Map([["if", 5], ["revert", 2], ["assign", 3]]) });
    expect(arms(b)).to.deep.equal([
      [10, 0, 2, "true body"],
      [10, 1, 3, "if minus true"],
    ]);
    const toUtf16 = utf8ToUtf16("a—b😀c");
    expect([0, 1, 4, 5, 9, 10].map(toUtf16)).to.deep.equal([0, 1, 2, 3, 5, 6]);
    expect([isTrivia("  // x\n /* y */ \n"), isTrivia(" if (a) ")]).to.deep.equal([true, false]);
  });

  it("[RPT-14] a file whose if has no tag is reported unmatched, not guessed", () => {
    const src = contract(`    function f(uint256 a) external {
        if (a == 0) revert E();
    }`);
    const b = branchCoverage({ source: src, ast: parseSolidity(src), tags: [], hits: new Map() });
    expect([b.found, b.unmatched]).to.deep.equal([0, [{ line: 9, reason: "no statement tag for the if" }]]);
  });

  it("[RPT-06][RPT-14] adds derived branches where lcov.info has none, and keeps lcov.info's own records", () => {
    const files = [
      { file: "a.sol", linesFound: 1, linesHit: 1, uncoveredLines: [] },
      { file: "b.sol", linesFound: 1, linesHit: 1, uncoveredLines: [], branchesFound: 2, branchesHit: 1 },
      { file: "c.sol", linesFound: 1, linesHit: 0, uncoveredLines: [1] },
    ];
    const derived = new Map([
      ["a.sol", { found: 4, hit: 3 }],
      ["b.sol", { found: 8, hit: 8 }],
    ]);
    expect(withBranches(files, derived).map((f) => [f.file, f.branchesHit, f.branchesFound])).to.deep.equal([
      ["a.sol", 3, 4],
      ["b.sol", 1, 2],
      ["c.sol", undefined, undefined],
    ]);
  });
});

describe("report: branch inputs from a coverage run", () => {
  const source = contract(`    function f(uint256 a) external {
        if (a == 0) revert E();
        x = a;
    }`);
  let root: string;
  let tags: StatementTag[];
  const sinceMs = Date.now() - 1000;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "branches-"));
    await mkdir(path.join(root, "contracts"), { recursive: true });
    await mkdir(path.join(root, "coverage", "data", "mocha"), { recursive: true });
    await mkdir(path.join(root, "artifacts", "build-info"), { recursive: true });
    await writeFile(path.join(root, "contracts", "C.sol"), source);
    tags = instrument(source);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const hitsFile = (name: string, hits: Map<string, number>) => writeFile(path.join(root, "coverage", "data", "mocha", name), JSON.stringify(Object.fromEntries(hits)));
  const buildInfo = (tagList: string[]) =>
    writeFile(
      path.join(root, "artifacts", "build-info", "solc-0_8_29-x.json"),
      JSON.stringify({
        solcVersion: "0.8.29",
        input: { sources: { "project/contracts/C.sol": { content: tagList.map((t) => `__NomicFoundationCoverage.sendHit(0x${t});`).join("\n") } } },
      }),
    );

  it("[RPT-14] re-instruments the sources, checks the tags against the run's build and hit counts, and derives branches", async () => {
    await buildInfo(tags.map((t) => t.tag));
    await hitsFile("a.json", counts(source, tags, { "if (a == 0)": 3, "revert E();": 1 }));
    await hitsFile("b.json", counts(source, tags, { "if (a == 0)": 2, "x = a;": 2 }));
    const stale = path.join(root, "coverage", "data", "mocha", "old.json");
    await writeFile(stale, JSON.stringify(Object.fromEntries(counts(source, tags, { "x = a;": 50 }))));
    await utimes(stale, new Date(sinceMs - 60_000), new Date(sinceMs - 60_000));
    const m = await measureBranches({ root, files: ["contracts/C.sol"], sinceMs });
    expect(m.problems).to.deep.equal([]);
    expect(m.files.get("contracts/C.sol")!.branches.map((b) => [b.line, b.branch, b.taken])).to.deep.equal([
      [9, 0, 1],
      [9, 1, 4],
    ]);
  });

  it("[RPT-14] shows no branches when a tag that ran matches no source, or the build's tags differ, or nothing ran", async () => {
    await hitsFile("a.json", new Map([["ab".repeat(32), 1]]));
    const stranger = await measureBranches({ root, files: ["contracts/C.sol"], sinceMs });
    expect([stranger.files.size, stranger.problems]).to.deep.equal([
      0,
      ["1 of the 1 statement tags that ran belong to no source file lcov.info lists (sources changed during the run, or another solc version)"],
    ]);

    await hitsFile("a.json", counts(source, tags, { "x = a;": 1 }));
    await buildInfo(tags.slice(1).map((t) => t.tag));
    const differs = await measureBranches({ root, files: ["contracts/C.sol"], sinceMs });
    expect([differs.files.size, differs.problems]).to.deep.equal([0, ["contracts/C.sol: the re-instrumented statement tags differ from those compiled in this run's coverage build"]]);

    const later = await measureBranches({ root, files: ["contracts/C.sol"], sinceMs: Date.now() + 60_000 });
    expect(later.problems).to.deep.equal(["coverage/data/ has no hit counts written by this run"]);
  });
});
