import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { planSetLedger, resolvePoints } from "../../lib/certificates/operator.js";

interface Args {
  ledger: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

/** Wires the registry to its points ledger (PLATFORM_OPERATOR); already wired: nothing is sent. */
async function setLedger(args: Args, hre: HardhatRuntimeEnvironment) {
  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const points = await resolvePoints(ctx, args.ledger);
  const signer = await ctx.signer();
  const plan = await planSetLedger(registry, points, signer.address);
  let tx: string | null = null;
  if (!plan.unchanged) {
    const r = registry.connect(signer);
    await r.setLedger.staticCall(plan.ledger);
    tx = (await ctx.wait(r.setLedger(plan.ledger))).hash;
  }
  const out = { registry: await registry.getAddress(), ledger: plan.ledger, previous: plan.current, tx };
  if (args.json) printJson(out);
  else {
    print(plan.unchanged ? `registry ${out.registry} already reports to points ledger ${plan.ledger}; nothing was sent` : `registry ${out.registry} now reports contributions to points ledger ${plan.ledger}`);
    if (tx) print(`tx ${tx}`);
  }
  return out;
}

export default runAction(setLedger);
