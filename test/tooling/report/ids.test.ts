import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  citationFromSolidityName,
  commentCitationsInSolidity,
  compareIds,
  idsFromMochaTitle,
  idsFromSolidityName,
  isRequirementId,
} from "../../../tooling/report/ids.js";
import { testsFromSolidity } from "../../../tooling/report/model.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function solidityTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? solidityTestFiles(path.join(dir, e.name)) : e.name.endsWith(".sol") ? [path.join(dir, e.name)] : [],
  );
}

describe("report: requirement ids in test names", () => {
  it("[RPT-02] reads ids from leading square brackets of a mocha title, in all three forms", () => {
    expect(idsFromMochaTitle("[ACC-07] a revoked role is gone").ids).to.deep.equal(["ACC-07"]);
    expect(idsFromMochaTitle("[ACC-07][ACC-09] both").ids).to.deep.equal(["ACC-07", "ACC-09"]);
    expect(idsFromMochaTitle("[ACC-07] [ACC-F01] spaced").ids).to.deep.equal(["ACC-07", "ACC-F01"]);
    expect(idsFromMochaTitle("[ACC-07, ACC-09] listed").ids).to.deep.equal(["ACC-07", "ACC-09"]);
    expect(idsFromMochaTitle("[TOK-03,CERT-12] no space").ids).to.deep.equal(["TOK-03", "CERT-12"]);
  });

  it("[RPT-02] ignores brackets after the start and reports malformed citations instead of dropping them", () => {
    expect(idsFromMochaTitle("transfers [ACC-07] later")).to.deep.equal({ ids: [], malformed: [] });
    expect(idsFromMochaTitle("plain title")).to.deep.equal({ ids: [], malformed: [] });
    expect(idsFromMochaTitle("[ACC07] typo")).to.deep.equal({ ids: [], malformed: ["ACC07"] });
    expect(idsFromMochaTitle("[ACC-07][acc-08] case")).to.deep.equal({ ids: ["ACC-07"], malformed: ["acc-08"] });
    expect(idsFromMochaTitle("[ACC-07][ACC-07] twice").ids).to.deep.equal(["ACC-07"]);
  });

  it("[RPT-02] reads ids from Solidity test function names, with or without a signature", () => {
    expect(idsFromSolidityName("testFuzz_ACC_F01_tallyMatchesReference(uint8,uint32[7])")).to.deep.equal(["ACC-F01"]);
    expect(idsFromSolidityName("invariant_ACC_I01_supplyIsSumOfBalances()")).to.deep.equal(["ACC-I01"]);
    expect(idsFromSolidityName("test_CERT_12_revokedIsInvalid")).to.deep.equal(["CERT-12"]);
    expect(idsFromSolidityName("test_EVM_01_push0")).to.deep.equal(["EVM-01"]);
    expect(idsFromSolidityName("test_ACC_07_ACC_09_both()")).to.deep.equal(["ACC-07", "ACC-09"]);
    expect(idsFromSolidityName("test_TASK_02_x")).to.deep.equal(["TASK-02"]);
  });

  it("[RPT-02] finds no id in Solidity names that do not follow the pattern", () => {
    expect(idsFromSolidityName("test_sim()")).to.deep.equal([]);
    expect(idsFromSolidityName("testFuzz_tally(uint8)")).to.deep.equal([]);
    expect(idsFromSolidityName("test_acc_07_lower()")).to.deep.equal([]);
    expect(idsFromSolidityName("test_ACC_tally()")).to.deep.equal([]);
    expect(idsFromSolidityName("setUp()")).to.deep.equal([]);
  });

  it("[RPT-02] reports a Solidity name that tries to cite but is not well-formed, instead of reading it as citing nothing", () => {
    expect(citationFromSolidityName("test_CERT28_revoked()")).to.deep.equal({ ids: [], malformed: ["CERT28"] });
    expect(citationFromSolidityName("test_ACC_07a_x()")).to.deep.equal({ ids: [], malformed: ["ACC-07a"] });
    expect(citationFromSolidityName("testFuzz_ACC_07_CERT5_x(uint8)")).to.deep.equal({ ids: ["ACC-07"], malformed: ["CERT5"] });
    for (const name of ["test_sim()", "testFuzz_tally(uint8)", "test_ACC_tally()", "test_EVM_01_push0()", "setUp()"]) {
      expect(citationFromSolidityName(name).malformed, name).to.deep.equal([]);
    }
  });

  it("[RPT-02] a Solidity test cites only by its name: an id in its comment is found by the convention check and read as no citation", () => {
    const source = [
      "contract T {",
      "    /// [CERT-28] status follows the model",
      "    function testFuzz_storedStatus(uint256 x) public {}",
      "",
      "    /// @notice ACC-I01: roles change only by vote",
      "    function invariant_roles() public view {}",
      "",
      "    /// @notice Cited where the report reads it: the name.",
      "    function test_ACC_02_voteChange() public {}",
      "",
      "    /// [ACC-03, ACC-04] a helper is not a test",
      "    function helper() internal {}",
      "}",
    ].join("\n");
    expect(commentCitationsInSolidity(source)).to.deep.equal([
      { line: 2, test: "testFuzz_storedStatus", ids: ["CERT-28"] },
      { line: 5, test: "invariant_roles", ids: ["ACC-I01"] },
    ]);
    const [commented, named] = testsFromSolidity({
      ran: true,
      summary: {},
      tests: [
        { suite: "t.sol:T", file: "t.sol", contract: "T", name: "testFuzz_storedStatus(uint256)", status: "passed", kind: "fuzz" },
        { suite: "t.sol:T", file: "t.sol", contract: "T", name: "test_ACC_02_voteChange()", status: "passed", kind: "unit" },
      ],
    });
    expect([commented!.cites, commented!.malformed]).to.deep.equal([[], []]);
    expect(named!.cites).to.deep.equal(["ACC-02"]);
  });

  it("[RPT-02] every Solidity test in test/solidity cites its rules in its function name, none in a comment", () => {
    const files = solidityTestFiles(path.join(ROOT, "test/solidity"));
    expect(files.length).to.be.greaterThan(0);
    const offenders = files.flatMap((f) =>
      commentCitationsInSolidity(readFileSync(f, "utf8")).map((c) => `${path.relative(ROOT, f)}:${c.line} ${c.test} cites ${c.ids.join(", ")} in a comment; put the id in the name`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it("[RPT-01] accepts well-formed ids only and orders them by number", () => {
    for (const id of ["ACC-07", "ACC-F01", "ACC-I01", "TOK-03", "CERT-12", "EVM-01", "TASK-02", "DEP-01", "RPT-10"]) expect(isRequirementId(id), id).to.equal(true);
    for (const id of ["ACC07", "acc-07", "ACC-", "-07", "ACC_07", "ACC-07a"]) expect(isRequirementId(id), id).to.equal(false);
    expect(["ACC-10", "ACC-2", "TOK-01", "ACC-01"].sort(compareIds)).to.deep.equal(["ACC-01", "ACC-2", "ACC-10", "TOK-01"]);
  });
});
