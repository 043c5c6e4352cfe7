import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Wallet } from "ethers";
import {
  decodeBatch,
  encodeBatch,
  inReadingWindow,
  intervalEnd,
  metersDomain,
  parseReadingsCsv,
  parseReadingsJson,
  readingsToCsv,
  readingsToJson,
  REFUSALS,
  METER_STATUSES,
  READING_TYPEHASH,
  ReadingsFileError,
  sampleMeters,
  sampleReadings,
  verifyReading,
} from "../../lib/energy/index.js";
import { TEST_GRID } from "../kit/energy.js";

// lib/energy on its own: batches, files, the sample generator, and its vocabulary held to the ABI.

const domain = metersDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const meters = sampleMeters("lib-test", 3, 11);
const readings = sampleReadings("lib-test", domain, TEST_GRID, meters, { fromInterval: 1_000, count: 4 });

function refusalOf(fn: () => unknown): ReadingsFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReadingsFileError) return e;
    throw e;
  }
  throw new Error("no refusal");
}

describe("energy: lib/energy", function () {
  it("[ENG-09] a packed batch decodes to the readings it was made of, 85 bytes each", () => {
    const hex = encodeBatch(readings);
    expect((hex.length - 2) / 2).to.equal(85 * readings.length);
    const back = decodeBatch(hex);
    expect(back.map((b) => [b.meterId, b.interval, b.cumulativeWh, b.timestamp])).to.deep.equal(readings.map((r) => [r.meterId, r.interval, r.cumulativeWh, r.timestamp]));
    expect(() => encodeBatch([])).to.throw(/1\.\.500/);
  });

  it("[ENG-25] sample meters and readings derive from the seed alone; registers rise, timestamps fall in their windows, signatures verify", () => {
    expect(sampleMeters("lib-test", 3, 11)).to.deep.equal(meters);
    expect(sampleMeters("other", 1, 11)[0]!.key).to.not.equal(meters[0]!.key);
    expect(sampleReadings("lib-test", domain, TEST_GRID, meters, { fromInterval: 1_002, count: 2 })).to.deep.equal(readings.slice(6));
    for (const m of meters) {
      const own = readings.filter((r) => r.meterId === m.meterId);
      for (let k = 1; k < own.length; k++) expect(own[k]!.cumulativeWh > own[k - 1]!.cumulativeWh).to.equal(true);
      for (const r of own) {
        expect(inReadingWindow(TEST_GRID, r.interval, r.timestamp)).to.equal(true);
        expect(verifyReading(domain, r, m.key)).to.equal(true);
        expect(verifyReading(domain, r, Wallet.createRandom().address)).to.equal(false);
      }
    }
    expect(inReadingWindow(TEST_GRID, 5, intervalEnd(TEST_GRID, 5) - 1)).to.equal(false);
  });

  it("[ENG-23] readings files round-trip as CSV and JSON", () => {
    const strip = (l: { line: number }[]) => l.map(({ line: _line, ...r }) => r);
    expect(strip(parseReadingsCsv(readingsToCsv(readings)))).to.deep.equal(readings);
    expect(strip(parseReadingsJson(readingsToJson(readings)))).to.deep.equal(readings);
    expect(parseReadingsCsv(readingsToCsv(readings)).map((r) => r.line)).to.deep.equal(readings.map((_, i) => i + 2));
  });

  it("[ENG-23] a bad line of a readings file is named with what is wrong", () => {
    const csv = readingsToCsv(readings).split("\n");
    const bad = (i: number, line: string) => refusalOf(() => parseReadingsCsv([...csv.slice(0, i), line, ...csv.slice(i + 1)].join("\n")));
    const sig = readings[0]!.signature;
    expect(bad(3, `12,1001,12x,${readings[1]!.timestamp},${sig}`)).to.include({ line: 4, problem: 'cumulativeWh "12x" is not a whole number' });
    expect(bad(2, `0,1001,1,1,${sig}`)).to.include({ line: 3, problem: "meterId 0 is no meter" });
    expect(bad(2, `1,1001,1,1`).problem).to.equal("4 fields, expected 5");
    expect(bad(2, `1,1001,1,1,0x1234`).problem).to.match(/^signature must be 0x and 130 hex digits/);
    expect(bad(2, `4294967296,1,1,1,${sig}`).problem).to.equal("meterId 4294967296 is above 4294967295");
    expect(bad(2, `1,1,18446744073709551616,1,${sig}`).problem).to.equal("cumulativeWh 18446744073709551616 is above 18446744073709551615");
    expect(bad(0, "meter,interval").line).to.equal(1);
    const json = readingsToJson(readings);
    const lines = json.split("\n");
    const k = lines.findIndex((l) => l.includes(`"interval": 1002`));
    lines[k] = lines[k]!.replace("1002", '"ten"');
    const e = refusalOf(() => parseReadingsJson(lines.join("\n")));
    // The element starts on the line of its "{", a few lines above the bad field.
    expect(e.problem).to.equal('interval "ten" is not a whole number');
    expect(e.line).to.be.within(k - 2, k + 1);
    expect(lines[e.line - 1]!.trim()).to.equal("{");
    expect(refusalOf(() => parseReadingsJson('[{"meterId": 1}]')).problem).to.equal("interval is missing");
    expect(refusalOf(() => parseReadingsJson('[\n{"meterId": 1,\n"x": 2}]'))).to.include({ line: 2, problem: 'unknown field "x" (fields: meterId, interval, cumulativeWh, timestamp, signature)' });
    expect(refusalOf(() => parseReadingsJson("[\n{,]")).problem).to.match(/^not JSON/);
  });

  it("[ENG-28] the refusal and status vocabularies and the type hash equal the contract's", async () => {
    const artifact = JSON.parse(readFileSync("artifacts/contracts/energy/EnergyMeters.sol/EnergyMeters.json", "utf8")) as { abi: { type: string; name?: string; inputs?: { internalType?: string }[] }[] };
    const refused = artifact.abi.find((e) => e.type === "event" && e.name === "ReadingRefused")!;
    expect(refused.inputs![3]!.internalType).to.equal("enum IEnergyMeters.Refusal");
    // The enum's member names live in the source: read them from the interface.
    const src = readFileSync("contracts/energy/IEnergyMeters.sol", "utf8");
    const enums = new Map<string, string[]>();
    for (const m of src.matchAll(/enum (\w+) \{([^}]*)\}/g)) enums.set(m[1]!, m[2]!.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim().replace(/,$/, "")).filter(Boolean));
    expect(enums.get("Refusal")).to.deep.equal([...REFUSALS]);
    expect(enums.get("MeterStatus")).to.deep.equal([...METER_STATUSES]);
    const { ethers } = await import("../kit/consortium.js");
    const consortium = ethers.Wallet.createRandom().address;
    const m = await ethers.deployContract("EnergyMeters", [consortium, TEST_GRID.epoch, TEST_GRID.intervalSeconds, TEST_GRID.intervalsPerPeriod]);
    expect(await m.READING_TYPEHASH()).to.equal(READING_TYPEHASH);
    expect(await m.READING_BYTES()).to.equal(85n);
    expect(await m.MAX_BATCH()).to.equal(500n);
    await expect(ethers.deployContract("EnergyMeters", [consortium, 0, 0, 4])).to.be.revertedWithCustomError(m, "InvalidTimeGrid");
  });
});
