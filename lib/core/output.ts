/**
 * Where task output goes. Actions print through these two functions so that in-process tests
 * can capture what a user would see (stdout lines, the one stderr line) without spawning.
 */
export interface OutputSink {
  out(line: string): void;
  err(line: string): void;
}

const processSink: OutputSink = {
  out: (line) => void process.stdout.write(line + "\n"),
  err: (line) => void process.stderr.write(line + "\n"),
};

let sink: OutputSink = processSink;

export function print(line = ""): void {
  sink.out(line);
}

export function printError(line: string): void {
  sink.err(line);
}

/** JSON with bigints as decimal strings, two-space indented. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

export function printJson(value: unknown): void {
  print(toJson(value));
}

export interface Captured {
  stdout: string[];
  stderr: string[];
  restore(): void;
}

/** Redirects task output into arrays until `restore()` (tests only). */
export function captureOutput(): Captured {
  const captured: Captured = {
    stdout: [],
    stderr: [],
    restore: () => {
      sink = processSink;
    },
  };
  sink = {
    out: (line) => captured.stdout.push(...line.split("\n")),
    err: (line) => captured.stderr.push(...line.split("\n")),
  };
  return captured;
}

/** A fixed-width table: the first row is the header. */
export function table(rows: string[][]): string {
  if (rows.length === 0) return "";
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** "2d 3h", "45m", "12s" — a short human duration. */
export function formatDuration(seconds: number | bigint): string {
  let s = Math.max(0, Math.round(Number(seconds)));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m && !d) parts.push(`${m}m`);
  if (s && !d && !h) parts.push(`${s}s`);
  return parts.length ? parts.join(" ") : "0s";
}

/** ISO-8601 UTC without milliseconds, from a unix timestamp. */
export function formatTime(unix: number | bigint): string {
  return new Date(Number(unix) * 1000).toISOString().replace(".000Z", "Z");
}
