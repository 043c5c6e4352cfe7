import { readFile } from "node:fs/promises";
import path from "node:path";
import { getAddress, isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Consortium, SettlementToken } from "../../typechain-types/index.js";
import { UserError } from "./errors.js";
import type { TaskContext } from "./context.js";

/**
 * Where the contracts of the connected chain are. In order:
 *   1. --consortium / --token options,
 *   2. CONSORTIUM_ADDRESS / TOKEN_ADDRESS environment variables,
 *   3. a deployment made earlier in this process on an in-process network (no journal there),
 *   4. the Ignition journal deploy/deployments/<deploymentId>/deployed_addresses.json, where the
 *      deployment id is CONSORTIUM_DEPLOYMENT_ID or `consortium-chain-<chainId>`.
 * Whatever the source, the address must hold code that answers like the expected contract.
 */

export const FUTURE_IDS = {
  consortium: "Consortium#Consortium",
  token: "Consortium#SettlementToken",
} as const;

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

export interface DeployedAddresses {
  consortium: string;
  token: string;
}

// In-process networks (edr-simulated) have no journal: the deploy task remembers what it
// deployed, per connection, so later tasks in the same process find it.
const inProcess = new Map<string, DeployedAddresses>();

function memoryKey(ctx: Pick<TaskContext, "networkName" | "chainId" | "connection">): string {
  return `${ctx.connection.id}:${ctx.networkName}:${ctx.chainId}`;
}

export function rememberDeployment(ctx: Pick<TaskContext, "networkName" | "chainId" | "connection">, a: DeployedAddresses): void {
  inProcess.set(memoryKey(ctx), a);
}

export interface AddressArgs {
  consortium?: string;
  token?: string;
}

interface Found {
  address: string;
  /** How to say where it came from in an error. */
  source: string;
  /** What the user should do if it is wrong. */
  hint: string;
}

async function find(ctx: TaskContext, which: "consortium" | "token", given: string | undefined): Promise<Found | undefined> {
  const option = `--${which}`;
  const envName = which === "consortium" ? "CONSORTIUM_ADDRESS" : "TOKEN_ADDRESS";
  const g = (given ?? "").trim();
  if (g) {
    if (!isAddress(g)) throw new UserError(`${option}: "${g}" is not an address`);
    return { address: getAddress(g), source: option, hint: `deploy first or pass the right ${option}` };
  }
  const env = process.env[envName]?.trim();
  if (env) {
    if (!isAddress(env)) throw new UserError(`${envName}: "${env}" is not an address`);
    return { address: getAddress(env), source: envName, hint: `deploy first or fix ${envName}` };
  }
  const mem = inProcess.get(memoryKey(ctx));
  if (mem) return { address: mem[which], source: "this process's deployment", hint: `deploy again or pass ${option}` };
  const id = currentDeploymentId(ctx.chainId);
  const dir = deploymentDir(ctx.hre, id);
  const addresses = await readDeployedAddresses(dir);
  const a = addresses?.[FUTURE_IDS[which]];
  if (a) {
    return {
      address: getAddress(a),
      source: path.relative(process.cwd(), dir) || dir,
      hint: `the node was probably reset: remove ${path.relative(process.cwd(), dir)} and deploy again, or pass ${option}`,
    };
  }
  return undefined;
}

async function requireCode(ctx: TaskContext, f: Found): Promise<void> {
  const code = await ctx.ethers.provider.getCode(f.address);
  if (code === "0x") {
    const from = f.source.startsWith("--") || f.source.endsWith("_ADDRESS") ? "" : ` (from ${f.source})`;
    throw new UserError(`no contract at ${f.address} on chain ${ctx.chainId}${from}; ${f.hint}`);
  }
}

function noDeployment(ctx: TaskContext, which: "consortium" | "token"): UserError {
  const id = currentDeploymentId(ctx.chainId);
  return new UserError(
    `no ${which === "consortium" ? "Consortium" : "SettlementToken"} deployment for chain ${ctx.chainId} on network ${ctx.networkName} (${path.relative(process.cwd(), deploymentDir(ctx.hre, id))} not found); deploy first or pass --${which}`,
  );
}

/** The Consortium of the connected chain, checked to exist and answer. */
export async function resolveConsortium(ctx: TaskContext, args: AddressArgs = {}): Promise<Consortium> {
  const f = await find(ctx, "consortium", args.consortium);
  if (!f) throw noDeployment(ctx, "consortium");
  return attachConsortium(ctx, f);
}

async function attachConsortium(ctx: TaskContext, f: Found): Promise<Consortium> {
  await requireCode(ctx, f);
  const consortium = await ctx.ethers.getContractAt("Consortium", f.address);
  try {
    await consortium.memberCount();
    await consortium.bootstrapper();
  } catch {
    throw new UserError(`${f.address} on chain ${ctx.chainId} is not a Consortium (memberCount() failed); ${f.hint}`);
  }
  return consortium;
}

/**
 * The SettlementToken of the connected chain and the Consortium it obeys. The consortium is
 * taken from the token itself unless --consortium (or the environment) names one, in which
 * case the two must match.
 */
export async function resolveToken(
  ctx: TaskContext,
  args: AddressArgs = {},
): Promise<{ token: SettlementToken; consortium: Consortium }> {
  const f = await find(ctx, "token", args.token);
  if (!f) throw noDeployment(ctx, "token");
  await requireCode(ctx, f);
  const token = await ctx.ethers.getContractAt("SettlementToken", f.address);
  let authority: string;
  try {
    authority = await token.consortium();
    await token.decimals();
  } catch {
    throw new UserError(`${f.address} on chain ${ctx.chainId} is not a SettlementToken (consortium() failed); ${f.hint}`);
  }
  const c = (args.consortium ?? "").trim() || process.env.CONSORTIUM_ADDRESS?.trim();
  if (c) {
    const consortium = await resolveConsortium(ctx, args);
    const address = await consortium.getAddress();
    if (getAddress(authority) !== address) {
      throw new UserError(`token ${f.address} obeys consortium ${getAddress(authority)}, not ${address}`);
    }
    return { token, consortium };
  }
  const consortium = await attachConsortium(ctx, {
    address: getAddress(authority),
    source: `token ${f.address}`,
    hint: `check --token`,
  });
  return { token, consortium };
}
