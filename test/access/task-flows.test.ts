import { expect } from "chai";
import { getAddress } from "ethers";
import { ethers, fails, networkHelpers, ok, runTask } from "../kit/inprocess.js";
import { DEV } from "../kit/cli.js";
import { ROLES } from "../../lib/access/roles.js";

// Genesis of deploy/parameters/hardhat.json: member 1 State Grid Jiangsu (DEV[0], DEV[4]),
// 2 Bank of Nanjing (DEV[1], TOKEN_ISSUER), 3 Jiangsu Power Trading Centre (DEV[2],
// MARKET_OPERATOR), 4 Energy Regulator (DEV[3], REGULATOR), 5 Nanjing University (DEV[7],
// CERT_ISSUER); DEV[2] also holds PLATFORM_OPERATOR. DEV[5], DEV[6]: outsiders.
const [GRID, BANK, CENTRE, REGULATOR, GRID_OPS, SOLAR, OUTSIDER] = DEV;
const ENODE = "enode://" + "ab".repeat(64) + "@10.0.0.1:30303";

// In-process deployments are not journaled; the deploy task remembers them for later tasks,
// so nothing below passes --consortium or --token.
async function deployedGenesis() {
  return (await ok<{ consortium: string; token: string; contracts: Record<string, string> }>("deploy", { parameters: "deploy/parameters/hardhat.json" })).value;
}
const fresh = () => networkHelpers.loadFixture(deployedGenesis);

/** Runs a task that must be refused with one stderr line; returns its stable code and fields (the message is for people). */
async function refused(id: string, args: Record<string, unknown> = {}): Promise<{ code: string; fields: Record<string, unknown> }> {
  const r = await runTask(id, args);
  expect(r.ok, `${id} should be refused`).to.equal(false);
  expect(r.stderr, r.stderr.join(" | ")).to.have.length(1);
  const { code, fields } = r.result as unknown as { code: string; fields: Record<string, unknown> };
  return { code, fields };
}
let addresses: { consortium: string; token: string; contracts: Record<string, string> };

/** Proposes from GRID, votes For from GRID, BANK and CENTRE, waits until Ready. Returns the id. */
async function passToReady(args: Record<string, string>): Promise<string> {
  const id = String((await ok("access:propose", args)).value.id);
  for (const from of [GRID, BANK, CENTRE]) await ok("access:vote", { id, support: "for", from });
  const p = await (await ethers.getContractAt("Consortium", addresses.consortium)).getProposal(id);
  await networkHelpers.time.increaseTo(p.deadline + p.rules.executionDelay + 1n);
  return id;
}

