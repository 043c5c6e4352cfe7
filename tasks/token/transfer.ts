import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { resolveToken } from "../../lib/token/deployment.js";
import { formatAmount, parseAmount } from "../../lib/core/amounts.js";
import { requireBalance, requireHolder, requireNotPaused } from "../../lib/token/token.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseAddress } from "../../lib/core/parse.js";

interface Args {
  to: string;
  amount: string;
  token: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function transferTokens(args: Args, hre: HardhatRuntimeEnvironment) {
  const to = parseAddress("to", args.to);
  const amount = parseAmount(args.amount);
  const ctx = await connect(hre, args);
  const { token } = await resolveToken(ctx, args);
  const symbol = await token.symbol();
  const signer = await ctx.signer();
  await requireNotPaused(token);
  await requireHolder(token, signer.address, symbol);
  await requireHolder(token, to, symbol);
  await requireBalance(token, signer.address, amount, symbol);
  const t = token.connect(signer);
  await t.transfer.staticCall(to, amount);
  const receipt = await ctx.wait(t.transfer(to, amount));
  const [fromBalance, toBalance] = await Promise.all([token.balanceOf(signer.address), token.balanceOf(to)]);
  const out = { from: signer.address, to, amount: amount.toString(), yuan: formatAmount(amount, false), tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`transferred ${formatAmount(amount)} ${symbol} from ${signer.address} to ${to}`);
    print(`balances: ${signer.address} ${formatAmount(fromBalance)}, ${to} ${formatAmount(toBalance)} ${symbol}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(transferTokens);
