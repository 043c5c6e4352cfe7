import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { parseAddress } from "../../lib/core/parse.js";
import { runAction } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { planSetIssuer } from "../../lib/certificates/issuers.js";

interface Args {
  account: string;
  types: string;
  anyType: boolean;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function setIssuerKey(args: Args, hre: HardhatRuntimeEnvironment) {
  const account = parseAddress("account", args.account, "the issuer key's address");
  const typeInputs = args.types.split(",").map((t) => t.trim()).filter(Boolean);
  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const consortium = await ctx.ethers.getContractAt("Consortium", await registry.consortium());
  const signer = await ctx.signer();
  const plan = await planSetIssuer(registry, consortium, signer.address, account, typeInputs, args.anyType);
  const r = registry.connect(signer);
  const typeIds = plan.types.map((t) => t.typeId);
  await r.setIssuer.staticCall(account, typeIds, plan.anyType);
  const receipt = await ctx.wait(r.setIssuer(account, typeIds, plan.anyType));
  const out = { account, member: plan.member, memberName: plan.memberName, typeIds, types: plan.types.map((t) => t.name), anyType: plan.anyType, notes: plan.notes, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    const listed = plan.types.map((t) => `"${t.name}" (type ${t.typeId})`).join(", ");
    const scope = [listed, plan.anyType ? "any type its member may issue" : ""].filter(Boolean).join(" and ");
    print(`enrolled ${account} as an issuer key of member ${plan.member} (${plan.memberName}) for ${scope}`);
    for (const n of plan.notes) print(`note: ${n}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(setIssuerKey);
