import { expect } from "chai";
import { BID, OFFER } from "../../lib/energy/auction.js";
import { clear, findViolation, Rule, RULES, totalsAt, volumeOf, type BookOrder, type ClearingResult } from "../../lib/energy/clearing.js";
import {
  auctionFixture,
  deployAuction,
  networkHelpers,
  postAndSeal,
  randomBook,
  runBook,
  WINDOW,
  type AuctionFixture,
} from "../kit/energy-auction.js";
import type { EnergyAuction } from "../../typechain-types/index.js";

// Challenges, and the property that the chain's verification (posting, seal, challenge) accepts
// lib's clearing of random books and rejects every perturbed result, at the stage lib names.

const P = 2026070115n;
const Phase = { Clearing: 3n, Challenge: 4n };

/** Tries `result` on the chain; returns where it was stopped (or "sealed"). */
async function attempt(f: AuctionFixture, period: bigint, result: ClearingResult, pageSize: number): Promise<"post" | "seal" | "sealed"> {
  try {
    for (let from = 0; from < Math.max(result.accepted.length, 1); from += pageSize) {
      await f.auction.connect(f.operator).postResult(period, result.price, from, result.accepted.slice(from, from + pageSize));
    }
  } catch {
    return "post";
  }
  try {
    await f.auction.connect(f.operator).sealResult(period);
  } catch {
    return "seal";
  }
  return "sealed";
}

/** Every challenge that could be brought against the sealed result of `period`, each as a static call: how many succeed. */
async function successfulChallenges(auction: EnergyAuction, period: bigint, n: number): Promise<string[]> {
  const won: string[] = [];
  const tryOne = async (rule: number, a: number, b: number) => {
    try {
      await auction.challenge.staticCall(period, rule, a, b);
      won.push(`${RULES[rule]}(${a},${b})`);
    } catch (e) {
      if (!String((e as Error).message).includes("NoViolation")) throw e;
    }
  };
  for (let rule = 1; rule < RULES.length; rule++) {
    if (RULES[rule] === "RemainderOrder" || RULES[rule] === "CrossingIgnored") {
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (RULES[rule] !== "RemainderOrder" || a < b) await tryOne(rule, a, b);
    } else if (rule >= Rule.Unbalanced) await tryOne(rule, 0, 0);
    else for (let a = 0; a < n; a++) await tryOne(rule, a, 0);
  }
  return won;
}

/** Results that differ from `good` in one quantity, in the price, or by clearing a book with one side flipped. */
function perturbations(book: BookOrder[], good: ClearingResult): { what: string; result: ClearingResult }[] {
  const out: { what: string; result: ClearingResult }[] = [];
  const n = book.length;
  for (let k = 0; k < n; k++) {
    const a = [...good.accepted];
    a[k] = a[k] < book[k].quantity ? a[k] + 1 : a[k] - 1;
    out.push({ what: `order ${k} ${a[k] > good.accepted[k] ? "+" : "-"}1 kWh`, result: { price: good.price, accepted: a } });
    const to = (k + 1) % n;
    if (good.accepted[k] > 0 && to !== k && good.accepted[to] < book[to].quantity) {
      const m = [...good.accepted];
      m[k] -= 1;
      m[to] += 1;
      out.push({ what: `1 kWh moved from order ${k} to ${to}`, result: { price: good.price, accepted: m } });
    }
    const flipped = book.map((o, i) => (i === k ? { ...o, side: o.side === BID ? OFFER : BID } : o));
    const r = clear(flipped);
    out.push({ what: `cleared with order ${k}'s side flipped`, result: r });
  }
  // one kWh moved between two orders at the price on one side: totals unchanged, only the share rules see it
  const atPrice = book.map((o, i) => i).filter((i) => good.price !== 0 && book[i].price === good.price);
  for (const i of atPrice) {
    for (const j of atPrice) {
      if (i === j || book[i].side !== book[j].side || good.accepted[i] === 0 || good.accepted[j] >= book[j].quantity) continue;
      const m = [...good.accepted];
      m[i] -= 1;
      m[j] += 1;
      out.push({ what: `1 kWh moved from order ${i} to ${j} at the price`, result: { price: good.price, accepted: m } });
    }
  }
  for (const d of [-1, 1, 50]) if (good.price + d >= 0) out.push({ what: `price ${d > 0 ? "+" : ""}${d}`, result: { price: good.price + d, accepted: good.accepted } });
  if (good.price !== 0) out.push({ what: "no trade", result: { price: 0, accepted: good.accepted.map(() => 0) } });
  const same = (r: ClearingResult) => r.price === good.price && r.accepted.every((q, i) => q === good.accepted[i]);
  return out.filter((p) => !same(p.result));
}

