/**
 * PostgreSQL's reserved words, as its own scanner classifies them (libpg-query's keyword table, the server's
 * kwlist.h), so the list never drifts from the parser that reads the migrations.
 *
 * Two of the scanner's four keyword kinds cannot name a table or a column without quotes: RESERVED_KEYWORD
 * (`user`, `order`, `select`) and TYPE_FUNC_NAME_KEYWORD (`left`, `verbose`, `authorization`: "reserved (can be
 * function or type)" in the manual's Appendix C). UNRESERVED and COL_NAME keywords (`name`, `time`, `int`) can.
 */
import { scanSql } from "./libpg.js";

/** libpg-query's keywordKind: 1 unreserved, 2 col_name, 3 type_func_name, 4 reserved. */
const TYPE_FUNC_NAME_KEYWORD = 3;

/** What an unquoted identifier may look like; anything else is no keyword. */
const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_$]*$/;

const known = new Map<string, boolean>();

/**
 * The word is reserved: an identifier spelled like it must be quoted wherever it is used. Case does not matter,
 * as for the keywords themselves (a quoted "Order" is not the keyword, but a reader who leaves the quotes off
 * gets it). Needs libpg-query loaded, which `createPostgresDialect` does.
 */
export function isPostgresReservedWord(word: string): boolean {
  const key = word.toLowerCase();
  let reserved = known.get(key);
  if (reserved === undefined) {
    reserved = PLAIN_WORD.test(key) && scannedKeywordKind(key) >= TYPE_FUNC_NAME_KEYWORD;
    known.set(key, reserved);
  }
  return reserved;
}

function scannedKeywordKind(word: string): number {
  try {
    const tokens = scanSql(word).tokens;
    return tokens.length === 1 ? (tokens[0]?.keywordKind ?? 0) : 0;
  } catch {
    return 0;
  }
}
