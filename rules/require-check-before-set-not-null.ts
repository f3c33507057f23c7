import { type Catalog, findColumn, findTable, qualify, sameNameInTable } from "../src/catalog/model.js";
import { storedIdentifier } from "../src/dialects/identifiers.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { changesOfKind, defineRule, formatQualified } from "../src/lint/rule.js";
import type { Constraint } from "../src/sql/changes.js";

/**
 * SET NOT NULL scans the whole table for NULLs under an ACCESS EXCLUSIVE lock: reads and writes wait. Since
 * PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) already proves it, and such a
 * check can be added NOT VALID and validated under a weak lock first.
 */
export default defineRule({
  meta: {
    id: "require-check-before-set-not-null",
    description:
      "Prove a column has no NULLs with a validated CHECK (col IS NOT NULL) before SET NOT NULL on an existing table.",
    category: "locks",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { notValidConstraints: true, nullabilityCanTighten: true },
    messages: {
      scansTable:
        "SET NOT NULL on {{object}} scans the whole existing table under an ACCESS EXCLUSIVE lock (reads and writes wait), because no validated CHECK ({{column}} IS NOT NULL) proves it first.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of changesOfKind(context.file, "set_nullability")) {
      const { change } = entry;
      if (change.nullable) continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const existing = findTable(entry.before, table);
      if (existing && findColumn(entry.before, existing, change.column)?.nullable === false) continue;
      const proves = (constraint: Constraint) => provesNotNull(entry.before, constraint, change.column);
      if (existing?.constraints.some(proves)) continue;
      const object = formatQualified(table, change.column);
      context.report({
        messageId: "scansTable",
        data: { object, column: change.column },
        span: change.span,
        object,
        help: "In one migration ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; in a later one VALIDATE CONSTRAINT c; then SET NOT NULL (no scan) and DROP CONSTRAINT c.",
      });
    }
  },
});

/**
 * A validated CHECK whose expression has `col IS NOT NULL` (or `NOT (col IS NULL)`) as one of its top-level
 * AND terms: what PostgreSQL's planner accepts as proof. `col > 0` does not prove it: NULL passes a CHECK.
 */
function provesNotNull(catalog: Catalog, constraint: Constraint, column: string): boolean {
  if (constraint.kind !== "check" || constraint.notValid) return false;
  return topLevelTerms(constraint.expression).some((term) => isNotNullTest(catalog, term, column));
}

function isNotNullTest(catalog: Catalog, term: string, column: string): boolean {
  const notNull = /^(.+?)\s+is\s+not\s+null$/i.exec(term);
  if (notNull) return namesColumn(catalog, notNull[1]!, column);
  const negated = /^not\s*\((.+)\)$/i.exec(term) ?? /^not\s+(.+)$/i.exec(term);
  const isNull = negated && /^(.+?)\s+is\s+null$/i.exec(unwrap(negated[1]!));
  return isNull ? namesColumn(catalog, isNull[1]!, column) : false;
}

/** `col`, `"Col"` or `t.col`, read as the database reads an identifier (unquoted ones folded). */
function namesColumn(catalog: Catalog, text: string, column: string): boolean {
  const last = unwrap(text).split(".").at(-1)!.trim();
  const quoted = last.length > 1 && last.startsWith('"') && last.endsWith('"');
  const written = quoted ? last.slice(1, -1).replace(/""/g, '"') : last;
  return sameNameInTable(catalog, storedIdentifier(catalog.identifiers, written, quoted), column);
}

/** Splits `a AND (b) AND c` into its terms at parenthesis depth 0, outside quotes, without outer parentheses. */
function topLevelTerms(expression: string): string[] {
  const text = unwrap(expression);
  const terms: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (depth === 0 && /^\sand\s/i.test(text.slice(i, i + 5))) {
      terms.push(text.slice(start, i));
      start = i + 4;
    }
  }
  terms.push(text.slice(start));
  return terms.map(unwrap);
}

/** Removes whitespace and parentheses that wrap the whole text: `((a IS NOT NULL))` -> `a IS NOT NULL`. */
function unwrap(text: string): string {
  let current = text.trim();
  while (current.startsWith("(") && closingParenthesis(current) === current.length - 1) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

function closingParenthesis(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i;
  }
  return -1;
}
