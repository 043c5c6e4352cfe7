import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { Consortium__factory } from "../../typechain-types/index.js";
import { encodePayload, kindIndex } from "../../lib/access/proposals.js";
import {
  cleanupDeployments,
  DEPLOYMENTS,
  DEV,
  runCli,
  startAnvil,
  tempJson,
  testDeploymentId,
  type Anvil,
  type CliResult,
} from "../kit/cli.js";

const [GRID, BANK, CENTRE, , , SOLAR, OUTSIDER] = DEV;

/** Exactly one stderr line `error: <message>`, nothing on stdout, exit code 1. */
/** With --json the one error line is `error: {"code":...,"message":...,"fields":{...}}`; returns it parsed. */
function expectOneLineJsonError(r: CliResult, code: string, fields?: Record<string, unknown>) {
  expect(r.code, r.stderr).to.equal(1);
  expect(r.errLines, r.stderr).to.have.length(1);
  const error = JSON.parse(r.errLines[0]!.replace(/^error: /, "")) as { code: string; message: string; fields: Record<string, unknown> };
  expect(error.code, error.message).to.equal(code);
  if (fields) expect(error.fields).to.deep.equal(fields);
  expect(r.stdout.trim()).to.equal("");
  return error;
}

function expectOneLineError(r: CliResult, message: string | RegExp) {
  expect(r.code, r.stderr).to.equal(1);
  expect(r.errLines, r.stderr).to.have.length(1);
  const line = r.errLines[0]!;
  if (typeof message === "string") expect(line).to.equal(`error: ${message}`);
  else expect(line.replace(/^error: /, "")).to.match(message);
  expect(r.stdout.trim()).to.equal("");
}

