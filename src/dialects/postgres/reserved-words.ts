/**
 * PostgreSQL's reserved words, as its own scanner classifies them (the keyword table generated from
 * libpg-query's build of the server's kwlist.h), so the list never drifts from the parser that reads the
 * migrations.
 *
 * Two of the scanner's four keyword kinds cannot name a table or a column without quotes: RESERVED_KEYWORD
 * (`user`, `order`, `select`) and TYPE_FUNC_NAME_KEYWORD (`left`, `verbose`, `authorization`: "reserved (can be
 * function or type)" in the manual's Appendix C). UNRESERVED and COL_NAME keywords (`name`, `time`, `int`) can.
 */
import { POSTGRES_KEYWORDS } from "./keywords.js";

const TYPE_FUNC_NAME_KEYWORD = 3;

/**
 * The word is reserved: an identifier spelled like it must be quoted wherever it is used. Case does not matter,
 * as for the keywords themselves (a quoted "Order" is not the keyword, but a reader who leaves the quotes off
 * gets it).
 */
export function isPostgresReservedWord(word: string): boolean {
  return (POSTGRES_KEYWORDS.get(word.toLowerCase()) ?? 0) >= TYPE_FUNC_NAME_KEYWORD;
}
