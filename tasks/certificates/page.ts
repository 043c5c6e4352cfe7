import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { listMembers } from "../../lib/access/consortium.js";
import { pageConfigOf } from "../../lib/certificates/page.js";
import { CoreError } from "../../lib/core/error-codes.js";
import { buildPage, PAGE_GZIP_GOAL, sizeLines } from "../../web/verify/build.js";

interface Args {
  out: string;
  rpc: string;
  registry: string;
  json: boolean;
}

/** The verification page for this chain: built into --out with a config.json read from the chain. */
async function writePage(args: Args, hre: HardhatRuntimeEnvironment) {
  const out = args.out.trim();
  if (!out) throw new UserError(CoreError.MISSING_INPUT, "--out is required: the folder to write the page to");
  const rpc = args.rpc.trim();
  if (!rpc) throw new UserError(CoreError.MISSING_INPUT, "--rpc is required: the read-only JSON-RPC URL the page's users reach (docs/deploy-clique.md)");
  if (!/^https?:\/\/\S+$/.test(rpc)) throw new UserError(CoreError.INVALID_OPTION, `--rpc "${rpc}" is not an http(s) URL`, { field: "--rpc", value: rpc });
  // A page is rewritten in place; any other folder's files are never mixed with it.
  if (existsSync(out) && (await readdir(out)).length > 0 && !existsSync(path.join(out, "config.json"))) {
    throw new UserError(CoreError.INVALID_OPTION, `--out ${out} is a folder with other files: give an empty or new folder (or one holding a page written before)`, { field: "--out", value: out });
  }
  const ctx = await connect(hre);
  const registry = await resolveRegistry(ctx, args.registry);
  const consortium = await ctx.ethers.getContractAt("Consortium", await registry.consortium());
  const count = Number(await registry.typeCount());
  const typeNames: string[] = [];
  for (let t = 1; t <= count; t++) typeNames.push((await registry.getType(t)).name);
  const members = await listMembers(consortium);
  const config = pageConfigOf({
    chainId: ctx.chainId,
    registry: await registry.getAddress(),
    rpc,
    block: await ctx.ethers.provider.getBlockNumber(),
    typeNames,
    members: members.map((m) => ({ id: Number(m.id), name: m.name })),
  });
  const page = await buildPage(path.resolve(out), config);
  const result = { dir: out, config, files: page.files, bytes: page.bytes, gzipBytes: page.gzipBytes, gzipGoal: PAGE_GZIP_GOAL };
  if (args.json) printJson(result);
  else {
    print(`verification page written to ${out}: chain ${config.chainId}, registry ${config.registry}, ${typeNames.length} type(s), ${members.length} member(s), RPC ${rpc}`);
    for (const line of sizeLines(page)) print(line);
  }
  return result;
}

export default runAction(writePage);
