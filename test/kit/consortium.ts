// The test kit, shared by every mocha test and every bench (no mocha or chai in it):
//   consortium.ts    one network connection; deployConsortiumWith deploys the consortium, the
//                    settlement token and any system's modules (registered at genesis or by vote);
//                    propose / vote / waitUntilReady / executeTx pass a vote
//   <system>.ts      a system's fixture on top of it (certificates.ts; a new system copies it)
//   inprocess.ts     runs a task in-process and captures its output and result
//   cli.ts           runs the real CLI in a child process against anvil
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract } from "ethers";
import { ROLES } from "../../lib/access/roles.js";
import { encodePayload, kindIndex, type ProposalKindName, type VotingRules } from "../../lib/access/proposals.js";

// One connection to the in-process network for every test and bench (`provider` is its EIP-1193 side).
export const { ethers, networkHelpers, provider: eip1193 } = await network.getOrCreate();

export const DAY = 24 * 60 * 60;

export const DEFAULT_RULES: VotingRules = {
  quorumBps: 5000,
  approvalBps: 6666, // two thirds: 2 of 3 pass
  votingPeriod: 3 * DAY,
  executionDelay: 1 * DAY,
  executionWindow: 7 * DAY,
  leadingMember: 0,
};

/** The same rules, with member 1 (State Grid Jiangsu) as the leading member. */
export const LEADER_RULES: VotingRules = { ...DEFAULT_RULES, leadingMember: 1 };

/** IConsortium.ProposalState */
export const State = {
  None: 0n,
  Active: 1n,
  Defeated: 2n,
  Queued: 3n,
  Ready: 4n,
  Executed: 5n,
  Expired: 6n,
  Canceled: 7n,
} as const;

/** IConsortium.VoteType */
export const Vote = { None: 0, For: 1, Against: 2, Abstain: 3 } as const;

/** IConsortium.MemberStatus */
export const Status = { None: 0n, Active: 1n, Suspended: 2n, Expelled: 3n } as const;

/** IConsortium.NodeStatus */
export const NodeState = { None: 0n, Admitted: 1n, Removed: 2n } as const;

/** Member ids of the founding members of {deployConsortium}. */
export const GRID = 1n;
export const BANK = 2n;
export const CENTRE = 3n;
export const REGULATOR = 4n;

export const MEMBER_BIT = 1n;

/** A well-formed enode URL whose public key is derived from `seed`. */
export function enode(seed: number, host = "10.0.0.1:30303"): string {
  const key = ethers.keccak256(ethers.toUtf8Bytes(`node-${seed}`)).slice(2);
  return `enode://${key}${key}@${host}`;
}

/** A fresh random address that has never been used. */
export function randomAddress(): string {
  return ethers.Wallet.createRandom().address;
}

/** One founding member: a name, its admin accounts and its voting weight (default 1). */
export interface FounderSpec {
  name: string;
  admins: string[];
  weight?: number;
}

/** Genesis nodes, as (memberId, signer, enode). */
export type NodeSpec = { memberId: bigint | number; signer: string; enode: string };

/**
 * A consortium with any set of modules. The deployer sends, in this order: the Consortium, the
 * SettlementToken (unless `token` is false), every contract `modules` deploys, the genesis
 * registrations (the token first), and the seal. The order fixes every contract's address, which
 * the benches rely on for stable figures.
 */
export interface ConsortiumSpec<M extends Record<string, BaseContract>> {
  rules: VotingRules;
  members: FounderSpec[];
  /** Roles held at genesis. */
  grants?: { account: string; role: number | bigint }[];
  nodes?: NodeSpec[];
  /** The settlement token's name and symbol (default "Consortium Yuan", "CNYC"); false: no token. */
  token?: { name: string; symbol: string } | false;
  /** Register the token as a genesis module (default true). */
  registerToken?: boolean;
  /** Deploys a system's contracts (modules and anything else it needs), in order. */
  modules?: (deployed: { consortium: string; token?: string }) => Promise<M>;
  /** Which of `modules` are registered at genesis, in this order (default: all of them). */
  genesisModules?: readonly (keyof M & string)[];
  /** Seal genesis at the end (default true). */
  seal?: boolean;
  /** Registered after the seal, each by a RegisterModule proposal every founder's first admin votes For. */
  votedModules?: readonly (keyof M & string)[];
}

