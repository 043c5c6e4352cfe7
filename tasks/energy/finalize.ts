import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { parseAddress } from "../../lib/core/parse.js";
import { print, printJson } from "../../lib/core/output.js";
import { finalizeOrder, pageEntries } from "../../lib/energy/statements.js";
import { postedParticipants } from "../../lib/energy/statements-chain.js";
import { resolveSettlement } from "../../lib/energy/statements-deployment.js";
import { StatementsError } from "../../lib/energy/settlement-errors.js";
import { parsePeriod, parseWhole } from "../../lib/energy/statements-input.js";

interface Args {
  period: string;
  participants: string;
  page: string;
  settlement: string;
  from: string;
  confirmations: string;
  json: boolean;
}

const AGENT_SIGNED = 3n;

async function marketFinalize(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const pageSize = Number(parseWhole("page", args.page || "200", "statements per transaction", 1n, 500n));
  const given = args.participants.trim() ? args.participants.split(",").map((a, i) => parseAddress(`participants[${i}]`, a.trim())) : undefined;
  const ctx = await connect(hre, args);
  const settlement = await resolveSettlement(ctx, args.settlement);
  const signer = await ctx.signer();
  const now = BigInt((await ctx.ethers.provider.getBlock("latest"))!.timestamp);
  const candidates = given ?? (await postedParticipants(settlement, period)).map((p) => p.participant);
  if (candidates.length === 0) throw new UserError(StatementsError.UNKNOWN_STATEMENT, `period ${period} has no posted statements`, { period: period.toString() });
  // Only what can be finalised now goes in a page (a listed one that cannot is named, not sent).
  const ready: { participant: string; net: bigint }[] = [];
  const waiting: string[] = [];
  for (const who of candidates) {
    const state = await settlement.statementState(period, who);
    const deadline = await settlement.disputeDeadline(period, who);
    if (state === AGENT_SIGNED && deadline <= now) ready.push({ participant: who, net: (await settlement.getStatement(period, who)).net });
    else waiting.push(who);
  }
  if (given && waiting.length) {
    throw new UserError(StatementsError.STATEMENT_STATE, `${waiting[0]}'s statement of period ${period} cannot be finalised now (not AgentSigned, or its dispute window is still open); nothing was sent`, { participant: waiting[0]! });
  }
  if (ready.length === 0) throw new UserError(CoreError.INVALID_OPTION, `no statement of period ${period} can be finalised now (none AgentSigned with its dispute window passed)`, { period: period.toString() });
  const order = finalizeOrder(ready);
  const pages = pageEntries(order.map((p) => ({ participant: p, revision: 0, net: 0n, digest: "", lines: 0 })), pageSize).map((pg) => pg.map((e) => e.participant));
  const s = settlement.connect(signer);
  const txs: string[] = [];
  for (const pg of pages) {
    await s.finalize.staticCall(period, pg);
    txs.push((await ctx.wait(s.finalize(period, pg))).hash);
  }
  const out = { period: period.toString(), finalized: order.length, skipped: waiting.length, transactions: txs };
  if (args.json) printJson(out);
  else print(`period ${period}: ${order.length} statements final (payers first) in ${txs.length} transactions${waiting.length ? `; ${waiting.length} not ready (disputed, re-issued or still in their window)` : ""}`);
  return out;
}

export default runAction(marketFinalize);
