import { expect } from "chai";
import { encodeBytes32String } from "ethers";
import { executeTx, fixture } from "../kit/consortium.js";
import { ROLES } from "../../lib/access/roles.js";

// Policy answer of issue 10 item 7 on the token side (docs/requirements/policy.md).

describe("policy: token", () => {
  it("[POL-05] deposit and redemption references are one consortium-wide namespace: a second issuer cannot reuse the first's, and the first use names its issuer", async () => {
    const { consortium, token, bank, grid, centre, regulator } = await fixture();
    await executeTx(consortium, [grid, bank, regulator], "GrantRole", [centre.address, ROLES.TOKEN_ISSUER]);
    expect(await token.hasRole(centre.address, ROLES.TOKEN_ISSUER)).to.equal(true);

    const ref = encodeBytes32String("BON-DEP-2026-0001");
    await expect(token.connect(bank).mint(grid.address, 500n, ref)).to.emit(token, "Minted").withArgs(grid.address, 500n, ref, bank.address);
    // The second issuer can neither mint against the same deposit nor redeem under its reference.
    await expect(token.connect(centre).mint(centre.address, 500n, ref)).to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed").withArgs(ref);
    await token.connect(bank).mint(centre.address, 10n, encodeBytes32String("BON-DEP-2026-0002"));
    await expect(token.connect(centre).burn(10n, ref)).to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed").withArgs(ref);
    // And first use wins the other way too: whoever uses a reference first owns it, on record.
    const other = encodeBytes32String("JPTC-DEP-2026-0001");
    await token.connect(centre).mint(grid.address, 7n, other);
    await expect(token.connect(bank).mint(grid.address, 7n, other)).to.be.revertedWithCustomError(token, "ReferenceAlreadyUsed").withArgs(other);
    const [first] = await token.queryFilter(token.filters.Minted(undefined, undefined, other));
    expect(first!.args.issuer).to.equal(centre.address);
    expect(await token.totalSupply()).to.equal(517n);
  });
});
