import { expect } from "chai";
import { network } from "hardhat";
import EnergyModule from "../../deploy/modules/Energy.js";
import { parseGenesis } from "../../lib/access/genesis.js";
import { ROLES } from "../../lib/access/roles.js";
import { DEFAULT_TIME_GRID } from "../../lib/energy/deployment.js";
import { UserError } from "../../lib/core/errors.js";
import { energyFixture, ethers, networkHelpers } from "../kit/energy.js";
import { ok } from "../kit/inprocess.js";
import { readFileSync } from "node:fs";

const hardhatJson = () => JSON.parse(readFileSync("deploy/parameters/hardhat.json", "utf8"));

function refusal(json: unknown): string {
  try {
    parseGenesis(json, "x.json");
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  throw new Error("accepted");
}

describe("energy: deployment", function () {
  this.timeout(120_000);

  it("[ENG-27] the Ignition module deploys EnergyMeters on an existing consortium with its time grid", async () => {
    const { consortium } = await energyFixture();
    const connection = await network.getOrCreate();
    const c = await consortium.getAddress();
    const { meters } = await connection.ignition.deploy(EnergyModule, { parameters: { Energy: { consortium: c, epoch: 1_700_000_000, intervalSeconds: 300 } } });
    expect(await meters.consortium()).to.equal(c);
    expect([await meters.epoch(), await meters.intervalSeconds(), await meters.intervalsPerPeriod()]).to.deep.equal([1_700_000_000n, 300n, BigInt(DEFAULT_TIME_GRID.intervalsPerPeriod)]);
    // Not registered yet: it fails closed until a vote registers it and access:sync fills it.
    expect(await meters.hasRole((await ethers.getSigners())[1]!.address, ROLES.METER_OPERATOR)).to.equal(false);
  });

  it("[ENG-26] the genesis deploys EnergyMeters as a genesis module with the file's time grid and market roles; the market tasks find it", async () => {
    // localhost.json: the file of the README walk-through, with the grid's market roles.
    const deployed = async () => (await ok("deploy", { parameters: "deploy/parameters/localhost.json", json: true })).value as { contracts: Record<string, string> };
    const { contracts } = await networkHelpers.loadFixture(deployed);
    const meters = await ethers.getContractAt("EnergyMeters", contracts.EnergyMeters!);
    expect([await meters.epoch(), await meters.intervalSeconds(), await meters.intervalsPerPeriod()]).to.deep.equal([1_767_225_600n, 900n, 96n]);
    expect(await meters.hasRole("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", ROLES.METER_OPERATOR)).to.equal(true);
    expect(await meters.hasRole("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", ROLES.SETTLEMENT_AGENT)).to.equal(true);
    const r = await ok("market:register", { role: "CONSUMER", from: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955", json: true });
    expect(r.value).to.include({ member: 5, role: "CONSUMER" });
  });

  it("[ENG-26] the genesis file's energy section: defaults, ISO or unix epoch, durations; bad values are one line", () => {
    const none = hardhatJson();
    delete none.energy;
    expect(parseGenesis(none, "x.json").energy).to.deep.equal(DEFAULT_TIME_GRID);
    expect(parseGenesis({ ...hardhatJson(), energy: { epoch: 1_800_000_000, interval: "1h", intervalsPerPeriod: 24 } }, "x.json").energy).to.deep.equal({ epoch: 1_800_000_000, intervalSeconds: 3600, intervalsPerPeriod: 24 });
    expect(refusal({ ...hardhatJson(), energy: { epoch: "2026-01-01" } })).to.match(/^x\.json: energy\.epoch: "2026-01-01" is not unix seconds or an ISO date-time with its zone/);
    expect(refusal({ ...hardhatJson(), energy: { interval: "soon" } })).to.match(/^x\.json: energy\.interval: "soon" is not a duration/);
    expect(refusal({ ...hardhatJson(), energy: { intervalsPerPeriod: 0 } })).to.match(/^x\.json: energy\.intervalsPerPeriod: must be at least 1/);
    expect(refusal({ ...hardhatJson(), energy: { period: 1 } })).to.equal("x.json: energy.period: unknown field (allowed here: epoch, interval, intervalsPerPeriod)");
  });
});