/** Deploys a consortium and the modules of `spec` (see {ConsortiumSpec} for the order). */
export async function deployConsortiumWith<M extends Record<string, BaseContract> = Record<string, never>>(spec: ConsortiumSpec<M>) {
  const consortium = await ethers.deployContract("Consortium", [
    spec.rules,
    spec.members.map((m) => ({ name: m.name, admins: m.admins, weight: m.weight ?? 1 })),
    spec.grants ?? [],
    spec.nodes ?? [],
  ]);
  const address = await consortium.getAddress();
  const tokenSpec = spec.token ?? { name: "Consortium Yuan", symbol: "CNYC" };
  const token = tokenSpec === false ? undefined : await ethers.deployContract("SettlementToken", [address, tokenSpec.name, tokenSpec.symbol]);
  const tokenAddress = token ? await token.getAddress() : undefined;
  const modules = spec.modules ? await spec.modules({ consortium: address, token: tokenAddress }) : ({} as M);
  if (token && (spec.registerToken ?? true)) await consortium.registerGenesisModule(tokenAddress!);
  for (const name of spec.genesisModules ?? (Object.keys(modules) as (keyof M & string)[])) {
    await consortium.registerGenesisModule(await modules[name]!.getAddress());
  }
  if (spec.seal ?? true) await consortium.sealGenesis();
  if (spec.votedModules?.length) {
    const voters = await Promise.all(spec.members.map((m) => ethers.getSigner(m.admins[0]!)));
    for (const name of spec.votedModules) await passProposal(consortium, voters, "RegisterModule", [await modules[name]!.getAddress()]);
  }
  return { consortium, token, modules };
}

export interface DeployOptions<M extends Record<string, BaseContract> = Record<string, never>> {
  /** Genesis nodes, as (memberId, signer, enode). */
  nodes?: NodeSpec[];
  /** Register the token as a genesis module (default true). */
  registerToken?: boolean;
  /** Seal genesis at the end (default true). */
  seal?: boolean;
  /** More admins of founding member i (1-based), after its first. */
  extraAdmins?: Record<number, string[]>;
  /** As in {ConsortiumSpec}: more contracts, deployed after the token, registered at genesis. */
  modules?: ConsortiumSpec<M>["modules"];
  genesisModules?: ConsortiumSpec<M>["genesisModules"];
  votedModules?: ConsortiumSpec<M>["votedModules"];
}

/**
 * Four founding members, one admin each, weight 1: a grid company, a bank (TOKEN_ISSUER),
 * a trading centre and a regulator (REGULATOR). The token is registered at genesis, then
 * genesis is sealed (both can be turned off through `options`); `options.modules` adds modules.
 */
export async function deployConsortium<M extends Record<string, BaseContract> = Record<string, never>>(
  rules: VotingRules,
  options: DeployOptions<M> = {},
) {
  const [deployer, grid, bank, centre, regulator, ...others] = await ethers.getSigners();
  const admins = (i: number, first: HardhatEthersSigner) => [first.address, ...(options.extraAdmins?.[i] ?? [])];
  const { consortium, token, modules } = await deployConsortiumWith<M>({
    rules,
    members: [
      { name: "State Grid Jiangsu", admins: admins(1, grid) },
      { name: "Bank of Nanjing", admins: admins(2, bank) },
      { name: "Jiangsu Power Trading Centre", admins: admins(3, centre) },
      { name: "Energy Regulator", admins: admins(4, regulator) },
    ],
    grants: [
      { account: bank.address, role: ROLES.TOKEN_ISSUER },
      { account: regulator.address, role: ROLES.REGULATOR },
    ],
    nodes: options.nodes,
    registerToken: options.registerToken,
    seal: options.seal,
    modules: options.modules,
    genesisModules: options.genesisModules,
    votedModules: options.votedModules,
  });
  return { consortium, token: token!, modules, deployer, grid, bank, centre, regulator, others };
}

export type Fixture = Awaited<ReturnType<typeof deployConsortium>>;
export type ConsortiumContract = Fixture["consortium"];
export type TokenContract = Fixture["token"];

/** Default rules, token registered, genesis sealed. */
export async function fixture(): Promise<Fixture> {
  return networkHelpers.loadFixture(deployDefault);
}

/** Like {fixture} but member 1 (grid) is the leading member. */
export async function leaderFixture(): Promise<Fixture> {
  return networkHelpers.loadFixture(deployLeader);
}

/** Genesis still open: nothing registered, not sealed; the deployer is the bootstrapper. */
export async function unsealedFixture(): Promise<Fixture> {
  return networkHelpers.loadFixture(deployUnsealed);
}

/** The default fixture plus a DummyModule registered at genesis (before sealing). */
export async function moduleFixture() {
  return networkHelpers.loadFixture(deployWithModule);
}

/** Proposes, returns the new proposal id. */
export async function propose(
  consortium: ConsortiumContract,
  proposer: HardhatEthersSigner,
  kind: ProposalKindName,
  args: readonly unknown[],
  description = "",
): Promise<bigint> {
  await consortium.connect(proposer).propose(kindIndex(kind), encodePayload(kind, args), description);
  return consortium.proposalCount();
}

