import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { UserError } from "./errors.js";
import type { TaskContext } from "./context.js";
import { parseAddress } from "./parse.js";
import { CoreError } from "./error-codes.js";

/**
 * One way to find any system's deployed contracts. Each system declares its contracts once, in a
 * table of DeployedContract entries (lib/<system>/deployment.ts); `resolveContract` finds one of
 * them on the connected chain, in order:
 *   1. the task option (--consortium, --token, --registry...),
 *   2. the environment variable (CONSORTIUM_ADDRESS, TOKEN_ADDRESS, CERT_REGISTRY_ADDRESS...),
 *   3. a deployment made earlier in this process on an in-process network (no journal there),
 *   4. the Ignition journal deploy/deployments/<deploymentId>/deployed_addresses.json, where the
 *      deployment id is CONSORTIUM_DEPLOYMENT_ID or `consortium-chain-<chainId>`.
 * The in-process memory comes before the journal: an in-process network and a local node share
 * chain id 31337, and a journal left by `--network localhost` must not shadow what this very
 * process has just deployed.
 * Whatever the source, the address must hold code and answer the entry's probe; every refusal is
 * one line saying where the address came from.
 */

/** A cheap read that only the expected contract answers. */
export interface Probe<C> {
  /** How the failure is named: `... is not a Consortium (memberCount() failed)`. */
  call: string;
  run(contract: C): Promise<unknown>;
}

/** One contract of a system's deployment, as tasks and `deploy` find it. */
export interface DeployedContract<C = unknown> {
  /** Artifact name; also the name `deploy` lists the contract under. */
  contract: string;
  /** Ignition future id under which the journal records its address. */
  futureId: string;
  /** Environment variable that may give the address. */
  env: string;
  /** Task option that may give the address (camelCase argument name; on the CLI --kebab-case). */
  option?: string;
  probe: Probe<C>;
}

/** Declares a table entry, typed by the contract it resolves to. */
export function deployedContract<C>(entry: DeployedContract<C>): DeployedContract<C> {
  return entry;
}

export function defaultDeploymentId(chainId: number | bigint): string {
  return `consortium-chain-${chainId}`;
}

export function deploymentDir(hre: HardhatRuntimeEnvironment, deploymentId: string): string {
  return path.join(hre.config.paths.ignition, "deployments", deploymentId);
}

/** The deployment id tasks read from: CONSORTIUM_DEPLOYMENT_ID, else `consortium-chain-<chainId>`. */
export function currentDeploymentId(chainId: number): string {
  return process.env.CONSORTIUM_DEPLOYMENT_ID?.trim() || defaultDeploymentId(chainId);
}

/** The future id → address map Ignition keeps for a deployment, or undefined when there is none. */
export async function readDeployedAddresses(dir: string): Promise<Record<string, string> | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, "deployed_addresses.json"), "utf8")) as Record<string, string>;
  } catch {
    return undefined;
  }
}

/**
 * The entries of `addresses` (future id or name → address) with no code on the node: what a
 * journal remembers but a reset node (a fresh anvil, a wiped data dir) no longer holds.
 */
export async function missingCode(
  provider: { getCode(address: string): Promise<string> },
  addresses: Record<string, string>,
): Promise<Array<{ futureId: string; address: string }>> {
  const gone: Array<{ futureId: string; address: string }> = [];
  for (const [futureId, address] of Object.entries(addresses)) {
    if ((await provider.getCode(address)) === "0x") gone.push({ futureId, address });
  }
  return gone;
}

type ConnectionKey = Pick<TaskContext, "networkName" | "chainId" | "connection">;

// In-process networks (edr-simulated) have no journal: the deploy task remembers what it
// deployed (future id → address, every system), per connection, so later tasks find it.
const inProcess = new Map<string, Record<string, string>>();

function memoryKey(ctx: ConnectionKey): string {
  return `${ctx.connection.id}:${ctx.networkName}:${ctx.chainId}`;
}

/** Remembers the addresses of an in-process deployment, by Ignition future id. */
export function rememberDeployment(ctx: ConnectionKey, byFutureId: Record<string, string>): void {
  inProcess.set(memoryKey(ctx), { ...inProcess.get(memoryKey(ctx)), ...byFutureId });
}

/** An address and where it came from. */
export interface Found {
  address: string;
  /** How to say where it came from in an error. */
  source: string;
  /** What the user should do if it is wrong. */
  hint: string;
}

function relative(dir: string): string {
  return path.relative(process.cwd(), dir) || dir;
}

