/**
 * A verifier that needs no Hardhat: given any ethers provider, the registry address and a
 * receipt (or a bare certificate id), it answers the verdict and says why — checking the
 * receipt offline first (document, holder block, id), then asking the registry, then comparing
 * what the chain holds (type, issuing member, the type's field list) with what the receipt says.
 * Plain Node imports it as `consortium-chain/verifier` (built to dist/ by `npm run build`).
 */
import { AbiCoder, Contract, getAddress, keccak256, type ContractRunner, type EventLog, type Log } from "ethers";
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
import { leafHash, maskMarks, processProof } from "./merkle.js";
import { ZERO_HASH } from "./canonical.js";

// What a program that verifies receipts needs besides the verifier: reading a receipt.
export { checkReceipt, parseReceipt, parseReceiptJson, recomputeId, RECEIPT_FORMAT, type CertificateReceipt } from "./receipts.js";
export type { BatchRecord, CertificateRecord, CertificateStatus } from "./codec.js";

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
  "event TypeRegistered(uint16 indexed typeId, string name, string[] fields, bytes32 fieldsHash, uint40 defaultValidity, bool revocable, bool suspendable, address by)",
  "event LeafRevoked(bytes32 indexed root, uint256 indexed index, address indexed by, uint8 reason)",
  "event LeafSuspended(bytes32 indexed root, uint256 indexed index, address indexed by, uint8 reason)",
  "event LeavesRevoked(bytes32 indexed root, address indexed by, uint8 reason, uint256[] indexes)",
  "event LeafMasksRevoked(bytes32 indexed root, address indexed by, uint8 reason, uint256 firstWord, uint256[] masks)",
  "event BatchRevoked(bytes32 indexed root, address indexed by, uint8 reason)",
];

/**
 * The answer: the on-chain status, or why the receipt cannot be trusted although the chain
 * knows its certificate — `altered` (the receipt's document, holder block or id do not agree),
 * `wrong-chain` / `wrong-registry` (the receipt is for another network), `mismatch` (the chain
 * holds the certificate under another type or member, or the type's fields are not the
 * document's).
 */
export type Verdict = CertificateStatus | "altered" | "wrong-chain" | "wrong-registry" | "mismatch";

/** A registered type as the verifier reads it (getType and its TypeRegistered event). */
export interface ChainType {
  id: number;
  name: string;
  /** Empty when the TypeRegistered event is missing or does not match the stored field hash. */
  fields: string[];
}

export interface VerificationReport {
  certificateId: string;
  /** The registry's status of the certificate the document gives. */
  status: CertificateStatus;
  /** The answer; `valid` only when the chain says valid and the receipt agrees with it. */
  verdict: Verdict;
  valid: boolean;
  member: number;
  typeId: number;
  validFrom: number;
  validUntil: number;
  /**
   * One human-readable line per finding. The first is the verdict and its real cause and starts
   * with the verdict word (`revoked at block 12: issued in error`, `altered: the document ...`).
   */
  why: string[];
  successor?: string;
  record?: CertificateRecord;
  batch?: BatchRecord;
  type?: ChainType;
}

/**
 * A receipt, or a bare certificate id — optionally with the chain and registry a QR code names
 * for it, which are then held to the provider's chain and the registry asked, like a receipt's.
 */
export type VerifyInput = CertificateReceipt | { certificateId: string; chainId?: number; registry?: string };

function date(t: number): string {
  return new Date(t * 1000).toISOString().replace(".000Z", "Z");
}

const coder = AbiCoder.defaultAbiCoder();

/** The type's name and field list as registered; fields empty when the event cannot be trusted. */
async function readType(registry: Contract, typeId: number): Promise<ChainType> {
  const t = await registry.getType(typeId);
  const logs = (await registry.queryFilter(registry.filters.TypeRegistered(typeId))) as EventLog[];
  const fields = logs.length ? [...(logs[0].args.fields as string[])] : [];
  const trusted = logs.length > 0 && keccak256(coder.encode(["string[]"], [fields])) === t.fieldsHash;
  return { id: typeId, name: t.name, fields: trusted ? fields : [] };
}

/** The latest event among `logs` (by block, then log index). */
function latest<T extends Log>(logs: T[]): T | undefined {
  return [...logs].sort((a, b) => b.blockNumber - a.blockNumber || b.index - a.index)[0];
}

