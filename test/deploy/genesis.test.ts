import { expect } from "chai";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadGenesis, parseGenesis } from "../../lib/access/genesis.js";
import { parseBps, parseDuration } from "../../lib/core/parse.js";
import { ROLES } from "../../lib/access/roles.js";
import { UserError } from "../../lib/core/errors.js";

const F = "deploy/parameters/x.json";
const ADDR = ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"];
const ENODE = "enode://" + "ab".repeat(64) + "@10.0.0.1:30303";

function base(): Record<string, unknown> {
  return {
    rules: { quorumBps: 5000, approvalBps: 6666, votingPeriod: "3d", executionDelay: "1d", executionWindow: "7d" },
    members: [
      { name: "State Grid Jiangsu", admins: [ADDR[0]], weight: 1 },
      { name: "Bank of Nanjing", admins: [ADDR[1]], weight: 1 },
    ],
    grants: [{ account: ADDR[1], role: "TOKEN_ISSUER" }],
    nodes: [],
    token: { name: "Consortium Yuan", symbol: "CNYC" },
  };
}

/** The one-line message parseGenesis gives for a mutated copy of base(). */
function problem(mutate: (g: any) => void): string {
  const g = base();
  mutate(g);
  try {
    parseGenesis(g, F);
  } catch (e) {
    expect(e).to.be.instanceOf(UserError);
    const msg = (e as Error).message;
    expect(msg.split("\n")).to.have.length(1);
    return msg;
  }
  throw new Error("expected the file to be refused");
}

