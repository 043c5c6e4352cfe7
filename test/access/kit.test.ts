import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import {
  BANK,
  addAndAccept,
  CENTRE,
  DEFAULT_RULES,
  GRID,
  REGULATOR,
  deployConsortium,
  ethers,
  networkHelpers,
  passProposal,
} from "../kit/consortium.js";

/** The four founding members, a KitModule registered at genesis, centre a PLATFORM_OPERATOR. */
async function deployKit() {
  const f = await deployConsortium(DEFAULT_RULES, { seal: false });
  const kit = await ethers.deployContract("KitModule", [await f.consortium.getAddress()]);
  await f.consortium.registerGenesisModule(await kit.getAddress());
  await f.consortium.sealGenesis();
  await passProposal(f.consortium, [f.grid, f.bank, f.centre], "GrantRole", [f.centre.address, ROLES.PLATFORM_OPERATOR]);
  const clerk = f.others[0];
  await addAndAccept(f.consortium, f.grid, clerk, false);
  return { ...f, kit, clerk, outsider: f.others[1] };
}

/** A signer that sends transactions from the consortium contract's address. */
async function asConsortium(address: string) {
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

describe("access: the module kit (ConsortiumModule)", () => {
  it("[ACC-41] _checkOperator lets the consortium and an unfrozen PLATFORM_OPERATOR through, anyone else gets NotOperator(caller)", async () => {
    const { consortium, kit, centre, grid, regulator, outsider } = await networkHelpers.loadFixture(deployKit);
    await expect(kit.connect(centre).operatorOnly()).to.emit(kit, "Passed").withArgs(centre.address);
    const gov = await asConsortium(await consortium.getAddress());
    await expect(kit.connect(gov).operatorOnly()).to.emit(kit, "Passed").withArgs(await consortium.getAddress());
    for (const caller of [grid, regulator, outsider]) {
      await expect(kit.connect(caller).operatorOnly()).to.be.revertedWithCustomError(kit, "NotOperator").withArgs(caller.address);
    }
    await kit.connect(regulator).freeze(centre.address, "inquiry");
    await expect(kit.connect(centre).operatorOnly()).to.be.revertedWithCustomError(kit, "NotOperator").withArgs(centre.address);
  });

  it("[ACC-41] _checkMemberAdmin lets the consortium and that member's admins through, anyone else gets NotMemberAdmin(caller, memberId)", async () => {
    const { consortium, kit, grid, bank, clerk, outsider } = await networkHelpers.loadFixture(deployKit);
    await expect(kit.connect(grid).memberAdminOnly(GRID)).to.emit(kit, "Passed").withArgs(grid.address);
    const gov = await asConsortium(await consortium.getAddress());
    await expect(kit.connect(gov).memberAdminOnly(BANK)).to.emit(kit, "Passed");
    // Another member's admin, a non-admin account of the member, an outsider, member 0.
    await expect(kit.connect(bank).memberAdminOnly(GRID)).to.be.revertedWithCustomError(kit, "NotMemberAdmin").withArgs(bank.address, GRID);
    await expect(kit.connect(clerk).memberAdminOnly(GRID)).to.be.revertedWithCustomError(kit, "NotMemberAdmin").withArgs(clerk.address, GRID);
    await expect(kit.connect(outsider).memberAdminOnly(GRID))
      .to.be.revertedWithCustomError(kit, "NotMemberAdmin")
      .withArgs(outsider.address, GRID);
    await expect(kit.connect(grid).memberAdminOnly(0n)).to.be.revertedWithCustomError(kit, "NotMemberAdmin").withArgs(grid.address, 0n);
  });

  it("[ACC-41] _checkMemberAccount refuses an account of no active member, or frozen here, with NotMemberAccount(account)", async () => {
    const { consortium, kit, grid, bank, centre, regulator, clerk, outsider } = await networkHelpers.loadFixture(deployKit);
    await kit.checkMemberAccount(grid.address);
    await kit.checkMemberAccount(clerk.address);
    await expect(kit.checkMemberAccount(outsider.address)).to.be.revertedWithCustomError(kit, "NotMemberAccount").withArgs(outsider.address);
    await kit.connect(regulator).freeze(clerk.address, "inquiry");
    await expect(kit.checkMemberAccount(clerk.address)).to.be.revertedWithCustomError(kit, "NotMemberAccount").withArgs(clerk.address);
    await passProposal(consortium, [grid, centre, regulator], "SuspendMember", [BANK]);
    await expect(kit.checkMemberAccount(bank.address)).to.be.revertedWithCustomError(kit, "NotMemberAccount").withArgs(bank.address);
  });

  it("[ACC-41] the directory reads: memberOf, _requireMemberOf (NotMemberAccount), _checkKnownMember (UnknownMember), isActiveMember", async () => {
    const { consortium, kit, grid, centre, regulator, clerk, outsider } = await networkHelpers.loadFixture(deployKit);
    expect(await kit.memberOfAccount(clerk.address)).to.equal(GRID);
    expect(await kit.memberOfAccount(outsider.address)).to.equal(0n);
    expect(await kit.requireMemberOf(centre.address)).to.equal(CENTRE);
    await expect(kit.requireMemberOf(outsider.address)).to.be.revertedWithCustomError(kit, "NotMemberAccount").withArgs(outsider.address);
    for (const id of [GRID, BANK, CENTRE, REGULATOR]) await kit.checkKnownMember(id);
    for (const id of [0n, REGULATOR + 1n]) {
      await expect(kit.checkKnownMember(id)).to.be.revertedWithCustomError(kit, "UnknownMember").withArgs(id);
    }
    expect(await kit.activeMember(BANK)).to.equal(true);
    expect(await kit.activeMember(0n)).to.equal(false);
    expect(await kit.activeMember(99n)).to.equal(false);
    await passProposal(consortium, [grid, centre, regulator], "SuspendMember", [BANK]);
    expect(await kit.activeMember(BANK)).to.equal(false);
    expect(await consortium.isActiveMember(BANK)).to.equal(false);
    // A suspended member is still known.
    await kit.checkKnownMember(BANK);
  });

  it("[ACC-41] pause and freeze checks: whenNotPaused and _checkNotPaused refuse with ModulePaused; _isFrozen follows freeze", async () => {
    const { kit, regulator, grid } = await networkHelpers.loadFixture(deployKit);
    await kit.checkNotPaused();
    await expect(kit.connect(grid).pausable()).to.emit(kit, "Passed");
    await kit.connect(regulator).pause("drill");
    await expect(kit.checkNotPaused()).to.be.revertedWithCustomError(kit, "ModulePaused");
    await expect(kit.connect(grid).pausable()).to.be.revertedWithCustomError(kit, "ModulePaused");
    await kit.connect(regulator).unpause("drill over");
    await kit.checkNotPaused();
    expect(await kit.frozenHere(grid.address)).to.equal(false);
    await kit.connect(regulator).freeze(grid.address, "inquiry");
    expect(await kit.frozenHere(grid.address)).to.equal(true);
    expect(await kit.isFrozen(grid.address)).to.equal(true);
  });
});

describe("access: the module kit refuses admins of inactive members", () => {
  it("[ACC-50] _checkMemberAdmin refuses an admin of a suspended or expelled member with InactiveMember(memberId), and a frozen admin with NotMemberAccount; reinstatement restores it", async () => {
    const { consortium, kit, grid, bank, centre, regulator } = await networkHelpers.loadFixture(deployKit);
    const voters = [grid, centre, regulator];
    await passProposal(consortium, voters, "SuspendMember", [BANK]);
    await expect(kit.connect(bank).memberAdminOnly(BANK)).to.be.revertedWithCustomError(kit, "InactiveMember").withArgs(BANK);
    await passProposal(consortium, voters, "ReinstateMember", [BANK]);
    await expect(kit.connect(bank).memberAdminOnly(BANK)).to.emit(kit, "Passed").withArgs(bank.address);
    await kit.connect(regulator).freeze(bank.address, "inquiry");
    await expect(kit.connect(bank).memberAdminOnly(BANK)).to.be.revertedWithCustomError(kit, "NotMemberAccount").withArgs(bank.address);
    await kit.connect(regulator).unfreeze(bank.address, "cleared");
    await passProposal(consortium, voters, "ExpelMember", [BANK]);
    await expect(kit.connect(bank).memberAdminOnly(BANK)).to.be.revertedWithCustomError(kit, "InactiveMember").withArgs(BANK);
  });
});
