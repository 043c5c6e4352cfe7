import { task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";
import { withJson, withSender } from "../core/options.js";
import { settlementTasks } from "./settlement-tasks.js";

// Thin definitions of the energy system's market:* tasks (here: the auction's): every action lives in ./<name>.ts and is
// imported only when its task runs. Units: quantities in kWh, prices in yuan per MWh (two
// decimals; the chain keeps cents per MWh).

/** --auction and --period: the auction a task acts on. */
function withAuction<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  const withAddress = b.addOption({
    name: "auction",
    description: "EnergyAuction address (default: ENERGY_AUCTION_ADDRESS, else the chain's Ignition deployment, Energy#EnergyAuction)",
    defaultValue: "",
  });
  return withAddress.addOption({ name: "period", description: "Trading period id (a whole number, e.g. 2026070114)", defaultValue: "" });
}

const open = withJson(withSender(withAuction(task("market:auction:open", "Open the sealed-bid auction of a trading period (MARKET_OPERATOR)"))))
  .addOption({ name: "commit", description: "How long commitments are taken, from now (e.g. 1h)", defaultValue: "1h" })
  .addOption({ name: "reveal", description: "How long reveals are taken after the commit deadline (e.g. 1h)", defaultValue: "1h" })
  .addOption({ name: "window", description: "Challenge window after the result is sealed (1m..30d)", defaultValue: "2h" })
  .addOption({ name: "priceCap", description: "Highest limit price, yuan per MWh", defaultValue: "1500.00" })
  .addOption({ name: "orderCap", description: "Most orders the auction takes (1..10000)", defaultValue: "1000" })
  .setAction(() => import("./auction-open.js"))
  .build();

const bid = withJson(withSender(withAuction(task("market:bid", "Commit a sealed bid or offer (GENERATOR, RETAILER, CONSUMER); the salt is saved to a file before sending"))))
  .addOption({ name: "side", description: "bid (buy) or offer (sell)", defaultValue: "" })
  .addOption({ name: "quantity", description: "kWh, a whole number", defaultValue: "" })
  .addOption({ name: "price", description: "Limit price, yuan per MWh (e.g. 450.00)", defaultValue: "" })
  .addOption({ name: "slot", description: "Your order slot in this auction (0..15), one order each", defaultValue: "0" })
  .addOption({ name: "file", description: "Bid file keeping the order and its salt (default bids/<chain>-<auction>-<period>-<bidder>-<slot>.json)", defaultValue: "" })
  .addFlag({ name: "amend", description: "Replace the order committed in this slot (until the commit deadline)" })
  .setAction(() => import("./bid.js"))
  .build();

const reveal = withJson(withSender(withAuction(task("market:reveal", "Reveal a committed order from its bid file (after the commit deadline)"))))
  .addOption({ name: "slot", description: "The order slot (0..15)", defaultValue: "0" })
  .addOption({ name: "file", description: "Bid file written by market:bid (default bids/<chain>-<auction>-<period>-<bidder>-<slot>.json)", defaultValue: "" })
  .setAction(() => import("./reveal.js"))
  .build();

const clearTask = withJson(withSender(withAuction(task("market:clear", "Clear a period with lib/energy, post the result in pages and seal it (MARKET_OPERATOR); re-running resumes"))))
  .addOption({ name: "pageSize", description: "Orders per posting transaction (1..10000)", defaultValue: "500" })
  .setAction(() => import("./clear.js"))
  .build();

const challenge = withJson(withSender(withAuction(task("market:challenge", "Recompute a sealed result from chain data and challenge it if it breaks a rule (anyone)"))))
  .addFlag({ name: "dryRun", description: "Only report; send nothing" })
  .setAction(() => import("./challenge.js"))
  .build();

/** The auction's tasks (issue 11 item 3). */
const auctionTasks = [open, bid, reveal, clearTask, challenge];

// The energy system's market:* tasks, one list per part.
export const energyTasks = [...auctionTasks, ...settlementTasks];
