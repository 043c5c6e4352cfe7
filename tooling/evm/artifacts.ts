/**
 * Reads the contract artifacts of `hardhat build` and checks each deployable one for London:
 * no post-London opcode (tooling/evm/london.ts) and no runtime code over the EIP-170 limit.
 *
 * Hardhat writes our contracts to artifacts/contracts/ and the npm files it is told to build
 * (`solidity.npmFilesToBuild`, the EAS benchmark peer) to artifacts/<package name>/. Both are
 * checked; build-info/ (compiler input and output) and test/ (the Solidity tests' own build,
 * never deployed) are not.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { findPostLondonOpcodes, type ForbiddenOpcode } from "./london.js";

/** Geth enforces EIP-170 like mainnet: runtime code above 24,576 bytes cannot be deployed. */
export const MAX_CODE_SIZE = 24_576;

/** Top-level folders of artifacts/ that hold no deployable contract artifact. */
const NOT_CONTRACTS = new Set(["build-info", "test"]);

export interface ArtifactCheck {
  /** `sourceName:contractName`, e.g. `contracts/token/SettlementToken.sol:SettlementToken`. */
  contract: string;
  /** Runtime (deployed) code size in bytes. */
  bytes: number;
  forbidden: ForbiddenOpcode[];
}

async function* jsonFiles(dir: string, top: boolean): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (top && NOT_CONTRACTS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsonFiles(full, false);
    else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) yield full;
  }
}

/**
 * Every contract artifact under `artifactsDir` that has runtime code (interfaces and abstract
 * contracts have none), sorted by name. Throws if the folder cannot be read.
 */
export async function checkArtifacts(artifactsDir = "artifacts"): Promise<ArtifactCheck[]> {
  const results: ArtifactCheck[] = [];
  for await (const file of jsonFiles(artifactsDir, true)) {
    const artifact = JSON.parse(await readFile(file, "utf8"));
    const code: unknown = artifact.deployedBytecode;
    if (typeof code !== "string" || code === "0x" || code === "") continue;
    results.push({ contract: `${artifact.sourceName}:${artifact.contractName}`, bytes: (code.length - 2) / 2, forbidden: findPostLondonOpcodes(code) });
  }
  return results.sort((a, b) => a.contract.localeCompare(b.contract));
}

/** True when the contract cannot run on a London chain as built. */
export function failsLondon(r: ArtifactCheck): boolean {
  return r.forbidden.length > 0 || r.bytes > MAX_CODE_SIZE;
}
