/**
 * Checks that every compiled contract's deployed bytecode runs on a London chain: no PUSH0,
 * MCOPY, TLOAD or TSTORE, and no runtime code over the EIP-170 size limit. Reads the
 * artifacts of `hardhat build`: our contracts (artifacts/contracts/) and the benchmark peers
 * built from npm sources (artifacts/<package>/, e.g. EAS). (test/tooling/evm/london.test.ts checks code
 * deployed on a chain.)
 *
 *   npx tsx scripts/check-london.ts [--json]
 */
import { checkArtifacts, failsLondon, MAX_CODE_SIZE, type ArtifactCheck } from "../tooling/evm/artifacts.js";

const json = process.argv.includes("--json");
let results: ArtifactCheck[];
try {
  results = await checkArtifacts("artifacts");
} catch (e) {
  console.error(`error: cannot read artifacts (${(e as Error).message}); run \`npx hardhat build\` first`);
  process.exit(1);
}
if (results.length === 0) {
  console.error("error: no compiled contracts found in artifacts; run `npx hardhat build` first");
  process.exit(1);
}
const bad = results.filter(failsLondon);
if (json) {
  console.log(JSON.stringify({ checked: results.length, compatible: bad.length === 0, contracts: results }, null, 2));
} else {
  for (const r of results) {
    const problems = r.forbidden.map((f) => `${f.opcode}@${f.offset}`);
    if (r.bytes > MAX_CODE_SIZE) problems.push(`over EIP-170 limit of ${MAX_CODE_SIZE} bytes`);
    const verdict = problems.length === 0 ? "ok" : `FAIL ${problems.join(", ")}`;
    console.log(`${r.contract.padEnd(88)} ${String(r.bytes).padStart(6)} bytes  ${verdict}`);
  }
  console.log(`\n${results.length} contracts checked, ${bad.length} with post-London opcodes or over the size limit`);
}
process.exitCode = bad.length === 0 ? 0 : 1;
