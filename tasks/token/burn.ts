import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { resolveToken } from "../../lib/token/deployment.js";
import { formatAmount, parseAmount, parseRef } from "../../lib/core/amounts.js";
import { requireBalance, requireHolder, requireIssuer, requireNotPaused, requireUnusedRef } from "../../lib/token/token.js";
import { print, printJson } from "../../lib/core/output.js";

interface Args {
  amount: string;
  ref: string;
  token: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function burnTokens(args: Args, hre: HardhatRuntimeEnvironment) {
  const amount = parseAmount(args.amount);
  const ref = parseRef(args.ref);
  const ctx = await connect(hre, args);
  const { token } = await resolveToken(ctx, args);
  const symbol = await token.symbol();
  const signer = await ctx.signer();
  await requireNotPaused(token);
  await requireIssuer(token, signer.address, "burn");
  await requireHolder(token, signer.address, symbol);
  await requireBalance(token, signer.address, amount, symbol);
  await requireUnusedRef(token, ref);
  const t = token.connect(signer);
  await t.burn.staticCall(amount, ref.ref);
  const receipt = await ctx.wait(t.burn(amount, ref.ref));
  const balance = await token.balanceOf(signer.address);
  const out = { issuer: signer.address, amount: amount.toString(), yuan: formatAmount(amount, false), ref: ref.ref, refText: ref.hashed ? ref.input : null, balance: balance.toString(), tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`burned ${formatAmount(amount)} ${symbol} from ${signer.address} for redemption ${ref.hashed ? `"${ref.input}" (${ref.ref})` : ref.ref}`);
    print(`balance of ${signer.address}: ${formatAmount(balance)} ${symbol}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(burnTokens);
