import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { accessTasks } from "./tasks/access.js";
import { tokenTasks } from "./tasks/token.js";

const require = createRequire(import.meta.url);

// solc comes from the npm `solc` package so that builds never download a compiler.
// The version string must match the package version exactly.
const SOLC_VERSION = "0.8.28";
const solcPath = require.resolve("solc/soljson.js");

// Geth Clique chains stop at London: no PUSH0, MCOPY or transient storage.
const EVM_VERSION = "london";

const cliqueAccounts = process.env.CLIQUE_PRIVATE_KEY
  ? [configVariable("CLIQUE_PRIVATE_KEY")]
  : [];

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: [...accessTasks, ...tokenTasks],
  solidity: {
    version: SOLC_VERSION,
    path: solcPath,
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
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32, failOnRevert: false },
    },
  },
  networks: {
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
    clique: {
      type: "http",
      chainType: "l1",
      url: configVariable("CLIQUE_RPC_URL"),
      chainId: process.env.CLIQUE_CHAIN_ID ? Number(process.env.CLIQUE_CHAIN_ID) : undefined,
      accounts: cliqueAccounts,
    },
  },
});
