import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ROLES } from "../../lib/roles.js";
import { encodePayload, kindIndex, type ProposalKindName, type VotingRules } from "../../lib/proposals.js";

export const { ethers, networkHelpers } = await network.getOrCreate();

export const DAY = 24 * 60 * 60;

export const DEFAULT_RULES: VotingRules = {
  quorumBps: 5000,
  approvalBps: 6666, // two thirds: 2 of 3 pass
  votingPeriod: 3 * DAY,
  executionDelay: 1 * DAY,
  executionWindow: 7 * DAY,
  leadingMember: 0,
};

/**
 * Four founding members, one admin each, weight 1: a grid company, a bank (TOKEN_ISSUER),
 * a trading centre and a regulator (REGULATOR). The token and a bench module are registered
 * at genesis, then genesis is sealed.
 */
export async function deployConsortium(rules: VotingRules) {
  const [deployer, grid, bank, centre, regulator, ...others] = await ethers.getSigners();
  const consortium = await ethers.deployContract("Consortium", [
    rules,
    [
      { name: "State Grid Jiangsu", admins: [grid.address], weight: 1 },
      { name: "Bank of Nanjing", admins: [bank.address], weight: 1 },
      { name: "Jiangsu Power Trading Centre", admins: [centre.address], weight: 1 },
      { name: "Energy Regulator", admins: [regulator.address], weight: 1 },
    ],
    [
      { account: bank.address, role: ROLES.TOKEN_ISSUER },
      { account: regulator.address, role: ROLES.REGULATOR },
    ],
    [],
  ]);
  const token = await ethers.deployContract("SettlementToken", [
    await consortium.getAddress(),
    "Consortium Yuan",
    "CNYC",
  ]);
  await consortium.registerGenesisModule(await token.getAddress());
  await consortium.sealGenesis();
  return { consortium, token, deployer, grid, bank, centre, regulator, others };
}

export type Fixture = Awaited<ReturnType<typeof deployConsortium>>;

export async function fixture(): Promise<Fixture> {
  return networkHelpers.loadFixture(deployDefault);
}

type ConsortiumContract = Fixture["consortium"];

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

/** Waits out the voting period and execution delay of a proposal. */
export async function waitUntilReady(consortium: ConsortiumContract, id: bigint) {
  const p = await consortium.getProposal(id);
  await networkHelpers.time.increaseTo(p.deadline + p.rules.executionDelay + 1n);
}

/** Proposes, has every voter vote For, waits and executes. Returns the proposal id. */
export async function passProposal(
  consortium: ConsortiumContract,
  voters: HardhatEthersSigner[],
  kind: ProposalKindName,
  args: readonly unknown[],
) {
  const id = await propose(consortium, voters[0], kind, args);
  for (const v of voters) await consortium.connect(v).castVote(id, 1);
  await waitUntilReady(consortium, id);
  await consortium.execute(id);
  return id;
}

// loadFixture needs one stable function identity per fixture.
function deployDefault() {
  return deployConsortium(DEFAULT_RULES);
}