describe("genesis parameter files", () => {
  it("[DEP-02] the shipped files validate and convert names, durations and percentages", async () => {
    const hh = await loadGenesis("deploy/parameters/hardhat.json");
    expect(hh.chainId).to.equal(31337);
    expect(hh.module.rules).to.deep.equal({
      quorumBps: 5000,
      approvalBps: 6666,
      votingPeriod: 3 * 86400,
      executionDelay: 86400,
      executionWindow: 7 * 86400,
      leadingMember: 0,
    });
    expect(hh.module.members.map((m) => m.name)).to.deep.equal([
      "State Grid Jiangsu",
      "Bank of Nanjing",
      "Jiangsu Power Trading Centre",
      "Energy Regulator",
      "Nanjing University",
    ]);
    expect(hh.module.grants).to.deep.include({ account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", role: ROLES.TOKEN_ISSUER });
    expect(hh.module.tokenSymbol).to.equal("CNYC");
    expect(Object.keys(hh.parameters)).to.deep.equal(["Consortium"]);

    const local = await loadGenesis("deploy/parameters/localhost.json");
    expect(local.module.rules.votingPeriod).to.equal(300);
    expect(local.module.members).to.deep.equal(hh.module.members);

    const clique = await loadGenesis("deploy/parameters/clique-example.json");
    expect(clique.chainId).to.equal(13371);
    expect(clique.module.rules.leadingMember).to.equal(1); // given by name
    expect(clique.module.rules.approvalBps).to.equal(6667);
    expect(clique.module.nodes.map((n) => n.memberId)).to.deep.equal([1, 3, 4]);
    expect(clique.module.grants.map((g) => g.role)).to.include(ROLES.AUDITOR);
  });

  it("[DEP-02] durations and basis points accept human forms", () => {
    expect(parseDuration("90s")).to.equal(90);
    expect(parseDuration("1d 12h")).to.equal(129600);
    expect(parseDuration("2w")).to.equal(1209600);
    expect(parseDuration(3600)).to.equal(3600);
    expect(parseDuration("3 days")).to.equal(undefined);
    expect(parseBps("66.66%")).to.equal(6666);
    expect(parseBps(5000)).to.equal(5000);
    expect(parseBps("half")).to.equal(undefined);
  });

  it("[DEP-03] a bad address names the file, the field and the value", () => {
    expect(problem((g) => g.members[1].admins.push("0x12"))).to.equal(`${F}: members[1].admins[1]: "0x12" is not an address`);
    expect(problem((g) => (g.grants[0].account = "0xZZ"))).to.equal(`${F}: grants[0].account: "0xZZ" is not an address`);
    expect(problem((g) => (g.members[0].admins = ["0x0000000000000000000000000000000000000000"]))).to.equal(
      `${F}: members[0].admins[0]: the zero address is not an account`,
    );
  });

  it("[DEP-03] an account in two members, a duplicate grant or signer is refused", () => {
    expect(problem((g) => g.members[1].admins.push(ADDR[0]))).to.equal(
      `${F}: members[1].admins[1]: ${ADDR[0]} is already an admin of members[0] (State Grid Jiangsu)`,
    );
    expect(problem((g) => g.grants.push({ account: ADDR[1], role: 11 }))).to.equal(`${F}: grants[1]: TOKEN_ISSUER is granted to ${ADDR[1]} twice`);
    expect(
      problem((g) => {
        g.nodes = [
          { memberId: 1, signer: ADDR[2], enode: ENODE },
          { memberId: 2, signer: ADDR[2], enode: ENODE },
        ];
      }),
    ).to.equal(`${F}: nodes[1].signer: ${ADDR[2]} is already the signer of nodes[0]`);
  });

  it("[DEP-03] unknown member ids and names in nodes and rules are refused", () => {
    expect(problem((g) => (g.nodes = [{ memberId: 3, signer: ADDR[2], enode: ENODE }]))).to.equal(
      `${F}: nodes[0].memberId: unknown member 3 (members are 1..2, in file order)`,
    );
    expect(problem((g) => (g.rules.leadingMember = "Solar Co"))).to.equal(
      `${F}: rules.leadingMember: unknown member "Solar Co" (known: State Grid Jiangsu, Bank of Nanjing)`,
    );
    expect(problem((g) => g.grants.push({ account: ADDR[2], role: "REGULATOR" }))).to.equal(
      `${F}: grants[1].account: ${ADDR[2]} is not an account of any member (add it to a member's admins)`,
    );
  });

  it("[DEP-03] unknown roles, unknown fields, missing and mistyped fields are named", () => {
    expect(problem((g) => (g.grants[0].role = "BANKER"))).to.match(new RegExp(`^${F}: grants\\[0\\]\\.role: unknown role "BANKER" \\(known: CERT_ISSUER, `));
    expect(problem((g) => (g.grants[0].role = "MEMBER"))).to.match(/grants\[0\]\.role: unknown role "MEMBER"/);
    expect(problem((g) => (g.members[0].wieght = 2))).to.equal(`${F}: members[0].wieght: unknown field (allowed here: name, admins, weight)`);
    expect(problem((g) => delete g.rules)).to.equal(`${F}: rules: is required`);
    expect(problem((g) => (g.members[0].weight = "1"))).to.equal(`${F}: members[0].weight: expected number, got string`);
    expect(problem((g) => (g.members = []))).to.equal(`${F}: members: at least one founding member is needed`);
    expect(problem((g) => (g.members[0].admins = []))).to.equal(`${F}: members[0].admins: a member needs at least one admin account`);
  });

  it("[DEP-03] rules, weights, names and enodes are checked like the constructor does", () => {
    expect(problem((g) => (g.rules.approvalBps = "50%"))).to.equal(`${F}: rules.approvalBps: 5000 is out of range 5001..10000 (a majority is needed)`);
    expect(problem((g) => (g.rules.quorumBps = 0))).to.equal(`${F}: rules.quorumBps: 0 is out of range 1..10000`);
    expect(problem((g) => (g.rules.votingPeriod = "3 days"))).to.match(/^deploy\/parameters\/x\.json: rules\.votingPeriod: "3 days" is not a duration/);
    expect(problem((g) => (g.rules.executionWindow = "400d"))).to.equal(`${F}: rules.executionWindow: must be 1s..365d`);
    expect(problem((g) => (g.members[1].weight = 0))).to.equal(`${F}: members[1].weight: 0 is out of range 1..1000000`);
    expect(problem((g) => (g.members[1].name = "x".repeat(65)))).to.equal(`${F}: members[1].name: is 65 bytes, at most 64`);
    expect(problem((g) => (g.members[1].name = "state grid jiangsu"))).to.equal(`${F}: members[1].name: "state grid jiangsu" is also members[0]`);
    expect(problem((g) => (g.nodes = [{ memberId: 1, signer: ADDR[2], enode: "enode://abc@1.2.3.4:30303" }]))).to.equal(
      `${F}: nodes[0].enode: "enode://abc@1.2.3.4:30303" is not enode://<128 hex digits of the node key>@host:port`,
    );
  });

  it("[DEP-03] a missing file or invalid JSON is one line too", async () => {
    const err = async (file: string) => {
      try {
        await loadGenesis(file);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("expected a failure");
    };
    expect(await err("deploy/parameters/nope.json")).to.equal("deploy/parameters/nope.json: no such file");
    const dir = mkdtempSync(path.join(tmpdir(), "genesis-"));
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, readFileSync("deploy/parameters/hardhat.json", "utf8").replace('"rules"', "rules"));
    const msg = await err(bad);
    expect(msg).to.match(new RegExp(`^${bad}: invalid JSON: `));
    expect(msg.split("\n")).to.have.length(1);
    expect(await err("")).to.equal("--parameters is required (e.g. deploy/parameters/localhost.json)");
  });
});
