import { expect } from "chai";
import { ROLES } from "../../lib/access/roles.js";
import { DEFAULT_RULES, deployConsortium, ethers } from "./consortium.js";

// The kit itself: a system's fixture relies on these registrations, so a change in the kit that
// broke them would show here first rather than as a puzzling failure in that system's tests.
describe("test kit: a consortium with any set of modules", () => {
  it("[ACC-21][ACC-30] registers a system's modules at genesis (after the token) or by vote, in the order given", async () => {
    const f = await deployConsortium(DEFAULT_RULES, {
      modules: async ({ consortium }) => ({
        first: await ethers.deployContract("DummyModule", [consortium]),
        second: await ethers.deployContract("DummyModule", [consortium]),
        voted: await ethers.deployContract("DummyModule", [consortium]),
      }),
      genesisModules: ["second", "first"],
      votedModules: ["voted"],
    });
    const at = async (name: "first" | "second" | "voted") => f.modules[name].getAddress();
    expect(await f.consortium.modules()).to.deep.equal([await f.token.getAddress(), await at("second"), await at("first"), await at("voted")]);
    // Registered at genesis: the mirror was filled then; by vote: it starts empty (ACC-32).
    expect(await f.modules.first.hasRole(f.regulator.address, ROLES.REGULATOR)).to.equal(true);
    expect(await f.modules.voted.accessWord(f.regulator.address)).to.equal(0n);
  });
});
