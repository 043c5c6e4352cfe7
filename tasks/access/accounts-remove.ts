import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { memberLabel, requireActiveAdmin } from "../../lib/access/consortium.js";
import { decodeRoles } from "../../lib/access/roles.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseAddress } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";

interface Args {
  account: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function removeAccount(args: Args, hre: HardhatRuntimeEnvironment) {
  const account = parseAddress("account", args.account);
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  const signer = await ctx.signer();
  const member = await requireActiveAdmin(consortium, signer.address);
  if (!member.accounts.includes(account)) throw new UserError(AccessError.NOT_MEMBER_ACCOUNT, `${account} is not an account of member ${memberLabel(member)}`);
  const granted = await consortium.grantedRoles(account);
  if (granted !== 0n) {
    throw new UserError(AccessError.ROLE_IN_USE, `${account} holds ${decodeRoles(granted).join(", ")}; revoke by proposal (RevokeRole) before removing it`);
  }
  if (member.admins.includes(account) && member.admins.length === 1) {
    throw new UserError(AccessError.LAST_ADMIN, `${account} is the last admin of member ${memberLabel(member)}; add another admin first`);
  }
  const c = consortium.connect(signer);
  await c.removeAccount.staticCall(account);
  const receipt = await ctx.wait(c.removeAccount(account));
  const out = { member: member.id, account, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`removed ${account} from member ${memberLabel(member)}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(removeAccount);
