import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { resolveToken } from "../../lib/token/deployment.js";
import { formatAmount, parseAmount, parseRef } from "../../lib/core/amounts.js";
import { requireHolder, requireIssuer, requireNotPaused, requireUnusedRef } from "../../lib/token/token.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseAddress } from "../../lib/core/parse.js";

interface Args {
  to: string;
  amount: string;
  ref: string;
  token: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function mintTokens(args: Args, hre: HardhatRuntimeEnvironment) {
  const to = parseAddress("to", args.to);
  const amount = parseAmount(args.amount);
  const ref = parseRef(args.ref);
  const ctx = await connect(hre, args);
  const { token } = await resolveToken(ctx, args);
  const symbol = await token.symbol();
  const signer = await ctx.signer();
  await requireNotPaused(token);
  await requireIssuer(token, signer.address, "mint");
  await requireHolder(token, to, symbol);
  await requireUnusedRef(token, ref);
  const t = token.connect(signer);
  await t.mint.staticCall(to, amount, ref.ref);
  const receipt = await ctx.wait(t.mint(to, amount, ref.ref));
  const balance = await token.balanceOf(to);
  const out = { to, amount: amount.toString(), yuan: formatAmount(amount, false), ref: ref.ref, refText: ref.hashed ? ref.input : null, balance: balance.toString(), tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`minted ${formatAmount(amount)} ${symbol} to ${to} against deposit ${ref.hashed ? `"${ref.input}" (${ref.ref})` : ref.ref}`);
    print(`balance of ${to}: ${formatAmount(balance)} ${symbol}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(mintTokens);
