/**
 * Requirement ids and how tests cite them.
 *
 * An id is a prefix of capitals (and digits after the first letter), a dash, and a rest of
 * capitals and digits: ACC-07, ACC-F01, ACC-I01, TOK-03, CERT-12, EVM-01, TASK-02, DEP-01.
 */

/** A well-formed requirement id. */
export const REQUIREMENT_ID = /^[A-Z][A-Z0-9]*-[A-Z0-9]+$/;

export function isRequirementId(s: string): boolean {
  return REQUIREMENT_ID.test(s);
}

/** What a test title or function name cites. `malformed` holds citations that are not ids. */
export interface Citation {
  ids: string[];
  malformed: string[];
}

/**
 * Ids cited by a mocha test title: square-bracket groups at the very start of the title,
 * `[ACC-07] ...`, `[ACC-07][ACC-09] ...` or `[ACC-07, ACC-09] ...`. Brackets later in the
 * title are text, not citations. Anything inside a leading bracket that is not an id (a typo
 * such as `[ACC07]`) is returned as malformed, so that it is reported rather than ignored.
 */
export function idsFromMochaTitle(title: string): Citation {
  const ids: string[] = [];
  const malformed: string[] = [];
  let rest = title.trimStart();
  for (;;) {
    const m = /^\[([^\]]*)\]\s*/.exec(rest);
    if (!m) break;
    for (const token of m[1]!.split(/[\s,;]+/).filter((t) => t !== "")) {
      if (isRequirementId(token)) pushUnique(ids, token);
      else pushUnique(malformed, token);
    }
    rest = rest.slice(m[0].length);
  }
  return { ids, malformed };
}

/**
 * Ids cited by a Solidity test function name (with or without its signature). This is the one
 * way a Solidity test cites a rule: the report reads Hardhat's console output, which shows the
 * function name and nothing of its comments. After the first `_`-separated word (test, testFuzz,
 * invariant, ...), each pair PREFIX_REST is the id PREFIX-REST, where PREFIX is capitals and
 * REST is capitals followed by digits. The pairs stop at the first word that is not one:
 *   testFuzz_ACC_F01_tallyMatchesReference  -> ACC-F01
 *   invariant_ACC_I01_supplyIsSumOfBalances -> ACC-I01
 *   test_CERT_12_revokedIsInvalid           -> CERT-12
 *   test_ACC_07_ACC_09_both                 -> ACC-07, ACC-09
 * Where the pairs stop on a word that is plainly a citation gone wrong (capitals run into
 * digits, `test_ACC07_x`, or a capitals prefix whose rest is not capitals then digits,
 * `test_ACC_07a_x`), that attempt is returned as malformed, so that it is reported rather than
 * read as a test citing nothing.
 */
export function citationFromSolidityName(name: string): Citation {
  const bare = name.split("(")[0]!.trim();
  const words = bare.split("_");
  const ids: string[] = [];
  const malformed: string[] = [];
  let i = 1;
  for (; i + 1 < words.length; i += 2) {
    const prefix = words[i]!;
    const rest = words[i + 1]!;
    if (!/^[A-Z][A-Z0-9]*$/.test(prefix) || !/^[A-Z]*[0-9]+[A-Z0-9]*$/.test(rest)) break;
    pushUnique(ids, `${prefix}-${rest}`);
  }
  const word = words[i];
  if (i < words.length && word !== undefined) {
    const next = words[i + 1] ?? "";
    if (/^[A-Z]+[0-9]+[A-Z0-9]*$/.test(word)) pushUnique(malformed, word);
    else if (/^[A-Z][A-Z0-9]*$/.test(word) && /^[A-Z]*[0-9]/.test(next)) pushUnique(malformed, `${word}-${next}`);
  }
  return { ids, malformed };
}

/** The well-formed ids of {citationFromSolidityName}. */
export function idsFromSolidityName(name: string): string[] {
  return citationFromSolidityName(name).ids;
}

/** A Solidity test function whose comment cites requirement ids: a form the report cannot read. */
export interface CommentCitation {
  /** 1-based line of the comment's first line. */
  line: number;
  /** The test function's name. */
  test: string;
  ids: string[];
}

const TEST_FUNCTION = /^\s*function\s+((?:test|invariant|statefulFuzz)\w*)\s*\(/;
const COMMENT_LINE = /^\s*(?:\/\/+|\/\*+|\*)\s?(.*)$/;
const BRACKETED = /\[([A-Za-z][A-Za-z0-9]*-[A-Za-z0-9]+(?:\s*[,;]\s*[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9]+)*)\]/g;
const LEADING = /^(?:@(?:notice|dev)\s+)?([A-Z][A-Z0-9]*-[A-Z0-9]+):/;

/**
 * Finds Solidity test functions whose comment cites ids the way a mocha title does (`[CERT-28]`
 * anywhere in it) or opens with one (`ACC-F09: ...`, `@notice ACC-I01: ...`). The report never
 * sees comments, so such a test cites nothing unless its name does; the convention check in
 * test/tooling/report/ids.test.ts refuses this form so that a rule is cited in one place only.
 */
export function commentCitationsInSolidity(source: string): CommentCitation[] {
  const lines = source.split(/\r?\n/);
  const found: CommentCitation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fn = TEST_FUNCTION.exec(lines[i]!);
    if (!fn) continue;
    const block: { line: number; text: string }[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const c = COMMENT_LINE.exec(lines[j]!);
      if (!c) break;
      block.unshift({ line: j + 1, text: c[1]!.trim() });
    }
    const ids: string[] = [];
    for (const { text } of block) {
      for (const m of text.matchAll(BRACKETED)) for (const id of m[1]!.split(/\s*[,;]\s*/)) pushUnique(ids, id);
    }
    const lead = block.length > 0 ? LEADING.exec(block[0]!.text) : null;
    if (lead) pushUnique(ids, lead[1]!);
    if (ids.length > 0) found.push({ line: block[0]!.line, test: fn[1]!, ids });
  }
  return found;
}

function pushUnique(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** Orders ids by prefix, then by the number in their rest (ACC-2 before ACC-10), then text. */
export function compareIds(a: string, b: string): number {
  const [pa, ra = ""] = a.split("-", 2) as [string, string?];
  const [pb, rb = ""] = b.split("-", 2) as [string, string?];
  if (pa !== pb) return pa < pb ? -1 : 1;
  return ra.localeCompare(rb, "en", { numeric: true });
}
