import type { VotingRules } from "./proposals.js";

/**
 * What the access system's deployment is made of: the Ignition module id, its parameters and the
 * future ids under which its contracts are journaled. deploy/modules/Consortium.ts builds the
 * module from these; lib/core/genesis.ts produces the parameters; tasks find the contracts by
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

/** The parameters of the "Consortium" module, as lib/core/genesis.ts produces them. */
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
