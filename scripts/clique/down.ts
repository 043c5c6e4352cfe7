// Stop every geth node of the network in --datadir (from its pid files). --clean also deletes the data dir.
import { rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliqueNetwork } from "../../tooling/clique/index.js";
import { cliArgs, fail } from "./common.js";

const { values: v, dataDir } = cliArgs(
  { clean: { type: "boolean" } },
  "Usage: npx tsx scripts/clique/down.ts [--datadir DIR] [--clean]",
);

async function main(): Promise<void> {
  if (!existsSync(join(dataDir, "network.json"))) {
    console.log(`No Clique network in ${dataDir}; nothing to stop.`);
    return;
  }
  const net = await CliqueNetwork.load(dataDir);
  const results = await net.stopAll();
  for (const n of net.nodes) console.log(`node${n.index}  ${results[n.index]}`);
  if (v.clean) {
    await rm(dataDir, { recursive: true, force: true });
    console.log(`deleted ${dataDir}`);
  }
}

main().catch(fail);
