import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseReason, reasonText } from "../../lib/certificates/index.js";
import { locate, requireIssuerKey, stateOf } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

export interface StatusArgs {
  id: string;
  receipt: string;
  reason: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

type Change = "revoke" | "suspend" | "reinstate";

const ALLOWED: Record<Change, string[]> = {
  revoke: ["active", "suspended"],
  suspend: ["active"],
  reinstate: ["suspended"],
};
const DONE: Record<Change, string> = { revoke: "revoked", suspend: "suspended", reinstate: "reinstated" };

/** revoke / suspend / reinstate a stored certificate or one leaf of a batch, checked first. */
export function statusChange(change: Change) {
  const action = async (args: StatusArgs, hre: HardhatRuntimeEnvironment) => {
    let reason: number;
    try {
      reason = parseReason(args.reason.trim() || "0");
    } catch (e) {
      throw new UserError(CoreError.INVALID_OPTION, `--reason: ${(e as Error).message}`);
    }
    const ctx = await connect(hre, args);
    const registry = await resolveRegistry(ctx, args.registry);
    const c = await locate(registry, args);
    const owner = c.record ?? c.batch!;
    const signer = await ctx.signer();
    await requireIssuerKey(registry, signer.address, { member: owner.member });
    const flagOk = change === "revoke" ? owner.revocable : owner.suspendable;
    if (!flagOk) throw new UserError(CertError.CERTIFICATE_STATE, `type ${owner.typeId} is not ${change === "revoke" ? "revocable" : "suspendable"}`);
    const state = stateOf(c);
    if (!ALLOWED[change].includes(state)) throw new UserError(CertError.CERTIFICATE_STATE, `certificate ${c.id} is ${state}: it cannot be ${DONE[change]}`);
    const r = registry.connect(signer);
    let hash: string;
    if (c.receipt?.placement) {
      const { root, index } = c.receipt.placement;
      const fn = change === "revoke" ? r.revokeLeaf : change === "suspend" ? r.suspendLeaf : r.reinstateLeaf;
      await fn.staticCall(root, index, reason);
      hash = (await ctx.wait(fn(root, index, reason))).hash;
    } else {
      const fn = change === "revoke" ? r.revoke : change === "suspend" ? r.suspend : r.reinstate;
      await fn.staticCall(c.id, reason);
      hash = (await ctx.wait(fn(c.id, reason))).hash;
    }
    const out = { certificateId: c.id, change, reason, reasonText: reasonText(reason), leaf: c.receipt?.placement ?? null, tx: hash };
    if (args.json) printJson(out);
    else {
      print(`${DONE[change]} certificate ${c.id}${c.receipt?.placement ? ` (leaf ${c.receipt.placement.index} of batch ${c.receipt.placement.root})` : ""}: ${reasonText(reason)}`);
      print(`tx ${hash}`);
    }
    return out;
  };
  // Named after its change (revokeCertificate, ...), like every task action.
  Object.defineProperty(action, "name", { value: `${change}Certificate` });
  return runAction(action);
}
