import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import { Vote, fixture, passDeadline, propose, vote, waitUntilReady } from "../kit/consortium.js";

describe("access: electorate and role ids", () => {
  it("[ACC-38] a member admitted after a proposal was made cannot vote on it, but votes on later ones", async () => {
    const { consortium, grid, bank, centre, others } = await fixture();
    const newcomer = others[0];
    const admit = await propose(consortium, grid, "AdmitMember", ["Solar Co", newcomer.address, 1]);
    await vote(consortium, admit, [grid, bank, centre]);
    await passDeadline(consortium, admit); // admission passed, waiting for its delay
    const before = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.FUNDER]);
    await waitUntilReady(consortium, admit);
    await consortium.execute(admit);
    const newcomerId = await consortium.memberOf(newcomer.address);

    expect(await consortium.state(before)).to.equal(1n); // still Active
    await expect(consortium.connect(newcomer).castVote(before, Vote.For))
      .to.be.revertedWithCustomError(consortium, "JoinedAfterProposal")
      .withArgs(before, newcomerId);

    const after = await propose(consortium, grid, "GrantRole", [centre.address, ROLES.AUDITOR]);
    await expect(consortium.connect(newcomer).castVote(after, Vote.For))
      .to.emit(consortium, "VoteCast")
      .withArgs(after, newcomerId, newcomer.address, Vote.For, 1);
  });

  it("[ACC-39] a module answers hasRole only for role ids: module bits and the freeze flag are never roles", async () => {
    const { token, grid, regulator } = await fixture();
    await token.connect(regulator).freeze(grid.address, "investigation");
    expect(await token.isFrozen(grid.address)).to.equal(true);
    expect(await token.hasRole(grid.address, 255)).to.equal(false);
    expect(await token.hasRole(grid.address, 128)).to.equal(false);
    expect(await token.hasRole(grid.address, ROLES.MEMBER)).to.equal(false);
    await token.connect(regulator).unfreeze(grid.address, "cleared");
    expect(await token.hasRole(grid.address, ROLES.MEMBER)).to.equal(true);
    expect(await token.hasRole(grid.address, 255)).to.equal(false);
  });
});
