import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet } from "ethers";
import { ROLES } from "../../lib/access/roles.js";
import { readingsToCsv, readingsToJson, sampleMeter, sampleReadings } from "../../lib/energy/index.js";
import { executeTx } from "../kit/consortium.js";
import { energyFixture, ethers, GENERATOR, SEED, sign, reading, TEST_GRID, type EnergyFixture } from "../kit/energy.js";
import { fails, ok } from "../kit/inprocess.js";

// The market:* tasks run in-process, as the CLI runs them.

describe("energy: market:* tasks", function () {
  this.timeout(120_000);
  let dir: string;
  let f: EnergyFixture;
  let meters: string;
  const blocks = () => ethers.provider.getBlockNumber();

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "energy-tasks-"));
    f = await energyFixture();
    meters = await f.meters.getAddress();
  });

  function write(name: string, text: string): string {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  }

  it("[ENG-22] market:register registers a trading role the sender holds; a non-trading role or a role twice is one line, nothing sent", async () => {
    const voters = [f.grid, f.centre, f.regulator, f.generator, f.retailer, f.consumer, f.meteringCo];
    await executeTx(f.consortium, voters, "GrantRole", [f.generator.address, ROLES.RETAILER]);
    const r = await ok("market:register", { role: "retailer", meters, from: f.generator.address, json: true });
    expect(r.value).to.include({ member: Number(GENERATOR), role: "RETAILER" });
    const before = await blocks();
    expect(await fails("market:register", { role: "retailer", meters, from: f.generator.address })).to.equal(`member ${GENERATOR} is already registered in the market as RETAILER; nothing was sent`);
    expect(await fails("market:register", { role: "REGULATOR", meters, from: f.regulator.address })).to.match(/^--role: "REGULATOR" is not a trading role \(GENERATOR, RETAILER, CONSUMER\)/);
    expect(await fails("market:register", { role: "CONSUMER", meters, from: f.generator.address })).to.equal(`${f.generator.address} does not hold CONSUMER in the energy market (or is frozen there); nothing was sent`);
    expect(await blocks()).to.equal(before);
  });

  it("[ENG-22] market:meter:add, :rotate, :revoke and market:meter, with their refusals before sending", async () => {
    const key = Wallet.createRandom().address;
    const added = await ok("market:meter:add", { id: "5", owner: "4", key, meters, from: f.grid.address, json: true });
    expect(added.value).to.include({ meterId: 5, owner: 4, operator: 1, key });
    const before = await blocks();
    expect(await fails("market:meter:add", { id: "5", owner: "4", key: Wallet.createRandom().address, meters, from: f.grid.address })).to.equal("meter 5 is already registered (by member 1); meter ids are never reused; nothing was sent");
    expect(await fails("market:meter:add", { id: "6", owner: "7", key: Wallet.createRandom().address, meters, from: f.grid.address })).to.equal("--owner: member 7 is not registered in the market (market:register first); nothing was sent");
    expect(await fails("market:meter:add", { id: "6", owner: "4", key, meters, from: f.grid.address })).to.equal(`--key: ${key} is or was the key of meter 5: a key serves one meter, once; nothing was sent`);
    expect(await fails("market:meter:add", { id: "0", owner: "4", key, meters, from: f.grid.address })).to.equal('--id: "0" is not a meter id (1..4294967295)');
    expect(await fails("market:meter:add", { id: "6", owner: "4", key: "0x12", meters, from: f.grid.address })).to.match(/^--key: "0x12" is not/);
    expect(await fails("market:meter:add", { id: "6", owner: "4", key: Wallet.createRandom().address, meters, from: f.generator.address })).to.equal(`${f.generator.address} does not hold METER_OPERATOR in the energy market (or is frozen there); nothing was sent`);
    expect(await fails("market:meter:rotate", { id: "5", key: Wallet.createRandom().address, meters, from: f.meteringCo.address })).to.equal(`meter 5 belongs to operator member 1, not to ${f.meteringCo.address}'s member 7; nothing was sent`);
    expect(await fails("market:meter:revoke", { id: "5", meters, from: f.grid.address })).to.match(/^--reason is required/);
    expect(await fails("market:meter:rotate", { id: "8", key: Wallet.createRandom().address, meters, from: f.grid.address })).to.equal("meter 8 is not registered; nothing was sent");
    expect(await blocks()).to.equal(before);

    const newKey = Wallet.createRandom().address;
    const rotated = await ok("market:meter:rotate", { id: "5", key: newKey, meters, from: f.concentrator.address, json: true });
    expect(rotated.value).to.include({ oldKey: key, newKey });
    expect(await fails("market:meter:rotate", { id: "5", key, meters, from: f.grid.address })).to.equal(`--key: ${key} is or was the key of meter 5: a key serves one meter, once; nothing was sent`);
    await ok("market:meter:revoke", { id: "5", reason: "replaced", meters, from: f.grid.address });
    expect(await fails("market:meter:revoke", { id: "5", reason: "again", meters, from: f.grid.address })).to.equal("meter 5 was revoked: it takes no change any more; nothing was sent");
    const shown = await ok("market:meter", { id: "5", meters, json: true });
    expect(shown.value).to.deep.include({ meterId: 5, status: "Revoked", owner: 4, operatorMember: 1, key: ethers.ZeroAddress, lastReading: null });
    expect(await fails("market:meter", { id: "9", meters })).to.equal("meter 9 is not registered");
  });

  it("[ENG-23] market:readings:submit names the first bad line of a file and sends nothing", async () => {
    const good = sign(f, f.m1, reading(f.m1, f.baseInterval, 10n));
    const csv = write("bad.csv", ["meterId,interval,cumulativeWh,timestamp,signature", `1,${f.baseInterval},10,${good.timestamp},${good.signature}`, `1,${f.baseInterval + 1},-5,${good.timestamp},${good.signature}`].join("\n"));
    const before = await blocks();
    expect(await fails("market:readings:submit", { file: csv, meters, from: f.concentrator.address })).to.equal(`${csv}: line 3: cumulativeWh "-5" is not a whole number; nothing was sent`);
    const json = write("bad.json", `{\n  "readings": [\n    {"meterId": 1, "interval": 5, "cumulativeWh": "1", "timestamp": 1, "signature": "${good.signature}"},\n    {"meterId": 1, "interval": 6}\n  ]\n}\n`);
    expect(await fails("market:readings:submit", { file: json, meters, from: f.concentrator.address })).to.equal(`${json}: line 4: cumulativeWh is missing; nothing was sent`);
    expect(await fails("market:readings:submit", { file: path.join(dir, "none.csv"), meters, from: f.concentrator.address })).to.match(/^--file: cannot read/);
    const fine = write("fine.csv", readingsToCsv([good]));
    expect(await fails("market:readings:submit", { file: fine, chunk: "501", meters, from: f.concentrator.address })).to.equal("--chunk: 501 is above 500 readings per transaction");
    expect(await blocks()).to.equal(before);
  });

  it("[ENG-24] market:readings:submit sends in chunks, reports refusals by line, and a re-run resumes from its journal", async () => {
    const m1 = f.m1;
    const i = f.baseInterval;
    const samples = sampleReadings(SEED, f.domain, TEST_GRID, [m1, f.m2], { fromInterval: i, count: 3 }); // 6 readings
    const intruder = sign(f, sampleMeter(SEED, 2), reading(m1, i + 3, 10n ** 12n)); // meter 2's key for meter 1
    const all = [...samples, samples[0]!, intruder]; // line 8: a replay (out of order by then), line 9: a foreign key
    const file = write("day.csv", readingsToCsv(all));
    const journal = path.join(dir, "day.journal.json");
    const first = await ok("market:readings:submit", { file, chunk: "3", journal, meters, from: f.concentrator.address, json: true });
    expect(first.value).to.deep.include({ readings: 8, chunks: 3, chunksDone: 3, accepted: 6, resumed: false, sentNow: 8 });
    expect(first.value.refused).to.deep.equal([
      { line: 8, meterId: 1, interval: i, reason: "OutOfOrder" },
      { line: 9, meterId: 1, interval: i + 3, reason: "ForeignKey" },
    ]);
    expect(await f.meters.lastReading(2)).to.deep.equal([true, BigInt(i + 2), samples[5]!.cumulativeWh]);

    // A re-run finds everything landed: nothing is sent again.
    const before = await blocks();
    const again = await ok("market:readings:submit", { file, chunk: "3", journal, meters, from: f.concentrator.address, json: true });
    expect(again.value).to.deep.include({ resumed: true, sentNow: 0, accepted: 6 });
    expect(await blocks()).to.equal(before);

    // An interrupted run: the journal says the last chunk was never sent.
    const j = JSON.parse(readFileSync(journal, "utf8"));
    j.chunks[2] = { ...j.chunks[2], tx: null, done: false, accepted: 0, refused: [] };
    writeFileSync(journal, JSON.stringify(j));
    const resumed = await ok("market:readings:submit", { file, chunk: "3", journal, meters, from: f.concentrator.address });
    expect(resumed.stdout[0]).to.equal(`${file}: 8 readings in 3 transaction(s); accepted 6, refused 2 (resumed from ${journal})`);
    expect(resumed.stdout).to.include("refused line 9: meter 1 interval " + (i + 3) + ": ForeignKey");
    expect(await blocks()).to.equal(before + 1);

    // The same journal for another file, or other chunking, is refused.
    const other = write("other.json", readingsToJson(samples.slice(0, 2)));
    expect(await fails("market:readings:submit", { file: other, journal, meters, from: f.concentrator.address })).to.equal(`${journal} belongs to another submission (other file content, contract, chain or --chunk); pass another --journal; nothing was sent`);
    const json = await ok("market:readings:submit", { file: other, journal: path.join(dir, "other.journal.json"), meters, from: f.concentrator.address, json: true });
    expect(json.value.refused.map((r: { reason: string }) => r.reason)).to.deep.equal(["OutOfOrder", "OutOfOrder"]);
  });
});
