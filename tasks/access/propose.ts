import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { loadErrorCatalog, runAction } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { describePayload, requireActiveAdmin, memberLabel } from "../../lib/access/consortium.js";
import { buildProposal, precheckProposal, submitProposal, type ProposeOptions } from "../../lib/access/propose.js";
import { formatDuration, formatTime, print, printJson } from "../../lib/core/output.js";

interface Args extends Required<ProposeOptions> {
  description: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function propose(args: Args, hre: HardhatRuntimeEnvironment) {
  precheckProposal(args); // syntax first: nothing needs the chain to say "0x12 is not an address"
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const signer = await ctx.signer();
  // Off-chain first: who asks, then what they ask for.
  const member = await requireActiveAdmin(consortium, signer.address);
  const { kind, payload } = await buildProposal(consortium, ctx.ethers.provider, args);
  // The contract's own verdict, by name, before anything is sent.
  const { receipt, id, deadline } = await submitProposal(ctx, consortium, signer, kind, payload, args.description);
  const catalog = await loadErrorCatalog(hre.artifacts);
  const { summary } = await describePayload(consortium, kind, payload, (d) => catalog.decodeCall(d));
  const block = await ctx.ethers.provider.getBlock(receipt.blockNumber);
  const out = { id: Number(id), kind, summary, proposer: signer.address, member: member.id, deadline, tx: receipt.hash };
  if (args.json) {
    printJson(out);
  } else {
    print(`proposal ${id}: ${summary}`);
    print(
      `proposed by ${signer.address} for member ${memberLabel(member)}; voting ends ${formatTime(deadline)}` +
        (block ? ` (in ${formatDuration(deadline - block.timestamp)})` : ""),
    );
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(propose);
