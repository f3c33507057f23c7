/**
 * Rewrites that let node-sql-parser read valid warehouse SQL its grammars reject. They are applied
 * only on a retry, after the SQL as written failed to parse, and only to code outside string
 * literals, quoted identifiers and comments; the node's notes say when one was needed.
 */
import { lookupTable } from "../../lookup-table.js";

export interface SqlRepair {
  /** For the note: what was rewritten. */
  readonly description: string;
  readonly rewrite: (sql: string) => string;
}

/**
 * Snowflake: the grammar throws ("column_symbol is not defined") on a qualified column followed by
 * a multi-step semi-structured path, `t.payload:customer.id`, common in staging models over JSON;
 * and it does not know `WITHIN GROUP (ORDER BY ...)` (LISTAGG, ARRAY_AGG). Lineage needs the column
 * only, so every path is cut to its first step (`t.payload:customer`) and WITHIN GROUP is dropped
 * (its ORDER BY columns are lost: the note says so).
 */
export const SNOWFLAKE_REPAIRS: SqlRepair = {
  description:
    "semi-structured paths cut to their first step (t.col:a.b -> t.col:a), WITHIN GROUP (ORDER BY ...) dropped",
  rewrite: (sql) => rewriteCode(sql, (code) => dropWithinGroup(code.replace(JSON_PATH_TAIL, ":$1"))),
};

/** `:step.more[0]` -> `:step`, but not a `::type` cast. */
const JSON_PATH_TAIL = /(?<!:):(?!:)(\s*[A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*|\[[^\]]*\])+)/g;

const WITHIN_GROUP = /\bwithin\s+group\s*\(/gi;

/** Removes each `WITHIN GROUP ( ... )` whose parentheses balance within this stretch of code. */
function dropWithinGroup(code: string): string {
  let result = "";
  let copiedUpTo = 0;
  for (const match of code.matchAll(WITHIN_GROUP)) {
    const start = match.index;
    if (start < copiedUpTo) continue;
    let depth = 0;
    let end = -1;
    for (let index = start + match[0].length - 1; index < code.length; index++) {
      if (code[index] === "(") depth++;
      else if (code[index] === ")" && --depth === 0) {
        end = index + 1;
        break;
      }
    }
    if (end < 0) continue;
    result += code.slice(copiedUpTo, start);
    copiedUpTo = end;
  }
  return result + code.slice(copiedUpTo);
}

/**
 * BigQuery: the grammar knows INT64, BOOL, NUMERIC, STRING but not their aliases (BIGINT, BOOLEAN,
 * DECIMAL, ...) that dbt's cross-database macros emit. Types do not matter for lineage.
 */
export const NORMALIZE_BIGQUERY_TYPE_ALIASES: SqlRepair = {
  description: "BigQuery type aliases (BIGINT, BOOLEAN, DECIMAL, ...) read as INT64, BOOL, NUMERIC",
  rewrite: (sql) =>
    rewriteCode(sql, (code) =>
      code.replace(BIGQUERY_TYPE_ALIAS, (_match, space: string, type: string, after: string) => {
        return `as${space}${BIGQUERY_CANONICAL_TYPES[type.toLowerCase()] ?? type}${after}`;
      }),
    ),
};

const BIGQUERY_CANONICAL_TYPES: Readonly<Record<string, string>> = lookupTable({
  int: "int64",
  bigint: "int64",
  smallint: "int64",
  tinyint: "int64",
  byteint: "int64",
  boolean: "bool",
  decimal: "numeric",
  bigdecimal: "numeric",
  bignumeric: "numeric",
  bytes: "string",
  json: "string",
});

/** `as bigint)` inside CAST, or `<bigint>` / `, boolean>` in ARRAY<...> / STRUCT<...>. */
const BIGQUERY_TYPE_ALIAS =
  /\bas(\s+)(int|bigint|smallint|tinyint|byteint|boolean|decimal|bigdecimal|bignumeric|bytes|json)\b(\s*[)>,])/gi;

/** Applies `rewrite` to each stretch of code between literals and comments; those stay as they are. */
export function rewriteCode(sql: string, rewrite: (code: string) => string): string {
  let result = "";
  let codeStart = 0;
  let index = 0;
  while (index < sql.length) {
    const end = endOfLiteralOrComment(sql, index);
    if (end === index) {
      index++;
      continue;
    }
    result += rewrite(sql.slice(codeStart, index)) + sql.slice(index, end);
    codeStart = end;
    index = end;
  }
  return result + rewrite(sql.slice(codeStart));
}

/** The end of the string, quoted identifier or comment starting at `start`, or `start` when none does. */
function endOfLiteralOrComment(sql: string, start: number): number {
  const char = sql[start];
  const next = sql[start + 1];
  if (char === "-" && next === "-") return endOf(sql, "\n", start + 2);
  if (char === "/" && next === "*") return endOf(sql, "*/", start + 2);
  if (char === "$" && next === "$") return endOf(sql, "$$", start + 2);
  if (char === "'" || char === '"' || char === "`") {
    for (let index = start + 1; index < sql.length; index++) {
      if (sql[index] === "\\") index++;
      else if (sql[index] === char) {
        if (sql[index + 1] !== char) return index + 1;
        index++; // a doubled quote inside the literal
      }
    }
    return sql.length;
  }
  return start;
}

function endOf(sql: string, terminator: string, from: number): number {
  const found = sql.indexOf(terminator, from);
  return found < 0 ? sql.length : found + terminator.length;
}
