export * from "./genesis.js";
export * from "./geth.js";
export * from "./network.js";
export * from "./anvil.js";
export {
  isPidAlive,
  terminatePid,
  waitFor,
  withTimeout,
  sleep,
} from "./proc.js";
