import { randomBytes } from "node:crypto";
import { mkdir, open, rename } from "node:fs/promises";
import path from "node:path";

/**
 * Owner read/write only: what the tasks write (certificate receipts with a holder's data, batch
 * state, bid files with their secret salt) is nobody else's business on a shared machine.
 */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Writes `value` as JSON so that after a crash the file holds either the old or the new
 * content, never half: a temporary file beside it, flushed to disk, then renamed over it.
 * The file is created with `mode` (default PRIVATE_FILE_MODE, 0600; the umask may only narrow it).
 */
export async function writeJsonFile(file: string, value: unknown, mode: number = PRIVATE_FILE_MODE): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.writeFile(JSON.stringify(value, null, 2) + "\n");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  // The rename itself is durable once the directory is flushed (not possible on every platform).
  try {
    const d = await open(path.dirname(file), "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* best effort */
  }
}
