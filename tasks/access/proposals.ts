import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { loadErrorCatalog, runAction } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { getProposalView, parseStateFilter } from "../../lib/access/consortium.js";
import { formatTime, print, printJson, table } from "../../lib/core/output.js";

interface Args {
  state: string;
  consortium: string;
  json: boolean;
}

async function listProposals(args: Args, hre: HardhatRuntimeEnvironment) {
  const filter = parseStateFilter(args.state);
  const ctx = await connect(hre, { readOnly: true });
  const consortium = await resolveConsortium(ctx, args);
  const catalog = await loadErrorCatalog(hre.artifacts);
  const count = Number(await consortium.proposalCount());
  const all = await Promise.all(
    Array.from({ length: count }, (_, i) => getProposalView(consortium, i + 1, (d) => catalog.decodeCall(d))),
  );
  const list = filter ? all.filter((p) => p.state === filter) : all;
  if (args.json) {
    printJson(list);
    return list;
  }
  if (list.length === 0) {
    print(filter ? `no ${filter} proposals (of ${count})` : "no proposals yet");
    return list;
  }
  const rows = [["ID", "STATE", "FOR/AGAINST/ABSTAIN OF TOTAL", "DEADLINE", "PROPOSAL"]];
  for (const p of list) {
    rows.push([
      String(p.id),
      p.state,
      `${p.tally.for}/${p.tally.against}/${p.tally.abstain} of ${p.tally.total}`,
      formatTime(p.deadline),
      p.summary,
    ]);
  }
  print(table(rows));
  return list;
}

export default runAction(listProposals);
