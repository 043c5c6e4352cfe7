import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { UserError, runAction } from "../../lib/core/errors.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { resolveAuction } from "../../lib/energy/deployment.js";
import { AuctionError } from "../../lib/energy/auction-errors.js";
import { sideName } from "../../lib/energy/auction.js";
import { defaultBidFile, planBid, readBidFile, saveBidFile } from "../../lib/energy/bids.js";
import { parsePeriod, requirePrice, requireQuantity, requireSide, requireSlot } from "../../lib/energy/input.js";
import { formatKWh, formatPrice, PHASES } from "../../lib/energy/market.js";

interface Args {
  auction: string;
  period: string;
  side: string;
  quantity: string;
  price: string;
  slot: string;
  file: string;
  amend: boolean;
  from: string;
  confirmations: string;
  json: boolean;
}

async function commitBid(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const side = requireSide(args.side);
  const quantity = requireQuantity(args.quantity);
  const price = requirePrice(args.price);
  const slot = requireSlot(args.slot);

  const ctx = await connect(hre, args);
  const auction = await resolveAuction(ctx, args.auction);
  const signer = await ctx.signer();
  const a = await auction.auctionOf(period);
  if (a.commitDeadline === 0n) throw new UserError(AuctionError.UNKNOWN_AUCTION, `period ${period} has no auction; nothing was sent`, { period: period.toString() });
  const phase = PHASES[Number(await auction.phaseOf(period))];
  if (phase !== "Commit") {
    throw new UserError(AuctionError.WRONG_PHASE, `the commit phase of period ${period} ended at ${formatTime(a.commitDeadline)} (now: ${phase}); nothing was sent`, { period: period.toString(), phase });
  }
  if (price > Number(a.priceCap)) {
    throw new UserError(AuctionError.INVALID_ORDER, `--price: ${args.price} yuan/MWh is above the auction's cap of ${formatPrice(a.priceCap)}`, { field: "--price", value: args.price });
  }
  const place = { chainId: BigInt(ctx.chainId), auction: await auction.getAddress(), period, bidder: signer.address, slot };
  const file = args.file.trim() || defaultBidFile(place);
  const [state, , digest, index] = await auction.slotOf(period, signer.address, slot);
  const plan = planBid(readBidFile(file, place), place, { side, quantity, price }, { state: Number(state), digest, index: Number(index) }, args.amend, file);
  let tx: string | null = null;
  if (plan.action === "send") {
    const c = auction.connect(signer);
    await c.commit.staticCall(period, slot, plan.version.commitment);
    // The salt reaches the disk before the commitment leaves: a crash after this line loses nothing.
    await saveBidFile(file, plan.file);
    tx = (await ctx.wait(c.commit(period, slot, plan.version.commitment))).hash;
  }
  const out = { period: period.toString(), bidder: signer.address, slot, side: sideName(side), quantity, price, commitment: plan.version.commitment, file, amendment: plan.amendment, tx };
  if (args.json) printJson(out);
  else {
    const what = `${sideName(side)} of ${formatKWh(quantity)} at ${formatPrice(price)} in slot ${slot} of period ${period}`;
    print(tx ? `${plan.amendment ? "amended to" : "committed"} a sealed ${what}` : `the sealed ${what} is committed already; nothing was sent`);
    print(`salt and order kept in ${file}: reveal with market:reveal after ${formatTime(a.commitDeadline)}`);
    if (tx) print(`tx ${tx}`);
  }
  return out;
}

export default runAction(commitBid);
