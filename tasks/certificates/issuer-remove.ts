import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { parseAddress } from "../../lib/core/parse.js";
import { runAction } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { planRemoveIssuer } from "../../lib/certificates/issuers.js";

interface Args {
  account: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function removeIssuerKey(args: Args, hre: HardhatRuntimeEnvironment) {
  const account = parseAddress("account", args.account, "the issuer key's address");
  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const consortium = await ctx.ethers.getContractAt("Consortium", await registry.consortium());
  const signer = await ctx.signer();
  const plan = await planRemoveIssuer(registry, consortium, signer.address, account);
  const r = registry.connect(signer);
  await r.removeIssuer.staticCall(account);
  const receipt = await ctx.wait(r.removeIssuer(account));
  const out = { account, member: plan.member, memberName: plan.memberName, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`withdrew issuer key ${account} of member ${plan.member} (${plan.memberName}): orders it signed and not yet sent now fail`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(removeIssuerKey);
