// Shared CLI plumbing for scripts/clique/*.ts.
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

export const REPO_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);
/** Default data dir; it writes its own `.gitignore` (`*`) so keys and chain data are never committed. */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".clique");

/** parseArgs with --datadir always available (also $CLIQUE_DATADIR). */
export function cliArgs<
  O extends Record<string, { type: "string" | "boolean"; short?: string }>,
>(options: O, usage: string) {
  const { values } = parseArgs({
    options: {
      ...options,
      datadir: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
    strict: true,
  });
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) {
    console.log(usage);
    process.exit(0);
  }
  return {
    values: v,
    dataDir: resolve(
      String(v.datadir ?? process.env.CLIQUE_DATADIR ?? DEFAULT_DATA_DIR),
    ),
  };
}

export function intArg(
  v: string | boolean | undefined,
  name: string,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(
      `--${name} must be a non-negative integer, got ${String(v)}`,
    );
  return n;
}

/** Print a one-line error (plus details) and exit non-zero instead of a stack dump. */
export function fail(e: unknown): never {
  console.error(`\nERROR: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
