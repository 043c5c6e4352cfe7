/**
 * Branch coverage of one Solidity source file, derived from the statement hit counts that
 * `hardhat test --coverage` records. Pure: no I/O.
 *
 * Hardhat 3's coverage (EDR) tags every statement, including the body of an `if` and of an
 * `else` (a block or a single statement), and counts for each tag the transactions in which it
 * ran at least once. From those counts and the source's AST (solc, `stopAfter: "parsing"`):
 *
 * - an `if` has two branches: its true arm and its false arm;
 * - true arm taken   = hits of the tag of the true body;
 * - false arm taken  = with `else`: hits of the tag of the else body (for `else if`, that is
 *   the inner `if`, which is then counted as an `if` of its own);
 *   without `else`: hits(the `if`) − hits(true body), and, when the true body can never fall
 *   through (it reverts, returns, breaks or continues), at least the hits of the statement
 *   that follows the `if` in its block: that statement runs only after the false arm.
 *
 * A branch is hit when its count is above zero. As counts are per transaction, a false arm
 * without `else` is a lower bound: a transaction that took the true arm may have taken the
 * false arm too (a loop, a repeated call); such an arm counted as not taken is flagged
 * {@link Branch.undetermined}. Conditional expressions (`a ? b : c`), `&&` and `||`,
 * `require`, loops and `try`/`catch` are not counted: statement hits cannot tell their
 * outcomes apart (`?:`, `&&` and `||` are tallied in {@link BranchFile.notCounted}).
 */

/** A statement tag with its source range, in UTF-16 offsets of the original source. */
export interface StatementTag {
  tag: string;
  startUtf16: number;
  endUtf16: number;
}

/** A node of solc's compact AST (`stopAfter: "parsing"` or a build info's `ast`). */
export interface AstNode {
  nodeType: string;
  /** "start:length:sourceIndex", in UTF-8 bytes */
  src: string;
  [key: string]: unknown;
}

export type ArmSource =
  /** hits of the true body's tag */
  | "true body"
  /** hits of the else body's tag */
  | "else body"
  /** hits(if) − hits(true body) */
  | "if minus true"
  /** hits of the statement after the `if`, as the true body never falls through */
  | "next statement";

export interface Branch {
  /** 1-based line of the `if` keyword. */
  line: number;
  /** Index of the `if` in the file, in source order (lcov's block number). */
  block: number;
  /** 0 = true arm, 1 = false arm. */
  branch: 0 | 1;
  /** Transactions in which the arm was taken (a lower bound for a false arm without else). */
  taken: number;
  /** Transactions in which the `if` itself ran. */
  reached: number;
  from: ArmSource;
  /**
   * A false arm without else counted as not taken although the `if` ran: every transaction
   * that ran the `if` also took its true arm, so whether one of them took the false arm too
   * (in a loop, or a function called twice) cannot be told from the counts.
   */
  undetermined?: true;
}

export interface BranchFile {
  branches: Branch[];
  found: number;
  hit: number;
  /** Branches counted as not taken that may have been taken (see {@link Branch.undetermined}). */
  undetermined: number;
  /** `if` statements whose own or true-body tag could not be found (they are left out). */
  unmatched: { line: number; reason: string }[];
  /** Decisions in the file that statement hits cannot measure. */
  notCounted: { conditionals: number; shortCircuits: number };
}

export interface BranchInput {
  /** The original source text (as instrumented and parsed). */
  source: string;
  /** The SourceUnit node of its AST. */
  ast: AstNode;
  /** Every statement tag of the file. */
  tags: readonly StatementTag[];
  /** Hit count per tag; a tag that is absent never ran. */
  hits: ReadonlyMap<string, number>;
}

