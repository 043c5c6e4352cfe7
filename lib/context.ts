import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { isAddress, getAddress } from "ethers";
import { UserError } from "./errors.js";

/** Options every chain-touching task accepts. */
export interface CommonArgs {
  /** Sender: one of the network's configured accounts (default: the first). */
  from?: string;
  /** Confirmations to wait for after each transaction (default 1). */
  confirmations?: string;
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
  /** Sends a transaction built by `send`, waits for the confirmations, returns the receipt. */
  wait(tx: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt>;
}

export function parseCount(field: string, value: string | undefined, fallback: number, min = 0): number {
  const v = (value ?? "").trim();
  if (v === "") return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new UserError(`--${field}: "${value}" is not a whole number${min > 0 ? ` >= ${min}` : ""}`);
  }
  return Number(v);
}

/**
 * Connects to the network chosen with --network (the cached default connection, shared with
 * scripts and tests in the same process) and resolves the sender and confirmations.
 */
export async function connect(hre: HardhatRuntimeEnvironment, args: CommonArgs = {}): Promise<TaskContext> {
  const confirmations = parseCount("confirmations", args.confirmations, 1, 1);
  const from = (args.from ?? "").trim();
  if (from && !isAddress(from)) throw new UserError(`--from: "${from}" is not an address`);
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  let signerPromise: Promise<HardhatEthersSigner> | undefined;
  const signer = () =>
    (signerPromise ??= (async () => {
      const signers = await ethers.getSigners();
      if (signers.length === 0) {
        throw new UserError(`network ${connection.networkName} has no configured accounts to send from`);
      }
      if (!from) return signers[0]!;
      const wanted = getAddress(from);
      const found = signers.find((s) => s.address === wanted);
      if (!found) {
        const list = signers.slice(0, 5).map((s) => s.address).join(", ");
        throw new UserError(
          `--from ${wanted} is not one of the accounts configured for network ${connection.networkName} (${list}${signers.length > 5 ? ", ..." : ""})`,
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
    signer,
    async wait(txPromise) {
      const tx = await txPromise;
      const receipt = await tx.wait(confirmations);
      if (!receipt) throw new Error(`transaction ${tx.hash} was not mined`);
      return receipt;
    },
  };
}
