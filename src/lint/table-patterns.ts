import type { QualifiedName } from "../catalog/model.js";

/**
 * Table patterns in rule options: a glob over `schema.table`, compared without regard to case because
 * users write `raw.*` whatever case the database folds names to.
 *
 * - `*` matches any run of characters within one part (never the dot between schema and table);
 * - `?` matches one character;
 * - a pattern without a dot is about the table name in any schema (`stg_*`).
 */
export function matchesTablePattern(pattern: string, table: QualifiedName): boolean {
  const subject = pattern.includes(".") ? `${table.schema}.${table.name}` : table.name;
  return globToRegExp(pattern).test(subject);
}

export function matchesAnyTablePattern(patterns: readonly string[], table: QualifiedName): boolean {
  return patterns.some((pattern) => matchesTablePattern(pattern, table));
}

/** The first pattern that matches, for messages that say why the table is held to a requirement. */
export function firstMatchingPattern(patterns: readonly string[], table: QualifiedName): string | undefined {
  return patterns.find((pattern) => matchesTablePattern(pattern, table));
}

const compiled = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (regexp) return regexp;
  const body = [...pattern]
    .map((char) => {
      if (char === "*") return "[^.]*";
      if (char === "?") return "[^.]";
      return char.replace(/[\\^$+.()|{}[\]]/g, "\\$&");
    })
    .join("");
  regexp = new RegExp(`^${body}$`, "i");
  compiled.set(pattern, regexp);
  return regexp;
}
