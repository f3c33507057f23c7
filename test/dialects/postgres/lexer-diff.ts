/**
 * Compares lexPostgres with libpg-query's scanner (the server's scan.l compiled to WebAssembly) on one
 * text: the token boundaries, keyword categories and identifiers. Used by the lexer's tests and by
 * bench/corpus/postgres-lexer-measure.ts over the real corpora.
 */
import { type LexedToken, lexPostgres } from "../../../src/dialects/postgres/lexer.js";
import { scanSql } from "../../../src/dialects/postgres/libpg.js";
import { byteToCharOffsets } from "../../../src/sql/span.js";

export interface LexerDifference {
  readonly offset: number;
  readonly ours: string;
  readonly scanner: string;
}

/** The first token where the two disagree, or undefined; also undefined when the scanner refuses the text. */
export function firstLexerDifference(
  text: string,
  lex: (text: string) => readonly LexedToken[] = lexPostgres,
): LexerDifference | undefined {
  let scanned: ReturnType<typeof scanSql>["tokens"];
  try {
    scanned = scanSql(text).tokens;
  } catch {
    return undefined;
  }
  const toChar = byteToCharOffsets(text);
  const expected = scanned
    .filter((token) => token.tokenName !== "SQL_COMMENT" && token.tokenName !== "C_COMMENT")
    .map((token) =>
      describe(
        text,
        toChar(token.start),
        toChar(token.end),
        token.keywordKind,
        // U&"…" (UIDENT, which the scanner names UNKNOWN) is a quoted name like IDENT's "…".
        token.tokenName === "IDENT" || /^[uU]&"/.test(token.text),
      ),
    );
  const actual = lex(text).map((token) =>
    describe(text, token.start, token.end, token.keywordKind, token.identifier),
  );
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i]?.key !== actual[i]?.key) {
      return {
        offset: expected[i]?.start ?? actual[i]?.start ?? text.length,
        ours: actual[i]?.key ?? "(no token)",
        scanner: expected[i]?.key ?? "(no token)",
      };
    }
  }
  return undefined;
}

function describe(text: string, start: number, end: number, keywordKind: number, identifier: boolean) {
  const kind = identifier ? "ident" : keywordKind > 0 ? `keyword${keywordKind}` : "other";
  return { start, key: `${start}-${end} ${kind} ${JSON.stringify(text.slice(start, end).slice(0, 40))}` };
}