describe("tasks in-process (hre.tasks.getTask(..).run)", function () {
  this.timeout(120_000);
  beforeEach(async () => {
    addresses = await fresh();
  });

  it("[DEP-01][DEP-08][TASK-11] deploy registers every system at genesis, then seals it; access:members finds it", async () => {
    const c = await ethers.getContractAt("Consortium", addresses.consortium);
    expect(await c.bootstrapper()).to.equal(ethers.ZeroAddress);
    const systems = Object.entries(addresses.contracts).filter(([n]) => n !== "Consortium").map(([, a]) => a);
    expect(systems).to.have.length(7); // the token, four certificate contracts, EnergyMeters, EnergyAuction
    expect([...(await c.modules())].sort()).to.deep.equal([...systems].sort());
    const t = await ethers.getContractAt("SettlementToken", addresses.token);
    expect(await t.consortium()).to.equal(addresses.consortium);
    expect(await t.hasRole(BANK, ROLES.TOKEN_ISSUER)).to.equal(true);
    expect(await t.symbol()).to.equal("CNYC");

    const text = await ok("access:members");
    expect(text.stdout[0]).to.match(/^ID\s+NAME\s+STATUS\s+WEIGHT\s+NODES\s+ACCOUNTS/);
    expect(text.stdout.join("\n")).to.include("Bank of Nanjing").and.include(`${GRID_OPS}*`);
    const members = JSON.parse((await ok("access:members", { json: true })).stdout.join("\n"));
    expect(members.map((m: { name: string; status: string }) => `${m.name}:${m.status}`)).to.deep.equal([
      "State Grid Jiangsu:Active",
      "Bank of Nanjing:Active",
      "Jiangsu Power Trading Centre:Active",
      "Energy Regulator:Active",
      "Nanjing University:Active",
    ]);
    expect(members[0].admins).to.deep.equal([GRID, GRID_OPS]);
  });

  it("[TASK-06][TASK-07][TASK-08][TASK-10] admits a member: propose, vote, wait, execute", async () => {
    const p = await ok("access:propose", { kind: "AdmitMember", name: "Solar Co", admin: SOLAR, description: "PV operator" });
    expect(p.value.id).to.equal(1);
    expect(p.stdout[0]).to.equal(`proposal 1: AdmitMember(name="Solar Co", admin=${SOLAR}, weight=1)`);
    expect(p.stdout[1]).to.match(/^proposed by 0xf39F\w+ for member 1 \(State Grid Jiangsu\); voting ends \S+Z \(in 3d\)$/);

    expect(await fails("access:execute", { id: "1" })).to.match(
      /^proposal 1 is still Active: voting ends \S+Z \(in 3d\); if it passes it will be ready at \S+Z$/,
    );
    expect((await ok("access:vote", { id: "1", support: "for" })).stdout[0]).to.equal(
      "member 1 (State Grid Jiangsu) voted For on proposal 1",
    );
    expect(await fails("access:vote", { id: "1", support: "for", from: GRID_OPS })).to.equal(
      "member 1 (State Grid Jiangsu) already voted For on proposal 1",
    );
    await ok("access:vote", { id: "1", support: "against", from: BANK });
    await ok("access:vote", { id: "1", support: "FOR", from: BANK }); // a member may change its vote
    const last = await ok("access:vote", { id: "1", support: "for", from: CENTRE });
    expect(last.stdout[1]).to.match(/^tally: for 3, against 0, abstain 0 of 5; passing; voting ends/);
    expect(await fails("access:vote", { id: "1", support: "maybe" })).to.equal('--support: "maybe" is not one of for, against, abstain, none');

    await networkHelpers.time.increase(3 * 86400 + 1);
    const queued = JSON.parse((await ok("access:proposals", { json: true })).stdout.join("\n"));
    expect(queued[0]).to.include({ id: 1, kind: "AdmitMember", state: "Queued", passing: true });
    expect(queued[0].tally).to.deep.equal({ for: 3, against: 0, abstain: 0, total: 5 });
    expect(await fails("access:vote", { id: "1", support: "against", from: REGULATOR })).to.match(/^proposal 1 is Queued; voting closed at \S+Z$/);
    expect(await fails("access:execute", { id: "1" })).to.match(/^proposal 1 is Queued: it will be ready at \S+Z \(in (1d|23h \d+m)\)$/);

    await networkHelpers.time.increase(86400);
    const e = await ok("access:execute", { id: "1", from: REGULATOR });
    expect(e.stdout[0]).to.equal(`executed proposal 1: AdmitMember(name="Solar Co", admin=${SOLAR}, weight=1)`);
    expect(await fails("access:execute", { id: "1" })).to.equal("proposal 1 is Executed");

    const list = await ok("access:proposals", { state: "executed" });
    expect(list.stdout[0]).to.match(/^ID\s+STATE\s+FOR\/AGAINST\/ABSTAIN OF TOTAL\s+DEADLINE\s+PROPOSAL$/);
    expect(list.stdout[1]).to.match(/^1\s+Executed\s+3\/0\/0 of 5\s+\S+Z\s+AdmitMember\(name="Solar Co"/);
    expect((await ok("access:proposals", { state: "active" })).stdout).to.deep.equal(["no Active proposals (of 1)"]);
    expect(await fails("access:proposals", { state: "pending" })).to.match(/^--state: "pending" is not one of active, defeated, queued/);

    const roles = JSON.parse((await ok("access:roles", { account: SOLAR, json: true })).stdout.join("\n"));
    expect(roles.member).to.deep.equal({ id: 6, name: "Solar Co", status: "Active" });
    expect(roles.effective).to.deep.equal(["MEMBER"]);
  });

  it("[TASK-05][TASK-16] only admins of active members act; --from must be a configured account", async () => {
    expect(await fails("access:propose", { kind: "SuspendMember", member: "2", from: OUTSIDER })).to.equal(
      `${OUTSIDER} is not an admin account of an active member`,
    );
    expect(await refused("access:vote", { id: "1", support: "for", from: OUTSIDER })).to.deep.equal({ code: "UNKNOWN_PROPOSAL", fields: { proposal: 1, count: 0 } });
    const stranger = "0x000000000000000000000000000000000000dEaD";
    expect(await refused("access:propose", { kind: "SuspendMember", member: "2", from: stranger })).to.deep.include({ code: "UNKNOWN_SENDER" });
    expect(await refused("access:propose", { kind: "SuspendMember", member: "2", from: "0x123" })).to.deep.equal({ code: "INVALID_ADDRESS", fields: { field: "--from", value: "0x123" } });

    // A suspended member's admins can no longer propose.
    const id = await passToReady({ kind: "SuspendMember", member: "4" });
    await ok("access:execute", { id });
    expect(await refused("access:propose", { kind: "ReinstateMember", member: "4", from: REGULATOR })).to.deep.equal({
      code: "NOT_MEMBER_ADMIN",
      fields: { account: REGULATOR, member: 4, status: "Suspended" },
    });
    const roles = await ok("access:roles", { account: REGULATOR });
    expect(roles.stdout).to.deep.equal([
      `account    ${REGULATOR}`,
      "member     4 (Energy Regulator), Suspended, admin",
      "granted    REGULATOR",
      "effective  none (member not active: granted roles are dormant)",
    ]);
  });

  it("[TASK-03][TASK-04][TASK-06] access:propose validates every kind off-chain, naming the problem", async () => {
    const bad = (args: Record<string, string>) => fails("access:propose", args);
    expect(await bad({})).to.match(/^--kind is required \(AdmitMember, SuspendMember, /);
    expect(await bad({ kind: "Promote" })).to.match(/^unknown proposal kind "Promote" \(known: AdmitMember, /);
    expect(await refused("access:propose", { kind: "AdmitMember", name: "X", admin: "0x12" })).to.deep.equal({ code: "INVALID_ADDRESS", fields: { field: "--admin", value: "0x12" } });
    expect(await bad({ kind: "AdmitMember", admin: SOLAR })).to.equal("--name is required for AdmitMember");
    expect((await refused("access:propose", { kind: "AdmitMember", name: "X", admin: BANK })).code).to.equal("ACCOUNT_TAKEN");
    expect(await bad({ kind: "AdmitMember", name: "X", admin: SOLAR, role: "REGULATOR" })).to.equal(
      "--role does not apply to AdmitMember (it takes --name, --admin, --weight)",
    );
    expect(await bad({ kind: "admit-member", name: "X", admin: SOLAR, weight: "2000000" })).to.equal("--weight: 2000000 is out of range 1..1000000");
    expect(await refused("access:propose", { kind: "SuspendMember", member: "9" })).to.deep.equal({ code: "UNKNOWN_MEMBER", fields: { member: 9, count: 5 } });
    expect(await refused("access:propose", { kind: "SuspendMember", member: "two" })).to.deep.equal({ code: "INVALID_ID", fields: { field: "--member", value: "two" } });
    expect((await refused("access:propose", { kind: "ReinstateMember", member: "2" })).code).to.equal("MEMBER_STATE");
    expect(await bad({ kind: "GrantRole", account: SOLAR, role: "TOKEN_ISSUER" })).to.equal(
      `${SOLAR} is not an account of any member (its member's admin must add it first)`,
    );
    expect(await bad({ kind: "GrantRole", account: BANK, role: "BANKER" })).to.match(/^--role: unknown role "BANKER" \(known: CERT_ISSUER/);
    expect((await refused("access:propose", { kind: "GrantRole", account: BANK, role: "token_issuer" })).code).to.equal("ROLE_STATE");
    expect(await bad({ kind: "RevokeRole", account: CENTRE, role: "REGULATOR" })).to.equal(`${CENTRE} does not hold REGULATOR`);
    expect(await bad({ kind: "AdmitNode", member: "1", signer: SOLAR, enode: "enode://abc@1.2.3.4:30303" })).to.equal(
      '--enode: "enode://abc@1.2.3.4:30303" is not enode://<128 hex digits of the node key>@host:port',
    );
    expect(await refused("access:propose", { kind: "RemoveNode", node: "1" })).to.deep.equal({ code: "UNKNOWN_NODE", fields: { node: 1, count: 0 } });
    expect((await refused("access:propose", { kind: "RegisterModule", module: SOLAR })).code).to.equal("MODULE_STATE");
    expect(await bad({ kind: "RegisterModule", module: addresses.token })).to.equal(`module ${addresses.token} is already registered`);
    expect((await refused("access:propose", { kind: "UnregisterModule", module: addresses.consortium })).code).to.equal("UNKNOWN_MODULE");
    expect((await refused("access:propose", { kind: "CallModule", module: addresses.token })).code).to.equal("MISSING_INPUT");
    expect(await bad({ kind: "SetVotingRules" })).to.match(/^SetVotingRules needs at least one of --quorum-bps, --approval-bps/);
    expect(await bad({ kind: "SetVotingRules", approvalBps: "50%" })).to.equal("--approval-bps: 5000 is out of range 5001..10000 (a majority is needed)");
    expect(await refused("access:propose", { kind: "SetVotingRules", votingPeriod: "soon" })).to.deep.equal({ code: "INVALID_DURATION", fields: { field: "--voting-period", value: "soon" } });
    expect(await bad({ kind: "SetMemberWeight", member: "1", weight: "-1" })).to.equal('--weight: "-1" is not a whole number');
  });

  it("[TASK-06] roles by name or number, rules with human units and nodes encode the right payloads", async () => {
    const byName = await ok("access:propose", { kind: "GrantRole", account: CENTRE, role: "auditor" });
    expect(byName.stdout[0]).to.equal(`proposal 1: GrantRole(account=${CENTRE}, role=AUDITOR)`);
    const byNumber = await ok("access:propose", { kind: "GrantRole", account: CENTRE, role: String(ROLES.AUDITOR), json: true });
    expect(JSON.parse(byNumber.stdout.join("\n")).summary).to.equal(`GrantRole(account=${CENTRE}, role=AUDITOR)`);
    const rules = await ok("access:propose", { kind: "SetVotingRules", quorumBps: "60%", votingPeriod: "2d", leadingMember: "1" });
    expect(rules.stdout[0]).to.equal(
      "proposal 3: SetVotingRules(quorumBps=6000, approvalBps=6666, votingPeriod=172800, executionDelay=86400, executionWindow=604800, leadingMember=1 (State Grid Jiangsu))",
    );
    const node = await ok("access:propose", { kind: "AdmitNode", member: "3", signer: SOLAR, enode: ENODE });
    expect(node.stdout[0]).to.equal(`proposal 4: AdmitNode(member=3 (Jiangsu Power Trading Centre), signer=${SOLAR}, enode=enode://abababababab...@10.0.0.1:30303)`);
  });

  it("[TASK-09] only the proposing member cancels, only while Active", async () => {
    await ok("access:propose", { kind: "SetMemberWeight", member: "3", weight: "2" });
    expect(await fails("access:cancel", { id: "1", from: BANK })).to.equal(
      "proposal 1 was made by member 1 (State Grid Jiangsu); only its admins can cancel it",
    );
    const c = await ok("access:cancel", { id: "1", from: GRID_OPS }); // another admin of the same member
    expect(c.stdout[0]).to.equal("canceled proposal 1: SetMemberWeight(member=3 (Jiangsu Power Trading Centre), weight=2)");
    expect(await fails("access:cancel", { id: "1" })).to.equal("proposal 1 is Canceled; only Active proposals can be canceled");
    expect(await refused("access:cancel", { id: "7" })).to.deep.equal({ code: "UNKNOWN_PROPOSAL", fields: { proposal: 7, count: 1 } });
  });

  it("[TASK-02][TASK-08] a proposal whose effect fails at execution shows the contract's error by name", async () => {
    const first = await passToReady({ kind: "AdmitMember", name: "Solar Co", admin: SOLAR });
    // The same admin again: valid when proposed, since the first is not executed yet.
    const second = String((await ok("access:propose", { kind: "AdmitMember", name: "Solar Co bis", admin: SOLAR })).value.id);
    for (const from of [GRID, BANK, CENTRE]) await ok("access:vote", { id: second, support: "for", from });
    await ok("access:execute", { id: first });
    await networkHelpers.time.increase(4 * 86400 + 1);
    expect(await fails("access:execute", { id: second })).to.equal(`reverted with AccountAlreadyMember(account=${SOLAR}, memberId=6)`);
    expect(await refused("access:execute", { id: second })).to.deep.equal({ code: "REVERTED", fields: { error: "AccountAlreadyMember", account: SOLAR, memberId: "6" } });

    // A module call the module refuses: the nested reason is decoded too.
    const t = await ethers.getContractAt("SettlementToken", addresses.token);
    const data = t.interface.encodeFunctionData("mint", [GRID, 100n, "0x" + "11".repeat(32)]);
    const call = await passToReady({ kind: "CallModule", module: addresses.token, data });
    const listed = JSON.parse((await ok("access:proposals", { state: "ready", json: true })).stdout.join("\n"));
    expect(listed.find((p: { kind: string }) => p.kind === "CallModule").summary).to.equal(
      `CallModule(module=${addresses.token}, call=mint(to=${GRID}, amount=100, depositRef=0x${"11".repeat(32)}))`,
    );
    expect(await fails("access:execute", { id: call })).to.equal(
      `reverted with ModuleCallFailed(module=${addresses.token}, reason=AccessDenied(account=${addresses.consortium}, role=TOKEN_ISSUER))`,
    );
  });

  it("[TASK-14][TASK-15] token tasks: mint, transfer, balance, burn, with their checks first", async () => {
    expect(await fails("token:mint", { to: GRID, amount: "1000", ref: "DEP-1" })).to.equal(
      `${GRID} cannot mint: it does not hold TOKEN_ISSUER (of an active member)`,
    );
    const m = await ok("token:mint", { to: GRID, amount: "1000.00", ref: "DEP-1", from: BANK });
    expect(m.stdout[0]).to.match(new RegExp(`^minted 1,000\\.00 CNYC to ${GRID} against deposit "DEP-1" \\(0x[0-9a-f]{64}\\)$`));
    expect(m.value.amount).to.equal("100000");
    expect((await refused("token:mint", { to: GRID, amount: "5", ref: "DEP-1", from: BANK })).code).to.equal("REFERENCE_USED");
    expect(await fails("token:mint", { to: OUTSIDER, amount: "5", ref: "DEP-2", from: BANK })).to.equal(
      `${OUTSIDER} is not an account of an active member; it cannot hold CNYC`,
    );
    expect(await fails("token:mint", { to: GRID, amount: "5.001", ref: "DEP-2", from: BANK })).to.equal(
      '--amount: "5.001" has more than 2 decimals (1 unit = 0.01 yuan)',
    );
    expect(await refused("token:mint", { to: "grid", amount: "5", ref: "DEP-2", from: BANK })).to.deep.equal({ code: "INVALID_ADDRESS", fields: { field: "--to", value: "grid" } });

    const tr = await ok("token:transfer", { to: CENTRE, amount: "250" });
    expect(tr.stdout[0]).to.equal(`transferred 250.00 CNYC from ${GRID} to ${CENTRE}`);
    expect(await refused("token:transfer", { to: CENTRE, amount: "2500" })).to.deep.equal({ code: "INSUFFICIENT_BALANCE", fields: { account: GRID, balance: "75000", amount: "250000" } });
    expect((await ok("token:balance", { account: CENTRE })).stdout).to.deep.equal([`${CENTRE}: 250.00 CNYC`]);
    const json = JSON.parse((await ok("token:balance", { json: true })).stdout.join("\n"));
    expect(json).to.deep.equal({ account: GRID, balance: "75000", yuan: "750.00", symbol: "CNYC", frozen: false, canHold: true });

    expect(await refused("token:burn", { amount: "1", ref: "R-1", from: BANK })).to.deep.equal({ code: "INSUFFICIENT_BALANCE", fields: { account: BANK, balance: "0", amount: "100" } });
    await ok("token:transfer", { to: BANK, amount: "100" });
    const b = await ok("token:burn", { amount: "1.50", ref: "0x" + "ab".repeat(32), from: BANK });
    expect(b.stdout[0]).to.equal(`burned 1.50 CNYC from ${BANK} for redemption 0x${"ab".repeat(32)}`);
    expect((await ok("token:balance", { account: BANK })).stdout[0]).to.equal(`${BANK}: 98.50 CNYC`);
  });

  it("[TOK-20] token:transfer/mint/burn refuse an amount with a comma, underscore, space or non-ASCII digit before sending anything", async () => {
    await ok("token:mint", { to: GRID, amount: "100", ref: "DEP-20", from: BANK });
    const t = await ethers.getContractAt("SettlementToken", addresses.token);
    const nonce = await ethers.provider.getTransactionCount(GRID);
    for (const amount of ["1,5", "1.000,50", "12,50", "1_0", " 12", "\u0661\u0662"]) {
      const r = await refused("token:transfer", { to: CENTRE, amount });
      expect(r).to.deep.equal({ code: "INVALID_AMOUNT", fields: { field: "--amount", value: amount } });
    }
    expect(await fails("token:transfer", { to: CENTRE, amount: "1,5" })).to.equal(
      '--amount: "1,5" is not an amount in yuan: digits with an optional "." and up to 2 decimals, no separators or spaces (e.g. 1000 or 12.50)',
    );
    expect((await refused("token:mint", { to: GRID, amount: "1,000", ref: "DEP-21", from: BANK })).code).to.equal("INVALID_AMOUNT");
    expect((await refused("token:burn", { amount: "1_0", ref: "R-20", from: BANK })).code).to.equal("INVALID_AMOUNT");
    expect(await ethers.provider.getTransactionCount(GRID)).to.equal(nonce);
    expect(await t.balanceOf(CENTRE)).to.equal(0n);
    // The accepted forms still move exactly what they say.
    await ok("token:transfer", { to: CENTRE, amount: "1.5" });
    expect(await t.balanceOf(CENTRE)).to.equal(150n);
  });

  it("[TASK-33] --confirmations N on a node that mines only on demand returns once the transaction landed, says so, and does not wait for blocks that never come", async function () {
    // The old wait gave up after 20 s ("no new block") with exit 1 although the transfer had landed.
    this.timeout(15_000);
    await ok("token:mint", { to: GRID, amount: "10", ref: "DEP-33", from: BANK });
    const t = await ethers.getContractAt("SettlementToken", addresses.token);
    const started = Date.now();
    const r = await ok("token:transfer", { to: CENTRE, amount: "1", confirmations: "3", json: true });
    expect(Date.now() - started).to.be.below(10_000);
    const out = JSON.parse(r.stdout.join("\n")) as { tx: string };
    const mined = (await ethers.provider.getTransactionReceipt(out.tx))!;
    expect(mined.status).to.equal(1);
    expect(r.stderr).to.deep.equal([
      `note: transaction ${out.tx} landed in block #${mined.blockNumber}; default mines only on demand (automine), so the 2 further confirmation(s) asked for would never come and were not awaited`,
    ]);
    expect(await t.balanceOf(CENTRE)).to.equal(100n);
    // One confirmation (the default) is what such a node gives anyway: nothing to say.
    expect((await ok("token:transfer", { to: CENTRE, amount: "1" })).stderr).to.deep.equal([]);
  });

  it("[TASK-15] a token paused by an executed CallModule proposal refuses transfers up front", async () => {
    await ok("token:mint", { to: GRID, amount: "10", ref: "DEP-9", from: BANK });
    const t = await ethers.getContractAt("SettlementToken", addresses.token);
    const id = await passToReady({ kind: "CallModule", module: addresses.token, data: t.interface.encodeFunctionData("pause", ["audit"]) });
    expect((await ok("access:execute", { id })).stdout[0]).to.equal(
      `executed proposal ${id}: CallModule(module=${addresses.token}, call=pause(reason="audit"))`,
    );
    expect((await refused("token:transfer", { to: CENTRE, amount: "1" })).code).to.equal("MODULE_PAUSED");
  });

  it("[TASK-12][ACC-53] members manage their own accounts: add is an offer the account accepts", async () => {
    const add = await ok("access:accounts:add", { account: OUTSIDER, admin: false });
    expect(add.stdout[0]).to.equal(
      `offered ${OUTSIDER} a place in member 1 (State Grid Jiangsu); it joins when it runs access:accounts:accept --member 1 --from ${OUTSIDER}`,
    );
    // Not a member until it accepts; nobody else can accept for it.
    expect(await fails("access:accounts:accept", { member: "2", from: OUTSIDER })).to.equal(
      `member 2 has not offered ${OUTSIDER} a place; its admin runs access:accounts:add --account ${OUTSIDER} first`,
    );
    expect((await refused("access:accounts:accept", { member: "x", from: OUTSIDER })).code).to.equal("INVALID_ID");
    expect((await refused("access:accounts:accept", { member: "1", from: SOLAR })).code).to.equal("NO_OFFER");
    expect((await ok("access:accounts:accept", { member: "1", from: OUTSIDER })).stdout[0]).to.equal(`${OUTSIDER} joined member 1 (State Grid Jiangsu)`);
    expect(await fails("access:accounts:add", { account: OUTSIDER, from: BANK })).to.equal(
      `${OUTSIDER} already belongs to member 1 (State Grid Jiangsu)`,
    );
    expect(await refused("access:accounts:add", { account: "0xabc" })).to.deep.equal({ code: "INVALID_ADDRESS", fields: { field: "--account", value: "0xabc" } });
    expect(await refused("access:accounts:add", { account: SOLAR, from: OUTSIDER })).to.deep.equal({ code: "NOT_MEMBER_ADMIN", fields: { account: OUTSIDER } });
    expect(await fails("access:accounts:remove", { account: OUTSIDER, from: BANK })).to.equal(
      `${OUTSIDER} is not an account of member 2 (Bank of Nanjing)`,
    );
    expect(await fails("access:accounts:remove", { account: BANK, from: BANK })).to.equal(
      `${BANK} holds TOKEN_ISSUER; revoke by proposal (RevokeRole) before removing it`,
    );
    expect((await ok("access:accounts:remove", { account: OUTSIDER })).stdout[0]).to.equal(`removed ${OUTSIDER} from member 1 (State Grid Jiangsu)`);
    await ok("access:accounts:remove", { account: GRID_OPS });
    expect(await fails("access:accounts:remove", { account: GRID })).to.equal(
      `${GRID} is the last admin of member 1 (State Grid Jiangsu); add another admin first`,
    );
  });

  it("[TASK-13] access:sync pushes stale accounts in pages and is idempotent", async () => {
    const other = await ethers.deployContract("SettlementToken", [addresses.consortium, "Other Yuan", "OTH"]);
    const module = getAddress(await other.getAddress());
    expect((await refused("access:sync", { module })).code).to.equal("UNKNOWN_MODULE");
    const id = await passToReady({ kind: "RegisterModule", module });
    await ok("access:execute", { id });
    expect(await other.hasRole(BANK, ROLES.TOKEN_ISSUER)).to.equal(false); // registered by vote: mirror empty

    const s = await ok("access:sync", { module, pageSize: "2" });
    expect(s.stdout).to.have.length(4);
    expect(s.stdout[0]).to.equal(`6 of 6 account(s) are stale in module ${module}`);
    expect(s.stdout.slice(1).map((l) => l.replace(/ \(tx .*\)$/, ""))).to.deep.equal(["synced 2/6", "synced 4/6", "synced 6/6"]);
    expect(await other.hasRole(BANK, ROLES.TOKEN_ISSUER)).to.equal(true);
    expect(await other.hasRole(REGULATOR, ROLES.REGULATOR)).to.equal(true);

    const again = await ok("access:sync", { module, json: true });
    expect(JSON.parse(again.stdout.join("\n"))).to.deep.equal({ module, accounts: 6, synced: 0, txs: [] });
    expect(await refused("access:sync", { module, pageSize: "0" })).to.deep.equal({ code: "INVALID_NUMBER", fields: { field: "--page-size", value: "0", min: 1 } });
  });

  it("[DEP-08] after an in-process deploy every system's tasks find their contracts without options", async () => {
    const type = await ok("cert:type:add", { name: "Diploma", fields: "name,degree", members: "5", from: CENTRE, json: true });
    expect(type.value.typeId).to.be.greaterThan(0);
    expect(await refused("cert:type:add", { name: "X", fields: "a", registry: addresses.consortium, from: CENTRE })).to.deep.equal({
      code: "WRONG_CONTRACT",
      fields: { contract: "CertificateRegistry", address: addresses.consortium, source: "--registry", chainId: 31337 },
    });
  });

  it("[DEP-04][DEP-08] wrong chain files and wrong addresses are refused in one line", async () => {
    expect(await fails("deploy", { parameters: "deploy/parameters/clique-example.json" })).to.match(
      /^deploy\/parameters\/clique-example\.json is for chain 13371 but network \w+ is chain 31337; wrong --network\?$/,
    );
    expect(await fails("access:members", { consortium: SOLAR })).to.equal(
      `no contract at ${SOLAR} on chain 31337; deploy first or pass the right --consortium`,
    );
    expect(await refused("access:members", { consortium: SOLAR })).to.deep.equal({
      code: "NO_CONTRACT",
      fields: { contract: "Consortium", address: SOLAR, source: "--consortium", chainId: 31337 },
    });
    expect(await refused("access:members", { consortium: addresses.token })).to.deep.equal({
      code: "WRONG_CONTRACT",
      fields: { contract: "Consortium", address: addresses.token, source: "--consortium", chainId: 31337 },
    });
    expect(await refused("token:balance", { token: addresses.consortium })).to.deep.equal({
      code: "WRONG_CONTRACT",
      fields: { contract: "SettlementToken", address: addresses.consortium, source: "--token", chainId: 31337 },
    });
    expect(await refused("access:roles", { account: "bank" })).to.deep.equal({ code: "INVALID_ADDRESS", fields: { field: "argument", value: "bank" } });
    expect(await fails("access:roles", {})).to.equal("an account is required: npx hardhat access:roles <account>");
  });
});
