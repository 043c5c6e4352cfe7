import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { formatTime, print, printJson } from "../../lib/core/output.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { parsePoints, resolvePoints, setRatesCalldata } from "../../lib/certificates/operator.js";
import { requireActiveAdmin, memberLabel } from "../../lib/access/consortium.js";
import { buildProposal, submitProposal } from "../../lib/access/propose.js";

interface Args {
  earn: string;
  query: string;
  ledger: string;
  description: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

/**
 * The points rates are governance's (SharingPoints.setRates obeys only the consortium): this
 * proposes the CallModule that sets them; members vote (access:vote), then access:execute.
 */
async function proposeRates(args: Args, hre: HardhatRuntimeEnvironment) {
  const earn = parsePoints("earn", args.earn);
  const query = parsePoints("query", args.query);
  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const points = await resolvePoints(ctx, args.ledger);
  const consortium = await ctx.ethers.getContractAt("Consortium", await registry.consortium());
  const signer = await ctx.signer();
  const member = await requireActiveAdmin(consortium, signer.address);
  const module = await points.getAddress();
  const { kind, payload } = await buildProposal(consortium, ctx.ethers.provider, { kind: "CallModule", module, data: setRatesCalldata(earn, query) });
  const description = args.description.trim() || `points rates: ${earn} per certificate contributed, ${query} per detail query`;
  const submitted = await submitProposal(ctx, consortium, signer, kind, payload, description);
  const { receipt, deadline } = submitted;
  const id = Number(submitted.id);
  const out = { proposal: id, ledger: module, earnRate: earn, queryCost: query, member: member.id, deadline, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`proposal ${id}: set the points rates of ${module} to ${earn} per certificate contributed, ${query} per detail query`);
    print(`proposed by ${signer.address} for member ${memberLabel(member)}; voting ends ${formatTime(deadline)}; then access:vote and access:execute`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(proposeRates);
