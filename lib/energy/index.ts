/**
 * The energy market's TypeScript core: meter readings (EIP-712, batches, files, the time grid),
 * the sample generator, and the submission journal of market:readings:submit. Tasks and scripts
 * only parse, call these and print.
 */
export * from "./readings.js";
export * from "./sample.js";
export * from "./submission.js";
