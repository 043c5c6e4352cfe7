import { getAddress } from "ethers";
import type { Consortium } from "../../typechain-types/index.js";
import { UserError } from "../core/errors.js";
import { MEMBER_STATUSES, NODE_STATUSES } from "./proposals.js";
import { AccessError } from "./errors.js";
import { CoreError } from "../core/error-codes.js";

/**
 * Keeping Clique's signer set equal to the consortium's node registry.
 *
 * The registry (Consortium.getNode) is what the members decided by vote: AdmitNode and
 * RemoveNode proposals. Clique has its own, separate vote: every signer's operator calls
 * clique_propose(address, true|false) on their OWN node, and the node casts that vote in the
 * blocks it seals; a change takes effect once floor(N/2)+1 signers voted for it. nodes:sync
 * turns the registry into those per-node votes:
 *
 *   admitted in the registry, not a signer          → clique_propose(addr, true)
 *   a signer whose node was removed, or that the
 *   registry does not list at all                   → clique_propose(addr, false)
 *   a signer whose node is admitted                 → never dropped, unless its member is
 *                                                     suspended: voted out, and in again once
 *                                                     reinstated (the node stays admitted)
 *   a proposal of this node that no longer matches
 *   the registry, or that has already taken effect  → clique_discard(addr)
 *
 * Clique discards tallied votes at every epoch checkpoint block (every `epoch` blocks, 30000
 * by default). A node keeps its own proposals and casts them again after the checkpoint, but a
 * change that has not reached its majority by then starts counting from zero.
 */

export type NodeStatusName = (typeof NODE_STATUSES)[number];
export type MemberStatusName = (typeof MEMBER_STATUSES)[number];

export interface RegistryNode {
  id: number;
  memberId: number;
  signer: string;
  status: NodeStatusName;
  enode: string;
  /** The operating member's status (absent: Active). A suspended member's nodes do not seal. */
  memberStatus?: MemberStatusName;
}

/** Admitted, and its member may act: the registry backs it as a signer. */
function seals(n: RegistryNode): boolean {
  return n.status === "Admitted" && (n.memberStatus ?? "Active") === "Active";
}

/** Every node ever admitted, by id (1..nodeCount). */
export async function readNodeRegistry(consortium: Consortium): Promise<RegistryNode[]> {
  const count = Number(await consortium.nodeCount());
  const nodes = await Promise.all(Array.from({ length: count }, (_, i) => consortium.getNode(i + 1)));
  const memberIds = [...new Set(nodes.map((n) => Number(n.memberId)))];
  const statuses = new Map(
    await Promise.all(memberIds.map(async (id) => [id, MEMBER_STATUSES[Number((await consortium.getMember(id)).status)] ?? "None"] as const)),
  );
  return nodes.map((n, i) => ({
    id: i + 1,
    memberId: Number(n.memberId),
    signer: getAddress(n.signer),
    status: NODE_STATUSES[Number(n.status)] ?? "None",
    enode: n.enode,
    memberStatus: statuses.get(Number(n.memberId)),
  }));
}

/** What the operator's own node says about Clique. */
export interface CliqueView {
  head: number;
  /** Authorised signers at the head. */
  signers: string[];
  /** This node's open proposals: address → authorize. */
  proposals: Record<string, boolean>;
  /** Votes tallied on chain since the last checkpoint (clique_getSnapshot), when available. */
  tally?: Record<string, { authorize: boolean; votes: number }>;
  /** Blocks between checkpoints, and whether the node said so (else the default 30000). */
  epoch: number;
  epochKnown: boolean;
  /** The node's etherbase, i.e. the signer it seals with, when it reports one. */
  localSigner?: string;
}

export const DEFAULT_EPOCH = 30_000;

export type SyncActionKind = "propose-add" | "propose-drop" | "discard";

export interface SyncAction {
  action: SyncActionKind;
  address: string;
  reason: string;
  /** The registry entry that motivates it, if any. */
  nodeId?: number;
}

export interface PendingVote {
  address: string;
  authorize: boolean;
  /** Votes tallied on chain for this change so far (undefined when the snapshot is unavailable). */
  votes?: number;
  needed: number;
}

export interface SyncPlan {
  actions: SyncAction[];
  /** Proposals of this node that already say the right thing and still wait for a majority. */
  kept: SyncAction[];
  /** Changes this node asks for (after the actions) that have not taken effect yet. */
  pending: PendingVote[];
  warnings: string[];
  /** Signers needed for a change: floor(N/2)+1. */
  needed: number;
  epoch: { length: number; known: boolean; nextCheckpoint: number; blocksUntil: number };
}

const lc = (a: string) => a.toLowerCase();

