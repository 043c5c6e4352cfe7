import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { encodeTerms, formatProblem, prepare, receiptOf, validateRecord } from "../../lib/certificates/index.js";
import { loadType, readJsonFile, requireIssuerKey, writeJsonFile } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  type: string;
  file: string;
  out: string;
  payloadUri: string;
  payloadDigest: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

async function issueCertificate(args: Args, hre: HardhatRuntimeEnvironment) {
  const record = await readJsonFile("file", args.file);
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    throw new UserError(CoreError.INVALID_FILE, `--file ${args.file} must hold one JSON object (holderId, optional holderKey/validFrom/validUntil, and the type's fields)`);
  }
  const uri = args.payloadUri.trim();
  const payloadDigest = args.payloadDigest.trim();
  if (uri && !/^0x[0-9a-fA-F]{64}$/.test(payloadDigest)) throw new UserError(CoreError.INVALID_OPTION, "--payload-digest must be the ciphertext's keccak256 (0x + 64 hex) when --payload-uri is given");
  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const type = await loadType(registry, args.type);
  const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
  const { input, problems } = validateRecord(type, record as Record<string, unknown>, 1, now);
  if (!input) throw new UserError(CertError.INVALID_DOCUMENT, `${args.file}: ${problems.map(formatProblem).join("; ")}; nothing was sent`);
  const signer = await ctx.signer();
  await requireIssuerKey(registry, signer.address, { typeId: type.typeId });
  const [cert] = prepare(type.typeId, [input]);
  if ((await registry.recordOf(cert.id)) !== 0n) throw new UserError(CertError.ALREADY_ISSUED, `certificate ${cert.id} is already issued (same salts given?)`);
  const terms = encodeTerms({ typeId: type.typeId, validFrom: cert.validFrom, validUntil: cert.validUntil });
  const r = registry.connect(signer);
  if (uri) await r.issueWithPayload.staticCall(cert.id, terms, uri, payloadDigest);
  else await r.issue.staticCall(cert.id, terms);
  const receipt = await ctx.wait(uri ? r.issueWithPayload(cert.id, terms, uri, payloadDigest) : r.issue(cert.id, terms));
  const { chainId } = ctx;
  const file = args.out.trim() || path.join("receipts", `${cert.id}.json`);
  const doc = receiptOf(cert, { chainId, registry: await registry.getAddress(), type: { id: type.typeId, name: type.name } }, null, {
    transaction: receipt.hash,
    block: receipt.blockNumber,
    signer: signer.address,
  });
  await writeJsonFile(file, doc);
  const out = { certificateId: cert.id, type: type.typeId, validFrom: cert.validFrom, validUntil: cert.validUntil, receipt: file, tx: receipt.hash };
  if (args.json) printJson(out);
  else {
    print(`issued certificate ${cert.id} (type ${type.typeId} "${type.name}")`);
    print(`receipt written to ${file} (it holds the document: deliver it to the holder privately)`);
    print(`tx ${receipt.hash}`);
  }
  return out;
}

export default runAction(issueCertificate);
