import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getMemberView, memberLabel, requireActiveAdmin } from "../../lib/access/consortium.js";
import { LIMITS } from "../../lib/access/genesis.js";
import { print, printJson } from "../../lib/core/output.js";
import { ZeroAddress } from "ethers";
import { parseAddress } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  account: string;
  admin: boolean;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function addAccount(args: Args, hre: HardhatRuntimeEnvironment) {
  const account = parseAddress("account", args.account);
  if (account === ZeroAddress) throw new UserError(CoreError.INVALID_ADDRESS, "--account: the zero address is not an account");
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const signer = await ctx.signer();
  const member = await requireActiveAdmin(consortium, signer.address);
  const existing = await consortium.memberOf(account);
  if (existing !== 0n) {
    throw new UserError(AccessError.ACCOUNT_TAKEN, `${account} already belongs to member ${memberLabel(await getMemberView(consortium, existing))}`);
  }
  if (member.accounts.length >= LIMITS.MAX_ACCOUNTS_PER_MEMBER) {
    throw new UserError(AccessError.LIMIT_REACHED, `member ${memberLabel(member)} already has ${member.accounts.length} accounts, the maximum`);
  }
  const c = consortium.connect(signer);
  await c.addAccount.staticCall(account, args.admin);
  const receipt = await ctx.wait(c.addAccount(account, args.admin));
  const out = { member: member.id, account, admin: args.admin, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`added ${account}${args.admin ? " as an admin" : ""} to member ${memberLabel(member)}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(addAccount);
