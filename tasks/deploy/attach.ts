import { existsSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress, ZeroAddress } from "ethers";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import {
  ATTACHED_FILE,
  codeMatchesArtifact,
  defaultDeploymentId,
  deploymentDir,
  readDeployedAddresses,
  type AttachedRecord,
  type DeployedContract,
} from "../../lib/core/deployments.js";
import { writeJsonFile } from "../../lib/core/files.js";
import { parseAddress } from "../../lib/core/parse.js";
import { ACCESS_CONTRACTS } from "../../lib/access/deployment.js";
import { TOKEN_CONTRACTS } from "../../lib/token/deployment.js";
import { CERTIFICATE_CONTRACTS } from "../../lib/certificates/deployment.js";
import { ENERGY_CONTRACTS } from "../../lib/energy/deployment.js";
import { Consortium__factory } from "../../typechain-types/index.js";
import { print, printJson } from "../../lib/core/output.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  consortium: string;
  deploymentId: string;
  json: boolean;
}

/** The genesis modules the Consortium registers at sealGenesis, found among its modules() by code. */
const MODULE_CONTRACTS: DeployedContract<never>[] = [
  ...Object.values(TOKEN_CONTRACTS),
  ...Object.values(CERTIFICATE_CONTRACTS),
  ...Object.values(ENERGY_CONTRACTS),
];

/**
 * A second operator's way in: from the Consortium's address alone, find the genesis contracts
 * (its registered modules), check that each holds this checkout's code, and write the
 * deployment's deployed_addresses.json (no journal) so that every task finds them as if this
 * machine had deployed, and `deploy` says "complete, nothing to do" instead of founding a
 * second consortium. Reads only: no key needed, nothing is sent.
 */
async function attach(args: Args, hre: HardhatRuntimeEnvironment) {
  if (!args.consortium.trim()) throw new UserError(CoreError.MISSING_INPUT, "--consortium: the address of the running Consortium is required");
  const address = parseAddress("consortium", args.consortium);
  const ctx = await connect(hre, { readOnly: true });
  const deploymentId = args.deploymentId.trim() || defaultDeploymentId(ctx.chainId);
  if (!/^[a-zA-Z0-9_-]+$/.test(deploymentId)) {
    throw new UserError(CoreError.INVALID_OPTION, `--deployment-id: "${deploymentId}" may only contain letters, digits, "-" and "_"`);
  }
  const provider = ctx.ethers.provider;
  const where = `on ${ctx.networkName} (chain ${ctx.chainId})`;

  const checkCode = async (entry: DeployedContract<unknown>, at: string) => {
    const code = await provider.getCode(at);
    if (code === "0x") throw new UserError(CoreError.NO_CONTRACT, `no contract at ${at} ${where}: wrong --consortium or wrong network; nothing was written`, { address: at, chainId: ctx.chainId });
    return codeMatchesArtifact(code, await hre.artifacts.readArtifact(entry.contract));
  };
  if (!(await checkCode(ACCESS_CONTRACTS.consortium, address))) {
    throw new UserError(CoreError.WRONG_CONTRACT,
      `${address} ${where} is not this checkout's Consortium (its code differs: another contract, or another version of the project; check out the release the consortium was deployed from); nothing was written`,
      { address, contract: "Consortium" },
    );
  }
  const consortium = Consortium__factory.connect(address, provider);
  if ((await consortium.bootstrapper()) !== ZeroAddress) {
    throw new UserError(CoreError.NOT_DEPLOYED,
      `the genesis of Consortium ${address} is not sealed yet: the founding operator's deploy has not finished (it resumes by running deploy again); nothing was written`,
      { address },
    );
  }

  const byFutureId: Record<string, string> = { [ACCESS_CONTRACTS.consortium.futureId]: getAddress(address) };
  const contracts: Record<string, string> = { [ACCESS_CONTRACTS.consortium.contract]: getAddress(address) };
  const modules = (await consortium.modules()).map((m) => getAddress(m));
  for (const entry of MODULE_CONTRACTS) {
    const matching: string[] = [];
    for (const m of modules) if (await checkCode(entry, m)) matching.push(m);
    if (matching.length !== 1) {
      throw new UserError(CoreError.WRONG_CONTRACT,
        matching.length === 0
          ? `Consortium ${address} has no registered module with this checkout's ${entry.contract} code (of ${modules.length} modules): another version of the project; nothing was written`
          : `Consortium ${address} has ${matching.length} modules with ${entry.contract} code (${matching.join(", ")}): the genesis one cannot be told from the code; give tasks the right one in ${entry.env} instead; nothing was written`,
        { address, contract: entry.contract },
      );
    }
    byFutureId[entry.futureId] = matching[0]!;
    contracts[entry.contract] = matching[0]!;
  }

  const dir = deploymentDir(hre, deploymentId);
  const journal = path.relative(process.cwd(), dir) || dir;
  if (existsSync(path.join(dir, "journal.jsonl"))) {
    const own = await readDeployedAddresses(dir);
    const same = own !== undefined && Object.entries(byFutureId).every(([id, a]) => own[id] !== undefined && getAddress(own[id]!) === a);
    throw new UserError(CoreError.CONFLICTING_OPTIONS,
      same
        ? `${journal} is this machine's own deployment of Consortium ${address}: nothing to attach`
        : `${journal} holds another deployment (a journal); attach under another --deployment-id (and set CONSORTIUM_DEPLOYMENT_ID to it), or move the journal away; nothing was written`,
      { deploymentId, journal },
    );
  }
  const record: AttachedRecord = { consortium: getAddress(address), chainId: ctx.chainId, attachedAt: new Date().toISOString() };
  await writeJsonFile(path.join(dir, "deployed_addresses.json"), byFutureId, 0o644);
  await writeJsonFile(path.join(dir, ATTACHED_FILE), record, 0o644);

  const out = { network: ctx.networkName, chainId: ctx.chainId, deploymentId, journal, consortium: getAddress(address), contracts };
  if (args.json) {
    printJson(out);
  } else {
    for (const [name, a] of Object.entries(contracts)) print(`${name.padEnd(20)} ${a}`);
    print(`attached deployment ${deploymentId} on ${ctx.networkName} (chain ${ctx.chainId}) to Consortium ${getAddress(address)}: code checked, addresses in ${journal}/deployed_addresses.json`);
  }
  return out;
}

export default runAction(attach);