describe("energy: auction clearing, verification and challenge", function () {
  this.timeout(600_000);

  describe("challenge", () => {
    let f: AuctionFixture;
    beforeEach(async () => {
      f = await auctionFixture();
    });

    it("[ENG-50] a marginal order denied its share is voided by challenge; the operator posts again", async () => {
      // offers 1,000 at 30,000; two bids of 600 at 45,000 share 1,000: 500 each
      const book = [
        { side: OFFER, quantity: 1_000, price: 30_000 },
        { side: BID, quantity: 600, price: 45_000 },
        { side: BID, quantity: 600, price: 45_000 },
      ];
      const { result } = await runBook(f, P, book);
      expect(result).to.deep.equal({ price: 45_000, accepted: [1_000, 500, 500] });
      const { auction, operator, outsider } = f;
      const bad = { price: 45_000, accepted: [1_000, 600, 400] };
      expect(findViolation(book, bad)).to.include({ rule: "MarginalShare", first: 1, stage: "challenge" });
      await postAndSeal(auction, operator, P, bad);
      expect(await auction.phaseOf(P)).to.equal(Phase.Challenge);
      await expect(auction.connect(outsider).challenge(P, Rule.MarginalShare, 0, 0)).to.be.revertedWithCustomError(auction, "NoViolation").withArgs(P, Rule.MarginalShare, 0, 0);
      await expect(auction.connect(outsider).challenge(P, Rule.MarginalShare, 3, 0)).to.be.revertedWithCustomError(auction, "BadChallengeIndex").withArgs(P, 3, 0);
      await expect(auction.connect(outsider).challenge(P, Rule.MarginalShare, 1, 0))
        .to.emit(auction, "ResultVoided")
        .withArgs(P, outsider.address, Rule.MarginalShare, 1, 0);
      expect(await auction.phaseOf(P)).to.equal(Phase.Clearing);
      expect((await auction.resultOf(P)).voided).to.equal(1n);
      await expect(auction.connect(outsider).challenge(P, Rule.MarginalShare, 1, 0)).to.be.revertedWithCustomError(auction, "NotSealed").withArgs(P);
      await expect(auction.connect(operator).postResult(P, 45_000, 2, [500])).to.be.revertedWithCustomError(auction, "WrongPage").withArgs(P, 2, 0);
      await postAndSeal(auction, operator, P, result);
      expect(await successfulChallenges(auction, P, book.length)).to.deep.equal([]);
      await networkHelpers.time.increase(WINDOW + 1);
      await expect(auction.challenge(P, Rule.MarginalShare, 1, 0)).to.be.revertedWithCustomError(auction, "ChallengeWindowClosed");
      expect(await auction.clearedOf(P, f.consumer.address)).to.deep.equal([500n, 0n, 45_000n]);
    });

    it("[ENG-50] leftover kWh given out of reveal order, and a crossing posted as no trade, are voided by challenge", async () => {
      // three 1 kWh bids at 100 share 2 kWh: floor 0 each, the leftovers go to orders 1 and 2
      const book = [
        { side: OFFER, quantity: 2, price: 100 },
        { side: BID, quantity: 1, price: 100 },
        { side: BID, quantity: 1, price: 100 },
        { side: BID, quantity: 1, price: 100 },
      ];
      const { result } = await runBook(f, P, book);
      expect(result).to.deep.equal({ price: 100, accepted: [2, 1, 1, 0] });
      const { auction, operator, generator } = f;
      const bad = { price: 100, accepted: [2, 0, 1, 1] };
      expect(findViolation(book, bad)).to.include({ rule: "RemainderOrder", first: 1, second: 2 });
      await postAndSeal(auction, operator, P, bad);
      await expect(auction.challenge(P, Rule.RemainderOrder, 2, 1)).to.be.revertedWithCustomError(auction, "BadChallengeIndex").withArgs(P, 2, 1);
      await expect(auction.challenge(P, Rule.RemainderOrder, 2, 3)).to.be.revertedWithCustomError(auction, "NoViolation");
      await expect(auction.connect(generator).challenge(P, Rule.RemainderOrder, 1, 3)).to.emit(auction, "ResultVoided").withArgs(P, generator.address, Rule.RemainderOrder, 1, 3);
      // no trade while bid 1 (100) meets offer 0 (100)
      const none = { price: 0, accepted: [0, 0, 0, 0] };
      expect(findViolation(book, none)).to.include({ rule: "CrossingIgnored", stage: "challenge" });
      await postAndSeal(auction, operator, P, none);
      await expect(auction.challenge(P, Rule.CrossingIgnored, 0, 1)).to.be.revertedWithCustomError(auction, "NoViolation");
      await expect(auction.challenge(P, Rule.CrossingIgnored, 1, 0)).to.emit(auction, "ResultVoided");
      await postAndSeal(auction, operator, P, result);
      expect(await successfulChallenges(auction, P, book.length)).to.deep.equal([]);
    });
  });

  describe("lib clearing", () => {
    it("[ENG-46] [ENG-52] lib's clearing of random books passes its own rules and balances, and every perturbation of it breaks a rule", () => {
      for (let seed = 1; seed <= 300; seed++) {
        const book = randomBook(1 + (seed % 40), seed, 8 + (seed % 30));
        const r = clear(book);
        expect(findViolation(book, r), `seed ${seed}`).to.equal(undefined);
        const t = totalsAt(book, r.price, r.accepted);
        expect(t.acceptedDemand, `seed ${seed}`).to.equal(t.acceptedSupply);
        expect(volumeOf(book, r)).to.equal(r.price === 0 ? 0 : Math.min(t.demandAtOrAbove, t.supplyAtOrBelow));
        for (const p of perturbations(book, r)) expect(findViolation(book, p.result), `seed ${seed}: ${p.what}`).to.not.equal(undefined);
      }
    });
  });

  describe("chain verification of random books", () => {
    // Fresh consortium with enough bidders for the books below.
    let f: AuctionFixture;
    before(async () => {
      f = await networkHelpers.loadFixture(async function bigger() {
        return deployAuction({ sellers: 2, buyers: 2 });
      });
    });

    for (let seed = 1; seed <= 6; seed++) {
      it(`[ENG-51] book ${seed}: lib's clearing passes posting, seal and every challenge; every perturbed result is stopped where lib says`, async () => {
        const period = 7_000n + BigInt(seed);
        const book = randomBook(6 + seed, seed * 7919, 4);
        const { result } = await runBook(f, period, book);
        const pageSize = 1 + (seed % 4);
        let challenged = 0;
        for (const p of perturbations(book, result)) {
          const v = findViolation(book, p.result);
          expect(v, p.what).to.not.equal(undefined);
          const reached = await attempt(f, period, p.result, pageSize);
          if (v!.stage === "shape") expect(reached, p.what).to.equal("post");
          else if (v!.stage === "post" || v!.stage === "seal") expect(reached, `${p.what}: ${v!.rule}`).to.equal(v!.stage);
          else {
            expect(reached, `${p.what}: ${v!.rule}`).to.equal("sealed");
            await expect(f.auction.challenge(period, Rule[v!.rule], v!.first, v!.second), p.what).to.emit(f.auction, "ResultVoided");
            challenged++;
          }
        }
        expect(await attempt(f, period, result, pageSize)).to.equal("sealed");
        expect(await successfulChallenges(f.auction, period, book.length)).to.deep.equal([]);
        expect((await f.auction.resultOf(period)).voided).to.equal(BigInt(challenged));
      });
    }
  });
});