/** The call a proposal makes, for use with `expect(...).to.be.revertedWithCustomError`. */
export function proposeTx(
  consortium: ConsortiumContract,
  proposer: HardhatEthersSigner,
  kind: ProposalKindName,
  args: readonly unknown[],
  description = "",
) {
  return consortium.connect(proposer).propose(kindIndex(kind), encodePayload(kind, args), description);
}

/** Casts `support` for each signer in turn. */
export async function vote(
  consortium: ConsortiumContract,
  id: bigint,
  voters: HardhatEthersSigner[],
  support: number = Vote.For,
) {
  for (const v of voters) await consortium.connect(v).castVote(id, support);
}

/** Moves time past a proposal's deadline (into Queued or Defeated). */
export async function passDeadline(consortium: ConsortiumContract, id: bigint) {
  const p = await consortium.getProposal(id);
  await networkHelpers.time.increaseTo(p.deadline + 1n);
}

/** Waits out the voting period and execution delay of a proposal. */
export async function waitUntilReady(consortium: ConsortiumContract, id: bigint) {
  const p = await consortium.getProposal(id);
  await networkHelpers.time.increaseTo(p.deadline + p.rules.executionDelay + 1n);
}

/** Proposes, has every voter vote For and waits until it can be executed. Returns the id. */
export async function readyProposal(
  consortium: ConsortiumContract,
  voters: HardhatEthersSigner[],
  kind: ProposalKindName,
  args: readonly unknown[],
  description = "",
) {
  const id = await propose(consortium, voters[0], kind, args, description);
  await vote(consortium, id, voters);
  await waitUntilReady(consortium, id);
  return id;
}

/** Proposes, has every voter vote For, waits and executes. Returns the proposal id. */
export async function passProposal(
  consortium: ConsortiumContract,
  voters: HardhatEthersSigner[],
  kind: ProposalKindName,
  args: readonly unknown[],
) {
  const id = await readyProposal(consortium, voters, kind, args);
  await consortium.execute(id);
  return id;
}

/**
 * Proposes, has every voter vote For, waits and executes; returns the execute transaction so
 * that `expect(executeTx(...)).to.emit(...)` / `.to.be.revertedWithCustomError(...)` work.
 */
export async function executeTx(
  consortium: ConsortiumContract,
  voters: HardhatEthersSigner[],
  kind: ProposalKindName,
  args: readonly unknown[],
) {
  const id = await readyProposal(consortium, voters, kind, args);
  return consortium.execute(id);
}

/** Account words of `accounts` in the consortium and in a module, for mirror comparisons. */
export async function mirrors(
  consortium: ConsortiumContract,
  module: { accessWord(account: string): Promise<bigint> },
  accounts: string[],
) {
  const truth: bigint[] = [];
  const mirror: bigint[] = [];
  for (const a of accounts) {
    truth.push(await consortium.accessOf(a));
    mirror.push((await module.accessWord(a)) & ~(1n << 255n));
  }
  return { truth, mirror };
}

// loadFixture needs one stable function identity per fixture.
function deployDefault() {
  return deployConsortium(DEFAULT_RULES);
}

function deployLeader() {
  return deployConsortium(LEADER_RULES);
}

function deployUnsealed() {
  return deployConsortium(DEFAULT_RULES, { registerToken: false, seal: false });
}

async function deployWithModule() {
  const f = await deployConsortium(DEFAULT_RULES, {
    modules: async ({ consortium }) => ({ dummy: await ethers.deployContract("DummyModule", [consortium]) }),
  });
  return { ...f, dummy: f.modules.dummy };
}

/**
 * Adds an account to `admin`'s member the only way there is (ACC-53): the admin offers, the
 * account accepts. An address with no local signer is impersonated (and given gas money).
 * Returns the acceptance transaction (AccountAdded, the pushes).
 */
export async function addAndAccept(
  consortium: ConsortiumContract,
  admin: HardhatEthersSigner,
  account: HardhatEthersSigner | string,
  isAdmin: boolean,
) {
  const address = typeof account === "string" ? account : account.address;
  const memberId = await consortium.memberOf(admin.address);
  await consortium.connect(admin).addAccount(address, isAdmin);
  return consortium.connect(await signerOf(account)).acceptAccount(memberId);
}

/** A signer for `account`: itself, a local signer, or an impersonated address with gas money. */
export async function signerOf(account: HardhatEthersSigner | string): Promise<HardhatEthersSigner> {
  if (typeof account !== "string") return account;
  const local = (await ethers.getSigners()).find((s) => s.address.toLowerCase() === account.toLowerCase());
  if (local) return local;
  await networkHelpers.impersonateAccount(account);
  await networkHelpers.setBalance(account, 10n ** 18n);
  return ethers.getSigner(account);
}
