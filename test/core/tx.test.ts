import { expect } from "chai";
import { Transaction, Wallet, type Provider, type TransactionReceipt, type TransactionResponse } from "ethers";
import hre from "hardhat";
import { signedRawOf, TxWaitError, waitForTx, type SentTx } from "../../lib/core/tx.js";
import { explainMinedRevert } from "../../lib/core/context.js";

// lib/core/tx.ts against a scripted node: what a Geth pool does to a transaction (keeps it,
// evicts it, lets another take its nonce) is played by FakeNode, so every branch of the
// dropped / replaced detection runs in milliseconds and deterministically.

const KEY = "0x59c6995e998f97a0a8924b1b8f5d3cd5d1d5c9ff8a2d1a6f9f7ce1f1b1f2b3c4";
const wallet = new Wallet(KEY);

async function signed(nonce: number, tip = 1n): Promise<{ raw: string; hash: string }> {
  const raw = await wallet.signTransaction({
    type: 2,
    chainId: 31337,
    nonce,
    to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    value: 1n,
    gasLimit: 21_000n,
    maxFeePerGas: 10n ** 9n + tip,
    maxPriorityFeePerGas: tip,
  });
  return { raw, hash: Transaction.from(raw).hash! };
}

/**
 * One node: a head that advances by one block per poll of getBlockNumber (blocks keep coming),
 * a pool, mined transactions with receipts, and the account's mined nonce. `onPoll` lets a test
 * change the node between polls (evict, mine, let another transaction take the nonce).
 */
class FakeNode {
  head = 100;
  nonce = 5;
  pool = new Set<string>();
  mined = new Map<string, { block: number; nonce: number }>();
  broadcasts: string[] = [];
  /** What eth_sendRawTransaction answers (an error message to refuse, else accepted into the pool). */
  refuse?: string;
  /** Called on every getBlockNumber after the first (one poll of waitForTx). */
  onPoll: (node: FakeNode, poll: number) => void = () => {};
  private polls = 0;

  mine(hash: string, nonce: number) {
    this.pool.delete(hash);
    this.mined.set(hash, { block: this.head, nonce });
    this.nonce = Math.max(this.nonce, nonce + 1);
  }

  get provider(): Provider {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fake provider's methods read this node
    const node = this;
    return {
      async getBlockNumber() {
        if (node.polls++ > 0) {
          node.head++;
          node.onPoll(node, node.polls - 1);
        }
        return node.head;
      },
      async getTransactionReceipt(hash: string) {
        const m = node.mined.get(hash);
        return m ? ({ hash, blockNumber: m.block, blockHash: `0xblock${m.block}`, status: 1 } as unknown as TransactionReceipt) : null;
      },
      async getTransaction(hash: string) {
        return node.pool.has(hash) || node.mined.has(hash) ? ({ hash } as unknown as TransactionResponse) : null;
      },
      async getTransactionCount() {
        return node.nonce;
      },
      async broadcastTransaction(raw: string) {
        node.broadcasts.push(raw);
        if (node.refuse) throw Object.assign(new Error(`could not broadcast`), { info: { error: { message: node.refuse } } });
        const hash = Transaction.from(raw).hash!;
        if (!node.mined.has(hash)) node.pool.add(hash);
        return { hash } as unknown as TransactionResponse;
      },
      async getBlock(n: number) {
        const txs = [...node.mined.entries()].filter(([, m]) => m.block === n).map(([hash, m]) => ({ hash, from: wallet.address, nonce: m.nonce }));
        return { number: n, prefetchedTransactions: txs };
      },
    } as unknown as Provider;
  }
}

const FAST = { stallMs: 60_000, timeoutMs: 60_000, pollMs: 1 };

/** The TxWaitError a wait ends with (a receipt instead fails the test). */
const failure = (wait: Promise<unknown>): Promise<TxWaitError> =>
  wait.then(
    () => expect.fail("the wait returned a receipt instead of a TxWaitError"),
    (e: unknown) => {
      expect(e).to.be.instanceOf(TxWaitError);
      return e as TxWaitError;
    },
  );

