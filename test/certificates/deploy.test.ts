import { expect } from "chai";
import { network } from "hardhat";
import CertificatesModule from "../../deploy/modules/Certificates.js";
import { certFixture } from "../kit/certificates.js";

describe("certificates: deployment", () => {
  it("[CERT-29] the Ignition module deploys the four contracts on an existing consortium, each governed by it", async () => {
    const { consortium } = await certFixture();
    const connection = await network.getOrCreate();
    const c = await consortium.getAddress();
    const { registry, grants, points, assessment } = await connection.ignition.deploy(CertificatesModule, {
      parameters: { Certificates: { consortium: c } },
    });
    for (const m of [registry, grants, points, assessment]) expect(await m.consortium()).to.equal(c);
    expect(await grants.registry()).to.equal(await registry.getAddress());
    expect(await points.registry()).to.equal(await registry.getAddress());
    expect(await points.grants()).to.equal(await grants.getAddress());
    expect(await assessment.registry()).to.equal(await registry.getAddress());
  });
});
