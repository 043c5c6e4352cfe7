// Create (if needed) and start a local N-signer Geth Clique network on 127.0.0.1.
// geth runs detached with pid files in the data dir; stop it with scripts/clique/down.ts.
//
//   npx tsx scripts/clique/up.ts [--datadir .clique] [--fresh] [--signers 3] [--chain-id 13371]
//       [--period 1] [--http-port 8545] [--p2p-port 30311] [--auth-port 8651] [--zero-gas-price]
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  CliqueNetwork,
  DEFAULT_CHAIN_ID,
  isCliqueDataDir,
} from "../../tooling/clique/index.js";
import { cliArgs, fail, intArg } from "./common.js";

const USAGE = `Usage: npx tsx scripts/clique/up.ts [options]
  --datadir DIR       network data dir (default <repo>/.clique or $CLIQUE_DATADIR)
  --fresh             stop and delete an existing network in DIR first
  --signers N         signer nodes to create (default 3)
  --chain-id ID       chain id (default ${DEFAULT_CHAIN_ID})
  --period S          seconds per block (default 1)
  --gas-limit N       block gas limit (default 30000000)
  --http-port P       first node's HTTP port, node i uses P+i (default 8545)
  --p2p-port P        first node's p2p port (default 30311)
  --auth-port P       first node's engine-API port (default 8651)
  --zero-gas-price    accept 0-priced txs and start the base fee at 0
  --dev-accounts N    funded dev accounts (default 5)
Options other than --datadir/--fresh only apply when the network is created.`;

const { values: v, dataDir } = cliArgs(
  {
    fresh: { type: "boolean" },
    signers: { type: "string" },
    "chain-id": { type: "string" },
    period: { type: "string" },
    "gas-limit": { type: "string" },
    "http-port": { type: "string" },
    "p2p-port": { type: "string" },
    "auth-port": { type: "string" },
    "zero-gas-price": { type: "boolean" },
    "dev-accounts": { type: "string" },
  },
  USAGE,
);

const log = (m: string) => console.log(`[clique] ${m}`);

async function main(): Promise<void> {
  if (v.fresh && existsSync(dataDir)) {
    // Refuse to wipe a directory we did not create.
    if ((await readdir(dataDir)).length && !isCliqueDataDir(dataDir))
      throw new Error(
        `--fresh: ${dataDir} does not look like a Clique data dir; not deleting it`,
      );
    if (existsSync(join(dataDir, "network.json"))) {
      const old = await CliqueNetwork.load(dataDir, { log });
      await old.stopAll();
    }
    await rm(dataDir, { recursive: true, force: true });
    log(`deleted ${dataDir}`);
  }

  const creating = !existsSync(join(dataDir, "network.json"));
  const gasLimit = intArg(v["gas-limit"], "gas-limit");
  const net = await CliqueNetwork.open({
    dataDir,
    signers: intArg(v.signers, "signers"),
    chainId: intArg(v["chain-id"], "chain-id"),
    period: intArg(v.period, "period"),
    gasLimit: gasLimit === undefined ? undefined : BigInt(gasLimit),
    zeroGasPrice: v["zero-gas-price"] === true,
    devAccounts: intArg(v["dev-accounts"], "dev-accounts"),
    ports: {
      http: intArg(v["http-port"], "http-port"),
      p2p: intArg(v["p2p-port"], "p2p-port"),
      auth: intArg(v["auth-port"], "auth-port"),
    },
    log,
  });
  if (!creating)
    log(
      `using existing network in ${dataDir} (creation options ignored; use --fresh to recreate)`,
    );

  const wasRunning = net.nodes.map((n) => net.isRunning(n.index));
  try {
    await net.start({ detached: true });
    // period 0 only seals when there are transactions, so there is nothing to wait for.
    if (net.period > 0) await net.waitForNewBlocks(2);
  } catch (e) {
    // Do not leave half a network behind: stop only the nodes this invocation started.
    await Promise.all(
      net.nodes
        .filter((n) => !wasRunning[n.index])
        .map((n) => net.stopNode(n.index)),
    );
    net.close();
    throw e;
  }

  const heads = await Promise.all(net.nodes.map((n) => net.head(n.index)));
  console.log(`\nClique network up: ${dataDir}`);
  console.log(
    `  chain id   ${net.chainId}   period ${net.period}s   gas limit ${net.gasLimit}${net.zeroGasPrice ? "   zero gas price" : ""}`,
  );
  for (const n of net.nodes) {
    console.log(
      `  node${n.index}  ${n.rpcUrl}  signer ${n.address}  pid ${net.pid(n.index)}  head #${heads[n.index]!.number}  log ${n.logFile}`,
    );
  }
  console.log(`  dev accounts (keys in ${join(dataDir, "dev-keys.json")}):`);
  for (const k of net.devKeys) console.log(`    ${k.address}`);
  console.log(
    `\nexport CLIQUE_RPC_URL=${net.rpcUrl(0)} CLIQUE_CHAIN_ID=${net.chainId} CLIQUE_PRIVATE_KEY=${net.devKeys[0]?.privateKey ?? ""}`,
  );
  console.log(
    `\nStop with: npx tsx scripts/clique/down.ts${dataDir.endsWith("/.clique") ? "" : ` --datadir ${dataDir}`}`,
  );
  net.close();
}

main().catch(fail);
