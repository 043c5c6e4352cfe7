/**
 * Headless Chromium (Debian's `chromium` package) for checking and photographing the HTML
 * report. Each call uses a fresh profile directory and no network features.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM_INSTALL_HINT = "Chromium is not installed (looked for $CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser); install it with `apt-get install chromium`";

export function defaultChromiumPaths(): string[] {
  return [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((c): c is string => !!c);
}

export function findChromium(candidates: string[] = defaultChromiumPaths()): string | undefined {
  return candidates.find((c) => existsSync(c));
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--hide-scrollbars",
];

async function runChromium(extra: string[], htmlFile: string, timeoutMs: number): Promise<string> {
  const bin = findChromium();
  if (!bin) throw new Error(CHROMIUM_INSTALL_HINT);
  const profile = await mkdtemp(path.join(tmpdir(), "report-chromium-"));
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(
        bin,
        [...FLAGS, `--user-data-dir=${profile}`, ...extra, pathToFileURL(path.resolve(htmlFile)).href],
        { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`chromium failed: ${err.message}\n${String(stderr).split("\n").slice(-5).join("\n")}`));
          else resolve(String(stdout));
        },
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The DOM after the page's scripts ran, serialised. */
export function dumpDom(htmlFile: string, timeoutMs = 60_000): Promise<string> {
  return runChromium(["--dump-dom"], htmlFile, timeoutMs);
}

/** Saves a PNG of the page's top `height` pixels at `width`. */
export async function screenshot(htmlFile: string, pngFile: string, width = 1280, height = 2000, timeoutMs = 60_000): Promise<void> {
  await runChromium([`--screenshot=${path.resolve(pngFile)}`, `--window-size=${width},${height}`], htmlFile, timeoutMs);
  if (!existsSync(pngFile)) throw new Error(`chromium ran but wrote no screenshot at ${pngFile}`);
}
