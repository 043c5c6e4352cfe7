import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { UserError, runAction } from "../../lib/core/errors.js";
import { parseCount } from "../../lib/core/parse.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { resolveAuction } from "../../lib/energy/deployment.js";
import { AuctionError } from "../../lib/energy/auction-errors.js";
import { MAX_ORDER_CAP } from "../../lib/energy/auction.js";
import { clear, resultPages, volumeOf } from "../../lib/energy/clearing.js";
import { parsePeriod } from "../../lib/energy/input.js";
import { formatKWh, formatPrice, readBook, readPosting, resumePoint } from "../../lib/energy/market.js";

interface Args {
  auction: string;
  period: string;
  pageSize: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function clearPeriod(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const pageSize = parseCount("page-size", args.pageSize, 500, 1);
  if (pageSize > MAX_ORDER_CAP) throw new UserError(AuctionError.INVALID_ORDER, `--page-size: ${pageSize} is above ${MAX_ORDER_CAP}`, { field: "--page-size", value: pageSize });
  const ctx = await connect(hre, args);
  const auction = await resolveAuction(ctx, args.auction);
  const a = await auction.auctionOf(period);
  if (a.commitDeadline === 0n) throw new UserError(AuctionError.UNKNOWN_AUCTION, `period ${period} has no auction; nothing was sent`, { period: period.toString() });
  const state = await readPosting(auction, period);
  if (state.phase === "Commit" || state.phase === "Reveal") {
    throw new UserError(AuctionError.WRONG_PHASE, `period ${period} can be cleared after its reveal deadline ${formatTime(a.revealDeadline)}; nothing was sent`, { period: period.toString(), phase: state.phase });
  }
  const book = await readBook(auction, period);
  const result = clear(book);
  const volume = volumeOf(book, result);
  const start = resumePoint(state, book, result);
  if (start.sealed) {
    if (!start.matches) {
      throw new UserError(AuctionError.ALREADY_SEALED, `period ${period} has a sealed result that is not lib's clearing; nothing was sent: run market:challenge`, { period: period.toString() });
    }
    const out = { period: period.toString(), price: result.price, volume, orders: book.length, pages: 0, resumedFrom: null, txs: [] as string[] };
    if (args.json) printJson(out);
    else print(`period ${period} is sealed already with this clearing (${formatKWh(volume)} at ${formatPrice(result.price)}); nothing was sent`);
    return out;
  }
  const signer = await ctx.signer();
  const c = auction.connect(signer);
  const txs: string[] = [];
  const pages = resultPages(result, pageSize, start.from);
  for (const page of pages) {
    txs.push((await ctx.wait(c.postResult(period, result.price, page.from, page.accepted))).hash);
    if (!args.json) print(`posted orders ${page.from}..${page.from + page.accepted.length - 1} of ${book.length}`);
  }
  await c.sealResult.staticCall(period);
  const sealed = await ctx.wait(c.sealResult(period));
  txs.push(sealed.hash);
  const out = { period: period.toString(), price: result.price, volume, orders: book.length, pages: pages.length, resumedFrom: start.from > 0 ? start.from : null, txs };
  if (args.json) printJson(out);
  else {
    if (start.from > 0) print(`resumed the posting at order ${start.from}`);
    print(`sealed period ${period}: ${formatKWh(volume)} at ${formatPrice(result.price)} over ${book.length} orders; open to challenge for ${a.challengeWindow} s`);
    print(`tx ${sealed.hash}`);
  }
  return out;
}

export default runAction(clearPeriod);
