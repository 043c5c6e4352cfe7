import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress } from "ethers";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { decodeQrPayload, verifyCertificate, type VerificationReport, type VerifyInput } from "../../lib/certificates/index.js";
import { readReceipt } from "../../lib/certificates/tasks.js";
import { CERTIFICATE_CONTRACTS } from "../../lib/certificates/deployment.js";
import { attachContract, findAddress, notDeployed, type Found } from "../../lib/core/deployments.js";
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

/** Where the registry address came from, as a clerk reads it. */
function sourceText(f: Found): string {
  const entry = CERTIFICATE_CONTRACTS.registry;
  if (f.source.startsWith("--") || f.source === entry.env || f.source.startsWith("the ")) return f.source;
  if (f.source === "this process's deployment") return "the deployment made in this process";
  return `the Ignition journal ${f.source}`;
}

/** The first line: the verdict (upper case) and its cause, e.g. `REVOKED at block 12: issued in error`. */
export function verdictLine(report: VerificationReport): string {
  const first = report.why[0];
  return report.verdict.toUpperCase() + (first.startsWith(report.verdict) ? first.slice(report.verdict.length) : `: ${first}`);
}

/** Prints the verification report; fails (exit code 1) unless the certificate is valid. */
async function verifyCertificateTask(args: Args, hre: HardhatRuntimeEnvironment) {
  const given = [args.receipt, args.id, args.qr].filter((v) => v.trim()).length;
  if (given !== 1) throw new UserError(CoreError.CONFLICTING_OPTIONS, "give exactly one of --receipt <file>, --id 0x.. or --qr <scanned text>");
  let input: VerifyInput;
  // The registry the receipt or QR code names, used when --registry is not given.
  let named: { address: string; source: string } | undefined;
  if (args.receipt.trim()) {
    const receipt = await readReceipt(args.receipt);
    input = receipt;
    named = { address: receipt.registry, source: `the receipt ${args.receipt}` };
  } else if (args.qr.trim()) {
    let p;
    try {
      p = decodeQrPayload(args.qr.trim());
    } catch (e) {
      throw new UserError(CertError.INVALID_QR, `--qr: ${(e as Error).message}`);
    }
    if (p.batch) throw new UserError(CertError.INVALID_QR, "--qr points to a Merkle batch certificate: verify it with its receipt (--receipt), which holds the proof");
    input = { certificateId: p.certificateId };
    named = { address: p.registry, source: "the QR code" };
  } else {
    input = { certificateId: parseBytes32("id", args.id) };
  }
  const ctx = await connect(hre, { readOnly: true });
  const entry = CERTIFICATE_CONTRACTS.registry;
  const found =
    named && !args.registry.trim()
      ? { address: getAddress(named.address), source: named.source, hint: "pass --registry with this chain's CertificateRegistry" }
      : await findAddress(ctx, entry, args.registry);
  if (!found) throw await notDeployed(ctx, entry);
  const registry = await attachContract(ctx, entry, found);
  const report = await verifyCertificate(ctx.ethers.provider, await registry.getAddress(), input);
  const from = { address: found.address, source: sourceText(found) };
  if (args.json) printJson({ ...report, registry: from });
  else {
    print(`certificate ${report.certificateId}: ${verdictLine(report)}`);
    for (const line of report.why.slice(1)) print(`  ${line}`);
    print(`  registry ${from.address} (from ${from.source})`);
  }
  if (!report.valid) throw new UserError(CertError.NOT_VALID, `certificate ${report.certificateId} is not valid: ${report.why[0]}`, { certificateId: report.certificateId, verdict: report.verdict, status: report.status });
  return { ...report, registry: from };
}

export default runAction(verifyCertificateTask);
