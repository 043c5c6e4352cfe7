import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getProposalView, memberLabel, parseSupport, requireActiveAdmin, requireProposal } from "../../lib/access/consortium.js";
import { VOTE_TYPES } from "../../lib/access/proposals.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { parseId } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";

interface Args {
  id: string;
  support: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function castVote(args: Args, hre: HardhatRuntimeEnvironment) {
  parseId("id", args.id, "proposal"); // syntax before connecting
  const support = parseSupport(args.support);
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const id = await requireProposal(consortium, args.id);
  const signer = await ctx.signer();
  const member = await requireActiveAdmin(consortium, signer.address);
  const before = await getProposalView(consortium, id);
  if (before.state !== "Active") {
    throw new UserError(AccessError.PROPOSAL_STATE, `proposal ${id} is ${before.state}; voting closed at ${formatTime(before.deadline)}`);
  }
  const ballot = await consortium.ballotOf(id, member.id);
  if (Number(ballot.support) === support) {
    throw new UserError(AccessError.VOTE_STATE,
      support === 0
        ? `member ${memberLabel(member)} has no vote on proposal ${id} to withdraw`
        : `member ${memberLabel(member)} already voted ${VOTE_TYPES[support]} on proposal ${id}`,
    );
  }
  const c = consortium.connect(signer);
  await c.castVote.staticCall(id, support);
  const receipt = await ctx.wait(c.castVote(id, support));
  const p = await getProposalView(consortium, id);
  const out = { id: Number(id), member: member.id, support: VOTE_TYPES[support], tally: p.tally, passing: p.passing, tx: receipt.hash };
  if (args.json) {
    printJson(out);
  } else {
    const verb = support === 0 ? "withdrew its vote on" : `voted ${VOTE_TYPES[support]} on`;
    print(`member ${memberLabel(member)} ${verb} proposal ${id}`);
    print(
      `tally: for ${p.tally.for}, against ${p.tally.against}, abstain ${p.tally.abstain} of ${p.tally.total}; ${p.passing ? "passing" : "not passing yet"}; voting ends ${formatTime(p.deadline)}`,
    );
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(castVote);
