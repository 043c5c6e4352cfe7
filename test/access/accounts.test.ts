import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import {
  BANK,
  GRID,
  MEMBER_BIT,
  REGULATOR,
  ethers,
  executeTx,
  fixture,
  mirrors,
  moduleFixture,
  passProposal,
  randomAddress,
  addAndAccept,
  readyProposal,
} from "../kit/consortium.js";

const bit = (role: number) => 1n << BigInt(role);

describe("access: member accounts (self-service)", () => {
  describe("addAccount", () => {
    it("[ACC-27][ACC-53] a member admin adds an account (an offer the account accepts); AccountAdded is emitted and every module gets MEMBER at once", async () => {
      const { consortium, token, dummy, grid, others } = await moduleFixture();
      const clerk = others[0].address;
      await expect(consortium.connect(grid).addAccount(clerk, false))
        .to.emit(consortium, "AccountOffered")
        .withArgs(GRID, clerk, false, grid.address);
      await expect(consortium.connect(others[0]).acceptAccount(GRID))
        .to.emit(consortium, "AccountAdded")
        .withArgs(GRID, clerk, false, grid.address)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(clerk, MEMBER_BIT)
        .and.to.emit(dummy, "AccessUpdated")
        .withArgs(clerk, MEMBER_BIT);
      expect(await consortium.memberOf(clerk)).to.equal(GRID);
      expect(await consortium.isAdmin(clerk)).to.equal(false);
      expect(await consortium.accountCount(GRID)).to.equal(2n);
      expect(await consortium.accountAt(GRID, 1n)).to.equal(clerk);
      expect(await consortium.accountsOf(GRID)).to.deep.equal([grid.address, clerk]);
      expect(await consortium.accessOf(clerk)).to.equal(MEMBER_BIT);
      expect(await token.accessWord(clerk)).to.equal(MEMBER_BIT);
      expect(await token.hasRole(clerk, ROLES.MEMBER)).to.equal(true);
      expect(await dummy.accessWord(clerk)).to.equal(MEMBER_BIT);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(1n);
    });

    it("[ACC-27] an account added as admin may act for its member at once", async () => {
      const { consortium, grid, others } = await fixture();
      await expect(addAndAccept(consortium, grid, others[0], true))
        .to.emit(consortium, "AccountAdded")
        .withArgs(GRID, others[0].address, true, grid.address);
      expect(await consortium.isAdmin(others[0].address)).to.equal(true);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(2n);
      await expect(addAndAccept(consortium, others[0], others[1], false))
        .to.emit(consortium, "AccountAdded")
        .withArgs(GRID, others[1].address, false, others[0].address);
    });

    it("[ACC-27] addAccount refuses the zero address (NotAnAccount) and an account of any member (AccountAlreadyMember)", async () => {
      const { consortium, grid, bank, others } = await fixture();
      await expect(consortium.connect(grid).addAccount(ethers.ZeroAddress, false))
        .to.be.revertedWithCustomError(consortium, "NotAnAccount")
        .withArgs(ethers.ZeroAddress);
      await expect(consortium.connect(grid).addAccount(bank.address, false))
        .to.be.revertedWithCustomError(consortium, "AccountAlreadyMember")
        .withArgs(bank.address, BANK);
      await addAndAccept(consortium, grid, others[0].address, false);
      await expect(consortium.connect(grid).addAccount(others[0].address, true))
        .to.be.revertedWithCustomError(consortium, "AccountAlreadyMember")
        .withArgs(others[0].address, GRID);
    });

    it("[ACC-27] a member holds at most 32 accounts (TooManyAccounts)", async () => {
      const { consortium, grid } = await fixture();
      expect(await consortium.MAX_ACCOUNTS_PER_MEMBER()).to.equal(32n);
      for (let i = 1; i < 32; i++) await addAndAccept(consortium, grid, randomAddress(), false);
      expect(await consortium.accountCount(GRID)).to.equal(32n);
      await expect(consortium.connect(grid).addAccount(randomAddress(), false))
        .to.be.revertedWithCustomError(consortium, "TooManyAccounts")
        .withArgs(GRID, 32n);
    });

    it("[ACC-27][ACC-29] only an admin of an active member manages accounts (NotMemberAdmin / MemberNotActive)", async () => {
      const { consortium, grid, bank, centre, regulator, others } = await fixture();
      const clerk = others[0];
      await addAndAccept(consortium, grid, clerk.address, false);
      for (const caller of [clerk, others[1]]) {
        await expect(consortium.connect(caller).addAccount(others[2].address, false))
          .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
          .withArgs(caller.address, caller === clerk ? GRID : 0n);
        await expect(consortium.connect(caller).removeAccount(clerk.address))
          .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
          .withArgs(caller.address, caller === clerk ? GRID : 0n);
        await expect(consortium.connect(caller).setAccountAdmin(clerk.address, true))
          .to.be.revertedWithCustomError(consortium, "NotMemberAdmin")
          .withArgs(caller.address, caller === clerk ? GRID : 0n);
      }
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(consortium.connect(regulator).addAccount(others[2].address, false))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, 2n);
    });
  });

  describe("an account joins only with its own consent", () => {
    it("[ACC-53] an offer does not make the account a member: the admin named in a pending AdmitMember cannot be squatted, and the admission executes", async () => {
      const { consortium, token, grid, bank, centre, others } = await fixture();
      const newcomer = others[0];
      const id = await readyProposal(consortium, [grid, bank, centre], "AdmitMember", ["Solar Co", newcomer.address, 1]);
      // Another member's admin tries to take the address first, repeatedly: only offers result.
      await consortium.connect(bank).addAccount(newcomer.address, true);
      await consortium.connect(grid).addAccount(newcomer.address, false);
      expect(await consortium.memberOf(newcomer.address)).to.equal(0n);
      expect(await token.accessWord(newcomer.address)).to.equal(0n);
      expect(await consortium.accountOffer(newcomer.address, BANK)).to.deep.equal([true, true]);
      await expect(consortium.execute(id)).to.emit(consortium, "MemberAdmitted");
      expect(await consortium.memberOf(newcomer.address)).to.equal(5n);
      // The stale offers can no longer be accepted: the account belongs to its own member now.
      await expect(consortium.connect(newcomer).acceptAccount(BANK))
        .to.be.revertedWithCustomError(consortium, "AccountAlreadyMember")
        .withArgs(newcomer.address, 5n);
    });

    it("[ACC-53] acceptAccount needs an open offer of that member (NoAccountOffer), an active member (MemberNotActive) and is used once; the admin may withdraw the offer (AccountOfferWithdrawn)", async () => {
      const { consortium, grid, bank, centre, regulator, others } = await fixture();
      const [a, b] = others;
      await expect(consortium.connect(a).acceptAccount(GRID)).to.be.revertedWithCustomError(consortium, "NoAccountOffer").withArgs(a.address, GRID);
      await expect(consortium.connect(a).acceptAccount(0n)).to.be.revertedWithCustomError(consortium, "NoAccountOffer").withArgs(a.address, 0n);
      await consortium.connect(grid).addAccount(a.address, false);
      await expect(consortium.connect(a).acceptAccount(BANK)).to.be.revertedWithCustomError(consortium, "NoAccountOffer").withArgs(a.address, BANK);
      await expect(consortium.connect(grid).withdrawAccountOffer(a.address))
        .to.emit(consortium, "AccountOfferWithdrawn")
        .withArgs(GRID, a.address, grid.address);
      await expect(consortium.connect(a).acceptAccount(GRID)).to.be.revertedWithCustomError(consortium, "NoAccountOffer").withArgs(a.address, GRID);
      await expect(consortium.connect(grid).withdrawAccountOffer(a.address))
        .to.be.revertedWithCustomError(consortium, "NoAccountOffer")
        .withArgs(a.address, GRID);
      // Accepted once; a replay of the acceptance finds no offer (and the account a member).
      await consortium.connect(grid).addAccount(a.address, false);
      await consortium.connect(a).acceptAccount(GRID);
      await expect(consortium.connect(a).acceptAccount(GRID)).to.be.revertedWithCustomError(consortium, "NoAccountOffer").withArgs(a.address, GRID);
      // An offer from a member suspended before the account accepts is void while suspended.
      await consortium.connect(regulator).addAccount(b.address, false);
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
      await expect(consortium.connect(b).acceptAccount(REGULATOR))
        .to.be.revertedWithCustomError(consortium, "MemberNotActive")
        .withArgs(REGULATOR, 2n);
      expect(await consortium.memberOf(b.address)).to.equal(0n);
    });
  });

  describe("removeAccount", () => {
    it("[ACC-28] a member admin removes an account; AccountRemoved is emitted and its access drops to 0 in every module", async () => {
      const { consortium, token, dummy, grid, others } = await moduleFixture();
      const clerk = others[0].address;
      await addAndAccept(consortium, grid, clerk, false);
      await expect(consortium.connect(grid).removeAccount(clerk))
        .to.emit(consortium, "AccountRemoved")
        .withArgs(GRID, clerk, grid.address)
        .and.to.emit(token, "AccessUpdated")
        .withArgs(clerk, 0n)
        .and.to.emit(dummy, "AccessUpdated")
        .withArgs(clerk, 0n);
      expect(await consortium.memberOf(clerk)).to.equal(0n);
      expect(await consortium.accountsOf(GRID)).to.deep.equal([grid.address]);
      expect(await token.accessWord(clerk)).to.equal(0n);
      expect(await dummy.accessWord(clerk)).to.equal(0n);
    });

    it("[ACC-28] a removed account is free to join another member", async () => {
      const { consortium, grid, bank, others } = await fixture();
      const a = others[0].address;
      await addAndAccept(consortium, grid, a, true);
      await consortium.connect(grid).removeAccount(a);
      expect(await consortium.isAdmin(a)).to.equal(false);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(1n);
      await expect(addAndAccept(consortium, bank, a, false))
        .to.emit(consortium, "AccountAdded")
        .withArgs(BANK, a, false, bank.address);
    });

    it("[ACC-28] removeAccount refuses an account of another member or of none (AccountNotInMember)", async () => {
      const { consortium, grid, bank, others } = await fixture();
      await expect(consortium.connect(grid).removeAccount(bank.address))
        .to.be.revertedWithCustomError(consortium, "AccountNotInMember")
        .withArgs(bank.address, GRID);
      await expect(consortium.connect(grid).removeAccount(others[0].address))
        .to.be.revertedWithCustomError(consortium, "AccountNotInMember")
        .withArgs(others[0].address, GRID);
    });

    it("[ACC-28] removeAccount refuses an account holding roles until they are revoked by vote (AccountHoldsRoles)", async () => {
      const { consortium, token, grid, bank, centre, others } = await fixture();
      const clerk = others[0].address;
      await addAndAccept(consortium, bank, clerk, false);
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [clerk, ROLES.SETTLEMENT_AGENT]);
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [clerk, ROLES.AUDITOR]);
      const roles = bit(ROLES.SETTLEMENT_AGENT) | bit(ROLES.AUDITOR);
      await expect(consortium.connect(bank).removeAccount(clerk))
        .to.be.revertedWithCustomError(consortium, "AccountHoldsRoles")
        .withArgs(clerk, roles);
      await passProposal(consortium, [grid, bank, centre], "RevokeRole", [clerk, ROLES.SETTLEMENT_AGENT]);
      await passProposal(consortium, [grid, bank, centre], "RevokeRole", [clerk, ROLES.AUDITOR]);
      await expect(consortium.connect(bank).removeAccount(clerk)).to.emit(consortium, "AccountRemoved");
      expect(await token.accessWord(clerk)).to.equal(0n);
    });
  });

  describe("setAccountAdmin", () => {
    it("[ACC-29] setAccountAdmin promotes and demotes an account of the caller's member, with AccountAdminChanged", async () => {
      const { consortium, token, grid, others } = await fixture();
      const a = others[0].address;
      await addAndAccept(consortium, grid, a, false);
      await expect(consortium.connect(grid).setAccountAdmin(a, true))
        .to.emit(consortium, "AccountAdminChanged")
        .withArgs(GRID, a, true, grid.address);
      expect(await consortium.isAdmin(a)).to.equal(true);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(2n);
      await expect(consortium.connect(grid).setAccountAdmin(a, false))
        .to.emit(consortium, "AccountAdminChanged")
        .withArgs(GRID, a, false, grid.address)
        .and.not.to.emit(token, "AccessUpdated");
      expect(await consortium.isAdmin(a)).to.equal(false);
      expect((await consortium.getMember(GRID)).adminCount).to.equal(1n);
      // The admin flag is consortium-internal: the access word does not change.
      expect(await token.accessWord(a)).to.equal(MEMBER_BIT);
    });

    it("[ACC-29] setAccountAdmin refuses a no-op (AdminUnchanged) and an account of another member (AccountNotInMember)", async () => {
      const { consortium, grid, bank, others } = await fixture();
      await addAndAccept(consortium, grid, others[0].address, false);
      await expect(consortium.connect(grid).setAccountAdmin(others[0].address, false))
        .to.be.revertedWithCustomError(consortium, "AdminUnchanged")
        .withArgs(others[0].address, false);
      await expect(consortium.connect(grid).setAccountAdmin(grid.address, true))
        .to.be.revertedWithCustomError(consortium, "AdminUnchanged")
        .withArgs(grid.address, true);
      await expect(consortium.connect(grid).setAccountAdmin(bank.address, false))
        .to.be.revertedWithCustomError(consortium, "AccountNotInMember")
        .withArgs(bank.address, GRID);
      await expect(consortium.connect(bank).setAccountAdmin(others[0].address, true))
        .to.be.revertedWithCustomError(consortium, "AccountNotInMember")
        .withArgs(others[0].address, BANK);
    });
  });

  describe("access follows membership in every module", () => {
    it("[ACC-16] suspension zeroes every account of the member in every module; reinstatement restores MEMBER and roles", async () => {
      const { consortium, token, dummy, grid, bank, centre, regulator, others } = await moduleFixture();
      const clerk = others[0].address;
      await addAndAccept(consortium, bank, clerk, false);
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [clerk, ROLES.SETTLEMENT_AGENT]);
      const accounts = [bank.address, clerk];
      const before = [MEMBER_BIT | bit(ROLES.TOKEN_ISSUER), MEMBER_BIT | bit(ROLES.SETTLEMENT_AGENT)];
      for (const m of [token, dummy]) expect((await mirrors(consortium, m, accounts)).mirror).to.deep.equal(before);

      await expect(executeTx(consortium, [grid, centre, regulator], "SuspendMember", [BANK]))
        .to.emit(token, "AccessUpdated")
        .withArgs(clerk, 0n)
        .and.to.emit(dummy, "AccessUpdated")
        .withArgs(bank.address, 0n);
      for (const m of [token, dummy]) {
        expect((await mirrors(consortium, m, accounts)).mirror).to.deep.equal([0n, 0n]);
        expect(await m.hasRole(bank.address, ROLES.MEMBER)).to.equal(false);
        expect(await m.hasRole(bank.address, ROLES.TOKEN_ISSUER)).to.equal(false);
      }

      await passProposal(consortium, [grid, centre, regulator], "ReinstateMember", [BANK]);
      for (const m of [token, dummy]) expect((await mirrors(consortium, m, accounts)).mirror).to.deep.equal(before);
    });

    it("[ACC-16] expulsion zeroes every account of the member in every module for good", async () => {
      const { consortium, token, dummy, grid, bank, centre, regulator, others } = await moduleFixture();
      await addAndAccept(consortium, regulator, others[0].address, true);
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [REGULATOR]);
      for (const m of [token, dummy]) {
        expect(await m.accessWord(regulator.address)).to.equal(0n);
        expect(await m.accessWord(others[0].address)).to.equal(0n);
      }
    });

    it("[ACC-37] after any sequence of changes every module mirrors consortium.accessOf exactly", async () => {
      const { consortium, token, dummy, grid, bank, centre, regulator, others } = await moduleFixture();
      const [a, b, c, d] = others.map((s) => s.address);
      await addAndAccept(consortium, grid, a, false);
      await addAndAccept(consortium, bank, b, true);
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [a, ROLES.METER_OPERATOR]);
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [b, ROLES.FUNDER]);
      await passProposal(consortium, [grid, bank, centre], "AdmitMember", ["Solar Co", c, 2]);
      await addAndAccept(consortium, others[2], d, false);
      await passProposal(consortium, [grid, bank, centre], "SuspendMember", [BANK]);
      await passProposal(consortium, [grid, centre, regulator], "RevokeRole", [a, ROLES.METER_OPERATOR]);
      await passProposal(consortium, [grid, centre, regulator], "ReinstateMember", [BANK]);
      await consortium.connect(grid).removeAccount(a);
      await passProposal(consortium, [grid, centre, regulator], "ExpelMember", [5n]);
      const all = [grid, bank, centre, regulator].map((s) => s.address).concat([a, b, c, d, randomAddress()]);
      for (const m of [token, dummy]) {
        const { truth, mirror } = await mirrors(consortium, m, all);
        expect(mirror).to.deep.equal(truth);
      }
      expect(await consortium.accessOf(b)).to.equal(MEMBER_BIT | bit(ROLES.FUNDER));
      expect(await consortium.accessOf(c)).to.equal(0n);
    });
  });
});
