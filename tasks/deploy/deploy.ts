import { existsSync } from "node:fs";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress } from "ethers";
import { buildGenesisModule } from "../../deploy/modules/Genesis.js";
import { loadGenesis } from "../../lib/access/genesis.js";
import { connect, type TaskContext } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { ATTACHED_FILE, defaultDeploymentId, deploymentDir, missingCode, readAttached, readDeployedAddresses, rememberDeployment, type DeployedContract } from "../../lib/core/deployments.js";
import { ACCESS_CONTRACTS } from "../../lib/access/deployment.js";
import { TOKEN_CONTRACTS } from "../../lib/token/deployment.js";
import { CERTIFICATE_CONTRACTS } from "../../lib/certificates/deployment.js";
import { ENERGY_CONTRACTS } from "../../lib/energy/deployment.js";
import { dropDanglingInitializations, journalComplete, recoverUnrecordedSends } from "../../lib/core/ignition-recovery.js";
import { print, printError, printJson } from "../../lib/core/output.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  parameters: string;
  deploymentId: string;
  from: string;
  confirmations: string;
  json: boolean;
}

/** What deploy/modules/Genesis.ts returns, by result key, with each system's table entry. */
const GENESIS_CONTRACTS: Array<[string, DeployedContract<never>]> = [
  ...Object.entries(ACCESS_CONTRACTS),
  ...Object.entries(TOKEN_CONTRACTS),
  ...Object.entries(CERTIFICATE_CONTRACTS),
  ...Object.entries(ENERGY_CONTRACTS),
];

