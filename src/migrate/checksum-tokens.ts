/**
 * The lexer a dialect's checksums are computed with, loaded without its parser: `status`, `verify` and an
 * `up` with nothing to apply compare checksums and never parse, and PostgreSQL's parser is WebAssembly that
 * takes longer to load than the whole command should (nothing-to-apply must stay near a bare Node start).
 * Each function is the same as its dialect's `tokens` (test/migrate/checksum-tokens.test.ts holds them
 * equal), so a checksum computed here equals one computed with the full dialect.
 */
import { createHash } from "node:crypto";
import type { Dialect, DialectName } from "../dialects/dialect.js";

export type Tokens = Dialect["tokens"];

export async function loadChecksumTokens(dialect: DialectName): Promise<Tokens> {
  switch (dialect) {
    case "postgres":
      return (await import("../dialects/postgres/lexer.js")).lexPostgres;
    case "mysql": {
      const [{ splitMysql }, { tokenize }] = await Promise.all([
        import("../dialects/mysql/split.js"),
        import("../dialects/mysql/lexer.js"),
      ]);
      return (sql) => splitMysql(sql).flatMap((statement) => tokenize(statement.text, statement.span.start));
    }
    case "starrocks": {
      const { tokenize } = await import("../dialects/starrocks/lexer.js");
      return (sql) => tokenize(sql).tokens;
    }
  }
}

/**
 * The checksum of a script: SHA-256 over the dialect lexer's tokens (comments and whitespace left out), each
 * length-prefixed so that token boundaries count. Reformatting never changes it; any token does.
 */
export function scriptChecksum(dialect: Pick<Dialect, "tokens">, text: string): string {
  const hash = createHash("sha256");
  for (const token of dialect.tokens(text)) {
    const piece = text.slice(token.start, token.end);
    hash.update(`${piece.length}:${piece}\n`);
  }
  return hash.digest("hex");
}