describe("lib/core/tx: a dropped transaction is resent as signed; a nonce taken by another is reported", () => {
  it("[TASK-35] dropped (the node no longer knows it, its nonce unused): the SAME signed bytes are broadcast again, said in one note, and it is mined once", async () => {
    const tx = await signed(5);
    const node = new FakeNode(); // never told about the transaction: the pool evicted it
    node.onPoll = (n) => {
      if (n.pool.has(tx.hash)) n.mine(tx.hash, 5); // back in the pool: the next block takes it
    };
    const notes: string[] = [];
    const sent: SentTx = { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw };
    const rc = await waitForTx(node.provider, sent, { ...FAST, onNote: (l) => notes.push(l) });
    expect(rc.hash).to.equal(tx.hash);
    expect(node.broadcasts).to.deep.equal([tx.raw]);
    expect(notes).to.have.length(1);
    expect(notes[0]).to.equal(
      `note: transaction ${tx.hash} (nonce 5 of ${wallet.address}) was dropped: the node no longer knows it and the nonce is still unused (mined nonce 5); ` +
        `resent the same signed transaction (1 of 3): same nonce, so it can land only once`,
    );
    expect(node.nonce).to.equal(6);
  });

  it("[TASK-35] a transaction in the pool, or unknown for fewer polls than it takes to agree (an index lagging), is never resent", async () => {
    const tx = await signed(5);
    const node = new FakeNode();
    node.pool.add(tx.hash);
    node.onPoll = (n, poll) => {
      if (poll === 10) n.mine(tx.hash, 5);
    };
    await waitForTx(node.provider, { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw }, FAST);
    expect(node.broadcasts).to.deep.equal([]);

    // Unknown for two polls, then known again: still no resend.
    const tx2 = await signed(6);
    const lagging = new FakeNode();
    lagging.nonce = 6;
    lagging.onPoll = (n, poll) => {
      if (poll === 2) n.pool.add(tx2.hash);
      if (poll === 8) n.mine(tx2.hash, 6);
    };
    await waitForTx(lagging.provider, { hash: tx2.hash, from: wallet.address, nonce: 6, raw: tx2.raw }, FAST);
    expect(lagging.broadcasts).to.deep.equal([]);
  });

  it("[TASK-35] resends are bounded: dropped again after each of 3 resends → TxWaitError \"dropped\" (safe to send again), never a 4th broadcast", async () => {
    const tx = await signed(5);
    const node = new FakeNode();
    node.onPoll = (n) => n.pool.clear(); // the pool evicts it every time
    const err = await failure(waitForTx(node.provider, { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw }, FAST));
    expect(err.problem).to.equal("dropped");
    expect(err.message).to.equal(
      `transaction ${tx.hash} (nonce 5 of ${wallet.address}) was dropped: the node no longer knows it and the nonce is still unused (mined nonce 5) ` +
        `again after 3 resend(s) of the same signed transaction; giving up: nothing was mined, so sending it again is safe`,
    );
    expect(node.broadcasts).to.deep.equal([tx.raw, tx.raw, tx.raw]);

    // No signed bytes: "dropped" once the node has not known it for dropMs (time for a pool
    // replacement to be mined and called replaced), nothing broadcast.
    const none = new FakeNode();
    const t0 = Date.now();
    const e0 = await failure(waitForTx(none.provider, { hash: tx.hash, from: wallet.address, nonce: 5 }, { ...FAST, dropMs: 300 }));
    expect([e0.problem, none.broadcasts.length]).to.deep.equal(["dropped", 0]);
    expect(Date.now() - t0).to.be.at.least(300);
    expect(e0.message).to.match(/for 0 s; its signed bytes are not at hand to resend it; nothing was mined, so sending it again is safe$/);
  });

  it("[TASK-40] a chain that seals no block says Clique needs more than half the signers sealing (not \"fewer than half\")", async () => {
    const tx = await signed(5);
    const node = new FakeNode();
    node.pool.add(tx.hash);
    node.onPoll = (n) => n.head--; // the head never moves
    const err = await failure(waitForTx(node.provider, { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw }, { stallMs: 20, timeoutMs: 60_000, pollMs: 1 }));
    expect(err.problem).to.equal("stalled");
    expect(err.message).to.match(/^no new block for \d+ s \(chain stalled\? Clique needs more than half the signers sealing\) — transaction 0x[0-9a-f]{64} sent, not yet mined; /);
  });

  it("[TASK-36] the nonce consumed by a different transaction is a distinct error, \"replaced\", naming that transaction; nothing is resent", async () => {
    const tx = await signed(5);
    const other = await signed(5, 7n); // same nonce, another transaction (a cancel from another wallet)
    const node = new FakeNode();
    node.onPoll = (n, poll) => {
      if (poll === 1) n.mine(other.hash, 5);
    };
    const err = await failure(waitForTx(node.provider, { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw }, FAST));
    expect(err.problem).to.equal("replaced");
    expect(err.replacedBy).to.equal(other.hash);
    expect(err.message).to.match(new RegExp(`^transaction ${tx.hash} was replaced: nonce 5 of ${wallet.address} was consumed by a different transaction, ${other.hash} \\(block #\\d+\\); ${tx.hash} will never be mined$`));
    expect(node.broadcasts).to.deep.equal([]);

    // Without the signed bytes: unknown to the node for a while (a replacement waits in the pool
    // behind a nonce gap), then the replacement is mined: "replaced", not "dropped".
    const later = new FakeNode();
    later.onPoll = (n, poll) => {
      if (poll === 8) n.mine(other.hash, 5);
    };
    const e2 = await failure(waitForTx(later.provider, { hash: tx.hash, from: wallet.address, nonce: 5 }, FAST));
    expect([e2.problem, e2.replacedBy]).to.deep.equal(["replaced", other.hash]);
  });

  it("[TASK-36] a resend refused because another transaction holds the nonce in the pool is reported as replaced, not retried", async () => {
    const tx = await signed(5);
    const node = new FakeNode();
    node.refuse = "replacement transaction underpriced";
    const err = await failure(waitForTx(node.provider, { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw }, FAST));
    expect(err.problem).to.equal("replaced");
    expect(err.message).to.equal(
      `transaction ${tx.hash} was dropped and a different transaction now holds nonce 5 of ${wallet.address} in the node's pool; ${tx.hash} was not resent and will not be mined`,
    );
    expect(node.broadcasts).to.have.length(1);
    // Any other refusal: "dropped", with the node's words.
    const poor = new FakeNode();
    poor.refuse = "insufficient funds for gas * price + value";
    const e2 = await failure(waitForTx(poor.provider, { hash: tx.hash, from: wallet.address, nonce: 5, raw: tx.raw }, FAST));
    expect(e2.problem).to.equal("dropped");
    expect(e2.message).to.match(/resending the same signed transaction failed: insufficient funds for gas \* price \+ value/);
  });

  it("[TASK-35] signedRawOf rebuilds a sent transaction's signed bytes from the node's answer (they hash to its hash), EIP-1559 and legacy", async () => {
    const { ethers } = await hre.network.getOrCreate();
    const [a, b] = await ethers.getSigners();
    const eip1559 = await a!.sendTransaction({ to: b!.address, value: 1n });
    const legacy = await a!.sendTransaction({ to: b!.address, value: 2n, type: 0, gasPrice: (await ethers.provider.getFeeData()).gasPrice! * 2n });
    for (const t of [eip1559, legacy]) {
      const raw = signedRawOf(t);
      expect(raw, `type ${t.type}`).to.be.a("string");
      const parsed = Transaction.from(raw!);
      expect([parsed.hash, parsed.from, parsed.nonce, parsed.type]).to.deep.equal([t.hash, a!.address, t.nonce, t.type]);
    }
    // A tampered answer does not hash to the hash: no bytes rather than wrong ones.
    expect(signedRawOf({ ...eip1559, value: 5n, signature: eip1559.signature } as unknown as TransactionResponse)).to.equal(undefined);
  });
});