async function deploy(args: Args, hre: HardhatRuntimeEnvironment) {
  // 1. The file, before anything touches the network.
  const genesis = await loadGenesis(args.parameters);
  // 2. The network: the file may say which chain it is for.
  const ctx = await connect(hre, args);
  if (genesis.chainId !== undefined && genesis.chainId !== ctx.chainId) {
    throw new UserError(CoreError.WRONG_CHAIN,
      `${genesis.file} is for chain ${genesis.chainId} but network ${ctx.networkName} is chain ${ctx.chainId}; wrong --network?`,
    );
  }
  const deploymentId = args.deploymentId.trim() || defaultDeploymentId(ctx.chainId);
  if (!/^[a-zA-Z0-9_-]+$/.test(deploymentId)) {
    throw new UserError(CoreError.INVALID_OPTION, `--deployment-id: "${deploymentId}" may only contain letters, digits, "-" and "_"`);
  }
  const ephemeral = ctx.connection.networkConfig.type === "edr-simulated";
  const dir = deploymentDir(hre, deploymentId);
  const resumed = !ephemeral && existsSync(path.join(dir, "journal.jsonl"));
  const module = buildGenesisModule({ ...genesis.certificates, energy: genesis.energy });

  if (!ephemeral) {
    // A deployment attached with deploy:attach (a second operator, no journal) or a complete
    // journal: nothing to send, whatever the key. Ignition would otherwise deploy a second
    // consortium (attached) or refuse every future because the sender changed (journal).
    const attached = await readAttached(dir);
    if (attached !== undefined || (resumed && (await journalComplete(dir, module)))) {
      return complete(ctx, args, deploymentId, dir, attached?.consortium);
    }
    // An operator who knows the consortium's address but has no journal must attach, not
    // deploy: a fresh genesis would be a second consortium that nobody else uses.
    const known = process.env[ACCESS_CONTRACTS.consortium.env]?.trim();
    if (!resumed && known) {
      throw new UserError(CoreError.CONFLICTING_OPTIONS,
        `${ACCESS_CONTRACTS.consortium.env}=${known} names a consortium already running; deploy would create a second one: attach to it with deploy:attach --consortium ${known}${args.deploymentId.trim() ? ` --deployment-id ${deploymentId}` : ""} (or unset ${ACCESS_CONTRACTS.consortium.env} to found a new consortium); nothing was sent`,
        { consortium: known, deploymentId },
      );
    }
  }
  const sender = args.from.trim() ? (await ctx.signer()).address : undefined;

  // The ledger operator sends setLedger from inside the genesis: its key must be one this
  // network can sign with, or Ignition would stop half-way with a multi-line error.
  const operator = genesis.certificates.ledgerOperator;
  if (operator !== undefined) {
    const accounts = (await ctx.ethers.getSigners()).map((s) => getAddress(s.address));
    if (!accounts.includes(operator)) {
      throw new UserError(CoreError.INVALID_GENESIS,
        `${genesis.file}: certificates.ledgerOperator: ${operator} is not an account of network ${ctx.networkName} (it wires the points ledger at genesis, as cert:ledger:set would); add its key to the network's accounts or drop the field and run cert:ledger:set later; nothing was sent`,
      );
    }
  }

  // 3. A journal that names contracts the node does not hold: the node was reset (a fresh anvil,
  //    a wiped data dir) or this is another chain with the same id. Ignition trusts its journal
  //    and would report every contract as deployed; refuse before anything is sent.
  if (resumed) {
    const journaled = (await readDeployedAddresses(dir)) ?? {};
    const gone = await missingCode(ctx.ethers.provider, journaled);
    if (gone.length > 0) throw journalWithoutCode(deploymentId, dir, ctx.networkName, ctx.chainId, gone, Object.keys(journaled).length);
  }

  // 4. A crash between sending a transaction and journaling its hash: adopt that transaction
  //    so that Ignition does not send the future (deploy the contract) a second time.
  //    And a crash right after a future was initialized: let Ignition start it afresh.
  if (resumed) await dropDanglingInitializations(dir);
  // A node that mines only on demand never brings the blocks further confirmations need:
  // Ignition would wait for them forever.
  const confirmations = await ctx.confirmationsToWait();
  if (confirmations < ctx.confirmations) {
    printError(`note: ${ctx.networkName} mines only on demand (automine): waiting for 1 confirmation per transaction, not ${ctx.confirmations}, which would never come`);
  }
  const recovered = resumed
    ? await recoverUnrecordedSends(dir, ctx.ethers.provider, ctx.connection.provider, confirmations)
    : [];

  // 5. Ignition: journals every step under deploy/deployments/<id> on real networks, so a
  //    re-run resumes (or finds everything done) instead of deploying a second instance.
  let result;
  try {
    result = await ctx.connection.ignition.deploy(module, {
      parameters: genesis.parameters,
      deploymentId,
      defaultSender: sender,
      config: { requiredConfirmations: confirmations, blockPollingInterval: 250 },
    });
  } catch (e) {
    // Ignition reports multi-line summaries (failed futures, reconciliation): keep one line.
    const msg = (e as Error).message ?? String(e);
    throw new UserError(CoreError.DEPLOY_FAILED,
      `deployment ${deploymentId} failed: ${msg
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .join(" ")}`,
    );
  }
  // Every contract of the genesis, by name, in the order users read them; remembered by future
  // id on an in-process network so that every system's tasks find them without options.
  const contracts: Record<string, string> = {};
  const byFutureId: Record<string, string> = {};
  const deployed = result as unknown as Record<string, { getAddress(): Promise<string> }>;
  for (const [key, entry] of GENESIS_CONTRACTS) {
    const address = getAddress(await deployed[key]!.getAddress());
    contracts[entry.contract] = address;
    byFutureId[entry.futureId] = address;
  }
  // Success is said only about code that is there (whatever Ignition's journal believes).
  if (!ephemeral) {
    const gone = await missingCode(ctx.ethers.provider, byFutureId);
    if (gone.length > 0) throw journalWithoutCode(deploymentId, dir, ctx.networkName, ctx.chainId, gone, Object.keys(byFutureId).length);
  }
  const consortium = contracts[ACCESS_CONTRACTS.consortium.contract]!;
  const token = contracts[TOKEN_CONTRACTS.token.contract]!;
  if (ephemeral) rememberDeployment(ctx, byFutureId);

  const out = {
    network: ctx.networkName,
    chainId: ctx.chainId,
    deploymentId,
    journal: ephemeral ? null : path.relative(process.cwd(), dir),
    resumed,
    recovered,
    consortium,
    token,
    contracts,
  };
  if (args.json) {
    printJson(out);
  } else {
    for (const [name, address] of Object.entries(contracts)) print(`${name.padEnd(20)} ${address}`);
    print(
      `deployment ${deploymentId} on ${ctx.networkName} (chain ${ctx.chainId})` +
        (ephemeral ? ", in-process: not journaled" : `, journal ${out.journal}${resumed ? " (resumed)" : ""}`),
    );
    for (const hash of recovered) print(`adopted transaction ${hash}, sent before an interruption but missing from the journal`);
  }
  return out;
}

