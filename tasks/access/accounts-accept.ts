import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getMemberView, memberLabel } from "../../lib/access/consortium.js";
import { LIMITS } from "../../lib/access/genesis.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseId } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";

interface Args {
  member: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function acceptAccount(args: Args, hre: HardhatRuntimeEnvironment) {
  const memberId = parseId("member", args.member, "member");
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const signer = await ctx.signer();
  const account = signer.address;
  const [offered, admin] = await consortium.accountOffer(account, memberId);
  if (!offered) {
    throw new UserError(AccessError.NO_OFFER, `member ${memberId} has not offered ${account} a place; its admin runs access:accounts:add --account ${account} first`, {
      account,
      member: Number(memberId),
    });
  }
  const member = await getMemberView(consortium, memberId);
  if (member.status !== "Active") {
    throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(member)} is ${member.status}; its offer cannot be accepted now`, { member: member.id, status: member.status });
  }
  const existing = await consortium.memberOf(account);
  if (existing !== 0n) {
    throw new UserError(AccessError.ACCOUNT_TAKEN, `${account} already belongs to member ${memberLabel(await getMemberView(consortium, existing))}`);
  }
  if (member.accounts.length >= LIMITS.MAX_ACCOUNTS_PER_MEMBER) {
    throw new UserError(AccessError.LIMIT_REACHED, `member ${memberLabel(member)} already has ${member.accounts.length} accounts, the maximum`);
  }
  const c = consortium.connect(signer);
  await c.acceptAccount.staticCall(memberId);
  const receipt = await ctx.wait(c.acceptAccount(memberId));
  const out = { member: member.id, account, admin, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`${account} joined member ${memberLabel(member)}${admin ? " as an admin" : ""}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(acceptAccount);
