import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { parseAddress } from "../../lib/core/parse.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveToken } from "../../lib/token/deployment.js";
import { formatAmount } from "../../lib/core/amounts.js";
import { print, printJson } from "../../lib/core/output.js";

interface Args {
  account: string;
  token: string;
  consortium: string;
  from: string;
  json: boolean;
}

async function showBalance(args: Args, hre: HardhatRuntimeEnvironment) {
  const given = args.account.trim() ? parseAddress("", args.account) : undefined;
  // With --account it only reads: no key needed (an auditor's or monitor's machine has none).
  const ctx = await connect(hre, { ...args, readOnly: given !== undefined });
  const account = given ?? (await ctx.signer()).address;
  const { token } = await resolveToken(ctx, args);
  const [balance, symbol, frozen, holder] = await Promise.all([
    token.balanceOf(account),
    token.symbol(),
    token.isFrozen(account),
    token.hasRole(account, 0),
  ]);
  const out = { account, balance: balance.toString(), yuan: formatAmount(balance, false), symbol, frozen, canHold: holder };
  if (args.json) printJson(out);
  else {
    const notes = [frozen ? "frozen" : "", !holder && !frozen ? "not an account of an active member" : ""].filter(Boolean);
    print(`${account}: ${formatAmount(balance)} ${symbol}${notes.length ? ` (${notes.join(", ")})` : ""}`);
  }
  return out;
}

export default runAction(showBalance);