/**
 * A deployment with nothing left to send: its contracts from deployed_addresses.json, each
 * checked to hold code, printed like a deployment with "complete, nothing to do".
 */
async function complete(ctx: TaskContext, args: Args, deploymentId: string, dir: string, attachedFrom: string | undefined) {
  const journaled = (await readDeployedAddresses(dir)) ?? {};
  const contracts: Record<string, string> = {};
  const byFutureId: Record<string, string> = {};
  const absent: string[] = [];
  for (const [, entry] of GENESIS_CONTRACTS) {
    const address = journaled[entry.futureId];
    if (address === undefined) absent.push(entry.futureId);
    else {
      contracts[entry.contract] = getAddress(address);
      byFutureId[entry.futureId] = getAddress(address);
    }
  }
  const journal = path.relative(process.cwd(), dir) || dir;
  if (absent.length > 0) {
    throw new UserError(CoreError.NOT_DEPLOYED,
      `deployment ${deploymentId}: ${journal}/deployed_addresses.json has no ${absent.join(", ")}; ${attachedFrom ? `attach again with deploy:attach --consortium ${attachedFrom}` : "the journal is damaged"}; nothing was sent`,
      { deploymentId, journal },
    );
  }
  const gone = await missingCode(ctx.ethers.provider, byFutureId);
  if (gone.length > 0) throw journalWithoutCode(deploymentId, dir, ctx.networkName, ctx.chainId, gone, Object.keys(byFutureId).length);
  const out = {
    network: ctx.networkName,
    chainId: ctx.chainId,
    deploymentId,
    journal,
    resumed: true,
    complete: true,
    attached: attachedFrom !== undefined,
    recovered: [] as string[],
    consortium: contracts[ACCESS_CONTRACTS.consortium.contract]!,
    token: contracts[TOKEN_CONTRACTS.token.contract]!,
    contracts,
  };
  if (args.json) {
    printJson(out);
  } else {
    for (const [name, address] of Object.entries(contracts)) print(`${name.padEnd(20)} ${address}`);
    print(
      `deployment ${deploymentId} on ${ctx.networkName} (chain ${ctx.chainId}), ${attachedFrom ? `attached (${ATTACHED_FILE} in ${journal})` : `journal ${journal}`}: complete, nothing to do`,
    );
  }
  return out;
}

/** The one-line refusal for a journal whose contracts are not on the connected node. */
function journalWithoutCode(
  deploymentId: string,
  dir: string,
  network: string,
  chainId: number,
  gone: Array<{ futureId: string; address: string }>,
  journaled: number,
): UserError {
  const journal = path.relative(process.cwd(), dir) || dir;
  const first = gone[0]!;
  return new UserError(CoreError.NO_CONTRACT,
    `deployment ${deploymentId}: ${gone.length} of ${journaled} contracts in its journal have no code on ${network} (chain ${chainId}), e.g. ${first.futureId} at ${first.address}: ` +
      `the node was reset or is another chain; remove the journal (rm -r ${journal}) to deploy afresh, or restore the node's state (anvil --load-state FILE); nothing was sent`,
    { deploymentId, journal, chainId, missing: gone.map((g) => `${g.futureId}=${g.address}`).join(",") },
  );
}

export default runAction(deploy);
