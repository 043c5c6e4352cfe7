import { AbiCoder, getAddress, id as keccakId, isHexString } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ArtifactManager } from "hardhat/types/artifacts";
import type { Result } from "hardhat/types/utils";
import { printError } from "./output.js";
import { CoreError } from "./error-codes.js";

/** What a refusal is about, for machines: the option, the value, the member... */
export type ErrorFields = Record<string, string | number | boolean | null>;

/**
 * A problem with what the user asked for (bad input, missing permission, wrong network...).
 * Its message is shown as is, on one line, and nothing is sent to the chain. `code` is stable
 * (lib/core/error-codes.ts and each system's lib/<system>/errors.ts); `fields` name what was
 * refused. Tests and scripts key on these; the message is for people.
 */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    readonly code: string,
    message: string,
    readonly fields: ErrorFields = {},
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Custom error catalog

interface AbiParam {
  name?: string;
  type: string;
  internalType?: string;
  components?: AbiParam[];
}

interface AbiErrorEntry {
  type: string;
  name?: string;
  inputs?: AbiParam[];
}

export interface DecodedError {
  name: string;
  args: Array<{ name: string; value: string }>;
  /** `Name(arg=value, ...)` */
  text: string;
}

// What each system teaches the decoder (lib/<system>/errors.ts registers its own): the names of
// its enums' members, and how to show arguments its errors carry in a packed form (role ids...).
// lib/core knows no system: a new one registers here without touching this file.
const ENUMS = new Map<string, readonly string[]>();
const RENDERERS: ValueRenderer[] = [];

/** How to show one kind of argument, matched by its ABI type and name. */
export interface ValueRenderer {
  type: string;
  name: RegExp;
  render(value: unknown): string;
}

/**
 * Names the members of a system's Solidity enums, in declaration order, by the name the ABI's
 * internalType gives (`enum IConsortium.MemberStatus`): qualified ("IConsortium.MemberStatus")
 * or bare ("MemberStatus", which then applies wherever that enum name appears). A name
 * registered twice must list the same members: two systems cannot give one name two meanings,
 * so a generic name such as `Status` is registered qualified.
 */
export function registerEnums(enums: Record<string, readonly string[]>): void {
  for (const [name, members] of Object.entries(enums)) {
    const known = ENUMS.get(name);
    if (known && known.join() !== members.join()) throw new Error(`enum ${name} is already registered with other members`);
    ENUMS.set(name, members);
  }
}

/** Renders arguments of this type and name with `render` (e.g. `uint8 role` by its role name). */
export function registerValueRenderer(renderer: ValueRenderer): void {
  RENDERERS.push(renderer);
}

