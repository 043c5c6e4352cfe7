/**
 * A verifier that needs no Hardhat: given any ethers provider, the registry address and a
 * receipt (or a bare certificate id), it answers the status and says why — checking the
 * document, holder block and Merkle proof offline first, then asking the registry.
 */
import { Contract, getAddress, type ContractRunner } from "ethers";
import {
  decodeBatchRecord,
  decodeRecord,
  reasonText,
  statusName,
  type BatchRecord,
  type CertificateRecord,
  type CertificateStatus,
} from "./codec.js";
import { checkReceipt, placementOf, recomputeId, type CertificateReceipt } from "./receipts.js";
import { leafHash, processProof } from "./merkle.js";
import { ZERO_HASH } from "./canonical.js";

const VERIFICATION = "tuple(uint8 status, uint32 member, uint16 typeId, uint40 validFrom, uint40 validUntil)";
const PLACEMENT = "tuple(bytes32 root, uint256 index, uint40 validFrom, uint40 validUntil, bytes32[] proof)";

/** The registry's read-only ABI, enough to verify without compiled artifacts. */
export const REGISTRY_VIEW_ABI = [
  `function verify(bytes32 id) view returns (${VERIFICATION})`,
  `function verifyReceipt(bytes32 id, ${PLACEMENT} placement) view returns (${VERIFICATION})`,
  `function checkPlaced(bytes32 contentDigest, bytes32 holderCommitment, uint16 typeId, ${PLACEMENT} placement) view returns (bool)`,
  "function recordOf(bytes32 id) view returns (uint256)",
  "function batchOf(bytes32 root) view returns (uint256)",
  "function leafStateOf(bytes32 root, uint256 index) view returns (uint8)",
  "function successorOf(bytes32 id) view returns (bytes32)",
  "function getType(uint16 typeId) view returns (tuple(string name, bytes32 fieldsHash, uint40 defaultValidity, bool revocable, bool suspendable))",
];

export interface VerificationReport {
  certificateId: string;
  status: CertificateStatus;
  valid: boolean;
  member: number;
  typeId: number;
  validFrom: number;
  validUntil: number;
  /** One human-readable line per finding, the verdict first. */
  why: string[];
  successor?: string;
  record?: CertificateRecord;
  batch?: BatchRecord;
}

export type VerifyInput = CertificateReceipt | { certificateId: string };

function date(t: number): string {
  return new Date(t * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Verifies a certificate on chain. `runner` is any ethers provider (or signer). For a receipt
 * the id is recomputed from the document, so an altered document shows as unknown, with why.
 */
export async function verifyCertificate(
  runner: ContractRunner,
  registryAddress: string,
  input: VerifyInput,
): Promise<VerificationReport> {
  const registry = new Contract(registryAddress, REGISTRY_VIEW_ABI, runner);
  const why: string[] = [];
  const receipt = "format" in input ? input : undefined;
  let id = input.certificateId;

  if (receipt) {
    why.push(...checkReceipt(receipt));
    id = recomputeId(receipt).id;
    const provider = runner.provider;
    if (provider) {
      const chainId = Number((await provider.getNetwork()).chainId);
      if (chainId !== receipt.chainId) why.push(`the receipt is for chain ${receipt.chainId}, the provider is on chain ${chainId}`);
    }
    if (getAddress(receipt.registry) !== getAddress(registryAddress)) {
      why.push(`the receipt names registry ${receipt.registry}, not ${getAddress(registryAddress)}`);
    }
  }

  const placement = receipt ? placementOf(receipt) : undefined;
  const v =
    placement && placement.root !== ZERO_HASH
      ? await registry.verifyReceipt(id, placement)
      : await registry.verify(id);
  const report: VerificationReport = {
    certificateId: id,
    status: statusName(v.status),
    valid: false,
    member: Number(v.member),
    typeId: Number(v.typeId),
    validFrom: Number(v.validFrom),
    validUntil: Number(v.validUntil),
    why: [],
  };
  report.valid = report.status === "valid" && why.length === 0;

  const verdict: string[] = [];
  const batchRoot = receipt?.placement?.root;
  if (batchRoot) {
    report.batch = decodeBatchRecord(await registry.batchOf(batchRoot)) ?? undefined;
  } else {
    report.record = decodeRecord(await registry.recordOf(id)) ?? undefined;
  }
  const who = `member ${report.member}, type ${report.typeId}`;
  switch (report.status) {
    case "valid":
      verdict.push(
        `valid: issued by ${who}, valid from ${date(report.validFrom)}` +
          (report.validUntil ? ` until ${date(report.validUntil)}` : ", no expiry"),
      );
      break;
    case "expired":
      verdict.push(`expired on ${date(report.validUntil)} (issued by ${who})`);
      break;
    case "not-yet-valid":
      verdict.push(`not valid before ${date(report.validFrom)} (issued by ${who})`);
      break;
    case "suspended":
      verdict.push(`suspended by ${who}` + (report.record ? `: ${reasonText(report.record.reason)}` : ""));
      break;
    case "revoked":
      if (report.batch && report.batch.state === 2) {
        verdict.push(`revoked: the whole batch was revoked (${reasonText(report.batch.reason)})`);
      } else if (report.record) {
        verdict.push(`revoked at block ${report.record.updatedBlock}: ${reasonText(report.record.reason)}`);
      } else {
        verdict.push(`revoked: leaf ${receipt?.placement?.index} of batch ${batchRoot}`);
      }
      break;
    case "superseded": {
      report.successor = await registry.successorOf(id);
      verdict.push(
        `superseded by ${report.successor}` + (report.record ? ` (${reasonText(report.record.reason)})` : ""),
      );
      break;
    }
    case "unknown":
      if (receipt?.placement) {
        const p = receipt.placement;
        if (!report.batch) verdict.push(`unknown: batch root ${p.root} is not registered here`);
        else if (p.index >= report.batch.count) verdict.push(`unknown: leaf ${p.index} is outside the batch of ${report.batch.count}`);
        else if (processProof(leafHash(id, p.index, receipt.validFrom, receipt.validUntil), p.proof) !== p.root.toLowerCase()) {
          verdict.push("unknown: the proof does not match the batch root");
        } else verdict.push("unknown: the registry does not accept this receipt");
      } else {
        verdict.push(`unknown: no certificate ${id} is registered here`);
      }
      break;
  }
  report.why = [...verdict, ...why];
  return report;
}
