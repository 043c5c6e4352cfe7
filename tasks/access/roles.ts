import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { parseAddress } from "../../lib/core/parse.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getRolesView } from "../../lib/access/consortium.js";
import { print, printJson } from "../../lib/core/output.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  account: string;
  consortium: string;
  json: boolean;
}

async function showRoles(args: Args, hre: HardhatRuntimeEnvironment) {
  const input = args.account.trim();
  if (!input) throw new UserError(CoreError.MISSING_INPUT, "an account is required: npx hardhat access:roles <account>");
  const account = parseAddress("", input);
  const ctx = await connect(hre, { readOnly: true });
  const consortium = await resolveConsortium(ctx, args);
  const v = await getRolesView(consortium, account);
  if (args.json) {
    printJson(v);
    return v;
  }
  print(`account    ${v.account}`);
  print(`member     ${v.member ? `${v.member.id} (${v.member.name}), ${v.member.status}${v.admin ? ", admin" : ""}` : "none"}`);
  print(`granted    ${v.granted.length ? v.granted.join(", ") : "none"}`);
  print(`effective  ${v.effective.length ? v.effective.join(", ") : "none"}${v.member && v.member.status !== "Active" && v.granted.length ? " (member not active: granted roles are dormant)" : ""}`);
  if (v.node) print(`node       ${v.node.id} (${v.node.status} signer)`);
  return v;
}

export default runAction(showRoles);
