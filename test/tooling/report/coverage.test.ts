import { expect } from "chai";
import { coverageTotals, parseCoverageTable, parseLcov, withStatements } from "../../../tooling/report/coverage.js";
import { fixture } from "./fixtures.js";

describe("report: coverage", () => {
  it("[RPT-06] reads lines found and hit per source file from lcov.info, and the lines never run", () => {
    const files = parseLcov(fixture("lcov.info"));
    expect(files.map((f) => [f.file, f.linesHit, f.linesFound])).to.deep.equal([
      ["contracts/access/Consortium.sol", 3, 6],
      ["contracts/token/SettlementToken.sol", 2, 2],
    ]);
    expect(files[0]!.uncoveredLines).to.deep.equal([12, 13, 20]);
  });

  it("[RPT-06] reads branches only where lcov.info has branch records; otherwise they stay unmeasured", () => {
    const [consortium, token] = parseLcov(fixture("lcov.info"));
    expect(consortium!.branchesFound).to.equal(undefined);
    expect([token!.branchesHit, token!.branchesFound]).to.deep.equal([1, 2]);
    expect(coverageTotals([consortium!])).to.deep.equal({ linesFound: 6, linesHit: 3 });
    expect(coverageTotals([consortium!, token!])).to.deep.equal({ linesFound: 8, linesHit: 5, branchesFound: 2, branchesHit: 1 });
  });

  it("[RPT-06] counts DA records when LF/LH are absent", () => {
    const [f] = parseLcov("SF:a.sol\nDA:1,3\nDA:2,0\nDA:3,1\nend_of_record\n");
    expect([f!.linesHit, f!.linesFound, f!.uncoveredLines]).to.deep.equal([2, 3, [2]]);
  });

  it("[RPT-06] takes statement % from Hardhat's coverage table, matching shortened paths", () => {
    const table = parseCoverageTable(fixture("coverage-output.log"));
    expect([...table.keys()]).to.deep.equal(["contracts/access/Consortium.sol", "…/token/SettlementToken.sol"]);
    const files = withStatements(parseLcov(fixture("lcov.info")), table);
    expect(files.map((f) => f.statementsPct)).to.deep.equal([53.57, 100]);
    expect(withStatements(parseLcov(fixture("lcov.info")), new Map())[0]!.statementsPct).to.equal(undefined);
  });
});
