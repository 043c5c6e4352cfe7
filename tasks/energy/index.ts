import { task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";
import { withJson, withSender } from "../core/options.js";
import { settlementTasks } from "./settlement-tasks.js";

// Thin definitions of the energy system's market:* tasks: every action lives in ./<name>.ts and is
// imported only when its task runs (the statements side's are in ./settlement-tasks.ts). Meters
// count Wh; the auction takes kWh and prices in yuan per MWh (two decimals; the chain keeps cents
// per MWh). Shared options first (--json, --from/--confirmations, --meters, --auction).

/** --meters: where EnergyMeters is, when not in the Ignition deployment of this chain. */
function withMeters<A extends TaskArguments>(b: NewTaskDefinitionBuilder<A>) {
  return b.addOption({
    name: "meters",
    description: "EnergyMeters address (default: ENERGY_METERS_ADDRESS, else the chain's Ignition deployment, Energy#EnergyMeters)",
    defaultValue: "",
  });
}

const register = withJson(withSender(withMeters(task("market:register", "Register your member in the energy market by a trading role you hold (GENERATOR, RETAILER, CONSUMER)"))))
  .addOption({ name: "role", description: "GENERATOR, RETAILER or CONSUMER (the sender must hold it)", defaultValue: "" })
  .setAction(() => import("./register.js"))
  .build();

const meterAdd = withJson(withSender(withMeters(task("market:meter:add", "Register a meter for a participant with its signing key (METER_OPERATOR)"))))
  .addOption({ name: "id", description: "Meter id (1..4294967295, never reused)", defaultValue: "" })
  .addOption({ name: "owner", description: "Member id of the participant whose energy it measures", defaultValue: "" })
  .addOption({ name: "key", description: "Address of the meter's signing key", defaultValue: "" })
  .setAction(() => import("./meter-add.js"))
  .build();

const meterRotate = withJson(withSender(withMeters(task("market:meter:rotate", "Replace a meter's signing key; the old key signs nothing from this block on (METER_OPERATOR of the meter's member)"))))
  .addOption({ name: "id", description: "Meter id", defaultValue: "" })
  .addOption({ name: "key", description: "Address of the new signing key (never used by any meter)", defaultValue: "" })
  .setAction(() => import("./meter-rotate.js"))
  .build();

const meterRevoke = withJson(withSender(withMeters(task("market:meter:revoke", "Revoke a meter for good: no key, no more readings (METER_OPERATOR of the meter's member)"))))
  .addOption({ name: "id", description: "Meter id", defaultValue: "" })
  .addOption({ name: "reason", description: "Why (recorded in the event)", defaultValue: "" })
  .setAction(() => import("./meter-revoke.js"))
  .build();

const meterShow = withJson(withMeters(task("market:meter", "A meter: owner, operator, status, key and last reading")))
  .addPositionalArgument({ name: "id", description: "Meter id" })
  .setAction(() => import("./meter-show.js"))
  .build();

const readingsSubmit = withJson(withSender(withMeters(task("market:readings:submit", "Submit a file of signed meter readings (CSV or JSON) in batches, resumable; reports each refused reading by line"))))
  .addOption({ name: "file", description: "Readings file: .csv with header meterId,interval,cumulativeWh,timestamp,signature, or .json", defaultValue: "" })
  .addOption({ name: "chunk", description: "Readings per transaction (1..500)", defaultValue: "100" })
  .addOption({ name: "journal", description: "Resumable state (default journals/readings/<chainId>-<file name>.json)", defaultValue: "" })
  .setAction(() => import("./readings-submit.js"))
  .build();

const sample = withJson(withMeters(task("market:sample", "Write a file of sample readings signed by sample meter keys derived from a seed (for trials; never real keys)")))
  .addOption({ name: "seed", description: "Seed the meter keys and registers derive from", defaultValue: "" })
  .addOption({ name: "ids", description: "Meter ids, e.g. 1-3 or 1,2,5", defaultValue: "" })
  .addOption({ name: "intervals", description: "Consecutive intervals per meter", defaultValue: "4" })
  .addOption({ name: "fromInterval", description: "First interval (default: the latest ones already over on this chain)", defaultValue: "" })
  .addOption({ name: "out", description: "File to write (.csv or .json; never overwritten)", defaultValue: "" })
  .setAction(() => import("./sample.js"))
  .build();

/** Participants, meters and readings (issue 11 items 1 and 2). */
const meterTasks = [register, meterAdd, meterRotate, meterRevoke, meterShow, readingsSubmit, sample];

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
export const energyTasks = [...meterTasks, ...auctionTasks, ...settlementTasks];
