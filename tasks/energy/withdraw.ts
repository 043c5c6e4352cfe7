import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { formatAmount } from "../../lib/core/amounts.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveSettlement } from "../../lib/energy/statements-deployment.js";
import { parsePeriod } from "../../lib/energy/statements-input.js";

interface Args {
  period: string;
  settlement: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function marketWithdraw(args: Args, hre: HardhatRuntimeEnvironment) {
  const period = parsePeriod(args.period);
  const ctx = await connect(hre, args);
  const settlement = await resolveSettlement(ctx, args.settlement);
  const signer = await ctx.signer();
  const s = settlement.connect(signer);
  // Refusals (not final, already paid, nothing to withdraw, pool short) surface here, by name, before sending.
  await s.withdraw.staticCall(period);
  const amount = -(await settlement.getStatement(period, signer.address)).net;
  const receipt = await ctx.wait(s.withdraw(period));
  const out = { period: period.toString(), account: signer.address, amount: amount.toString(), tx: receipt.hash };
  if (args.json) printJson(out);
  else print(`withdrew ${formatAmount(amount)} for ${signer.address}, period ${period}\ntx ${receipt.hash}`);
  return out;
}

export default runAction(marketWithdraw);
