import { task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";
import { withJson, withSender } from "../core/options.js";

// Thin definitions of the statements side's market:* tasks (bilateral contracts, settlement,
// disputes, payment); each action lives in ./<name>.ts and is imported only when its task runs.
// tasks/energy/index.ts registers `settlementTasks` with the system's other tasks.

function withSettlement<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b.addOption({
    name: "settlement",
    description: "EnergySettlement address (default: ENERGY_SETTLEMENT_ADDRESS, else the chain's Ignition deployment, EnergySettlement#EnergySettlement)",
    defaultValue: "",
  });
}

function withPeriod<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b.addOption({ name: "period", description: "Trading period id", defaultValue: "" });
}

const contract = withJson(withSender(task("market:contract", "Sign a bilateral contract (--sign) or register it from both parties' signatures")))
  .addOption({ name: "bilateral", description: "BilateralContracts address (default: ENERGY_BILATERAL_ADDRESS, else the deployment)", defaultValue: "" })
  .addOption({ name: "seller", description: "Seller account (GENERATOR or RETAILER)", defaultValue: "" })
  .addOption({ name: "buyer", description: "Buyer account (RETAILER or CONSUMER)", defaultValue: "" })
  .addOption({ name: "period", description: "Trading period id", defaultValue: "" })
  .addOption({ name: "quantity", description: "Energy for the whole period, Wh (1..10^15)", defaultValue: "" })
  .addOption({ name: "price", description: "Price, token cents per MWh (0.38 yuan/kWh = 38000)", defaultValue: "" })
  .addOption({ name: "ref", description: "The parties' contract number (text, hashed; or 0x + 64 hex): the message's nonce", defaultValue: "" })
  .addOption({ name: "deadline", description: "Unix time the signatures expire", defaultValue: "" })
  .addFlag({ name: "sign", description: "Only sign the terms with --from and print the signature" })
  .addOption({ name: "sellerSig", description: "The seller's signature", defaultValue: "" })
  .addOption({ name: "buyerSig", description: "The buyer's signature", defaultValue: "" })
  .setAction(() => import("./contract.js"))
  .build();

const deposit = withJson(withSender(withSettlement(task("market:deposit", "Pre-fund your settlement deposit (approves the settlement contract, then deposits)"))))
  .addOption({ name: "amount", description: "Amount in yuan (e.g. 1000 or 12.50)", defaultValue: "" })
  .setAction(() => import("./deposit.js"))
  .build();

const settle = withJson(withSender(withSettlement(task("market:settle", "Post a period's statements from a JSON input file in pages, resumable, then close the posting (SETTLEMENT_AGENT)"))))
  .addOption({ name: "file", description: 'Period file: {"period": N, "participants": [{"participant", "contracts": [{"id","quantityWh","price"}], "clearedWh", "meteredWh"}]}', defaultValue: "" })
  .addOption({ name: "page", description: "Statements per transaction (1..500)", defaultValue: "200" })
  .addOption({ name: "journal", description: "Journal file (default: <file>.journal.json)", defaultValue: "" })
  .setAction(() => import("./settle.js"))
  .build();

const statement = withJson(withSettlement(withPeriod(task("market:statement", "A participant's statement of a period, recomputed from chain data and checked against its digest"))))
  .addPositionalArgument({ name: "participant", description: "The participant's account", defaultValue: "" })
  .addFlag({ name: "csv", description: "Print RFC 4180 CSV" })
  .setAction(() => import("./statement.js"))
  .build();

const dispute = withJson(withSender(withSettlement(withPeriod(task("market:dispute", "Dispute your statement of a period, naming a line, within the dispute window")))))
  .addOption({ name: "line", description: "Line number as market:statement prints it (1 = first line)", defaultValue: "" })
  .addOption({ name: "reason", description: "Why (text, hashed into the reason digest; or 0x + 64 hex)", defaultValue: "" })
  .setAction(() => import("./dispute.js"))
  .build();

const finalize = withJson(withSender(withSettlement(withPeriod(task("market:finalize", "Make a period's statements final after their dispute window and take the debits (payers first, paged)")))))
  .addOption({ name: "participants", description: "Comma-separated accounts (default: every posted statement still AgentSigned)", defaultValue: "" })
  .addOption({ name: "page", description: "Statements per transaction (1..500)", defaultValue: "200" })
  .setAction(() => import("./finalize.js"))
  .build();

const withdraw = withJson(withSender(withSettlement(withPeriod(task("market:withdraw", "Withdraw the credit of your final statement of a period")))))
  .setAction(() => import("./withdraw.js"))
  .build();

export const settlementTasks = [contract, deposit, settle, statement, dispute, finalize, withdraw];
