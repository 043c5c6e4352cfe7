import { expect } from "chai";
import hre from "hardhat";
import { ROLES } from "../../lib/access/roles.js";
import { DEFAULT_RULES, deployConsortium, ethers, networkHelpers, passProposal, addAndAccept } from "../kit/consortium.js";

/** GuardedCounter registered by vote, one fresh account granted METER_OPERATOR by vote. */
async function deployMetered() {
  const f = await deployConsortium(DEFAULT_RULES);
  const { consortium, grid, bank, centre, others } = f;
  const counter = await ethers.deployContract("GuardedCounter", [await consortium.getAddress()]);
  await passProposal(consortium, [grid, bank, centre], "RegisterModule", [await counter.getAddress()]);
  const meter = others[10];
  const plain = others[11];
  await addAndAccept(consortium, grid, meter.address, false);
  await passProposal(consortium, [grid, bank, centre], "GrantRole", [meter.address, ROLES.METER_OPERATOR]);
  return { ...f, counter, meter, plain };
}

async function gasUsed(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("not mined");
  return receipt.gasUsed;
}

describe("access: cost of the access check", () => {
  it("[ACC-36] the role check adds at most 2,500 gas to a hot-path call (guarded vs unguarded, both cold)", async function () {
    // Coverage instruments the contracts and so changes their gas; the bound holds for the real build.
    if (hre.globalOptions.coverage === true) this.skip();
    const { consortium, counter, meter, plain } = await networkHelpers.loadFixture(deployMetered);
    expect(await counter.hasRole(meter.address, ROLES.METER_OPERATOR)).to.equal(true);
    // Both senders have never written to the counter: same cold, zero-to-non-zero storage write.
    expect(await counter.readings(meter.address)).to.equal(0n);
    expect(await counter.readings(plain.address)).to.equal(0n);
    const guarded = await gasUsed(counter.connect(meter).recordGuarded(4242n));
    const unguarded = await gasUsed(counter.connect(plain).recordUnguarded(4242n));
    expect(await counter.readings(meter.address)).to.equal(4242n);
    expect(await counter.readings(plain.address)).to.equal(4242n);
    const overhead = guarded - unguarded;
    expect(overhead).to.be.greaterThan(0n);
    expect(overhead, `guarded ${guarded} - unguarded ${unguarded}`).to.be.lessThanOrEqual(2_500n);
    // The check is local: no call into the consortium is made on the hot path.
    expect(await consortium.hasRole(meter.address, ROLES.METER_OPERATOR)).to.equal(true);
  });

  it("[ACC-36][ACC-35][ACC-32] the guarded call refuses an account without the role or frozen in the module", async () => {
    const { consortium, counter, meter, plain, regulator } = await networkHelpers.loadFixture(deployMetered);
    await expect(counter.connect(plain).recordGuarded(1n))
      .to.be.revertedWithCustomError(counter, "AccessDenied")
      .withArgs(plain.address, ROLES.METER_OPERATOR);
    // Registered by vote, the counter knows the regulator only once its word is synced.
    const at = await counter.getAddress();
    await expect(counter.connect(regulator).freeze(meter.address, "x"))
      .to.be.revertedWithCustomError(counter, "AccessDenied")
      .withArgs(regulator.address, ROLES.REGULATOR);
    await consortium.syncAccess(at, [regulator.address]);
    await counter.connect(regulator).freeze(meter.address, "meter tampering");
    await expect(counter.connect(meter).recordGuarded(1n))
      .to.be.revertedWithCustomError(counter, "AccessDenied")
      .withArgs(meter.address, ROLES.METER_OPERATOR);
  });
});
