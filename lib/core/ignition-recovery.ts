import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, type Provider } from "ethers";
import { trackTransaction } from "@nomicfoundation/ignition-core";
import type { EIP1193Provider } from "@nomicfoundation/ignition-core";
import { UserError } from "./errors.js";
import { CoreError } from "./error-codes.js";

/**
 * Ignition 3.1 cannot resume a journal whose last word on a future is its
 * *_EXECUTION_STATE_INITIALIZE (a crash between that line and the future's first
 * NETWORK_INTERACTION_REQUEST): it stops with HHE10000 "Internal Hardhat Ignition invariant
 * was violated: Unable to find network interaction for <future> when trying to get pending
 * onchain interaction" (seen when a test killed a deployment at that instant). Nothing was
 * sent for such a future, so dropping its lone INITIALIZE line is the same as having crashed
 * just before writing it; Ignition then starts the future afresh. Returns the futures dropped.
 */
const SENDING_INITIALIZE = new Set([
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
]);

export async function dropDanglingInitializations(deploymentDir: string): Promise<string[]> {
  const file = path.join(deploymentDir, "journal.jsonl");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [];
  }
  const lines = text.split("\n");
  const messages = lines.map((l) => {
    try {
      return l.trim() ? (JSON.parse(l) as JournalMessage) : undefined;
    } catch {
      return undefined;
    }
  });
  const count = new Map<string, number>();
  for (const m of messages) if (m?.futureId) count.set(m.futureId, (count.get(m.futureId) ?? 0) + 1);
  const dangling = new Set<string>();
  messages.forEach((m) => {
    // Only futures that send transactions; reads and encodings have no onchain interaction.
    if (m?.futureId && m.type && SENDING_INITIALIZE.has(m.type) && count.get(m.futureId) === 1) dangling.add(m.futureId);
  });
  if (dangling.size === 0) return [];
  const kept = lines.filter((_, i) => !(messages[i]?.futureId && dangling.has(messages[i]!.futureId!)));
  const tmp = `${file}.tmp`;
  await writeFile(tmp, kept.join("\n"));
  await rename(tmp, file);
  return [...dangling];
}

/**
 * Closes the one gap in resuming an interrupted Ignition deployment. Ignition journals
 * TRANSACTION_PREPARE_SEND (nonce taken), sends, then journals TRANSACTION_SEND (hash). After
 * a crash between the last two, the journal does not know its own transaction and Ignition 3
 * stops with HHE10410 ("use a block explorer to find the hash of the transaction with nonce N
 * ... and run `npx hardhat ignition track-tx <txHash> <deploymentId>`"); verified on anvil.
 * Before resuming, the deploy task does exactly that itself: it finds the transaction on chain
 * by sender and nonce and hands it to Ignition's own `trackTransaction`.
 */

export interface UnrecordedSend {
  futureId: string;
  networkInteractionId: number;
  from: string;
  nonce: number;
  /** A block at or before which the transaction cannot have been mined. */
  sinceBlock: number;
}

interface JournalMessage {
  type?: string;
  futureId?: string;
  networkInteractionId?: number;
  nonce?: number;
  from?: string;
  receipt?: { blockNumber?: number };
}

