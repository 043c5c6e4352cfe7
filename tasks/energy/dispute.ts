import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveSettlement } from "../../lib/energy/statements-deployment.js";
import { parseDigestText, parsePeriod, parseWhole } from "../../lib/energy/statements-input.js";

interface Args {
  period: string;
  line: string;
  reason: string;
  settlement: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function marketDispute(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  // Lines are numbered from 1 as market:statement prints them; the contract counts from 0.
  const line = Number(parseWhole("line", args.line, "the line number market:statement prints", 1n, 39n)) - 1;
  const reason = parseDigestText("reason", args.reason);
  const ctx = await connect(hre, args);
  const settlement = await resolveSettlement(ctx, args.settlement);
  const signer = await ctx.signer();
  const s = settlement.connect(signer);
  await s.dispute.staticCall(period, line, reason);
  const receipt = await ctx.wait(s.dispute(period, line, reason));
  const out = { period: period.toString(), participant: signer.address, line: line + 1, reason, tx: receipt.hash };
  if (args.json) printJson(out);
  else print(`disputed line ${line + 1} of ${signer.address}'s statement of period ${period} (reason ${reason})\ntx ${receipt.hash}`);
  return out;
}

export default runAction(marketDispute);
