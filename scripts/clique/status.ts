// Show per-node process state, head, peers and Clique signers. Exit code 1 if any node is down or heads disagree.
import { CliqueNetwork } from "../../tooling/clique/index.js";
import { cliArgs, fail } from "./common.js";

const { dataDir } = cliArgs(
  {},
  "Usage: npx tsx scripts/clique/status.ts [--datadir DIR]",
);

async function main(): Promise<void> {
  const net = await CliqueNetwork.load(dataDir);
  console.log(
    `Clique network ${dataDir}: chain id ${net.chainId}, period ${net.period}s, ${net.size} signers`,
  );
  let healthy = true;
  const heads: { number: number; hash: string }[] = [];
  for (const n of net.nodes) {
    const pid = net.pid(n.index);
    if (!pid) {
      healthy = false;
      console.log(`node${n.index}  ${n.rpcUrl}  signer ${n.address}  STOPPED`);
      continue;
    }
    try {
      const [head, peers, signers] = await Promise.all([
        net.head(n.index),
        net.peerCount(n.index),
        net.cliqueSigners(n.index),
      ]);
      heads.push(head);
      console.log(
        `node${n.index}  ${n.rpcUrl}  pid ${pid}  head #${head.number} ${head.hash}  peers ${peers}`,
      );
      console.log(
        `       signer ${n.address}  clique_getSigners [${signers.join(", ")}]`,
      );
    } catch (e) {
      healthy = false;
      console.log(
        `node${n.index}  ${n.rpcUrl}  pid ${pid}  RPC error: ${(e as Error).message.split("\n")[0]}`,
      );
    }
  }
  // Heads taken a few ms apart may differ by a block; only a big gap means a stuck/forked node.
  const nums = heads.map((h) => h.number);
  if (nums.length && Math.max(...nums) - Math.min(...nums) > 2) {
    healthy = false;
    console.log(
      `WARNING: heads differ by ${Math.max(...nums) - Math.min(...nums)} blocks`,
    );
  }
  net.close();
  process.exitCode = healthy ? 0 : 1;
}

main().catch(fail);
