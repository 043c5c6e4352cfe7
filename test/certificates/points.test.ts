import { expect } from "chai";
import {
  BANK,
  certFixture,
  CIVIL,
  DAY,
  DEGREE,
  EARN_RATE,
  ethers,
  governanceCall,
  issueBatch,
  issueOne,
  LICENCE,
  LICENSING,
  MARRIAGE,
  networkHelpers,
  now,
  QUERY_COST,
  UNIVERSITY,
  type CertFixture,
} from "../kit/certificates.js";
import { placementOf, STORED_PLACEMENT } from "../../lib/certificates/index.js";

async function conserved(f: CertFixture) {
  const { points } = f;
  const members = await points.members();
  let sum = 0n;
  for (const m of members) {
    const [bal, earned, spent] = [await points.balanceOf(m), await points.earnedBy(m), await points.spentBy(m)];
    expect(bal, `member ${m}`).to.equal(earned - spent);
    sum += bal;
  }
  expect(sum).to.equal((await points.totalEarned()) - (await points.totalSpent()));
  expect(await points.totalBalance()).to.equal(sum);
}

describe("certificates: data-sharing points", () => {
  // CERT-60 changed this rule: a batch leaf earns with its proven receipt, not by the batch's declared count.
  it("[CERT-22] [CERT-61] a member earns the governance rate once per contributed certificate; a batch leaf counts with its receipt", async () => {
    const f = await certFixture();
    const { points, registry, civilClerk, uniClerk, outsider } = f;
    const a = await issueOne(registry, civilClerk, MARRIAGE);
    const b = await issueOne(registry, civilClerk, MARRIAGE);
    const { receipt } = await issueBatch(registry, uniClerk, DEGREE, 40);
    const leaves = Array.from({ length: 40 }, (_, i) => receipt(i));
    const ids = [a.cert.id, b.cert.id, ...leaves.map((r) => r.certificateId)];
    const placements = [STORED_PLACEMENT, STORED_PLACEMENT, ...leaves.map(placementOf)];
    await expect(points.connect(outsider).claimContributions(ids, placements))
      .to.emit(points, "PointsEarned")
      .withArgs(1n, CIVIL, 2n * EARN_RATE, 2n, "contribution")
      .and.to.emit(points, "PointsEarned")
      .withArgs(2n, UNIVERSITY, 40n * EARN_RATE, 40n, "contribution")
      .and.to.emit(registry, "ContributionCredited")
      .withArgs(leaves[7].certificateId, UNIVERSITY, 1n);
    expect(await points.balanceOf(CIVIL)).to.equal(2n * EARN_RATE);
    expect(await points.balanceOf(UNIVERSITY)).to.equal(40n * EARN_RATE);
    await expect(points.claimContributions([a.cert.id], [])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(a.cert.id);
    const l = leaves[3];
    await expect(points.claimContributions([l.certificateId], [placementOf(l)])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(l.certificateId);
    await expect(points.claimContributions([], [])).to.be.revertedWithCustomError(points, "NothingToClaim");
    await expect(points.claimContributions([a.cert.id, b.cert.id], [STORED_PLACEMENT]))
      .to.be.revertedWithCustomError(registry, "PlacementsMismatch")
      .withArgs(2n, 1n);
    await conserved(f);
  });

  it("[CERT-22] revoked or unknown certificates earn nothing; only the ledger marks contributions", async () => {
    const f = await certFixture();
    const { points, registry, civilClerk, outsider } = f;
    const a = await issueOne(registry, civilClerk, MARRIAGE);
    await registry.connect(civilClerk).revoke(a.cert.id, 1);
    await expect(points.claimContributions([a.cert.id], [])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(a.cert.id);
    await expect(points.claimContributions([ethers.ZeroHash], [])).to.be.revertedWithCustomError(registry, "NotCreditable").withArgs(ethers.ZeroHash);
    await expect(registry.connect(outsider).markCredited([a.cert.id], [])).to.be.revertedWithCustomError(registry, "NotLedger").withArgs(outsider.address);
    await expect(registry.connect(outsider).setLedger(outsider.address)).to.be.revertedWithCustomError(registry, "NotOperator").withArgs(outsider.address);
  });

  it("[CERT-22] a detail query under a grant spends points of the querier's member when the certificate is another member's", async () => {
    const f = await certFixture();
    const { points, grants, registry, licClerk, bankAdmin, licAdmin } = f;
    const { cert } = await issueOne(registry, licClerk, LICENCE);
    await points.claimContributions([cert.id], []);
    await governanceCall(f, await points.getAddress(), points.interface.encodeFunctionData("allocate", [BANK, 5n, "start balance"]));
    const exp = BigInt((await now()) + 3 * DAY);
    await expect(points.connect(bankAdmin).recordQuery(cert.id, STORED_PLACEMENT)).to.be.revertedWithCustomError(grants, "NoGrant").withArgs(cert.id, bankAdmin.address);
    await grants.connect(licClerk).grantByIssuer(cert.id, STORED_PLACEMENT, bankAdmin.address, exp);
    await grants.connect(licClerk).grantByIssuer(cert.id, STORED_PLACEMENT, licAdmin.address, exp);
    await expect(points.connect(bankAdmin).recordQuery(cert.id, STORED_PLACEMENT))
      .to.emit(points, "PointsSpent")
      .withArgs(3n, BANK, QUERY_COST, cert.id, LICENSING)
      .and.to.emit(points, "DetailQueried")
      .withArgs(cert.id, bankAdmin.address, BANK, LICENSING, QUERY_COST);
    expect(await points.balanceOf(BANK)).to.equal(5n - QUERY_COST);
    await expect(points.connect(bankAdmin).recordQuery(cert.id, STORED_PLACEMENT))
      .to.be.revertedWithCustomError(points, "InsufficientPoints")
      .withArgs(BANK, 5n - QUERY_COST, QUERY_COST);
    // Its own member's certificate costs nothing.
    await expect(points.connect(licAdmin).recordQuery(cert.id, STORED_PLACEMENT)).to.emit(points, "DetailQueried").withArgs(cert.id, licAdmin.address, LICENSING, LICENSING, 0n);
    await networkHelpers.time.increaseTo(exp);
    await expect(points.connect(licAdmin).recordQuery(cert.id, STORED_PLACEMENT)).to.be.revertedWithCustomError(grants, "GrantExpired").withArgs(cert.id, licAdmin.address, exp);
    await conserved(f);
  });

  it("[CERT-22] queries need a member account; a batch certificate is queried with its receipt", async () => {
    const f = await certFixture();
    const { points, grants, registry, uniClerk, outsider, bankAdmin } = f;
    const { receipt } = await issueBatch(registry, uniClerk, DEGREE, 5);
    const r = receipt(2);
    await grants.connect(uniClerk).grantByIssuer(r.certificateId, placementOf(r), outsider.address, BigInt((await now()) + DAY));
    await expect(points.connect(outsider).recordQuery(r.certificateId, placementOf(r))).to.be.revertedWithCustomError(points, "NotMemberAccount").withArgs(outsider.address);
    await points.claimContributions([receipt(0).certificateId], [placementOf(receipt(0))]);
    await governanceCall(f, await points.getAddress(), points.interface.encodeFunctionData("allocate", [BANK, 10n, "start"]));
    await grants.connect(uniClerk).grantByIssuer(r.certificateId, placementOf(r), bankAdmin.address, BigInt((await now()) + DAY));
    await expect(points.connect(bankAdmin).recordQuery(r.certificateId, placementOf(r))).to.emit(points, "DetailQueried").withArgs(r.certificateId, bankAdmin.address, BANK, UNIVERSITY, QUERY_COST);
    await conserved(f);
  });

  it("[CERT-22] rates and allocations are governance's alone", async () => {
    const f = await certFixture();
    const { points, operator } = f;
    await expect(points.connect(operator).setRates(1, 1)).to.be.revertedWithCustomError(points, "NotConsortium").withArgs(operator.address);
    await expect(points.connect(operator).allocate(BANK, 1, "x")).to.be.revertedWithCustomError(points, "NotConsortium").withArgs(operator.address);
    await expect(governanceCall(f, await points.getAddress(), points.interface.encodeFunctionData("setRates", [20n, 7n])))
      .to.emit(points, "RatesChanged")
      .withArgs(20n, 7n);
    expect([await points.earnRate(), await points.queryCost()]).to.deep.equal([20n, 7n]);
    await expect(governanceCall(f, await points.getAddress(), points.interface.encodeFunctionData("allocate", [99, 1n, "x"])))
      .to.be.revertedWithCustomError(f.consortium, "ModuleCallFailed")
      .withArgs(await points.getAddress(), points.interface.encodeErrorResult("InvalidAllocation", [99, 1n]));
  });

  it("[CERT-23] points are conserved through a random sequence of contributions, allocations and queries", async () => {
    const f = await certFixture();
    const { points, grants, registry, civilClerk, uniClerk, licClerk, bankAdmin, civilAdmin, uniAdmin } = f;
    const clerks = [civilClerk, uniClerk, licClerk];
    const types = [MARRIAGE, DEGREE, LICENCE];
    const queriers = [bankAdmin, civilAdmin, uniAdmin];
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const issued: { id: string; clerk: number }[] = [];
    for (let step = 0; step < 40; step++) {
      const k = rnd(3);
      const action = rnd(4);
      if (action === 0 || issued.length === 0) {
        const { cert } = await issueOne(registry, clerks[k], types[k]);
        issued.push({ id: cert.id, clerk: k });
        await points.claimContributions([cert.id], []);
      } else if (action === 1) {
        const n = 1 + rnd(20);
        const { receipt } = await issueBatch(registry, clerks[k], types[k], n);
        const leaves = Array.from({ length: n }, (_, i) => receipt(i));
        await points.claimContributions(leaves.map((r) => r.certificateId), leaves.map(placementOf));
      } else {
        const c = issued[rnd(issued.length)];
        const q = queriers[rnd(3)];
        await grants.connect(clerks[c.clerk]).grantByIssuer(c.id, STORED_PLACEMENT, q.address, BigInt((await now()) + DAY));
        await points.connect(q).recordQuery(c.id, STORED_PLACEMENT).catch((e: Error) => {
          if (!String(e.message).includes("InsufficientPoints")) throw e;
        });
      }
      await conserved(f);
    }
    expect(await points.movementCount()).to.be.greaterThan(10n);
  });
});
