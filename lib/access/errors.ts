import { defineErrorCodes } from "../core/error-codes.js";
import { registerEnums, registerValueRenderer } from "../core/errors.js";
import { decodeRoles, roleName } from "./roles.js";
import { MEMBER_STATUSES, NODE_STATUSES, PROPOSAL_KINDS, PROPOSAL_STATES, VOTE_TYPES } from "./proposals.js";

/**
 * The access system's refusal codes (members, accounts, roles, nodes, modules, proposals), and
 * the module kit's pause and freeze that every governed module shares.
 */
export const AccessError = defineErrorCodes("access", [
  "UNKNOWN_MEMBER",
  "UNKNOWN_PROPOSAL",
  "UNKNOWN_NODE",
  "UNKNOWN_MODULE",
  "NOT_MEMBER_ADMIN",
  "NOT_MEMBER_ACCOUNT",
  "ACCOUNT_TAKEN",
  "NO_OFFER",
  "LAST_ADMIN",
  "LIMIT_REACHED",
  "MEMBER_STATE",
  "LEADING_MEMBER",
  "PROPOSAL_STATE",
  "VOTE_STATE",
  "OPTION_NOT_APPLICABLE",
  "ROLE_STATE",
  "ROLE_IN_USE",
  "NODE_TAKEN",
  "NODE_STATE",
  "NOT_CLIQUE",
  "MODULE_STATE",
  "MODULE_PAUSED",
  "FROZEN",
]);

// How reverts of the access contracts read (lib/core/errors.ts): enums by member name, a role id
// by its role name, a role word by the roles it holds.
registerEnums({
  ProposalState: PROPOSAL_STATES,
  MemberStatus: MEMBER_STATUSES,
  VoteType: VOTE_TYPES,
  NodeStatus: NODE_STATUSES,
  ProposalKind: PROPOSAL_KINDS,
});
registerValueRenderer({ type: "uint8", name: /^role$/i, render: (v) => roleName(Number(v)) });
registerValueRenderer({
  type: "uint256",
  name: /^roles$/i,
  render: (v) => {
    const names = decodeRoles(BigInt(v as bigint)).filter((n) => n !== "MEMBER");
    return names.length ? names.join("|") : "none";
  },
});