/** Transactions whose nonce the journal reserved but whose hash it never recorded. */
export async function findUnrecordedSends(deploymentDir: string): Promise<UnrecordedSend[]> {
  let text: string;
  try {
    text = await readFile(path.join(deploymentDir, "journal.jsonl"), "utf8");
  } catch {
    return [];
  }
  const from = new Map<string, string>();
  const complete = new Set<string>();
  const prepared = new Map<string, { futureId: string; networkInteractionId: number; nonce: number }>();
  let lastBlock = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let m: JournalMessage;
    try {
      m = JSON.parse(line) as JournalMessage;
    } catch {
      continue; // a torn last line after a crash
    }
    const key = `${m.futureId}#${m.networkInteractionId}`;
    switch (m.type) {
      case "TRANSACTION_PREPARE_SEND":
        prepared.set(key, { futureId: m.futureId!, networkInteractionId: m.networkInteractionId!, nonce: m.nonce! });
        break;
      case "TRANSACTION_SEND":
      case "ONCHAIN_INTERACTION_DROPPED":
      case "ONCHAIN_INTERACTION_REPLACED_BY_USER":
      case "ONCHAIN_INTERACTION_TIMEOUT":
        prepared.delete(key);
        break;
      case "TRANSACTION_CONFIRM":
        lastBlock = Math.max(lastBlock, Number(m.receipt?.blockNumber ?? 0));
        break;
      default:
        if (m.type?.endsWith("EXECUTION_STATE_INITIALIZE") && m.futureId && m.from) from.set(m.futureId, m.from);
        if (m.type?.endsWith("EXECUTION_STATE_COMPLETE") && m.futureId) complete.add(m.futureId);
    }
  }
  return [...prepared.values()]
    .filter((p) => !complete.has(p.futureId) && from.has(p.futureId))
    .map((p) => ({ ...p, from: getAddress(from.get(p.futureId)!), sinceBlock: lastBlock }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Finds each unrecorded transaction on chain and records it in the journal. Waits (bounded)
 * for one still pending. Returns the hashes adopted. A transaction that never reached the node
 * is left alone: Ignition sees its nonce unused and sends it again, which is correct.
 */
export async function recoverUnrecordedSends(
  deploymentDir: string,
  provider: Provider,
  eip1193: EIP1193Provider,
  confirmations: number,
  opts: { waitMs?: number; maxScanBlocks?: number } = {},
): Promise<string[]> {
  const adopted: string[] = [];
  for (const u of await findUnrecordedSends(deploymentDir)) {
    const pending = await provider.getTransactionCount(u.from, "pending");
    if (pending <= u.nonce) continue;
    const deadline = Date.now() + (opts.waitMs ?? 120_000);
    while ((await provider.getTransactionCount(u.from, "latest")) <= u.nonce) {
      if (Date.now() > deadline) {
        throw new UserError(CoreError.TX_PENDING, `${u.futureId}: its transaction (nonce ${u.nonce} of ${u.from}) is still pending; re-run when it is mined`);
      }
      await sleep(250);
    }
    const latest = await provider.getBlockNumber();
    const first = Math.max(u.sinceBlock, latest - (opts.maxScanBlocks ?? 10_000), 0);
    let hash: string | undefined;
    for (let n = latest; n >= first && !hash; n--) {
      const block = await provider.getBlock(n, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        if (tx.from.toLowerCase() === u.from.toLowerCase() && tx.nonce === u.nonce) {
          hash = tx.hash;
          break;
        }
      }
    }
    if (!hash) {
      throw new UserError(CoreError.TX_PENDING,
        `${u.futureId}: nonce ${u.nonce} of ${u.from} was used after an interruption but its transaction was not found since block ${first}; run \`npx hardhat ignition track-tx <txHash> <deploymentId>\``,
      );
    }
    // Matches what Ignition prepared (to, data, value): recorded as sent. Anything else:
    // Ignition treats it as a user replacement, as it would have anyway.
    await trackTransaction(deploymentDir, hash, eip1193, confirmations);
    adopted.push(hash);
  }
  return adopted;
}

/** Futures that send a transaction or read the chain: each is done once its *_COMPLETE is journaled. */
const EXECUTED_FUTURES = new Set([
  "NAMED_ARTIFACT_CONTRACT_DEPLOYMENT",
  "CONTRACT_DEPLOYMENT",
  "NAMED_ARTIFACT_LIBRARY_DEPLOYMENT",
  "LIBRARY_DEPLOYMENT",
  "CONTRACT_CALL",
  "STATIC_CALL",
  "SEND_DATA",
]);

interface ModuleLike {
  futures: Iterable<{ id: string; type: string }>;
  submodules: Iterable<ModuleLike>;
}

function executedFutureIds(module: ModuleLike, into = new Set<string>()): Set<string> {
  for (const f of module.futures) if (EXECUTED_FUTURES.has(f.type)) into.add(f.id);
  for (const sub of module.submodules) executedFutureIds(sub, into);
  return into;
}

/**
 * Whether the journal in `deploymentDir` records every transaction of `module` as completed
 * successfully. Then there is nothing to do, and calling Ignition again would only cost: with
 * another sender (a second operator's key) it refuses every future with "From account has been
 * changed", although nothing needs sending.
 */
export async function journalComplete(deploymentDir: string, module: ModuleLike): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path.join(deploymentDir, "journal.jsonl"), "utf8");
  } catch {
    return false;
  }
  const done = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let m: { type?: string; futureId?: string; result?: { type?: string } };
    try {
      m = JSON.parse(line);
    } catch {
      return false; // a torn line: let Ignition judge
    }
    if (m.futureId && m.type?.endsWith("_EXECUTION_STATE_COMPLETE") && m.result?.type === "SUCCESS") done.add(m.futureId);
  }
  for (const id of executedFutureIds(module)) if (!done.has(id)) return false;
  return true;
}
