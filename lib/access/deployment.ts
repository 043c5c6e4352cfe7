import type { Consortium } from "../../typechain-types/index.js";
import { resolveContract, type DeployedContract } from "../core/deployments.js";
import type { TaskContext } from "../core/context.js";
import type { VotingRules } from "./proposals.js";
// Every task of the system finds its contracts here: load its error codes and revert vocabulary.
import "./errors.js";

/**
 * What the access system's deployment is made of: the Ignition module id, its parameters and the
 * future ids under which its contracts are journaled, and how tasks find them (ACCESS_CONTRACTS). deploy/modules/Consortium.ts builds the
 * module from these; lib/access/genesis.ts produces the parameters; tasks find the contracts by
 * the future ids. (lib/ never imports deploy/: the arrow points from deploy/ to lib/.)
 */

/** One founding member of IConsortium.GenesisMember. */
export interface GenesisMember {
  name: string;
  admins: string[];
  weight: number;
}

/** A role held at genesis (IConsortium.GenesisGrant); `role` is the numeric role id. */
export interface GenesisGrant {
  account: string;
  role: number;
}

/** A consensus node sealing at genesis (IConsortium.GenesisNode). */
export interface GenesisNode {
  memberId: number;
  signer: string;
  enode: string;
}

/** The parameters of the "Consortium" module, as lib/access/genesis.ts produces them. */
export interface ConsortiumModuleParameters {
  rules: VotingRules;
  members: GenesisMember[];
  grants: GenesisGrant[];
  nodes: GenesisNode[];
  tokenName: string;
  tokenSymbol: string;
}

export const CONSORTIUM_MODULE_ID = "Consortium";

/** Ignition future ids of the access system's contracts (the token is deployed with it). */
export const CONSORTIUM_FUTURE_IDS = {
  consortium: `${CONSORTIUM_MODULE_ID}#Consortium`,
  token: `${CONSORTIUM_MODULE_ID}#SettlementToken`,
} as const;

/** How tasks and `deploy` find the access system's contracts (lib/core/deployments.ts). */
export const ACCESS_CONTRACTS = {
  consortium: {
    contract: "Consortium",
    futureId: CONSORTIUM_FUTURE_IDS.consortium,
    env: "CONSORTIUM_ADDRESS",
    option: "consortium",
    probe: {
      call: "memberCount()",
      run: async (c) => {
        await c.memberCount();
        await c.bootstrapper();
      },
    },
  } satisfies DeployedContract<Consortium>,
} as const;

/** The Consortium of the connected chain (--consortium, CONSORTIUM_ADDRESS, deployment), checked to answer. */
export function resolveConsortium(ctx: TaskContext, args: { consortium?: string } = {}): Promise<Consortium> {
  return resolveContract(ctx, ACCESS_CONTRACTS.consortium, args.consortium);
}
