/**
 * The certificate system's TypeScript core: canonical documents and ids, packed words,
 * Merkle batches, receipts, EIP-712 messages, encryption of details and a verifier that works
 * with any ethers provider. Tasks and scripts only parse, call these and print.
 */
export * from "./keccak.js";
export * from "./codec.js";
export * from "./canonical.js";
export * from "./merkle.js";
export * from "./documents.js";
export * from "./receipts.js";
export * from "./eip712.js";
export * from "./encryption.js";
export * from "./verifier.js";
export * from "./qr.js";
