import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { encodeTerms, formatProblem, parseReason, prepare, reasonText, receiptOf, validateRecord } from "../../lib/certificates/index.js";
import { loadType, locate, readJsonFile, requireIssuerKey, stateOf } from "../../lib/certificates/tasks.js";
import { writeJsonFile } from "../../lib/core/files.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  id: string;
  receipt: string;
  file: string;
  type: string;
  reason: string;
  out: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function supersedeCertificate(args: Args, hre: HardhatRuntimeEnvironment) {
  let reason: number;
  try {
    reason = parseReason(args.reason.trim() || "changed");
  } catch (e) {
    throw new UserError(CoreError.INVALID_OPTION, `--reason: ${(e as Error).message}`);
  }
  const record = await readJsonFile("file", args.file);
  if (record === null || typeof record !== "object" || Array.isArray(record)) throw new UserError(CoreError.INVALID_FILE, `--file ${args.file} must hold one JSON object`);
  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const old = await locate(registry, args);
  if (!old.record) throw new UserError(CertError.CERTIFICATE_STATE, "only a stored certificate can be superseded (a batch certificate is revoked by leaf and reissued)");
  const type = await loadType(registry, args.type.trim() || String(old.record.typeId));
  const state = stateOf(old);
  if (state !== "active" && state !== "suspended") throw new UserError(CertError.CERTIFICATE_STATE, `certificate ${old.id} is ${state}: it cannot be superseded`);
  const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
  const { input, problems } = validateRecord(type, record as Record<string, unknown>, 1, now);
  if (!input) throw new UserError(CertError.INVALID_DOCUMENT, `${args.file}: ${problems.map(formatProblem).join("; ")}; nothing was sent`);
  const signer = await ctx.signer();
  const member = await requireIssuerKey(registry, signer.address, { member: old.record.member, typeId: type.typeId });
  const [cert] = prepare(type.typeId, [input]);
  const terms = encodeTerms({ typeId: type.typeId, validFrom: cert.validFrom, validUntil: cert.validUntil });
  const r = registry.connect(signer);
  await r.supersede.staticCall(old.id, cert.id, terms, reason);
  const receipt = await ctx.wait(r.supersede(old.id, cert.id, terms, reason));
  const file = args.out.trim() || path.join("receipts", `${cert.id}.json`);
  await writeJsonFile(
    file,
    receiptOf(cert, { chainId: ctx.chainId, registry: await registry.getAddress(), type: { id: type.typeId, name: type.name }, member }, null, {
      transaction: receipt.hash,
      block: receipt.blockNumber,
      signer: signer.address,
    }),
  );
  const out = { superseded: old.id, by: cert.id, reason, reasonText: reasonText(reason), receipt: file, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`superseded ${old.id}`);
    print(`       by ${cert.id} (${reasonText(reason)})`);
    print(`receipt of the new version written to ${file}`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(supersedeCertificate);