/** When and why a leaf was last revoked or suspended (its two bits keep no reason: the events do). */
async function leafEvent(registry: Contract, root: string, index: number, revoked: boolean): Promise<{ block: number; reason: number } | undefined> {
  const own = (await registry.queryFilter(
    revoked ? registry.filters.LeafRevoked(root, index) : registry.filters.LeafSuspended(root, index),
  )) as EventLog[];
  const listed = revoked
    ? ((await registry.queryFilter(registry.filters.LeavesRevoked(root))) as EventLog[]).filter((l) =>
        (l.args.indexes as bigint[]).some((i) => Number(i) === index),
      )
    : [];
  const masked = revoked
    ? ((await registry.queryFilter(registry.filters.LeafMasksRevoked(root))) as EventLog[]).filter((l) =>
        maskMarks(l.args.firstWord as bigint, l.args.masks as bigint[], index),
      )
    : [];
  const e = latest([...own, ...listed, ...masked]);
  return e ? { block: e.blockNumber, reason: Number(e.args.reason) } : undefined;
}

/** What the chain holds that the receipt contradicts (empty: they agree). */
function compare(receipt: CertificateReceipt, report: VerificationReport, type: ChainType): string[] {
  const out: string[] = [];
  const named = (id: number, name: string) => `type ${id} ("${name}")`;
  if (report.typeId !== receipt.type.id) {
    out.push(`the registry holds this certificate as ${named(type.id, type.name)}, the receipt says ${named(receipt.type.id, receipt.type.name)}`);
  } else if (type.name !== receipt.type.name) {
    out.push(`type ${type.id} is "${type.name}" on chain, the receipt calls it "${receipt.type.name}"`);
  }
  if (receipt.issuer && receipt.issuer.member !== report.member) {
    out.push(`the certificate was issued by member ${report.member}, the receipt says member ${receipt.issuer.member}`);
  }
  if (type.fields.length === 0) {
    out.push(`the field list of type ${type.id} cannot be read (its TypeRegistered event is missing or does not match the stored field hash)`);
  } else {
    const expected = new Set(type.fields);
    const given = Object.keys(receipt.document);
    const missing = type.fields.filter((f) => !(f in receipt.document));
    const extra = given.filter((f) => !expected.has(f));
    if (missing.length || extra.length) {
      const parts = [missing.length ? `lacks ${missing.join(", ")}` : "", extra.length ? `has ${extra.join(", ")} which the type does not` : ""];
      out.push(`the document is not a ${named(type.id, type.name)} document: it ${parts.filter(Boolean).join(" and ")}`);
    }
  }
  return out;
}

/** The chain's status, when another cause came first. */
function onChain(status: CertificateStatus, line: string, verdict: Verdict): string {
  // An altered document gives an id the registry never saw: that follows from the alteration.
  if (status === "unknown" && verdict === "altered") return "on chain: unknown, as follows from the alteration";
  return `on chain: ${line}`;
}

/**
 * Verifies a certificate on chain. `runner` is any ethers provider (or signer). For a receipt
 * the id is recomputed from the document, so an altered document shows as such, with why.
 */
