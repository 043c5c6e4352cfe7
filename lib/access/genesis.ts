import { readFile } from "node:fs/promises";
import { getAddress, toUtf8Bytes, ZeroAddress } from "ethers";
import { z } from "zod";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import { parseRole, ROLES, roleName } from "./roles.js";
import { UserError } from "../core/errors.js";
import { addressProblem, DURATION_EXAMPLES, parseBps, parseDuration } from "../core/parse.js";
import type {
  ConsortiumModuleParameters,
  GenesisGrant,
  GenesisMember,
  GenesisNode,
} from "./deployment.js";
import { CONSORTIUM_MODULE_ID } from "./deployment.js";
import { DEFAULT_TIME_GRID } from "../energy/deployment.js";
import type { TimeGrid } from "../energy/readings.js";
import { CoreError } from "../core/error-codes.js";

/**
 * Human-readable genesis files (deploy/parameters/<network>.json) → Ignition parameters of the
 * "Consortium" module. Everything Consortium's constructor would refuse is refused here first,
 * with ONE line naming the file, the field and the problem:
 *
 *   deploy/parameters/x.json: members[1].admins[0]: "0x12" is not an address
 */

// Limits mirrored from contracts/access/Consortium.sol.
export const LIMITS = {
  MAX_ACCOUNTS_PER_MEMBER: 32,
  MAX_NODES_PER_MEMBER: 4,
  MAX_GENESIS_ACCOUNTS: 64,
  MAX_WEIGHT: 1_000_000,
  MAX_NAME_LENGTH: 64,
  MAX_PERIOD: 365 * 24 * 3600,
  BPS: 10_000,
} as const;

export const DEFAULT_TOKEN = { name: "Consortium Yuan", symbol: "CNYC" } as const;

export const ENODE_RE = /^enode:\/\/[0-9a-fA-F]{128}@.+$/;

/** The checks Consortium._checkAdmitNode applies to an enode URL. */
export function enodeProblem(enode: string): string | undefined {
  const len = toUtf8Bytes(enode).length;
  if (!ENODE_RE.test(enode)) return `"${short(enode)}" is not enode://<128 hex digits of the node key>@host:port`;
  if (len > 256) return `enode URL is ${len} bytes, at most 256`;
  return undefined;
}

function short(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

// ------------------------------------------------------------------------------- zod schema

const address = z.string().superRefine((v, ctx) => {
  const problem = addressProblem(v);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  else if (getAddress(v) === ZeroAddress) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "the zero address is not an account" });
});

const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = parseDuration(v);
  if (s === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(v)} is not a duration (${DURATION_EXAMPLES})` });
    return z.NEVER;
  }
  return s;
});

const bps = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const b = parseBps(v);
  if (b === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(v)} is not basis points (e.g. 5000) or a percentage (e.g. "50%")` });
    return z.NEVER;
  }
  return b;
});

const memberRef = z.union([z.number().int(), z.string().min(1)]);

