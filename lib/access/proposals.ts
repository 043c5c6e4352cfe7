import { AbiCoder, getAddress } from "ethers";

/** Mirrors IConsortium.ProposalKind (order matters: it is the on-chain enum). */
export const PROPOSAL_KINDS = [
  "AdmitMember",
  "SuspendMember",
  "ReinstateMember",
  "ExpelMember",
  "GrantRole",
  "RevokeRole",
  "AdmitNode",
  "RemoveNode",
  "SetVotingRules",
  "SetMemberWeight",
  "RegisterModule",
  "UnregisterModule",
  "CallModule",
] as const;
export type ProposalKindName = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_STATES = [
  "None",
  "Active",
  "Defeated",
  "Queued",
  "Ready",
  "Executed",
  "Expired",
  "Canceled",
] as const;

export const VOTE_TYPES = ["None", "For", "Against", "Abstain"] as const;
export const MEMBER_STATUSES = ["None", "Active", "Suspended", "Expelled"] as const;
export const NODE_STATUSES = ["None", "Admitted", "Removed"] as const;

export interface VotingRules {
  quorumBps: number;
  approvalBps: number;
  votingPeriod: number;
  executionDelay: number;
  executionWindow: number;
  leadingMember: number | bigint;
}

export const VOTING_RULES_TUPLE =
  "tuple(uint16 quorumBps,uint16 approvalBps,uint32 votingPeriod,uint32 executionDelay,uint32 executionWindow,uint64 leadingMember)";

const coder = AbiCoder.defaultAbiCoder();

/** The payload types of each proposal kind, as IConsortium.ProposalKind documents them. */
export const PAYLOAD_TYPES: Record<ProposalKindName, string[]> = {
  AdmitMember: ["string", "address", "uint32"],
  SuspendMember: ["uint64"],
  ReinstateMember: ["uint64"],
  ExpelMember: ["uint64"],
  GrantRole: ["address", "uint8"],
  RevokeRole: ["address", "uint8"],
  AdmitNode: ["uint64", "address", "string"],
  RemoveNode: ["uint64"],
  SetVotingRules: [VOTING_RULES_TUPLE],
  SetMemberWeight: ["uint64", "uint32"],
  RegisterModule: ["address"],
  UnregisterModule: ["address"],
  CallModule: ["address", "bytes"],
};

export function kindIndex(kind: ProposalKindName): number {
  return PROPOSAL_KINDS.indexOf(kind);
}

export function parseKind(input: string): ProposalKindName {
  const found = PROPOSAL_KINDS.find((k) => k.toLowerCase() === input.trim().toLowerCase().replace(/[-_ ]/g, ""));
  if (!found) throw new Error(`unknown proposal kind "${input}" (known: ${PROPOSAL_KINDS.join(", ")})`);
  return found;
}

export function encodePayload(kind: ProposalKindName, args: readonly unknown[]): string {
  return coder.encode(PAYLOAD_TYPES[kind], args);
}

export function decodePayload(kind: ProposalKindName, payload: string): unknown[] {
  return [...coder.decode(PAYLOAD_TYPES[kind], payload)];
}

/** Reference tally rule of Consortium._passed, for tests, fuzz cross-checks and auditors. */
export function passes(p: {
  forWeight: bigint;
  againstWeight: bigint;
  abstainWeight: bigint;
  totalWeight: bigint;
  quorumBps: bigint;
  approvalBps: bigint;
  leadingMember: bigint;
  leaderApproved: boolean;
}): boolean {
  const decided = p.forWeight + p.againstWeight;
  const participation = decided + p.abstainWeight;
  if (participation * 10_000n < p.quorumBps * p.totalWeight) return false;
  if (p.forWeight === 0n || p.forWeight * 10_000n < p.approvalBps * decided) return false;
  return p.leadingMember === 0n || p.leaderApproved;
}
