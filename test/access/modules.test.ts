import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import {
  CENTRE,
  MEMBER_BIT,
  REGULATOR,
  ethers,
  executeTx,
  fixture,
  moduleFixture,
  networkHelpers,
  passProposal,
  propose,
  proposeTx,
} from "../kit/consortium.js";

const bit = (role: number) => 1n << BigInt(role);
const FROZEN = 1n << 255n;

/** A signer that sends transactions from the consortium contract's address. */
async function asConsortium(address: string) {
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

describe("access: governed modules", () => {
  describe("applyAccess", () => {
    it("[ACC-33] only the consortium may push access words (NotConsortium)", async () => {
      const { consortium, token, dummy, deployer, grid, regulator } = await moduleFixture();
      for (const m of [token, dummy]) {
        expect(await m.consortium()).to.equal(await consortium.getAddress());
        for (const caller of [deployer, grid, regulator]) {
          await expect(m.connect(caller).applyAccess([caller.address], [MEMBER_BIT | bit(ROLES.TOKEN_ISSUER)]))
            .to.be.revertedWithCustomError(m, "NotConsortium")
            .withArgs(caller.address);
        }
      }
    });

    it("[ACC-33] a push with different numbers of accounts and words is refused (LengthMismatch)", async () => {
      const { consortium, token, grid, bank } = await fixture();
      const self = await asConsortium(await consortium.getAddress());
      await expect(token.connect(self).applyAccess([grid.address, bank.address], [MEMBER_BIT]))
        .to.be.revertedWithCustomError(token, "LengthMismatch")
        .withArgs(2n, 1n);
      await expect(token.connect(self).applyAccess([], [MEMBER_BIT]))
        .to.be.revertedWithCustomError(token, "LengthMismatch")
        .withArgs(0n, 1n);
    });

    it("[ACC-33] a push replaces the role bits 0..127 only: module-owned bits and the freeze survive", async () => {
      const { consortium, token, grid, regulator } = await fixture();
      await token.connect(regulator).freeze(grid.address, "inquiry");
      const self = await asConsortium(await consortium.getAddress());
      const pushed = MEMBER_BIT | bit(ROLES.AUDITOR) | bit(200) | FROZEN;
      await expect(token.connect(self).applyAccess([grid.address], [pushed]))
        .to.emit(token, "AccessUpdated")
        .withArgs(grid.address, MEMBER_BIT | bit(ROLES.AUDITOR));
      expect(await token.accessWord(grid.address)).to.equal(MEMBER_BIT | bit(ROLES.AUDITOR) | FROZEN);
      // A push can neither freeze nor unfreeze.
      await token.connect(self).applyAccess([grid.address], [0n]);
      expect(await token.accessWord(grid.address)).to.equal(FROZEN);
      await token.connect(regulator).unfreeze(grid.address, "cleared");
      await token.connect(self).applyAccess([grid.address], [FROZEN | MEMBER_BIT]);
      expect(await token.isFrozen(grid.address)).to.equal(false);
    });

    it("[ACC-33][ACC-22] CallModule cannot push access words behind the consortium's back", async () => {
      const { consortium, token, grid, others } = await fixture();
      const at = await token.getAddress();
      const data = token.interface.encodeFunctionData("applyAccess", [
        [others[0].address],
        [MEMBER_BIT | bit(ROLES.TOKEN_ISSUER)],
      ]);
      await expect(proposeTx(consortium, grid, "CallModule", [at, data]))
        .to.be.revertedWithCustomError(consortium, "ModuleCallForbidden")
        .withArgs(at, data.slice(0, 10));
      expect(await consortium.accessOf(others[0].address)).to.equal(0n);
      expect(await token.accessWord(others[0].address)).to.equal(0n);
    });
  });

  describe("pause and freeze", () => {
    it("[ACC-34] pause, unpause, freeze and unfreeze are refused to a non-regulator (AccessDenied(account, 13))", async () => {
      const { consortium, token, dummy, grid, bank, centre, others } = await moduleFixture();
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.AUDITOR]);
      for (const m of [token, dummy]) {
        for (const caller of [grid, bank, centre, others[0]]) {
          const c = m.connect(caller);
          await expect(c.pause("x")).to.be.revertedWithCustomError(m, "AccessDenied").withArgs(caller.address, ROLES.REGULATOR);
          await expect(c.unpause("x")).to.be.revertedWithCustomError(m, "AccessDenied").withArgs(caller.address, ROLES.REGULATOR);
          await expect(c.freeze(grid.address, "x"))
            .to.be.revertedWithCustomError(m, "AccessDenied")
            .withArgs(caller.address, ROLES.REGULATOR);
          await expect(c.unfreeze(grid.address, "x"))
            .to.be.revertedWithCustomError(m, "AccessDenied")
            .withArgs(caller.address, ROLES.REGULATOR);
        }
      }
    });

    it("[ACC-34] the regulator pauses and unpauses with PauseChanged; repeating the current state is refused (PauseUnchanged)", async () => {
      const { token, regulator } = await fixture();
      await expect(token.connect(regulator).unpause("nothing to resume"))
        .to.be.revertedWithCustomError(token, "PauseUnchanged")
        .withArgs(false);
      await expect(token.connect(regulator).pause("incident 7"))
        .to.emit(token, "PauseChanged")
        .withArgs(true, regulator.address, "incident 7");
      expect(await token.paused()).to.equal(true);
      await expect(token.connect(regulator).pause("again")).to.be.revertedWithCustomError(token, "PauseUnchanged").withArgs(true);
      await expect(token.connect(regulator).unpause("resolved"))
        .to.emit(token, "PauseChanged")
        .withArgs(false, regulator.address, "resolved");
      expect(await token.paused()).to.equal(false);
    });

    it("[ACC-34] the regulator freezes and unfreezes with FreezeChanged; repeating the current state is refused (FreezeUnchanged)", async () => {
      const { token, grid, regulator } = await fixture();
      await expect(token.connect(regulator).unfreeze(grid.address, "x"))
        .to.be.revertedWithCustomError(token, "FreezeUnchanged")
        .withArgs(grid.address, false);
      await expect(token.connect(regulator).freeze(grid.address, "court order"))
        .to.emit(token, "FreezeChanged")
        .withArgs(grid.address, true, regulator.address, "court order");
      expect(await token.isFrozen(grid.address)).to.equal(true);
      await expect(token.connect(regulator).freeze(grid.address, "again"))
        .to.be.revertedWithCustomError(token, "FreezeUnchanged")
        .withArgs(grid.address, true);
      await expect(token.connect(regulator).unfreeze(grid.address, "lifted"))
        .to.emit(token, "FreezeChanged")
        .withArgs(grid.address, false, regulator.address, "lifted");
      expect(await token.isFrozen(grid.address)).to.equal(false);
    });

    it("[ACC-34] the consortium itself pauses and freezes through CallModule, without holding REGULATOR", async () => {
      const { consortium, dummy, grid, bank, centre } = await moduleFixture();
      const at = await dummy.getAddress();
      const self = await consortium.getAddress();
      expect(await consortium.accessOf(self)).to.equal(0n);
      await expect(executeTx(consortium, [grid, bank, centre], "CallModule", [at, dummy.interface.encodeFunctionData("pause", ["vote 1"])]))
        .to.emit(dummy, "PauseChanged")
        .withArgs(true, self, "vote 1");
      await expect(
        executeTx(consortium, [grid, bank, centre], "CallModule", [
          at,
          dummy.interface.encodeFunctionData("freeze", [bank.address, "vote 2"]),
        ]),
      )
        .to.emit(dummy, "FreezeChanged")
        .withArgs(bank.address, true, self, "vote 2");
      await expect(dummy.connect(grid).setValue(1n)).to.be.revertedWithCustomError(dummy, "ModulePaused");
    });

    it("[ACC-34][ACC-35] a regulator that froze itself can no longer act; the consortium unfreezes it by CallModule", async () => {
      const { consortium, token, grid, bank, centre, regulator } = await fixture();
      await token.connect(regulator).freeze(regulator.address, "self-test");
      await expect(token.connect(regulator).pause("x"))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(regulator.address, ROLES.REGULATOR);
      await expect(token.connect(regulator).unfreeze(regulator.address, "x"))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(regulator.address, ROLES.REGULATOR);
      await executeTx(consortium, [grid, bank, centre], "CallModule", [
        await token.getAddress(),
        token.interface.encodeFunctionData("unfreeze", [regulator.address, "restored by vote"]),
      ]);
      await expect(token.connect(regulator).pause("x")).to.emit(token, "PauseChanged");
    });

    it("[ACC-34][ACC-16] a regulator whose member is suspended loses its powers in every module", async () => {
      const { consortium, token, dummy, grid, bank, centre, regulator } = await moduleFixture();
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      for (const m of [token, dummy]) {
        await expect(m.connect(regulator).pause("x"))
          .to.be.revertedWithCustomError(m, "AccessDenied")
          .withArgs(regulator.address, ROLES.REGULATOR);
      }
    });
  });

  describe("freeze is local", () => {
    it("[ACC-35] a frozen account keeps its roles but can use none of them in that module only", async () => {
      const { consortium, dummy, token, grid, bank, centre, regulator } = await moduleFixture();
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.PLATFORM_OPERATOR]);
      await dummy.connect(centre).operate(1n);
      await dummy.connect(regulator).freeze(centre.address, "inquiry");
      expect(await dummy.accessWord(centre.address)).to.equal(MEMBER_BIT | bit(ROLES.PLATFORM_OPERATOR) | FROZEN);
      expect(await consortium.hasRole(centre.address, ROLES.PLATFORM_OPERATOR)).to.equal(true);
      expect(await dummy.hasRole(centre.address, ROLES.PLATFORM_OPERATOR)).to.equal(false);
      expect(await dummy.hasRole(centre.address, ROLES.MEMBER)).to.equal(false);
      await expect(dummy.connect(centre).operate(2n))
        .to.be.revertedWithCustomError(dummy, "AccessDenied")
        .withArgs(centre.address, ROLES.PLATFORM_OPERATOR);
      // Not frozen in the token.
      expect(await token.isFrozen(centre.address)).to.equal(false);
      expect(await token.hasRole(centre.address, ROLES.PLATFORM_OPERATOR)).to.equal(true);
      await dummy.connect(regulator).unfreeze(centre.address, "cleared");
      await dummy.connect(centre).operate(3n);
      expect(await dummy.value()).to.equal(3n);
    });

    it("[ACC-35][ACC-33] the freeze survives role changes pushed by the consortium", async () => {
      const { consortium, dummy, grid, bank, centre, regulator } = await moduleFixture();
      await dummy.connect(regulator).freeze(centre.address, "inquiry");
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.PLATFORM_OPERATOR]);
      expect(await dummy.isFrozen(centre.address)).to.equal(true);
      await expect(dummy.connect(centre).operate(2n))
        .to.be.revertedWithCustomError(dummy, "AccessDenied")
        .withArgs(centre.address, ROLES.PLATFORM_OPERATOR);
      await passProposal(consortium, [grid, bank, regulator], "SuspendMember", [CENTRE]);
      await passProposal(consortium, [grid, bank, regulator], "ReinstateMember", [CENTRE]);
      expect(await dummy.accessWord(centre.address)).to.equal(MEMBER_BIT | bit(ROLES.PLATFORM_OPERATOR) | FROZEN);
    });

    it("[ACC-35] a role the consortium revokes is gone from every module at once", async () => {
      const { consortium, dummy, grid, bank, centre } = await moduleFixture();
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.PLATFORM_OPERATOR]);
      await dummy.connect(centre).operate(1n);
      const id = await propose(consortium, grid, "RevokeRole", [centre.address, ROLES.PLATFORM_OPERATOR]);
      for (const v of [grid, bank, centre]) await consortium.connect(v).castVote(id, 1);
      const p = await consortium.getProposal(id);
      await networkHelpers.time.increaseTo(p.deadline + p.rules.executionDelay + 1n);
      await consortium.execute(id);
      await expect(dummy.connect(centre).operate(2n))
        .to.be.revertedWithCustomError(dummy, "AccessDenied")
        .withArgs(centre.address, ROLES.PLATFORM_OPERATOR);
    });
  });
});
