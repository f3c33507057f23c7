import { describe, expect, it } from "vitest";
import {
  compareStarrocksTypes,
  normalizeStarrocksType,
  starrocksSchemaChangeAllowed,
} from "../../../src/dialects/starrocks/types.js";
import type { DataType } from "../../../src/sql/data-type.js";
import { changesOf } from "./helpers.js";

describe("normalizeStarrocksType", () => {
  it.each<[string, DataType]>([
    ["TINYINT", { family: "integer", name: "tinyint", bits: 8, raw: "TINYINT" }],
    ["smallint(6)", { family: "integer", name: "smallint", bits: 16, raw: "smallint(6)" }],
    ["INT(11)", { family: "integer", name: "int", bits: 32, raw: "INT(11)" }],
    ["integer", { family: "integer", name: "int", bits: 32, raw: "integer" }],
    ["bigint(20)", { family: "integer", name: "bigint", bits: 64, raw: "bigint(20)" }],
    ["LARGEINT", { family: "integer", name: "largeint", bits: 128, raw: "LARGEINT" }],
    ["BOOLEAN", { family: "boolean", name: "boolean", raw: "BOOLEAN" }],
    ["FLOAT", { family: "float", name: "float", bits: 32, raw: "FLOAT" }],
    ["Double", { family: "float", name: "double", bits: 64, raw: "Double" }],
    ["DECIMAL", { family: "decimal", name: "decimal", precision: 10, scale: 0, raw: "DECIMAL" }],
    ["DECIMAL(20)", { family: "decimal", name: "decimal", precision: 20, scale: 0, raw: "DECIMAL(20)" }],
    [
      "decimal(10, 2)",
      { family: "decimal", name: "decimal", precision: 10, scale: 2, raw: "decimal(10, 2)" },
    ],
    [
      "DECIMALV2(27,9)",
      { family: "decimal", name: "decimalv2", precision: 27, scale: 9, raw: "DECIMALV2(27,9)" },
    ],
    ["DECIMAL32(9,2)", { family: "decimal", name: "decimal", precision: 9, scale: 2, raw: "DECIMAL32(9,2)" }],
    ["DECIMAL64", { family: "decimal", name: "decimal", precision: 18, scale: 0, raw: "DECIMAL64" }],
    [
      "DECIMAL128(38, 9)",
      { family: "decimal", name: "decimal", precision: 38, scale: 9, raw: "DECIMAL128(38, 9)" },
    ],
    ["CHAR", { family: "string", name: "char", length: 1, fixedLength: true, raw: "CHAR" }],
    ["CHAR(10)", { family: "string", name: "char", length: 10, fixedLength: true, raw: "CHAR(10)" }],
    ["VARCHAR", { family: "string", name: "varchar", length: 1, raw: "VARCHAR" }],
    ["varchar(1048576)", { family: "string", name: "varchar", length: 1048576, raw: "varchar(1048576)" }],
    ["STRING", { family: "string", name: "string", length: 65533, raw: "STRING" }],
    ["BINARY", { family: "binary", name: "varbinary", length: 1048576, raw: "BINARY" }],
    ["VARBINARY(16)", { family: "binary", name: "varbinary", length: 16, raw: "VARBINARY(16)" }],
    ["DATE", { family: "date", name: "date", raw: "DATE" }],
    ["datetime", { family: "timestamp", name: "datetime", raw: "datetime" }],
    ["JSON", { family: "json", name: "json", raw: "JSON" }],
    ["BITMAP", { family: "bitmap", name: "bitmap", raw: "BITMAP" }],
    ["HLL", { family: "hll", name: "hll", raw: "HLL" }],
    ["PERCENTILE", { family: "other", name: "percentile", raw: "PERCENTILE" }],
    [
      "ARRAY<INT>",
      {
        family: "array",
        name: "array",
        raw: "ARRAY<INT>",
        element: { family: "integer", name: "int", bits: 32, raw: "INT" },
      },
    ],
    [
      "ARRAY<ARRAY<VARCHAR(10)>>",
      {
        family: "array",
        name: "array",
        raw: "ARRAY<ARRAY<VARCHAR(10)>>",
        element: {
          family: "array",
          name: "array",
          raw: "ARRAY<VARCHAR(10)>",
          element: { family: "string", name: "varchar", length: 10, raw: "VARCHAR(10)" },
        },
      },
    ],
    [
      "MAP<DATE, MAP<VARCHAR(10), INT>>",
      {
        family: "map",
        name: "map",
        raw: "MAP<DATE, MAP<VARCHAR(10), INT>>",
        key: { family: "date", name: "date", raw: "DATE" },
        element: {
          family: "map",
          name: "map",
          raw: "MAP<VARCHAR(10), INT>",
          key: { family: "string", name: "varchar", length: 10, raw: "VARCHAR(10)" },
          element: { family: "integer", name: "int", bits: 32, raw: "INT" },
        },
      },
    ],
    [
      "STRUCT<a INT, b STRUCT<c STRING>>",
      {
        family: "struct",
        name: "struct",
        raw: "STRUCT<a INT, b STRUCT<c STRING>>",
        fields: [
          { name: "a", type: { family: "integer", name: "int", bits: 32, raw: "INT" } },
          {
            name: "b",
            type: {
              family: "struct",
              name: "struct",
              raw: "STRUCT<c STRING>",
              fields: [
                { name: "c", type: { family: "string", name: "string", length: 65533, raw: "STRING" } },
              ],
            },
          },
        ],
      },
    ],
    ["TEXT", { family: "string", name: "string", length: 65533, raw: "TEXT" }],
    // SIGNED / UNSIGNED [INT | INTEGER]: StarRocks' TypeParser makes all of them a signed INT.
    ["SIGNED", { family: "integer", name: "int", bits: 32, raw: "SIGNED" }],
    ["signed integer", { family: "integer", name: "int", bits: 32, raw: "signed integer" }],
    ["UNSIGNED INT", { family: "integer", name: "int", bits: 32, raw: "UNSIGNED INT" }],
    ["NUMBER(12,3)", { family: "decimal", name: "decimal", precision: 12, scale: 3, raw: "NUMBER(12,3)" }],
    ["DECIMAL256", { family: "decimal", name: "decimal", precision: 76, scale: 0, raw: "DECIMAL256" }],
    [
      "int(10) unsigned",
      { family: "integer", name: "int", bits: 32, unsigned: true, raw: "int(10) unsigned" },
    ],
    ["  int  ", { family: "integer", name: "int", bits: 32, raw: "int" }],
    ["GEOMETRY", { family: "other", name: "geometry", raw: "GEOMETRY" }],
    ["ARRAY<", { family: "other", name: "array<", raw: "ARRAY<" }],
    ["INT INT", { family: "other", name: "int int", raw: "INT INT" }],
  ])("%s", (raw, expected) => {
    expect(normalizeStarrocksType(raw)).toEqual(expected);
  });
});

