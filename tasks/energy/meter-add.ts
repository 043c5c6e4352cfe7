import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { parseAddress, parseId } from "../../lib/core/parse.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { parseMeterId, planAddMeter } from "../../lib/energy/operator.js";

interface Args {
  id: string;
  owner: string;
  key: string;
  meters: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function addMeter(args: Args, hre: HardhatRuntimeEnvironment) {
  const meterId = parseMeterId(args.id);
  const owner = parseId("owner", args.owner, "member");
  const key = parseAddress("key", args.key, "the meter's signing key address");
  const ctx = await connect(hre, args);
  const meters = await resolveMeters(ctx, args.meters);
  const consortium = await ctx.ethers.getContractAt("Consortium", await meters.consortium());
  const signer = await ctx.signer();
  const { operator } = await planAddMeter(meters, consortium, signer.address, meterId, owner, key);
  const m = meters.connect(signer);
  await m.addMeter.staticCall(meterId, owner, key);
  const receipt = await ctx.wait(m.addMeter(meterId, owner, key));
  const out = { meterId, owner: Number(owner), operator: Number(operator), key, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`meter ${meterId} registered for participant ${owner} by operator member ${operator}, key ${key}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(addMeter);
