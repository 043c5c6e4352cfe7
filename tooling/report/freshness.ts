/**
 * Whether an input file may be shown as a result of this report run. A file is accepted only
 * when it exists, was written after the step that should produce it started, and (when it
 * carries them) its own timestamp and run id belong to this run.
 */

export interface InputFacts {
  file: string;
  exists: boolean;
  mtimeMs?: number;
  /** Time the file says it was generated (e.g. bench.json `generatedAt`). */
  stampedAt?: string;
  /** Run id the file carries (e.g. mocha.json `runId`); undefined when the format has none. */
  runId?: string | null;
}

export interface RunWindow {
  runId: string;
  /** The run started here. */
  runStartMs: number;
  /** The step that writes this file started here. */
  stepStartMs: number;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Timestamps on some file systems are coarse; allow this much slack. */
const SLACK_MS = 1000;

export function judgeInput(f: InputFacts, w: RunWindow): Verdict {
  if (!f.exists) return { ok: false, reason: `${f.file} is missing: the step that writes it did not produce it in this run` };
  if (f.mtimeMs === undefined || f.mtimeMs < w.stepStartMs - SLACK_MS) {
    const when = f.mtimeMs === undefined ? "at an unknown time" : `at ${new Date(f.mtimeMs).toISOString()}`;
    return { ok: false, reason: `${f.file} is stale: written ${when}, before this run's step started (${new Date(w.stepStartMs).toISOString()}); not shown` };
  }
  if (f.stampedAt !== undefined) {
    const t = Date.parse(f.stampedAt);
    if (Number.isNaN(t)) return { ok: false, reason: `${f.file} has an unreadable timestamp "${f.stampedAt}"` };
    if (t < w.runStartMs - SLACK_MS) {
      return { ok: false, reason: `${f.file} says it was generated at ${f.stampedAt}, before this run started (${new Date(w.runStartMs).toISOString()}); not shown` };
    }
  }
  if (f.runId !== undefined && f.runId !== w.runId) {
    return { ok: false, reason: `${f.file} belongs to run ${f.runId ?? "(none)"}, not to this run ${w.runId}; not shown` };
  }
  return { ok: true };
}
