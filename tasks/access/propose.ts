import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { loadErrorCatalog, runAction } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { describePayload, requireActiveAdmin, memberLabel } from "../../lib/access/consortium.js";
import { buildProposal, precheckProposal, type ProposeOptions } from "../../lib/access/propose.js";
import { kindIndex } from "../../lib/access/proposals.js";
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
  const c = consortium.connect(signer);
  // The contract's own verdict, by name, before anything is sent.
  await c.propose.staticCall(kindIndex(kind), payload, args.description);
  const receipt = await ctx.wait(c.propose(kindIndex(kind), payload, args.description));
  const event = receipt.logs
    .map((l) => {
      try {
        return consortium.interface.parseLog(l);
      } catch {
        return null;
      }
    })
    .find((e) => e?.name === "ProposalCreated");
  const id = event ? (event.args.proposalId as bigint) : await consortium.proposalCount();
  const deadline = event ? Number(event.args.deadline) : 0;
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