/** Pure: the clique_propose / clique_discard calls that bring this node's votes in line with the registry. */
export function planNodeSync(registry: RegistryNode[], clique: CliqueView): SyncPlan {
  const signers = new Map(clique.signers.map((s) => [lc(s), getAddress(s)]));
  const proposals = new Map(Object.entries(clique.proposals).map(([a, v]) => [lc(a), { address: getAddress(a), authorize: v }]));
  // A signer address may have been removed and admitted again as a new node: admitted wins.
  const byAddress = new Map<string, RegistryNode>();
  for (const n of registry) {
    const prev = byAddress.get(lc(n.signer));
    if (!prev || n.status === "Admitted") byAddress.set(lc(n.signer), n);
  }
  const suspended = (n: RegistryNode | undefined) => n?.status === "Admitted" && !seals(n);
  // Only nodes that may seal back a signer: admitted, of a member that is not suspended.
  const admitted = new Map([...byAddress].filter(([, n]) => seals(n)));
  const actions: SyncAction[] = [];
  const kept: SyncAction[] = [];
  const warnings: string[] = [];

  // 1. Admitted but not a signer: vote in.
  for (const [a, n] of admitted) {
    if (signers.has(a)) continue;
    const p = proposals.get(a);
    const reason = `node ${n.id} (member ${n.memberId}) is admitted in the registry but not a signer`;
    if (p?.authorize === true) kept.push({ action: "propose-add", address: n.signer, reason, nodeId: n.id });
    else actions.push({ action: "propose-add", address: n.signer, reason: p ? `${reason} (replaces this node's drop proposal)` : reason, nodeId: n.id });
  }

  // 2. A signer the registry does not back (removed, unknown, or of a suspended member): vote
  //    out. Never an admitted node of an active member.
  const unbacked = [...signers].filter(([a]) => !admitted.has(a));
  const backed = signers.size - unbacked.length;
  const refuseDrops = unbacked.length > 0 && backed === 0;
  if (refuseDrops) {
    // Dropping every signer the registry does not back would leave no signer at all.
    warnings.push(
      `the registry backs none of the ${signers.size} current signers (${admitted.size} admitted node(s)); not voting any signer out — register the sealing nodes first (deploy parameter "nodes" or AdmitNode proposals)`,
    );
  } else {
    for (const [a, address] of unbacked) {
      const n = byAddress.get(a);
      const reason = suspended(n)
        ? `node ${n!.id}'s member ${n!.memberId} is ${n!.memberStatus}: its nodes do not seal until it is reinstated`
        : n
          ? `node ${n.id} (member ${n.memberId}) was removed from the registry`
          : "a signer the registry does not list";
      const p = proposals.get(a);
      if (p?.authorize === false) kept.push({ action: "propose-drop", address, reason, nodeId: n?.id });
      else actions.push({ action: "propose-drop", address, reason: p ? `${reason} (replaces this node's add proposal)` : reason, nodeId: n?.id });
    }
  }

  // 3. This node's other proposals are stale: done, or no longer what the registry says.
  const covered = new Set([...kept, ...actions].map((x) => lc(x.address)));
  for (const [a, p] of proposals) {
    if (covered.has(a)) continue;
    const n = byAddress.get(a);
    let reason: string;
    if (p.authorize && signers.has(a)) reason = "vote passed: already a signer";
    else if (!p.authorize && !signers.has(a)) reason = "vote passed: no longer a signer";
    else if (p.authorize && suspended(n)) reason = `node ${n!.id}'s member ${n!.memberId} is ${n!.memberStatus}: not voted in until it is reinstated`;
    else if (p.authorize) reason = n ? `node ${n.id} is ${n.status} in the registry, not admitted` : "not in the registry";
    else if (admitted.has(a)) reason = `node ${n!.id} is admitted in the registry: never voted out`;
    else reason = "the registry backs no current signer: not voting any signer out";
    actions.push({ action: "discard", address: p.address, reason, nodeId: n?.id });
  }

  const needed = Math.floor(signers.size / 2) + 1;
  const pending: PendingVote[] = [...kept, ...actions.filter((x) => x.action !== "discard")].map((x) => {
    const authorize = x.action === "propose-add";
    const t = clique.tally ? Object.entries(clique.tally).find(([k]) => lc(k) === lc(x.address))?.[1] : undefined;
    return { address: x.address, authorize, votes: clique.tally ? (t && t.authorize === authorize ? t.votes : 0) : undefined, needed };
  });

  const epoch = clique.epoch > 0 ? clique.epoch : DEFAULT_EPOCH;
  const nextCheckpoint = (Math.floor(clique.head / epoch) + 1) * epoch;
  return {
    actions,
    kept,
    pending,
    warnings,
    needed,
    epoch: { length: epoch, known: clique.epochKnown, nextCheckpoint, blocksUntil: nextCheckpoint - clique.head },
  };
}

