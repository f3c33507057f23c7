/**
 * How a database compares names: one policy per dialect, from its reference manual, used by the catalog,
 * the dbt relation matcher and every rule. Nothing else decides whether two names are the same object.
 *
 * - PostgreSQL folds an unquoted identifier to lower case when it parses it, and compares names exactly:
 *   `"Orders_Data"` and `orders_data` are two tables.
 * - MySQL/MariaDB keep identifiers as written. Column and index names never depend on case. Database and
 *   table names are file names, compared as `lower_case_table_names` says: 0 (the default on Linux) exactly,
 *   1 (Windows) and 2 (macOS) without regard to case.
 * - StarRocks keeps identifiers as written; database and table names are case-sensitive ("Table names in
 *   StarRocks are case-sensitive", System variables: lower_case_table_names), column names are not.
 *
 * The policy also says how a name is written: which names need no quotes, and the quote for the others.
 */

/** Whether names of one kind match exactly, or equal but for case. */
export type NameComparison = "exact" | "ignore-case";

export interface IdentifierCase {
  /** What the parser does to an identifier written without quotes. */
  readonly unquoted: "lower" | "keep";
  /** Schema (database), table and view names. */
  readonly relations: NameComparison;
  /** Column names (and the index and partition names that share their rules). */
  readonly columns: NameComparison;
  /** The names the parser reads without quotes (in any case; `unquoted` says what it does to the case). */
  readonly plainName: RegExp;
  /** The quote that lets any other name through. */
  readonly quote: '"' | "`";
}

/**
 * PostgreSQL's scanner (scan.l): a letter, an underscore or any non-ASCII character, then those, digits and
 * dollar signs.
 */
const POSTGRES_PLAIN_NAME = /^[A-Za-z_\u{80}-\u{10FFFF}][A-Za-z0-9_$\u{80}-\u{10FFFF}]*$/u;

/**
 * MySQL's "Schema Object Names": letters, digits, `$`, `_` and U+0080..U+FFFF, not digits only (a leading
 * digit is allowed). StarRocks' lexer (StarRocksLex.g4 LETTER_IDENTIFIER, DIGIT_IDENTIFIER) reads the same.
 */
const MYSQL_PLAIN_NAME = /^(?![0-9]+$)[A-Za-z0-9_$\u{80}-\u{FFFF}]+$/u;

export const POSTGRES_IDENTIFIERS: IdentifierCase = {
  unquoted: "lower",
  relations: "exact",
  columns: "exact",
  plainName: POSTGRES_PLAIN_NAME,
  quote: '"',
};

export const STARROCKS_IDENTIFIERS: IdentifierCase = {
  unquoted: "keep",
  relations: "exact",
  columns: "ignore-case",
  plainName: MYSQL_PLAIN_NAME,
  quote: "`",
};

/** MySQL's server variable: 0 compares table names exactly, 1 and 2 without regard to case. */
export type LowerCaseTableNames = 0 | 1 | 2;

export function mysqlIdentifiers(lowerCaseTableNames: LowerCaseTableNames = 0): IdentifierCase {
  return {
    unquoted: "keep",
    relations: lowerCaseTableNames === 0 ? "exact" : "ignore-case",
    columns: "ignore-case",
    plainName: MYSQL_PLAIN_NAME,
    quote: "`",
  };
}

/** The key two names of one kind share exactly when the database takes them for the same name. */
export function nameKey(comparison: NameComparison, name: string): string {
  return comparison === "ignore-case" ? name.toLowerCase() : name;
}

export function sameName(comparison: NameComparison, a: string, b: string): boolean {
  return a === b || (comparison === "ignore-case" && a.toLowerCase() === b.toLowerCase());
}

/** The comparison key of a relation: schema and name, each under the policy for relation names. */
export function relationKey(policy: IdentifierCase, schema: string, name: string): string {
  // A NUL cannot occur in an identifier, so `a.b`.`c` and `a`.`b.c` stay apart.
  return `${nameKey(policy.relations, schema)}\u0000${nameKey(policy.relations, name)}`;
}

/** An identifier as the database stores it: unquoted ones folded as its parser folds them. */
export function storedIdentifier(policy: IdentifierCase, text: string, quoted: boolean): string {
  return !quoted && policy.unquoted === "lower" ? text.toLowerCase() : text;
}

/**
 * The name must be quoted wherever it is written, for as long as it lives: unquoted, the parser reads another
 * name (PostgreSQL folds `Orders` to orders) or no name at all (spaces, punctuation).
 */
export function needsQuotes(policy: IdentifierCase, name: string): boolean {
  return !policy.plainName.test(name) || storedIdentifier(policy, name, false) !== name;
}

/** The name as a statement must write it to mean exactly this name: "Orders", `order details`. */
export function quoteIdentifier(policy: IdentifierCase, name: string): string {
  return `${policy.quote}${name.replaceAll(policy.quote, policy.quote.repeat(2))}${policy.quote}`;
}
