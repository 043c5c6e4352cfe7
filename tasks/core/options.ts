import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";

/**
 * Options shared by the consortium tasks. Every value is a string with default "" and is
 * parsed by the action itself, so that a bad value gives our one-line message (Hardhat's own
 * INT parsing would print a multi-line HHE error instead).
 */

/** --consortium: where the Consortium is, when not in the Ignition deployment of this chain. */
export function withConsortium<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b.addOption({
    name: "consortium",
    description: "Consortium address (default: CONSORTIUM_ADDRESS, else deploy/deployments/consortium-chain-<chainId>)",
    defaultValue: "",
  });
}

/** --token and --consortium, for the token tasks. */
export function withToken<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  // (a separate const: passed inline, the option name would be widened to string)
  const withTokenOption = b.addOption({
    name: "token",
    description: "SettlementToken address (default: TOKEN_ADDRESS, else the chain's Ignition deployment)",
    defaultValue: "",
  });
  return withConsortium(withTokenOption);
}

/** --from and --confirmations, for tasks that send transactions. */
export function withSender<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b
    .addOption({
      name: "from",
      description: "Send from this account (one of the network's configured accounts; default: the first)",
      defaultValue: "",
    })
    .addOption({
      name: "confirmations",
      description: "Confirmations to wait for after each transaction",
      defaultValue: "1",
    });
}

/** --json: machine-readable output on stdout. */
export function withJson<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b.addFlag({ name: "json", description: "Print JSON instead of text" });
}