// ------------------------------------------------------------------------------------- RPC

/** A JSON-RPC endpoint: the network's own provider, or a plain URL given with --rpc. */
export type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

/** JSON-RPC over HTTP with a timeout and one-line errors. */
export function httpRpc(url: string, timeoutMs = 10_000): Rpc {
  let id = 0;
  return async (method, params = []) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw new UserError(CoreError.NODE_UNREACHABLE, `cannot reach the node at ${url} (${cause === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : cause})`);
    }
    const text = await res.text();
    let body: { result?: unknown; error?: { code?: number; message?: string } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new UserError(CoreError.NODE_UNREACHABLE, `the node at ${url} answered ${method} with HTTP ${res.status}, not JSON-RPC`);
    }
    if (body.error) throw new RpcError(method, body.error.code, body.error.message ?? "error");
    return body.result;
  };
}

export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    message: string,
  ) {
    super(`${method}: ${message}`);
  }
}

function isMissingMethod(e: unknown): boolean {
  const msg = String((e as Error)?.message ?? e);
  return (e as RpcError)?.code === -32601 || /method .* does not exist|not available|not found|unsupported/i.test(msg);
}

/** Reads signers, proposals, snapshot tally, epoch and etherbase from the operator's node. */
export async function readClique(rpc: Rpc, where: string): Promise<CliqueView> {
  let signers: string[];
  try {
    signers = (await rpc("clique_getSigners", ["latest"])) as string[];
  } catch (e) {
    if (isMissingMethod(e)) {
      throw new UserError(AccessError.NOT_CLIQUE, `the node at ${where} does not serve the clique API (geth needs --http.api ...,clique; only Geth Clique networks have it)`);
    }
    throw e;
  }
  const [proposals, head, snapshot, info, coinbase] = await Promise.all([
    rpc("clique_proposals") as Promise<Record<string, boolean>>,
    rpc("eth_blockNumber") as Promise<string>,
    (rpc("clique_getSnapshot", ["latest"]) as Promise<{ tally?: Record<string, { authorize: boolean; votes: number }> }>).catch(() => undefined),
    (rpc("admin_nodeInfo") as Promise<{ protocols?: { eth?: { config?: { clique?: { epoch?: number } } } } }>).catch(() => undefined),
    (rpc("eth_coinbase") as Promise<string>).catch(() => undefined),
  ]);
  const epoch = info?.protocols?.eth?.config?.clique?.epoch;
  return {
    head: Number(head),
    signers: signers.map((s) => getAddress(s)),
    proposals: Object.fromEntries(Object.entries(proposals ?? {}).map(([a, v]) => [getAddress(a), v])),
    tally: snapshot?.tally,
    epoch: epoch && epoch > 0 ? epoch : DEFAULT_EPOCH,
    epochKnown: !!(epoch && epoch > 0),
    localSigner: coinbase && /^0x[0-9a-fA-F]{40}$/.test(coinbase) && !/^0x0{40}$/.test(coinbase) ? getAddress(coinbase) : undefined,
  };
}

/** Casts the planned votes on the operator's node. */
export async function applyNodeSync(rpc: Rpc, actions: SyncAction[]): Promise<void> {
  for (const a of actions) {
    if (a.action === "discard") await rpc("clique_discard", [a.address]);
    else await rpc("clique_propose", [a.address, a.action === "propose-add"]);
  }
}

/**
 * The operator's node: `url` (--rpc) when given, else the network's own connection. A node on
 * another chain than the network the registry is read from is refused.
 */
export async function openNodeRpc(
  ctx: { chainId: number; networkName: string; connection: { provider: { request(a: { method: string; params?: unknown[] }): Promise<unknown> } } },
  url: string,
): Promise<{ rpc: Rpc; where: string }> {
  const u = url.trim();
  if (!u) {
    return { rpc: (method, params = []) => ctx.connection.provider.request({ method, params }), where: `network ${ctx.networkName}` };
  }
  if (!/^https?:\/\/\S+$/.test(u)) throw new UserError(CoreError.INVALID_OPTION, `--rpc: "${u}" is not an http(s) URL`);
  const rpc = httpRpc(u);
  const chainId = Number(await rpc("eth_chainId"));
  if (chainId !== ctx.chainId) {
    throw new UserError(CoreError.WRONG_CHAIN, `--rpc ${u} is chain ${chainId} but network ${ctx.networkName} (where the registry is read) is chain ${ctx.chainId}`);
  }
  return { rpc, where: u };
}
