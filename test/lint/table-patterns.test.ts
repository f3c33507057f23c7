import { describe, expect, it } from "vitest";
import { POSTGRES_IDENTIFIERS, STARROCKS_IDENTIFIERS } from "../../src/dialects/identifiers.js";
import { partitionColumnNames } from "../../src/lint/partitions.js";
import { matchesTablePattern } from "../../src/lint/table-patterns.js";

describe("table patterns", () => {
  it.each([
    ["raw.*", "raw", "trades", true],
    ["RAW.*", "raw", "Trades", true],
    ["raw.*", "rawx", "trades", false],
    ["raw.*", "mart", "trades", false],
    ["*.fct_*", "mart", "fct_trades", true],
    ["*.fct_*", "mart", "dim_symbol", false],
    ["stg_*", "raw", "stg_trades", true],
    ["stg_*", "raw", "trades_stg", false],
    ["raw.t?", "raw", "t1", true],
    ["raw.t?", "raw", "t12", false],
    ["raw.trades", "raw", "trades", true],
    ["raw.trades", "raw", "trades_2024", false],
    // `*` stays inside one part: a pattern for tables never matches "schema.table" across the dot.
    ["*", "raw", "trades", true],
    ["r*s", "raw", "trades", false],
    // Regular expression characters are literal.
    ["raw.a+b", "raw", "a+b", true],
    ["raw.a+b", "raw", "aab", false],
  ])("%s on %s.%s: %s", (pattern, schema, name, expected) => {
    expect(matchesTablePattern(pattern, { schema, name })).toBe(expected);
  });
});

describe("partition columns", () => {
  const columns = [{ name: "ts" }, { name: "Region" }, { name: "day" }];
  it.each([
    ["a column list", { kind: "range" as const, columns: ["ts"] }, ["ts"]],
    [
      "an expression: identifiers that are columns, not functions or literals",
      { kind: "range" as const, columns: [], expression: "date_trunc('day', ts)" },
      ["ts"],
    ],
    [
      "a quoted identifier, matched without case",
      { kind: "list" as const, columns: [], expression: 'lower("region")' },
      ["Region"],
    ],
    [
      "a column list and its expression, without repeats; an interval unit is no column",
      { kind: "expression" as const, columns: ["ts"], expression: "time_slice(ts, interval 7 day)" },
      ["ts"],
    ],
    [
      "a function named like a column is no column",
      { kind: "range" as const, columns: [], expression: "day (ts) + day" },
      ["ts", "day"],
    ],
  ])("%s", (_label, partitioning, expected) => {
    expect(partitionColumnNames({ identifiers: STARROCKS_IDENTIFIERS }, partitioning, columns)).toEqual(
      expected,
    );
  });

  it("reads identifiers as PostgreSQL does: unquoted ones folded, quoted ones exact", () => {
    const postgres = { identifiers: POSTGRES_IDENTIFIERS };
    const pgColumns = [{ name: "Region" }, { name: "ts" }];
    const byQuoted = { kind: "list" as const, columns: [], expression: '"Region"' };
    const byUnquoted = { kind: "range" as const, columns: [], expression: "date_trunc('day', TS) || Region" };
    expect(partitionColumnNames(postgres, byQuoted, pgColumns)).toEqual(["Region"]);
    expect(partitionColumnNames(postgres, byUnquoted, pgColumns)).toEqual(["ts"]);
  });
});
