/**
 * A tiny lexer for compiled SQL, used only to choose realistic cases: the identifiers the code names,
 * and the words that appear only in comments and string literals. It is deliberately independent of
 * Schematic's parsers, which the oracle measures.
 */

export interface SqlWords {
  /** Unquoted identifiers lower-cased, quoted ones verbatim. */
  readonly code: ReadonlySet<string>;
  /** Identifier-like words inside `--` and `/* *\/` comments. */
  readonly comments: ReadonlySet<string>;
  /** Identifier-like words inside '...' string literals. */
  readonly strings: ReadonlySet<string>;
}

function addWords(into: Set<string>, text: string): void {
  for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) into.add(match[0].toLowerCase());
}

/** Index of the end of a delimited run starting at `start` (which holds the opening delimiter). */
function closingQuote(sql: string, start: number, quote: string): number {
  let at = start + 1;
  while (at < sql.length) {
    if (sql[at] === quote) {
      if (sql[at + 1] === quote)
        at += 2; // doubled quote: an escaped one
      else return at;
    } else at += 1;
  }
  return sql.length;
}

export function sqlWords(sql: string): SqlWords {
  const code = new Set<string>();
  const comments = new Set<string>();
  const strings = new Set<string>();
  const identifier = /[A-Za-z_][A-Za-z0-9_]*/y;
  let at = 0;
  while (at < sql.length) {
    const char = sql[at]!;
    if (char === "-" && sql[at + 1] === "-") {
      const end = sql.indexOf("\n", at);
      const stop = end === -1 ? sql.length : end;
      addWords(comments, sql.slice(at + 2, stop));
      at = stop;
    } else if (char === "/" && sql[at + 1] === "*") {
      const end = sql.indexOf("*/", at + 2);
      const stop = end === -1 ? sql.length : end + 2;
      addWords(comments, sql.slice(at + 2, stop));
      at = stop;
    } else if (char === "'") {
      const end = closingQuote(sql, at, "'");
      addWords(strings, sql.slice(at + 1, end));
      at = end + 1;
    } else if (char === '"') {
      const end = closingQuote(sql, at, '"');
      code.add(sql.slice(at + 1, end).replaceAll('""', '"'));
      at = end + 1;
    } else if (/[A-Za-z_]/.test(char)) {
      identifier.lastIndex = at;
      const word = identifier.exec(sql)![0];
      code.add(word.toLowerCase());
      at += word.length;
    } else at += 1;
  }
  return { code, comments, strings };
}
