import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getMemberView, getProposalView, memberLabel, requireActiveAdmin, requireProposal } from "../../lib/access/consortium.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseId } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";

interface Args {
  id: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function cancelProposal(args: Args, hre: HardhatRuntimeEnvironment) {
  parseId("id", args.id, "proposal"); // syntax before connecting
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const id = await requireProposal(consortium, args.id);
  const signer = await ctx.signer();
  const member = await requireActiveAdmin(consortium, signer.address);
  const p = await getProposalView(consortium, id);
  if (p.proposerMember !== member.id) {
    const by = await getMemberView(consortium, p.proposerMember);
    throw new UserError(AccessError.NOT_MEMBER_ADMIN, `proposal ${id} was made by member ${memberLabel(by)}; only its admins can cancel it`);
  }
  if (p.state !== "Active") throw new UserError(AccessError.PROPOSAL_STATE, `proposal ${id} is ${p.state}; only Active proposals can be canceled`);
  const c = consortium.connect(signer);
  await c.cancel.staticCall(id);
  const receipt = await ctx.wait(c.cancel(id));
  const out = { id: Number(id), tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`canceled proposal ${id}: ${p.summary}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(cancelProposal);
