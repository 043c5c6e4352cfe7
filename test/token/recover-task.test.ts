import { expect } from "chai";
import { ethers, fails, networkHelpers, ok, runTask } from "../kit/inprocess.js";
import { DEV } from "../kit/cli.js";

// Genesis of deploy/parameters/hardhat.json (see test/access/task-flows.test.ts): member 1 grid
// (DEV[0], DEV[4]), 2 bank (DEV[1], TOKEN_ISSUER), 3 centre (DEV[2]), 4 regulator (DEV[3],
// REGULATOR), 5 university (DEV[7]); DEV[5], DEV[6]: outsiders.
const [GRID, BANK, CENTRE, REGULATOR, , , OUTSIDER] = DEV;

async function deployedGenesis() {
  return (await ok<{ consortium: string; token: string }>("deploy", { parameters: "deploy/parameters/hardhat.json" })).value;
}

/** Runs a task that must be refused with one stderr line; returns its stable code and fields. */
async function refused(id: string, args: Record<string, unknown> = {}) {
  const r = await runTask(id, args);
  expect(r.ok, `${id} should be refused`).to.equal(false);
  expect(r.stderr, r.stderr.join(" | ")).to.have.length(1);
  const { code, fields } = r.result as unknown as { code: string; fields: Record<string, unknown> };
  return { code, fields };
}

/** Votes For from grid, bank and the regulator, waits until Ready and executes through the tasks. */
async function voteAndExecute(consortium: string, id: number) {
  for (const from of [GRID, BANK, REGULATOR]) await ok("access:vote", { id: String(id), support: "for", from });
  const p = await (await ethers.getContractAt("Consortium", consortium)).getProposal(id);
  await networkHelpers.time.increaseTo(p.deadline + p.rules.executionDelay + 1n);
  return ok("access:execute", { id: String(id) });
}

describe("token:recover (the vote that frees a trapped balance)", function () {
  this.timeout(120_000);
  let addresses: { consortium: string; token: string };

  beforeEach(async () => {
    addresses = await networkHelpers.loadFixture(deployedGenesis);
    await ok("token:mint", { to: CENTRE, amount: "1000", ref: "DEP-C", from: BANK });
  });

  const freezeCentre = async () => {
    const token = await ethers.getContractAt("SettlementToken", addresses.token);
    await token.connect(await ethers.getSigner(REGULATOR)).freeze(CENTRE, "court order");
    return token;
  };

  it("[TOK-36] proposes recover(holder, to, balance, reason) as a CallModule vote; executed, it moves the frozen balance", async () => {
    const token = await freezeCentre();
    const p = await ok("token:recover", { holder: CENTRE, to: GRID, reason: "court order 7/2026" });
    expect(p.stdout[0]).to.equal(
      `proposal ${p.value.id}: CallModule(module=${addresses.token}, call=recover(from=${CENTRE}, to=${GRID}, amount=100000, reason="court order 7/2026"))`,
    );
    expect(p.stdout[1]).to.equal(`if executed, 1,000.00 CNYC move from ${CENTRE} to ${GRID}`);
    await voteAndExecute(addresses.consortium, p.value.id);
    expect(await token.balanceOf(CENTRE)).to.equal(0n);
    expect(await token.balanceOf(GRID)).to.equal(100_000n);
  });

  it("[TOK-36] its calldata is what access:propose --kind CallModule --data takes: the same redemption by the generic command", async () => {
    const token = await freezeCentre();
    const built = await ok("token:recover", { holder: CENTRE, redeemRef: "PAYOUT-9", amount: "400", reason: "paid out", json: true });
    const { data, module } = JSON.parse(built.stdout.join("\n"));
    expect(data).to.equal(token.interface.encodeFunctionData("redeemTrapped", [CENTRE, 40_000n, ethers.id("PAYOUT-9"), "paid out"]));
    const generic = await ok("access:propose", { kind: "CallModule", module, data });
    await voteAndExecute(addresses.consortium, generic.value.id);
    expect(await token.balanceOf(CENTRE)).to.equal(60_000n);
    expect(await token.referenceUsed(ethers.id("PAYOUT-9"))).to.equal(true);
    // The task's own proposal for the same reference can no longer pass: refused up front.
    expect((await refused("token:recover", { holder: CENTRE, redeemRef: "PAYOUT-9", reason: "again" })).code).to.equal("REFERENCE_USED");
  });

  it("[TOK-36] token:recover refuses in one line before sending: a healthy holder, bad options, a holder outside, too much, nothing", async () => {
    expect(await fails("token:recover", { holder: CENTRE, to: GRID, reason: "r" })).to.match(
      new RegExp(`^${CENTRE} is an active member's account, not frozen: its balance is not trapped`),
    );
    expect((await refused("token:recover", { holder: CENTRE, to: GRID, reason: "r" })).code).to.equal("NOT_TRAPPED");
    await freezeCentre();
    expect((await refused("token:recover", { holder: CENTRE, reason: "r" })).code).to.equal("CONFLICTING_OPTIONS");
    expect((await refused("token:recover", { holder: CENTRE, to: GRID, redeemRef: "X", reason: "r" })).code).to.equal("CONFLICTING_OPTIONS");
    expect((await refused("token:recover", { holder: CENTRE, to: GRID })).code).to.equal("MISSING_INPUT");
    expect((await refused("token:recover", { holder: "centre", to: GRID, reason: "r" })).code).to.equal("INVALID_ADDRESS");
    expect((await refused("token:recover", { holder: CENTRE, to: OUTSIDER, reason: "r" })).code).to.equal("NOT_HOLDER");
    expect((await refused("token:recover", { holder: CENTRE, to: GRID, amount: "1,5", reason: "r" })).code).to.equal("INVALID_AMOUNT");
    expect((await refused("token:recover", { holder: CENTRE, to: GRID, amount: "1000.01", reason: "r" })).code).to.equal("INSUFFICIENT_BALANCE");
    expect((await refused("token:recover", { holder: OUTSIDER, to: GRID, reason: "r" })).code).to.equal("NOTHING_TO_RECOVER");
    expect((await refused("token:recover", { holder: CENTRE, to: GRID, reason: "r", from: OUTSIDER })).code).to.equal("NOT_MEMBER_ADMIN");
    const consortium = await ethers.getContractAt("Consortium", addresses.consortium);
    expect(await consortium.proposalCount()).to.equal(0n);
  });

  it("[TOK-36] token:recover on a paused token says so (the token's refusal, decoded) and proposes nothing", async () => {
    const token = await freezeCentre();
    await token.connect(await ethers.getSigner(REGULATOR)).pause("audit");
    expect(await fails("token:recover", { holder: CENTRE, to: GRID, reason: "r" })).to.match(/ModulePaused/);
    const consortium = await ethers.getContractAt("Consortium", addresses.consortium);
    expect(await consortium.proposalCount()).to.equal(0n);
  });
});
