import { getAddress } from "ethers";
import type { Consortium } from "../../typechain-types/index.js";
import { UserError } from "../core/errors.js";
import { parseId } from "../core/parse.js";
import { decodeRoles, roleName } from "./roles.js";
import {
  decodePayload,
  MEMBER_STATUSES,
  NODE_STATUSES,
  PROPOSAL_KINDS,
  PROPOSAL_STATES,
  VOTE_TYPES,
  type ProposalKindName,
} from "./proposals.js";
import { AccessError } from "./errors.js";
import { CoreError } from "../core/error-codes.js";

/**
 * Reads of the Consortium contract shaped for people and machines, and the off-chain checks
 * tasks run before sending anything. The checks mirror Consortium.sol; the contract stays the
 * judge (tasks also staticCall before sending), these only give a clearer message earlier.
 */

export type MemberStatusName = (typeof MEMBER_STATUSES)[number];
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

export interface MemberView {
  id: number;
  name: string;
  status: MemberStatusName;
  weight: number;
  joinedAt: number;
  nodeCount: number;
  accounts: string[];
  admins: string[];
}

export async function getMemberView(consortium: Consortium, id: number | bigint): Promise<MemberView> {
  const [m, accounts] = await Promise.all([consortium.getMember(id), consortium.accountsOf(id)]);
  const adminFlags = await Promise.all(accounts.map((a) => consortium.isAdmin(a)));
  return {
    id: Number(id),
    name: m.name,
    status: MEMBER_STATUSES[Number(m.status)] ?? "None",
    weight: Number(m.weight),
    joinedAt: Number(m.joinedAt),
    nodeCount: Number(m.nodeCount),
    accounts: accounts.map((a) => getAddress(a)),
    admins: accounts.filter((_, i) => adminFlags[i]).map((a) => getAddress(a)),
  };
}

export async function listMembers(consortium: Consortium): Promise<MemberView[]> {
  const n = Number(await consortium.memberCount());
  return Promise.all(Array.from({ length: n }, (_, i) => getMemberView(consortium, i + 1)));
}

/** A member id that exists: "unknown member 9 (members are 1..5)". */
export async function requireMember(consortium: Consortium, field: string, value: string | undefined): Promise<MemberView> {
  const id = parseId(field, value, "member");
  const count = await consortium.memberCount();
  if (id > count) throw new UserError(AccessError.UNKNOWN_MEMBER, `unknown member ${id} (members are 1..${count})`, { member: Number(id), count: Number(count) });
  return getMemberView(consortium, id);
}

/** The member `account` is an admin of, which must be active; one line otherwise. */
export async function requireActiveAdmin(consortium: Consortium, account: string): Promise<MemberView> {
  const id = await consortium.memberOf(account);
  if (id === 0n || !(await consortium.isAdmin(account))) {
    throw new UserError(AccessError.NOT_MEMBER_ADMIN, `${account} is not an admin account of an active member`, { account });
  }
  const m = await getMemberView(consortium, id);
  if (m.status !== "Active") {
    throw new UserError(AccessError.NOT_MEMBER_ADMIN, `${account} is not an admin account of an active member (member ${m.id} "${m.name}" is ${m.status})`, { account, member: m.id, status: m.status });
  }
  return m;
}

export function memberLabel(m: Pick<MemberView, "id" | "name">): string {
  return `${m.id} (${m.name})`;
}

// ------------------------------------------------------------------------------- proposals

export interface ProposalView {
  id: number;
  kind: ProposalKindName;
  /** `AdmitMember(name="Solar Co", admin=0x.., weight=1)` */
  summary: string;
  payload: Record<string, string | number>;
  state: ProposalStateName;
  proposer: string;
  proposerMember: number;
  createdAt: number;
  deadline: number;
  /** First moment of execution (deadline + delay + 1 s). */
  readyAt: number;
  /** Last moment of execution. */
  expiresAt: number;
  tally: { for: number; against: number; abstain: number; total: number };
  passing: boolean;
  leaderApproved: boolean;
  rules: { quorumBps: number; approvalBps: number; leadingMember: number };
  description?: string;
}

function shortEnode(e: string): string {
  return e.length > 40 ? `${e.slice(0, 20)}...${e.slice(e.indexOf("@"))}` : e;
}

