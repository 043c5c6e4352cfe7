import { createRequire } from "node:module";
import path from "node:path";
import { configVariable, defineConfig } from "hardhat/config";
import type { HardhatPlugin } from "hardhat/types/plugins";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { accessTasks } from "./tasks/access/index.js";
import { tokenTasks } from "./tasks/token/index.js";
import { deployTasks } from "./tasks/deploy/index.js";
import { certificateTasks } from "./tasks/certificates/index.js";
import { energyTasks } from "./tasks/energy/index.js";
import { keystorePasswordPlugin, networkAccounts } from "./lib/core/accounts.js";

const require = createRequire(import.meta.url);

// solc comes from the npm `solc` package so that builds never download a compiler.
// The version string must match the package version exactly.
const SOLC_VERSION = "0.8.29";
const solcPath = require.resolve("solc/soljson.js");

// Geth Clique chains stop at London: no PUSH0, MCOPY or transient storage.
const EVM_VERSION = "london";

// Benchmark peers (npm run bench) are compiled here from their npm sources, for London, like
// everything else. ERC-3525 (@solvprotocol/erc-3525) is built through contracts/peers/ERC3525Peer.sol;
// EAS has no wrapper, so its two deployable contracts are built straight from the package.
const EAS_PACKAGE = "@ethereum-attestation-service/eas-contracts";
const PEER_NPM_FILES = [`${EAS_PACKAGE}/contracts/SchemaRegistry.sol`, `${EAS_PACKAGE}/contracts/EAS.sol`];

// EAS 1.9.0 was written against OpenZeppelin 5.3.0 (its package.json pins it). With our
// OpenZeppelin 5.4.0 its SignatureChecker imports Bytes.sol, which uses MCOPY (post-London). So
// EAS's imports of @openzeppelin/contracts, and only EAS's, resolve to 5.3.0, installed under the
// npm alias @openzeppelin/contracts-eas; our own contracts keep 5.4.0. A remappings.txt only
// applies to the package it sits in and we cannot add one inside node_modules, so the remapping
// is supplied for that one package through Hardhat's readNpmPackageRemappings hook, as if the
// package had a remappings.txt at its root. (Hardhat marks that hook deprecated: if a release
// drops it, `tsc` fails on this plugin and solc refuses EAS's MCOPY for London, so the build
// fails loudly rather than drift. test/tooling/evm/peers.test.ts checks which OpenZeppelin each side got.)
const easOpenZeppelinRemapping: HardhatPlugin = {
  id: "consortium-chain-eas-openzeppelin-remapping",
  hookHandlers: {
    solidity: async () => ({
      default: async () => ({
        readNpmPackageRemappings: async (context, packageName, packageVersion, packagePath, next) => {
          const found = await next(context, packageName, packageVersion, packagePath);
          if (packageName !== EAS_PACKAGE) return found;
          return [
            { remappings: ["@openzeppelin/contracts/=node_modules/@openzeppelin/contracts-eas/"], source: path.join(packagePath, "remappings.txt") },
            ...found,
          ];
        },
      }),
    }),
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, easOpenZeppelinRemapping, keystorePasswordPlugin],
  tasks: [...deployTasks, ...accessTasks, ...tokenTasks, ...certificateTasks, ...energyTasks],
  solidity: {
    version: SOLC_VERSION,
    path: solcPath,
    npmFilesToBuild: PEER_NPM_FILES,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 200 },
    },
  },
  paths: {
    tests: { mocha: "test", solidity: "test/solidity" },
    ignition: "deploy",
  },
  typechain: { outDir: "typechain-types" },
  test: {
    // `npm run report` sets REPORT_MOCHA_JSON: mocha then also writes its results there as JSON.
    mocha: process.env.REPORT_MOCHA_JSON
      ? { reporter: require.resolve("./tooling/report/mocha-json-reporter.cjs") }
      : {},
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32, failOnRevert: false },
    },
  },
  networks: {
    // The in-process network: `default` is what tests, scripts and tasks get without
    // --network; `hardhat` is the same chain under the name users type.
    default: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: EVM_VERSION,
    },
    hardhat: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: EVM_VERSION,
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545",
    },
    // A company's Geth Clique network. Its accounts are every CLIQUE_PRIVATE_KEY and
    // CLIQUE_PRIVATE_KEY_<NAME> found in the environment or Hardhat's encrypted keystore
    // (`npx hardhat keystore set NAME`), plus CLIQUE_PRIVATE_KEYS (comma-separated); none at all is
    // fine for read-only tasks (lib/core/accounts.ts). Keys never live in the repository.
    clique: {
      type: "http",
      chainType: "l1",
      url: configVariable("CLIQUE_RPC_URL"),
      // When set, Hardhat refuses to talk to a node whose chain id differs.
      chainId: process.env.CLIQUE_CHAIN_ID ? Number(process.env.CLIQUE_CHAIN_ID) : undefined,
      accounts: await networkAccounts("clique"),
    },
  },
});
