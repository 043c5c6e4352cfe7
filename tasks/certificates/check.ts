import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { placementOf, recomputeId, STORED_PLACEMENT } from "../../lib/certificates/index.js";
import { readReceipt } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { parseBytes32, parseId } from "../../lib/core/parse.js";
import { CertError } from "../../lib/certificates/errors.js";

interface Args {
  receipt: string;
  digest: string;
  commitment: string;
  type: string;
  registry: string;
  json: boolean;
}

/** Yes or no: does the holder of the commitment hold a valid certificate of the type? Exit 1 on no. */
async function checkCertificate(args: Args, hre: HardhatRuntimeEnvironment) {
  let digest: string;
  let commitment: string;
  let typeId: number;
  let placement = STORED_PLACEMENT;
  let registryArg = args.registry;
  if (args.receipt.trim()) {
    const r = await readReceipt(args.receipt);
    const again = recomputeId(r);
    [digest, commitment, typeId, placement] = [again.contentDigest, again.commitment, r.type.id, placementOf(r)];
    if (args.type.trim()) typeId = Number(parseId("type", args.type));
    registryArg ||= r.registry;
  } else {
    digest = parseBytes32("digest", args.digest);
    commitment = parseBytes32("commitment", args.commitment);
    typeId = Number(parseId("type", args.type));
  }
  const ctx = await connect(hre, { readOnly: true });
  const registry = await resolveRegistry(ctx, registryArg);
  const yes = await registry.checkPlaced(digest, commitment, typeId, placement);
  const out = { holderCommitment: commitment, typeId, answer: yes ? "yes" : "no" };
  if (args.json) printJson(out);
  else print(yes ? "yes" : "no");
  if (!yes) throw new UserError(CertError.NOT_VALID, `no: the holder of ${commitment} holds no valid certificate of type ${typeId} with that digest`);
  return out;
}

export default runAction(checkCertificate);
