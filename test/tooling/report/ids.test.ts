import { expect } from "chai";
import { compareIds, idsFromMochaTitle, idsFromSolidityName, isRequirementId } from "../../../tooling/report/ids.js";

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

  it("[RPT-01] accepts well-formed ids only and orders them by number", () => {
    for (const id of ["ACC-07", "ACC-F01", "ACC-I01", "TOK-03", "CERT-12", "EVM-01", "TASK-02", "DEP-01", "RPT-10"]) expect(isRequirementId(id), id).to.equal(true);
    for (const id of ["ACC07", "acc-07", "ACC-", "-07", "ACC_07", "ACC-07a"]) expect(isRequirementId(id), id).to.equal(false);
    expect(["ACC-10", "ACC-2", "TOK-01", "ACC-01"].sort(compareIds)).to.deep.equal(["ACC-01", "ACC-2", "ACC-10", "TOK-01"]);
  });
});
