import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Log } from "ethers";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { formatTime, print, printJson, table } from "../../lib/core/output.js";
import { decodeRecord, maskMarks, reasonText } from "../../lib/certificates/index.js";
import { locate } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import type { CertificateRegistry } from "../../typechain-types/index.js";

interface Args {
  id: string;
  receipt: string;
  registry: string;
  json: boolean;
}

interface Entry {
  certificateId: string;
  block: number;
  time: string;
  event: string;
  by: string;
  member: number;
  detail: string;
  tx: string;
}

const ZERO = "0x" + "00".repeat(32);

/** What we read of any decoded event log. */
interface AnyEventLog {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args: any;
  blockNumber: number;
  transactionHash: string;
  getBlock(): Promise<{ timestamp: number }>;
}

const logs = (list: unknown): AnyEventLog[] => list as AnyEventLog[];

/** Every event of one stored certificate, its issue event found at the block its record names. */
async function entriesOf(registry: CertificateRegistry, id: string): Promise<{ entries: Entry[]; predecessor?: string }> {
  const record = decodeRecord(await registry.recordOf(id))!;
  const found: { log: Log | AnyEventLog; event: string; by: string; detail: string }[] = [];
  const atIssue = await registry.runner!.provider!.getLogs({ address: await registry.getAddress(), fromBlock: record.issuedBlock, toBlock: record.issuedBlock });
  let predecessor: string | undefined;
  for (const raw of atIssue) {
    const parsed = registry.interface.parseLog(raw);
    if (!parsed) continue;
    const log = Object.assign(raw, { args: parsed.args });
    const name = parsed.name;
    if (name === "CertificateIssued" && log.args.id === id) found.push({ log, event: "issued", by: log.args.signer, detail: "" });
    if (name === "CertificateIssuedByOrder" && log.args.id === id) {
      found.push({ log, event: "issued by order", by: log.args.signer, detail: `relayed by ${log.args.relayer}, nonce ${log.args.nonce}` });
    }
    if (name === "CertificatesIssued" && (log.args.ids as string[]).includes(id)) found.push({ log, event: "issued in a list", by: log.args.signer, detail: `${log.args.ids.length} certificates` });
    if (name === "CertificateSuperseded" && log.args.newId === id) {
      predecessor = log.args.oldId;
      found.push({ log, event: "issued as new version", by: log.args.signer, detail: `replaces ${log.args.oldId}` });
    }
  }
  const later: [string, AnyEventLog[]][] = [
    ["revoked", logs(await registry.queryFilter(registry.filters.CertificateRevoked(id)))],
    ["suspended", logs(await registry.queryFilter(registry.filters.CertificateSuspended(id)))],
    ["reinstated", logs(await registry.queryFilter(registry.filters.CertificateReinstated(id)))],
    ["superseded", logs(await registry.queryFilter(registry.filters.CertificateSuperseded(id)))],
  ];
  for (const [event, list] of later) {
    for (const log of list) {
      const by = event === "superseded" ? log.args.signer : log.args.by;
      const detail = event === "superseded" ? `by ${log.args.newId} (${reasonText(Number(log.args.reason))})` : reasonText(Number(log.args.reason));
      found.push({ log, event, by, detail });
    }
  }
  const entries: Entry[] = [];
  for (const f of found) {
    const block = await f.log.getBlock();
    entries.push({ certificateId: id, block: f.log.blockNumber, time: formatTime(block.timestamp), event: f.event, by: f.by, member: record.member, detail: f.detail, tx: f.log.transactionHash });
  }
  entries.sort((a, b) => a.block - b.block);
  return { entries, predecessor };
}

async function certificateHistory(args: Args, hre: HardhatRuntimeEnvironment) {
  const ctx = await connect(hre, { readOnly: true });
  const registry = await resolveRegistry(ctx, args.registry || undefined);
  const c = await locate(registry, args);
  let entries: Entry[] = [];
  const versions: string[] = [];
  if (c.receipt?.placement) {
    const { root, index } = c.receipt.placement;
    const b = c.batch!;
    const leafLogs: [string, AnyEventLog[]][] = [
      ["batch issued", logs(await registry.queryFilter(registry.filters.BatchIssued(root)))],
      ["leaf revoked", logs(await registry.queryFilter(registry.filters.LeafRevoked(root, index)))],
      ["leaf suspended", logs(await registry.queryFilter(registry.filters.LeafSuspended(root, index)))],
      ["leaf reinstated", logs(await registry.queryFilter(registry.filters.LeafReinstated(root, index)))],
      ["batch revoked", logs(await registry.queryFilter(registry.filters.BatchRevoked(root)))],
      ["revoked with others", logs(await registry.queryFilter(registry.filters.LeavesRevoked(root))).filter((l) => (l.args.indexes as bigint[]).some((i) => Number(i) === index))],
      ["revoked with others", logs(await registry.queryFilter(registry.filters.LeafMasksRevoked(root))).filter((l) => maskMarks(l.args.firstWord as bigint, l.args.masks as bigint[], index))],
    ];
    for (const [event, list] of leafLogs) {
      for (const log of list) {
        const block = await log.getBlock();
        // A batch is never relayed, so BatchIssued leaves its signer to the transaction's sender.
        const by = event === "batch issued" ? (await ctx.ethers.provider.getTransaction(log.transactionHash))!.from : log.args.by;
        const detail = event === "batch issued" ? `root ${root}, ${b.count} certificates, leaf ${index}` : reasonText(Number(log.args.reason));
        entries.push({ certificateId: c.id, block: log.blockNumber, time: formatTime(block.timestamp), event, by, member: b.member, detail, tx: log.transactionHash });
      }
    }
    entries.sort((a, b2) => a.block - b2.block);
    versions.push(c.id);
  } else {
    // Walk back to the first version through the supersede events, then forward by links.
    let first = c.id;
    for (;;) {
      const { predecessor } = await entriesOf(registry, first);
      if (!predecessor) break;
      first = predecessor;
    }
    for (let v = first; v !== ZERO; v = await registry.successorOf(v)) {
      versions.push(v);
      entries = entries.concat((await entriesOf(registry, v)).entries);
    }
  }
  const out = { certificateId: c.id, versions, entries };
  if (args.json) printJson(out);
  else {
    if (versions.length > 1) print(`versions (oldest first): ${versions.join(" -> ")}`);
    print(table([["block", "time", "certificate", "event", "by", "member", "detail"], ...entries.map((e) => [String(e.block), e.time, e.certificateId.slice(0, 10) + "…", e.event, e.by, String(e.member), e.detail])]));
  }
  return out;
}

export default runAction(certificateHistory);
