import { task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";
import { withJson, withSender } from "../core/options.js";

// Thin definitions of the market:* tasks: every action lives in ./<name>.ts and is imported
// only when its task runs. Shared options first (--json, --from/--confirmations, --meters).

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

export const energyTasks = [register, meterAdd, meterRotate, meterRevoke, meterShow, readingsSubmit, sample];