export async function verifyCertificate(
  runner: ContractRunner,
  registryAddress: string,
  input: VerifyInput,
): Promise<VerificationReport> {
  const registry = new Contract(registryAddress, REGISTRY_VIEW_ABI, runner);
  const receipt = "format" in input ? input : undefined;
  let id = input.certificateId;
  // Causes, strongest first: a receipt that contradicts itself says nothing about the chain;
  // one for another network says nothing about this one.
  const altered = receipt ? checkReceipt(receipt, { proof: false }) : [];
  const network: [Verdict, string][] = [];

  if (receipt) id = recomputeId(receipt).id;
  const claim = receipt ?? ("format" in input ? undefined : input);
  const what = receipt ? "the receipt" : "the QR code";
  if (claim?.chainId !== undefined) {
    const provider = runner.provider;
    if (provider) {
      const chainId = Number((await provider.getNetwork()).chainId);
      if (chainId !== claim.chainId) network.push(["wrong-chain", `${what} is for chain ${claim.chainId}, the provider is on chain ${chainId}`]);
    }
  }
  if (claim?.registry !== undefined && getAddress(claim.registry) !== getAddress(registryAddress)) {
    network.push(["wrong-registry", `${what} names registry ${claim.registry}, not ${getAddress(registryAddress)}`]);
  }

  const placement = receipt ? placementOf(receipt) : undefined;
  const v =
    placement && placement.root !== ZERO_HASH
      ? await registry.verifyReceipt(id, placement)
      : await registry.verify(id);
  const report: VerificationReport = {
    certificateId: id,
    status: statusName(v.status),
    verdict: "unknown",
    valid: false,
    member: Number(v.member),
    typeId: Number(v.typeId),
    validFrom: Number(v.validFrom),
    validUntil: Number(v.validUntil),
    why: [],
  };

  const batchRoot = receipt?.placement?.root;
  if (batchRoot) {
    report.batch = decodeBatchRecord(await registry.batchOf(batchRoot)) ?? undefined;
  } else {
    report.record = decodeRecord(await registry.recordOf(id)) ?? undefined;
  }
  const who = `member ${report.member}, type ${report.typeId}`;
  let status: string;
  switch (report.status) {
    case "valid":
      status =
        `valid: issued by ${who}, valid from ${date(report.validFrom)}` +
        (report.validUntil ? ` until ${date(report.validUntil)}` : ", no expiry");
      break;
    case "expired":
      status = `expired on ${date(report.validUntil)} (issued by ${who})`;
      break;
    case "not-yet-valid":
      status = `not-yet-valid: valid from ${date(report.validFrom)} (issued by ${who})`;
      break;
    case "suspended": {
      let reason = report.record ? `: ${reasonText(report.record.reason)}` : "";
      if (receipt?.placement && !report.record) {
        const e = await leafEvent(registry, receipt.placement.root, receipt.placement.index, false);
        if (e) reason = ` at block ${e.block}: ${reasonText(e.reason)}`;
      }
      status = `suspended by ${who}${reason}`;
      break;
    }
    case "revoked":
      if (report.batch && report.batch.state === 2) {
        status = `revoked at block ${report.batch.updatedBlock}: ${reasonText(report.batch.reason)} (the whole batch was revoked)`;
      } else if (report.record) {
        status = `revoked at block ${report.record.updatedBlock}: ${reasonText(report.record.reason)}`;
      } else {
        const p = receipt!.placement!;
        const e = await leafEvent(registry, p.root, p.index, true);
        status = e
          ? `revoked at block ${e.block}: ${reasonText(e.reason)} (leaf ${p.index} of batch ${p.root})`
          : `revoked: leaf ${p.index} of batch ${p.root} (no revocation event found)`;
      }
      break;
    case "superseded": {
      report.successor = await registry.successorOf(id);
      status = `superseded by ${report.successor}` + (report.record ? ` (${reasonText(report.record.reason)})` : "");
      break;
    }
    case "unknown":
    default:
      if (receipt?.placement) {
        const p = receipt.placement;
        if (!report.batch) status = `unknown: batch root ${p.root} is not registered here`;
        else if (p.index >= report.batch.count) status = `unknown: leaf ${p.index} is outside the batch of ${report.batch.count}`;
        else if (processProof(leafHash(id, p.index, receipt.validFrom, receipt.validUntil), p.proof) !== p.root.toLowerCase()) {
          status = "unknown: the proof does not match the batch root";
        } else status = "unknown: the registry does not accept this receipt";
      } else {
        status = `unknown: no certificate ${id} is registered here`;
      }
      break;
  }

  let mismatch: string[] = [];
  if (receipt && report.status !== "unknown") {
    report.type = await readType(registry, report.typeId);
    mismatch = compare(receipt, report, report.type);
  }

  // The first line is the verdict with its real cause; the others are what else was found.
  const findings: [Verdict, string][] = [
    ...altered.map((w): [Verdict, string] => ["altered", w]),
    ...network,
    ...(report.status === "unknown" ? [[report.status, status] as [Verdict, string]] : []),
    ...mismatch.map((w): [Verdict, string] => ["mismatch", w]),
  ];
  if (report.status !== "unknown") findings.push([report.status, status]);
  const [verdict, first] = findings[0];
  report.verdict = verdict;
  report.valid = verdict === "valid";
  report.why = [
    first.startsWith(verdict) ? first : `${verdict}: ${first}`,
    ...findings.slice(1).map(([, line]) => (line === status ? onChain(report.status, line, verdict) : line)),
  ];
  return report;
}
