import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { loadErrorCatalog, runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getProposalView, requireProposal, type ProposalView } from "../../lib/access/consortium.js";
import { formatDuration, formatTime, print, printJson } from "../../lib/core/output.js";
import { parseId } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";

interface Args {
  id: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

function notReady(p: ProposalView, now: number): string {
  const tally = `for ${p.tally.for}, against ${p.tally.against}, abstain ${p.tally.abstain} of ${p.tally.total}`;
  switch (p.state) {
    case "Active":
      return `proposal ${p.id} is still Active: voting ends ${formatTime(p.deadline)} (in ${formatDuration(p.deadline - now)}); if it passes it will be ready at ${formatTime(p.readyAt)}`;
    case "Queued":
      return `proposal ${p.id} is Queued: it will be ready at ${formatTime(p.readyAt)} (in ${formatDuration(p.readyAt - now)})`;
    case "Defeated":
      return `proposal ${p.id} was Defeated (${tally}; quorum ${p.rules.quorumBps} bps, approval ${p.rules.approvalBps} bps${p.rules.leadingMember ? `, leading member ${p.rules.leadingMember} ${p.leaderApproved ? "approved" : "did not approve"}` : ""})`;
    case "Expired":
      return `proposal ${p.id} Expired: its execution window closed at ${formatTime(p.expiresAt)}`;
    default:
      return `proposal ${p.id} is ${p.state}`;
  }
}

async function executeProposal(args: Args, hre: HardhatRuntimeEnvironment) {
  parseId("id", args.id, "proposal"); // syntax before connecting
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const id = await requireProposal(consortium, args.id);
  const catalog = await loadErrorCatalog(hre.artifacts);
  const p = await getProposalView(consortium, id, (d) => catalog.decodeCall(d));
  if (p.state !== "Ready") {
    const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
    throw new UserError(AccessError.PROPOSAL_STATE, notReady(p, now));
  }
  const signer = await ctx.signer();
  const c = consortium.connect(signer);
  await c.execute.staticCall(id);
  const receipt = await ctx.wait(c.execute(id));
  const out = { id: Number(id), kind: p.kind, summary: p.summary, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`executed proposal ${id}: ${p.summary}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(executeProposal);
