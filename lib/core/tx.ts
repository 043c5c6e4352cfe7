import { Transaction, type Provider, type TransactionReceipt, type TransactionResponse } from "ethers";
import { UserError } from "./errors.js";
import { CoreError } from "./error-codes.js";

/**
 * Waiting for a transaction on a real network (Geth Clique), bounded in every direction:
 *
 *   - stalled chain: no new block for `stallMs` (default 20 s) → TxWaitError "stalled". On
 *     Clique that means fewer than floor(N/2)+1 signers are sealing. The transaction stays in
 *     the node's pool and is mined when sealing resumes, so the message says so (re-sending it
 *     blindly would do the thing twice).
 *   - replaced: the sender's mined nonce moved past the transaction's nonce but the transaction
 *     has no receipt → a different transaction consumed its nonce (a speed-up or cancel sent
 *     from another wallet, or the pool dropped it and something else used the nonce). Final.
 *   - dropped: no receipt, the node does not know the transaction (eth_getTransactionByHash
 *     answers null, several polls in a row) and the sender's mined nonce has not reached it →
 *     the pool evicted it (or the node restarted and lost it, or a replacement with the same
 *     nonce waits in the pool). Nothing was mined: the SAME signed transaction is broadcast again
 *     (same nonce, same hash, so it can land at most once; the node refuses it if a replacement
 *     holds the nonce, which is then reported as replaced), a bounded number of times
 *     (`resends`, default 3), each with a note; after that, TxWaitError "dropped". Without the
 *     signed bytes nothing can be resent: "dropped" once the node has not known it for
 *     `dropMs` (default 20 s), time for a pool replacement to be mined and called "replaced".
 *   - blocks keep coming but the transaction is not mined for `timeoutMs` (default 300 s)
 *     → TxWaitError "timeout" (fee too low for the pool, or a nonce gap before it).
 *
 * The same limits apply while waiting for confirmations (a stall after inclusion is reported
 * as such, with the block the transaction is in).
 */

export const DEFAULT_STALL_MS = 20_000;
export const DEFAULT_TX_TIMEOUT_MS = 300_000;

export const DEFAULT_RESENDS = 3;
export const DEFAULT_DROP_MS = 20_000;
/** Polls in a row that must agree before a transaction counts as dropped or replaced (node indexes lag). */
const AGREEING_POLLS = 3;

export type TxWaitProblem = "stalled" | "replaced" | "dropped" | "timeout";

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
  /**
   * The signed transaction (serialized), to broadcast again if the node drops it. Without it a
   * dropped transaction ends the wait with TxWaitError "dropped".
   */
  raw?: string;
}

/**
 * The signed bytes of a sent transaction, rebuilt from what the node returned (type, fields,
 * signature), or undefined when they do not hash to the transaction's hash (a node that
 * answered partially, or an unsigned dev-node transaction).
 */
