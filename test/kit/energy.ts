// The energy market's fixture: the consortium of the kit (./consortium.ts) with EnergyMeters
// registered at genesis, its market members (grid company, trading centre, regulator, a
// generator, a retailer, a large consumer, a second meter operator), the three trading
// participants registered, and two meters of the grid with sample keys from a seed.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ROLES } from "../../lib/access/roles.js";
import { deployConsortiumWith, DEFAULT_RULES, ethers, networkHelpers } from "./consortium.js";
import {
  encodeBatch,
  intervalAt,
  intervalEnd,
  metersDomain,
  readingSigner,
  sampleMeter,
  type Reading,
  type SampleMeter,
  type SignedReading,
  type TimeGrid,
} from "../../lib/energy/index.js";

export { ethers, networkHelpers };

/** Member ids of the fixture. */
export const GRID = 1n; // State Grid Jiangsu: settlement agent and meter operator
export const CENTRE = 2n; // Jiangsu Power Trading Centre: market operator
export const REGULATOR_MEMBER = 3n;
export const GENERATOR = 4n;
export const RETAILER = 5n;
export const CONSUMER = 6n;
export const METERING_CO = 7n; // a second meter operator

/** The tests' time grid: 15-minute intervals, hourly settlement periods (4 intervals), so periods turn quickly. */
export const TEST_GRID: TimeGrid = { epoch: 1_767_225_600, intervalSeconds: 900, intervalsPerPeriod: 4 };
export const SEED = "energy-fixture";

export async function deployEnergyMeters(consortium: string, grid: TimeGrid = TEST_GRID) {
  const meters = await ethers.deployContract("EnergyMeters", [consortium, grid.epoch, grid.intervalSeconds, grid.intervalsPerPeriod]);
  return { meters };
}

async function deploy() {
  const s = await ethers.getSigners();
  const [deployer, grid, concentrator, centre, regulator, generator, retailer, consumer, meteringCo, outsider, ...others] = s;
  const { consortium, modules } = await deployConsortiumWith({
    rules: DEFAULT_RULES,
    members: [
      { name: "State Grid Jiangsu", admins: [grid.address, concentrator.address] },
      { name: "Jiangsu Power Trading Centre", admins: [centre.address] },
      { name: "Energy Regulator", admins: [regulator.address] },
      { name: "Huaneng Nanjing Power", admins: [generator.address] },
      { name: "Suning Power Retail", admins: [retailer.address] },
      { name: "Nanjing Steel", admins: [consumer.address] },
      { name: "Jiangsu Metering Services", admins: [meteringCo.address] },
    ],
    grants: [
      { account: grid.address, role: ROLES.SETTLEMENT_AGENT },
      { account: grid.address, role: ROLES.METER_OPERATOR },
      { account: concentrator.address, role: ROLES.METER_OPERATOR },
      { account: centre.address, role: ROLES.MARKET_OPERATOR },
      { account: regulator.address, role: ROLES.REGULATOR },
      { account: generator.address, role: ROLES.GENERATOR },
      { account: retailer.address, role: ROLES.RETAILER },
      { account: consumer.address, role: ROLES.CONSUMER },
      { account: meteringCo.address, role: ROLES.METER_OPERATOR },
    ],
    token: false,
    modules: ({ consortium: c }) => deployEnergyMeters(c),
  });
  const { meters } = modules;
  await meters.connect(generator).registerParticipant(ROLES.GENERATOR);
  await meters.connect(retailer).registerParticipant(ROLES.RETAILER);
  await meters.connect(consumer).registerParticipant(ROLES.CONSUMER);
  const m1 = sampleMeter(SEED, 1);
  const m2 = sampleMeter(SEED, 2);
  await meters.connect(grid).addMeter(1, GENERATOR, m1.key);
  await meters.connect(grid).addMeter(2, CONSUMER, m2.key);
  const { chainId } = await ethers.provider.getNetwork();
  const domain = metersDomain(chainId, await meters.getAddress());
  // An interval well in the past whose reading window is open to the chain's clock.
  const baseInterval = intervalAt(TEST_GRID, await networkHelpers.time.latest()) - 400;
  return {
    consortium,
    meters,
    domain,
    baseInterval,
    m1,
    m2,
    deployer,
    grid,
    concentrator,
    centre,
    regulator,
    generator,
    retailer,
    consumer,
    meteringCo,
    outsider,
    others,
  };
}

export type EnergyFixture = Awaited<ReturnType<typeof deploy>>;
export type Meters = EnergyFixture["meters"];

export function energyFixture(): Promise<EnergyFixture> {
  return networkHelpers.loadFixture(deploy);
}

/** A reading of `meter` for `interval`, timestamped 5 s after the interval ends (unless given). */
export function reading(meter: { meterId: number }, interval: number, cumulativeWh: bigint, timestamp?: number): Reading {
  return { meterId: meter.meterId, interval, cumulativeWh, timestamp: timestamp ?? intervalEnd(TEST_GRID, interval) + 5 };
}

/** Signs `r` with the meter's sample key (or another key) for the fixture's contract. */
export function sign(f: EnergyFixture, key: SampleMeter | string, r: Reading): SignedReading {
  return readingSigner(f.domain).sign(typeof key === "string" ? key : key.privateKey, r);
}

/** Submits `readings` as one batch from `from` (default: the grid's concentrator); returns the receipt and decoded events. */
export async function submit(f: EnergyFixture, readings: SignedReading[], from: HardhatEthersSigner = f.concentrator) {
  const tx = await f.meters.connect(from).submitReadings(encodeBatch(readings));
  const receipt = (await tx.wait())!;
  const accepted: { meterId: number; interval: number; cumulativeWh: bigint }[] = [];
  const refused: { meterId: number; interval: number; index: number; reason: number }[] = [];
  for (const log of receipt.logs) {
    const p = f.meters.interface.parseLog(log);
    if (p?.name === "ReadingAccepted") accepted.push({ meterId: Number(p.args.meterId), interval: Number(p.args.interval), cumulativeWh: p.args.cumulativeWh });
    if (p?.name === "ReadingRefused") refused.push({ meterId: Number(p.args.meterId), interval: Number(p.args.interval), index: Number(p.args.index), reason: Number(p.args.reason) });
  }
  return { tx, receipt, accepted, refused };
}
