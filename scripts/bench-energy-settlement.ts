/**
 * Benchmark of period settlement (EnergySettlement): a period of 1,000 participants — 500
 * consumers and 500 generators, each pair holding a bilateral contract, all with auction
 * quantities and metered deviations — posted in pages, closed, signed, finalised in pages and
 * paid out, on the in-process London network. Every participant is a real member account that
 * pre-funded a deposit. Prints the gas per participant settled (posting + finalisation + payment)
 * next to each row's traced floor (intrinsic gas with this calldata + storage reads and writes +
 * logs, before any logic), and the blocks of 30M gas the period needs; writes
 * reports/bench-energy-settlement.json.
 *
 *   npx hardhat run scripts/bench-energy-settlement.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Wallet, type ContractTransactionResponse } from "ethers";
import { ROLES } from "../lib/access/roles.js";
import { DEFAULT_TARIFF } from "../lib/energy/statements-deployment.js";
import { buildPeriod, finalizeOrder, pageEntries, termsFromChain } from "../lib/energy/statements.js";
import type { PeriodParticipant } from "../lib/energy/settlement.js";
import { deployConsortiumWith, ethers, networkHelpers, signerOf } from "../test/kit/consortium.js";
import type { EnergyInputsMock, EnergySettlement, SettlementToken } from "../typechain-types/index.js";

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 1000);
const PAGE = Number(process.env.BENCH_PAGE ?? 200);
const BLOCK_GAS = 30_000_000;
const PER_MEMBER = 32; // MAX_ACCOUNTS_PER_MEMBER
const PERIOD = 1n;

// ------------------------------------------------------------------------------------ setup

const [deployer, grid, bank, centre, regulator] = await ethers.getSigners();
// Deterministic keys, so the figures do not move from run to run.
const wallets = Array.from({ length: PARTICIPANTS }, (_, i) => new Wallet(ethers.id(`bench-energy-${i}`)).address);
const memberCount = Math.ceil(PARTICIPANTS / PER_MEMBER);
const admins = Array.from({ length: memberCount }, (_, m) => wallets[m * PER_MEMBER]!);
const { consortium, token, modules } = await deployConsortiumWith({
  rules: { quorumBps: 5000, approvalBps: 6666, votingPeriod: 86400, executionDelay: 0, executionWindow: 86400, leadingMember: 0 },
  members: [
    { name: "State Grid Jiangsu", admins: [grid.address] },
    { name: "Bank of Nanjing", admins: [bank.address] },
    { name: "Jiangsu Power Trading Centre", admins: [centre.address] },
    { name: "Energy Regulator", admins: [regulator.address] },
    ...admins.map((a, m) => ({ name: `Participant group ${m + 1}`, admins: [a] })),
  ],
  grants: [
    { account: bank.address, role: ROLES.TOKEN_ISSUER },
    { account: regulator.address, role: ROLES.REGULATOR },
    { account: grid.address, role: ROLES.SETTLEMENT_AGENT },
    { account: centre.address, role: ROLES.MARKET_OPERATOR },
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
const settlement = modules.settlement as unknown as EnergySettlement;
const tok = token as unknown as SettlementToken;
const settlementAddress = await settlement.getAddress();
await consortium.connect(grid).addAccount(settlementAddress, false);
await settlement.connect(grid).joinMember(1n);

console.error(`setting up ${PARTICIPANTS} member accounts with deposits ...`);
const signers = await Promise.all(wallets.map((w) => signerOf(w)));
for (let i = 0; i < PARTICIPANTS; i++) {
  const m = Math.floor(i / PER_MEMBER);
  if (i % PER_MEMBER !== 0) {
    await consortium.connect(signers[m * PER_MEMBER]!).addAccount(wallets[i]!, false);
    await consortium.connect(signers[i]!).acceptAccount(BigInt(5 + m));
  }
}
const DEPOSIT = 100_000_000_000n; // 1,000,000,000.00 yuan: every debit is covered
for (let i = 0; i < PARTICIPANTS; i++) {
  await tok.connect(bank).mint(wallets[i]!, DEPOSIT, ethers.id(`bench-dep-${i}`));
  await tok.connect(signers[i]!).approve(settlementAddress, DEPOSIT);
  await settlement.connect(signers[i]!).deposit(DEPOSIT);
}

// A month: consumers (even) buy from generators (odd) by contract and in the auction.
const now = BigInt(await networkHelpers.time.latest());
await inputs.setPeriod(PERIOD, now - 31n * 86_400n, now);
await inputs.setClosed(PERIOD, true, true, 40_000n);
await settlement.connect(grid).openPeriod(PERIOD);
const terms = termsFromChain(await settlement.termsOf(PERIOD));
const participants: PeriodParticipant[] = [];
for (let i = 0; i < PARTICIPANTS; i += 2) {
  const id = ethers.id(`K-${i}`);
  const q = BigInt(100_000_000 + i * 1_000); // ~100 MWh
  const a = BigInt(50_000_000 + i * 500);
  const dev = BigInt(((i * 7919) % 13) - 6) * 1_000_000n; // -6..+6 MWh
  participants.push({ participant: wallets[i]!, contracts: [{ id, quantityWh: q, price: 38_000n }], clearedWh: a, meteredWh: q + a + dev });
  if (i + 1 < PARTICIPANTS) participants.push({ participant: wallets[i + 1]!, contracts: [{ id, quantityWh: -q, price: 38_000n }], clearedWh: -a, meteredWh: -(q + a) + dev / 2n });
}
const built = buildPeriod({ chainId: (await ethers.provider.getNetwork()).chainId, settlement: settlementAddress, period: PERIOD }, terms, participants);

// ------------------------------------------------------------------------------------ measuring

interface Split {
  intrinsic: number;
  storage: number;
  logs: number;
  logic: number;
}
interface Row {
  operation: string;
  txs: number;
  gas: number;
  /** Statements the row covers. */
  count: number;
  /** Largest single transaction. */
  maxTx: number;
  /** Traced split of the row's first transaction (the floor is intrinsic + storage + logs). */
  split?: Split & { count: number };
}
const rows: Row[] = [];

