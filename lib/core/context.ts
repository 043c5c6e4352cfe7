import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionReceipt, ContractTransactionResponse, TransactionRequest } from "ethers";
import { revertDataCandidates, UserError } from "./errors.js";
import { minesOnDemand, signedRawOf, waitForTx } from "./tx.js";
import { printError } from "./output.js";
import { parseCount, parseOptionalAddress } from "./parse.js";
import { CoreError } from "./error-codes.js";

/** Options every chain-touching task accepts. */
export interface CommonArgs {
  /** Sender: one of the network's configured accounts (default: the first). */
  from?: string;
  /** Confirmations to wait for after each transaction (default 1). */
  confirmations?: string;
  /**
   * The task only reads: on an HTTP network it connects without the network's accounts, so no
   * key is needed and no keystore password is asked (auditors, monitoring, cron).
   */
  readOnly?: boolean;
}

export interface TaskContext {
  hre: HardhatRuntimeEnvironment;
  connection: NetworkConnection;
  ethers: HardhatEthers;
  networkName: string;
  chainId: number;
  confirmations: number;
  /** The sender (resolved lazily: read-only tasks never need an account). */
  signer(): Promise<HardhatEthersSigner>;
  /**
   * The confirmations worth waiting for on this node: `confirmations`, or 1 on a node that mines
   * only on demand (anvil, Hardhat automine), where no further block comes by itself.
   */
  confirmationsToWait(): Promise<number>;
  /** Sends a transaction built by `send`, waits for the confirmations, returns the receipt. */
  wait(tx: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt>;
}

/** CLIQUE for "clique", MY_NET for "my-net": the prefix of a network's environment settings. */
export function envPrefix(networkName: string): string {
  return networkName.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/**
 * A fixed gas price for an HTTP network from <NETWORK>_GAS_PRICE (wei, e.g. CLIQUE_GAS_PRICE=0
 * for a zero-gas-price Clique chain), or undefined. A fixed price makes every task send legacy
 * (type 0) transactions at that price instead of EIP-1559 fees from eth_feeHistory.
 */
export function fixedGasPrice(networkName: string): bigint | undefined {
  const name = `${envPrefix(networkName)}_GAS_PRICE`;
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === "" || raw === "auto") return undefined;
  if (!/^\d+$/.test(raw)) throw new UserError(CoreError.INVALID_SETTING, `${name}: "${raw}" is not a gas price in wei (a whole number, or "auto")`);
  return BigInt(raw);
}

/**
 * The cached connection of --network (shared with scripts and tests in the same process), or,
 * when <NETWORK>_GAS_PRICE fixes the gas price of an HTTP network, a connection with that
 * override (Hardhat's own `gasPrice` network setting, applied to every task).
 */
async function openConnection(hre: HardhatRuntimeEnvironment, readOnly: boolean): Promise<NetworkConnection> {
  const name = hre.globalOptions.network ?? "default";
  const config = hre.config.networks[name];
  if (config?.type !== "http") return hre.network.getOrCreate();
  const gasPrice = fixedGasPrice(name);
  if (gasPrice === undefined && !readOnly) return hre.network.getOrCreate();
  // network.create, not the deprecated network.connect (Hardhat printed a warning after every task).
  return hre.network.create({
    network: name,
    override: { ...(gasPrice !== undefined ? { gasPrice } : {}), ...(readOnly ? { accounts: [] } : {}) },
  });
}

/** The RPC URL of an HTTP network without credentials (a reverse proxy may take user:password@). */
export async function publicUrl(config: NetworkConnection["networkConfig"]): Promise<string | undefined> {
  if (config.type !== "http") return undefined;
  try {
    const url = new URL(await config.url.getUrl());
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString();
  } catch {
    return undefined;
  }
}

/**
 * Connects to the network chosen with --network (the cached default connection, shared with
 * scripts and tests in the same process) and resolves the sender and confirmations.
 */
export async function connect(hre: HardhatRuntimeEnvironment, args: CommonArgs = {}): Promise<TaskContext> {
  const confirmations = parseCount("confirmations", args.confirmations, 1, 1);
  const from = parseOptionalAddress("from", args.from);
  const connection = await openConnection(hre, args.readOnly === true);
  const { ethers } = connection;
  let chainId: number;
  try {
    chainId = Number((await ethers.provider.getNetwork()).chainId);
  } catch (e) {
    // Hardhat says only `Cannot connect to the network "clique"`: name the URL it tried.
    const url = await publicUrl(connection.networkConfig);
    const text = ((e as Error).message ?? String(e)).split("\n")[0]!;
    if (url !== undefined && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|fetch failed|Cannot connect to the network/i.test(text)) {
      throw new UserError(CoreError.NODE_UNREACHABLE,
        `cannot reach the node of network ${connection.networkName} at ${url} (${text.replace(/^HHE\d+: /, "")}); is the node running and the URL (${envPrefix(connection.networkName)}_RPC_URL) right?`,
        { network: connection.networkName, url },
      );
    }
    throw e;
  }
  // Hardhat itself refuses a wrong chain on the first request after eth_chainId; say it here,
  // before anything else is read or sent, and name the setting to fix.
  const expected = connection.networkConfig.chainId;
  if (connection.networkConfig.type === "http" && expected !== undefined && expected !== chainId) {
    const env = `${envPrefix(connection.networkName)}_CHAIN_ID`;
    throw new UserError(CoreError.WRONG_CHAIN,
      `network ${connection.networkName} is configured for chain ${expected} (chainId${process.env[env] ? `, ${env}=${process.env[env]}` : ""}) but its node answers chain ${chainId}: wrong RPC URL or chain id; nothing was sent`,
      { network: connection.networkName, expected, actual: chainId },
    );
  }
  let signerPromise: Promise<HardhatEthersSigner> | undefined;
  let onDemandNode: Promise<boolean> | undefined;
  const confirmationsToWait = async () =>
    confirmations > 1 && (await (onDemandNode ??= minesOnDemand(ethers.provider))) ? 1 : confirmations;
  const signer = () =>
    (signerPromise ??= (async () => {
      const signers = await ethers.getSigners();
      if (signers.length === 0) {
        const prefix = envPrefix(connection.networkName);
        throw new UserError(CoreError.NO_ACCOUNTS,
          args.readOnly
            ? `this task reads only and connects to ${connection.networkName} without its accounts`
            : `network ${connection.networkName} has no configured accounts to send from` +
                (connection.networkConfig.type === "http" ? ` (set ${prefix}_PRIVATE_KEY or ${prefix}_PRIVATE_KEY_<NAME> in the environment or with npx hardhat keystore set, or ${prefix}_PRIVATE_KEYS)` : ""),
        );
      }
      if (!from) return signers[0]!;
      const wanted = from;
      const found = signers.find((s) => s.address === wanted);
      if (!found) {
        const list = signers.slice(0, 5).map((s) => s.address).join(", ");
        throw new UserError(CoreError.UNKNOWN_SENDER,
          `--from ${wanted} is not one of the accounts configured for network ${connection.networkName} (${list}${signers.length > 5 ? ", ..." : ""})`,
          { field: "--from", value: wanted, network: connection.networkName },
        );
      }
      return found;
    })());
  return {
    hre,
    connection,
    ethers,
    networkName: connection.networkName,
    chainId,
    confirmations,
    confirmationsToWait,
    signer,
    async wait(txPromise) {
      const tx = await txPromise;
      // A node that mines a block per transaction and none otherwise (anvil, Hardhat automine)
      // would never bring the blocks that confirmations count: waiting for them ended in a
      // "stalled" failure although the transaction had landed, and a clerk retried and paid
      // twice. There the transaction's own block is all there is to wait for.
      const onDemand = (await confirmationsToWait()) < confirmations;
      // Bounded (lib/core/tx.ts): a stalled chain, a replaced transaction or one that is never
      // mined ends the wait with one line instead of hanging like tx.wait() would.
      // With the signed bytes, a transaction the node's pool drops is broadcast again as is
      // (same nonce and hash: it can land only once) instead of waiting out the timeout.
      const mined = await waitForTx(
        ethers.provider,
        { hash: tx.hash, from: tx.from, nonce: tx.nonce, raw: signedRawOf(tx) },
        { confirmations: onDemand ? 1 : confirmations, onNote: printError },
      );
      if (onDemand) {
        printError(
          `note: transaction ${tx.hash} landed in block #${mined.blockNumber}; ${connection.networkName} mines only on demand (automine), ` +
            `so the ${confirmations - 1} further confirmation(s) asked for would never come and were not awaited`,
        );
      }
      // Now mined with enough confirmations: ethers builds the (event-decoding) receipt and
      // throws its CALL_EXCEPTION for a reverted one, as tx.wait() always did.
      let receipt: ContractTransactionReceipt | null;
      try {
        receipt = await tx.wait(0);
      } catch (e) {
        throw await explainMinedRevert(ethers.provider, tx, mined.blockNumber, e);
      }
      if (!receipt) throw new Error(`transaction ${tx.hash} was not mined`);
      return receipt;
    },
  };
}

/**
 * A receipt carries no revert data, so a transaction that passed its pre-flight check and then
 * reverted in its block (its proposal's vote closed meanwhile, another transaction came first)
 * would show as "reverted without a reason". Replaying it on the state of its own block gives
 * the custom error back in most cases; if the replay succeeds, or all the gas was used, say that.
 */
export async function explainMinedRevert(
  provider: { call(tx: TransactionRequest): Promise<string>; getTransactionReceipt(hash: string): Promise<{ gasUsed: bigint } | null> },
  tx: { hash: string; from: string; to: string | null; data: string; value: bigint; gasLimit: bigint },
  blockNumber: number,
  original: unknown,
): Promise<unknown> {
  if ((original as { code?: unknown })?.code !== "CALL_EXCEPTION" || hasRevertData(original)) return original;
  const receipt = await provider.getTransactionReceipt(tx.hash).catch(() => null);
  if (receipt && receipt.gasUsed >= tx.gasLimit) {
    return new Error(`transaction ${tx.hash} ran out of gas in block #${blockNumber} (used all ${tx.gasLimit}): the state changed after its estimate; send it again`);
  }
  try {
    await provider.call({ from: tx.from, to: tx.to, data: tx.data, value: tx.value, blockTag: blockNumber });
  } catch (replayed) {
    if (hasRevertData(replayed)) return replayed;
  }
  return new Error(
    `transaction ${tx.hash} reverted in block #${blockNumber}; replayed on that block's state it does not revert, so a transaction before it in the block changed what it depended on`,
  );
}

function hasRevertData(e: unknown): boolean {
  return revertDataCandidates(e).some((d) => d.length >= 10);
}
