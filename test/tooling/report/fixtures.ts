/** Builds a report input from the sample files in test/tooling/report/fixtures/ (no test run needed). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCoverageTable, parseLcov, withStatements } from "../../../tooling/report/coverage.js";
import { benchFileSchema, cliqueSchema, londonSchema, mochaResultsSchema, parseJsonFile } from "../../../tooling/report/inputs.js";
import type { ReportInput } from "../../../tooling/report/model.js";
import { parseRequirements } from "../../../tooling/report/requirements.js";
import { parseSolidityOutput } from "../../../tooling/report/solidity-log.js";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

/**
 * The sample run: 5 requirement rules of access and 2 of token; Solidity and mocha tests
 * with one failure each, a skipped test, a test citing an unknown id, a test without an id;
 * coverage with and without branch records; two bench files, one row over its target.
 */
export function sampleInput(): ReportInput {
  const requirements = ["access.md", "token.md"].map((f) => parseRequirements(fixture(`requirements/${f}`), `docs/requirements/${f}`));
  return {
    meta: {
      title: "consortium-chain — test report",
      commit: "0123456789abcdef0123456789abcdef01234567",
      dirty: false,
      dirtyFiles: [],
      generatedAt: "2026-11-23T10:02:00.000Z",
      runId: "fixture-run",
      toolchain: [
        { name: "node", version: "v22.23.3" },
        { name: "hardhat", version: "3.18.0" },
        { name: "solc", version: "0.8.29+commit.ab55807c (evm london, optimizer 200 runs)" },
        { name: "OpenZeppelin contracts", version: "5.4.0" },
      ],
    },
    requirements,
    testRun: { command: "npx hardhat test", exitCode: 1 },
    solidity: parseSolidityOutput(fixture("test-output.log")),
    mocha: parseJsonFile(mochaResultsSchema, fixture("mocha.json"), "mocha.json"),
    coverage: {
      files: withStatements(parseLcov(fixture("lcov.info")), parseCoverageTable(fixture("coverage-output.log"))),
      command: "npx hardhat test --coverage",
      exitCode: 0,
    },
    gas: ["bench.json", "bench-certificates.json"].map((f) => ({ ...parseJsonFile(benchFileSchema, fixture(f), f), file: `reports/${f}` })),
    london: parseJsonFile(londonSchema, fixture("london.json"), "london.json"),
    clique: { result: parseJsonFile(cliqueSchema, fixture("clique.json"), "clique.json"), file: "reports/clique.json", producedAt: "2026-11-23T09:00:00.000Z" },
    inputProblems: [],
    steps: [
      { name: "coverage", command: "npx hardhat test --coverage", exitCode: 0, durationMs: 61_000, log: "reports/raw/coverage.log" },
      { name: "tests", command: "npx hardhat test", exitCode: 1, durationMs: 42_000, log: "reports/raw/test.log" },
    ],
    rawFiles: [{ path: "reports/raw/test.log", bytes: 1234, sha256: "ab".repeat(32) }],
  };
}

/** A run where everything passed: the failing, unknown and skipped parts of the sample removed. */
export function passingInput(): ReportInput {
  const input = sampleInput();
  const solidityTests = input.solidity!.tests.filter((t) => t.status === "passed" && !t.name.includes("XYZ"));
  const mochaTests = input.mocha!.tests.filter((t) => t.state === "passed" && t.title.startsWith("["));
  mochaTests.push({ ...mochaTests[0]!, title: "[ACC-03] a revoked role is gone from the token", fullTitle: "access [ACC-03] a revoked role is gone from the token" });
  input.testRun = { command: "npx hardhat test", exitCode: 0 };
  input.solidity = {
    ran: true,
    tests: solidityTests,
    summary: { solidity: { passed: solidityTests.length, failed: 0, skipped: 0 }, mocha: { passed: mochaTests.length, failed: 0, skipped: 0 } },
  };
  input.mocha = { ...input.mocha!, tests: mochaTests, stats: { tests: mochaTests.length, passes: mochaTests.length, failures: 0, pending: 0 } };
  input.gas = input.gas.filter((g) => g.file === "reports/bench.json");
  return input;
}
