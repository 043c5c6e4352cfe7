/**
 * The chain side of lib/energy/statements.ts for tasks: the audit's ChainReader over the
 * deployed contracts, and the participants of a period as its StatementPosted events list them.
 */
import { ZeroHash, getAddress } from "ethers";
import type { EnergySettlement } from "../../typechain-types/index.js";
import type { ChainReader } from "./statements.js";

/** Reads legs from BilateralContracts and quantities from the meters and the auction the settlement names. */
export async function settlementReader(settlement: EnergySettlement, chainId: bigint): Promise<ChainReader> {
  const runner = settlement.runner!;
  const { Contract } = await import("ethers");
  const bilateral = new Contract(await settlement.bilateral(), ["function legsOf(uint64,address) view returns ((bytes32 id,int256 quantityWh,uint256 price)[])"], runner);
  const meters = new Contract(await settlement.meters(), ["function meteredWh(uint64,address) view returns (int256)"], runner);
  const auction = new Contract(await settlement.auction(), ["function clearedWh(uint64,address) view returns (int256)"], runner);
  return {
    chainId,
    settlement: await settlement.getAddress(),
    terms: async (p) => [...(await settlement.termsOf(p))],
    statement: async (p, who) => {
      const s = await settlement.getStatement(p, who);
      return { revision: Number(s.revision), net: s.net, digest: s.digest, lines: Number(s.lines) };
    },
    previousDigest: async (p, who, revision) => {
      const events = await settlement.queryFilter(settlement.filters.StatementReissued(p, who));
      const e = events.find((x) => Number(x.args.revision) === revision);
      return e ? e.args.previous : ZeroHash;
    },
    legs: async (p, who) => ((await bilateral.getFunction("legsOf")(p, who)) as { id: string; quantityWh: bigint; price: bigint }[]).map((l) => ({ id: l.id, quantityWh: l.quantityWh, price: l.price })),
    clearedWh: async (p, who) => (await auction.getFunction("clearedWh")(p, who)) as bigint,
    meteredWh: async (p, who) => (await meters.getFunction("meteredWh")(p, who)) as bigint,
  };
}

/** The participants posted in `period`, in posting order, with their first net. */
export async function postedParticipants(settlement: EnergySettlement, period: bigint): Promise<{ participant: string; net: bigint }[]> {
  const events = await settlement.queryFilter(settlement.filters.StatementPosted(period));
  const seen = new Map<string, bigint>();
  for (const e of events) if (Number(e.args.revision) === 0) seen.set(getAddress(e.args.participant), e.args.net);
  return [...seen].map(([participant, net]) => ({ participant, net }));
}
