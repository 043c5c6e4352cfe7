import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { orderCommitment } from "../../lib/energy/auction.js";
import { planBid, saveBidFile, type BidFile } from "../../lib/energy/bids.js";
import { clear, Rule } from "../../lib/energy/clearing.js";
import { auctionFixture, bookOf, ethers, networkHelpers, type AuctionFixture } from "../kit/energy-auction.js";
import { fails, ok } from "../kit/inprocess.js";

// The auction's market:* tasks run in-process, as the CLI runs them.

const P = "2026070116";

describe("energy: market:* auction tasks", function () {
  this.timeout(300_000);
  let f: AuctionFixture;
  let dir: string;
  let auction: string;
  const blocks = () => ethers.provider.getBlockNumber();

  beforeEach(async () => {
    f = await auctionFixture();
    auction = await f.auction.getAddress();
    dir = mkdtempSync(path.join(tmpdir(), "auction-tasks-"));
  });

  const file = (who: string, slot = 0) => path.join(dir, `${who}-${slot}.json`);
  const bid = (who: { address: string }, name: string, side: string, quantity: string, price: string, extra: Record<string, unknown> = {}) =>
    ok("market:bid", { auction, period: P, side, quantity, price, from: who.address, file: file(name), ...extra });

  it("[ENG-56] a period through the tasks: open, bid, amend, reveal, clear (resumed), challenge finds nothing", async () => {
    const { operator, generator, consumer, retailer } = f;
    await ok("market:auction:open", { auction, period: P, from: operator.address, commit: "1h", reveal: "1h", window: "2h", priceCap: "1500", orderCap: "10" });
    await bid(generator, "gen", "offer", "2000", "300.00");
    await bid(consumer, "con", "bid", "1500", "500");
    const first = await bid(retailer, "ret", "bid", "800", "450");
    // the same order again: nothing sent
    const before = await blocks();
    const again = await bid(retailer, "ret", "bid", "800", "450");
    expect(again.value.tx).to.equal(null);
    expect(await blocks()).to.equal(before);
    // another order in a used slot needs --amend
    expect(await fails("market:bid", { auction, period: P, side: "bid", quantity: "900", price: "450", from: retailer.address, file: file("ret") })).to.match(/already holds a commitment.*--amend/);
    const amended = await bid(retailer, "ret", "bid", "900", "450.50", { amend: true });
    expect(amended.value.amendment).to.equal(true);
    const saved = JSON.parse(readFileSync(file("ret"), "utf8")) as BidFile;
    expect(saved.versions.map((v) => v.commitment)).to.deep.equal([first.value.commitment, amended.value.commitment]);
    // too early to reveal or clear
    expect(await fails("market:reveal", { auction, period: P, from: generator.address, file: file("gen") })).to.match(/reveal phase of period .* opens after/);
    expect(await fails("market:clear", { auction, period: P, from: operator.address })).to.match(/after its reveal deadline/);
    await networkHelpers.time.increase(3_601);
    expect(await fails("market:bid", { auction, period: P, side: "bid", quantity: "1", price: "1", from: consumer.address, file: file("con", 1), slot: "1" })).to.match(/commit phase of period .* ended/);
    for (const [who, name] of [[generator, "gen"], [consumer, "con"], [retailer, "ret"]] as const) {
      await ok("market:reveal", { auction, period: P, from: who.address, file: file(name) });
    }
    const once = await ok("market:reveal", { auction, period: P, from: retailer.address, file: file("ret") });
    expect(once.value.tx).to.equal(null);
    expect(await bookOf(f.auction, BigInt(P))).to.deep.equal([
      { side: 1, quantity: 2000, price: 30_000 },
      { side: 0, quantity: 1500, price: 50_000 },
      { side: 0, quantity: 900, price: 45_050 },
    ]);
    await networkHelpers.time.increase(3_600);
    // an interrupted posting: the first page landed, the rest did not
    const expected = clear(await bookOf(f.auction, BigInt(P)));
    await f.auction.connect(operator).postResult(P, expected.price, 0, expected.accepted.slice(0, 1));
    const cleared = await ok("market:clear", { auction, period: P, from: operator.address, pageSize: "1", json: true });
    expect(cleared.value).to.include({ price: expected.price, resumedFrom: 1, pages: 2 });
    expect((await f.auction.resultOf(P)).phase).to.equal(4n);
    const rerun = await ok("market:clear", { auction, period: P, from: operator.address });
    expect(rerun.value.txs).to.deep.equal([]);
    const stands = await ok("market:challenge", { auction, period: P, from: f.outsider.address });
    expect(stands.value.stands).to.equal(true);
  });

  it("[ENG-56] market:challenge voids a result that breaks a rule; market:clear posts it again", async () => {
    const { operator, generator, consumer, retailer, outsider } = f;
    await ok("market:auction:open", { auction, period: P, from: operator.address, orderCap: "10" });
    await bid(generator, "gen", "offer", "1000", "300");
    await bid(consumer, "con", "bid", "600", "450");
    await bid(retailer, "ret", "bid", "600", "450");
    await networkHelpers.time.increase(3_601);
    for (const [who, name] of [[generator, "gen"], [consumer, "con"], [retailer, "ret"]] as const) await ok("market:reveal", { auction, period: P, from: who.address, file: file(name) });
    await networkHelpers.time.increase(3_600);
    await f.auction.connect(operator).postResult(P, 45_000, 0, [1_000, 600, 400]);
    await f.auction.connect(operator).sealResult(P);
    const dry = await ok("market:challenge", { auction, period: P, from: outsider.address, dryRun: true });
    expect(dry.value).to.include({ stands: false, rule: "MarginalShare", first: 1, tx: null });
    const done = await ok("market:challenge", { auction, period: P, from: outsider.address, json: true });
    expect(done.value.tx).to.be.a("string");
    expect((await f.auction.resultOf(P)).voided).to.equal(1n);
    expect(Rule[done.value.rule as "MarginalShare"]).to.equal(Rule.MarginalShare);
    const cleared = await ok("market:clear", { auction, period: P, from: operator.address });
    expect(cleared.value.resumedFrom).to.equal(null);
    expect((await f.auction.orderAt(P, 1)).accepted).to.equal(500n);
    expect((await ok("market:challenge", { auction, period: P, from: outsider.address })).value.stands).to.equal(true);
  });

  it("[ENG-56] a bid's salt is on disk before its commitment is sent: after a crash the re-run sends the same commitment", async () => {
    const { operator, generator } = f;
    await ok("market:auction:open", { auction, period: P, from: operator.address });
    // what market:bid does up to the crash: the plan, then the file; the transaction never left
    const place = { chainId: f.chainId, auction, period: BigInt(P), bidder: generator.address, slot: 0 };
    const plan = planBid(undefined, place, { side: 1, quantity: 700, price: 31_000 }, { state: 0, digest: "0x", index: 0 }, false, file("gen"));
    await saveBidFile(file("gen"), plan.file);
    const rerun = await bid(generator, "gen", "offer", "700", "310");
    expect(rerun.value.commitment).to.equal(plan.version.commitment);
    expect(orderCommitment(place, plan.version)).to.equal(plan.version.commitment);
    const [state, , digest] = await f.auction.slotOf(P, generator.address, 0);
    expect([state, digest]).to.deep.equal([1n, plan.version.commitment.slice(0, 50)]);
    expect((JSON.parse(readFileSync(file("gen"), "utf8")) as BidFile).versions).to.have.length(1);
  });

  it("[ENG-56] bad input is one line and sends nothing", async () => {
    const { operator, generator, outsider } = f;
    await ok("market:auction:open", { auction, period: P, from: operator.address });
    const before = await blocks();
    const base = { auction, period: P, side: "offer", quantity: "10", price: "300", from: generator.address, file: file("gen") };
    expect(await fails("market:bid", { ...base, period: "x" })).to.match(/--period: "x" is not a trading period id/);
    expect(await fails("market:bid", { ...base, side: "sideways" })).to.match(/--side: "sideways" is not bid or offer/);
    expect(await fails("market:bid", { ...base, quantity: "0" })).to.match(/--quantity: "0" is not a quantity in kWh/);
    expect(await fails("market:bid", { ...base, price: "1,5" })).to.match(/--price: "1,5" is not an amount/);
    expect(await fails("market:bid", { ...base, price: "1500.01" })).to.match(/above the auction's cap/);
    expect(await fails("market:bid", { ...base, slot: "16" })).to.match(/--slot: "16" is not an order slot/);
    expect(await fails("market:bid", { ...base, period: "99" })).to.match(/period 99 has no auction/);
    expect(await fails("market:bid", { ...base, from: outsider.address, file: file("out") })).to.match(/NotMarketParticipant/);
    expect(await fails("market:auction:open", { auction, period: P, from: operator.address })).to.match(/already has an auction/);
    expect(await fails("market:auction:open", { auction, period: "5", from: operator.address, window: "10s" })).to.match(/--window/);
    expect(await fails("market:auction:open", { auction, period: "5", from: generator.address })).to.match(/AccessDenied/);
    expect(await fails("market:reveal", { auction, period: P, from: generator.address, file: file("gen") })).to.match(/has no commitment in slot 0/);
    expect(await fails("market:challenge", { auction, period: P, from: generator.address })).to.match(/cannot be challenged/);
    expect(await blocks()).to.equal(before);
  });
});
