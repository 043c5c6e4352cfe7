import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildPeriod, pageEntries, termsFromChain } from "../../lib/energy/statements.js";
import { fails, ok, runTask } from "../kit/inprocess.js";
import { closePeriod, DAY, ethers, networkHelpers, PERIOD, registerK1, statementsFixture, StatementState, type StatementsFixture } from "../kit/energy-settlement.js";

// The market:* statement tasks run in-process, as the CLI runs them.

let dir: string;
let f: StatementsFixture;
let settlement: string;

/** The period of the fixture's example as a period file (legs as BilateralContracts lists them). */
async function periodFile(f: StatementsFixture, k1: string) {
  const quantities = [
    { who: f.cons.address, metered: 820_000_000n, cleared: 300_000_000n, legs: [{ id: k1, quantityWh: "500000000", price: "38000" }] },
    { who: f.gen.address, metered: -790_000_000n, cleared: -300_000_000n, legs: [{ id: k1, quantityWh: "-500000000", price: "38000" }] },
    { who: f.ret.address, metered: 2_000_000n, cleared: 0n, legs: [] },
    { who: f.solar.address, metered: -2_000_000n, cleared: 0n, legs: [] },
  ];
  await closePeriod(f, quantities.map((q) => ({ who: q.who, metered: q.metered, cleared: q.cleared })));
  const file = path.join(dir, "period-1.json");
  writeFileSync(
    file,
    JSON.stringify({ period: 1, participants: quantities.map((q) => ({ participant: q.who, contracts: q.legs, clearedWh: q.cleared.toString(), meteredWh: q.metered.toString() })) }),
  );
  return file;
}

