import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import cliProgress from "cli-progress";
import { keccak256 } from "ethers";
import { connect } from "../../lib/core/context.js";
import { runAction, UserError } from "../../lib/core/errors.js";
import { print, printJson } from "../../lib/core/output.js";
import {
  BatchInputError,
  buildMerkleBatch,
  encodeBatchTerms,
  encodeTerms,
  formatProblem,
  merkleReceipt,
  prepare,
  receiptOf,
  recordsFromCsv,
  recordsFromJson,
  type PreparedCertificate,
} from "../../lib/certificates/index.js";
import { loadType, requireIssuerKey } from "../../lib/certificates/tasks.js";
import { PRIVATE_FILE_MODE, writeJsonFile } from "../../lib/core/files.js";
import { resolveRegistry } from "../../lib/certificates/deployment.js";
import { CertError } from "../../lib/certificates/errors.js";
import { CoreError } from "../../lib/core/error-codes.js";

interface Args {
  type: string;
  file: string;
  out: string;
  mode: string;
  chunk: string;
  registry: string;
  from: string;
  confirmations: string;
  json: boolean;
}

const STATE_FORMAT = "consortium-certificate-batch/v1";

/** What is kept on disk before anything is sent, so that a re-run issues nothing twice. */
interface BatchState {
  format: typeof STATE_FORMAT;
  chainId: number;
  registry: string;
  typeId: number;
  mode: "merkle" | "list";
  chunk: number;
  input: { file: string; keccak256: string };
  root: string | null;
  certificates: PreparedCertificate[];
}

function bar(total: number, label: string, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { increment: (_n?: number) => {}, stop: () => {} };
  const b = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, 0);
  return { increment: (n = 1) => b.increment(n), stop: () => b.stop() };
}

