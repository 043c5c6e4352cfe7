import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { openNodeRpc, readClique, readNodeRegistry } from "../../lib/access/nodes.js";
import { print, printJson, table } from "../../lib/core/output.js";

interface Args {
  rpc: string;
  consortium: string;
  json: boolean;
}

async function listNodes(args: Args, hre: HardhatRuntimeEnvironment) {
  const ctx = await connect(hre, { readOnly: true });
  const consortium = await resolveConsortium(ctx, args);
  const { rpc, where } = await openNodeRpc(ctx, args.rpc);
  const [registry, clique] = await Promise.all([readNodeRegistry(consortium), readClique(rpc, where)]);
  const isSigner = (a: string) => clique.signers.includes(a);
  const listed = new Set(registry.map((n) => n.signer));
  const rows = registry.map((n) => ({ ...n, clique: isSigner(n.signer) ? "signer" : "not a signer", proposal: clique.proposals[n.signer] }));
  const unlisted = clique.signers.filter((s) => !listed.has(s));
  const out = { head: clique.head, node: where, nodes: rows, unlistedSigners: unlisted, proposals: clique.proposals };
  if (args.json) printJson(out);
  else {
    print(
      table([
        ["ID", "MEMBER", "STATUS", "SIGNER", "CLIQUE", "THIS NODE VOTES", "ENODE"],
        ...rows.map((r) => [String(r.id), String(r.memberId), r.status, r.signer, r.clique, r.proposal === undefined ? "-" : r.proposal ? "add" : "drop", r.enode]),
      ]),
    );
    for (const s of unlisted) print(`signer ${s} is not in the registry${clique.proposals[s] === false ? " (this node votes to drop it)" : ""}`);
    print(`clique at block #${clique.head} on ${where}: ${clique.signers.length} signer(s)`);
  }
  return out;
}

export default runAction(listNodes);
