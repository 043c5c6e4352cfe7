import { Contract, getAddress, isHexString, toUtf8Bytes, ZeroAddress } from "ethers";
import type { ContractTransactionReceipt, Provider, Signer } from "ethers";
import type { TaskContext } from "../core/context.js";
import type { Consortium } from "../../typechain-types/index.js";
import { UserError } from "../core/errors.js";
import { parseRole, roleBit, roleName } from "./roles.js";
import { encodePayload, kindIndex, parseKind, type ProposalKindName, type VotingRules } from "./proposals.js";
import { enodeProblem, LIMITS } from "./genesis.js";
import { parseAddress, parseId, requireBps, requireDuration } from "../core/parse.js";
import { getMemberView, memberLabel, requireMember, type MemberView } from "./consortium.js";
import { AccessError } from "./errors.js";
import { CoreError } from "../core/error-codes.js";

/** The options of access:propose (all strings, "" = not given). */
export interface ProposeOptions {
  kind?: string;
  name?: string;
  admin?: string;
  weight?: string;
  member?: string;
  account?: string;
  role?: string;
  node?: string;
  signer?: string;
  enode?: string;
  module?: string;
  data?: string;
  quorumBps?: string;
  approvalBps?: string;
  votingPeriod?: string;
  executionDelay?: string;
  executionWindow?: string;
  leadingMember?: string;
}

type OptionName = keyof ProposeOptions;

const RULE_OPTIONS: OptionName[] = ["quorumBps", "approvalBps", "votingPeriod", "executionDelay", "executionWindow", "leadingMember"];

