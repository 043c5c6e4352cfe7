// Pure Clique genesis builder (no I/O) so it can be unit-tested.
import { getAddress } from "ethers";

export interface CliqueGenesisOptions {
  /** Authorised signer addresses (any case, with 0x). Order does not matter. */
  signers: string[];
  chainId: number;
  /** Seconds between blocks. 0 = seal only when there are transactions. */
  period?: number;
  /** Blocks between vote-reset checkpoints. */
  epoch?: number;
  gasLimit?: bigint | number;
  /** address -> balance in wei. */
  alloc?: Record<string, bigint>;
  /** London base fee of block 0; geth defaults to 1 gwei. 0 gives a fee-free chain until blocks fill up. */
  baseFeePerGas?: bigint;
  /** Genesis timestamp (seconds); 0 keeps the genesis hash independent of wall-clock time. */
  timestamp?: number;
}

export interface CliqueGenesis {
  config: Record<string, unknown> & {
    chainId: number;
    clique: { period: number; epoch: number };
  };
  nonce: string;
  timestamp: string;
  extraData: string;
  gasLimit: string;
  difficulty: string;
  mixHash: string;
  coinbase: string;
  alloc: Record<string, { balance: string }>;
  number: string;
  gasUsed: string;
  parentHash: string;
  baseFeePerGas?: string;
}

const hex = (v: bigint | number): string => "0x" + BigInt(v).toString(16);
const ZERO32 = "0x" + "00".repeat(32);

/** Signers sorted ascending, as geth's snapshot orders them (checkpoint blocks must match this order). */
export function sortSigners(signers: string[]): string[] {
  const norm = signers.map((s) => getAddress(s));
  if (new Set(norm).size !== norm.length)
    throw new Error("duplicate signer address");
  return norm.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

/** extraData = 32-byte vanity + signers (20 bytes each) + 65-byte empty seal. */
export function cliqueExtraData(signers: string[]): string {
  return (
    "0x" +
    "00".repeat(32) +
    sortSigners(signers)
      .map((s) => s.slice(2).toLowerCase())
      .join("") +
    "00".repeat(65)
  );
}

export function buildCliqueGenesis(o: CliqueGenesisOptions): CliqueGenesis {
  const period = o.period ?? 1;
  const epoch = o.epoch ?? 30_000;
  if (o.signers.length === 0)
    throw new Error("at least one signer is required");
  if (!Number.isSafeInteger(o.chainId) || o.chainId <= 0)
    throw new Error(`bad chainId ${o.chainId}`);
  if (!Number.isInteger(period) || period < 0)
    throw new Error(`bad period ${period}`);
  if (!Number.isInteger(epoch) || epoch <= 0)
    throw new Error(`bad epoch ${epoch}`);

  const alloc: CliqueGenesis["alloc"] = {};
  for (const [addr, wei] of Object.entries(o.alloc ?? {})) {
    alloc[getAddress(addr).slice(2).toLowerCase()] = { balance: hex(wei) };
  }

  // All forks through London at block 0. Nothing after London: geth 1.13 cannot
  // seal Shanghai+ blocks with Clique, and a TTD would hand control to a beacon client.
  const forks = [
    "homesteadBlock",
    "eip150Block",
    "eip155Block",
    "eip158Block",
    "byzantiumBlock",
    "constantinopleBlock",
    "petersburgBlock",
    "istanbulBlock",
    "berlinBlock",
    "londonBlock",
  ];
  const config: CliqueGenesis["config"] = {
    chainId: o.chainId,
    ...Object.fromEntries(forks.map((f) => [f, 0])),
    clique: { period, epoch },
  };

  const g: CliqueGenesis = {
    config,
    nonce: "0x0",
    timestamp: hex(o.timestamp ?? 0),
    extraData: cliqueExtraData(o.signers),
    gasLimit: hex(o.gasLimit ?? 30_000_000),
    difficulty: "0x1",
    mixHash: ZERO32,
    coinbase: "0x" + "00".repeat(20),
    alloc,
    number: "0x0",
    gasUsed: "0x0",
    parentHash: ZERO32,
  };
  if (o.baseFeePerGas !== undefined) g.baseFeePerGas = hex(o.baseFeePerGas);
  return g;
}
