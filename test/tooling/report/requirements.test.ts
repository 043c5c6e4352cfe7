import { expect } from "chai";
import { duplicateIdErrors, parseRequirements, systemOfFile } from "../../../tooling/report/requirements.js";
import { fixture } from "./fixtures.js";

describe("report: requirement files", () => {
  it("[RPT-01] reads one rule per `- ID: text` line, joins indented continuation lines and skips prose", () => {
    const doc = parseRequirements(fixture("requirements/access.md"), "docs/requirements/access.md");
    expect(doc.system).to.equal("access");
    expect(doc.title).to.equal("Permissioned access");
    expect(doc.rules.map((r) => r.id)).to.deep.equal(["ACC-01", "ACC-02", "ACC-03", "ACC-F01", "ACC-I01"]);
    expect(doc.rules[1]!.text).to.equal("a vote counts the voter's weight when it was cast; changing a vote moves that weight, never doubles it.");
    expect(doc.rules[1]!.line).to.equal(6);
    expect(doc.errors).to.deep.equal([]);
  });

  it("[RPT-01] names the system after the file", () => {
    expect(systemOfFile("docs/requirements/access-solidity.md")).to.equal("access-solidity");
    expect(systemOfFile("certificates.md")).to.equal("certificates");
  });

  it("[RPT-01] reports rule-like lines with a malformed id, and empty rules", () => {
    const doc = parseRequirements("# X\n\n- ACC_07: underscore\n- ACC 08: space\n- acc-09: lower\n- ACC-10:\n- Note: fine\n", "x.md");
    expect(doc.rules.map((r) => r.id)).to.deep.equal(["ACC-10"]);
    expect(doc.errors).to.have.length(4);
    expect(doc.errors[0]).to.match(/x\.md:3: "ACC_07" is not a valid requirement id/);
    expect(doc.errors[3]).to.match(/x\.md:6: ACC-10 has no rule text/);
  });

  it("[RPT-01] reports an id defined twice, within a file or across files", () => {
    const a = parseRequirements("- ACC-01: one\n- ACC-01: again\n", "a.md");
    const b = parseRequirements("- ACC-02: two\n- TOK-01: t\n", "b.md");
    const c = parseRequirements("- TOK-01: other\n", "c.md");
    expect(duplicateIdErrors([a, b, c])).to.deep.equal(["ACC-01 is defined twice: a.md:1 and a.md:2", "TOK-01 is defined twice: b.md:2 and c.md:1"]);
  });
});