describe("column types in a statement, where unknown names are refused", () => {
  it("accepts SIGNED and UNSIGNED [INT | INTEGER] as INT", () => {
    const [change] = changesOf("CREATE TABLE t (a SIGNED INT, b UNSIGNED, c UNSIGNED INTEGER NOT NULL)");
    expect(change?.kind === "create_table" && change.table.columns.map((c) => [c.type, c.nullable])).toEqual([
      [{ family: "integer", name: "int", bits: 32, raw: "SIGNED INT" }, true],
      [{ family: "integer", name: "int", bits: 32, raw: "UNSIGNED" }, true],
      [{ family: "integer", name: "int", bits: 32, raw: "UNSIGNED INTEGER" }, false],
    ]);
  });
});

describe("starrocksSchemaChangeAllowed", () => {
  const t = normalizeStarrocksType;
  it.each<[string, string, boolean]>([
    ["TINYINT", "INT", true],
    ["INT", "BIGINT", true],
    ["BIGINT", "LARGEINT", true],
    ["INT", "DOUBLE", true],
    ["BIGINT", "INT", false],
    ["INT", "FLOAT", false],
    ["INT", "DATE", true],
    ["BIGINT", "DATE", false],
    ["INT", "VARCHAR(20)", true],
    ["LARGEINT", "VARCHAR(64)", true],
    ["FLOAT", "DOUBLE", true],
    ["DOUBLE", "FLOAT", false],
    ["DOUBLE", "VARCHAR(30)", true],
    ["VARCHAR(32)", "VARCHAR(64)", true],
    ["VARCHAR(64)", "VARCHAR(32)", false],
    ["VARCHAR(10)", "STRING", true],
    ["CHAR(10)", "VARCHAR(10)", true],
    ["CHAR(10)", "CHAR(20)", true],
    ["VARCHAR(10)", "INT", true],
    ["VARCHAR(10)", "DATE", true],
    ["VARCHAR(10)", "DATETIME", false],
    ["VARCHAR(100)", "DECIMAL(10,2)", true],
    ["VARCHAR(100)", "JSON", true],
    ["JSON", "VARCHAR(100)", true],
    ["DATETIME", "DATE", true],
    ["DATE", "DATETIME", true],
    ["DATE", "VARCHAR(10)", false],
    ["DECIMAL(10,2)", "DECIMAL(12,2)", true],
    ["DECIMAL(10,2)", "DECIMAL(12,4)", true],
    ["DECIMAL(10,2)", "DECIMAL(10,3)", false],
    ["DECIMAL(10,2)", "DECIMAL(12,1)", false],
    ["DECIMAL32(9,2)", "DECIMAL64(18,2)", true],
    ["DECIMAL(10,2)", "VARCHAR(12)", true],
    ["DECIMAL(10,2)", "VARCHAR(11)", false],
    ["DECIMALV2(27,9)", "DECIMAL(27,9)", false],
    ["BOOLEAN", "INT", false],
    ["BITMAP", "BITMAP", true],
    ["ARRAY<INT>", "ARRAY<BIGINT>", false],
    ["ARRAY<INT>", "ARRAY<INT>", true],
  ])("%s -> %s: %s", (from, to, allowed) => {
    expect(starrocksSchemaChangeAllowed(t(from), t(to))).toBe(allowed);
  });
});