/** Which options each kind takes (anything else given is a mistake worth reporting). */
export const KIND_OPTIONS: Record<ProposalKindName, OptionName[]> = {
  AdmitMember: ["name", "admin", "weight"],
  SuspendMember: ["member"],
  ReinstateMember: ["member"],
  ExpelMember: ["member"],
  GrantRole: ["account", "role"],
  RevokeRole: ["account", "role"],
  AdmitNode: ["member", "signer", "enode"],
  RemoveNode: ["node"],
  SetVotingRules: RULE_OPTIONS,
  SetMemberWeight: ["member", "weight"],
  RegisterModule: ["module"],
  UnregisterModule: ["module"],
  CallModule: ["module", "data"],
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

export interface BuiltProposal {
  kind: ProposalKindName;
  args: unknown[];
  payload: string;
}

function given(o: ProposeOptions, k: OptionName): string | undefined {
  const v = (o[k] ?? "").trim();
  return v === "" ? undefined : v;
}

function parseWeight(value: string | undefined, allowZero: boolean): number {
  const v = (value ?? "").trim();
  if (!/^\d+$/.test(v)) throw new UserError(CoreError.INVALID_NUMBER, `--weight: "${value}" is not a whole number`);
  const w = Number(v);
  if ((!allowZero && w === 0) || w > LIMITS.MAX_WEIGHT) {
    throw new UserError(CoreError.INVALID_OPTION, `--weight: ${w} is out of range ${allowZero ? 0 : 1}..${LIMITS.MAX_WEIGHT}`);
  }
  return w;
}

async function totalActiveWeight(c: Consortium): Promise<bigint> {
  return c.totalActiveWeight();
}

async function checkKeepsVoters(c: Consortium, m: MemberView, newWeight: number, verb: string) {
  if (m.status !== "Active") return;
  const total = await totalActiveWeight(c);
  if (total - BigInt(m.weight) + BigInt(newWeight) === 0n) {
    throw new UserError(AccessError.LEADING_MEMBER, `${verb} member ${memberLabel(m)} would leave no active voting weight`);
  }
}

async function checkNotLeading(c: Consortium, m: MemberView, verb: string) {
  const rules = await c.rules();
  if (BigInt(m.id) === rules.leadingMember) {
    throw new UserError(AccessError.LEADING_MEMBER, `member ${memberLabel(m)} is the leading member; cannot ${verb} it (change the voting rules first)`);
  }
}

/**
 * The checks that need no chain: kind, options that apply to it, and the syntax of every
 * value (addresses, ids, role, weight, enode, calldata, rules). Run before connecting.
 */
export function precheckProposal(o: ProposeOptions): ProposalKindName {
  const kindInput = given(o, "kind");
  if (!kindInput) throw new UserError(CoreError.MISSING_INPUT, `--kind is required (${Object.keys(KIND_OPTIONS).join(", ")})`);
  let kind: ProposalKindName;
  try {
    kind = parseKind(kindInput);
  } catch (e) {
    throw new UserError(CoreError.INVALID_OPTION, (e as Error).message);
  }
  const allowed = KIND_OPTIONS[kind];
  const all = new Set(Object.values(KIND_OPTIONS).flat());
  for (const k of all) {
    if (!given(o, k) || allowed.includes(k)) continue;
    throw new UserError(AccessError.OPTION_NOT_APPLICABLE, `--${kebab(k)} does not apply to ${kind} (it takes ${allowed.map((a) => "--" + kebab(a)).join(", ")})`);
  }
  for (const k of ["admin", "account", "signer", "module"] as const) if (given(o, k)) parseAddress(k, o[k]);
  if (given(o, "member")) parseId("member", o.member, "member");
  if (given(o, "node")) parseId("node", o.node, "node");
  if (given(o, "weight")) parseWeight(o.weight, kind === "SetMemberWeight");
  if (given(o, "role")) {
    try {
      parseRole(o.role!);
    } catch (e) {
      throw new UserError(CoreError.INVALID_OPTION, `--role: ${(e as Error).message}`);
    }
  }
  if (given(o, "enode")) {
    const problem = enodeProblem(o.enode!.trim());
    if (problem) throw new UserError(CoreError.INVALID_OPTION, `--enode: ${problem}`);
  }
  const data = given(o, "data");
  if (data && (!isHexString(data) || data.length < 10)) {
    throw new UserError(CoreError.INVALID_OPTION, `--data: "${data.slice(0, 20)}" is not calldata (0x + selector + arguments)`);
  }
  for (const k of ["quorumBps", "approvalBps"] as const) {
    const v = given(o, k);
    if (v !== undefined) requireBps(kebab(k), v);
  }
  for (const k of ["votingPeriod", "executionDelay", "executionWindow"] as const) {
    const v = given(o, k);
    if (v !== undefined) requireDuration(kebab(k), v);
  }
  const lead = given(o, "leadingMember");
  if (lead !== undefined && lead !== "0") parseId("leading-member", lead, "member");
  return kind;
}

/**
 * Validates access:propose options against the chain's current state, as Consortium._run
 * would at proposal time, and encodes the payload. Throws a one-line UserError.
 */
export async function buildProposal(c: Consortium, provider: Provider, o: ProposeOptions): Promise<BuiltProposal> {
  const kind = precheckProposal(o);

  const args = await (async (): Promise<unknown[]> => {
    switch (kind) {
      case "AdmitMember": {
        const name = given(o, "name");
        if (!name) throw new UserError(CoreError.MISSING_INPUT, "--name is required for AdmitMember");
        const bytes = toUtf8Bytes(name).length;
        if (bytes > LIMITS.MAX_NAME_LENGTH) throw new UserError(CoreError.INVALID_OPTION, `--name is ${bytes} bytes, at most ${LIMITS.MAX_NAME_LENGTH}`);
        const admin = parseAddress("admin", o.admin);
        if (admin === ZeroAddress) throw new UserError(CoreError.INVALID_ADDRESS, "--admin: the zero address is not an account");
        const weight = given(o, "weight") ? parseWeight(o.weight, false) : 1;
        const existing = await c.memberOf(admin);
        if (existing !== 0n) {
          const m = await getMemberView(c, existing);
          throw new UserError(AccessError.ACCOUNT_TAKEN, `${admin} already belongs to member ${memberLabel(m)}`);
        }
        return [name, admin, weight];
      }
      case "SuspendMember": {
        const m = await requireMember(c, "member", o.member);
        if (m.status !== "Active") throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(m)} is ${m.status}, not Active`);
        await checkNotLeading(c, m, "suspend");
        await checkKeepsVoters(c, m, 0, "suspending");
        return [m.id];
      }
      case "ReinstateMember": {
        const m = await requireMember(c, "member", o.member);
        if (m.status !== "Suspended") throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(m)} is ${m.status}, not Suspended`);
        return [m.id];
      }
      case "ExpelMember": {
        const m = await requireMember(c, "member", o.member);
        if (m.status === "Expelled") throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(m)} is already Expelled`);
        if (m.nodeCount > 0) throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(m)} still operates ${m.nodeCount} node(s); remove them first`);
        await checkNotLeading(c, m, "expel");
        await checkKeepsVoters(c, m, 0, "expelling");
        return [m.id];
      }
      case "GrantRole":
      case "RevokeRole": {
        const account = parseAddress("account", o.account);
        const roleInput = given(o, "role");
        if (!roleInput) throw new UserError(CoreError.MISSING_INPUT, `--role is required for ${kind} (a role name such as TOKEN_ISSUER, or a number)`);
        let role: number;
        try {
          role = parseRole(roleInput);
        } catch (e) {
          throw new UserError(CoreError.INVALID_OPTION, `--role: ${(e as Error).message}`);
        }
        const granted = await c.grantedRoles(account);
        const holds = (granted & roleBit(role)) !== 0n;
        if (kind === "RevokeRole") {
          if (!holds) throw new UserError(AccessError.ROLE_STATE, `${account} does not hold ${roleName(role)}`);
          return [account, role];
        }
        const memberId = await c.memberOf(account);
        if (memberId === 0n) throw new UserError(AccessError.NOT_MEMBER_ACCOUNT, `${account} is not an account of any member (its member's admin must add it first)`);
        const m = await getMemberView(c, memberId);
        if (m.status !== "Active") throw new UserError(AccessError.MEMBER_STATE, `${account} belongs to member ${memberLabel(m)}, which is ${m.status}`);
        if (holds) throw new UserError(AccessError.ROLE_STATE, `${account} already holds ${roleName(role)}`);
        return [account, role];
      }
      case "AdmitNode": {
        const m = await requireMember(c, "member", o.member);
        if (m.status !== "Active") throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(m)} is ${m.status}, not Active`);
        if (m.nodeCount >= LIMITS.MAX_NODES_PER_MEMBER) {
          throw new UserError(AccessError.LIMIT_REACHED, `member ${memberLabel(m)} already operates ${m.nodeCount} nodes, the maximum`);
        }
        const signer = parseAddress("signer", o.signer);
        if (signer === ZeroAddress) throw new UserError(CoreError.INVALID_ADDRESS, "--signer: the zero address is not an account");
        const existing = await c.nodeOfSigner(signer);
        if (existing !== 0n) throw new UserError(AccessError.NODE_TAKEN, `${signer} is already the signer of node ${existing}`);
        const enode = given(o, "enode");
        if (!enode) throw new UserError(CoreError.MISSING_INPUT, "--enode is required for AdmitNode (enode://<128 hex>@host:port)");
        const problem = enodeProblem(enode);
        if (problem) throw new UserError(CoreError.INVALID_OPTION, `--enode: ${problem}`);
        return [m.id, signer, enode];
      }
      case "RemoveNode": {
        const id = parseId("node", o.node, "node");
        const count = await c.nodeCount();
        if (id > count) throw new UserError(AccessError.UNKNOWN_NODE, count === 0n ? `unknown node ${id} (no nodes admitted)` : `unknown node ${id} (nodes are 1..${count})`, { node: Number(id), count: Number(count) });
        const n = await c.getNode(id);
        if (Number(n.status) !== 1) throw new UserError(AccessError.NODE_STATE, `node ${id} is not admitted (it was removed)`);
        return [id];
      }
      case "SetVotingRules": {
        if (!RULE_OPTIONS.some((k) => given(o, k))) {
          throw new UserError(CoreError.MISSING_INPUT, `SetVotingRules needs at least one of ${RULE_OPTIONS.map((k) => "--" + kebab(k)).join(", ")}`);
        }
        const cur = await c.rules();
        const r: VotingRules = {
          quorumBps: Number(cur.quorumBps),
          approvalBps: Number(cur.approvalBps),
          votingPeriod: Number(cur.votingPeriod),
          executionDelay: Number(cur.executionDelay),
          executionWindow: Number(cur.executionWindow),
          leadingMember: Number(cur.leadingMember),
        };
        const bps = (k: "quorumBps" | "approvalBps") => {
          const v = given(o, k);
          if (v === undefined) return;
          r[k] = requireBps(kebab(k), v);
        };
        const dur = (k: "votingPeriod" | "executionDelay" | "executionWindow") => {
          const v = given(o, k);
          if (v === undefined) return;
          r[k] = requireDuration(kebab(k), v);
        };
        bps("quorumBps");
        bps("approvalBps");
        dur("votingPeriod");
        dur("executionDelay");
        dur("executionWindow");
        if (given(o, "leadingMember") !== undefined) {
          const v = given(o, "leadingMember")!;
          if (v === "0") r.leadingMember = 0;
          else r.leadingMember = (await requireMember(c, "leading-member", v)).id;
        }
        if (r.quorumBps < 1 || r.quorumBps > 10_000) throw new UserError(CoreError.INVALID_OPTION, `--quorum-bps: ${r.quorumBps} is out of range 1..10000`);
        if (r.approvalBps <= 5_000 || r.approvalBps > 10_000) {
          throw new UserError(CoreError.INVALID_OPTION, `--approval-bps: ${r.approvalBps} is out of range 5001..10000 (a majority is needed)`);
        }
        if (r.votingPeriod < 1 || r.votingPeriod > LIMITS.MAX_PERIOD) throw new UserError(CoreError.INVALID_OPTION, "--voting-period must be 1s..365d");
        if (r.executionDelay > LIMITS.MAX_PERIOD) throw new UserError(CoreError.INVALID_OPTION, "--execution-delay must be at most 365d");
        if (r.executionWindow < 1 || r.executionWindow > LIMITS.MAX_PERIOD) throw new UserError(CoreError.INVALID_OPTION, "--execution-window must be 1s..365d");
        if (r.leadingMember !== 0) {
          const m = await getMemberView(c, r.leadingMember);
          if (m.status !== "Active" || m.weight === 0) {
            throw new UserError(AccessError.LEADING_MEMBER, `--leading-member: member ${memberLabel(m)} must be Active with a non-zero weight`);
          }
        }
        return [r];
      }
      case "SetMemberWeight": {
        const m = await requireMember(c, "member", o.member);
        if (!given(o, "weight")) throw new UserError(CoreError.MISSING_INPUT, "--weight is required for SetMemberWeight");
        const w = parseWeight(o.weight, true);
        if (m.status === "Expelled") throw new UserError(AccessError.MEMBER_STATE, `member ${memberLabel(m)} is Expelled`);
        const rules = await c.rules();
        if (BigInt(m.id) === rules.leadingMember && w === 0) {
          throw new UserError(AccessError.LEADING_MEMBER, `member ${memberLabel(m)} is the leading member; its weight cannot be 0`);
        }
        await checkKeepsVoters(c, m, w, "setting the weight of");
        return [m.id, w];
      }
      case "RegisterModule": {
        const module = parseAddress("module", o.module);
        if ((await provider.getCode(module)) === "0x") throw new UserError(AccessError.MODULE_STATE, `--module: no contract at ${module}`);
        if (await c.isModule(module)) throw new UserError(AccessError.MODULE_STATE, `module ${module} is already registered`);
        const count = (await c.modules()).length;
        if (count >= 16) throw new UserError(AccessError.LIMIT_REACHED, `the consortium already has ${count} modules, the maximum`);
        const governed = await c.getAddress();
        let authority: string;
        try {
          const probe = new Contract(module, ["function consortium() view returns (address)"], provider);
          authority = getAddress(await probe.getFunction("consortium").staticCall());
        } catch {
          throw new UserError(AccessError.MODULE_STATE, `${module} is not a consortium-governed module (it has no consortium())`);
        }
        if (authority !== governed) throw new UserError(AccessError.MODULE_STATE, `module ${module} obeys consortium ${authority}, not ${governed}`);
        return [module];
      }
      case "UnregisterModule": {
        const module = parseAddress("module", o.module);
        if (!(await c.isModule(module))) throw new UserError(AccessError.UNKNOWN_MODULE, `module ${module} is not registered`);
        return [module];
      }
      case "CallModule": {
        const module = parseAddress("module", o.module);
        if (!(await c.isModule(module))) throw new UserError(AccessError.UNKNOWN_MODULE, `module ${module} is not registered`);
        const data = given(o, "data");
        if (!data) throw new UserError(CoreError.MISSING_INPUT, "--data is required for CallModule (0x calldata)");
        if (!isHexString(data) || data.length < 10) throw new UserError(CoreError.INVALID_OPTION, `--data: "${data.slice(0, 20)}" is not calldata (0x + selector + arguments)`);
        return [module, data];
      }
    }
  })();

  return { kind, args, payload: encodePayload(kind, args) };
}

/** What `submitProposal` sent: the receipt, the new proposal's id and its voting deadline. */
export interface SubmittedProposal {
  receipt: ContractTransactionReceipt;
  id: bigint;
  /** Unix time the voting ends (0 when the event could not be read). */
  deadline: number;
}

/**
 * Sends a proposal the way every task does: the contract's own verdict first (a refusal is
 * decoded by name and nothing is sent), then the transaction, then the id and deadline from its
 * ProposalCreated event.
 */
export async function submitProposal(
  ctx: Pick<TaskContext, "wait">,
  consortium: Consortium,
  signer: Signer,
  kind: ProposalKindName,
  payload: string,
  description: string,
): Promise<SubmittedProposal> {
  const c = consortium.connect(signer);
  await c.propose.staticCall(kindIndex(kind), payload, description);
  const receipt = await ctx.wait(c.propose(kindIndex(kind), payload, description));
  const event = receipt.logs
    .map((l) => {
      try {
        return consortium.interface.parseLog(l);
      } catch {
        return null;
      }
    })
    .find((e) => e?.name === "ProposalCreated");
  const id = event ? (event.args.proposalId as bigint) : await consortium.proposalCount();
  const deadline = event ? Number(event.args.deadline) : 0;
  return { receipt, id, deadline };
}
