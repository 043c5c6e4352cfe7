// The statements side's fixture (bilateral contracts and period settlement) on top of the kit
// (./consortium.ts): eight founding members with their energy roles, an EnergyInputsMock
// standing in for the calendar, the meters and the auction (the merger wires EnergyMeters and
// EnergyAuction), BilateralContracts and EnergySettlement registered at genesis, the settlement
// contract made an account of the grid company's member so it can hold the token, and tokens
// minted to every participant.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ROLES } from "../../lib/access/roles.js";
import { DEFAULT_RULES, deployConsortiumWith, ethers, networkHelpers, signerOf } from "./consortium.js";
import { DEFAULT_TARIFF } from "../../lib/energy/statements-deployment.js";
import { bilateralDomain, contractId, signCancel, signTerms, type BilateralTerms } from "../../lib/energy/bilateral.js";
import { buildPeriod, pageEntries, termsFromChain, type BuiltPeriod, type Entry } from "../../lib/energy/statements.js";
import type { PeriodParticipant } from "../../lib/energy/settlement.js";
import type { BilateralContracts, EnergyInputsMock, EnergySettlement } from "../../typechain-types/index.js";

export { ethers, networkHelpers };

export const DAY = 86_400;
export const PERIOD = 1n;
/** Clearing price of the fixture's period 1: terms T of docs/energy/settlement-rules.md. */
export const CLEARING_PRICE = 40_000n;
export const MINTED = 1_000_000_000n; // 10,000,000.00 yuan each

/** Member ids. */
export const GRID = 1n;
export const CENTRE = 3n;

export const PeriodState = { None: 0n, Posting: 1n, Closed: 2n, MarketSigned: 3n, AgentSigned: 4n } as const;
export const StatementState = { None: 0n, Draft: 1n, MarketSigned: 2n, AgentSigned: 3n, Disputed: 4n, Final: 5n, Paid: 6n } as const;

async function deploy() {
  const s = await ethers.getSigners();
  const [deployer, grid, bank, centre, regulator, gen, cons, ret, solar, outsider] = s;
  const { consortium, token, modules } = await deployConsortiumWith({
    rules: DEFAULT_RULES,
    members: [
      { name: "State Grid Jiangsu", admins: [grid.address] },
      { name: "Bank of Nanjing", admins: [bank.address] },
      { name: "Jiangsu Power Trading Centre", admins: [centre.address] },
      { name: "Energy Regulator", admins: [regulator.address] },
      { name: "Huaneng Nanjing Power", admins: [gen.address] },
      { name: "Nanjing Iron & Steel", admins: [cons.address] },
      { name: "Suning Power Retail", admins: [ret.address] },
      { name: "Jiangsu Rooftop Solar", admins: [solar.address] },
    ],
    grants: [
      { account: bank.address, role: ROLES.TOKEN_ISSUER },
      { account: regulator.address, role: ROLES.REGULATOR },
      { account: grid.address, role: ROLES.SETTLEMENT_AGENT },
      { account: centre.address, role: ROLES.MARKET_OPERATOR },
      { account: gen.address, role: ROLES.GENERATOR },
      { account: cons.address, role: ROLES.CONSUMER },
      { account: ret.address, role: ROLES.RETAILER },
      { account: solar.address, role: ROLES.GENERATOR },
    ],
    modules: async ({ consortium: c, token: t }) => {
      const inputs = await ethers.deployContract("EnergyInputsMock");
      const bilateral = await ethers.deployContract("BilateralContracts", [c, inputs]);
      const settlement = await ethers.deployContract("EnergySettlement", [c, t!, bilateral, inputs, inputs, inputs, DEFAULT_TARIFF]);
      return { inputs, bilateral, settlement };
    },
    genesisModules: ["bilateral", "settlement"],
  });
  const inputs = modules.inputs as unknown as EnergyInputsMock;
  const bilateral = modules.bilateral as unknown as BilateralContracts;
  const settlement = modules.settlement as unknown as EnergySettlement;
  // The settlement contract holds deposits: the token lets only member accounts hold it.
  await consortium.connect(grid).addAccount(await settlement.getAddress(), false);
  await settlement.connect(grid).joinMember(GRID);

  const now = BigInt(await networkHelpers.time.latest());
  const start = now + BigInt(DAY);
  await inputs.setPeriod(PERIOD, start, start + 30n * BigInt(DAY));
  for (const p of [gen, cons, ret, solar, grid]) {
    await token!.connect(bank).mint(p.address, MINTED, ethers.id(`DEP-${p.address}`));
  }
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { consortium, token: token!, inputs, bilateral, settlement, deployer, grid, bank, centre, regulator, gen, cons, ret, solar, outsider, others: s.slice(10), chainId, start };
}

export type StatementsFixture = Awaited<ReturnType<typeof deploy>>;

export function statementsFixture(): Promise<StatementsFixture> {
  return networkHelpers.loadFixture(deploy);
}

