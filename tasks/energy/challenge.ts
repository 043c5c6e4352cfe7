import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { UserError, runAction } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveAuction } from "../../lib/energy/deployment.js";
import { AuctionError } from "../../lib/energy/auction-errors.js";
import { findViolation, Rule, volumeOf } from "../../lib/energy/clearing.js";
import { parsePeriod } from "../../lib/energy/input.js";
import { formatKWh, formatPrice, postedResult, readBook, readPosting } from "../../lib/energy/market.js";

interface Args {
  auction: string;
  period: string;
  dryRun: boolean;
  from: string;
  confirmations: string;
  json: boolean;
}

async function challengeResult(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const ctx = await connect(hre, args);
  const auction = await resolveAuction(ctx, args.auction);
  const state = await readPosting(auction, period);
  if (state.phase !== "Challenge") {
    const why = state.phase === "Final" ? "its result is final: the challenge window closed" : `it has no sealed result (phase ${state.phase})`;
    throw new UserError(AuctionError.WRONG_PHASE, `period ${period} cannot be challenged: ${why}; nothing was sent`, { period: period.toString(), phase: state.phase });
  }
  const book = await readBook(auction, period);
  const posted = postedResult(state, book);
  const v = findViolation(book, posted);
  if (!v) {
    const out = { period: period.toString(), stands: true, price: posted.price, volume: volumeOf(book, posted), tx: null };
    if (args.json) printJson(out);
    else print(`the result of period ${period} stands: ${formatKWh(out.volume)} at ${formatPrice(posted.price)} breaks no rule; nothing was sent`);
    return out;
  }
  let tx: string | null = null;
  if (!args.dryRun) {
    const c = auction.connect(await ctx.signer());
    await c.challenge.staticCall(period, Rule[v.rule], v.first, v.second);
    tx = (await ctx.wait(c.challenge(period, Rule[v.rule], v.first, v.second))).hash;
  }
  const out = { period: period.toString(), stands: false, rule: v.rule, first: v.first, second: v.second, message: v.message, tx };
  if (args.json) printJson(out);
  else {
    print(`the result of period ${period} breaks ${v.rule}: ${v.message}`);
    print(tx ? `challenged: the result is void and must be posted again (tx ${tx})` : `dry run: nothing was sent`);
  }
  return out;
}

export default runAction(challengeResult);