/** Unix seconds, or an ISO 8601 date-time with its zone ("2026-01-01T00:00:00Z"). */
const epoch = z.union([z.number().int().min(0).max(2 ** 40 - 1), z.string()]).transform((v, ctx) => {
  if (typeof v === "number") return v;
  const t = /T.*(Z|[+-]\d\d:\d\d)$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t) || t % 1000 !== 0 || t < 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${JSON.stringify(v)} is not unix seconds or an ISO date-time with its zone (e.g. "2026-01-01T00:00:00Z")` });
    return z.NEVER;
  }
  return t / 1000;
});

const role = z.union([z.string(), z.number().int()]).transform((v, ctx) => {
  try {
    return parseRole(String(v));
  } catch (e) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (e as Error).message });
    return z.NEVER;
  }
});

export const GenesisFileSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    chainId: z.number().int().positive().optional(),
    rules: z
      .object({
        quorumBps: bps,
        approvalBps: bps,
        votingPeriod: duration,
        executionDelay: duration,
        executionWindow: duration,
        leadingMember: memberRef.default(0),
      })
      .strict(),
    members: z
      .array(
        z
          .object({
            name: z.string(),
            admins: z.array(address).min(1, "a member needs at least one admin account"),
            weight: z.number().int().default(1),
          })
          .strict(),
      )
      .min(1, "at least one founding member is needed"),
    grants: z
      .array(z.object({ account: address, role }).strict())
      .default([]),
    nodes: z
      .array(z.object({ memberId: memberRef, signer: address, enode: z.string() }).strict())
      .default([]),
    token: z
      .object({ name: z.string().min(1, "must not be empty"), symbol: z.string().min(1, "must not be empty") })
      .strict()
      .default({ ...DEFAULT_TOKEN }),
    certificates: z
      .object({
        ledgerOperator: address.optional(),
        // Recognised so that the refusal can say why and what to do instead (see semantic()).
        pointRates: z.unknown().optional(),
      })
      .strict()
      .optional(),
    // The energy market's time grid (EnergyMeters' immutables): fixed for the chain's life.
    energy: z
      .object({
        epoch: epoch.optional(),
        interval: duration.optional(),
        intervalsPerPeriod: z.number().int().min(1).max(2 ** 32 - 1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type GenesisFile = z.input<typeof GenesisFileSchema>;

export interface Genesis {
  /** The file it came from, as given. */
  file: string;
  /** The chain the file is meant for, if it says. */
  chainId?: number;
  /** Parameters of the Consortium Ignition module. */
  module: ConsortiumModuleParameters;
  /** `{ Consortium: module }`, ready for `ignition.deploy(..., { parameters })`. */
  parameters: DeploymentParameters;
  /** What the genesis sets up in the certificate system (deploy/modules/Genesis.ts). */
  certificates: { ledgerOperator?: string };
  /** The energy market's time grid (defaults where the file's `energy` section is silent). */
  energy: TimeGrid;
}

/** Formats a zod / JSON path: ["members", 1, "admins", 0] → members[1].admins[0]. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out || "(top level)";
}

function issueMessage(issue: z.ZodIssue): { path: (string | number)[]; message: string } {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return {
        path: issue.path,
        message: issue.received === "undefined" ? "is required" : `expected ${issue.expected}, got ${issue.received}`,
      };
    case z.ZodIssueCode.unrecognized_keys:
      return { path: [...issue.path, issue.keys[0]!], message: `unknown field (allowed here: ${allowedKeys(issue.path)})` };
    case z.ZodIssueCode.invalid_union: {
      // Report the most specific branch error instead of "Invalid input".
      const inner = issue.unionErrors.flatMap((e) => e.issues).find((i) => i.code !== z.ZodIssueCode.invalid_type);
      if (inner) return issueMessage(inner);
      const types = issue.unionErrors.flatMap((e) => e.issues).map((i) => (i.code === z.ZodIssueCode.invalid_type ? i.expected : ""));
      const received = issue.unionErrors[0]?.issues[0];
      const got = received && received.code === z.ZodIssueCode.invalid_type ? received.received : "something else";
      return { path: issue.path, message: `expected ${[...new Set(types.filter(Boolean))].join(" or ")}, got ${got}` };
    }
    case z.ZodIssueCode.too_small:
      if (issue.type === "number") return { path: issue.path, message: `must be at least ${issue.minimum}` };
      return { path: issue.path, message: issue.message };
    default:
      return { path: issue.path, message: issue.message };
  }
}

function allowedKeys(path: (string | number)[]): string {
  const key = path.filter((p) => typeof p === "string").pop();
  switch (key) {
    case undefined:
      return "chainId, description, rules, members, grants, nodes, token, certificates, energy";
    case "rules":
      return "quorumBps, approvalBps, votingPeriod, executionDelay, executionWindow, leadingMember";
    case "members":
      return "name, admins, weight";
    case "grants":
      return "account, role";
    case "nodes":
      return "memberId, signer, enode";
    case "token":
      return "name, symbol";
    case "certificates":
      return "ledgerOperator";
    case "energy":
      return "epoch, interval, intervalsPerPeriod";
    default:
      return "?";
  }
}

class Problem extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates a parsed genesis file and converts it to Ignition parameters.
 * Throws a UserError with one line `<file>: <path>: <problem>`.
 */
export function parseGenesis(json: unknown, file = "genesis"): Genesis {
  const parsed = GenesisFileSchema.safeParse(json);
  if (!parsed.success) {
    const { path, message } = issueMessage(parsed.error.issues[0]!);
    throw new UserError(CoreError.INVALID_GENESIS, `${file}: ${formatPath(path)}: ${message}`);
  }
  try {
    return { file, ...semantic(parsed.data) };
  } catch (e) {
    if (e instanceof Problem) throw new UserError(CoreError.INVALID_GENESIS, `${file}: ${formatPath(e.path)}: ${e.message}`);
    throw e;
  }
}

function semantic(g: z.output<typeof GenesisFileSchema>): Omit<Genesis, "file"> {
  // ---- members and their accounts
  const owner = new Map<string, { member: number; path: (string | number)[] }>();
  const names = new Map<string, number>();
  const members: GenesisMember[] = [];
  let accounts = 0;
  g.members.forEach((m, i) => {
    const bytes = toUtf8Bytes(m.name).length;
    if (m.name.trim() === "") throw new Problem(["members", i, "name"], "must not be empty");
    if (bytes > LIMITS.MAX_NAME_LENGTH) {
      throw new Problem(["members", i, "name"], `is ${bytes} bytes, at most ${LIMITS.MAX_NAME_LENGTH}`);
    }
    const dupName = names.get(m.name.toLowerCase());
    if (dupName !== undefined) throw new Problem(["members", i, "name"], `"${m.name}" is also members[${dupName}]`);
    names.set(m.name.toLowerCase(), i);
    if (m.weight < 1 || m.weight > LIMITS.MAX_WEIGHT) {
      throw new Problem(["members", i, "weight"], `${m.weight} is out of range 1..${LIMITS.MAX_WEIGHT}`);
    }
    if (m.admins.length > LIMITS.MAX_ACCOUNTS_PER_MEMBER) {
      throw new Problem(["members", i, "admins"], `${m.admins.length} accounts, at most ${LIMITS.MAX_ACCOUNTS_PER_MEMBER} per member`);
    }
    const admins = m.admins.map((a, j) => {
      const addr = getAddress(a);
      const prev = owner.get(addr);
      if (prev) {
        const where = prev.member === i ? "listed twice in this member" : `already an admin of members[${prev.member}] (${g.members[prev.member]!.name})`;
        throw new Problem(["members", i, "admins", j], `${addr} is ${where}`);
      }
      owner.set(addr, { member: i, path: ["members", i, "admins", j] });
      return addr;
    });
    accounts += admins.length;
    members.push({ name: m.name, admins, weight: m.weight });
  });
  if (accounts > LIMITS.MAX_GENESIS_ACCOUNTS) {
    throw new Problem(["members"], `${accounts} accounts in total, at most ${LIMITS.MAX_GENESIS_ACCOUNTS} at genesis`);
  }

  const memberId = (ref: number | string, path: (string | number)[], allowZero = false): number => {
    if (typeof ref === "number") {
      if (ref === 0 && allowZero) return 0;
      if (ref < 1 || ref > members.length) {
        throw new Problem(path, `unknown member ${ref} (members are 1..${members.length}, in file order)`);
      }
      return ref;
    }
    const i = names.get(ref.toLowerCase());
    if (i === undefined) {
      throw new Problem(path, `unknown member "${ref}" (known: ${members.map((m) => m.name).join(", ")})`);
    }
    return i + 1;
  };

  // ---- grants
  const grants: GenesisGrant[] = [];
  const granted = new Set<string>();
  g.grants.forEach((gr, i) => {
    const account = getAddress(gr.account);
    if (!owner.has(account)) {
      throw new Problem(["grants", i, "account"], `${account} is not an account of any member (add it to a member's admins)`);
    }
    const key = `${account}:${gr.role}`;
    if (granted.has(key)) throw new Problem(["grants", i], `${roleName(gr.role)} is granted to ${account} twice`);
    granted.add(key);
    grants.push({ account, role: gr.role });
  });

  // ---- nodes
  const nodes: GenesisNode[] = [];
  const signers = new Map<string, number>();
  const perMember = new Map<number, number>();
  g.nodes.forEach((n, i) => {
    const id = memberId(n.memberId, ["nodes", i, "memberId"]);
    const signer = getAddress(n.signer);
    const prev = signers.get(signer);
    if (prev !== undefined) throw new Problem(["nodes", i, "signer"], `${signer} is already the signer of nodes[${prev}]`);
    signers.set(signer, i);
    const problem = enodeProblem(n.enode);
    if (problem) throw new Problem(["nodes", i, "enode"], problem);
    const count = (perMember.get(id) ?? 0) + 1;
    if (count > LIMITS.MAX_NODES_PER_MEMBER) {
      throw new Problem(["nodes", i, "memberId"], `member ${id} would run ${count} nodes, at most ${LIMITS.MAX_NODES_PER_MEMBER}`);
    }
    perMember.set(id, count);
    nodes.push({ memberId: id, signer, enode: n.enode });
  });

  // ---- rules (Consortium._checkRules)
  const r = g.rules;
  const rp = (k: string) => ["rules", k];
  if (r.quorumBps < 1 || r.quorumBps > LIMITS.BPS) throw new Problem(rp("quorumBps"), `${r.quorumBps} is out of range 1..10000`);
  if (r.approvalBps <= LIMITS.BPS / 2 || r.approvalBps > LIMITS.BPS) {
    throw new Problem(rp("approvalBps"), `${r.approvalBps} is out of range 5001..10000 (a majority is needed)`);
  }
  if (r.votingPeriod < 1 || r.votingPeriod > LIMITS.MAX_PERIOD) throw new Problem(rp("votingPeriod"), "must be 1s..365d");
  if (r.executionDelay > LIMITS.MAX_PERIOD) throw new Problem(rp("executionDelay"), "must be at most 365d");
  if (r.executionWindow < 1 || r.executionWindow > LIMITS.MAX_PERIOD) throw new Problem(rp("executionWindow"), "must be 1s..365d");
  const leadingMember = memberId(r.leadingMember, rp("leadingMember"), true);

  // ---- certificates: what the genesis wires before it is sealed
  const certificates: { ledgerOperator?: string } = {};
  if (g.certificates?.pointRates !== undefined) {
    // SharingPoints.setRates obeys only the consortium, and the bootstrapper has no way to make
    // the consortium call a module before sealGenesis: refusing beats silently ignoring it.
    throw new Problem(["certificates", "pointRates"], "rates are set by governance only (SharingPoints.setRates obeys the consortium), not at genesis: after the deploy, `npx hardhat cert:rates:propose --earn N --query N` and vote");
  }
  if (g.certificates?.ledgerOperator !== undefined) {
    const operator = getAddress(g.certificates.ledgerOperator);
    if (!grants.some((gr) => gr.account === operator && gr.role === ROLES.PLATFORM_OPERATOR)) {
      throw new Problem(["certificates", "ledgerOperator"], `${operator} is not granted PLATFORM_OPERATOR in grants (only an operator may wire the points ledger, as cert:ledger:set does at genesis)`);
    }
    certificates.ledgerOperator = operator;
  }

  // ---- energy: the meters' time grid
  const energy: TimeGrid = {
    epoch: g.energy?.epoch ?? DEFAULT_TIME_GRID.epoch,
    intervalSeconds: g.energy?.interval ?? DEFAULT_TIME_GRID.intervalSeconds,
    intervalsPerPeriod: g.energy?.intervalsPerPeriod ?? DEFAULT_TIME_GRID.intervalsPerPeriod,
  };
  if (energy.intervalSeconds < 1 || energy.intervalSeconds > 2 ** 32 - 1) throw new Problem(["energy", "interval"], "must be 1s or more");

  const module: ConsortiumModuleParameters = {
    rules: {
      quorumBps: r.quorumBps,
      approvalBps: r.approvalBps,
      votingPeriod: r.votingPeriod,
      executionDelay: r.executionDelay,
      executionWindow: r.executionWindow,
      leadingMember,
    },
    members,
    grants,
    nodes,
    tokenName: g.token.name,
    tokenSymbol: g.token.symbol,
  };
  return {
    chainId: g.chainId,
    module,
    parameters: { [CONSORTIUM_MODULE_ID]: module as unknown as DeploymentParameters[string] },
    certificates,
    energy,
  };
}

/** Reads, validates and converts a genesis parameter file (one-line UserError on any problem). */
export async function loadGenesis(file: string): Promise<Genesis> {
  if (!file) throw new UserError(CoreError.MISSING_INPUT, "--parameters is required (e.g. deploy/parameters/localhost.json)");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(CoreError.INVALID_FILE, `${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(CoreError.INVALID_FILE, `${file}: invalid JSON: ${(e as Error).message}`);
  }
  return parseGenesis(json, file);
}
