import { task } from "hardhat/config";
import { withJson, withSender, withToken } from "../core/options.js";

const mint = withJson(withSender(withToken(task("token:mint", "Mint settlement tokens against an off-chain deposit (TOKEN_ISSUER)"))))
  .addOption({ name: "to", description: "Member account credited", defaultValue: "" })
  .addOption({ name: "amount", description: "Yuan, up to 2 decimals (12.50)", defaultValue: "" })
  .addOption({ name: "ref", description: "Deposit reference: text (hashed with keccak256) or 0x + 64 hex", defaultValue: "" })
  .setAction(() => import("./mint.js"))
  .build();

const burn = withJson(withSender(withToken(task("token:burn", "Burn from your own balance for an off-chain redemption payout (TOKEN_ISSUER)"))))
  .addOption({ name: "amount", description: "Yuan, up to 2 decimals", defaultValue: "" })
  .addOption({ name: "ref", description: "Redemption reference: text (hashed) or 0x + 64 hex", defaultValue: "" })
  .setAction(() => import("./burn.js"))
  .build();

const balance = withJson(withToken(task("token:balance", "Show an account's settlement token balance")))
  .addOption({ name: "from", description: "Account shown when none is given (default: the first configured account)", defaultValue: "" })
  .addPositionalArgument({ name: "account", description: "The account (default: --from)", defaultValue: "" })
  .setAction(() => import("./balance.js"))
  .build();

const transfer = withJson(withSender(withToken(task("token:transfer", "Transfer settlement tokens to another member account"))))
  .addOption({ name: "to", description: "Recipient (an account of an active member)", defaultValue: "" })
  .addOption({ name: "amount", description: "Yuan, up to 2 decimals", defaultValue: "" })
  .setAction(() => import("./transfer.js"))
  .build();

const recover = withJson(
  withSender(withToken(task("token:recover", "Propose the vote that moves or redeems a balance trapped by a membership change or a freeze (member admin)"))),
)
  .addOption({ name: "holder", description: "The account whose balance can no longer move (no active member's, or frozen in the token)", defaultValue: "" })
  .addOption({ name: "to", description: "Move the balance to this active member's account (or give --redeem-ref)", defaultValue: "" })
  .addOption({ name: "redeemRef", description: "Burn the balance against this payout reference: text (hashed) or 0x + 64 hex (or give --to)", defaultValue: "" })
  .addOption({ name: "amount", description: "Yuan, up to 2 decimals (default: the whole balance)", defaultValue: "" })
  .addOption({ name: "reason", description: "Why: kept in the token's event", defaultValue: "" })
  .addOption({ name: "description", description: "Proposal description shown to voters", defaultValue: "" })
  .setAction(() => import("./recover.js"))
  .build();

export const tokenTasks = [mint, burn, balance, transfer, recover];
