import { describe, expect, it } from "vitest";
import { starrocksAllowsKeyColumnType } from "../src/dialects/starrocks/key-types.js";
import type { DataType } from "../src/sql/data-type.js";
import { lint, summarize as summary } from "../test/helpers/rule-harness.js";
import rule from "./ban-float-keys.js";

const HISTORY = {
  postgres: [
    "CREATE TABLE raw.levels (px double precision NOT NULL, qty numeric);",
    "CREATE TABLE raw.ticks (px numeric PRIMARY KEY);",
  ],
  mysql: ["CREATE TABLE ticks (px DECIMAL(18, 6) PRIMARY KEY);"],
  starrocks: [
    "CREATE TABLE ticks (sym VARCHAR(16), px DECIMAL(18, 6), qty DOUBLE) DUPLICATE KEY(sym, px) DISTRIBUTED BY HASH(sym);",
  ],
};

describe("ban-float-keys", () => {
  it.each([
    [
      "postgres",
      "a numeric key",
      "CREATE TABLE raw.bars (px numeric(18, 6) PRIMARY KEY, vwap double precision);",
    ],
    [
      "postgres",
      "a float column that is not a key",
      "ALTER TABLE raw.ticks ADD COLUMN mid double precision;",
    ],
    ["mysql", "a DECIMAL key", "CREATE TABLE bars (px DECIMAL(18, 6) PRIMARY KEY, vwap DOUBLE);"],
    [
      "starrocks",
      "a DECIMAL key of a DUPLICATE KEY table",
      "CREATE TABLE bars (sym VARCHAR(16), px DECIMAL(18, 6), vwap DOUBLE) DUPLICATE KEY(sym, px) DISTRIBUTED BY HASH(sym);",
    ],
    [
      "starrocks",
      "a DOUBLE value column of a PRIMARY KEY table",
      "CREATE TABLE bars (id BIGINT NOT NULL, vwap DOUBLE) PRIMARY KEY(id) DISTRIBUTED BY HASH(id);",
    ],
    ["starrocks", "a DOUBLE value column added", "ALTER TABLE ticks ADD COLUMN mid DOUBLE;"],
  ] as const)("passes on %s: %s", async (dialect, _label, sql) => {
    expect(await lint(rule, sql, { dialect, history: HISTORY[dialect] })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "a double precision primary key: legal, so a warning",
      "CREATE TABLE raw.bars (\n  px double precision PRIMARY KEY\n);",
      [{ messageId: "floatKey", severity: "warning", line: 2, column: 3, object: "raw.bars.px" }],
    ],
    [
      "postgres",
      "a primary key added on a float column",
      "ALTER TABLE raw.levels ADD PRIMARY KEY (px);",
      [{ messageId: "floatKey", severity: "warning", line: 1, column: 28, object: "raw.levels.px" }],
    ],
    [
      "postgres",
      "a key column changed to real",
      "ALTER TABLE raw.ticks ALTER COLUMN px TYPE real;",
      [{ messageId: "floatKey", severity: "warning", line: 1, column: 23, object: "raw.ticks.px" }],
    ],
    [
      "mysql",
      "a FLOAT primary key",
      "CREATE TABLE bars (px FLOAT NOT NULL, PRIMARY KEY (px));",
      [{ messageId: "floatKey", severity: "warning", line: 1, column: 20, object: "bars.px" }],
    ],
    [
      "starrocks",
      "a DOUBLE key of a DUPLICATE KEY table: refused",
      "CREATE TABLE bars (\n  sym VARCHAR(16),\n  px DOUBLE\n) DUPLICATE KEY(sym, px) DISTRIBUTED BY HASH(sym);",
      [{ messageId: "refusedKey", severity: "error", line: 3, column: 3, object: "bars.px" }],
    ],
    [
      "starrocks",
      "a DECIMAL key of a PRIMARY KEY table: refused",
      "CREATE TABLE bars (id BIGINT NOT NULL, px DECIMAL(18, 6) NOT NULL) PRIMARY KEY(id, px) DISTRIBUTED BY HASH(id);",
      [{ messageId: "refusedKey", severity: "error", line: 1, column: 40, object: "bars.px" }],
    ],
    [
      "starrocks",
      "a FLOAT key column added",
      "ALTER TABLE ticks ADD COLUMN lvl FLOAT KEY;",
      [{ messageId: "refusedKey", severity: "error", line: 1, column: 30, object: "ticks.lvl" }],
    ],
    [
      "starrocks",
      "a key column changed to DOUBLE",
      "ALTER TABLE ticks MODIFY COLUMN px DOUBLE KEY;",
      [{ messageId: "refusedKey", severity: "error", line: 1, column: 19, object: "ticks.px" }],
    ],
  ] as const)("fails on %s: %s", async (dialect, _label, sql, expected) => {
    expect(summary(await lint(rule, sql, { dialect, history: HISTORY[dialect] }))).toEqual(expected);
  });

  it("names the table model that refuses the key", async () => {
    const [finding] = await lint(
      rule,
      "CREATE TABLE bars (id BIGINT NOT NULL, px DECIMAL(18, 6) NOT NULL) PRIMARY KEY(id, px) DISTRIBUTED BY HASH(id);",
      { dialect: "starrocks" },
    );
    expect(finding!.message).toBe(
      "Key column bars.px is DECIMAL(18, 6), which the database refuses in the key of a PRIMARY KEY table: the statement fails.",
    );
  });
});

describe("StarRocks' key column types (the allowsKeyColumnType hook)", () => {
  const type = (family: DataType["family"], extra: Partial<DataType> = {}): DataType => ({
    family,
    name: family,
    raw: family,
    ...extra,
  });
  it.each([
    ["DOUBLE in a DUPLICATE KEY table", type("float"), "duplicate", false],
    ["DOUBLE in an AGGREGATE KEY table", type("float"), "aggregate", false],
    ["DECIMAL in a DUPLICATE KEY table", type("decimal"), "duplicate", true],
    ["DECIMAL in a PRIMARY KEY table", type("decimal"), "primary", false],
    [
      "CHAR in a PRIMARY KEY table (only VARCHAR is)",
      type("string", { fixedLength: true }),
      "primary",
      false,
    ],
    ["VARCHAR in a PRIMARY KEY table", type("string"), "primary", true],
    ["DATETIME in a PRIMARY KEY table", type("timestamp"), "primary", true],
    ["JSON in a UNIQUE KEY table", type("json"), "unique", false],
    ["DOUBLE in an external table (no key)", type("float"), undefined, true],
  ] as const)("%s", (_label, columnType, model, allowed) => {
    expect(starrocksAllowsKeyColumnType(columnType, model)).toBe(allowed);
  });
});
