import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { parseCount } from "../../lib/core/parse.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { intervalAt, metersDomain, parseMeterIds, readingsToCsv, readingsToJson, sampleMeter, sampleReadings } from "../../lib/energy/index.js";

interface Args {
  seed: string;
  ids: string;
  intervals: string;
  fromInterval: string;
  out: string;
  meters: string;
  json: boolean;
}

async function writeSample(args: Args, hre: HardhatRuntimeEnvironment) {
  const seed = args.seed.trim();
  if (!seed) throw new UserError(CoreError.MISSING_INPUT, "--seed is required (sample keys derive from it: never use them for a real meter)", { field: "seed" });
  let ids: number[];
  try {
    ids = parseMeterIds(args.ids);
  } catch (e) {
    throw new UserError(CoreError.INVALID_OPTION, `--ids: ${(e as Error).message}`, { field: "ids", value: args.ids });
  }
  const count = parseCount("intervals", args.intervals, 4, 1);
  const out = args.out.trim();
  if (!out) throw new UserError(CoreError.MISSING_INPUT, "--out is required (a .csv or .json file)", { field: "out" });
  if (existsSync(out)) throw new UserError(CoreError.INVALID_FILE, `--out ${out} already exists; a readings file is never overwritten`, { field: "out", value: out });
  const ctx = await connect(hre);
  const meters = await resolveMeters(ctx, args.meters);
  const grid = { epoch: Number(await meters.epoch()), intervalSeconds: Number(await meters.intervalSeconds()), intervalsPerPeriod: Number(await meters.intervalsPerPeriod()) };
  const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
  // The default ends with the last interval whose reading (taken up to 30 s after it ends) is already in the past.
  const fromInterval = args.fromInterval.trim() ? parseCount("from-interval", args.fromInterval, 0) : intervalAt(grid, now - 30) - count;
  const domain = metersDomain(ctx.chainId, await meters.getAddress());
  const sampled = ids.map((id) => sampleMeter(seed, id));
  const readings = sampleReadings(seed, domain, grid, sampled, { fromInterval, count });
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, out.toLowerCase().endsWith(".csv") ? readingsToCsv(readings) : readingsToJson(readings), { flag: "wx" });
  const result = { file: out, readings: readings.length, fromInterval, meters: sampled.map((m) => ({ meterId: m.meterId, key: m.key })) };
  if (args.json) printJson(result);
  else {
    print(`${out}: ${readings.length} readings of meters ${ids.join(", ")}, intervals ${fromInterval}..${fromInterval + count - 1}, signed by sample keys from seed "${seed}"`);
    for (const m of result.meters) print(`meter ${m.meterId}: key ${m.key}`);
  }
  return result;
}

export default runAction(writeSample);
