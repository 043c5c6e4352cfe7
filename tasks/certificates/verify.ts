import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { decodeQrPayload, verifyCertificate, type VerifyInput } from "../../lib/certificates/index.js";
import { readReceipt } from "../../lib/certificates/tasks.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { parseBytes32 } from "../../lib/core/parse.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  receipt: string;
  id: string;
  qr: string;
  registry: string;
  json: boolean;
}

/** Prints the verification report; fails (exit code 1) unless the certificate is valid. */
async function verifyCertificateTask(args: Args, hre: HardhatRuntimeEnvironment) {
  const given = [args.receipt, args.id, args.qr].filter((v) => v.trim()).length;
  if (given !== 1) throw new UserError(CoreError.CONFLICTING_OPTIONS, "give exactly one of --receipt <file>, --id 0x.. or --qr <scanned text>");
  let input: VerifyInput;
  let registryArg = args.registry;
  if (args.receipt.trim()) {
    const receipt = await readReceipt(args.receipt);
    input = receipt;
    registryArg ||= receipt.registry;
  } else if (args.qr.trim()) {
    let p;
    try {
      p = decodeQrPayload(args.qr.trim());
    } catch (e) {
      throw new UserError(CertError.INVALID_QR, `--qr: ${(e as Error).message}`);
    }
    if (p.batch) throw new UserError(CertError.INVALID_QR, "--qr points to a Merkle batch certificate: verify it with its receipt (--receipt), which holds the proof");
    input = { certificateId: p.certificateId };
    registryArg ||= p.registry;
  } else {
    input = { certificateId: parseBytes32("id", args.id) };
  }
  const ctx = await connect(hre);
  const registry = await resolveRegistry(ctx, registryArg);
  const report = await verifyCertificate(ctx.ethers.provider, await registry.getAddress(), input);
  if (args.json) printJson(report);
  else {
    print(`certificate ${report.certificateId}: ${report.status.toUpperCase()}`);
    for (const line of report.why) print(`  ${line}`);
  }
  if (!report.valid) throw new UserError(CertError.NOT_VALID, `certificate ${report.certificateId} is not valid: ${report.why[0]}`);
  return report;
}

export default runAction(verifyCertificateTask);