const PANIC_CODES: Record<number, string> = {
  0x00: "generic compiler panic",
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "corrupt storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

const coder = AbiCoder.defaultAbiCoder();

function canonicalType(p: AbiParam): string {
  if (p.type.startsWith("tuple")) {
    return `(${(p.components ?? []).map(canonicalType).join(",")})${p.type.slice(5)}`;
  }
  return p.type;
}

/** Knows every custom error of the project's contracts, by selector. */
export class ErrorCatalog {
  readonly #bySelector = new Map<string, AbiErrorEntry>();
  readonly #functions = new Map<string, AbiErrorEntry>();

  constructor(abis: Iterable<readonly unknown[]>) {
    for (const abi of abis) {
      for (const entry of abi as AbiErrorEntry[]) {
        if ((entry.type !== "error" && entry.type !== "function") || !entry.name) continue;
        const signature = `${entry.name}(${(entry.inputs ?? []).map(canonicalType).join(",")})`;
        const selector = keccakId(signature).slice(0, 10);
        const map = entry.type === "error" ? this.#bySelector : this.#functions;
        if (!map.has(selector)) map.set(selector, entry);
      }
    }
  }

  /** Renders calldata of any project function as `name(arg=value, ...)`, if known. */
  decodeCall(data: string): string | undefined {
    if (!isHexString(data) || data.length < 10) return undefined;
    const entry = this.#functions.get(data.slice(0, 10).toLowerCase());
    if (!entry) return undefined;
    const inputs = entry.inputs ?? [];
    try {
      const values = [...coder.decode(inputs.map(canonicalType), "0x" + data.slice(10))];
      return make(entry.name!, inputs.map((p, i) => ({ name: p.name || `arg${i}`, value: this.renderValue(p, values[i]) }))).text;
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.#bySelector.size;
  }

  /** Decodes revert data; undefined when it is empty or not ours (or Error/Panic). */
  decode(data: string): DecodedError | undefined {
    if (!isHexString(data) || data.length < 10) return undefined;
    const selector = data.slice(0, 10).toLowerCase();
    const body = "0x" + data.slice(10);
    if (selector === "0x08c379a0") {
      try {
        const [message] = coder.decode(["string"], body);
        return make("Error", [{ name: "message", value: JSON.stringify(message) }]);
      } catch {
        return undefined;
      }
    }
    if (selector === "0x4e487b71") {
      try {
        const [code] = coder.decode(["uint256"], body);
        const n = Number(code);
        const hex = "0x" + n.toString(16).padStart(2, "0");
        return make("Panic", [{ name: "code", value: `${hex} (${PANIC_CODES[n] ?? "unknown panic"})` }]);
      } catch {
        return undefined;
      }
    }
    const entry = this.#bySelector.get(selector);
    if (!entry) return undefined;
    const inputs = entry.inputs ?? [];
    let values: unknown[];
    try {
      values = [...coder.decode(inputs.map(canonicalType), body)];
    } catch {
      return undefined;
    }
    return make(
      entry.name!,
      inputs.map((p, i) => ({ name: p.name || `arg${i}`, value: this.renderValue(p, values[i]) })),
    );
  }

  /** Renders one decoded argument: registered enums and renderers by name, nested revert reasons decoded. */
  renderValue(p: AbiParam, v: unknown): string {
    const qualified = p.internalType?.startsWith("enum ") ? p.internalType.slice(5) : undefined;
    const members = qualified ? (ENUMS.get(qualified) ?? ENUMS.get(qualified.split(".").pop()!)) : undefined;
    if (members) return members[Number(v)] ?? String(v);
    const renderer = RENDERERS.find((r) => r.type === p.type && r.name.test(p.name ?? ""));
    if (renderer) return renderer.render(v);
    if (p.type === "address") return getAddress(String(v));
    if (p.type === "string") return JSON.stringify(v);
    if (p.type === "bytes") {
      const hex = String(v);
      if (hex === "0x") return "empty";
      const inner = this.decode(hex);
      if (inner) return inner.text;
      return `${(hex.length - 2) / 2} bytes`;
    }
    if (p.type === "bool") return String(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.renderValue({ ...p, type: p.type.replace(/\[\d*\]$/, "") }, x)).join(", ")}]`;
    return String(v);
  }
}

function make(name: string, args: DecodedError["args"]): DecodedError {
  return { name, args, text: `${name}(${args.map((a) => `${a.name}=${a.value}`).join(", ")})` };
}

const catalogs = new WeakMap<object, Promise<ErrorCatalog>>();

/** The error catalog of every artifact of the project (loaded once per artifact manager). */
export function loadErrorCatalog(artifacts: ArtifactManager): Promise<ErrorCatalog> {
  let p = catalogs.get(artifacts);
  if (!p) {
    p = (async () => {
      const names = await artifacts.getAllFullyQualifiedNames();
      const abis = await Promise.all([...names].map(async (n) => (await artifacts.readArtifact(n)).abi));
      return new ErrorCatalog(abis);
    })();
    p.catch(() => catalogs.delete(artifacts)); // a failed load (e.g. during a rebuild) is retried
    catalogs.set(artifacts, p);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Finding revert data in whatever an ethers / Hardhat / provider error looks like

/** Every hex string that could be revert data, found in an error object tree. */
export function revertDataCandidates(e: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (x: unknown, depth: number) => {
    if (x === null || x === undefined || depth > 6 || seen.has(x)) return;
    if (typeof x === "string") {
      if (isHexString(x) && x.length >= 10 && (x.length - 10) % 64 === 0) out.push(x);
      return;
    }
    if (typeof x !== "object") return;
    seen.add(x);
    const o = x as Record<string, unknown>;
    for (const key of ["data", "error", "cause", "info", "revert", "returnData", "innerError", "payload"]) {
      if (key in o) visit(o[key], depth + 1);
    }
    if (typeof o.message === "string") {
      for (const m of o.message.matchAll(/0x[0-9a-fA-F]{8}(?:[0-9a-fA-F]{64})*(?![0-9a-fA-F])/g)) out.push(m[0]);
    }
  };
  visit(e, 0);
  return out;
}

/** The decoded revert of an error thrown by a call or transaction, if it carries one we know. */
export function decodeRevert(catalog: ErrorCatalog, e: unknown): DecodedError | undefined {
  for (const data of revertDataCandidates(e)) {
    const d = catalog.decode(data);
    if (d) return d;
  }
  return undefined;
}

function unknownSelector(e: unknown): string | undefined {
  for (const data of revertDataCandidates(e)) if (data.length >= 10) return data.slice(0, 10);
  return undefined;
}

/** First meaningful line of an arbitrary error, whitespace collapsed. */
export function firstLine(e: unknown): string {
  if (e instanceof Error || (typeof e === "object" && e !== null && "message" in e)) {
    const o = e as { shortMessage?: unknown; message?: unknown };
    const msg = typeof o.shortMessage === "string" && o.shortMessage ? o.shortMessage : String(o.message ?? "");
    const line = msg.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
    return line.replace(/\s+/g, " ") || String(e);
  }
  return String(e).split("\n")[0]!;
}

/** A failure as tasks report it: one line for people, a stable code and fields for machines. */
export interface Failure {
  message: string;
  code: string;
  fields: ErrorFields;
}

/**
 * Describes an error for the user: UserError as is, a revert as
 * `reverted with Name(arg=value, ...)` (code REVERTED), anything else as its first line (FAILED).
 */
export async function describeFailure(e: unknown, artifacts?: ArtifactManager): Promise<Failure> {
  if (e instanceof UserError) return { message: e.message, code: e.code, fields: e.fields };
  if (artifacts) {
    try {
      const catalog = await loadErrorCatalog(artifacts);
      const decoded = decodeRevert(catalog, e);
      if (decoded) {
        const fields: ErrorFields = { error: decoded.name };
        for (const a of decoded.args) fields[a.name] = a.value;
        return { message: `reverted with ${decoded.text}`, code: CoreError.REVERTED, fields };
      }
    } catch {
      /* artifacts unavailable: fall through */
    }
  }
  const code = (e as { code?: unknown })?.code;
  if (code === "CALL_EXCEPTION") {
    const sel = unknownSelector(e);
    const message = sel ? `reverted with an unknown custom error (selector ${sel})` : "reverted without a reason";
    return { message, code: CoreError.REVERTED, fields: sel ? { selector: sel } : {} };
  }
  const text = firstLine(e).replace(/^HHE\d+: /, "");
  if (/ECONNREFUSED|fetch failed|Cannot connect to the network/i.test(text)) {
    return { message: `cannot reach the node: ${text}`, code: CoreError.NODE_UNREACHABLE, fields: {} };
  }
  return { message: text, code: CoreError.FAILED, fields: {} };
}

/** The one line describing an error for the user (see describeFailure). */
export async function describeError(e: unknown, artifacts?: ArtifactManager): Promise<string> {
  return (await describeFailure(e, artifacts)).message;
}

// ---------------------------------------------------------------------------------------------
// Task action wrapper

/** A task's result; a failure also carries its stable code and fields (see Failure). */
export type ActionResult<T> = Result<T, string> & ({ success: true } | { success: false; code: string; fields: ErrorFields });

/**
 * Wraps a task action: whatever goes wrong becomes ONE line `error: ...` on stderr and a failed
 * Result, which makes the Hardhat 3 CLI exit with code 1 (a thrown error would instead print
 * "An unexpected error occurred:" plus a stack trace). With --json the line is
 * `error: {"code":...,"message":...,"fields":{...}}`, still one line, so stdout stays JSON only.
 * With --show-stack-traces given on the command line the stack follows the line. In-process
 * callers (`hre.tasks.getTask(..).run()`) get the Result back, code and fields included.
 * The wrapper keeps the action's name, so a named action stays named.
 */
export function runAction<A, T>(
  action: (args: A, hre: HardhatRuntimeEnvironment) => Promise<T>,
): (args: A, hre: HardhatRuntimeEnvironment) => Promise<ActionResult<T>> {
  const wrapped = async (args: A, hre: HardhatRuntimeEnvironment): Promise<ActionResult<T>> => {
    try {
      return { success: true, value: await action(args, hre) };
    } catch (e) {
      const { message, code, fields } = await describeFailure(e, hre.artifacts);
      const json = (args as { json?: unknown } | undefined)?.json === true;
      printError(`error: ${json ? JSON.stringify({ code, message, fields }) : message}`);
      // Only when asked on the command line: Hardhat turns showStackTraces on by itself on CI.
      if (process.argv.includes("--show-stack-traces") && e instanceof Error && e.stack) printError(e.stack);
      return { success: false, error: message, code, fields };
    }
  };
  Object.defineProperty(wrapped, "name", { value: action.name });
  return wrapped;
}
