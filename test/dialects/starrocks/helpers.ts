import { expect } from "vitest";
import { parseStarrocks } from "../../../src/dialects/starrocks/parser.js";
import type { Change, ParsedStatement } from "../../../src/sql/changes.js";
import type { DataType } from "../../../src/sql/data-type.js";
import type { Span } from "../../../src/sql/span.js";

/** The span of the `occurrence`-th appearance of `fragment` in `sql`, found by text search. */
export function at(sql: string, fragment: string, occurrence = 0): Span {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = sql.indexOf(fragment, start + 1);
    if (start < 0) throw new Error(`fragment not found: ${fragment}`);
  }
  return { start, end: start + fragment.length };
}

/** Parses a single statement that must parse without errors. */
export function parseOne(sql: string): ParsedStatement {
  const parsed = parseStarrocks(sql);
  expect(parsed.errors).toEqual([]);
  expect(parsed.statements).toHaveLength(1);
  return parsed.statements[0]!;
}

export function changesOf(sql: string): readonly Change[] {
  return parseOne(sql).changes;
}

/** Type literals as the parser builds them, to keep expectations short. */
export const types = {
  int: (raw = "INT"): DataType => ({ family: "integer", name: "int", bits: 32, raw }),
  bigint: (raw = "BIGINT"): DataType => ({ family: "integer", name: "bigint", bits: 64, raw }),
  tinyint: (raw = "TINYINT"): DataType => ({ family: "integer", name: "tinyint", bits: 8, raw }),
  varchar: (length: number, raw = `VARCHAR(${length})`): DataType => ({
    family: "string",
    name: "varchar",
    length,
    raw,
  }),
  decimal: (precision: number, scale: number, raw: string): DataType => ({
    family: "decimal",
    name: "decimal",
    precision,
    scale,
    raw,
  }),
  date: (raw = "DATE"): DataType => ({ family: "date", name: "date", raw }),
  datetime: (raw = "DATETIME"): DataType => ({ family: "timestamp", name: "datetime", raw }),
};
