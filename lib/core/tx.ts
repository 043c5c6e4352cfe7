import type { Provider, TransactionReceipt } from "ethers";
import { UserError } from "./errors.js";
import { CoreError } from "./error-codes.js";

/**
 * Waiting for a transaction on a real network (Geth Clique), bounded in every direction:
 *
 *   - stalled chain: no new block for `stallMs` (default 20 s) → TxWaitError "stalled". On
 *     Clique that means fewer than floor(N/2)+1 signers are sealing. The transaction stays in
 *     the node's pool and is mined when sealing resumes, so the message says so (re-sending it
 *     blindly would do the thing twice).
 *   - replaced or dropped: the sender's mined nonce moved past the transaction's nonce but the
 *     transaction has no receipt → another transaction took its nonce (a speed-up or cancel
 *     sent from another wallet, or the pool dropped it and something else used the nonce).
 *   - blocks keep coming but the transaction is not mined for `timeoutMs` (default 300 s)
 *     → TxWaitError "timeout" (fee too low for the pool, or a nonce gap before it).
 *
 * The same limits apply while waiting for confirmations (a stall after inclusion is reported
 * as such, with the block the transaction is in).
 */

export const DEFAULT_STALL_MS = 20_000;
export const DEFAULT_TX_TIMEOUT_MS = 300_000;

export type TxWaitProblem = "stalled" | "replaced" | "timeout";

/** A wait that ended without the confirmations asked for. Its message is one line. */
export class TxWaitError extends Error {
  override name = "TxWaitError";
  constructor(
    readonly problem: TxWaitProblem,
    readonly hash: string,
    message: string,
    /** The transaction that used the nonce instead ("replaced"), when it was found. */
    readonly replacedBy?: string,
  ) {
    super(message);
  }
}

/** What is needed to follow a sent transaction. */
export interface SentTx {
  hash: string;
  from: string;
  nonce: number;
}

export interface TxWaitOptions {
  /** Blocks including the transaction's own (default 1). */
  confirmations?: number;
  /** No new block for this long → "stalled" (default $TX_STALL_SECONDS or 20 s). */
  stallMs?: number;
  /** Overall limit while blocks keep coming (default $TX_TIMEOUT_SECONDS or 300 s). */
  timeoutMs?: number;
  /** Poll interval (default 250 ms). */
  pollMs?: number;
  /** A block at or before which the transaction cannot have been mined (speeds up the search for a replacement). */
  sentAtBlock?: number;
}

function seconds(name: string, fallbackMs: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallbackMs;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) <= 0) {
    throw new UserError(CoreError.INVALID_SETTING, `${name}: "${raw}" is not a number of seconds > 0`);
  }
  return Math.round(Number(raw) * 1000);
}

/** The limits from the environment: TX_STALL_SECONDS (default 20), TX_TIMEOUT_SECONDS (default 300). */
export function txWaitLimitsFromEnv(): Required<Pick<TxWaitOptions, "stallMs" | "timeoutMs">> {
  return { stallMs: seconds("TX_STALL_SECONDS", DEFAULT_STALL_MS), timeoutMs: seconds("TX_TIMEOUT_SECONDS", DEFAULT_TX_TIMEOUT_MS) };
}

/**
 * Whether the node mines a block only when a transaction arrives (anvil or Hardhat with
 * automine): there, no block follows a transaction's own until someone sends another, so
 * confirmations beyond the first never come. Geth (Clique) has neither method and answers no.
 */
