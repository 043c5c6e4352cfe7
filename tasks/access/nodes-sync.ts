import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { applyNodeSync, openNodeRpc, planNodeSync, readClique, readNodeRegistry, type SyncAction } from "../../lib/access/nodes.js";
import { print, printJson } from "../../lib/core/output.js";

interface Args {
  rpc: string;
  dryRun: boolean;
  consortium: string;
  json: boolean;
}

const VERB: Record<SyncAction["action"], [string, string]> = {
  "propose-add": ["proposed add ", "would propose add "],
  "propose-drop": ["proposed drop", "would propose drop"],
  discard: ["discarded    ", "would discard     "],
};

async function syncNodes(args: Args, hre: HardhatRuntimeEnvironment) {
  const ctx = await connect(hre, { readOnly: true });
  const consortium = await resolveConsortium(ctx, args);
  const { rpc, where } = await openNodeRpc(ctx, args.rpc);
  const [registry, before] = await Promise.all([readNodeRegistry(consortium), readClique(rpc, where)]);
  const plan = planNodeSync(registry, before);
  if (!args.dryRun) await applyNodeSync(rpc, plan.actions);
  const after = args.dryRun ? before : await readClique(rpc, where);

  const localIsSigner = before.localSigner ? before.signers.includes(before.localSigner) : undefined;
  const out = {
    network: ctx.networkName,
    chainId: ctx.chainId,
    node: where,
    consortium: await consortium.getAddress(),
    dryRun: args.dryRun,
    head: before.head,
    signers: before.signers,
    localSigner: before.localSigner ?? null,
    localIsSigner: localIsSigner ?? null,
    registry: registry.map((n) => ({ id: n.id, memberId: n.memberId, signer: n.signer, status: n.status, memberStatus: n.memberStatus ?? "Active" })),
    actions: plan.actions.map((a) => ({ ...a, done: !args.dryRun })),
    kept: plan.kept,
    proposals: after.proposals,
    pending: plan.pending,
    needed: plan.needed,
    warnings: plan.warnings,
    epoch: plan.epoch,
  };
  if (args.json) {
    printJson(out);
    return out;
  }
  const admitted = registry.filter((n) => n.status === "Admitted");
  const idle = admitted.filter((n) => (n.memberStatus ?? "Active") !== "Active").length;
  print(
    `registry: ${registry.length} node(s), ${admitted.length} admitted` +
      (idle ? `, ${idle} of them of suspended members (not sealing)` : "") +
      ` (consortium ${out.consortium})`,
  );
  print(
    `clique at block #${before.head} on ${where}: ${before.signers.length} signer(s)` +
      (before.localSigner ? `; this node seals as ${before.localSigner} (${localIsSigner ? "a signer" : "not a signer: its votes are only cast once it is one"})` : ""),
  );
  for (const a of plan.actions) print(`${VERB[a.action][args.dryRun ? 1 : 0]}  ${a.address}  ${a.reason}`);
  for (const k of plan.kept) print(`already proposed ${k.action === "propose-add" ? "add " : "drop"}  ${k.address}  ${k.reason}`);
  for (const w of plan.warnings) print(`warning: ${w}`);
  if (plan.pending.length === 0) {
    print(plan.actions.length ? "in sync: every admitted node is a signer and no other signer remains" : "in sync: nothing to do");
  } else {
    for (const p of plan.pending) {
      print(
        `pending: ${p.authorize ? "add " : "drop"} ${p.address}: ${p.votes === undefined ? "?" : p.votes} of ${p.needed} signer votes tallied (floor(${before.signers.length}/2)+1); ` +
          "each signer's operator must run nodes:sync on their own node, whose vote goes into the next block it seals",
      );
    }
    print(
      `epoch: Clique discards tallied votes at every checkpoint (every ${plan.epoch.length} blocks${plan.epoch.known ? "" : ", the default: the node did not say"}); ` +
        `next checkpoint #${plan.epoch.nextCheckpoint}, in ${plan.epoch.blocksUntil} blocks — a change without its majority by then is counted again from zero`,
    );
  }
  return out;
}

export default runAction(syncNodes);