function calldataGas(data: string): number {
  let g = 0;
  for (let i = 2; i < data.length; i += 2) g += data.slice(i, i + 2) === "00" ? 4 : 16;
  return g;
}

async function traced(hash: string, data: string, gas: number): Promise<Split> {
  const trace = (await ethers.provider.send("debug_traceTransaction", [hash, { disableStorage: true, disableMemory: true, disableStack: true }])) as {
    structLogs: { op: string; gasCost: number }[];
  };
  let storage = 0;
  let logs = 0;
  for (const l of trace.structLogs) {
    if (l.op === "SLOAD" || l.op === "SSTORE") storage += l.gasCost;
    else if (l.op.startsWith("LOG")) logs += l.gasCost;
  }
  const intrinsic = 21_000 + calldataGas(data);
  return { intrinsic, storage, logs, logic: gas - intrinsic - storage - logs };
}

async function measure(operation: string, sends: (() => Promise<ContractTransactionResponse>)[], counts: number[], traceFirst = true) {
  const row: Row = { operation, txs: 0, gas: 0, count: 0, maxTx: 0 };
  for (let i = 0; i < sends.length; i++) {
    const t = await sends[i]!();
    const r = await t.wait();
    if (!r || r.status !== 1) throw new Error(`${operation}: transaction failed`);
    const g = Number(r.gasUsed);
    row.txs++;
    row.gas += g;
    row.count += counts[i]!;
    row.maxTx = Math.max(row.maxTx, g);
    if (i === 0 && traceFirst) row.split = { ...(await traced(t.hash, t.data, g)), count: counts[0]! };
  }
  rows.push(row);
}

const pages = pageEntries(built.entries, PAGE);
const agent = settlement.connect(grid);
await measure(
  `postStatements (pages of ${PAGE})`,
  pages.map((p, i) => () => agent.postStatements(PERIOD, i, p)),
  pages.map((p) => p.length),
);
const body = built.body;
await measure("closePosting (conservation check)", [() => agent.closePosting(PERIOD, built.entries.length, body)], [0]);
const hash = (await settlement.getPeriod(PERIOD)).statementsHash;
await measure("signPeriod (market operator, agent)", [() => settlement.connect(centre).signPeriod(PERIOD, hash), () => agent.signPeriod(PERIOD, hash)], [0, 0]);
await networkHelpers.time.increase(5 * 86_400);
const order = finalizeOrder(built.entries);
const payers = order.filter((_, i) => built.entries.find((e) => e.participant === order[i])!.net > 0n);
const payerSet = new Set(payers);
const rest = order.filter((p) => !payerSet.has(p));
const payerPages = pageEntries(payers.map((p) => ({ participant: p, revision: 0, net: 0n, digest: "", lines: 0 })), PAGE).map((pg) => pg.map((e) => e.participant));
const restPages = pageEntries(rest.map((p) => ({ participant: p, revision: 0, net: 0n, digest: "", lines: 0 })), PAGE).map((pg) => pg.map((e) => e.participant));
await measure(`finalize payers (debit from deposit, pages of ${PAGE})`, payerPages.map((pg) => () => settlement.finalize(PERIOD, pg)), payerPages.map((pg) => pg.length));
await measure(`finalize payees (made Final, pages of ${PAGE})`, restPages.map((pg) => () => settlement.finalize(PERIOD, pg)), restPages.map((pg) => pg.length));
const payees = rest.filter((p) => built.entries.find((e) => e.participant === p)!.net < 0n);
const signerByAddress = new Map(signers.map((s) => [s.address, s]));
await measure("withdraw (one payee, pull)", payees.map((p) => () => settlement.connect(signerByAddress.get(p)!).withdraw(PERIOD)), payees.map(() => 1));
await measure("releaseBody", [() => agent.releaseBody(PERIOD, grid.address)], [0]);

