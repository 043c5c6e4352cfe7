import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { Signature } from "ethers";
import { CENTRE, ethers, fixture, networkHelpers, passProposal } from "../kit/consortium.js";

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

interface PermitRequest {
  owner: HardhatEthersSigner;
  spender: string;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
  chainId?: bigint;
  verifyingContract: string;
  name?: string;
  /** Who signs (default: the owner). */
  signer?: HardhatEthersSigner;
}

async function signPermit(r: PermitRequest) {
  const chainId = r.chainId ?? (await ethers.provider.getNetwork()).chainId;
  const domain = { name: r.name ?? "Consortium Yuan", version: "1", chainId, verifyingContract: r.verifyingContract };
  const message = { owner: r.owner.address, spender: r.spender, value: r.value, nonce: r.nonce, deadline: r.deadline };
  return Signature.from(await (r.signer ?? r.owner).signTypedData(domain, PERMIT_TYPES, message));
}

async function funded() {
  const f = await fixture();
  await f.token.connect(f.bank).mint(f.grid.address, 100_000n, ethers.id("permit:grid"));
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  return { ...f, deadline, at: await f.token.getAddress() };
}

describe("token: ERC-2612 permit", () => {
  it("[TOK-09] the EIP-712 domain is the token's name, version 1, this chain and this token", async () => {
    const { token, at } = await funded();
    const { chainId } = await ethers.provider.getNetwork();
    const expected = ethers.TypedDataEncoder.hashDomain({ name: "Consortium Yuan", version: "1", chainId, verifyingContract: at });
    expect(await token.DOMAIN_SEPARATOR()).to.equal(expected);
    const d = await token.eip712Domain();
    expect([d.name, d.version, d.chainId, d.verifyingContract]).to.deep.equal(["Consortium Yuan", "1", chainId, at]);
  });

  it("[TOK-09] a permit signed by the owner and submitted by anyone sets the allowance, which the spender then uses", async () => {
    const { token, grid, centre, others, deadline, at } = await funded();
    const sig = await signPermit({ owner: grid, spender: centre.address, value: 2_500n, nonce: 0n, deadline, verifyingContract: at });
    const relayer = others[0]; // not a member: submitting a permit needs no role
    await expect(token.connect(relayer).permit(grid.address, centre.address, 2_500n, deadline, sig.v, sig.r, sig.s))
      .to.emit(token, "Approval")
      .withArgs(grid.address, centre.address, 2_500n);
    expect(await token.allowance(grid.address, centre.address)).to.equal(2_500n);
    expect(await token.nonces(grid.address)).to.equal(1n);
    await expect(token.connect(centre).transferFrom(grid.address, centre.address, 2_500n))
      .to.emit(token, "Transfer")
      .withArgs(grid.address, centre.address, 2_500n);
    expect(await token.balanceOf(centre.address)).to.equal(2_500n);
    expect(await token.allowance(grid.address, centre.address)).to.equal(0n);
  });

  it("[TOK-09] a permit cannot be replayed (ERC2612InvalidSigner: the nonce has moved on)", async () => {
    const { token, grid, centre, deadline, at } = await funded();
    const sig = await signPermit({ owner: grid, spender: centre.address, value: 1_000n, nonce: 0n, deadline, verifyingContract: at });
    await token.permit(grid.address, centre.address, 1_000n, deadline, sig.v, sig.r, sig.s);
    await token.connect(centre).transferFrom(grid.address, centre.address, 1_000n);
    await expect(token.permit(grid.address, centre.address, 1_000n, deadline, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
      .withArgs(anyValue, grid.address);
    expect(await token.allowance(grid.address, centre.address)).to.equal(0n);
    expect(await token.nonces(grid.address)).to.equal(1n);
  });

  it("[TOK-09] a permit past its deadline is refused (ERC2612ExpiredSignature)", async () => {
    const { token, grid, centre, deadline, at } = await funded();
    const sig = await signPermit({ owner: grid, spender: centre.address, value: 1n, nonce: 0n, deadline, verifyingContract: at });
    await networkHelpers.time.increaseTo(deadline + 1n);
    await expect(token.permit(grid.address, centre.address, 1n, deadline, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
      .withArgs(deadline);
  });

  it("[TOK-09] a permit signed for another chain id is refused (ERC2612InvalidSigner)", async () => {
    const { token, grid, centre, deadline, at } = await funded();
    const { chainId } = await ethers.provider.getNetwork();
    const sig = await signPermit({
      owner: grid,
      spender: centre.address,
      value: 1n,
      nonce: 0n,
      deadline,
      verifyingContract: at,
      chainId: chainId + 1n,
    });
    await expect(token.permit(grid.address, centre.address, 1n, deadline, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
      .withArgs(anyValue, grid.address);
  });

  it("[TOK-09] a permit signed for another token (same name, other address) is refused (ERC2612InvalidSigner)", async () => {
    const { consortium, token, grid, centre, deadline, at } = await funded();
    const twin = await ethers.deployContract("SettlementToken", [await consortium.getAddress(), "Consortium Yuan", "CNYC"]);
    const sig = await signPermit({
      owner: grid,
      spender: centre.address,
      value: 1n,
      nonce: 0n,
      deadline,
      verifyingContract: await twin.getAddress(),
    });
    await expect(token.permit(grid.address, centre.address, 1n, deadline, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
      .withArgs(anyValue, grid.address);
    // And the other way round: a permit for this token does nothing on the twin.
    const mine = await signPermit({ owner: grid, spender: centre.address, value: 1n, nonce: 0n, deadline, verifyingContract: at });
    await expect(twin.permit(grid.address, centre.address, 1n, deadline, mine.v, mine.r, mine.s))
      .to.be.revertedWithCustomError(twin, "ERC2612InvalidSigner")
      .withArgs(anyValue, grid.address);
  });

  it("[TOK-09] a permit whose fields were altered, or signed by someone else, is refused (ERC2612InvalidSigner)", async () => {
    const { token, grid, centre, others, deadline, at } = await funded();
    const sig = await signPermit({ owner: grid, spender: centre.address, value: 1n, nonce: 0n, deadline, verifyingContract: at });
    await expect(token.permit(grid.address, centre.address, 2n, deadline, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
      .withArgs(anyValue, grid.address);
    await expect(token.permit(grid.address, others[0].address, 1n, deadline, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
      .withArgs(anyValue, grid.address);
    const forged = await signPermit({
      owner: grid,
      signer: others[0],
      spender: centre.address,
      value: 1n,
      nonce: 0n,
      deadline,
      verifyingContract: at,
    });
    await expect(token.permit(grid.address, centre.address, 1n, deadline, forged.v, forged.r, forged.s))
      .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
      .withArgs(others[0].address, grid.address);
  });

  it("[TOK-09][TOK-06] a permit only approves: the movement it allows is still checked for membership", async () => {
    const { consortium, token, grid, bank, centre, regulator, deadline, at } = await funded();
    const sig = await signPermit({ owner: grid, spender: bank.address, value: 10n, nonce: 0n, deadline, verifyingContract: at });
    await token.permit(grid.address, bank.address, 10n, deadline, sig.v, sig.r, sig.s);
    await passProposal(consortium, [grid, bank, regulator], "SuspendMember", [CENTRE]);
    await expect(token.connect(bank).transferFrom(grid.address, centre.address, 10n))
      .to.be.revertedWithCustomError(token, "NotMemberAccount")
      .withArgs(centre.address);
    await expect(token.connect(bank).transferFrom(grid.address, bank.address, 10n)).to.emit(token, "Transfer");
  });
});