describe("energy statements: market:* tasks", function () {
  this.timeout(120_000);

  beforeEach(async () => {
    f = await statementsFixture();
    settlement = await f.settlement.getAddress();
    dir = mkdtempSync(path.join(tmpdir(), "market-tasks-"));
  });

  it("[ENG-153] market:contract signs for each party and registers from both signatures; bad input is one line", async () => {
    const bilateral = await f.bilateral.getAddress();
    const base = { bilateral, seller: f.gen.address, buyer: f.cons.address, period: "1", quantity: "500000000", price: "38000", ref: "K1-2026", deadline: "4000000000", json: true };
    const s1 = await ok("market:contract", { ...base, sign: true, from: f.gen.address });
    const s2 = await ok("market:contract", { ...base, sign: true, from: f.cons.address });
    expect(s1.value.role).to.equal("seller");
    expect(await fails("market:contract", { ...base, sign: true, from: f.ret.address, json: false })).to.match(/neither the seller nor the buyer/);
    expect(await fails("market:contract", { ...base, quantity: "0", from: f.centre.address, json: false })).to.match(/--quantity: 0 is outside 1\.\./);
    expect(await fails("market:contract", { ...base, from: f.centre.address, json: false })).to.match(/--seller-sig is required/);
    const before = await ethers.provider.getBlockNumber();
    const bad = JSON.parse(await fails("market:contract", { ...base, from: f.centre.address, sellerSig: s2.value.signature, buyerSig: s2.value.signature }));
    expect(bad.fields.error).to.equal("BadSignature");
    expect(await ethers.provider.getBlockNumber()).to.equal(before); // nothing sent
    const r = await ok("market:contract", { ...base, from: f.centre.address, sellerSig: s1.value.signature, buyerSig: s2.value.signature });
    expect(r.value.id).to.equal(s1.value.id);
    expect((await f.bilateral.contractOf(r.value.id)).status).to.equal(1n);
    const replay = JSON.parse(await fails("market:contract", { ...base, from: f.centre.address, sellerSig: s1.value.signature, buyerSig: s2.value.signature }));
    expect(replay.fields.error).to.equal("ContractExists");
  });

  it("[ENG-153] market:settle posts in pages with a journal, resumes after an interruption without posting twice, then closes", async () => {
    const { id } = await registerK1(f);
    const file = await periodFile(f, id);
    expect(await fails("market:settle", { settlement, from: f.grid.address, file: path.join(dir, "none.json") })).to.match(/cannot read/);
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ period: 1, participants: [{ participant: "0x12", clearedWh: "1", meteredWh: "1" }] }));
    expect(await fails("market:settle", { settlement, from: f.grid.address, file: path.join(dir, "bad.json") })).to.equal(`${path.join(dir, "bad.json")}: participants[0].participant is not an address`);
    // an unbalanced file is refused before anything is posted
    const text = JSON.parse(readFileSync(file, "utf8"));
    text.participants[1].clearedWh = "-299999999";
    writeFileSync(path.join(dir, "unbalanced.json"), JSON.stringify(text));
    expect(await fails("market:settle", { settlement, from: f.grid.address, file: path.join(dir, "unbalanced.json"), page: "1" })).to.match(/sum to 1 Wh.*nothing was posted/);
    // the interruption, on a fresh chain: the agent's job posted page 0 (pages of 1), then stopped
    f = await statementsFixture();
    settlement = await f.settlement.getAddress();
    const k = await registerK1(f);
    const file2 = await periodFile(f, k.id);
    await f.settlement.connect(f.grid).openPeriod(PERIOD);
    const terms = termsFromChain(await f.settlement.termsOf(PERIOD));
    const { parsePeriodFile } = await import("../../lib/energy/statements.js");
    const built = buildPeriod({ chainId: f.chainId, settlement, period: PERIOD }, terms, parsePeriodFile(readFileSync(file2, "utf8")).participants);
    await f.settlement.connect(f.grid).postStatements(PERIOD, 0, pageEntries(built.entries, 1)[0]!);
    const r = await ok("market:settle", { settlement, from: f.grid.address, file: file2, page: "1", json: true });
    expect(r.value.resumedAt).to.equal(1);
    expect(r.value.pages).to.equal(4);
    const p = await f.settlement.getPeriod(PERIOD);
    expect([p.posted, p.pages, p.state]).to.deep.equal([4n, 4n, 2n]);
    const journal = JSON.parse(readFileSync(`${file2}.journal.json`, "utf8"));
    expect(journal.pages.map((x: { page: number }) => x.page)).to.deep.equal([1, 2, 3]);
    expect(journal.closed).to.match(/^0x/);
    // a re-run posts nothing more
    const blocks = await ethers.provider.getBlockNumber();
    await ok("market:settle", { settlement, from: f.grid.address, file: file2, page: "1" });
    expect(await ethers.provider.getBlockNumber()).to.equal(blocks);
    // another file against this journal is refused
    writeFileSync(path.join(dir, "other.json"), readFileSync(file2, "utf8").replace("820000000", "820000001"));
    expect(await fails("market:settle", { settlement, from: f.grid.address, file: path.join(dir, "other.json"), journal: `${file2}.journal.json` })).to.match(/belongs to another run/);
    expect(existsSync(`${file2}.journal.json`)).to.equal(true);
  });

  it("[ENG-153] market:statement, market:deposit, market:dispute, market:finalize, market:withdraw", async () => {
    const { id } = await registerK1(f);
    const file = await periodFile(f, id);
    await ok("market:deposit", { settlement, from: f.cons.address, amount: "1000000" });
    expect(await fails("market:deposit", { settlement, from: f.cons.address, amount: "1,5" })).to.match(/is not an amount in yuan/);
    expect((await f.settlement.depositOf(f.cons.address))[0]).to.equal(100_000_000n);
    await ok("market:settle", { settlement, from: f.grid.address, file });
    const hash = (await f.settlement.getPeriod(PERIOD)).statementsHash;
    await f.settlement.connect(f.centre).signPeriod(PERIOD, hash);
    await f.settlement.connect(f.grid).signPeriod(PERIOD, hash);
    const text = await ok("market:statement", { settlement, period: "1", participant: f.cons.address });
    expect(text.stdout.join("\n")).to.match(/net 457500\.00 yuan \(pays\)/);
    expect(text.stdout.join("\n")).to.match(/matches the statement recomputed/);
    const json = await ok("market:statement", { settlement, period: "1", participant: f.cons.address, json: true });
    expect(json.value.lines).to.have.length(8);
    expect(json.value.matches).to.equal(true);
    const csv = await ok("market:statement", { settlement, period: "1", participant: f.cons.address, csv: true });
    expect(csv.value.csv.split("\r\n")[0]).to.equal("period,participant,revision,row,code,ref,quantity_wh,rate,rate_unit,amount_cents,amount");
    expect(await fails("market:statement", { settlement, period: "1", participant: f.outsider.address })).to.match(/has no statement in period 1/);
    expect(await fails("market:dispute", { settlement, from: f.ret.address, period: "1", line: "0", reason: "x" })).to.match(/--line: 0 is outside 1\.\.39/);
    await ok("market:dispute", { settlement, from: f.ret.address, period: "1", line: "3", reason: "meter 17 double-counted" });
    expect(await f.settlement.statementState(PERIOD, f.ret.address)).to.equal(StatementState.Disputed);
    // withdrawal before final: refused by name, nothing sent
    const early = JSON.parse(await fails("market:withdraw", { settlement, from: f.gen.address, period: "1", json: true }));
    expect(early.fields.error).to.equal("StatementNotFinal");
    expect(await fails("market:finalize", { settlement, from: f.grid.address, period: "1" })).to.match(/none AgentSigned with its dispute window passed/);
    await networkHelpers.time.increase(5 * DAY);
    const fin = await ok("market:finalize", { settlement, from: f.grid.address, period: "1", json: true });
    expect(fin.value).to.include({ finalized: 3, skipped: 1 });
    const w = await ok("market:withdraw", { settlement, from: f.gen.address, period: "1", json: true });
    expect(w.value.amount).to.equal("30590000");
    const again = JSON.parse(await fails("market:withdraw", { settlement, from: f.gen.address, period: "1", json: true }));
    expect(again.fields.error).to.equal("AlreadyPaid");
    // dispute after the window: refused by name
    const late = JSON.parse(await fails("market:dispute", { settlement, from: f.cons.address, period: "1", line: "1", reason: "late", json: true }));
    expect(late.fields.error).to.equal("WrongStatementState");
    const r = await runTask("market:statement", { settlement, period: "1", participant: f.gen.address, json: true });
    expect(r.value.state).to.equal("Paid");
  });
});
