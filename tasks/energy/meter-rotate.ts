import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { parseAddress } from "../../lib/core/parse.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { parseMeterId, planMeterChange, requireFreshKey } from "../../lib/energy/operator.js";

interface Args {
  id: string;
  key: string;
  meters: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function rotateMeterKey(args: Args, hre: HardhatRuntimeEnvironment) {
  const meterId = parseMeterId(args.id);
  const key = parseAddress("key", args.key, "the meter's new signing key address");
  const ctx = await connect(hre, args);
  const meters = await resolveMeters(ctx, args.meters);
  const consortium = await ctx.ethers.getContractAt("Consortium", await meters.consortium());
  const signer = await ctx.signer();
  const plan = await planMeterChange(meters, consortium, signer.address, meterId);
  await requireFreshKey(meters, key);
  const m = meters.connect(signer);
  await m.rotateMeterKey.staticCall(meterId, key);
  const receipt = await ctx.wait(m.rotateMeterKey(meterId, key));
  const out = { meterId, oldKey: plan.key, newKey: key, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`meter ${meterId}: key ${plan.key} replaced by ${key}; readings signed by the old key are refused from block ${receipt.blockNumber} on`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(rotateMeterKey);
