import { expect } from "chai";
import { buildReport } from "../../../tooling/report/model.js";
import { passingInput, sampleInput } from "./fixtures.js";

const messages = (area: string, input = sampleInput()) =>
  buildReport(input)
    .problems.filter((p) => p.area === area)
    .map((p) => p.message);

describe("report: verdict", () => {
  it("[RPT-03] passes a run where every rule is proven and nothing is missing", () => {
    const m = buildReport(passingInput());
    expect(m.problems).to.deep.equal([]);
    expect(m.passed).to.equal(true);
    expect(m.systems.map((s) => [s.system, s.counts])).to.deep.equal([
      ["access", { proven: 5, failing: 0, untested: 0 }],
      ["token", { proven: 2, failing: 0, untested: 0 }],
    ]);
  });

  it("[RPT-03] joins each rule with the tests that cite it, from both runners", () => {
    const m = buildReport(sampleInput());
    const acc02 = m.systems[0]!.rules.find((r) => r.rule.id === "ACC-02")!;
    expect(acc02.tests.map((t) => [t.runner, t.title])).to.deep.equal([
      ["solidity", "VotingTest.test_ACC_02_voteChangeMovesWeight()"],
      ["mocha", "access: proposals [ACC-02][ACC-03] a vote change moves weight and a revoke reaches every module"],
    ]);
    expect(acc02.verdict).to.equal("proven");
  });

  it("[RPT-03] fails on a failed test and marks the rules it cites as failing", () => {
    const m = buildReport(sampleInput());
    expect(m.passed).to.equal(false);
    const verdicts = Object.fromEntries(m.systems.flatMap((s) => s.rules.map((r) => [r.rule.id, r.verdict])));
    expect(verdicts).to.deep.equal({ "ACC-01": "proven", "ACC-02": "proven", "ACC-03": "failing", "ACC-F01": "failing", "ACC-I01": "proven", "TOK-01": "proven", "TOK-02": "proven" });
    expect(messages("tests")).to.deep.equal([
      "solidity test failed: VotingTest.testFuzz_ACC_F01_boundaries(uint16,uint16) (test/solidity/access/VotingTest.sol) — Error: approval <b>boundary</b>",
      "mocha test failed: access: proposals [ACC-03] a revoked role is gone from the token (test/access/proposals.test.ts) — AssertionError: expected true to equal false",
    ]);
  });

  it("[RPT-03] fails on a rule that no test cites, or whose only tests were skipped", () => {
    const input = passingInput();
    input.requirements[1]!.rules.push({ id: "TOK-09", text: "frozen accounts cannot move funds", system: "token", file: "docs/requirements/token.md", line: 9 });
    input.solidity!.tests.push({ suite: "a.sol:A", file: "a.sol", contract: "A", name: "test_TOK_01_skipped()", status: "skipped", kind: "unit" });
    input.requirements[1]!.rules.push({ id: "TOK-10", text: "only skipped", system: "token", file: "docs/requirements/token.md", line: 10 });
    input.solidity!.tests.push({ suite: "a.sol:A", file: "a.sol", contract: "A", name: "test_TOK_10_skipped()", status: "skipped", kind: "unit" });
    input.solidity!.summary.solidity!.skipped = 2;
    const m = buildReport(input);
    expect(m.problems.map((p) => p.message)).to.deep.equal([
      "TOK-09 (docs/requirements/token.md) has no test that ran: frozen accounts cannot move funds",
      "TOK-10 (docs/requirements/token.md) has no test that ran (its only tests were skipped): only skipped",
    ]);
    expect(m.systems[1]!.rules.find((r) => r.rule.id === "TOK-01")!.verdict).to.equal("proven");
  });

  it("[RPT-03] fails on a test citing an unknown or malformed id, once per id, and lists tests citing none", () => {
    const input = passingInput();
    input.mocha!.tests.push({ ...input.mocha!.tests[0]!, title: "[ACC07] typo", fullTitle: "x [ACC07] typo" });
    input.mocha!.tests.push({ ...input.mocha!.tests[0]!, title: "[CERT-12] a", fullTitle: "c [CERT-12] a", file: "test/c.test.ts" });
    input.mocha!.tests.push({ ...input.mocha!.tests[0]!, title: "[CERT-12] b", fullTitle: "c [CERT-12] b", file: "test/c.test.ts" });
    input.mocha!.tests.push({ ...input.mocha!.tests[0]!, title: "no id", fullTitle: "c no id" });
    input.solidity!.summary.mocha!.passed += 4;
    const m = buildReport(input);
    expect(m.problems.map((p) => p.message)).to.deep.equal([
      "ACC07 is not a well-formed requirement id, but is cited in test/access/proposals.test.ts: x [ACC07] typo",
      "CERT-12 is defined in no requirement file, but is cited in test/c.test.ts (2 tests)",
    ]);
    expect(m.unknownCitations.map((u) => u.id)).to.deep.equal(["ACC07", "CERT-12", "CERT-12"]);
    expect(m.uncitedTests.map((t) => t.title)).to.deep.equal(["c no id"]);
  });

  it("[RPT-03] fails on a Solidity test whose name cites a malformed id, and lists a Solidity test citing none", () => {
    const input = passingInput();
    input.solidity!.tests.push({ suite: "a.sol:A", file: "a.sol", contract: "A", name: "test_ACC01_typo()", status: "passed", kind: "unit" });
    input.solidity!.tests.push({ suite: "a.sol:A", file: "a.sol", contract: "A", name: "test_noId()", status: "passed", kind: "unit" });
    input.solidity!.summary.solidity!.passed += 2;
    const m = buildReport(input);
    expect(m.problems.map((p) => p.message)).to.deep.equal(["ACC01 is not a well-formed requirement id, but is cited in a.sol: A.test_ACC01_typo()"]);
    expect(m.uncitedTests.map((t) => t.title)).to.deep.equal(["A.test_noId()"]);
  });

  it("[RPT-01] fails on requirement file errors and on an id defined in two files", () => {
    const input = passingInput();
    input.requirements[1]!.rules.push({ ...input.requirements[0]!.rules[0]! });
    input.requirements[0]!.errors.push("docs/requirements/access.md:12: \"ACC_9\" is not a valid requirement id (expected e.g. ACC-07 or ACC-F01)");
    expect(messages("requirements", input)).to.deep.equal([
      'docs/requirements/access.md:12: "ACC_9" is not a valid requirement id (expected e.g. ACC-07 or ACC-F01)',
      "ACC-01 is defined twice: docs/requirements/access.md:5 and docs/requirements/access.md:5",
    ]);
  });
});

