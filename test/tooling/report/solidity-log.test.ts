import { expect } from "chai";
import { kindOf, parseSolidityOutput } from "../../../tooling/report/solidity-log.js";
import { fixture } from "./fixtures.js";

describe("report: Solidity test output", () => {
  const out = parseSolidityOutput(fixture("test-output.log"));
  const byName = (prefix: string) => out.tests.find((t) => t.name.startsWith(prefix))!;

  it("[RPT-04] reads every Solidity test with its suite, status and kind, and nothing from the mocha section", () => {
    expect(out.ran).to.equal(true);
    expect(out.tests.map((t) => [t.contract, t.name.split("(")[0], t.status, t.kind])).to.deep.equal([
      ["VotingTest", "test_ACC_02_voteChangeMovesWeight", "passed", "unit"],
      ["VotingTest", "testFuzz_ACC_F01_tallyMatchesReference", "passed", "fuzz"],
      ["VotingTest", "testFuzz_ACC_F01_boundaries", "failed", "fuzz"],
      ["VotingTest", "test_skippedExample", "skipped", "unit"],
      ["GovernanceInvariantTest", "invariant_ACC_I01_rolesChangeOnlyThroughExecutedProposals", "passed", "invariant"],
      ["GovernanceInvariantTest", "invariant_XYZ_99_unknownRule", "passed", "invariant"],
    ]);
    expect(byName("test_ACC_02").file).to.equal("test/solidity/access/VotingTest.sol");
    expect(byName("test_ACC_02").suite).to.equal("test/solidity/access/VotingTest.sol:VotingTest");
  });

  it("[RPT-04] reads fuzz runs and invariant runs, calls and reverts, keeping the signature in the name", () => {
    const fuzz = byName("testFuzz_ACC_F01_tally");
    expect(fuzz.name).to.equal("testFuzz_ACC_F01_tallyMatchesReference(uint8,uint32[7],uint8[20])");
    expect(fuzz.runs).to.equal(256);
    const inv = byName("invariant_ACC_I01");
    expect([inv.runs, inv.calls, inv.reverts]).to.deep.equal([64, 2048, 311]);
    expect(byName("invariant_XYZ").calls).to.equal(undefined);
  });

  it("[RPT-04] attaches the failure reason and counterexample printed after the run", () => {
    const failed = byName("testFuzz_ACC_F01_boundaries");
    expect(failed.reason).to.equal("Error: approval <b>boundary</b>");
    expect(failed.counterexample).to.equal("6666, 5000");
    expect(failed.runs).to.equal(undefined);
  });

  it("[RPT-04] reads Hardhat's per-runner summary so that the caller can check the count", () => {
    expect(out.summary).to.deep.equal({
      solidity: { passed: 4, failed: 1, skipped: 1 },
      mocha: { passed: 4, failed: 1, skipped: 0 },
    });
  });

  it("[RPT-04] strips colours, reads a solo `hardhat test solidity` summary, and notices a missing section", () => {
    const solo = "\u001b[0mRunning Solidity tests\n\n  a/B.sol:B\n    \u001b[32m✔\u001b[39m \u001b[90mtest_x()\u001b[39m\n\n\n  1 passing\n";
    const r = parseSolidityOutput(solo);
    expect(r.tests.map((t) => t.name)).to.deep.equal(["test_x()"]);
    expect(r.summary).to.deep.equal({ solidity: { passed: 1, failed: 0, skipped: 0 } });
    expect(parseSolidityOutput("Compiled 3 files\nError HHE100: something broke\n")).to.deep.equal({ ran: false, tests: [], summary: {} });
  });

  it("[RPT-04] tells fuzz, invariant and unit tests apart", () => {
    expect(kindOf("test_x()")).to.equal("unit");
    expect(kindOf("test_x(uint256)")).to.equal("fuzz");
    expect(kindOf("testFuzz_x(uint8,(uint256,address))")).to.equal("fuzz");
    expect(kindOf("invariant_x()")).to.equal("invariant");
    expect(kindOf("statefulFuzz_x()")).to.equal("invariant");
  });
});
