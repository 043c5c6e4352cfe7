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
 * Ids cited by a Solidity test function name (with or without its signature): after the
 * first `_`-separated word (test, testFuzz, invariant, ...), each pair PREFIX_REST is the id
 * PREFIX-REST, where PREFIX is capitals and REST is capitals followed by digits. The pairs
 * stop at the first word that is not one:
 *   testFuzz_ACC_F01_tallyMatchesReference  -> ACC-F01
 *   invariant_ACC_I01_supplyIsSumOfBalances -> ACC-I01
 *   test_CERT_12_revokedIsInvalid           -> CERT-12
 *   test_ACC_07_ACC_09_both                 -> ACC-07, ACC-09
 */
export function idsFromSolidityName(name: string): string[] {
  const bare = name.split("(")[0]!.trim();
  const words = bare.split("_");
  const ids: string[] = [];
  for (let i = 1; i + 1 < words.length; i += 2) {
    const prefix = words[i]!;
    const rest = words[i + 1]!;
    if (!/^[A-Z][A-Z0-9]*$/.test(prefix) || !/^[A-Z]*[0-9]+[A-Z0-9]*$/.test(rest)) break;
    pushUnique(ids, `${prefix}-${rest}`);
  }
  return ids;
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
