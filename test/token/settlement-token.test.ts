import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import {
  CENTRE,
  ethers,
  executeTx,
  fixture,
  passProposal,
  addAndAccept,
} from "../kit/consortium.js";

const ref = (label: string) => ethers.id(`deposit:${label}`);
const YUAN = 100n; // 2 decimals

/** The default fixture with 10,000 yuan minted to grid and 1,000 to centre. */
async function funded() {
  const f = await fixture();
  await f.token.connect(f.bank).mint(f.grid.address, 10_000n * YUAN, ref("grid-1"));
  await f.token.connect(f.bank).mint(f.centre.address, 1_000n * YUAN, ref("centre-1"));
  return f;
}

describe("token: SettlementToken", () => {
  describe("metadata", () => {
    it("[TOK-01] has 2 decimals (1 unit = 0.01 yuan), its name and symbol, and obeys the consortium", async () => {
      const { consortium, token } = await fixture();
      expect(await token.decimals()).to.equal(2n);
      expect(await token.name()).to.equal("Consortium Yuan");
      expect(await token.symbol()).to.equal("CNYC");
      expect(await token.totalSupply()).to.equal(0n);
      expect(await token.consortium()).to.equal(await consortium.getAddress());
      expect(await consortium.isModule(await token.getAddress())).to.equal(true);
    });
  });

  describe("mint and burn", () => {
    it("[TOK-02] only a TOKEN_ISSUER may mint (AccessDenied(caller, 11))", async () => {
      const { token, grid, regulator, others } = await fixture();
      for (const caller of [grid, regulator, others[0]]) {
        await expect(token.connect(caller).mint(grid.address, 1n, ref("x")))
          .to.be.revertedWithCustomError(token, "AccessDenied")
          .withArgs(caller.address, ROLES.TOKEN_ISSUER);
      }
      expect(await token.referenceUsed(ref("x"))).to.equal(false);
    });

    it("[TOK-03] mint credits a member account and emits Minted with the deposit reference", async () => {
      const { token, bank, grid } = await fixture();
      const r = ref("B-2025-000123");
      await expect(token.connect(bank).mint(grid.address, 12_345n, r))
        .to.emit(token, "Minted")
        .withArgs(grid.address, 12_345n, r, bank.address)
        .and.to.emit(token, "Transfer")
        .withArgs(ethers.ZeroAddress, grid.address, 12_345n);
      expect(await token.balanceOf(grid.address)).to.equal(12_345n);
      expect(await token.totalSupply()).to.equal(12_345n);
      expect(await token.referenceUsed(r)).to.equal(true);
    });

    it("[TOK-04] a deposit reference mints once: reusing it is refused (ReferenceAlreadyUsed)", async () => {
      const { token, bank, grid, centre } = await fixture();
      const r = ref("dup");
      await token.connect(bank).mint(grid.address, 100n, r);
      await expect(token.connect(bank).mint(grid.address, 100n, r))
        .to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed")
        .withArgs(r);
      await expect(token.connect(bank).mint(centre.address, 999n, r))
        .to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed")
        .withArgs(r);
      expect(await token.totalSupply()).to.equal(100n);
    });

    it("[TOK-04] a minting job re-run after a crash never mints a deposit twice", async () => {
      const { token, bank, grid, centre, regulator } = await fixture();
      const deposits = [
        { to: grid.address, amount: 500n, ref: ref("job-1") },
        { to: centre.address, amount: 700n, ref: ref("job-2") },
        { to: regulator.address, amount: 900n, ref: ref("job-3") },
      ];
      // First run crashes after the first deposit.
      await token.connect(bank).mint(deposits[0].to, deposits[0].amount, deposits[0].ref);
      // The re-run goes through the whole list; already-used references are refused.
      const outcomes: string[] = [];
      for (const d of deposits) {
        if (await token.referenceUsed(d.ref)) {
          await expect(token.connect(bank).mint(d.to, d.amount, d.ref)).to.be.revertedWithCustomError(
            token,
            "ReferenceAlreadyUsed",
          );
          outcomes.push("skipped");
        } else {
          await token.connect(bank).mint(d.to, d.amount, d.ref);
          outcomes.push("minted");
        }
      }
      expect(outcomes).to.deep.equal(["skipped", "minted", "minted"]);
      expect(await token.totalSupply()).to.equal(2_100n);
      expect(await token.balanceOf(grid.address)).to.equal(500n);
    });

    it("[TOK-05] a zero amount or a zero reference is refused (InvalidMintOrBurn)", async () => {
      const { token, bank, grid } = await fixture();
      await expect(token.connect(bank).mint(grid.address, 0n, ref("z")))
        .to.be.revertedWithCustomError(token, "InvalidMintOrBurn")
        .withArgs(0n, ref("z"));
      await expect(token.connect(bank).mint(grid.address, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(token, "InvalidMintOrBurn")
        .withArgs(1n, ethers.ZeroHash);
      await expect(token.connect(bank).burn(0n, ref("z")))
        .to.be.revertedWithCustomError(token, "InvalidMintOrBurn")
        .withArgs(0n, ref("z"));
      await expect(token.connect(bank).burn(1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(token, "InvalidMintOrBurn")
        .withArgs(1n, ethers.ZeroHash);
      expect(await token.referenceUsed(ref("z"))).to.equal(false);
    });

    it("[TOK-03] the issuer burns from its own balance with Burned; holders redeem by transferring to it", async () => {
      const { token, bank, grid } = await funded();
      await token.connect(grid).transfer(bank.address, 300n * YUAN);
      const r = ethers.id("payout:P-77");
      await expect(token.connect(bank).burn(200n * YUAN, r))
        .to.emit(token, "Burned")
        .withArgs(bank.address, 200n * YUAN, r)
        .and.to.emit(token, "Transfer")
        .withArgs(bank.address, ethers.ZeroAddress, 200n * YUAN);
      expect(await token.balanceOf(bank.address)).to.equal(100n * YUAN);
      expect(await token.totalSupply()).to.equal(10_800n * YUAN);
      expect(await token.referenceUsed(r)).to.equal(true);
      await expect(token.connect(bank).burn(1n, r)).to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed").withArgs(r);
      await expect(token.connect(bank).burn(101n * YUAN, ethers.id("payout:too-much")))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(bank.address, 100n * YUAN, 101n * YUAN);
    });

    it("[TOK-02][TOK-04] only a TOKEN_ISSUER may burn, and deposit and redemption references share one namespace", async () => {
      const { token, bank, grid } = await funded();
      await expect(token.connect(grid).burn(1n, ref("b")))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(grid.address, ROLES.TOKEN_ISSUER);
      await token.connect(grid).transfer(bank.address, 10n);
      await expect(token.connect(bank).burn(10n, ref("grid-1")))
        .to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed")
        .withArgs(ref("grid-1"));
    });

    it("[TOK-02][TOK-10] a TOKEN_ISSUER granted or revoked by vote can or cannot mint at once", async () => {
      const { consortium, token, grid, bank, centre } = await fixture();
      await passProposal(consortium, [grid, bank, centre], "GrantRole", [centre.address, ROLES.TOKEN_ISSUER]);
      await expect(token.connect(centre).mint(grid.address, 5n, ref("c-1"))).to.emit(token, "Minted");
      await passProposal(consortium, [grid, bank, centre], "RevokeRole", [bank.address, ROLES.TOKEN_ISSUER]);
      await expect(token.connect(bank).mint(grid.address, 5n, ref("b-1")))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(bank.address, ROLES.TOKEN_ISSUER);
    });
  });

  describe("who may hold it", () => {
    it("[TOK-06] transfer between member accounts works; to an account of no member it is refused (NotMemberAccount)", async () => {
      const { token, grid, centre, others } = await funded();
      await expect(token.connect(grid).transfer(centre.address, 250n))
        .to.emit(token, "Transfer")
        .withArgs(grid.address, centre.address, 250n);
      await expect(token.connect(grid).transfer(others[0].address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(others[0].address);
    });

    it("[TOK-06] mint to an account of no member is refused (NotMemberAccount) and does not use the reference", async () => {
      const { token, bank, others } = await fixture();
      await expect(token.connect(bank).mint(others[0].address, 1n, ref("o")))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(others[0].address);
      expect(await token.referenceUsed(ref("o"))).to.equal(false);
    });

    it("[TOK-06][TOK-10] an account added to a member may receive at once; once removed it may not", async () => {
      const { consortium, token, grid, others } = await funded();
      const clerk = others[0].address;
      await addAndAccept(consortium, grid, clerk, false);
      await token.connect(grid).transfer(clerk, 10n);
      expect(await token.balanceOf(clerk)).to.equal(10n);
      await consortium.connect(grid).removeAccount(clerk);
      await expect(token.connect(grid).transfer(clerk, 10n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(clerk);
    });

    it("[TOK-06][TOK-10] a suspended member's account can neither send nor receive until reinstated", async () => {
      const { consortium, token, grid, bank, centre, regulator } = await funded();
      await passProposal(consortium, [grid, bank, regulator], "SuspendMember", [CENTRE]);
      await expect(token.connect(centre).transfer(grid.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      await expect(token.connect(grid).transfer(centre.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      await expect(token.connect(bank).mint(centre.address, 1n, ref("s")))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      await passProposal(consortium, [grid, bank, regulator], "ReinstateMember", [CENTRE]);
      await expect(token.connect(centre).transfer(grid.address, 1n)).to.emit(token, "Transfer");
    });

    it("[TOK-06] transferFrom checks the holder, the recipient and the spender", async () => {
      const { consortium, token, grid, bank, centre, regulator, others } = await funded();
      await token.connect(grid).approve(bank.address, 1_000n);
      await expect(token.connect(bank).transferFrom(grid.address, centre.address, 100n))
        .to.emit(token, "Transfer")
        .withArgs(grid.address, centre.address, 100n);
      await expect(token.connect(bank).transferFrom(grid.address, others[1].address, 100n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(others[1].address);
      // A spender that has left the consortium cannot use an allowance it was given before
      // (approve itself refuses one to an outsider: TOK-35).
      const outsider = others[0];
      await addAndAccept(consortium, grid, outsider, false);
      await token.connect(grid).approve(outsider.address, 1_000n);
      await consortium.connect(grid).removeAccount(outsider.address);
      await expect(token.connect(outsider).transferFrom(grid.address, centre.address, 100n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(outsider.address);
      await passProposal(consortium, [bank, centre, regulator], "SuspendMember", [1n]);
      await expect(token.connect(bank).transferFrom(grid.address, centre.address, 100n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(grid.address);
    });

    it("[TOK-06][TOK-08] a spender frozen in the token cannot use its allowances until unfrozen", async () => {
      const { token, grid, bank, centre, regulator } = await funded();
      await token.connect(grid).approve(bank.address, 1_000n);
      await token.connect(regulator).freeze(bank.address, "inquiry");
      await expect(token.connect(bank).transferFrom(grid.address, centre.address, 100n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(bank.address);
      await token.connect(regulator).unfreeze(bank.address, "cleared");
      await expect(token.connect(bank).transferFrom(grid.address, centre.address, 100n)).to.emit(token, "Transfer");
    });

    it("[TOK-06] an expelled member's balance can no longer move", async () => {
      const { consortium, token, grid, bank, centre } = await funded();
      await passProposal(consortium, [grid, bank, centre], "ExpelMember", [CENTRE]);
      await expect(token.connect(centre).transfer(grid.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      expect(await token.balanceOf(centre.address)).to.equal(1_000n * YUAN);
    });
  });

  describe("pause", () => {
    it("[TOK-07] a paused token refuses transfer, transferFrom, mint and burn (ModulePaused); unpause restores them", async () => {
      const { token, bank, grid, centre, regulator } = await funded();
      await token.connect(grid).approve(centre.address, 100n);
      await token.connect(grid).transfer(bank.address, 100n);
      await token.connect(regulator).pause("bank reconciliation");
      await expect(token.connect(grid).transfer(centre.address, 1n)).to.be.revertedWithCustomError(token, "ModulePaused");
      await expect(token.connect(centre).transferFrom(grid.address, centre.address, 1n)).to.be.revertedWithCustomError(
        token,
        "ModulePaused",
      );
      await expect(token.connect(bank).mint(grid.address, 1n, ref("p"))).to.be.revertedWithCustomError(token, "ModulePaused");
      await expect(token.connect(bank).burn(1n, ref("q"))).to.be.revertedWithCustomError(token, "ModulePaused");
      // Approvals move nothing and stay possible.
      await expect(token.connect(grid).approve(centre.address, 5n)).to.emit(token, "Approval");
      expect(await token.referenceUsed(ref("p"))).to.equal(false);

      await token.connect(regulator).unpause("reconciled");
      await expect(token.connect(grid).transfer(centre.address, 1n)).to.emit(token, "Transfer");
      await expect(token.connect(centre).transferFrom(grid.address, centre.address, 1n)).to.emit(token, "Transfer");
      await expect(token.connect(bank).mint(grid.address, 1n, ref("p"))).to.emit(token, "Minted");
      await expect(token.connect(bank).burn(1n, ref("q"))).to.emit(token, "Burned");
    });

    it("[TOK-07] the consortium pauses and resumes the token by CallModule", async () => {
      const { consortium, token, grid, bank, centre } = await funded();
      const at = await token.getAddress();
      await executeTx(consortium, [grid, bank, centre], "CallModule", [at, token.interface.encodeFunctionData("pause", ["vote"])]);
      await expect(token.connect(grid).transfer(centre.address, 1n)).to.be.revertedWithCustomError(token, "ModulePaused");
      await executeTx(consortium, [grid, bank, centre], "CallModule", [at, token.interface.encodeFunctionData("unpause", ["vote"])]);
      await expect(token.connect(grid).transfer(centre.address, 1n)).to.emit(token, "Transfer");
    });
  });

  describe("freeze", () => {
    it("[TOK-08] a frozen account can neither send nor receive (NotMemberAccount: the freeze masks membership); unfreeze restores", async () => {
      const { token, bank, grid, centre, regulator } = await funded();
      await token.connect(regulator).freeze(centre.address, "AML review");
      expect(await token.hasRole(centre.address, ROLES.MEMBER)).to.equal(false);
      await expect(token.connect(centre).transfer(grid.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      await expect(token.connect(grid).transfer(centre.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      await expect(token.connect(bank).mint(centre.address, 1n, ref("f")))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
      await token.connect(regulator).unfreeze(centre.address, "cleared");
      await expect(token.connect(centre).transfer(grid.address, 1n)).to.emit(token, "Transfer");
      await expect(token.connect(grid).transfer(centre.address, 1n)).to.emit(token, "Transfer");
    });

    it("[TOK-08] a frozen issuer cannot mint or burn (AccessDenied(issuer, 11))", async () => {
      const { token, bank, grid, regulator } = await funded();
      await token.connect(grid).transfer(bank.address, 10n);
      await token.connect(regulator).freeze(bank.address, "audit");
      await expect(token.connect(bank).mint(grid.address, 1n, ref("fi")))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(bank.address, ROLES.TOKEN_ISSUER);
      await expect(token.connect(bank).burn(1n, ref("fb")))
        .to.be.revertedWithCustomError(token, "AccessDenied")
        .withArgs(bank.address, ROLES.TOKEN_ISSUER);
    });

    it("[TOK-08][TOK-10] a freeze survives the member's suspension and reinstatement by the consortium", async () => {
      const { consortium, token, grid, bank, centre, regulator } = await funded();
      await token.connect(regulator).freeze(centre.address, "AML review");
      await passProposal(consortium, [grid, bank, regulator], "SuspendMember", [CENTRE]);
      await passProposal(consortium, [grid, bank, regulator], "ReinstateMember", [CENTRE]);
      expect(await token.isFrozen(centre.address)).to.equal(true);
      await expect(token.connect(centre).transfer(grid.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
    });
  });
});
