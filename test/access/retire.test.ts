import { expect } from "chai";
import { REGULATOR, executeTx, moduleFixture, passProposal } from "../kit/consortium.js";

describe("access: an unregistered module fails closed", () => {
  it("[ACC-52] UnregisterModule retires the module in the same transaction: paused for good (Retirement, PauseChanged), its state-changing entry points refuse (ModulePaused)", async () => {
    const { consortium, dummy, grid, bank, centre } = await moduleFixture();
    const at = await dummy.getAddress();
    const c = await consortium.getAddress();
    await expect(executeTx(consortium, [grid, bank, centre], "UnregisterModule", [at]))
      .to.emit(dummy, "Retirement")
      .withArgs(c)
      .and.to.emit(dummy, "PauseChanged")
      .withArgs(true, c, "module unregistered");
    expect(await dummy.retired()).to.equal(true);
    expect(await dummy.paused()).to.equal(true);
    await expect(dummy.connect(grid).setValue(1n)).to.be.revertedWithCustomError(dummy, "ModulePaused");
  });

  it("[ACC-52] a stale REGULATOR can neither unpause nor pause, freeze or unfreeze a retired module (Retired); a member suspended afterwards gets nothing back from it", async () => {
    const { consortium, dummy, grid, bank, centre, regulator } = await moduleFixture();
    const at = await dummy.getAddress();
    // Paused before unregistering: it stays paused, and retirement does not pause twice.
    await dummy.connect(regulator).pause("incident");
    await expect(executeTx(consortium, [grid, bank, centre], "UnregisterModule", [at]))
      .to.emit(dummy, "Retirement")
      .and.not.to.emit(dummy, "PauseChanged");
    expect(await dummy.hasRole(regulator.address, 13)).to.equal(true); // the stale copy
    await expect(dummy.connect(regulator).unpause("back")).to.be.revertedWithCustomError(dummy, "Retired");
    await expect(dummy.connect(regulator).pause("again")).to.be.revertedWithCustomError(dummy, "Retired");
    await expect(dummy.connect(regulator).freeze(grid.address, "x")).to.be.revertedWithCustomError(dummy, "Retired");
    await passProposal(consortium, [grid, bank, centre], "SuspendMember", [REGULATOR]);
    await expect(dummy.connect(regulator).unpause("still")).to.be.revertedWithCustomError(dummy, "Retired");
    expect(await dummy.paused()).to.equal(true);
  });

  it("[ACC-52] only the consortium retires a module (NotConsortium)", async () => {
    const { consortium, dummy, grid, bank, centre, regulator } = await moduleFixture();
    await expect(dummy.connect(regulator).retire()).to.be.revertedWithCustomError(dummy, "NotConsortium").withArgs(regulator.address);
    await executeTx(consortium, [grid, bank, centre], "UnregisterModule", [await dummy.getAddress()]);
    expect(await dummy.retired()).to.equal(true);
  });
});
