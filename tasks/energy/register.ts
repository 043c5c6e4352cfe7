import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { roleName } from "../../lib/access/roles.js";
import { resolveMeters } from "../../lib/energy/deployment.js";
import { parseTradingRole, planRegister } from "../../lib/energy/operator.js";

interface Args {
  role: string;
  meters: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function registerParticipant(args: Args, hre: HardhatRuntimeEnvironment) {
  const role = parseTradingRole(args.role);
  const ctx = await connect(hre, args);
  const meters = await resolveMeters(ctx, args.meters);
  const consortium = await ctx.ethers.getContractAt("Consortium", await meters.consortium());
  const signer = await ctx.signer();
  const { member } = await planRegister(meters, consortium, signer.address, role);
  const m = meters.connect(signer);
  await m.registerParticipant.staticCall(role);
  const receipt = await ctx.wait(m.registerParticipant(role));
  const out = { member: Number(member), role: roleName(role), account: signer.address, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`member ${member} registered in the energy market as ${roleName(role)} (by ${signer.address})`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(registerParticipant);
