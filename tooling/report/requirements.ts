/**
 * Reads docs/requirements/<system>.md: one rule per list item `- ID: text`, where indented
 * lines that follow continue the text. Everything else in the file (headings, prose) is
 * ignored, except lines that look like a rule with a malformed id, which are errors.
 */
import { isRequirementId } from "./ids.js";

export interface Rule {
  id: string;
  text: string;
  system: string;
  /** The file the rule is listed in, as given to `parseRequirements`. */
  file: string;
  line: number;
}

export interface RequirementsDoc {
  system: string;
  file: string;
  /** The first `# ` heading, if any. */
  title?: string;
  rules: Rule[];
  errors: string[];
}

const RULE_LINE = /^[-*]\s+([A-Za-z][A-Za-z0-9]*[-_ ]?[A-Za-z0-9]*)\s*:\s*(.*)$/;

/** `system` is the file name without `.md` (access.md -> access). */
export function systemOfFile(file: string): string {
  const base = file.split(/[\\/]/).pop()!;
  return base.replace(/\.md$/i, "");
}

export function parseRequirements(markdown: string, file: string): RequirementsDoc {
  const system = systemOfFile(file);
  const doc: RequirementsDoc = { system, file, rules: [], errors: [] };
  let current: Rule | undefined;
  const lines = markdown.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (doc.title === undefined) {
      const h = /^#\s+(.+?)\s*#*\s*$/.exec(raw);
      if (h) doc.title = h[1];
    }
    const m = RULE_LINE.exec(raw);
    if (m) {
      const [, id, text] = m as unknown as [string, string, string];
      if (isRequirementId(id)) {
        current = { id, text: text.trim(), system, file, line: lineNo };
        doc.rules.push(current);
        if (current.text === "") doc.errors.push(`${file}:${lineNo}: ${id} has no rule text`);
        return;
      }
      // Words with a digit in capitals or with a dash (ACC_07, ACC 07, acc-07) are meant as
      // ids; plain list items such as "- Note: ..." are prose.
      if (/\d/.test(id) && /^[A-Za-z]{2,}/.test(id) && (/[A-Z]{2}/.test(id) || id.includes("-"))) {
        doc.errors.push(`${file}:${lineNo}: "${id}" is not a valid requirement id (expected e.g. ACC-07 or ACC-F01)`);
      }
      current = undefined;
      return;
    }
    if (current && /^\s{2,}\S/.test(raw) && !/^\s*[-*]\s/.test(raw)) {
      current.text = `${current.text} ${raw.trim()}`.trim();
      return;
    }
    if (raw.trim() === "" || !/^\s/.test(raw)) current = undefined;
  });
  return doc;
}

/** Errors across files: the same id defined more than once. */
export function duplicateIdErrors(docs: RequirementsDoc[]): string[] {
  const seen = new Map<string, Rule>();
  const errors: string[] = [];
  for (const doc of docs) {
    for (const rule of doc.rules) {
      const first = seen.get(rule.id);
      if (first) errors.push(`${rule.id} is defined twice: ${first.file}:${first.line} and ${rule.file}:${rule.line}`);
      else seen.set(rule.id, rule);
    }
  }
  return errors;
}
