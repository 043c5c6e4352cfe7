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

async function offerAccount(args: Args, hre: HardhatRuntimeEnvironment) {
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
  // An offer only: the account joins when it accepts (ACC-53), so nobody can take an address
  // that has not agreed.
  const out = { member: member.id, account, admin: args.admin, offered: true, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`offered ${account} a place${args.admin ? " as an admin" : ""} in member ${memberLabel(member)}; it joins when it runs access:accounts:accept --member ${member.id} --from ${account}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(offerAccount);
