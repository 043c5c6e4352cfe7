// The kit's one task runner: runs a task in-process (hre.tasks.getTask(id).run(args)) against the
// in-process network and captures what a CLI user would see. Options a test leaves out take the
// defaults of the task's own definition (Hardhat's run fills them), so no test keeps a copy.
import hre from "hardhat";
import { captureOutput } from "../../lib/core/output.js";
import type { ActionResult } from "../../lib/core/errors.js";
import { ethers, networkHelpers } from "./consortium.js";

export { ethers, networkHelpers };

export interface TaskRun<T = any> {
  result: ActionResult<T>;
  ok: boolean;
  value: T;
  stdout: string[];
  stderr: string[];
  /** The one error line without the "error: " prefix ("" when the task succeeded). */
  error: string;
}

export async function runTask<T = any>(id: string, args: Record<string, unknown> = {}): Promise<TaskRun<T>> {
  const out = captureOutput();
  let result: ActionResult<T>;
  try {
    result = (await hre.tasks.getTask(id).run(args)) as ActionResult<T>;
  } finally {
    out.restore();
  }
  const stdout = out.stdout.filter((l) => l !== "");
  return {
    result,
    ok: result.success,
    value: result.success ? result.value : (undefined as T),
    stdout,
    stderr: out.stderr,
    error: result.success ? "" : result.error,
  };
}

/** Runs a task that must succeed; throws with its error line otherwise. */
export async function ok<T = any>(id: string, args: Record<string, unknown> = {}): Promise<TaskRun<T>> {
  const r = await runTask<T>(id, args);
  if (!r.ok) throw new Error(`${id} failed: ${r.stderr.join(" | ")}`);
  return r;
}

/** Runs a task that must fail with exactly one stderr line; returns the message. */
export async function fails(id: string, args: Record<string, unknown> = {}): Promise<string> {
  const r = await runTask(id, args);
  if (r.ok) throw new Error(`${id} unexpectedly succeeded: ${r.stdout.join(" | ")}`);
  if (r.stderr.length !== 1 || !r.stderr[0]!.startsWith("error: ")) {
    throw new Error(`${id}: expected one "error: ..." line on stderr, got ${JSON.stringify(r.stderr)}`);
  }
  return r.stderr[0]!.slice("error: ".length);
}

export { hre };
