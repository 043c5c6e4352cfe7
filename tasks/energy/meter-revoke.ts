import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { parseMeterId, planMeterChange } from "../../lib/energy/operator.js";

interface Args {
  id: string;
  reason: string;
  meters: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function revokeMeter(args: Args, hre: HardhatRuntimeEnvironment) {
  const meterId = parseMeterId(args.id);
  const reason = args.reason.trim();
  if (!reason) throw new UserError(CoreError.MISSING_INPUT, "--reason is required (why the meter is revoked; it goes into the event)", { field: "reason" });
  const ctx = await connect(hre, args);
  const meters = await resolveMeters(ctx, args.meters);
  const consortium = await ctx.ethers.getContractAt("Consortium", await meters.consortium());
  const signer = await ctx.signer();
  const plan = await planMeterChange(meters, consortium, signer.address, meterId);
  const m = meters.connect(signer);
  await m.revokeMeter.staticCall(meterId, reason);
  const receipt = await ctx.wait(m.revokeMeter(meterId, reason));
  const out = { meterId, key: plan.key, reason, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`meter ${meterId} revoked (${reason}): its key ${plan.key} signs nothing any more; its readings so far stay`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(revokeMeter);
