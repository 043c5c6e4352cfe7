import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature, type Interface } from "ethers";
import {
  addAndAccept,
  CENTRE,
  ethers,
  executeTx,
  fixture,
  networkHelpers,
  passProposal,
} from "../kit/consortium.js";

const YUAN = 100n; // 2 decimals

/** The default fixture with 10,000 yuan minted to grid and 1,000 to centre and to a grid clerk. */
async function funded() {
  const f = await fixture();
  const clerk = f.others[0];
  await addAndAccept(f.consortium, f.grid, clerk, false);
  await f.token
    .connect(f.bank)
    .mint(f.grid.address, 10_000n * YUAN, ethers.id("deposit:grid"));
  await f.token
    .connect(f.bank)
    .mint(f.centre.address, 1_000n * YUAN, ethers.id("deposit:centre"));
  await f.token
    .connect(f.bank)
    .mint(clerk.address, 1_000n * YUAN, ethers.id("deposit:clerk"));
  const at = await f.token.getAddress();
  const voters = [f.grid, f.bank, f.regulator];
  /** Executes a CallModule proposal calling the token. */
  const abi: Interface = f.token.interface;
  const byVote = (fn: "recover" | "redeemTrapped", args: unknown[]) =>
    executeTx(f.consortium, voters, "CallModule", [
      at,
      abi.encodeFunctionData(fn, args),
    ]);
  /** The ModuleCallFailed payload of the token refusing with `error`. */
  const refusal = (error: string, args: unknown[]) =>
    f.token.interface.encodeErrorResult(error, args);
  return { ...f, clerk, at, voters, byVote, refusal };
}

type Funded = Awaited<ReturnType<typeof funded>>;

/** The four ways a balance gets trapped; each returns the trapped account. */
const TRAPS: Record<string, (f: Funded) => Promise<HardhatEthersSigner>> = {
  "account removed": async (f) => {
    await f.consortium.connect(f.grid).removeAccount(f.clerk.address);
    return f.clerk;
  },
  "member suspended": async (f) => {
    await passProposal(f.consortium, f.voters, "SuspendMember", [CENTRE]);
    return f.centre;
  },
  "member expelled": async (f) => {
    await passProposal(f.consortium, f.voters, "ExpelMember", [CENTRE]);
    return f.centre;
  },
  "account frozen": async (f) => {
    await f.token.connect(f.regulator).freeze(f.centre.address, "court order");
    return f.centre;
  },
};

