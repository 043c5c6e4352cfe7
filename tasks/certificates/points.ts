import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson, table } from "../../lib/core/output.js";
import {
  batchClaimOfReceipts,
  decodeRecord,
  placementOf,
  STORED_PLACEMENT,
  type BatchClaim,
  type CertificateReceipt,
  type PlacementArg,
} from "../../lib/certificates/index.js";
import { readReceipt, resolveSharing } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  claim: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function receiptFiles(target: string): Promise<string[]> {
  let s;
  try {
    s = await stat(target);
  } catch {
    throw new UserError(
      CoreError.INVALID_FILE,
      `--claim: ${target} does not exist`,
    );
  }
  if (s.isFile()) return [target];
  const out: string[] = [];
  for (const e of await readdir(target, { withFileTypes: true })) {
    const p = path.join(target, e.name);
    if (e.isDirectory()) out.push(...(await receiptFiles(p)));
    else if (
      e.name.endsWith(".json") &&
      e.name !== "batch.json" &&
      e.name !== "problems.json"
    )
      out.push(p);
  }
  return out;
}

/** The points ledger: rates, totals, every member's balance and the conservation check; --claim credits receipts. */
async function sharingPoints(args: Args, hre: HardhatRuntimeEnvironment) {
  const ctx = await connect(hre, { ...args, readOnly: !args.claim.trim() });
  const registry = await resolveRegistry(ctx, args.registry);
  const { points } = await resolveSharing(ctx, registry);
  let claimed:
    | {
        ids: number;
        leaves: number;
        batches: number;
        multiproofs: number;
        tx: string;
        txs: string[];
      }
    | undefined;
  if (args.claim.trim()) {
    // One entry per certificate: a Merkle certificate earns only with its proven receipt.
    const claims = new Map<string, PlacementArg>();
    const byRoot = new Map<string, CertificateReceipt[]>();
    for (const f of await receiptFiles(args.claim.trim())) {
      const r = await readReceipt(f);
      const rec = decodeRecord(await registry.recordOf(r.certificateId));
      if (rec?.credited || claims.has(r.certificateId)) continue;
      if (r.placement) {
        const placement = placementOf(r);
        if (
          Number(
            (await registry.verifyReceipt(r.certificateId, placement)).status,
          ) !== 1
        )
          continue;
        claims.set(r.certificateId, placement);
        // A tree's leaves lie at two depths: receipts of one depth share one multiproof.
        const key = `${r.placement.root}:${r.placement.proof.length}`;
        byRoot.set(key, [...(byRoot.get(key) ?? []), r]);
      } else if (rec && rec.state === 1)
        claims.set(r.certificateId, STORED_PLACEMENT);
    }
    if (claims.size === 0)
      throw new UserError(
        CertError.NOTHING_TO_CLAIM,
        `--claim: nothing in ${args.claim} is active and not yet credited; nothing was sent`,
      );
    // Several receipts of one batch share the upper levels of their proofs: one multiproof (CERT-92).
    const batchClaims: BatchClaim[] = [];
    for (const receipts of byRoot.values()) {
      const claim =
        receipts.length > 1 ? batchClaimOfReceipts(receipts) : undefined;
      if (!claim) continue;
      batchClaims.push(claim);
      for (const l of claim.leaves) claims.delete(l.id);
    }
    const signer = await ctx.signer();
    const p = points.connect(signer);
    const txs: string[] = [];
    for (const c of batchClaims) {
      await p.claimBatchContributions.staticCall(
        c.root,
        c.leaves,
        c.proof,
        c.proofFlags,
      );
      txs.push(
        (
          await ctx.wait(
            p.claimBatchContributions(c.root, c.leaves, c.proof, c.proofFlags),
          )
        ).hash,
      );
    }
    const ids = [...claims.keys()];
    const stored = [...claims.values()].filter(
      (c) => c === STORED_PLACEMENT,
    ).length;
    if (ids.length > 0) {
      const placements = stored === ids.length ? [] : [...claims.values()];
      await p.claimContributions.staticCall(ids, placements);
      txs.push((await ctx.wait(p.claimContributions(ids, placements))).hash);
    }
    const leaves =
      ids.length -
      stored +
      batchClaims.reduce((n, c) => n + c.leaves.length, 0);
    const batches = new Set(
      [...byRoot.values()].map((rs) => rs[0].placement!.root),
    ).size;
    claimed = {
      ids: stored,
      leaves,
      batches,
      multiproofs: batchClaims.length,
      tx: txs[0],
      txs,
    };
  }
  const members = (await points.members()).map(Number);
  const rows = [];
  let sum = 0n;
  for (const m of members) {
    const [balance, earned, spent] = [
      await points.balanceOf(m),
      await points.earnedBy(m),
      await points.spentBy(m),
    ];
    sum += balance;
    rows.push({
      member: m,
      balance,
      earned,
      spent,
      consistent: balance === earned - spent,
    });
  }
  const [earnRate, queryCost, totalEarned, totalSpent, movements] = [
    await points.earnRate(),
    await points.queryCost(),
    await points.totalEarned(),
    await points.totalSpent(),
    await points.movementCount(),
  ];
  const conserved =
    sum === totalEarned - totalSpent && rows.every((r) => r.consistent);
  const out = {
    earnRate,
    queryCost,
    totalEarned,
    totalSpent,
    sumOfBalances: sum,
    conserved,
    movements,
    members: rows,
    claimed,
  };
  if (args.json) printJson(out);
  else {
    if (claimed && claimed.multiproofs === 0)
      print(
        `credited ${claimed.ids} stored certificate(s) and ${claimed.leaves} of ${claimed.batches} Merkle batch(es), each with its receipt: tx ${claimed.tx}`,
      );
    else if (claimed)
      print(
        `credited ${claimed.ids} stored certificate(s) and ${claimed.leaves} of ${claimed.batches} Merkle batch(es), ${claimed.multiproofs} group(s) of one batch by one multiproof (CERT-92), the rest each with its receipt: tx ${claimed.txs.join(", ")}`,
      );
    print(
      `rates: ${earnRate} per certificate contributed, ${queryCost} per detail query`,
    );
    print(
      table([
        ["member", "balance", "earned", "spent"],
        ...rows.map((r) => [
          String(r.member),
          String(r.balance),
          String(r.earned),
          String(r.spent),
        ]),
      ]),
    );
    print(
      `earned ${totalEarned} - spent ${totalSpent} = ${totalEarned - totalSpent}; sum of balances ${sum}: ${conserved ? "conserved" : "NOT CONSERVED"} (${movements} movements)`,
    );
  }
  if (!conserved)
    throw new UserError(
      CertError.NOT_CONSERVED,
      "the points ledger is not conserved",
    );
  return out;
}

export default runAction(sharingPoints);
