import { existsSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { encodeTerms, formatProblem, prepare, receiptOf, validateRecord } from "../../lib/certificates/index.js";
import { loadType, readJsonFile, requireIssuerKey } from "../../lib/certificates/tasks.js";
import { completeIssue, findIssuance, sendIssue, startIssue } from "../../lib/certificates/issuance.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  type: string;
  file: string;
  out: string;
  payloadUri: string;
  payloadDigest: string;
  again: boolean;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

const given = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== "";

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
  const doc = record as Record<string, unknown>;
  const { input, problems } = validateRecord(type, doc, 1, now);
  if (!input) throw new UserError(CertError.INVALID_DOCUMENT, `${args.file}: ${problems.map(formatProblem).join("; ")}; nothing was sent`);
  const signer = await ctx.signer();
  const member = await requireIssuerKey(registry, signer.address, { typeId: type.typeId });

  // The same document by the same member: finish an interrupted issuance, or refuse a repeat.
  const found = await findIssuance(ctx, registry, { typeId: type.typeId, member, input, given: { validFrom: given(doc.validFrom), validUntil: given(doc.validUntil) } });
  let issuing = found.pending;
  if (issuing) {
    if (args.out.trim() && path.resolve(args.out.trim()) !== path.resolve(issuing.file)) {
      throw new UserError(CoreError.INVALID_OPTION,
        `${args.file}: an interrupted issuance of this document (certificate ${issuing.receipt.certificateId}) has its receipt at ${issuing.file}; re-run with --out ${issuing.file} (or without --out) to complete it; nothing was sent`,
        { field: "--out", value: args.out.trim(), pending: issuing.file, certificateId: issuing.receipt.certificateId },
      );
    }
  } else {
    const last = found.issued.at(-1);
    if (last && !args.again) {
      throw new UserError(CertError.ALREADY_ISSUED,
        `${args.file} was already issued by member ${member} as certificate ${last.certificateId} (receipt ${last.receipt}, tx ${last.transaction}); nothing was sent: pass --again to issue it once more`,
        { certificateId: last.certificateId, receipt: last.receipt, transaction: last.transaction, journal: found.file },
      );
    }
    const [cert] = prepare(type.typeId, [input]);
    if ((await registry.recordOf(cert.id)) !== 0n) throw new UserError(CertError.ALREADY_ISSUED, `certificate ${cert.id} is already issued (same salts given?)`);
    const file = args.out.trim() || path.join("receipts", `${cert.id}.json`);
    if (existsSync(file)) {
      throw new UserError(CoreError.INVALID_OPTION, `--out ${file} already exists; a receipt is never overwritten (it may be the only copy of another certificate's salts): choose another file; nothing was sent`, {
        field: "--out",
        value: file,
      });
    }
    const receipt = receiptOf(cert, { chainId: ctx.chainId, registry: await registry.getAddress(), type: { id: type.typeId, name: type.name }, member });
    issuing = await startIssue(found, { receipt, file, payload: uri ? { uri, digest: payloadDigest } : null });
  }

  const done = await sendIssue(ctx, registry.connect(signer), found, issuing, encodeTerms({ typeId: type.typeId, validFrom: issuing.receipt.validFrom, validUntil: issuing.receipt.validUntil }));
  const { receipt: final, file, resumed } = await completeIssue(found, issuing, done, signer.address);
  const out = {
    certificateId: final.certificateId,
    type: type.typeId,
    validFrom: final.validFrom,
    validUntil: final.validUntil,
    receipt: file,
    tx: done.hash,
    resumed,
    issuedBefore: found.issued.length,
  };
  if (args.json) printJson(out);
  else {
    print(`issued certificate ${final.certificateId} (type ${type.typeId} "${type.name}")${resumed ? `, ${resumed}` : ""}`);
    print(`receipt written to ${file} (it holds the document: deliver it to the holder privately)`);
    print(`tx ${done.hash}`);
  }
  return out;
}

export default runAction(issueCertificate);