/** The address of `entry` from its option (`given`), environment, memory or journal; undefined if none. */
export async function findAddress(ctx: TaskContext, entry: DeployedContract<unknown>, given?: string): Promise<Found | undefined> {
  const option = entry.option ? `--${kebab(entry.option)}` : undefined;
  const orOption = option ? `, or pass ${option}` : "";
  if (option && (given ?? "").trim()) {
    return { address: parseAddress(option.slice(2), given), source: option, hint: `deploy first or pass the right ${option}` };
  }
  const env = process.env[entry.env];
  if (env?.trim()) return { address: parseAddress(entry.env, env), source: entry.env, hint: `deploy first or fix ${entry.env}` };
  const remembered = inProcess.get(memoryKey(ctx))?.[entry.futureId];
  if (remembered) {
    return { address: remembered, source: "this process's deployment", hint: `deploy again${option ? ` or pass ${option}` : ""}` };
  }
  const dir = deploymentDir(ctx.hre, currentDeploymentId(ctx.chainId));
  const journaled = (await readDeployedAddresses(dir))?.[entry.futureId];
  if (journaled) {
    return {
      address: getAddress(journaled),
      source: relative(dir),
      hint: `the node was probably reset: remove ${path.relative(process.cwd(), dir)} and deploy again${orOption}`,
    };
  }
  return undefined;
}

/** "no Consortium deployment for chain 31337 on network localhost (deploy/... not found); ..." */
export async function notDeployed(ctx: TaskContext, entry: DeployedContract<unknown>): Promise<UserError> {
  const dir = deploymentDir(ctx.hre, currentDeploymentId(ctx.chainId));
  const journal = await readDeployedAddresses(dir);
  const why = journal ? `${relative(dir)} has no ${entry.futureId}` : `${relative(dir)} not found`;
  return new UserError(CoreError.NOT_DEPLOYED,
    `no ${entry.contract} deployment for chain ${ctx.chainId} on network ${ctx.networkName} (${why}); deploy first, or, if the consortium runs already, attach to it with deploy:attach --consortium ADDRESS${entry.option ? `, or pass --${kebab(entry.option)}` : ""}`,
    { contract: entry.contract, futureId: entry.futureId, chainId: ctx.chainId, journal: relative(dir) },
  );
}

/** Attaches `entry` at a found address after checking that code is there and answers the probe. */
export async function attachContract<C>(ctx: TaskContext, entry: DeployedContract<C>, f: Found): Promise<C> {
  const code = await ctx.ethers.provider.getCode(f.address);
  if (code === "0x") {
    const typed = f.source.startsWith("--") || f.source === entry.env;
    throw new UserError(CoreError.NO_CONTRACT, `no contract at ${f.address} on chain ${ctx.chainId}${typed ? "" : ` (from ${f.source})`}; ${f.hint}`, {
      contract: entry.contract,
      address: f.address,
      source: f.source,
      chainId: ctx.chainId,
    });
  }
  const contract = (await ctx.ethers.getContractAt(entry.contract, f.address)) as C;
  try {
    await entry.probe.run(contract);
  } catch {
    throw new UserError(CoreError.WRONG_CONTRACT, `${f.address} on chain ${ctx.chainId} is not a ${entry.contract} (${entry.probe.call} failed); ${f.hint}`, {
      contract: entry.contract,
      address: f.address,
      source: f.source,
      chainId: ctx.chainId,
    });
  }
  return contract;
}

/** The contract `entry` of the connected chain (see the order above), checked to exist and answer. */
export async function resolveContract<C>(ctx: TaskContext, entry: DeployedContract<C>, given?: string): Promise<C> {
  const f = await findAddress(ctx, entry as DeployedContract<unknown>, given);
  if (!f) throw await notDeployed(ctx, entry as DeployedContract<unknown>);
  return attachContract(ctx, entry, f);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The parts of a Hardhat artifact that say what runtime code a contract has. */
export interface RuntimeArtifact {
  deployedBytecode: string;
  immutableReferences?: Record<string, Array<{ start: number; length: number }>>;
}

/**
 * Whether `code` (eth_getCode) is the runtime code of `artifact`: the same source and compiler
 * settings, i.e. this checkout's version of the contract. Immutables (set by each deployment's
 * constructor) are ignored; everything else, the metadata hash included, must match byte for byte.
 */
export function codeMatchesArtifact(code: string, artifact: RuntimeArtifact): boolean {
  const a = code.toLowerCase().replace(/^0x/, "");
  const b = artifact.deployedBytecode.toLowerCase().replace(/^0x/, "");
  if (a.length !== b.length || a.length === 0) return false;
  const mask = (hex: string) => {
    const chars = hex.split("");
    for (const refs of Object.values(artifact.immutableReferences ?? {})) {
      for (const { start, length } of refs) chars.fill("0", start * 2, (start + length) * 2);
    }
    return chars.join("");
  };
  return mask(a) === mask(b);
}

/** What `deploy:attach` leaves beside deployed_addresses.json: the deployment was not made here. */
export const ATTACHED_FILE = "attached.json";

export interface AttachedRecord {
  consortium: string;
  chainId: number;
  attachedAt: string;
}

/** The attachment record of a deployment directory, or undefined when it was deployed here (or not at all). */
export async function readAttached(dir: string): Promise<AttachedRecord | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, ATTACHED_FILE), "utf8")) as AttachedRecord;
  } catch {
    return undefined;
  }
}
