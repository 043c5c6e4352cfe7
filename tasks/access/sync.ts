import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { Contract, getAddress } from "ethers";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { resolveConsortium } from "../../lib/access/deployment.js";
import { ROLES_MASK } from "../../lib/access/roles.js";
import { print, printJson } from "../../lib/core/output.js";
import { parseAddress, parseCount } from "../../lib/core/parse.js";
import { AccessError } from "../../lib/access/errors.js";

interface Args {
  module: string;
  pageSize: string;
  consortium: string;
  from: string;
  confirmations: string;
  json: boolean;
}

/**
 * Pushes the consortium's access words to a module, a page of accounts per transaction.
 * Only stale accounts are sent (the module's mirror, frozen bit aside, differs from
 * accessOf), so a re-run after a crash or on an up-to-date module sends nothing.
 */
async function syncModule(args: Args, hre: HardhatRuntimeEnvironment) {
  const module = parseAddress("module", args.module);
  const pageSize = parseCount("page-size", args.pageSize, 50, 1);
  const ctx = await connect(hre, args);
  const consortium = await resolveConsortium(ctx, args);
  if (!(await consortium.isModule(module))) throw new UserError(AccessError.UNKNOWN_MODULE, `module ${module} is not registered with consortium ${await consortium.getAddress()}`);

  // Every account of every member, plus accounts removed since (their word must drop to 0).
  const count = Number(await consortium.memberCount());
  const seen = new Set<string>();
  for (let id = 1; id <= count; id++) for (const a of await consortium.accountsOf(id)) seen.add(getAddress(a));
  try {
    for (const ev of await consortium.queryFilter(consortium.filters.AccountRemoved())) seen.add(getAddress(ev.args.account));
  } catch {
    /* nodes without log history: members' current accounts only */
  }
  const accounts = [...seen];
  const mirror = new Contract(module, ["function accessWord(address) view returns (uint256)"], ctx.ethers.provider);
  const stale: string[] = [];
  for (const a of accounts) {
    const want = await consortium.accessOf(a);
    let have: bigint | undefined;
    try {
      have = (await mirror.getFunction("accessWord").staticCall(a)) as bigint;
    } catch {
      have = undefined; // module without accessWord(): push everything
    }
    // Only bits 0..127 are the consortium's; the freeze bit and a module's own flags are not.
    if (have === undefined || (have & ROLES_MASK) !== want) stale.push(a);
  }
  const txs: string[] = [];
  if (stale.length === 0) {
    if (!args.json) print(`all ${accounts.length} account(s) are in sync with module ${module}; nothing sent`);
  } else {
    const signer = await ctx.signer();
    const c = consortium.connect(signer);
    if (!args.json) print(`${stale.length} of ${accounts.length} account(s) are stale in module ${module}`);
    for (let i = 0; i < stale.length; i += pageSize) {
      const page = stale.slice(i, i + pageSize);
      await c.syncAccess.staticCall(module, page);
      const receipt = await ctx.wait(c.syncAccess(module, page));
      txs.push(receipt.hash);
      if (!args.json) print(`synced ${Math.min(i + pageSize, stale.length)}/${stale.length} (tx ${receipt.hash})`);
    }
  }
  const out = { module, accounts: accounts.length, synced: stale.length, txs };
  if (args.json) printJson(out);
  return out;
}

export default runAction(syncModule);