describe("CLI against a separate node (hardhat --network localhost)", function () {
  this.timeout(120_000);
  let anvil: Anvil;
  let env: Record<string, string>;
  const id = testDeploymentId("cli");
  let consortium: string;
  let provider: JsonRpcProvider;

  before(async () => {
    anvil = await startAnvil();
    env = { LOCALHOST_RPC_URL: anvil.url, CONSORTIUM_DEPLOYMENT_ID: id };
    const r = await runCli(["deploy", "--parameters", "deploy/parameters/localhost.json", "--deployment-id", id, "--json"], env);
    expect(r.code, r.stderr).to.equal(0);
    consortium = JSON.parse(r.stdout).consortium;
    provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true, pollingInterval: 100 });
  });

  after(async () => {
    provider?.destroy();
    await anvil?.stop();
    cleanupDeployments([id]);
  });

  it("[TASK-06][TASK-17] propose prints the new proposal id; --json output is JSON only", async () => {
    const [text, json] = await Promise.all([
      runCli(["access:propose", "--kind", "GrantRole", "--account", CENTRE, "--role", "AUDITOR"], env),
      runCli(["access:members", "--json"], env),
    ]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout.split("\n")[0]).to.equal(`proposal 1: GrantRole(account=${CENTRE}, role=AUDITOR)`);
    expect(json.code, json.stderr).to.equal(0);
    const members = JSON.parse(json.stdout);
    expect(members).to.have.length(5);
    expect(members[1]).to.include({ id: 2, name: "Bank of Nanjing", status: "Active", weight: 1 });
  });

  it("[TASK-01][TASK-03][TASK-04][TASK-05] bad input: one line on stderr, exit 1, nothing sent", async () => {
    const nonce = await provider.getTransactionCount(GRID);
    const outsiderNonce = await provider.getTransactionCount(OUTSIDER);
    const [malformed, unknownMember, noPermission] = await Promise.all([
      runCli(["access:propose", "--kind", "AdmitMember", "--name", "Solar Co", "--admin", "0x12"], env),
      runCli(["access:propose", "--kind", "SuspendMember", "--member", "9"], env),
      runCli(["access:propose", "--kind", "SuspendMember", "--member", "2", "--from", OUTSIDER, "--json"], env),
    ]);
    expectOneLineError(malformed, '--admin: "0x12" is not an address');
    expectOneLineError(unknownMember, "unknown member 9 (members are 1..5)");
    expectOneLineJsonError(noPermission, "NOT_MEMBER_ADMIN", { account: OUTSIDER });
    expect(await provider.getTransactionCount(GRID)).to.equal(nonce);
    expect(await provider.getTransactionCount(OUTSIDER)).to.equal(outsiderNonce);
  });

  it("[DEP-04][DEP-08][TASK-01] wrong network, missing deployment, address without code: one line, exit 1", async () => {
    const genesis = JSON.parse(readFileSync("deploy/parameters/localhost.json", "utf8"));
    const wrongChain = tempJson("wrong-chain.json", { ...genesis, chainId: 1337 });
    const before = await provider.getTransactionCount(GRID);
    const [wrong, missing, noCode] = await Promise.all([
      runCli(["deploy", "--parameters", wrongChain], env),
      runCli(["access:members"], { ...env, CONSORTIUM_DEPLOYMENT_ID: "test-does-not-exist" }),
      runCli(["access:roles", BANK, "--consortium", "0x000000000000000000000000000000000000dEaD", "--json"], env),
    ]);
    expectOneLineError(wrong, `${wrongChain} is for chain 1337 but network localhost is chain 31337; wrong --network?`);
    expectOneLineError(
      missing,
      "no Consortium deployment for chain 31337 on network localhost (deploy/deployments/test-does-not-exist not found); deploy first, or, if the consortium runs already, attach to it with deploy:attach --consortium ADDRESS, or pass --consortium",
    );
    expectOneLineJsonError(noCode, "NO_CONTRACT", {
      contract: "Consortium",
      address: "0x000000000000000000000000000000000000dEaD",
      source: "--consortium",
      chainId: 31337,
    });
    expect(await provider.getTransactionCount(GRID)).to.equal(before);
  });

  it("[TASK-02][TASK-08] a revert is printed by custom error name and arguments", async () => {
    // Two proposals admitting the same account, both passed; once the first is executed the
    // second's effect is refused by the contract (the CLI's own checks cannot know better).
    const grid = await provider.getSigner(GRID);
    const c = Consortium__factory.connect(consortium, grid);
    const payload = encodePayload("AdmitMember", ["Solar Co", SOLAR, 1]);
    const first = (await c.proposalCount()) + 1n;
    await (await c.propose(kindIndex("AdmitMember"), payload, "")).wait();
    await (await c.propose(kindIndex("AdmitMember"), payload, "again")).wait();
    for (const who of [GRID, BANK, CENTRE]) {
      const v = c.connect(await provider.getSigner(who));
      await (await v.castVote(first, 1)).wait();
      await (await v.castVote(first + 1n, 1)).wait();
    }
    const p = await c.getProposal(first + 1n);
    const now = (await provider.getBlock("latest"))!.timestamp;
    await anvil.rpc("evm_increaseTime", [Number(p.deadline + p.rules.executionDelay) - now + 1]);
    await anvil.rpc("evm_mine", []);
    await (await c.execute(first)).wait();
    const failed = await runCli(["access:execute", "--id", String(first + 1n)], env);
    expectOneLineError(failed, `reverted with AccountAlreadyMember(account=${SOLAR}, memberId=6)`);
    expect(failed.stderr).not.to.match(/0x[0-9a-f]{64}/i); // never raw revert data
  });

  it("[DEP-08] tasks read the addresses from the Ignition deployment of the connected chain", () => {
    const addresses = JSON.parse(readFileSync(path.join(DEPLOYMENTS, id, "deployed_addresses.json"), "utf8"));
    expect(addresses["Consortium#Consortium"]).to.equal(consortium);
    expect(addresses["Consortium#SettlementToken"]).to.match(/^0x[0-9a-fA-F]{40}$/);
  });
});
