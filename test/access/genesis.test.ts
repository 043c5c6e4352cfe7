import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import {
  BANK,
  DEFAULT_RULES,
  MEMBER_BIT,
  enode,
  ethers,
  executeTx,
  fixture,
  mirrors,
  passProposal,
  randomAddress,
  unsealedFixture,
  addAndAccept,
} from "../kit/consortium.js";

const bit = (role: number) => 1n << BigInt(role);

async function consortiumFactory() {
  return ethers.getContractFactory("Consortium");
}

describe("access: genesis", () => {
  describe("constructor", () => {
    it("[ACC-31] admits the founding members with their admins, grants, nodes and rules", async () => {
      const [deployer, a, b, c, d] = await ethers.getSigners();
      const signer = randomAddress();
      const factory = await consortiumFactory();
      const consortium = await factory.deploy(
        DEFAULT_RULES,
        [
          { name: "Alpha", admins: [a.address, b.address], weight: 2 },
          { name: "Beta", admins: [c.address], weight: 3 },
        ],
        [{ account: c.address, role: ROLES.AUDITOR }],
        [{ memberId: 2n, signer, enode: enode(1) }],
      );
      const tx = consortium.deploymentTransaction()!;
      await expect(tx).to.emit(consortium, "MemberAdmitted").withArgs(1n, "Alpha", a.address, 2n);
      await expect(tx).to.emit(consortium, "AccountAdded").withArgs(1n, b.address, true, deployer.address);
      await expect(tx).to.emit(consortium, "RoleGranted").withArgs(c.address, ROLES.AUDITOR, 0n);
      await expect(tx).to.emit(consortium, "NodeAdmitted").withArgs(1n, 2n, signer, enode(1));
      await expect(tx).to.emit(consortium, "VotingRulesChanged");
      expect(await consortium.bootstrapper()).to.equal(deployer.address);
      expect(await consortium.totalActiveWeight()).to.equal(5n);
      expect((await consortium.getMember(1n)).adminCount).to.equal(2n);
      expect(await consortium.accessOf(c.address)).to.equal(MEMBER_BIT | bit(ROLES.AUDITOR));
      expect(await consortium.accessOf(d.address)).to.equal(0n);
      expect((await consortium.getMember(2n)).nodeCount).to.equal(1n);
    });

    it("[ACC-31] refuses a founding member without admin (NotAnAccount(0)), a shared admin, a bad name or weight", async () => {
      const [, a, b] = await ethers.getSigners();
      const factory = await consortiumFactory();
      await expect(factory.deploy(DEFAULT_RULES, [{ name: "Alpha", admins: [], weight: 1 }], [], []))
        .to.be.revertedWithCustomError(factory, "NotAnAccount")
        .withArgs(ethers.ZeroAddress);
      await expect(
        factory.deploy(
          DEFAULT_RULES,
          [
            { name: "Alpha", admins: [a.address], weight: 1 },
            { name: "Beta", admins: [b.address, a.address], weight: 1 },
          ],
          [],
          [],
        ),
      )
        .to.be.revertedWithCustomError(factory, "AccountAlreadyMember")
        .withArgs(a.address, 1n);
      await expect(factory.deploy(DEFAULT_RULES, [{ name: "", admins: [a.address], weight: 1 }], [], [])).to.be.revertedWithCustomError(
        factory,
        "InvalidName",
      );
      await expect(factory.deploy(DEFAULT_RULES, [{ name: "Alpha", admins: [a.address], weight: 0 }], [], []))
        .to.be.revertedWithCustomError(factory, "InvalidWeight")
        .withArgs(0n);
    });

    it("[ACC-31][ACC-24] refuses a genesis without voters (WouldLeaveNoVoters)", async () => {
      const factory = await consortiumFactory();
      await expect(factory.deploy(DEFAULT_RULES, [], [], [])).to.be.revertedWithCustomError(factory, "WouldLeaveNoVoters");
    });

    it("[ACC-31] refuses invalid genesis grants, nodes and rules", async () => {
      const [, a, outsider] = await ethers.getSigners();
      const factory = await consortiumFactory();
      const members = [{ name: "Alpha", admins: [a.address], weight: 1 }];
      await expect(factory.deploy(DEFAULT_RULES, members, [{ account: outsider.address, role: ROLES.AUDITOR }], []))
        .to.be.revertedWithCustomError(factory, "NotAnAccount")
        .withArgs(outsider.address);
      await expect(factory.deploy(DEFAULT_RULES, members, [{ account: a.address, role: 0 }], []))
        .to.be.revertedWithCustomError(factory, "InvalidRole")
        .withArgs(0);
      await expect(factory.deploy(DEFAULT_RULES, members, [], [{ memberId: 1n, signer: randomAddress(), enode: "enode://x" }])).to.be.revertedWithCustomError(
        factory,
        "InvalidEnode",
      );
      await expect(factory.deploy({ ...DEFAULT_RULES, quorumBps: 0 }, members, [], []))
        .to.be.revertedWithCustomError(factory, "InvalidVotingRules")
        .withArgs("quorumBps must be 1..10000");
      await expect(factory.deploy({ ...DEFAULT_RULES, leadingMember: 2 }, members, [], []))
        .to.be.revertedWithCustomError(factory, "UnknownMember")
        .withArgs(2n);
    });

    it("[ACC-31] refuses a genesis of more than 64 accounts (GenesisTooLarge)", async () => {
      const factory = await consortiumFactory();
      const admins = (n: number) => Array.from({ length: n }, () => randomAddress());
      expect(await (await fixture()).consortium.MAX_GENESIS_ACCOUNTS()).to.equal(64n);
      await expect(
        factory.deploy(
          DEFAULT_RULES,
          [
            { name: "A", admins: admins(32), weight: 1 },
            { name: "B", admins: admins(32), weight: 1 },
            { name: "C", admins: admins(1), weight: 1 },
          ],
          [],
          [],
        ),
      )
        .to.be.revertedWithCustomError(factory, "GenesisTooLarge")
        .withArgs(65n, 64n);
    });
  });

  describe("genesis modules and sealing", () => {
    it("[ACC-30] registerGenesisModule registers the module and pushes every genesis account's word to it", async () => {
      const { consortium, token, grid, bank, centre, regulator, others } = await unsealedFixture();
      const at = await token.getAddress();
      await addAndAccept(consortium, grid, others[0].address, false);
      expect(await token.accessWord(bank.address)).to.equal(0n);
      await expect(consortium.registerGenesisModule(at))
        .to.emit(consortium, "ModuleRegistered")
        .withArgs(at)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(bank.address, MEMBER_BIT | bit(ROLES.TOKEN_ISSUER))
        .and.to.emit(token, "AccessUpdated")
        .withArgs(others[0].address, MEMBER_BIT);
      expect(await consortium.isModule(at)).to.equal(true);
      const accounts = [grid, bank, centre, regulator, others[0]].map((s) => s.address);
      const { truth, mirror } = await mirrors(consortium, token, accounts);
      expect(mirror).to.deep.equal(truth);
      expect(mirror).to.deep.equal([
        MEMBER_BIT,
        MEMBER_BIT | bit(ROLES.TOKEN_ISSUER),
        MEMBER_BIT,
        MEMBER_BIT | bit(ROLES.REGULATOR),
        MEMBER_BIT,
      ]);
    });

    it("[ACC-30][ACC-21] registerGenesisModule applies the RegisterModule checks", async () => {
      const { consortium, token, others } = await unsealedFixture();
      await expect(consortium.registerGenesisModule(others[0].address))
        .to.be.revertedWithCustomError(consortium, "NotAContract")
        .withArgs(others[0].address);
      const foreign = await ethers.deployContract("DummyModule", [others[0].address]);
      await expect(consortium.registerGenesisModule(await foreign.getAddress()))
        .to.be.revertedWithCustomError(consortium, "ModuleNotGoverned")
        .withArgs(await foreign.getAddress());
      await consortium.registerGenesisModule(await token.getAddress());
      await expect(consortium.registerGenesisModule(await token.getAddress()))
        .to.be.revertedWithCustomError(consortium, "ModuleAlreadyRegistered")
        .withArgs(await token.getAddress());
    });

    it("[ACC-30] registerGenesisModule refuses once the consortium has more than 64 accounts (GenesisTooLarge)", async () => {
      const { consortium, token, grid, bank } = await unsealedFixture();
      for (let i = 0; i < 31; i++) await addAndAccept(consortium, grid, randomAddress(), false);
      for (let i = 0; i < 30; i++) await addAndAccept(consortium, bank, randomAddress(), false);
      await expect(consortium.registerGenesisModule(await token.getAddress()))
        .to.be.revertedWithCustomError(consortium, "GenesisTooLarge")
        .withArgs(65n, 64n);
    });

    it("[ACC-30] only the bootstrapper may register genesis modules or seal (NotBootstrapper)", async () => {
      const { consortium, token, grid, others } = await unsealedFixture();
      for (const caller of [grid, others[0]]) {
        await expect(consortium.connect(caller).registerGenesisModule(await token.getAddress()))
          .to.be.revertedWithCustomError(consortium, "NotBootstrapper")
          .withArgs(caller.address);
        await expect(consortium.connect(caller).sealGenesis())
          .to.be.revertedWithCustomError(consortium, "NotBootstrapper")
          .withArgs(caller.address);
      }
    });

    it("[ACC-30] sealGenesis emits GenesisSealed and clears the bootstrapper; then both genesis calls are refused (GenesisSealedAlready)", async () => {
      const { consortium, token, deployer, grid } = await unsealedFixture();
      await expect(consortium.sealGenesis()).to.emit(consortium, "GenesisSealed").withArgs(deployer.address);
      expect(await consortium.bootstrapper()).to.equal(ethers.ZeroAddress);
      for (const caller of [deployer, grid]) {
        await expect(consortium.connect(caller).registerGenesisModule(await token.getAddress())).to.be.revertedWithCustomError(
          consortium,
          "GenesisSealedAlready",
        );
        await expect(consortium.connect(caller).sealGenesis()).to.be.revertedWithCustomError(
          consortium,
          "GenesisSealedAlready",
        );
      }
    });
  });

  describe("syncAccess", () => {
    it("[ACC-32] a module registered later by vote starts empty and equals consortium.accessOf once synced by anyone", async () => {
      const { consortium, grid, bank, centre, regulator, others } = await fixture();
      await addAndAccept(consortium, grid, others[0].address, false);
      const dummy = await ethers.deployContract("DummyModule", [await consortium.getAddress()]);
      const at = await dummy.getAddress();
      await passProposal(consortium, [grid, bank, centre], "RegisterModule", [at]);
      const accounts = [grid, bank, centre, regulator, others[0], others[1]].map((s) => s.address);
      const before = await mirrors(consortium, dummy, accounts);
      expect(before.mirror).to.deep.equal(accounts.map(() => 0n));
      expect(before.truth).to.not.deep.equal(before.mirror);

      // Anyone may page through the accounts: here an outsider in two pages.
      await expect(consortium.connect(others[5]).syncAccess(at, accounts.slice(0, 3)))
        .to.emit(dummy, "AccessUpdated")
        .withArgs(grid.address, MEMBER_BIT);
      await consortium.connect(others[5]).syncAccess(at, accounts.slice(3));
      const after = await mirrors(consortium, dummy, accounts);
      expect(after.mirror).to.deep.equal(after.truth);
      expect(await dummy.hasRole(regulator.address, ROLES.REGULATOR)).to.equal(true);
    });

    it("[ACC-32] syncAccess copies the truth only: it cannot give a non-member anything", async () => {
      const { consortium, token, grid, bank, centre, others } = await fixture();
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [BANK]);
      await consortium.connect(others[0]).syncAccess(await token.getAddress(), [bank.address, others[0].address]);
      expect(await token.accessWord(bank.address)).to.equal(0n);
      expect(await token.accessWord(others[0].address)).to.equal(0n);
      expect(await consortium.accessOf(grid.address)).to.equal(MEMBER_BIT);
    });

    it("[ACC-32] syncAccess refuses a module that is not registered (ModuleNotRegistered)", async () => {
      const { consortium, grid, bank, centre } = await fixture();
      const dummy = await ethers.deployContract("DummyModule", [await consortium.getAddress()]);
      const at = await dummy.getAddress();
      await expect(consortium.syncAccess(at, [grid.address]))
        .to.be.revertedWithCustomError(consortium, "ModuleNotRegistered")
        .withArgs(at);
      await passProposal(consortium, [grid, bank, centre], "RegisterModule", [at]);
      await consortium.syncAccess(at, [grid.address]);
      await expect(executeTx(consortium, [grid, bank, centre], "UnregisterModule", [at])).to.emit(
        consortium,
        "ModuleUnregistered",
      );
      await expect(consortium.syncAccess(at, [grid.address]))
        .to.be.revertedWithCustomError(consortium, "ModuleNotRegistered")
        .withArgs(at);
    });
  });
});