const period = await settlement.getPeriod(PERIOD);
if (period.paid !== BigInt(PARTICIPANTS)) throw new Error(`only ${period.paid} of ${PARTICIPANTS} statements paid`);

// ------------------------------------------------------------------------------------ report

const total = rows.reduce((s, r) => s + r.gas, 0);
const txs = rows.reduce((s, r) => s + r.txs, 0);
const maxTx = Math.max(...rows.map((r) => r.maxTx));
// Blocks: the transactions packed in order into 30M-gas blocks (a transaction never splits).
let blocks = 0;
let room = 0;
for (const r of rows) {
  // per-row average is enough for packing: the pages of a row are within a few percent of each other
  for (let i = 0; i < r.txs; i++) {
    const g = r.gas / r.txs;
    if (g > room) {
      blocks++;
      room = BLOCK_GAS;
    }
    room -= g;
  }
}
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const table = [["operation", "txs", "gas", "per statement", "floor/statement", "logic/statement", "largest tx"]];
for (const r of rows) {
  const per = r.count ? r.gas / r.count : undefined;
  const s = r.split;
  const floor = s && s.count ? (s.intrinsic + s.storage + s.logs) / s.count : undefined;
  const logic = s && s.count ? s.logic / s.count : undefined;
  table.push([r.operation, String(r.txs), fmt(r.gas), per === undefined ? "" : fmt(per), floor === undefined ? "" : fmt(floor), logic === undefined ? "" : fmt(logic), fmt(r.maxTx)]);
}
const widths = table[0]!.map((_, c) => Math.max(...table.map((l) => l[c]!.length)));
console.log(table.map((l) => l.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd()).join("\n"));
console.log("");
console.log(`${PARTICIPANTS} participants settled: ${fmt(total)} gas in ${txs} transactions, ${fmt(total / PARTICIPANTS)} gas per participant (posting + close + signatures + finalisation + payment + release)`);
console.log(`largest transaction ${fmt(maxTx)} gas (${((maxTx / BLOCK_GAS) * 100).toFixed(1)}% of a 30M block); ${blocks} blocks of 30M gas when packed`);
console.log("floor = intrinsic gas with this calldata + traced SLOAD/SSTORE + LOG gas of the row's first transaction, per statement; logic = the rest");

mkdirSync("reports", { recursive: true });
// The report's bench format (tooling/report/inputs.ts): one gas row per step, per statement where
// the step covers statements, with its traced floor in the note; then the whole period.
const reportRows = rows.map((r) => {
  const sp = r.split;
  const floor = sp && sp.count ? Math.ceil((sp.intrinsic + sp.storage + sp.logs) / sp.count) : undefined;
  const per = r.count > 1 ? Math.ceil(r.gas / r.count) : r.gas;
  return {
    system: "energy",
    operation: r.count > 1 ? `settlement: ${r.operation} (per statement)` : `settlement: ${r.operation}`,
    gas: per,
    note: `${r.txs} transaction(s), ${r.gas} gas in all, largest ${r.maxTx}${floor === undefined ? "" : `; traced floor ${floor} per statement`}`,
  };
});
reportRows.push({
  system: "energy",
  operation: `settlement: a period of ${PARTICIPANTS} participants (per participant)`,
  gas: Math.ceil(total / PARTICIPANTS),
  note: `${txs} transactions, ${total} gas in all, largest ${maxTx} (${((maxTx / BLOCK_GAS) * 100).toFixed(1)}% of a 30M block), ${blocks} blocks of 30M when packed`,
});
writeFileSync(
  "reports/bench-energy-settlement.json",
  JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      network: "in-process (edr-simulated, london)",
      chainId: Number((await ethers.provider.getNetwork()).chainId),
      rows: reportRows,
      participants: PARTICIPANTS,
      page: PAGE,
      blockGas: BLOCK_GAS,
      totalGas: total,
      transactions: txs,
      gasPerParticipant: total / PARTICIPANTS,
      largestTx: maxTx,
      blocks,
      steps: rows,
    },
    null,
    2,
  ) + "\n",
);
