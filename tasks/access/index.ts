import { task } from "hardhat/config";
import { withConsortium, withJson, withSender } from "../core/options.js";
import { nodeTasks } from "./nodes.js";

// Thin definitions: every action lives in ./actions and is imported only when its task runs.
// Shared options come first (withJson/withSender/withConsortium), task-specific ones after.

const members = withJson(withConsortium(task("access:members", "List the consortium's members, accounts and admins")))
  .setAction(() => import("./members.js"))
  .build();

const propose = withJson(withSender(withConsortium(task("access:propose", "Propose a change to members, roles, nodes, modules or voting rules"))))
  .addOption({
    name: "kind",
    description: "AdmitMember, SuspendMember, ReinstateMember, ExpelMember, GrantRole, RevokeRole, AdmitNode, RemoveNode, SetVotingRules, SetMemberWeight, RegisterModule, UnregisterModule, CallModule",
    defaultValue: "",
  })
  .addOption({ name: "name", description: "AdmitMember: organisation name", defaultValue: "" })
  .addOption({ name: "admin", description: "AdmitMember: first admin account", defaultValue: "" })
  .addOption({ name: "weight", description: "AdmitMember / SetMemberWeight: voting weight", defaultValue: "" })
  .addOption({ name: "member", description: "Suspend/Reinstate/ExpelMember, AdmitNode, SetMemberWeight: member id", defaultValue: "" })
  .addOption({ name: "account", description: "GrantRole / RevokeRole: account", defaultValue: "" })
  .addOption({ name: "role", description: "GrantRole / RevokeRole: role name (e.g. TOKEN_ISSUER) or number", defaultValue: "" })
  .addOption({ name: "node", description: "RemoveNode: node id", defaultValue: "" })
  .addOption({ name: "signer", description: "AdmitNode: the node's Clique signer address", defaultValue: "" })
  .addOption({ name: "enode", description: "AdmitNode: enode://<128 hex>@host:port", defaultValue: "" })
  .addOption({ name: "module", description: "Register/UnregisterModule, CallModule: module address", defaultValue: "" })
  .addOption({ name: "data", description: "CallModule: calldata (0x...)", defaultValue: "" })
  .addOption({ name: "quorumBps", description: "SetVotingRules: quorum, basis points or percent (\"50%\")", defaultValue: "" })
  .addOption({ name: "approvalBps", description: "SetVotingRules: approval, basis points or percent", defaultValue: "" })
  .addOption({ name: "votingPeriod", description: "SetVotingRules: seconds or e.g. 3d", defaultValue: "" })
  .addOption({ name: "executionDelay", description: "SetVotingRules: seconds or e.g. 1d", defaultValue: "" })
  .addOption({ name: "executionWindow", description: "SetVotingRules: seconds or e.g. 7d", defaultValue: "" })
  .addOption({ name: "leadingMember", description: "SetVotingRules: member id whose For vote is required (0: none)", defaultValue: "" })
  .addOption({ name: "description", description: "Why (kept in the ProposalCreated event)", defaultValue: "" })
  .setAction(() => import("./propose.js"))
  .build();

const vote = withJson(withSender(withConsortium(task("access:vote", "Cast, change or withdraw (none) your member's vote on a proposal"))))
  .addOption({ name: "id", description: "Proposal id", defaultValue: "" })
  .addOption({ name: "support", description: "for, against, abstain or none", defaultValue: "" })
  .setAction(() => import("./vote.js"))
  .build();

const execute = withJson(withSender(withConsortium(task("access:execute", "Execute a passed proposal once it is Ready"))))
  .addOption({ name: "id", description: "Proposal id", defaultValue: "" })
  .setAction(() => import("./execute.js"))
  .build();

const cancel = withJson(withSender(withConsortium(task("access:cancel", "Withdraw your member's proposal while voting is open"))))
  .addOption({ name: "id", description: "Proposal id", defaultValue: "" })
  .setAction(() => import("./cancel.js"))
  .build();

const proposals = withJson(withConsortium(task("access:proposals", "List proposals with decoded payload, state, tallies and deadline")))
  .addOption({
    name: "state",
    description: "Only this state: active, defeated, queued, ready, executed, expired, canceled (default: all)",
    defaultValue: "",
  })
  .setAction(() => import("./proposals.js"))
  .build();

const roles = withJson(withConsortium(task("access:roles", "Show an account's member, granted and effective roles")))
  .addPositionalArgument({ name: "account", description: "The account", defaultValue: "" })
  .setAction(() => import("./roles.js"))
  .build();

const accountsAdd = withJson(
  withSender(withConsortium(task("access:accounts:add", "Offer an account a place in your member (self-service); it joins when it accepts"))),
)
  .addOption({ name: "account", description: "The account offered a place", defaultValue: "" })
  .addFlag({ name: "admin", description: "Make it an admin of your member" })
  .setAction(() => import("./accounts-add.js"))
  .build();

const accountsAccept = withJson(
  withSender(withConsortium(task("access:accounts:accept", "Accept a member's offer: the sending account joins that member"))),
)
  .addOption({ name: "member", description: "Id of the member whose offer you accept", defaultValue: "" })
  .setAction(() => import("./accounts-accept.js"))
  .build();

const accountsRemove = withJson(withSender(withConsortium(task("access:accounts:remove", "Remove an account from your member (self-service)"))))
  .addOption({ name: "account", description: "An account of your member", defaultValue: "" })
  .setAction(() => import("./accounts-remove.js"))
  .build();

const sync = withJson(
  withSender(withConsortium(task("access:sync", "Push the consortium's access words to a registered module (pages; only stale accounts)"))),
)
  .addOption({ name: "module", description: "Registered module address", defaultValue: "" })
  .addOption({ name: "pageSize", description: "Accounts per transaction", defaultValue: "50" })
  .setAction(() => import("./sync.js"))
  .build();

/** Every task of the access system: access:* (members, votes, roles, accounts) and nodes:*. */
export const accessTasks = [
  members,
  propose,
  vote,
  execute,
  cancel,
  proposals,
  roles,
  accountsAdd,
  accountsAccept,
  accountsRemove,
  sync,
  ...nodeTasks,
];