describe("token: recovering a trapped balance", () => {
  for (const [how, trap] of Object.entries(TRAPS)) {
    it(`[TOK-30] ${how}: the balance cannot move, and a CallModule vote moves it to the account it names (Recovered)`, async () => {
      const f = await funded();
      const { token, grid, bank, byVote } = f;
      const holder = await trap(f);
      const held = await token.balanceOf(holder.address);
      // Trapped: neither the holder nor a redemption transfer to the issuer gets it out.
      await expect(token.connect(holder).transfer(bank.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(holder.address);
      await expect(
        byVote("recover", [
          holder.address,
          grid.address,
          held,
          `${how}: returned to the member`,
        ]),
      )
        .to.emit(token, "Recovered")
        .withArgs(
          holder.address,
          grid.address,
          held,
          `${how}: returned to the member`,
        )
        .and.to.emit(token, "Transfer")
        .withArgs(holder.address, grid.address, held);
      expect(await token.balanceOf(holder.address)).to.equal(0n);
      expect(await token.balanceOf(grid.address)).to.equal(
        10_000n * YUAN + held,
      );
    });

    it(`[TOK-31] ${how}: a CallModule vote redeems the balance against a redemption reference (RecoveryRedeemed)`, async () => {
      const f = await funded();
      const { token, byVote, refusal, at, consortium } = f;
      const holder = await trap(f);
      const supply = await token.totalSupply();
      const r = ethers.id(`payout:${how}`);
      await expect(
        byVote("redeemTrapped", [
          holder.address,
          400n * YUAN,
          r,
          "paid out by bank transfer",
        ]),
      )
        .to.emit(token, "RecoveryRedeemed")
        .withArgs(holder.address, 400n * YUAN, r, "paid out by bank transfer")
        .and.to.emit(token, "Transfer")
        .withArgs(holder.address, ethers.ZeroAddress, 400n * YUAN);
      expect(await token.balanceOf(holder.address)).to.equal(600n * YUAN);
      expect(await token.totalSupply()).to.equal(supply - 400n * YUAN);
      expect(await token.referenceUsed(r)).to.equal(true);
      // The reference is spent, across mint and burn as every other.
      await expect(byVote("redeemTrapped", [holder.address, 1n, r, "again"]))
        .to.be.revertedWithCustomError(consortium, "ModuleCallFailed")
        .withArgs(at, refusal("ReferenceAlreadyUsed", [r]));
    });
  }

  it("[TOK-32] a healthy account's balance is never recovered, not even by a vote (BalanceNotTrapped); freezing it first is the way", async () => {
    const { token, grid, centre, regulator, byVote, refusal, at, consortium } =
      await funded();
    await expect(byVote("recover", [centre.address, grid.address, 1n, "take"]))
      .to.be.revertedWithCustomError(consortium, "ModuleCallFailed")
      .withArgs(at, refusal("BalanceNotTrapped", [centre.address]));
    await expect(
      byVote("redeemTrapped", [
        centre.address,
        1n,
        ethers.id("payout:healthy"),
        "take",
      ]),
    )
      .to.be.revertedWithCustomError(consortium, "ModuleCallFailed")
      .withArgs(at, refusal("BalanceNotTrapped", [centre.address]));
    // A stolen key, say: the regulator freezes the account, then the vote recovers it.
    await token.connect(regulator).freeze(centre.address, "key compromised");
    await expect(
      byVote("recover", [centre.address, grid.address, 1n, "key compromised"]),
    ).to.emit(token, "Recovered");
  });

  it("[TOK-33] only the consortium recovers or redeems: the regulator, the issuer, admins and outsiders are refused (NotConsortium)", async () => {
    const { token, grid, bank, centre, regulator, others } = await funded();
    await token.connect(regulator).freeze(centre.address, "court order");
    for (const caller of [regulator, bank, grid, centre, others[1]]) {
      await expect(
        token.connect(caller).recover(centre.address, grid.address, 1n, "x"),
      )
        .to.be.revertedWithCustomError(token, "NotConsortium")
        .withArgs(caller.address);
      await expect(
        token
          .connect(caller)
          .redeemTrapped(centre.address, 1n, ethers.id("payout:x"), "x"),
      )
        .to.be.revertedWithCustomError(token, "NotConsortium")
        .withArgs(caller.address);
    }
  });

  it("[TOK-34] a recovery is refused to an account that may not hold, for nothing, beyond the balance, from address 0, or while paused", async () => {
    const f = await funded();
    const {
      token,
      grid,
      centre,
      regulator,
      others,
      byVote,
      refusal,
      at,
      consortium,
    } = f;
    await token.connect(regulator).freeze(centre.address, "court order");
    const failsWith = (
      fn: "recover" | "redeemTrapped",
      args: unknown[],
      error: string,
      errArgs: unknown[],
    ) =>
      expect(byVote(fn, args))
        .to.be.revertedWithCustomError(consortium, "ModuleCallFailed")
        .withArgs(at, refusal(error, errArgs));
    await failsWith(
      "recover",
      [centre.address, others[1].address, 1n, "x"],
      "NotMemberAccount",
      [others[1].address],
    );
    await failsWith(
      "recover",
      [centre.address, grid.address, 0n, "x"],
      "NothingToRecover",
      [centre.address],
    );
    await failsWith(
      "redeemTrapped",
      [centre.address, 0n, ethers.id("payout:0"), "x"],
      "NothingToRecover",
      [centre.address],
    );
    await failsWith(
      "redeemTrapped",
      [centre.address, 1n, ethers.ZeroHash, "x"],
      "InvalidMintOrBurn",
      [1n, ethers.ZeroHash],
    );
    const held = await token.balanceOf(centre.address);
    await failsWith(
      "recover",
      [centre.address, grid.address, held + 1n, "x"],
      "ERC20InsufficientBalance",
      [centre.address, held, held + 1n],
    );
    await failsWith(
      "recover",
      [ethers.ZeroAddress, grid.address, 1n, "x"],
      "ERC20InvalidSender",
      [ethers.ZeroAddress],
    );
    await token.connect(regulator).pause("audit");
    await failsWith(
      "recover",
      [centre.address, grid.address, 1n, "x"],
      "ModulePaused",
      [],
    );
    await failsWith(
      "redeemTrapped",
      [centre.address, 1n, ethers.id("payout:p"), "x"],
      "ModulePaused",
      [],
    );
    expect(await token.balanceOf(centre.address)).to.equal(held);
  });

  describe("allowances", () => {
    it("[TOK-35] approve to an account that could never spend it is refused (NotMemberAccount); 0 is always allowed", async () => {
      const f = await funded();
      const { token, grid, centre, clerk, others, regulator } = f;
      await expect(token.connect(grid).approve(others[1].address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(others[1].address);
      await token.connect(grid).approve(clerk.address, 5n);
      await TRAPS["account removed"]!(f);
      await expect(token.connect(grid).approve(clerk.address, 5n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(clerk.address);
      // Withdrawing the allowance from a spender that left stays possible.
      await expect(token.connect(grid).approve(clerk.address, 0n))
        .to.emit(token, "Approval")
        .withArgs(grid.address, clerk.address, 0n);
      await token.connect(regulator).freeze(centre.address, "inquiry");
      await expect(token.connect(grid).approve(centre.address, 1n))
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(centre.address);
    });

    it("[TOK-35] permit to an account that could never spend it is refused (NotMemberAccount) after its signature is checked", async () => {
      const { token, grid, others, at } = await funded();
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const { chainId } = await ethers.provider.getNetwork();
      const sign = async (spender: string, value: bigint) =>
        Signature.from(
          await grid.signTypedData(
            {
              name: "Consortium Yuan",
              version: "1",
              chainId,
              verifyingContract: at,
            },
            {
              Permit: [
                { name: "owner", type: "address" },
                { name: "spender", type: "address" },
                { name: "value", type: "uint256" },
                { name: "nonce", type: "uint256" },
                { name: "deadline", type: "uint256" },
              ],
            },
            { owner: grid.address, spender, value, nonce: 0n, deadline },
          ),
        );
      const outsider = others[1].address;
      const bad = await sign(outsider, 10n);
      await expect(
        token.permit(
          grid.address,
          outsider,
          10n,
          deadline,
          bad.v,
          bad.r,
          bad.s,
        ),
      )
        .to.be.revertedWithCustomError(token, "NotMemberAccount")
        .withArgs(outsider);
      expect(await token.nonces(grid.address)).to.equal(0n);
      const zero = await sign(outsider, 0n);
      await expect(
        token.permit(
          grid.address,
          outsider,
          0n,
          deadline,
          zero.v,
          zero.r,
          zero.s,
        ),
      ).to.emit(token, "Approval");
    });
  });
});
