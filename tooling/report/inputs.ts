/**
 * The JSON files a report run reads, each checked against its format so that a changed or
 * truncated file is reported as unreadable instead of being rendered as zeros.
 */
import { z } from "zod";

// --- reports/bench*.json (tooling/bench/gas.ts `toJson`) ---------------------------------------

export const gasRowSchema = z.object({
  system: z.string(),
  operation: z.string(),
  gas: z.number().int().nonnegative(),
  target: z.number().nullable().optional().transform((v) => v ?? null),
  withinTarget: z.boolean().nullable().optional().transform((v) => v ?? null),
  peer: z.string().optional(),
  note: z.string().optional(),
});
export type GasRowInput = z.infer<typeof gasRowSchema>;

export const benchFileSchema = z.object({
  generatedAt: z.string(),
  network: z.string(),
  chainId: z.number(),
  rows: z.array(gasRowSchema),
});
export type BenchFile = z.infer<typeof benchFileSchema> & { file: string };

// --- scripts/check-london.ts --json ----------------------------------------------------------

export const londonSchema = z.object({
  checked: z.number().int(),
  compatible: z.boolean(),
  contracts: z.array(
    z.object({
      contract: z.string(),
      bytes: z.number().int(),
      forbidden: z.array(z.object({ offset: z.number().int(), opcode: z.string() })),
    }),
  ),
});
export type LondonResult = z.infer<typeof londonSchema>;

// --- reports/clique.json (written by the Clique end-to-end run) ---------------------------

export const cliqueSchema = z.object({
  ran: z.boolean(),
  network: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  tests: z.array(z.object({ title: z.string(), passed: z.boolean() })),
});
export type CliqueResult = z.infer<typeof cliqueSchema>;

// --- reports/raw/mocha.json (tooling/report/mocha-json-reporter.cjs) ----------------------------

export const mochaResultsSchema = z.object({
  runId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  completed: z.boolean(),
  stats: z.object({ tests: z.number(), passes: z.number(), failures: z.number(), pending: z.number() }),
  tests: z.array(
    z.object({
      title: z.string(),
      fullTitle: z.string(),
      file: z.string().nullable(),
      state: z.enum(["passed", "failed", "pending"]),
      durationMs: z.number().nullable(),
      error: z.string().nullable(),
    }),
  ),
  hooks: z.array(z.object({ title: z.string(), fullTitle: z.string(), file: z.string().nullable(), error: z.string().nullable() })),
});
export type MochaResults = z.infer<typeof mochaResultsSchema>;

/** Parses `text` as JSON of `schema`; the error names the file and the first bad field. */
export function parseJsonFile<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, text: string, file: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`${file} does not have the expected format: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return r.data;
}
