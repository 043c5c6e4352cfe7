import { expect } from "chai";
import { orderCommitment, BID, OFFER, newSalt } from "../../lib/energy/auction.js";
import { clear } from "../../lib/energy/clearing.js";
import {
  auctionFixture,
  bookOf,
  commitOrder,
  ethers,
  networkHelpers,
  openAuction,
  postAndSeal,
  PRICE_CAP,
  revealOrder,
  toClearing,
  toReveal,
  WINDOW,
  type AuctionFixture,
} from "../kit/energy-auction.js";

// The auction's flow, commit to final, and each refusal by its custom error.

const P = 2026070114n; // period id: 2026-07-01 14:00
const Phase = { None: 0n, Commit: 1n, Reveal: 2n, Clearing: 3n, Challenge: 4n, Final: 5n };

describe("energy: auction flow and refusals", function () {
  this.timeout(120_000);
  let f: AuctionFixture;

  beforeEach(async () => {
    f = await auctionFixture();
  });

  describe("opening", () => {
    it("[ENG-40] only a MARKET_OPERATOR opens, once per period, with a sane schedule and caps", async () => {
      const { auction, operator, generator } = f;
      const now = await networkHelpers.time.latest();
      await expect(auction.connect(generator).openAuction(P, now + 100, now + 200, WINDOW, PRICE_CAP, 10))
        .to.be.revertedWithCustomError(auction, "AccessDenied")
        .withArgs(generator.address, 2);
      const op = auction.connect(operator);
      await expect(op.openAuction(P, now, now + 200, WINDOW, PRICE_CAP, 10)).to.be.revertedWithCustomError(auction, "BadSchedule");
      await expect(op.openAuction(P, now + 100, now + 100, WINDOW, PRICE_CAP, 10)).to.be.revertedWithCustomError(auction, "BadSchedule");
      await expect(op.openAuction(P, now + 100, now + 200, 59, PRICE_CAP, 10)).to.be.revertedWithCustomError(auction, "BadChallengeWindow").withArgs(59);
      await expect(op.openAuction(P, now + 100, now + 200, 30 * 86400 + 1, PRICE_CAP, 10)).to.be.revertedWithCustomError(auction, "BadChallengeWindow");
      await expect(op.openAuction(P, now + 100, now + 200, WINDOW, 0, 10)).to.be.revertedWithCustomError(auction, "BadPriceCap").withArgs(0);
      await expect(op.openAuction(P, now + 100, now + 200, WINDOW, PRICE_CAP, 0)).to.be.revertedWithCustomError(auction, "BadOrderCap").withArgs(0);
      await expect(op.openAuction(P, now + 100, now + 200, WINDOW, PRICE_CAP, 10_001)).to.be.revertedWithCustomError(auction, "BadOrderCap").withArgs(10_001);
      await expect(op.openAuction(P, now + 100, now + 200, WINDOW, PRICE_CAP, 10))
        .to.emit(auction, "AuctionOpened")
        .withArgs(P, now + 100, now + 200, WINDOW, PRICE_CAP, 10, operator.address);
      await expect(op.openAuction(P, now + 300, now + 400, WINDOW, PRICE_CAP, 10)).to.be.revertedWithCustomError(auction, "AuctionExists").withArgs(P);
      expect(await auction.phaseOf(P)).to.equal(Phase.Commit);
      expect(await auction.phaseOf(P + 1n)).to.equal(Phase.None);
    });
  });

  describe("commit and amend", () => {
    it("[ENG-41] lib's orderCommitment is the contract's commitmentOf (every field bound)", async () => {
      const { auction, generator, chainId } = f;
      const address = await auction.getAddress();
      for (let k = 0; k < 5; k++) {
        const order = { side: (k % 2) as 0 | 1, quantity: 1 + k * 977, price: 1 + k * 31_337, salt: newSalt() };
        const place = { chainId, auction: address, period: P + BigInt(k), bidder: generator.address, slot: k };
        expect(orderCommitment(place, order)).to.equal(await auction.commitmentOf(place.period, place.bidder, k, order.side, order.quantity, order.price, order.salt));
      }
      const base = { chainId, auction: address, period: P, bidder: generator.address, slot: 0 };
      const order = { side: OFFER as 0 | 1, quantity: 100, price: 40_000, salt: newSalt() };
      const h = orderCommitment(base, order);
      const variants = [
        orderCommitment({ ...base, chainId: chainId + 1n }, order),
        orderCommitment({ ...base, auction: f.consumer.address }, order),
        orderCommitment({ ...base, period: P + 1n }, order),
        orderCommitment({ ...base, bidder: f.consumer.address }, order),
        orderCommitment({ ...base, slot: 1 }, order),
        orderCommitment(base, { ...order, side: BID }),
        orderCommitment(base, { ...order, quantity: 101 }),
        orderCommitment(base, { ...order, price: 40_001 }),
        orderCommitment(base, { ...order, salt: newSalt() }),
      ];
      expect(new Set([h, ...variants]).size).to.equal(variants.length + 1);
    });

    it("[ENG-42] a first commitment needs a market role, an open commit phase, a slot below 16 and room under the cap", async () => {
      const { auction, operator, generator, consumer, outsider, regulator } = f;
      const c = ethers.id("order");
      await expect(auction.connect(generator).commit(P, 0, c)).to.be.revertedWithCustomError(auction, "UnknownAuction").withArgs(P);
      await openAuction(auction, operator, P, { orderCap: 2 });
      await expect(auction.connect(outsider).commit(P, 0, c)).to.be.revertedWithCustomError(auction, "NotMarketParticipant").withArgs(outsider.address);
      await expect(auction.connect(operator).commit(P, 0, c)).to.be.revertedWithCustomError(auction, "NotMarketParticipant").withArgs(operator.address);
      await expect(auction.connect(generator).commit(P, 16, c)).to.be.revertedWithCustomError(auction, "BadSlot").withArgs(16);
      await expect(auction.connect(generator).commit(P, 0, c)).to.emit(auction, "OrderCommitted").withArgs(P, generator.address, 0, c);
      // a frozen participant commits nothing
      await auction.connect(regulator).freeze(consumer.address, "investigation");
      await expect(auction.connect(consumer).commit(P, 0, c)).to.be.revertedWithCustomError(auction, "NotMarketParticipant").withArgs(consumer.address);
      await auction.connect(regulator).unfreeze(consumer.address, "cleared");
      await auction.connect(consumer).commit(P, 0, c);
      await expect(auction.connect(f.retailer).commit(P, 0, c)).to.be.revertedWithCustomError(auction, "OrderCapReached").withArgs(P, 2);
      expect((await auction.auctionOf(P)).committed).to.equal(2n);
      await toReveal(auction, P);
      await expect(auction.connect(generator).commit(P, 1, c)).to.be.revertedWithCustomError(auction, "CommitClosed");
    });

    it("[ENG-43] an amendment replaces the hash until the deadline and takes no place under the cap", async () => {
      const { auction, operator, generator } = f;
      const { commitDeadline } = await openAuction(auction, operator, P, { orderCap: 1 });
      const first = await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 100, price: 40_000 });
      const second = await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 80, price: 39_000 });
      const [state, deadline, digest] = await auction.slotOf(P, generator.address, 0);
      expect([state, deadline, digest]).to.deep.equal([1n, BigInt(commitDeadline), second.commitment.slice(0, 50)]);
      expect((await auction.auctionOf(P)).committed).to.equal(1n);
      await expect(auction.connect(generator).commit(P, 0, first.commitment)).to.emit(auction, "OrderAmended").withArgs(P, generator.address, 0, first.commitment);
      await toReveal(auction, P);
      await expect(auction.connect(generator).commit(P, 0, second.commitment)).to.be.revertedWithCustomError(auction, "CommitClosed").withArgs(P, commitDeadline);
      // the old version no longer reveals; the last one does
      await expect(revealOrder(auction, P, second)).to.be.revertedWithCustomError(auction, "CommitmentMismatch");
      await revealOrder(auction, P, first);
      await expect(auction.connect(generator).commit(P, 0, second.commitment)).to.be.revertedWithCustomError(auction, "AlreadyRevealed");
    });
  });

  describe("reveal", () => {
    it("[ENG-44] a reveal must fall between the deadlines, match the commitment, be well formed and fit the bidder's roles", async () => {
      const { auction, operator, generator, consumer, retailer, regulator } = f;
      const { commitDeadline, revealDeadline } = await openAuction(auction, operator, P);
      const offer = await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 100, price: 40_000 });
      const wrongSide = await commitOrder(auction, consumer, P, 0, { side: OFFER, quantity: 100, price: 40_000 });
      const badSide = await commitOrder(auction, retailer, P, 0, { side: 2 as 0, quantity: 100, price: 40_000 });
      const zero = await commitOrder(auction, retailer, P, 1, { side: BID, quantity: 0, price: 40_000 });
      const overCap = await commitOrder(auction, retailer, P, 2, { side: BID, quantity: 10, price: PRICE_CAP + 1 });
      const frozen = await commitOrder(auction, consumer, P, 1, { side: BID, quantity: 10, price: 41_000 });
      await expect(revealOrder(auction, P, offer)).to.be.revertedWithCustomError(auction, "NotRevealPhase").withArgs(P, commitDeadline, revealDeadline);
      await toReveal(auction, P);
      await expect(auction.connect(consumer).reveal(P, 5, BID, 1, 1, newSalt())).to.be.revertedWithCustomError(auction, "NoCommitment").withArgs(P, consumer.address, 5);
      await expect(auction.connect(generator).reveal(P, 0, OFFER, 101, 40_000, offer.salt)).to.be.revertedWithCustomError(auction, "CommitmentMismatch").withArgs(P, generator.address, 0);
      await expect(auction.connect(generator).reveal(P, 0, OFFER, 100, 40_000, newSalt())).to.be.revertedWithCustomError(auction, "CommitmentMismatch");
      await expect(revealOrder(auction, P, wrongSide)).to.be.revertedWithCustomError(auction, "SideNotAllowed").withArgs(consumer.address, OFFER);
      await expect(revealOrder(auction, P, badSide)).to.be.revertedWithCustomError(auction, "BadSide").withArgs(2);
      await expect(revealOrder(auction, P, zero)).to.be.revertedWithCustomError(auction, "BadQuantity").withArgs(0);
      await expect(revealOrder(auction, P, overCap)).to.be.revertedWithCustomError(auction, "BadPrice").withArgs(PRICE_CAP + 1, PRICE_CAP);
      await auction.connect(regulator).freeze(consumer.address, "meter tampering");
      await expect(revealOrder(auction, P, frozen)).to.be.revertedWithCustomError(auction, "NotMarketParticipant").withArgs(consumer.address);
      await expect(revealOrder(auction, P, offer)).to.emit(auction, "OrderRevealed").withArgs(P, generator.address, 0, 0, OFFER, 100, 40_000);
      await toClearing(auction, P);
      await auction.connect(regulator).unfreeze(consumer.address, "cleared");
      await expect(revealOrder(auction, P, frozen)).to.be.revertedWithCustomError(auction, "NotRevealPhase");
      expect(await bookOf(auction, P)).to.deep.equal([{ side: OFFER, quantity: 100, price: 40_000 }]);
    });

    it("[ENG-45] a reveal counts once and binds its bidder, slot, period, contract and chain", async () => {
      const { auction, operator, generator, retailer, chainId } = f;
      await openAuction(auction, operator, P);
      await openAuction(auction, operator, P + 1n);
      const o = await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 100, price: 40_000 });
      // the same order hash committed by another bidder, another slot and another period
      await auction.connect(retailer).commit(P, 0, o.commitment);
      await auction.connect(generator).commit(P, 1, o.commitment);
      await auction.connect(generator).commit(P + 1n, 0, o.commitment);
      const unrevealed = await commitOrder(auction, retailer, P, 3, { side: BID, quantity: 5, price: 50_000 });
      await toReveal(auction, P);
      await toReveal(auction, P + 1n);
      await revealOrder(auction, P, o);
      await expect(revealOrder(auction, P, o)).to.be.revertedWithCustomError(auction, "AlreadyRevealed").withArgs(P, generator.address, 0);
      await expect(auction.connect(retailer).reveal(P, 0, OFFER, 100, 40_000, o.salt)).to.be.revertedWithCustomError(auction, "CommitmentMismatch");
      await expect(auction.connect(generator).reveal(P, 1, OFFER, 100, 40_000, o.salt)).to.be.revertedWithCustomError(auction, "CommitmentMismatch");
      await expect(auction.connect(generator).reveal(P + 1n, 0, OFFER, 100, 40_000, o.salt)).to.be.revertedWithCustomError(auction, "CommitmentMismatch");
      // the same order on another auction contract or chain hashes differently
      const other = orderCommitment({ chainId: chainId + 1n, auction: await auction.getAddress(), period: P, bidder: generator.address, slot: 0 }, o);
      expect(other).to.not.equal(o.commitment);
      const [state, , , index] = await auction.slotOf(P, generator.address, 0);
      expect([state, index]).to.deep.equal([2n, 0n]);
      expect((await auction.auctionOf(P)).revealed).to.equal(1n);
      await toClearing(auction, P);
      // the unrevealed bid never enters the book
      expect(unrevealed.quantity).to.equal(5);
      expect(await bookOf(auction, P)).to.have.length(1);
    });
  });

  describe("posting, sealing, final", () => {
    async function book() {
      const { auction, operator, generator, retailer, consumer } = f;
      await openAuction(auction, operator, P);
      const orders = [
        await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 1_000, price: 30_000 }),
        await commitOrder(auction, generator, P, 1, { side: OFFER, quantity: 1_000, price: 45_000 }),
        await commitOrder(auction, consumer, P, 0, { side: BID, quantity: 1_500, price: 50_000 }),
        await commitOrder(auction, retailer, P, 0, { side: BID, quantity: 600, price: 45_000 }),
        await commitOrder(auction, retailer, P, 1, { side: OFFER, quantity: 300, price: 60_000 }),
      ];
      await toReveal(auction, P);
      for (const o of orders) await revealOrder(auction, P, o);
      return orders;
    }

    it("[ENG-46] lib clears the hand-computed book: price 45,000, bids at the price pro-rated", async () => {
      await book();
      const r = clear(await bookOf(f.auction, P));
      // offers <= 45,000: 2,000 kWh; bids > 45,000: 1,500; bids at 45,000 (600) share 500
      expect(r).to.deep.equal({ price: 45_000, accepted: [1_000, 1_000, 1_500, 500, 0] });
    });

    it("[ENG-47] only the operator posts, after the reveal deadline, in index order, within the book; pages resume and a posting restarts until sealed", async () => {
      await book();
      const { auction, operator, generator } = f;
      const op = auction.connect(operator);
      const r = clear(await bookOf(auction, P));
      await expect(op.postResult(P, r.price, 0, r.accepted)).to.be.revertedWithCustomError(auction, "RevealNotOver");
      await expect(op.postResult(P + 9n, r.price, 0, r.accepted)).to.be.revertedWithCustomError(auction, "UnknownAuction").withArgs(P + 9n);
      await toClearing(auction, P);
      await expect(auction.connect(generator).postResult(P, r.price, 0, r.accepted)).to.be.revertedWithCustomError(auction, "AccessDenied");
      await expect(op.postResult(P, PRICE_CAP + 1, 0, r.accepted)).to.be.revertedWithCustomError(auction, "PriceAboveCap");
      await expect(op.postResult(P, r.price, 1, [1_000])).to.be.revertedWithCustomError(auction, "WrongPage").withArgs(P, 1, 0);
      await expect(op.postResult(P, r.price, 0, [...r.accepted, 0])).to.be.revertedWithCustomError(auction, "PageOutOfRange").withArgs(P, 6, 5);
      await expect(op.postResult(P, r.price, 0, [1_001])).to.be.revertedWithCustomError(auction, "AcceptedAboveQuantity").withArgs(0, 1_001, 1_000);
      await expect(op.sealResult(P)).to.be.revertedWithCustomError(auction, "PostingIncomplete").withArgs(P, 0, 5);
      await expect(op.postResult(P, r.price, 0, r.accepted.slice(0, 2))).to.emit(auction, "ResultPosted").withArgs(P, r.price, 0, 2, operator.address);
      await expect(op.sealResult(P)).to.be.revertedWithCustomError(auction, "PostingIncomplete").withArgs(P, 2, 5);
      await expect(op.postResult(P, r.price, 3, r.accepted.slice(3))).to.be.revertedWithCustomError(auction, "WrongPage").withArgs(P, 3, 2);
      await expect(op.postResult(P, r.price - 1, 2, r.accepted.slice(2))).to.be.revertedWithCustomError(auction, "PriceMismatch").withArgs(P, r.price, r.price - 1);
      // restart from 0: the first page's sums are dropped
      await op.postResult(P, r.price, 0, r.accepted.slice(0, 3));
      await op.postResult(P, r.price, 3, r.accepted.slice(3));
      const posted = await auction.resultOf(P);
      expect([posted.posted, posted.acceptedDemand, posted.acceptedSupply]).to.deep.equal([5n, 2_000n, 2_000n]);
      await expect(op.sealResult(P)).to.emit(auction, "ResultSealed");
      await expect(op.postResult(P, r.price, 0, r.accepted)).to.be.revertedWithCustomError(auction, "AlreadySealed").withArgs(P);
      await expect(op.sealResult(P)).to.be.revertedWithCustomError(auction, "AlreadySealed").withArgs(P);
    });

    it("[ENG-48] posting refuses an out-of-the-money order accepted and an in-the-money order not filled", async () => {
      await book();
      const { auction, operator } = f;
      await toClearing(auction, P);
      const op = auction.connect(operator);
      // offer at 60,000 above 45,000
      await expect(op.postResult(P, 45_000, 0, [1_000, 1_000, 1_500, 200, 300])).to.be.revertedWithCustomError(auction, "WrongSideAccepted").withArgs(4, 300);
      // bid at 50,000 above the price, short of its 1,500
      await expect(op.postResult(P, 45_000, 0, [1_000, 1_000, 1_400, 600, 0])).to.be.revertedWithCustomError(auction, "NotFilled").withArgs(2, 1_400, 1_500);
      // offer at 30,000 below the price, short
      await expect(op.postResult(P, 45_000, 0, [999, 1_000, 1_500, 501, 0])).to.be.revertedWithCustomError(auction, "NotFilled").withArgs(0, 999, 1_000);
      // price 0 (no trade) with anything accepted
      await expect(op.postResult(P, 0, 0, [0, 0, 0, 0, 1])).to.be.revertedWithCustomError(auction, "WrongSideAccepted").withArgs(4, 1);
    });

    it("[ENG-49] the seal refuses unbalanced volume (what a price below the crossing comes to)", async () => {
      await book();
      const { auction, operator } = f;
      await toClearing(auction, P);
      const op = auction.connect(operator);
      // bids at the price over-served: 2,100 bought against 2,000 sold
      await op.postResult(P, 45_000, 0, [1_000, 1_000, 1_500, 600, 0]);
      await expect(op.sealResult(P)).to.be.revertedWithCustomError(auction, "Unbalanced").withArgs(2_100, 2_000);
      // 44,999 or 50,000: an order strictly in the money left unfilled is refused while posting,
      // so a price off the crossing surfaces as imbalance
      await op.postResult(P, 44_999, 0, [1_000, 0, 1_500, 600, 0]);
      await expect(op.sealResult(P)).to.be.revertedWithCustomError(auction, "Unbalanced").withArgs(2_100, 1_000);
    });

    it("[ENG-49] a price inside the gap above the lowest crossing is refused at the seal (PriceNotLowest)", async () => {
      const { auction, operator, generator, consumer } = f;
      await openAuction(auction, operator, P);
      const a = await commitOrder(auction, consumer, P, 0, { side: BID, quantity: 100, price: 50_000 });
      const b = await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 100, price: 30_000 });
      await toReveal(auction, P);
      await revealOrder(auction, P, a);
      await revealOrder(auction, P, b);
      await toClearing(auction, P);
      // every price 30,000..50,000 fills both; the rule takes the lowest, 30,000
      await auction.connect(operator).postResult(P, 40_000, 0, [100, 100]);
      await expect(auction.connect(operator).sealResult(P)).to.be.revertedWithCustomError(auction, "PriceNotLowest").withArgs(40_000, 100, 100);
      expect(clear(await bookOf(auction, P))).to.deep.equal({ price: 30_000, accepted: [100, 100] });
      await postAndSeal(auction, operator, P, { price: 30_000, accepted: [100, 100] });
    });

    it("[ENG-49] a positive price where nothing crosses is refused at the seal", async () => {
      const { auction, operator, generator, consumer } = f;
      await openAuction(auction, operator, P);
      const a = await commitOrder(auction, consumer, P, 0, { side: BID, quantity: 10, price: 20_000 });
      const b = await commitOrder(auction, generator, P, 0, { side: OFFER, quantity: 10, price: 30_000 });
      await toReveal(auction, P);
      await revealOrder(auction, P, a);
      await revealOrder(auction, P, b);
      await toClearing(auction, P);
      await auction.connect(operator).postResult(P, 20_000, 0, [0, 0]);
      await expect(auction.connect(operator).sealResult(P)).to.be.revertedWithCustomError(auction, "NoTradeAtPrice").withArgs(20_000);
      expect(clear(await bookOf(auction, P))).to.deep.equal({ price: 0, accepted: [0, 0] });
      await postAndSeal(auction, operator, P, { price: 0, accepted: [0, 0] });
    });

    it("[ENG-53] [ENG-54] the result becomes final after the window: each participant's kWh and the price", async () => {
      await book();
      const { auction, operator, generator, retailer, consumer } = f;
      expect(await auction.phaseOf(P)).to.equal(Phase.Reveal);
      await toClearing(auction, P);
      expect(await auction.phaseOf(P)).to.equal(Phase.Clearing);
      const r = clear(await bookOf(auction, P));
      await expect(auction.clearedOf(P, generator.address)).to.be.revertedWithCustomError(auction, "NotFinal").withArgs(P);
      await postAndSeal(auction, operator, P, r);
      expect(await auction.phaseOf(P)).to.equal(Phase.Challenge);
      await expect(auction.clearedOf(P, generator.address)).to.be.revertedWithCustomError(auction, "NotFinal");
      await networkHelpers.time.increase(WINDOW + 1);
      expect(await auction.phaseOf(P)).to.equal(Phase.Final);
      expect(await auction.clearedOf(P, generator.address)).to.deep.equal([0n, 2_000n, 45_000n]);
      expect(await auction.clearedOf(P, consumer.address)).to.deep.equal([1_500n, 0n, 45_000n]);
      expect(await auction.clearedOf(P, retailer.address)).to.deep.equal([500n, 0n, 45_000n]);
      expect(await auction.clearedOf(P, f.outsider.address)).to.deep.equal([0n, 0n, 45_000n]);
      await expect(auction.challenge(P, 3, 3, 0)).to.be.revertedWithCustomError(auction, "ChallengeWindowClosed");
    });

    it("[ENG-55] a pause stops opening, commits, reveals, posting and sealing; a challenge stays open", async () => {
      const orders = await book();
      const { auction, operator, regulator, generator } = f;
      await auction.connect(regulator).pause("market suspended");
      const now = await networkHelpers.time.latest();
      await expect(auction.connect(operator).openAuction(P + 1n, now + 100, now + 200, WINDOW, PRICE_CAP, 5)).to.be.revertedWithCustomError(auction, "ModulePaused");
      await expect(auction.connect(generator).commit(P, 2, ethers.id("x"))).to.be.revertedWithCustomError(auction, "ModulePaused");
      await expect(revealOrder(auction, P, orders[0])).to.be.revertedWithCustomError(auction, "ModulePaused");
      await auction.connect(regulator).unpause("resumed");
      await toClearing(auction, P);
      const r = clear(await bookOf(auction, P));
      await auction.connect(operator).postResult(P, r.price, 0, r.accepted);
      await auction.connect(regulator).pause("again");
      await expect(auction.connect(operator).postResult(P, r.price, 0, r.accepted)).to.be.revertedWithCustomError(auction, "ModulePaused");
      await expect(auction.connect(operator).sealResult(P)).to.be.revertedWithCustomError(auction, "ModulePaused");
      await auction.connect(regulator).unpause("resumed");
      await auction.connect(operator).sealResult(P);
      await auction.connect(regulator).pause("again");
      await expect(auction.challenge(P, 3, 3, 0)).to.be.revertedWithCustomError(auction, "NoViolation").withArgs(P, 3, 3, 0);
    });
  });
});