describe("report: complete runs only", () => {
  it("[RPT-04] fails when the Solidity tests read differ from Hardhat's summary", () => {
    const input = passingInput();
    input.solidity!.summary.solidity!.passed += 1;
    expect(messages("tests", input)).to.deep.equal(["read 3 passed, 0 failed, 0 skipped Solidity tests, but Hardhat's summary says 4/0/0"]);
  });

  it("[RPT-04] fails when the run printed no summary or no Solidity section, or exited non-zero without a failure", () => {
    const input = passingInput();
    input.solidity = { ran: false, tests: [], summary: {} };
    input.testRun = { command: "npx hardhat test", exitCode: 1 };
    expect(messages("tests", input)).to.deep.equal([
      "the output of `npx hardhat test` has no Solidity test section: the run did not get to the Solidity tests",
      "`npx hardhat test` printed no closing summary: the run broke off part-way (exit code 1)",
      "`npx hardhat test` exited with 1 but no test failed: the run broke off (see its log)",
    ]);
  });

  it("[RPT-05] fails when the mocha run did not reach its end, or a hook failed", () => {
    const input = passingInput();
    input.mocha!.completed = false;
    input.mocha!.hooks.push({ title: '"before each" hook', fullTitle: 'token "before each" hook for "x"', file: "test/t.test.ts", error: "Error: no network" });
    input.solidity!.summary.mocha!.failed = 1;
    input.testRun!.exitCode = 1;
    expect(messages("tests", input)).to.deep.equal([
      "the mocha run started but did not reach its end (results file says completed: false)",
      'mocha hook failed, so the tests after it did not run: token "before each" hook for "x" — Error: no network',
    ]);
  });

  it("[RPT-08] lists the gatherer's missing and stale inputs as failures", () => {
    const input = passingInput();
    delete input.coverage;
    input.inputProblems.push({ area: "inputs", message: "coverage: coverage/lcov.info is missing" });
    const m = buildReport(input);
    expect(m.passed).to.equal(false);
    expect(m.problems).to.deep.equal([{ area: "inputs", message: "coverage: coverage/lcov.info is missing" }]);
    expect(m.coverage).to.equal(undefined);
  });
});

