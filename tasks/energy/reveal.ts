import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { UserError, runAction } from "../../lib/core/errors.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { resolveAuction } from "../../lib/energy/deployment.js";
import { AuctionError } from "../../lib/energy/auction-errors.js";
import { sideName } from "../../lib/energy/auction.js";
import { defaultBidFile, readBidFile, versionOnChain } from "../../lib/energy/bids.js";
import { parsePeriod, requireSlot } from "../../lib/energy/input.js";
import { formatKWh, formatPrice, PHASES } from "../../lib/energy/market.js";

interface Args {
  auction: string;
  period: string;
  slot: string;
  file: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function revealBid(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const slot = requireSlot(args.slot);
  const ctx = await connect(hre, args);
  const auction = await resolveAuction(ctx, args.auction);
  const signer = await ctx.signer();
  const place = { chainId: BigInt(ctx.chainId), auction: await auction.getAddress(), period, bidder: signer.address, slot };
  const file = args.file.trim() || defaultBidFile(place);
  const [state, , digest, index] = await auction.slotOf(period, signer.address, slot);
  if (state === 2n) {
    const out = { period: period.toString(), bidder: signer.address, slot, index: Number(index), tx: null };
    if (args.json) printJson(out);
    else print(`slot ${slot} of period ${period} is revealed already as order ${index}; nothing was sent`);
    return out;
  }
  if (state === 0n) throw new UserError(AuctionError.NO_COMMITMENT, `${signer.address} has no commitment in slot ${slot} of period ${period}; nothing was sent`, { slot });
  const a = await auction.auctionOf(period);
  const phase = PHASES[Number(await auction.phaseOf(period))];
  if (phase !== "Reveal") {
    const when = phase === "Commit" ? `opens after ${formatTime(a.commitDeadline)}` : `closed at ${formatTime(a.revealDeadline)}`;
    throw new UserError(AuctionError.WRONG_PHASE, `the reveal phase of period ${period} ${when}; nothing was sent`, { period: period.toString(), phase });
  }
  const bidFile = readBidFile(file, place);
  if (!bidFile) throw new UserError(AuctionError.NO_MATCHING_SALT, `no bid file ${file}: the order and salt of slot ${slot} are needed to reveal it; nothing was sent`, { file });
  const v = versionOnChain(bidFile, { state: 1, digest, index: 0 });
  if (!v) throw new UserError(AuctionError.NO_MATCHING_SALT, `none of the ${bidFile.versions.length} orders in ${file} is the one committed on chain; nothing was sent`, { file });
  const c = auction.connect(signer);
  await c.reveal.staticCall(period, slot, v.side, v.quantity, v.price, v.salt);
  const receipt = await ctx.wait(c.reveal(period, slot, v.side, v.quantity, v.price, v.salt));
  const revealed = (await auction.slotOf(period, signer.address, slot))[3];
  const out = { period: period.toString(), bidder: signer.address, slot, index: Number(revealed), side: sideName(v.side), quantity: v.quantity, price: v.price, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`revealed the ${sideName(v.side)} of ${formatKWh(v.quantity)} at ${formatPrice(v.price)}: order ${revealed} of period ${period}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(revealBid);