export function branchCoverage({ source, ast, tags, hits }: BranchInput): BranchFile {
  const toUtf16 = utf8ToUtf16(source);
  const lineOf = lineFinder(source);
  const range = (node: AstNode): [number, number] => {
    const [start, length] = node.src.split(":").map(Number) as [number, number];
    return [toUtf16(start), toUtf16(start + length)];
  };
  const byStart = [...tags].sort((a, b) => a.startUtf16 - b.startUtf16);
  /** The tag of a statement: the smallest tagged range that holds it with only comments and whitespace before it. */
  const tagOf = (node: AstNode | undefined): StatementTag | undefined => {
    if (!node) return undefined;
    const [s, e] = range(node);
    let best: StatementTag | undefined;
    for (const t of byStart) {
      if (t.startUtf16 > s) break;
      if (t.endUtf16 < e || !isTrivia(source.slice(t.startUtf16, s))) continue;
      if (!best || t.endUtf16 - t.startUtf16 < best.endUtf16 - best.startUtf16) best = t;
    }
    return best;
  };
  const count = (t: StatementTag | undefined) => (t ? (hits.get(t.tag) ?? 0) : 0);

  const { ifs, next } = collect(ast);
  const notCounted = countUncounted(ast);
  const branches: Branch[] = [];
  const unmatched: BranchFile["unmatched"] = [];
  let block = 0;
  for (const node of ifs.sort((a, b) => range(a)[0] - range(b)[0])) {
    const line = lineOf(range(node)[0]);
    const own = tagOf(node);
    const trueBody = node.trueBody as AstNode | undefined;
    const falseBody = (node.falseBody ?? undefined) as AstNode | undefined;
    const trueTag = tagOf(trueBody) ?? firstTagIn(trueBody, tagOf);
    if (!own) {
      unmatched.push({ line, reason: "no statement tag for the if" });
      continue;
    }
    if (!trueTag) {
      unmatched.push({ line, reason: "no statement tag for its true body" });
      continue;
    }
    let elseTaken: number;
    let from: ArmSource;
    /** The statement after the `if` runs only after its false arm: its count decides that arm. */
    let decidedByNext = false;
    if (falseBody) {
      const elseTag = tagOf(falseBody) ?? firstTagIn(falseBody, tagOf);
      if (!elseTag) {
        unmatched.push({ line, reason: "no statement tag for its else body" });
        continue;
      }
      elseTaken = count(elseTag);
      from = "else body";
    } else {
      elseTaken = Math.max(0, count(own) - count(trueTag));
      from = "if minus true";
      const after = next.get(node);
      if (after && trueBody && neverFallsThrough(trueBody)) {
        decidedByNext = true;
        const afterHits = count(tagOf(after));
        if (afterHits > elseTaken) {
          elseTaken = afterHits;
          from = "next statement";
        }
      }
    }
    const reached = count(own);
    branches.push({ line, block, branch: 0, taken: count(trueTag), reached, from: "true body" });
    const falseArm: Branch = { line, block, branch: 1, taken: elseTaken, reached, from };
    if (from === "if minus true" && !decidedByNext && elseTaken === 0 && reached > 0) falseArm.undetermined = true;
    branches.push(falseArm);
    block++;
  }
  return {
    branches,
    found: branches.length,
    hit: branches.filter((b) => b.taken > 0).length,
    undetermined: branches.filter((b) => b.undetermined).length,
    unmatched,
    notCounted,
  };
}

/** Every IfStatement, and for each statement of a block the statement after it. */
function collect(root: AstNode): { ifs: AstNode[]; next: Map<AstNode, AstNode> } {
  const ifs: AstNode[] = [];
  const next = new Map<AstNode, AstNode>();
  walk(root, (node) => {
    if (node.nodeType === "IfStatement") ifs.push(node);
    if (node.nodeType === "Block" || node.nodeType === "UncheckedBlock") {
      const statements = (node.statements ?? []) as AstNode[];
      statements.forEach((s, i) => {
        if (i + 1 < statements.length) next.set(s, statements[i + 1]!);
      });
    }
  });
  return { ifs, next };
}

function countUncounted(root: AstNode): BranchFile["notCounted"] {
  const n = { conditionals: 0, shortCircuits: 0 };
  walk(root, (node) => {
    if (node.nodeType === "Conditional") n.conditionals++;
    if (node.nodeType === "BinaryOperation" && (node.operator === "&&" || node.operator === "||")) n.shortCircuits++;
  });
  return n;
}