/** Names and renders the arguments of a proposal payload. */
export async function describePayload(
  consortium: Consortium | undefined,
  kind: ProposalKindName,
  payload: string,
  decodeCall?: (data: string) => string | undefined,
): Promise<{ summary: string; fields: Record<string, string | number> }> {
  let v: unknown[];
  try {
    v = decodePayload(kind, payload);
  } catch {
    return { summary: `${kind}(undecodable payload)`, fields: {} };
  }
  const names = new Map<bigint, string>();
  const memberName = async (id: unknown): Promise<string> => {
    const n = BigInt(id as bigint);
    if (!consortium) return String(n);
    if (!names.has(n)) {
      try {
        names.set(n, (await consortium.getMember(n)).name);
      } catch {
        names.set(n, "");
      }
    }
    const name = names.get(n);
    return name ? `${n} (${name})` : String(n);
  };
  const f: Record<string, string | number> = {};
  switch (kind) {
    case "AdmitMember":
      f.name = String(v[0]);
      f.admin = getAddress(String(v[1]));
      f.weight = Number(v[2]);
      break;
    case "SuspendMember":
    case "ReinstateMember":
    case "ExpelMember":
      f.member = await memberName(v[0]);
      break;
    case "GrantRole":
    case "RevokeRole":
      f.account = getAddress(String(v[0]));
      f.role = roleName(Number(v[1]));
      break;
    case "AdmitNode":
      f.member = await memberName(v[0]);
      f.signer = getAddress(String(v[1]));
      f.enode = String(v[2]);
      break;
    case "RemoveNode":
      f.node = Number(v[0]);
      break;
    case "SetVotingRules": {
      const r = v[0] as unknown as Record<string, bigint>;
      f.quorumBps = Number(r.quorumBps);
      f.approvalBps = Number(r.approvalBps);
      f.votingPeriod = Number(r.votingPeriod);
      f.executionDelay = Number(r.executionDelay);
      f.executionWindow = Number(r.executionWindow);
      f.leadingMember = Number(r.leadingMember) === 0 ? 0 : await memberName(r.leadingMember);
      break;
    }
    case "SetMemberWeight":
      f.member = await memberName(v[0]);
      f.weight = Number(v[1]);
      break;
    case "RegisterModule":
    case "UnregisterModule":
      f.module = getAddress(String(v[0]));
      break;
    case "CallModule": {
      f.module = getAddress(String(v[0]));
      const data = String(v[1]);
      f.call = decodeCall?.(data) ?? `${(data.length - 2) / 2} bytes`;
      break;
    }
  }
  const rendered = Object.entries(f).map(([k, x]) => {
    if (k === "name") return `${k}=${JSON.stringify(x)}`;
    if (k === "enode") return `${k}=${shortEnode(String(x))}`;
    return `${k}=${x}`;
  });
  return { summary: `${kind}(${rendered.join(", ")})`, fields: f };
}

export async function getProposalView(
  consortium: Consortium,
  id: bigint | number,
  decodeCall?: (data: string) => string | undefined,
): Promise<ProposalView> {
  const [p, state, passing] = await Promise.all([consortium.getProposal(id), consortium.state(id), consortium.hasPassed(id)]);
  const kind = PROPOSAL_KINDS[Number(p.kind)]!;
  const { summary, fields } = await describePayload(consortium, kind, p.payload, decodeCall);
  const deadline = Number(p.deadline);
  const delay = Number(p.rules.executionDelay);
  return {
    id: Number(id),
    kind,
    summary,
    payload: fields,
    state: PROPOSAL_STATES[Number(state)] ?? "None",
    proposer: getAddress(p.proposer),
    proposerMember: Number(p.proposerMember),
    createdAt: Number(p.createdAt),
    deadline,
    readyAt: delay === 0 ? deadline + 1 : deadline + delay,
    expiresAt: deadline + delay + Number(p.rules.executionWindow),
    tally: {
      for: Number(p.forWeight),
      against: Number(p.againstWeight),
      abstain: Number(p.abstainWeight),
      total: Number(p.totalWeight),
    },
    passing,
    leaderApproved: p.leaderApproved,
    rules: {
      quorumBps: Number(p.rules.quorumBps),
      approvalBps: Number(p.rules.approvalBps),
      leadingMember: Number(p.rules.leadingMember),
    },
  };
}

/** A proposal id that exists: "unknown proposal 9 (proposals are 1..3)". */
export async function requireProposal(consortium: Consortium, value: string | undefined): Promise<bigint> {
  const id = parseId("id", value, "proposal");
  const count = await consortium.proposalCount();
  if (id > count) {
    throw new UserError(AccessError.UNKNOWN_PROPOSAL, count === 0n ? `unknown proposal ${id} (there are no proposals yet)` : `unknown proposal ${id} (proposals are 1..${count})`, { proposal: Number(id), count: Number(count) });
  }
  return id;
}

export function parseSupport(value: string | undefined): number {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "") throw new UserError(CoreError.MISSING_INPUT, "--support is required (for, against, abstain or none)");
  const i = VOTE_TYPES.findIndex((t) => t.toLowerCase() === v);
  if (i < 0) throw new UserError(CoreError.INVALID_OPTION, `--support: "${value}" is not one of for, against, abstain, none`);
  return i;
}

export function parseStateFilter(value: string | undefined): ProposalStateName | undefined {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "all") return undefined;
  const s = PROPOSAL_STATES.find((x) => x.toLowerCase() === v && x !== "None");
  if (!s) {
    throw new UserError(CoreError.INVALID_OPTION, `--state: "${value}" is not one of ${PROPOSAL_STATES.filter((x) => x !== "None").map((x) => x.toLowerCase()).join(", ")}, all`);
  }
  return s;
}

// ------------------------------------------------------------------------------- roles

export interface RolesView {
  account: string;
  member?: { id: number; name: string; status: MemberStatusName };
  admin: boolean;
  granted: string[];
  effective: string[];
  node?: { id: number; status: string };
}

export async function getRolesView(consortium: Consortium, account: string): Promise<RolesView> {
  const [memberId, admin, granted, access, nodeId] = await Promise.all([
    consortium.memberOf(account),
    consortium.isAdmin(account),
    consortium.grantedRoles(account),
    consortium.accessOf(account),
    consortium.nodeOfSigner(account),
  ]);
  const view: RolesView = {
    account,
    admin,
    granted: decodeRoles(granted),
    effective: decodeRoles(access),
  };
  if (memberId !== 0n) {
    const m = await consortium.getMember(memberId);
    view.member = { id: Number(memberId), name: m.name, status: MEMBER_STATUSES[Number(m.status)] ?? "None" };
  }
  if (nodeId !== 0n) {
    const n = await consortium.getNode(nodeId);
    view.node = { id: Number(nodeId), status: NODE_STATUSES[Number(n.status)] ?? "None" };
  }
  return view;
}
