import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { listMembers } from "../../lib/access/consortium.js";
import { print, printJson, table } from "../../lib/core/output.js";

interface Args {
  consortium: string;
  json: boolean;
}

async function showMembers(args: Args, hre: HardhatRuntimeEnvironment) {
  const ctx = await connect(hre, { readOnly: true });
  const consortium = await resolveConsortium(ctx, args);
  const members = await listMembers(consortium);
  if (args.json) {
    printJson(members);
    return members;
  }
  const rows = [["ID", "NAME", "STATUS", "WEIGHT", "NODES", "ACCOUNTS (* admin)"]];
  for (const m of members) {
    const accounts = m.accounts.map((a) => (m.admins.includes(a) ? `${a}*` : a));
    rows.push([String(m.id), m.name, m.status, String(m.weight), String(m.nodeCount), accounts[0] ?? "-"]);
    for (const a of accounts.slice(1)) rows.push(["", "", "", "", "", a]);
  }
  print(table(rows));
  const total = await consortium.totalActiveWeight();
  print(`${members.length} member(s), active voting weight ${total}, consortium ${await consortium.getAddress()}`);
  return members;
}

export default runAction(showMembers);
