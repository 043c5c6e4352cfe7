/**
 * Headless Chromium (Debian's `chromium` package) for checking and photographing the HTML
 * report, driven by playwright-core with the system's executable (no browser download) — the
 * one way the project drives a browser (the verification page's tests use it too). Each call
 * starts a fresh browser with a fresh profile and no network features.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_INSTALL_HINT = "Chromium is not installed (looked for $CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser); install it with `apt-get install chromium`";

export function defaultChromiumPaths(): string[] {
  return [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((c): c is string => !!c);
}

export function findChromium(candidates: string[] = defaultChromiumPaths()): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** Flags for a quiet headless run (playwright adds --headless and its own profile directory). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--hide-scrollbars",
];

/** Starts the system's Chromium headless; `extraArgs` are added to CHROMIUM_FLAGS. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const bin = findChromium();
  if (!bin) throw new Error(CHROMIUM_INSTALL_HINT);
  return chromium.launch({ executablePath: bin, args: [...CHROMIUM_FLAGS, ...extraArgs] });
}

/** Opens `htmlFile` at `width` x `height` in a fresh browser and runs `fn` on the loaded page. */
async function withPage<T>(htmlFile: string, width: number, height: number, timeoutMs: number, fn: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    page.setDefaultTimeout(timeoutMs);
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: "load", timeout: timeoutMs });
    return await fn(page);
  } catch (e) {
    throw new Error(`chromium failed: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    await browser.close();
  }
}

/** The DOM after the page's scripts ran, serialised. */
export function dumpDom(htmlFile: string, timeoutMs = 60_000): Promise<string> {
  return withPage(htmlFile, 1280, 900, timeoutMs, (page) => page.content());
}

/** Saves a PNG of the page's top `height` pixels at `width`. */
export async function screenshot(htmlFile: string, pngFile: string, width = 1280, height = 2000, timeoutMs = 60_000): Promise<void> {
  await withPage(htmlFile, width, height, timeoutMs, (page) => page.screenshot({ path: path.resolve(pngFile) }));
  if (!existsSync(pngFile)) throw new Error(`chromium ran but wrote no screenshot at ${pngFile}`);
}
