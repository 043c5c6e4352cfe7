import { defineErrorCodes } from "../core/error-codes.js";

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
