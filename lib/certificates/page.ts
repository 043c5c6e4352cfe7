/**
 * What the verification page (web/verify/) computes besides the verifier itself, kept here so
 * that the cert:page task and the mocha tests use the same code as the bundled page: the page's
 * config.json, a receipt checked against a document file given apart, the link to another
 * certificate (a successor), and which JSON-RPC calls the page may make. Runs in a browser:
 * nothing of Node here.
 */
import { z } from "zod";
import { getAddress, Interface } from "ethers";
import { RESERVED_COLUMNS, type Fields } from "./canonical.js";
import { encodeQrPayload } from "./qr.js";
import { REGISTRY_VIEW_ABI } from "./verifier.js";
import type { CertificateReceipt } from "./receipts.js";

export const PAGE_CONFIG_FORMAT = "consortium-verify-page/v1";

/** config.json next to index.html: the chain the page checks against, and names to show. */
export interface PageConfig {
  format: typeof PAGE_CONFIG_FORMAT;
  chainId: number;
  registry: string;
  /** The read-only JSON-RPC URL the page calls (the link's ?rpc= or the user's entry wins). */
  rpc: string;
  /** Member id -> name, as the Consortium holds them. */
  members: Record<string, string>;
  /** Type id -> name, as the registry holds them. */
  types: Record<string, string>;
  /** The block the names were read at. */
  block?: number;
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address");
const ids = z.record(z.string().regex(/^\d+$/, "keys must be ids"), z.string());

export const pageConfigSchema = z.object({
  format: z.literal(PAGE_CONFIG_FORMAT),
  chainId: z.number().int().positive(),
  registry: address,
  rpc: z.string().regex(/^https?:\/\/\S+$/, "must be an http(s) URL"),
  members: ids,
  types: ids,
  block: z.number().int().min(0).optional(),
});

/** Parses a page config, throwing one line that names the first wrong field. */
export function parsePageConfig(value: unknown): PageConfig {
  const r = pageConfigSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`not a verification page config: ${issue.path.join(".") || "(root)"} ${issue.message}`);
  }
  return { ...r.data, registry: getAddress(r.data.registry) } as PageConfig;
}

/**
 * The receipt with its document (and holder id, when the file has one) taken from a document
 * file given apart — the paper's own data, checked against the receipt's salts. The file is an
 * issue input (examples/certificates/diploma.json): the type's fields plus reserved columns.
 */
export function withDocument(receipt: CertificateReceipt, file: unknown): CertificateReceipt {
  if (typeof file !== "object" || file === null || Array.isArray(file)) throw new Error("the document file is not a JSON object");
  const fields: Fields = {};
  for (const [k, v] of Object.entries(file as Record<string, unknown>)) {
    if ((RESERVED_COLUMNS as readonly string[]).includes(k)) continue;
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw new Error(`the document file's field "${k}" is not a string, number or boolean`);
    fields[k] = v;
  }
  const holderId = (file as { holderId?: unknown }).holderId;
  const holder = typeof holderId === "string" ? { ...receipt.holder, id: holderId } : receipt.holder;
  return { ...receipt, document: fields, holder };
}

/** The page fragment that verifies another certificate of the same registry (a successor). */
export function certificateFragment(chainId: number, registry: string, certificateId: string): string {
  return "#" + encodeQrPayload({ chainId, registry, certificateId, batch: null });
}

/** The JSON-RPC methods the page may call: none takes a document, a salt or a holder block. */
export const PAGE_RPC_METHODS = ["eth_chainId", "eth_call", "eth_getLogs", "eth_blockNumber"] as const;

/** The registry views the page's eth_calls may reach. */
export const PAGE_REGISTRY_CALLS = ["verify", "verifyReceipt", "recordOf", "batchOf", "successorOf", "getType"] as const;

// Built on first use: the page loads this module on every visit but never calls describePageCall.
let registryView: Interface | undefined;

/**
 * What one JSON-RPC request of the page sends, as the privacy rule reads it: the method and,
 * for an eth_call, the registry view and its arguments (hex strings and numbers only).
 * Throws when the call is not one the page may make.
 */
export function describePageCall(method: string, params: unknown[]): { method: string; call?: string; args?: unknown[] } {
  if (!(PAGE_RPC_METHODS as readonly string[]).includes(method)) throw new Error(`the page may not call ${method}`);
  if (method !== "eth_call") return { method };
  const tx = params[0] as { data?: string; input?: string };
  registryView ??= new Interface(REGISTRY_VIEW_ABI);
  const parsed = registryView.parseTransaction({ data: tx.data ?? tx.input ?? "0x" });
  if (!parsed || !(PAGE_REGISTRY_CALLS as readonly string[]).includes(parsed.name)) throw new Error(`the page may not call ${parsed?.name ?? "an unknown function"}`);
  const plain = (v: unknown): unknown => (typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(plain) : v);
  return { method, call: parsed.name, args: plain(parsed.args.toArray(true)) as unknown[] };
}

/** What a page config is read from: the registry's types and the consortium's members. */
export interface PageSource {
  chainId: number;
  registry: string;
  rpc: string;
  block: number;
  typeNames: string[];
  members: { id: number; name: string }[];
}

/** The config.json of a page for this chain (type ids from 1, in the registry's order). */
export function pageConfigOf(s: PageSource): PageConfig {
  return parsePageConfig({
    format: PAGE_CONFIG_FORMAT,
    chainId: s.chainId,
    registry: s.registry,
    rpc: s.rpc,
    members: Object.fromEntries(s.members.map((m) => [String(m.id), m.name])),
    types: Object.fromEntries(s.typeNames.map((name, i) => [String(i + 1), name])),
    block: s.block,
  });
}