/** Both parties sign `terms`; returns the signatures and the id. */
export async function signContract(f: StatementsFixture, terms: BilateralTerms, seller: HardhatEthersSigner, buyer: HardhatEthersSigner) {
  const domain = bilateralDomain(f.chainId, await f.bilateral.getAddress());
  return { sellerSig: await signTerms(seller, domain, terms), buyerSig: await signTerms(buyer, domain, terms), id: contractId(terms.seller, terms.buyer, terms.ref) };
}

export async function signCancellation(f: StatementsFixture, id: string, deadline: bigint, seller: HardhatEthersSigner, buyer: HardhatEthersSigner) {
  const domain = bilateralDomain(f.chainId, await f.bilateral.getAddress());
  return { sellerSig: await signCancel(seller, domain, id, deadline), buyerSig: await signCancel(buyer, domain, id, deadline) };
}

export function termsOf(seller: string, buyer: string, quantityWh: bigint, price: bigint, ref = "K1", deadline = 4_000_000_000n): BilateralTerms {
  return { seller, buyer, period: PERIOD, quantityWh, price, ref: ethers.id(ref), deadline };
}

/** Registers contract K1 of the rules (500 MWh at 38,000 cents/MWh, gen sells to cons). */
export async function registerK1(f: StatementsFixture) {
  const terms = termsOf(f.gen.address, f.cons.address, 500_000_000n, 38_000n);
  const { sellerSig, buyerSig, id } = await signContract(f, terms, f.gen, f.cons);
  await f.bilateral.connect(f.centre).register(terms, sellerSig, buyerSig);
  return { terms, id };
}

/** Ends period 1, closes metering and clearing with the given quantities. */
export async function closePeriod(f: StatementsFixture, quantities: { who: string; metered: bigint; cleared: bigint }[], price = CLEARING_PRICE) {
  const end = await f.inputs.periodEnd(PERIOD);
  const now = BigInt(await networkHelpers.time.latest());
  if (now < end) await networkHelpers.time.increaseTo(end);
  await f.inputs.setQuantities(PERIOD, quantities.map((q) => q.who), quantities.map((q) => q.metered), quantities.map((q) => q.cleared));
  await f.inputs.setClosed(PERIOD, true, true, price);
}

/**
 * The period of Example 10 (settlement-rules.md): consumer C with K1 +500 MWh, auction +300 MWh,
 * metered 820 MWh; generator (here `gen`) with K1 -500 MWh, auction -300 MWh, metered -790 MWh;
 * plus the retailer and the solar generator with small zero-position quantities.
 */
export async function examplePeriod(f: StatementsFixture) {
  const k1 = await registerK1(f);
  const quantities = [
    { who: f.cons.address, metered: 820_000_000n, cleared: 300_000_000n },
    { who: f.gen.address, metered: -790_000_000n, cleared: -300_000_000n },
    { who: f.ret.address, metered: 2_000_000n, cleared: 0n },
    { who: f.solar.address, metered: -2_000_000n, cleared: 0n },
  ];
  await closePeriod(f, quantities);
  await f.settlement.connect(f.grid).openPeriod(PERIOD);
  const terms = termsFromChain(await f.settlement.termsOf(PERIOD));
  const participants: PeriodParticipant[] = [];
  for (const q of quantities) {
    const legs = await f.bilateral.legsOf(PERIOD, q.who);
    participants.push({ participant: q.who, contracts: legs.map((l) => ({ id: l.id, quantityWh: l.quantityWh, price: l.price })), clearedWh: q.cleared, meteredWh: q.metered });
  }
  const built = buildPeriod({ chainId: f.chainId, settlement: await f.settlement.getAddress(), period: PERIOD }, terms, participants);
  return { k1, quantities, participants, built };
}

export async function postAll(f: StatementsFixture, entries: Entry[], pageSize = 2) {
  const pages = pageEntries(entries, pageSize);
  for (let i = 0; i < pages.length; i++) await f.settlement.connect(f.grid).postStatements(PERIOD, i, pages[i]!);
}

export function bodyTuple(b: BuiltPeriod["body"]) {
  return { fees: b.fees, assessments: b.assessments, imbalance: b.imbalance, tradeResidue: b.tradeResidue };
}

/** Posts, closes and has both signers sign: the dispute window is running. */
export async function postedAndSigned(f: StatementsFixture) {
  const ex = await examplePeriod(f);
  await postAll(f, ex.built.entries);
  await f.settlement.connect(f.grid).closePosting(PERIOD, ex.built.entries.length, bodyTuple(ex.built.body));
  const hash = (await f.settlement.getPeriod(PERIOD)).statementsHash;
  await f.settlement.connect(f.centre).signPeriod(PERIOD, hash);
  await f.settlement.connect(f.grid).signPeriod(PERIOD, hash);
  return ex;
}

/** Every participant approves and deposits `amount`. */
export async function depositAll(f: StatementsFixture, amount: bigint, who = [f.gen, f.cons, f.ret, f.solar]) {
  for (const p of who) {
    await f.token.connect(p).approve(await f.settlement.getAddress(), amount);
    await f.settlement.connect(p).deposit(amount);
  }
}

export { signerOf };
