import type { ContractTransactionResponse } from "ethers";

/** One measured operation: the gas of a mined transaction, and optionally a target. */
export interface GasRow {
  system: string;
  operation: string;
  gas: bigint;
  /** Upper bound the issue sets for this operation, if any. */
  target?: bigint;
  /** Name of the peer row this one is compared with. */
  peer?: string;
  note?: string;
}

/** Sends nothing itself: waits for `tx` and returns the gas its receipt reports. */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction was not mined");
  return receipt.gasUsed;
}

export function withinTarget(row: GasRow): boolean | undefined {
  return row.target === undefined ? undefined : row.gas <= row.target;
}

/** Renders rows as a fixed-width table with the peer ratio and target verdict. */
export function renderTable(rows: GasRow[]): string {
  const byName = new Map(rows.map((r) => [`${r.system}/${r.operation}`, r]));
  const lines = [["system", "operation", "gas", "target", "ok", "vs peer"]];
  for (const r of rows) {
    const peer = r.peer ? byName.get(r.peer) : undefined;
    const ratio = peer ? `${(Number(r.gas) / Number(peer.gas)).toFixed(2)}x ${peer.operation}` : "";
    const ok = withinTarget(r);
    lines.push([
      r.system,
      r.operation,
      r.gas.toLocaleString("en-US"),
      r.target === undefined ? "" : `<= ${r.target.toLocaleString("en-US")}`,
      ok === undefined ? "" : ok ? "yes" : "NO",
      ratio,
    ]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines.map((l) => l.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

export function toJson(rows: GasRow[], meta: Record<string, unknown>): string {
  return JSON.stringify(
    {
      ...meta,
      rows: rows.map((r) => ({ ...r, gas: Number(r.gas), target: r.target === undefined ? null : Number(r.target), withinTarget: withinTarget(r) ?? null })),
    },
    null,
    2,
  );
}