export async function minesOnDemand(provider: { send(method: string, params: unknown[]): Promise<unknown> }): Promise<boolean> {
  for (const method of ["hardhat_getAutomine", "anvil_getAutomine"]) {
    try {
      const on = await provider.send(method, []);
      if (typeof on === "boolean") return on;
    } catch {
      // not this node's method: try the next, then answer no
    }
  }
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmtS = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Waits until `tx` is mined with `confirmations` blocks, or throws TxWaitError (stalled,
 * replaced/dropped, timeout). Never waits longer than max(stallMs, timeoutMs) plus one poll.
 * A reverted transaction is returned like any other receipt (status 0): callers decide.
 */
export async function waitForTx(provider: Provider, tx: SentTx, opts: TxWaitOptions = {}): Promise<TransactionReceipt> {
  const env = opts.stallMs === undefined || opts.timeoutMs === undefined ? txWaitLimitsFromEnv() : undefined;
  const confirmations = Math.max(1, opts.confirmations ?? 1);
  const stallMs = opts.stallMs ?? env!.stallMs;
  const timeoutMs = opts.timeoutMs ?? env!.timeoutMs;
  const pollMs = opts.pollMs ?? 250;
  const started = Date.now();
  let head = await provider.getBlockNumber();
  const firstHead = head;
  let headSince = Date.now();
  /** Polls in a row that saw the nonce used without our receipt (one is not proof: indexes lag). */
  let nonceGoneSeen = 0;

  for (;;) {
    const receipt = await provider.getTransactionReceipt(tx.hash);
    if (receipt) {
      const have = head - receipt.blockNumber + 1;
      if (have >= confirmations) {
        // Still on the canonical chain? (a reorg may have moved or dropped it)
        const again = await provider.getTransactionReceipt(tx.hash);
        if (again && again.blockHash === receipt.blockHash) return again;
        continue;
      }
      nonceGoneSeen = 0;
    } else {
      const mined = await provider.getTransactionCount(tx.from, "latest");
      if (mined > tx.nonce) {
        // Check the receipt once more: the nonce may have moved with our own transaction.
        if (await provider.getTransactionReceipt(tx.hash)) continue;
        if (++nonceGoneSeen >= 3) {
          const by = await findNonceUser(provider, tx, opts.sentAtBlock ?? firstHead - 1, head);
          throw new TxWaitError(
            "replaced",
            tx.hash,
            `transaction ${tx.hash} was replaced or dropped: nonce ${tx.nonce} of ${tx.from} was used by ` +
              (by ? `transaction ${by.hash} (block #${by.block})` : `another transaction (the account's mined nonce is now ${mined})`) +
              `; ${tx.hash} will never be mined`,
            by?.hash,
          );
        }
      } else {
        nonceGoneSeen = 0;
      }
    }

    const now = Date.now();
    if (now - headSince >= stallMs) {
      const where = receipt
        ? `transaction ${tx.hash} landed in block #${receipt.blockNumber} (${receipt.status === 1 ? "succeeded" : "reverted"}) with ${head - receipt.blockNumber + 1} of ${confirmations} confirmations: do not send it again`
        : `transaction ${tx.hash} sent, not yet mined; it stays in the node's pool and is mined when blocks resume: check it before sending again`;
      throw new TxWaitError("stalled", tx.hash, `no new block for ${fmtS(now - headSince)} (chain stalled? fewer than half the signers sealing?) — ${where}`);
    }
    if (now - started >= timeoutMs) {
      const where = receipt
        ? `it landed in block #${receipt.blockNumber} with ${head - receipt.blockNumber + 1} of ${confirmations} confirmations: do not send it again`
        : `not mined while ${head - firstHead} blocks were sealed (fee below the pool's minimum, or a nonce gap before ${tx.nonce}?); it may still be mined: check it before sending again`;
      throw new TxWaitError("timeout", tx.hash, `transaction ${tx.hash}: gave up after ${fmtS(now - started)}: ${where}`);
    }
    await sleep(pollMs);
    const next = await provider.getBlockNumber();
    if (next !== head) {
      head = next;
      headSince = Date.now();
    }
  }
}

/** The mined transaction of `tx.from` with `tx.nonce`, searched from `head` down to `since` (at most 256 blocks). */
async function findNonceUser(provider: Provider, tx: SentTx, since: number, head: number): Promise<{ hash: string; block: number } | undefined> {
  const from = tx.from.toLowerCase();
  for (let n = head; n >= Math.max(0, since, head - 255); n--) {
    const block = await provider.getBlock(n, true);
    for (const t of block?.prefetchedTransactions ?? []) {
      if (t.from.toLowerCase() === from && t.nonce === tx.nonce) return { hash: t.hash, block: n };
    }
  }
  return undefined;
}
