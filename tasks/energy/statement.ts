import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { parseAddress } from "../../lib/core/parse.js";
import { print, printJson, table, formatTime } from "../../lib/core/output.js";
import { lineCodeName, settleParticipant, statementCsv, yuan } from "../../lib/energy/settlement.js";
import { sortLegs } from "../../lib/energy/bilateral.js";
import { headerOf, termsFromChain } from "../../lib/energy/statements.js";
import { settlementReader } from "../../lib/energy/statements-chain.js";
import { resolveSettlement } from "../../lib/energy/statements-deployment.js";
import { StatementsError, STATEMENT_STATES } from "../../lib/energy/settlement-errors.js";
import { parsePeriod } from "../../lib/energy/statements-input.js";

interface Args {
  participant: string;
  period: string;
  csv: boolean;
  settlement: string;
  json: boolean;
}

async function marketStatement(args: Args, hre: HardhatRuntimeEnvironment) {
  const participant = parseAddress("participant", args.participant, "the participant's account");
  const period = parsePeriod(args.period);
  const ctx = await connect(hre, {});
  const settlement = await resolveSettlement(ctx, args.settlement);
  const onChain = await settlement.getStatement(period, participant);
  const state = STATEMENT_STATES[Number(await settlement.statementState(period, participant))]!;
  if (state === "None") throw new UserError(StatementsError.UNKNOWN_STATEMENT, `${participant} has no statement in period ${period}`, { participant, period: period.toString() });
  const reader = await settlementReader(settlement, BigInt(ctx.chainId));
  const terms = termsFromChain(await reader.terms(period));
  const revision = Number(onChain.revision);
  const previous = await reader.previousDigest(period, participant, revision);
  const header = headerOf({ chainId: BigInt(ctx.chainId), settlement: reader.settlement, period }, participant, revision, previous);
  const statement = settleParticipant(terms, {
    contracts: sortLegs(await reader.legs(period, participant)),
    clearedWh: await reader.clearedWh(period, participant),
    meteredWh: await reader.meteredWh(period, participant),
  });
  const csv = statementCsv(header, terms, statement);
  const digest = csv.trim().split("\r\n").at(-1)!.split(",")[5]!;
  const matches = digest === onChain.digest && statement.net === onChain.net;
  const shortfall = await settlement.shortfallOf(period, participant);
  if (args.csv) {
    print(csv.replace(/\r\n$/, ""));
    return { matches, csv };
  }
  const out = {
    period: period.toString(),
    participant,
    revision,
    state,
    disputeUntil: Number(onChain.disputeUntil),
    net: onChain.net.toString(),
    digest: onChain.digest,
    recomputedDigest: digest,
    matches,
    shortfall: shortfall.toString(),
    positionWh: statement.positionWh.toString(),
    meteredWh: statement.meteredWh.toString(),
    deviationWh: statement.deviationWh.toString(),
    bandWh: statement.bandWh.toString(),
    lines: statement.lines.map((l, i) => ({ line: i + 1, code: lineCodeName(l.code), ref: l.ref, quantityWh: l.quantityWh.toString(), rate: l.rate.toString(), amount: l.amount.toString() })),
  };
  if (args.json) {
    printJson(out);
    return out;
  }
  print(`statement of ${participant}, period ${period}, revision ${revision}: ${state}${out.disputeUntil ? ` (dispute window until ${formatTime(out.disputeUntil)})` : ""}`);
  print(`position ${out.positionWh} Wh, metered ${out.meteredWh} Wh, deviation ${out.deviationWh} Wh, band ${out.bandWh} Wh`);
  print(table([["line", "code", "quantity Wh", "rate", "amount (yuan)"], ...statement.lines.map((l, i) => [String(i + 1), lineCodeName(l.code), l.quantityWh.toString(), l.rate.toString(), yuan(l.amount)])]));
  print(`net ${yuan(onChain.net)} yuan (${onChain.net > 0n ? "pays" : onChain.net < 0n ? "is paid" : "nothing"})${shortfall ? `; shortfall ${yuan(shortfall)}` : ""}`);
  print(matches ? `digest ${onChain.digest} matches the statement recomputed from chain data` : `DIFFERS: on chain ${onChain.digest}, recomputed from chain data ${digest}`);
  return out;
}

export default runAction(marketStatement);
