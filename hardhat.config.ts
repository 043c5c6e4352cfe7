import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { accessTasks } from "./tasks/access.js";
import { tokenTasks } from "./tasks/token.js";
import { deployTasks } from "./tasks/deploy.js";
import { certificateTasks } from "./tasks/certificates.js";
import { nodeTasks } from "./tasks/nodes.js";

const require = createRequire(import.meta.url);

// solc comes from the npm `solc` package so that builds never download a compiler.
// The version string must match the package version exactly.
const SOLC_VERSION = "0.8.29";
const solcPath = require.resolve("solc/soljson.js");

// Geth Clique chains stop at London: no PUSH0, MCOPY or transient storage.
const EVM_VERSION = "london";


export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: [...deployTasks, ...accessTasks, ...tokenTasks, ...certificateTasks, ...nodeTasks],
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
    // `npm run report` sets REPORT_MOCHA_JSON: mocha then also writes its results there as JSON.
    mocha: process.env.REPORT_MOCHA_JSON
      ? { reporter: require.resolve("./lib/report/mocha-json-reporter.cjs") }
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
    // A company's Geth Clique network. Configuration variables resolve lazily, only when this
    // network is used, from Hardhat's encrypted keystore (`npx hardhat keystore set NAME`) or
    // the environment. The key never lives in the repository.
    clique: {
      type: "http",
      chainType: "l1",
      url: configVariable("CLIQUE_RPC_URL"),
      // When set, Hardhat refuses to talk to a node whose chain id differs.
      chainId: process.env.CLIQUE_CHAIN_ID ? Number(process.env.CLIQUE_CHAIN_ID) : undefined,
      accounts: [configVariable("CLIQUE_PRIVATE_KEY")],
    },
  },
});