async function batchIssueCertificates(args: Args, hre: HardhatRuntimeEnvironment) {
  const file = args.file.trim();
  if (!file) throw new UserError(CoreError.MISSING_INPUT, "--file is required (a .csv or .json batch)");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(CoreError.INVALID_FILE, `--file: cannot read ${file}`);
  }
  const mode = (args.mode.trim() || "merkle").toLowerCase();
  if (mode !== "merkle" && mode !== "list") throw new UserError(CoreError.INVALID_OPTION, `--mode "${args.mode}": use merkle (one root) or list (one record each)`);
  const chunk = args.chunk.trim() ? Number(args.chunk) : 200;
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 1000) throw new UserError(CoreError.INVALID_OPTION, `--chunk "${args.chunk}" must be 1..1000 certificates per transaction`);
  const outDir = args.out.trim() || path.join("receipts", path.basename(file).replace(/\.[^.]+$/, ""));
  const statePath = path.join(outDir, "batch.json");

  const ctx = await connect(hre, args);
  const registry = await resolveRegistry(ctx, args.registry);
  const registryAddress = await registry.getAddress();
  const type = await loadType(registry, args.type);
  const inputHash = keccak256(Buffer.from(text, "utf8"));

  // 1. The prepared batch: from a previous run in this folder, or validated and prepared now.
  let state: BatchState;
  let resumed = false;
  if (existsSync(statePath)) {
    state = JSON.parse(await readFile(statePath, "utf8")) as BatchState;
    const same =
      state.format === STATE_FORMAT &&
      state.chainId === ctx.chainId &&
      state.registry === registryAddress &&
      state.typeId === type.typeId &&
      state.mode === mode &&
      state.input.keccak256 === inputHash;
    if (!same) {
      throw new UserError(CertError.BATCH_MISMATCH, `${statePath} holds another batch (other input, type, mode, registry or chain); use another --out`);
    }
    resumed = true;
  } else {
    const now = (await ctx.ethers.provider.getBlock("latest"))!.timestamp;
    let parsed;
    try {
      parsed = file.toLowerCase().endsWith(".csv")
        ? recordsFromCsv(text, type, now)
        : recordsFromJson(JSON.parse(text), type, now);
    } catch (e) {
      if (e instanceof BatchInputError) throw new UserError(CertError.INVALID_DOCUMENT, `${file}: ${e.message}`);
      throw new UserError(CertError.INVALID_DOCUMENT, `${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    if (parsed.problems.length > 0) {
      await writeJsonFile(path.join(outDir, "problems.json"), parsed.problems);
      const shown = parsed.problems.slice(0, 3).map(formatProblem).join("; ");
      throw new UserError(CertError.INVALID_DOCUMENT,
        `${file}: ${parsed.problems.length} problem(s), nothing was sent: ${shown}${parsed.problems.length > 3 ? "; ..." : ""} (all in ${path.join(outDir, "problems.json")})`,
      );
    }
    state = {
      format: STATE_FORMAT,
      chainId: ctx.chainId,
      registry: registryAddress,
      typeId: type.typeId,
      mode,
      chunk,
      input: { file: path.basename(file), keccak256: inputHash },
      root: null,
      certificates: prepare(type.typeId, parsed.inputs),
    };
  }

  // 2. Checks before any transaction.
  const signer = await ctx.signer();
  const member = await requireIssuerKey(registry, signer.address, { typeId: type.typeId });
  const r = registry.connect(signer);
  // Receipts name the issuing member: the verifier holds the chain to it.
  const ctxType = { chainId: ctx.chainId, registry: registryAddress, type: { id: type.typeId, name: type.name }, member };
  const txs: string[] = [];
  const receiptsDir = path.join(outDir, "receipts");
  await mkdir(receiptsDir, { recursive: true });
  const writeReceipt = (id: string, value: unknown) =>
    writeFile(path.join(receiptsDir, `${id}.json`), JSON.stringify(value, null, 2) + "\n", { mode: PRIVATE_FILE_MODE });
  let alreadyOnChain = 0;
  let issuedNow = 0;

  if (mode === "merkle") {
    const batch = buildMerkleBatch(type.typeId, state.certificates);
    state.root = batch.root;
    await writeJsonFile(statePath, state); // saved before sending
    if ((await registry.batchOf(batch.root)) !== 0n) {
      alreadyOnChain = batch.count;
    } else {
      const terms = encodeBatchTerms(type.typeId, batch.count);
      await r.issueMerkle.staticCall(batch.root, terms);
      txs.push((await ctx.wait(r.issueMerkle(batch.root, terms))).hash);
      issuedNow = batch.count;
    }
    const progress = bar(batch.count, "receipts", args.json);
    for (let i = 0; i < batch.count; i++) {
      const c = batch.certificates[i];
      await writeReceipt(c.id, merkleReceipt(batch, i, ctxType));
      progress.increment();
    }
    progress.stop();
  } else {
    await writeJsonFile(statePath, state);
    // Chunks share type and dates; the grouping is deterministic, so a re-run sees the same chunks.
    const groups = new Map<string, PreparedCertificate[]>();
    for (const c of state.certificates) {
      const key = `${c.validFrom}:${c.validUntil}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const progress = bar(state.certificates.length, "issued", args.json);
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += state.chunk) {
        const part = group.slice(i, i + state.chunk);
        const landed = await Promise.all(part.map(async (c) => (await registry.recordOf(c.id)) !== 0n));
        const missing = part.filter((_, k) => !landed[k]);
        alreadyOnChain += part.length - missing.length;
        if (missing.length > 0) {
          const terms = encodeTerms({ typeId: type.typeId, validFrom: part[0].validFrom, validUntil: part[0].validUntil });
          const ids = missing.map((c) => c.id);
          await r.issueList.staticCall(ids, terms);
          txs.push((await ctx.wait(r.issueList(ids, terms))).hash);
          issuedNow += ids.length;
        }
        for (const c of part) await writeReceipt(c.id, receiptOf(c, ctxType));
        progress.increment(part.length);
      }
    }
    progress.stop();
  }

  const out = {
    mode,
    type: type.typeId,
    count: state.certificates.length,
    issuedNow,
    alreadyOnChain,
    resumed,
    root: state.root,
    receipts: receiptsDir,
    transactions: txs,
  };
  if (args.json) printJson(out);
  else {
    print(`${mode === "merkle" ? `Merkle batch ${state.root}` : "list batch"}: ${out.count} certificates of type ${type.typeId} "${type.name}"`);
    print(`issued now: ${issuedNow}; already on chain: ${alreadyOnChain}${resumed ? " (resumed from " + statePath + ")" : ""}`);
    print(`receipts in ${out.receipts} (they hold personal data: deliver each to its holder privately)`);
    for (const t of txs) print(`tx ${t}`);
  }
  return out;
}

export default runAction(batchIssueCertificates);
