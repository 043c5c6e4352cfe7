/**
 * A sample of meters and their signed readings, all derived from a seed: the tests, the bench
 * and the README walk-through use it. Keys are keccak256("<seed>/meter/<n>"): anyone who knows
 * the seed knows them, so they are for samples only (never a real meter's key, never in the repo).
 */
import { keccak256, SigningKey, toUtf8Bytes, computeAddress, type TypedDataDomain } from "ethers";
import { intervalEnd, readingSigner, type SignedReading, type TimeGrid } from "./readings.js";

export interface SampleMeter {
  meterId: number;
  /** The meter's private key (sample only). */
  privateKey: string;
  key: string;
}

/** `count` meters with ids firstId.. and keys from `seed` (`rotation` > 0 gives the n-th replacement keys). */
export function sampleMeters(seed: string, count: number, firstId = 1, rotation = 0): SampleMeter[] {
  return Array.from({ length: count }, (_, i) => sampleMeter(seed, firstId + i, rotation));
}

/** One sample meter: its id and its key from the seed (`rotation` n: the key after n rotations). */
export function sampleMeter(seed: string, meterId: number, rotation = 0): SampleMeter {
  const privateKey = keccak256(toUtf8Bytes(`${seed}/meter/${meterId}${rotation ? `/rotation/${rotation}` : ""}`));
  return { meterId, privateKey, key: computeAddress(privateKey) };
}

/** A deterministic number in [0, n) from the seed and some labels. */
function draw(seed: string, n: number, ...labels: (string | number)[]): number {
  return Number(BigInt(keccak256(toUtf8Bytes([seed, ...labels].join("/")))) % BigInt(n));
}

export interface SampleReadingsOptions {
  /** First interval read (every meter reads it and the next count - 1). */
  fromInterval: number;
  /** Intervals per meter. */
  count: number;
  /** Most Wh a meter adds per interval (default 25,000: a 100 kW site at full load for 15 minutes). */
  maxWhPerInterval?: number;
}

/**
 * The register of a sample meter at the end of `interval`: a function of the meter and the
 * interval alone (so any slice of intervals agrees with any other), rising by max/2 plus a seeded
 * wobble below max/2 per interval, so it never decreases.
 */
export function sampleRegister(seed: string, meterId: number, interval: number, maxWhPerInterval = 25_000): bigint {
  const half = Math.max(1, Math.floor(maxWhPerInterval / 2));
  return BigInt(draw(seed, 10_000_000, "start", meterId)) + BigInt(interval) * BigInt(half) + BigInt(draw(seed, half, "wh", meterId, interval));
}

/**
 * Signed readings of `meters` for `count` consecutive intervals from `fromInterval`, ordered by
 * interval then meter (as a concentrator collects them): registers from {sampleRegister},
 * timestamps a few seconds after each interval ends.
 */
export function sampleReadings(seed: string, domain: TypedDataDomain, grid: TimeGrid, meters: readonly SampleMeter[], o: SampleReadingsOptions): SignedReading[] {
  const signer = readingSigner(domain);
  const keys = new Map(meters.map((m) => [m.meterId, new SigningKey(m.privateKey)]));
  const out: SignedReading[] = [];
  for (let k = 0; k < o.count; k++) {
    const interval = o.fromInterval + k;
    for (const m of meters) {
      const cumulativeWh = sampleRegister(seed, m.meterId, interval, o.maxWhPerInterval);
      const timestamp = intervalEnd(grid, interval) + draw(seed, Math.min(30, grid.intervalSeconds), "t", m.meterId, interval);
      out.push(signer.sign(keys.get(m.meterId)!, { meterId: m.meterId, interval, cumulativeWh, timestamp }));
    }
  }
  return out;
}

/** Meter ids from "1-3" or "1,2,5" (ranges and lists mixed; at most 10,000). */
export function parseMeterIds(text: string): number[] {
  const ids: number[] = [];
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a meter id or a range a-b`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a || b > 2 ** 32 - 1) throw new Error(`"${part}" is not a range of meter ids (1..4294967295)`);
    for (let i = a; i <= b; i++) ids.push(i);
    if (ids.length > 10_000) throw new Error("at most 10,000 meters");
  }
  if (ids.length === 0) throw new Error("no meter ids (e.g. 1-3 or 1,2,5)");
  return ids;
}
