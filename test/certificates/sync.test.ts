import { expect } from "chai";
import { certFixture } from "../kit/certificates.js";
import { ok } from "../kit/inprocess.js";

// access:sync compares only what the consortium pushes (bits 0..127 of the access word): a
// module's own flags (bits 128..254, e.g. an issuer key's enrolment) are not staleness.
describe("certificates: access:sync on a module with its own flags", function () {
  this.timeout(60_000);

  it("[TASK-13] an enrolled issuer key (module flags set) is in sync: nothing is sent", async () => {
    const f = await certFixture();
    const module = await f.registry.getAddress();
    expect(await f.registry.accessWord(f.uniClerk.address)).to.be.greaterThan((1n << 128n) - 1n);
    const r = await ok("access:sync", { consortium: await f.consortium.getAddress(), module, json: true });
    expect(JSON.parse(r.stdout.join("\n"))).to.include({ synced: 0 });
  });
});
