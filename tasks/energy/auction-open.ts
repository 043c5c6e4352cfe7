import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { UserError, runAction } from "../../lib/core/errors.js";
import { parseCount, requireDuration } from "../../lib/core/parse.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { resolveAuction } from "../../lib/energy/deployment.js";
import { AuctionError } from "../../lib/energy/auction-errors.js";
import { MAX_CHALLENGE_WINDOW, MAX_ORDER_CAP, MIN_CHALLENGE_WINDOW } from "../../lib/energy/auction.js";
import { parsePeriod, requirePrice } from "../../lib/energy/input.js";
import { formatPrice } from "../../lib/energy/market.js";

interface Args {
  auction: string;
  period: string;
  commit: string;
  reveal: string;
  window: string;
  priceCap: string;
  orderCap: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function openAuction(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const commitFor = requireDuration("commit", args.commit);
  const revealFor = requireDuration("reveal", args.reveal);
  const window = requireDuration("window", args.window);
  if (commitFor < 1 || revealFor < 1) throw new UserError(AuctionError.WRONG_PHASE, `--commit and --reveal must be at least 1 second`, { commit: commitFor, reveal: revealFor });
  if (window < MIN_CHALLENGE_WINDOW || window > MAX_CHALLENGE_WINDOW) {
    throw new UserError(AuctionError.WRONG_PHASE, `--window: ${args.window} is outside 1m..30d`, { field: "--window", value: args.window });
  }
  const priceCap = requirePrice(args.priceCap, "price-cap");
  const orderCap = parseCount("order-cap", args.orderCap, 1000, 1);
  if (orderCap > MAX_ORDER_CAP) throw new UserError(AuctionError.INVALID_ORDER, `--order-cap: ${orderCap} is above ${MAX_ORDER_CAP}`, { field: "--order-cap", value: orderCap });

  const ctx = await connect(hre, args);
  const auction = await resolveAuction(ctx, args.auction);
  if ((await auction.auctionOf(period)).commitDeadline !== 0n) {
    throw new UserError(AuctionError.AUCTION_EXISTS, `period ${period} already has an auction; nothing was sent`, { period: period.toString() });
  }
  const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
  const commitDeadline = now + commitFor;
  const revealDeadline = commitDeadline + revealFor;
  const a = auction.connect(await ctx.signer());
  await a.openAuction.staticCall(period, commitDeadline, revealDeadline, window, priceCap, orderCap);
  const receipt = await ctx.wait(a.openAuction(period, commitDeadline, revealDeadline, window, priceCap, orderCap));
  const out = { period: period.toString(), commitDeadline, revealDeadline, challengeWindow: window, priceCap, orderCap, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`opened the auction of period ${period}: commit until ${formatTime(commitDeadline)}, reveal until ${formatTime(revealDeadline)}`);
    print(`price cap ${formatPrice(priceCap)}, at most ${orderCap} orders, results open to challenge for ${args.window}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(openAuction);
