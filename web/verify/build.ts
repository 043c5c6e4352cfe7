/**
 * Builds the verification page with esbuild: web/verify/src/main.ts and everything it imports
 * (the project's verifier from lib/certificates, ethers, zod), and jsQR as a second asset the
 * page loads when it reads a picture, into one self-contained
 * static folder — index.html and content-hashed assets/, no CDN, nothing fetched at run time
 * but config.json and the chain's JSON-RPC. Classic (non-module) scripts, so that the page also
 * runs from file://. Used by `npm run build:page` (scripts/build-page.ts) and `cert:page`.
 */
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { PageConfig } from "../../lib/certificates/page.js";

export const PAGE_SOURCE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PAGE_OUT = path.resolve(PAGE_SOURCE, "../../dist/verify");
/** The size goal of the whole page, gzipped (issue 14). */
export const PAGE_GZIP_GOAL = 300 * 1024;

export interface BuiltFile {
  /** Relative to the output folder. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BuiltPage {
  dir: string;
  files: BuiltFile[];
  bytes: number;
  gzipBytes: number;
}

/** The inline copy of config.json, read by the page where it cannot fetch (file://). */
function inlineConfig(config: PageConfig | undefined): string {
  if (!config) return "";
  // `<` escaped so that no value can close the script element.
  return `<script type="application/json" id="verify-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>`;
}

async function measure(dir: string): Promise<BuiltPage> {
  const files: BuiltFile[] = [];
  const walk = async (sub: string) => {
    for (const e of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, e.name);
      if (e.isDirectory()) await walk(rel);
      else if (e.name !== "config.json") {
        const data = await readFile(path.join(dir, rel));
        files.push({ file: rel, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length });
      }
    }
  };
  await walk("");
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { dir, files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

/**
 * Writes the page to `outDir` (its index.html and assets/ are replaced; other files are left).
 * With `config`, also writes config.json and inlines the same config in index.html.
 */
export async function buildPage(outDir: string = DEFAULT_PAGE_OUT, config?: PageConfig): Promise<BuiltPage> {
  const assets = path.join(outDir, "assets");
  await rm(assets, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    outdir: assets,
    metafile: true,
    logLevel: "silent",
    charset: "utf8",
  } as const;
  const names = (r: { metafile: { outputs: Record<string, unknown> } }) => Object.keys(r.metafile.outputs).map((f) => path.basename(f));
  // The QR decoder first, as its own asset: the page loads it only to read a picture.
  const decoder = names(await build({ ...common, entryPoints: [path.join(PAGE_SOURCE, "src/jsqr.ts")], entryNames: "jsqr-[hash]" })).find((f) => f.endsWith(".js"));
  if (!decoder) throw new Error("esbuild wrote no QR decoder asset");
  const result = await build({
    ...common,
    entryPoints: [path.join(PAGE_SOURCE, "src/main.ts")],
    entryNames: "[name]-[hash]",
    define: { __JSQR_ASSET__: JSON.stringify(`assets/${decoder}`) },
  });
  const outputs = names(result);
  const js = outputs.find((f) => f.endsWith(".js"));
  const css = outputs.find((f) => f.endsWith(".css"));
  if (!js || !css) throw new Error(`esbuild wrote ${outputs.join(", ")}: expected one .js and one .css`);
  const template = await readFile(path.join(PAGE_SOURCE, "index.html"), "utf8");
  const html = template
    .replace("<!--STYLES-->", `<link rel="stylesheet" href="assets/${css}">`)
    .replace("<!--SCRIPTS-->", `<script src="assets/${js}" defer></script>`)
    .replace("<!--CONFIG-->", inlineConfig(config));
  await writeFile(path.join(outDir, "index.html"), html);
  if (config) await writeFile(path.join(outDir, "config.json"), JSON.stringify(config, null, 2) + "\n");
  else if (existsSync(path.join(outDir, "config.json"))) await rm(path.join(outDir, "config.json"));
  return measure(outDir);
}

/** One line per file and the total, as `npm run build:page` and `cert:page` print them. */
export function sizeLines(page: BuiltPage): string[] {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    ...page.files.map((f) => `  ${f.file.padEnd(34)} ${kb(f.bytes).padStart(10)}  ${kb(f.gzipBytes).padStart(9)} gzipped`),
    `page ${page.dir}: ${kb(page.bytes)}, ${kb(page.gzipBytes)} gzipped (goal <= ${kb(PAGE_GZIP_GOAL)})`,
  ];
}