describe("report: gas, London, Clique", () => {
  it("[RPT-07] computes each row's ratio to its named peer", () => {
    const rows = buildReport(sampleInput()).gas.rows;
    const transfer = rows.find((r) => r.operation === "member-checked transfer (existing holder)")!;
    expect(transfer.peerGas).to.equal(34472);
    // (no closeTo: hardhat-ethers-chai-matchers redefines it for integers)
    expect(transfer.ratio).to.equal(41364 / 34472);
    const guarded = rows.find((r) => r.operation === "hot path guarded")!;
    expect([guarded.peerGas, guarded.ratio! > 1]).to.deep.equal([45124, true]);
    expect(rows.find((r) => r.operation === "hot path unguarded")!.ratio).to.equal(undefined);
  });

  it("[RPT-07] fails on a peer that no row has; lists a row over its target without failing the run", () => {
    const input = sampleInput();
    input.gas[0]!.rows.push({ system: "token", operation: "burn", gas: 50000, target: null, withinTarget: null, peer: "peer/OZ burn" });
    expect(messages("gas", input)).to.deep.equal(['reports/bench.json: "token/burn" names peer "peer/OZ burn", which no benchmark row has']);
    expect(messages("target", input)).to.deep.equal([
      "certificates/issue costs 120000 gas, over its target of 100000 (reports/bench-certificates.json)",
    ]);
    // A bench note that names the operation's traced floor is carried into the listing.
    const row = input.gas.flatMap((g) => g.rows).find((r) => r.operation === "issue")!;
    row.note = "receipt gasUsed; floor before logic 49,564 (calldata + storage + logs), 47,464 without the pause read; peer: EAS";
    expect(messages("target", input)).to.deep.equal([
      "certificates/issue costs 120000 gas, over its target of 100000; floor before logic 49,564 (calldata + storage + logs), 47,464 without the pause read (reports/bench-certificates.json)",
    ]);
  });

  it("[RPT-09] fails on post-London opcodes or oversized code, and on a failed Clique run", () => {
    const input = passingInput();
    input.london = {
      checked: 2,
      compatible: false,
      contracts: [
        { contract: "A.sol:A", bytes: 100, forbidden: [{ offset: 7, opcode: "PUSH0" }] },
        { contract: "B.sol:B", bytes: 30000, forbidden: [] },
      ],
    };
    input.clique = { file: "reports/clique.json", producedAt: "2026-11-23T09:00:00.000Z", result: { ran: true, network: "anvil", passed: 1, failed: 1, tests: [{ title: "a", passed: true }, { title: "b", passed: false }] } };
    expect(buildReport(input).problems.map((p) => `${p.area}: ${p.message}`)).to.deep.equal([
      "london: A.sol:A contains post-London opcodes: PUSH0@7",
      "london: B.sol:B is 30000 bytes, over the EIP-170 limit of 24576",
      "clique: 1 Clique end-to-end test(s) failed on anvil (reports/clique.json, produced 2026-11-23T09:00:00.000Z)",
    ]);
  });

  it("[RPT-09] does not fail when the Clique end-to-end run is absent or did not run", () => {
    const input = passingInput();
    delete input.clique;
    expect(buildReport(input).passed).to.equal(true);
    input.clique = { file: "reports/clique.json", producedAt: "x", result: { ran: false, network: "geth", passed: 0, failed: 0, tests: [] } };
    expect(buildReport(input).passed).to.equal(true);
  });
});

describe("report model: the Clique run", () => {
  it("[RPT-13] rules cited by tests of reports/clique.json are proven by that run, and unproven without it", async () => {
    const input = passingInput();
    const file = "docs/requirements/clique.md";
    input.requirements.push({ file, system: "clique", title: "Clique", rules: [{ id: "CLQ-01", text: "deploys on Clique", system: "clique", file, line: 3 }], errors: [] });
    const without = buildReport(input);
    expect(without.systems.find((s) => s.rules.some((r) => r.rule.id === "CLQ-01"))!.rules[0]!.verdict).to.equal("untested");
    input.clique = {
      file: "reports/clique.json",
      producedAt: "2026-11-23T00:00:00.000Z",
      result: { ran: true, network: "geth", passed: 1, failed: 0, tests: [{ title: "[CLQ-01] deploys the genesis", passed: true }] },
    } as never;
    const withRun = buildReport(input);
    expect(withRun.systems.find((s) => s.rules.some((r) => r.rule.id === "CLQ-01"))!.rules[0]!.verdict).to.equal("proven");
  });
});
