import { task } from "hardhat/config";
import { withConsortium, withJson } from "../core/options.js";

// Consensus nodes: the consortium's node registry (AdmitNode / RemoveNode proposals) against
// the Clique signer set of a Geth node. Actions live in ./nodes-*.ts.

const rpcOption = {
  name: "rpc",
  description: "JSON-RPC URL of YOUR OWN geth node, with the clique API enabled (default: the network's URL)",
  defaultValue: "",
} as const;

const sync = withJson(
  withConsortium(task("nodes:sync", "Vote your geth node's Clique signer set to match the node registry (clique_propose / clique_discard)")),
)
  .addOption(rpcOption)
  .addFlag({ name: "dryRun", description: "Only show what would be proposed or discarded" })
  .setAction(() => import("./nodes-sync.js"))
  .build();

const list = withJson(withConsortium(task("nodes:list", "List the node registry next to the Clique signers of your geth node")))
  .addOption(rpcOption)
  .setAction(() => import("./nodes-list.js"))
  .build();

export const nodeTasks = [sync, list];
