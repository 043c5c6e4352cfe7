import { expect } from "chai";
import { ROLES } from "../../lib/roles.js";
import { fixture, passProposal } from "../helpers/consortium.js";

describe("smoke", () => {
  it("admits a member by vote and moves the token", async () => {
    const { consortium, token, grid, bank, centre, others } = await fixture();
    const newcomer = others[0];
    await passProposal(consortium, [grid, bank, centre], "AdmitMember", ["Solar Co", newcomer.address, 1]);
    expect(await consortium.memberOf(newcomer.address)).to.equal(5n);
    expect(await token.hasRole(newcomer.address, ROLES.MEMBER)).to.equal(true);
    await token.connect(bank).mint(grid.address, 10_000n, "0x" + "11".repeat(32));
    const tx = await token.connect(grid).transfer(newcomer.address, 2_500n);
    const r = await tx.wait();
    console.log("transfer gas", r?.gasUsed);
    expect(await token.balanceOf(newcomer.address)).to.equal(2_500n);
    await expect(token.connect(grid).transfer(others[1].address, 1n)).to.be.revertedWithCustomError(token, "NotMemberAccount").withArgs(others[1].address);
  });
});