describe("compareStarrocksTypes", () => {
  const t = normalizeStarrocksType;
  it.each<[string, string, string]>([
    ["INT", "INT(11)", "identical"],
    ["STRING", "VARCHAR(65533)", "identical"],
    ["INT", "BIGINT", "widening"],
    ["BIGINT", "INT", "narrowing"],
    ["BIGINT", "LARGEINT", "widening"],
    ["VARCHAR(10)", "VARCHAR(20)", "widening"],
    ["VARCHAR(20)", "STRING", "widening"],
    ["DATE", "DATETIME", "widening"],
    ["DATETIME", "DATE", "lossy"],
    ["DECIMAL(10,2)", "DECIMAL(10,1)", "lossy"],
    // Numbers written as text: StarRocks converts them; long enough strings keep every value.
    ["INT", "VARCHAR(11)", "widening"],
    ["INT", "VARCHAR(5)", "narrowing"],
    ["BIGINT", "STRING", "widening"],
    ["DECIMAL(10,2)", "VARCHAR(12)", "widening"],
    ["DOUBLE", "VARCHAR(10)", "narrowing"],
    ["VARCHAR(10)", "INT", "incompatible"],
    ["DATE", "BOOLEAN", "incompatible"],
  ])("%s -> %s: %s", (from, to, expected) => {
    expect(compareStarrocksTypes(t(from), t(to))).toBe(expected);
  });
});