export function signedRawOf(tx: TransactionResponse): string | undefined {
  try {
    const rebuilt = Transaction.from({
      type: tx.type,
      to: tx.to,
      nonce: tx.nonce,
      gasLimit: tx.gasLimit,
      gasPrice: tx.type === 2 ? undefined : tx.gasPrice,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
      data: tx.data,
      value: tx.value,
      chainId: tx.chainId,
      accessList: tx.accessList,
      signature: tx.signature,
    });
    return rebuilt.hash?.toLowerCase() === tx.hash.toLowerCase() ? rebuilt.serialized : undefined;
  } catch {
    return undefined;
  }
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
  /** Times a dropped transaction is broadcast again (same signed bytes) before giving up (default 3). */
  resends?: number;
  /** Without `raw`: how long the node must not know the transaction before it counts as dropped (default 20 s). */
  dropMs?: number;
  /** Where a resend is told (one line each); default: nowhere. */
  onNote?: (line: string) => void;
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
 * replaced, dropped, timeout). A dropped transaction is broadcast again first (see above). Never waits longer than max(stallMs, timeoutMs) plus one poll.
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
  /** Polls in a row where the node did not know the transaction while its nonce was unused. */
  let unknownSeen = 0;
  /** Since when the node has not known it (reset whenever it does). */
  let unknownSince = Date.now();
  const dropMs = opts.dropMs ?? DEFAULT_DROP_MS;
  const maxResends = Math.max(0, opts.resends ?? DEFAULT_RESENDS);
  let resent = 0;

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
      unknownSeen = 0;
      unknownSince = Date.now();
    } else {
      const mined = await provider.getTransactionCount(tx.from, "latest");
      if (mined > tx.nonce) {
        unknownSeen = 0;
        unknownSince = Date.now();
        // Check the receipt once more: the nonce may have moved with our own transaction.
        if (await provider.getTransactionReceipt(tx.hash)) continue;
        if (++nonceGoneSeen >= AGREEING_POLLS) {
          const by = await findNonceUser(provider, tx, opts.sentAtBlock ?? firstHead - 1, head);
          throw new TxWaitError(
            "replaced",
            tx.hash,
            `transaction ${tx.hash} was replaced: nonce ${tx.nonce} of ${tx.from} was consumed by a different transaction, ` +
              (by ? `${by.hash} (block #${by.block})` : `not found in the last blocks (the account's mined nonce is now ${mined})`) +
              `; ${tx.hash} will never be mined` +
              (resent > 0 ? ` (it had been dropped and resent ${resent} time(s))` : ""),
            by?.hash,
          );
        }
      } else {
        nonceGoneSeen = 0;
        if (await provider.getTransaction(tx.hash)) {
          unknownSeen = 0;
          unknownSince = Date.now();
        } else if (++unknownSeen >= AGREEING_POLLS && (tx.raw || Date.now() - unknownSince >= dropMs)) {
          unknownSeen = 0;
          const what = `transaction ${tx.hash} (nonce ${tx.nonce} of ${tx.from}) was dropped: the node no longer knows it and the nonce is still unused (mined nonce ${mined})`;
          if (!tx.raw) {
            throw new TxWaitError("dropped", tx.hash, `${what} for ${fmtS(Date.now() - unknownSince)}; its signed bytes are not at hand to resend it; nothing was mined, so sending it again is safe`);
          }
          if (resent >= maxResends) {
            throw new TxWaitError("dropped", tx.hash, `${what} again after ${resent} resend(s) of the same signed transaction; giving up: nothing was mined, so sending it again is safe`);
          }
          resent++;
          const refused = await rebroadcast(provider, tx.raw);
          if (refused === "nonce-held") {
            throw new TxWaitError(
              "replaced",
              tx.hash,
              `transaction ${tx.hash} was dropped and a different transaction now holds nonce ${tx.nonce} of ${tx.from} in the node's pool; ${tx.hash} was not resent and will not be mined`,
            );
          }
          if (typeof refused === "object") {
            throw new TxWaitError("dropped", tx.hash, `${what}; resending the same signed transaction failed: ${refused.message}`);
          }
          opts.onNote?.(`note: ${what}; resent the same signed transaction (${resent} of ${maxResends}): same nonce, so it can land only once`);
        }
      }
    }

    const now = Date.now();
    if (now - headSince >= stallMs) {
      const where = receipt
        ? `transaction ${tx.hash} landed in block #${receipt.blockNumber} (${receipt.status === 1 ? "succeeded" : "reverted"}) with ${head - receipt.blockNumber + 1} of ${confirmations} confirmations: do not send it again`
        : `transaction ${tx.hash} sent, not yet mined; it stays in the node's pool and is mined when blocks resume: check it before sending again`;
      throw new TxWaitError("stalled", tx.hash, `no new block for ${fmtS(now - headSince)} (chain stalled? Clique needs more than half the signers sealing) — ${where}`);
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

/**
 * Broadcasts a signed transaction again. "sent" also when the node already has it or its nonce
 * was just used (the next poll sees the receipt, or a replacement); "nonce-held" when another
 * transaction with that nonce sits in the pool; else the node's refusal.
 */
async function rebroadcast(provider: Provider, raw: string): Promise<"sent" | "nonce-held" | { message: string }> {
  try {
    await provider.broadcastTransaction(raw);
    return "sent";
  } catch (e) {
    const message = errorText(e);
    if (/already known|known transaction|nonce too low/i.test(message)) return "sent";
    if (/replacement transaction underpriced|could not replace existing tx/i.test(message)) return "nonce-held";
    return { message: message.split("\n")[0]! };
  }
}

/** The node's own words in an ethers/Hardhat error (nested under info/error), else the message. */
function errorText(e: unknown): string {
  const x = e as { shortMessage?: string; message?: string; info?: { error?: { message?: string } }; error?: { message?: string } };
  return [x?.info?.error?.message, x?.error?.message, x?.shortMessage, x?.message].filter((m): m is string => typeof m === "string").join(" | ") || String(e);
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