describe("lib/core/context explainMinedRevert: a mined revert is told by its cause", () => {
  const tx = { hash: "0x" + "ab".repeat(32), from: wallet.address, to: wallet.address, data: "0x1234", value: 0n, gasLimit: 100_000n };
  const mined = Object.assign(new Error("transaction execution reverted"), { code: "CALL_EXCEPTION", data: null });
  // A custom error with two arguments, as a node returns it from eth_call.
  const revertData = "0x" + "5a1b7c2d" + "00".repeat(31) + "07" + "00".repeat(31) + "02";
  const provider = (opts: { gasUsed: bigint; replay: "reverts" | "succeeds" }) => {
    const calls: { blockTag?: unknown }[] = [];
    return {
      calls,
      async call(req: { blockTag?: unknown }) {
        calls.push(req);
        if (opts.replay === "succeeds") return "0x";
        throw Object.assign(new Error("execution reverted"), { code: "CALL_EXCEPTION", data: revertData });
      },
      async getTransactionReceipt() {
        return { gasUsed: opts.gasUsed };
      },
    };
  };

  it("[TASK-37] a transaction reverted in its block is replayed on that block's state and reported by the custom error the replay returns", async () => {
    const p = provider({ gasUsed: 40_000n, replay: "reverts" });
    const e = await explainMinedRevert(p, tx, 42, mined);
    expect((e as { data?: string }).data).to.equal(revertData);
    expect(p.calls).to.have.length(1);
    expect(p.calls[0]!.blockTag).to.equal(42);
  });

  it("[TASK-37] a transaction that used all its gas is reported as out of gas, not as a revert without a reason", async () => {
    const e = (await explainMinedRevert(provider({ gasUsed: 100_000n, replay: "succeeds" }), tx, 42, mined)) as Error;
    expect(e.message).to.match(/ran out of gas in block #42 \(used all 100000\)/);
  });

  it("[TASK-37] a revert the replay does not reproduce says that an earlier transaction of the block changed its state", async () => {
    const e = (await explainMinedRevert(provider({ gasUsed: 40_000n, replay: "succeeds" }), tx, 42, mined)) as Error;
    expect(e.message).to.match(/reverted in block #42; replayed on that block's state it does not revert/);
  });

  it("[TASK-37] an error that already carries revert data, or is not a revert, is passed through untouched", async () => {
    const withData = Object.assign(new Error("x"), { code: "CALL_EXCEPTION", data: revertData });
    expect(await explainMinedRevert(provider({ gasUsed: 1n, replay: "succeeds" }), tx, 1, withData)).to.equal(withData);
    const other = new Error("network down");
    expect(await explainMinedRevert(provider({ gasUsed: 1n, replay: "succeeds" }), tx, 1, other)).to.equal(other);
  });
});
