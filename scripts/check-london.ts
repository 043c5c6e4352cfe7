/**
 * Checks that every compiled contract's deployed bytecode runs on a London chain: no PUSH0,
 * MCOPY, TLOAD or TSTORE, and no runtime code over the EIP-170 size limit. Reads the
 * artifacts of `hardhat build`. (test/evm/london.test.ts checks code deployed on a chain.)
 *
 *   npx tsx scripts/check-london.ts [--json]
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { findPostLondonOpcodes } from "../lib/evm/london.js";

async function* artifactFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* artifactFiles(full);
    else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json") && !full.includes("build-info")) yield full;
  }
}

const json = process.argv.includes("--json");
const results: { contract: string; bytes: number; forbidden: { offset: number; opcode: string }[] }[] = [];
try {
  for await (const file of artifactFiles("artifacts/contracts")) {
    const artifact = JSON.parse(await readFile(file, "utf8"));
    const code: string | undefined = artifact.deployedBytecode;
    if (!code || code === "0x") continue; // interfaces and libraries without code
    results.push({ contract: artifact.sourceName + ":" + artifact.contractName, bytes: (code.length - 2) / 2, forbidden: findPostLondonOpcodes(code) });
  }
} catch (e) {
  console.error(`error: cannot read artifacts/contracts (${(e as Error).message}); run \`npx hardhat build\` first`);
  process.exit(1);
}
if (results.length === 0) {
  console.error("error: no compiled contracts found in artifacts/contracts; run `npx hardhat build` first");
  process.exit(1);
}
// Geth enforces EIP-170 like mainnet: runtime code above 24,576 bytes cannot be deployed.
const MAX_CODE_SIZE = 24_576;
const bad = results.filter((r) => r.forbidden.length > 0 || r.bytes > MAX_CODE_SIZE);
if (json) {
  console.log(JSON.stringify({ checked: results.length, compatible: bad.length === 0, contracts: results }, null, 2));
} else {
  for (const r of results) {
    const problems = r.forbidden.map((f) => `${f.opcode}@${f.offset}`);
    if (r.bytes > MAX_CODE_SIZE) problems.push(`over EIP-170 limit of ${MAX_CODE_SIZE} bytes`);
    const verdict = problems.length === 0 ? "ok" : `FAIL ${problems.join(", ")}`;
    console.log(`${r.contract.padEnd(70)} ${String(r.bytes).padStart(6)} bytes  ${verdict}`);
  }
  console.log(`\n${results.length} contracts checked, ${bad.length} with post-London opcodes or over the size limit`);
}
process.exitCode = bad.length === 0 ? 0 : 1;