function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(node)) {
    for (const c of node) walk(c, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const n = node as AstNode;
  if (typeof n.nodeType === "string") visit(n);
  for (const [key, value] of Object.entries(n)) {
    if (key !== "src" && value !== null && typeof value === "object") walk(value, visit);
  }
}

/** The first tagged statement inside a body whose own tag is missing (EDR tags bodies, so this is a fallback). */
function firstTagIn(body: AstNode | undefined, tagOf: (n: AstNode) => StatementTag | undefined): StatementTag | undefined {
  if (!body) return undefined;
  for (const s of (body.statements ?? []) as AstNode[]) {
    const t = tagOf(s) ?? firstTagIn(s, tagOf);
    if (t) return t;
  }
  return undefined;
}

/**
 * True when control can never leave the statement at its end: it always reverts, returns,
 * breaks or continues (`revert(...)`/`return(...)` at the top of an assembly block included).
 */
export function neverFallsThrough(node: AstNode): boolean {
  switch (node.nodeType) {
    case "Return":
    case "RevertStatement":
    case "Break":
    case "Continue":
      return true;
    case "ExpressionStatement": {
      // revert() and revert("reason")
      const e = node.expression as AstNode | undefined;
      const callee = e?.nodeType === "FunctionCall" ? (e.expression as AstNode | undefined) : undefined;
      return callee?.nodeType === "Identifier" && callee.name === "revert";
    }
    case "Block":
    case "UncheckedBlock":
      return ((node.statements ?? []) as AstNode[]).some(neverFallsThrough);
    case "IfStatement":
      return !!node.falseBody && neverFallsThrough(node.trueBody as AstNode) && neverFallsThrough(node.falseBody as AstNode);
    case "InlineAssembly": {
      // assembly { ... revert(p, n) } or return / stop / invalid at the block's top level
      const statements = ((node.AST as AstNode | undefined)?.statements ?? []) as AstNode[];
      return statements.some((st) => {
        const call = st.nodeType === "YulExpressionStatement" ? (st.expression as AstNode | undefined) : undefined;
        const name = call?.nodeType === "YulFunctionCall" ? (call.functionName as { name?: string } | undefined)?.name : undefined;
        return name === "revert" || name === "return" || name === "stop" || name === "invalid";
      });
    }
    default:
      return false;
  }
}

/** Only whitespace and comments. */
export function isTrivia(text: string): boolean {
  return /^\s*$/.test(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ""));
}

/** Maps a UTF-8 byte offset of `source` (solc's `src`) to its UTF-16 offset (a JS string index, EDR's offsets). */
export function utf8ToUtf16(source: string): (byteOffset: number) => number {
  if (!/[^\x00-\x7f]/.test(source)) return (b) => b;
  const map: number[] = [];
  let u16 = 0;
  for (const ch of source) {
    const cp = ch.codePointAt(0)!;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let i = 0; i < bytes; i++) map.push(u16);
    u16 += ch.length;
  }
  map.push(u16);
  return (b) => map[Math.min(b, map.length - 1)]!;
}

/** 1-based line of a UTF-16 offset. */
export function lineFinder(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * lcov branch records for each file: `BRDA:<line>,<block>,<branch>,<taken>` ("-" when the `if`
 * never ran), then `BRF`/`BRH`. Line records stay in Hardhat's own lcov.info.
 */
export function branchLcov(files: { file: string; branches: BranchFile }[]): string {
  let out = "TN:\n";
  for (const { file, branches } of files) {
    out += `SF:${file}\n`;
    for (const b of branches.branches) out += `BRDA:${b.line},${b.block},${b.branch},${b.reached === 0 ? "-" : b.taken}\n`;
    out += `BRF:${branches.found}\nBRH:${branches.hit}\nend_of_record\n`;
  }
  return out;
}

/** Every branch of every file, for reports/raw/branches.json. */
export function branchesJson(files: { file: string; branches: BranchFile }[]) {
  return files.map(({ file, branches: b }) => ({
    file,
    found: b.found,
    hit: b.hit,
    undetermined: b.undetermined,
    notCounted: b.notCounted,
    branches: b.branches.map((x) => ({
      line: x.line,
      arm: x.branch === 0 ? "true" : "false",
      ifRan: x.reached,
      taken: x.taken,
      from: x.from,
      ...(x.undetermined ? { undetermined: true } : {}),
    })),
  }));
}
