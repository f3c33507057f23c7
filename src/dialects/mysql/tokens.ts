/**
 * MySQL's tokens for checksums and edit detection, loadable without the parser (the registry's lexer slot):
 * statement by statement, as the splitter unwraps executable comments (/*!40101 … *\/), which run as code.
 */
import type { Span } from "../../sql/span.js";
import { tokenize } from "./lexer.js";
import { splitMysql } from "./split.js";

export function mysqlTokens(sql: string): readonly Span[] {
  return splitMysql(sql).flatMap((statement) => tokenize(statement.text, statement.span.start));
}
