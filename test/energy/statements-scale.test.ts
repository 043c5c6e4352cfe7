import { expect } from "chai";
import { Wallet } from "ethers";
import { buildPeriod, finalizeOrder, pageEntries, termsFromChain } from "../../lib/energy/statements.js";
import type { PeriodParticipant } from "../../lib/energy/settlement.js";
import { closePeriod, DAY, ethers, networkHelpers, PERIOD, statementsFixture, StatementState } from "../kit/energy-settlement.js";

const BLOCK_GAS_LIMIT = 30_000_000n;

describe("energy statements: scale", function () {
  this.timeout(300_000);

  it("[ENG-150] a 1,000-participant period posts, closes and finalises in pages each well below a 30M-gas block", async () => {
    const f = await statementsFixture();
    await closePeriod(f, []);
    await f.settlement.connect(f.grid).openPeriod(PERIOD);
    const terms = termsFromChain(await f.settlement.termsOf(PERIOD));
    const who = Array.from({ length: 1000 }, (_, i) => new Wallet(ethers.id(`scale-${i}`)).address);
    const participants: PeriodParticipant[] = [];
    for (let i = 0; i < who.length; i += 2) {
      const id = ethers.id(`K-${i}`);
      const q = BigInt(100_000_000 + i);
      participants.push({ participant: who[i]!, contracts: [{ id, quantityWh: q, price: 38_000n }], clearedWh: 1_000n, meteredWh: q + BigInt(i * 997) });
      participants.push({ participant: who[i + 1]!, contracts: [{ id, quantityWh: -q, price: 38_000n }], clearedWh: -1_000n, meteredWh: -q + BigInt(i * 13) });
    }
    const built = buildPeriod({ chainId: f.chainId, settlement: await f.settlement.getAddress(), period: PERIOD }, terms, participants);
    const pages = pageEntries(built.entries, 200);
    expect(pages).to.have.length(5);
    let largest = 0n;
    for (let i = 0; i < pages.length; i++) {
      const r = await (await f.settlement.connect(f.grid).postStatements(PERIOD, i, pages[i]!)).wait();
      if (r!.gasUsed > largest) largest = r!.gasUsed;
    }
    expect(largest < BLOCK_GAS_LIMIT / 2n, `largest posting page ${largest}`).to.equal(true);
    // a resent page is refused: nothing applied twice
    await expect(f.settlement.connect(f.grid).postStatements(PERIOD, 4, pages[4]!)).to.be.revertedWithCustomError(f.settlement, "PageOutOfOrder").withArgs(PERIOD, 5, 4);
    await f.settlement.connect(f.grid).closePosting(PERIOD, 1000, built.body);
    const hash = (await f.settlement.getPeriod(PERIOD)).statementsHash;
    await f.settlement.connect(f.centre).signPeriod(PERIOD, hash);
    await f.settlement.connect(f.grid).signPeriod(PERIOD, hash);
    await networkHelpers.time.increase(5 * DAY);
    const order = finalizeOrder(built.entries);
    for (let i = 0; i < order.length; i += 200) {
      const r = await (await f.settlement.finalize(PERIOD, order.slice(i, i + 200))).wait();
      expect(r!.gasUsed < BLOCK_GAS_LIMIT / 2n, `finalize page ${r!.gasUsed}`).to.equal(true);
    }
    const p = await f.settlement.getPeriod(PERIOD);
    expect(p.posted).to.equal(1000n);
    expect(p.sumNets).to.equal(built.totals.body.net);
    // nobody deposited: every payer is Final with its whole net as shortfall, every payee Final
    for (const e of [built.entries[0]!, built.entries[999]!]) {
      expect(await f.settlement.statementState(PERIOD, e.participant)).to.equal(e.net === 0n ? StatementState.Paid : StatementState.Final);
      if (e.net > 0n) expect(await f.settlement.shortfallOf(PERIOD, e.participant)).to.equal(e.net);
    }
  });
});
