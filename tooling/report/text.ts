/** Small text helpers shared by the parsers and renderers. */

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

export function escapeHtml(s: unknown): string {
  return String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Escapes text for a Markdown table cell: backslashes, pipes, code and emphasis markers, and
 * `<` (HTML). Underscores inside words (METER_OPERATOR) are left alone, as GFM does not read
 * them as emphasis.
 */
export function escapeMd(s: unknown): string {
  return String(s ?? "")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/([*`<])/g, "\\$1")
    .replace(/(^|[^A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (m) => m.replace("_", "\\_"))
    .replace(/\r?\n/g, " ");
}

/** 1234567 -> "1,234,567" */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** 0.4880 -> "48.8%"; undefined -> "n/a" */
export function formatPercent(fraction: number | undefined, digits = 1): string {
  return fraction === undefined || !Number.isFinite(fraction) ? "n/a" : `${(fraction * 100).toFixed(digits)}%`;
}
