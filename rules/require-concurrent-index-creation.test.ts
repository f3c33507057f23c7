import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-concurrent-index-creation.js";

const TABLE = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text, ts timestamptz);";
const INDEXED = "CREATE INDEX trades_ts_idx ON raw.trades (ts);";
const PARTITIONED = "CREATE TABLE raw.ticks (ts timestamptz, px numeric) PARTITION BY RANGE (ts);";
const MYSQL_TABLE = "CREATE TABLE trades (id bigint PRIMARY KEY, venue varchar(8));";

describe("require-concurrent-index-creation", () => {
  it.each([
    ["CONCURRENTLY", "CREATE INDEX CONCURRENTLY trades_venue_idx ON raw.trades (venue);"],
    [
      "a table created earlier in the same file",
      "CREATE TABLE raw.fills (id int, venue text);\nCREATE INDEX fills_venue_idx ON raw.fills (venue);",
    ],
    [
      "a table dropped and created again in the same file",
      "DROP TABLE raw.trades;\nCREATE TABLE raw.trades (id int);\nCREATE INDEX trades_id_idx ON raw.trades (id);",
    ],
    [
      "a table built under another name and renamed into place",
      "CREATE TABLE raw.trades_new (id int);\nDROP TABLE raw.trades;\nALTER TABLE raw.trades_new RENAME TO trades;\nCREATE INDEX trades_id_idx ON raw.trades (id);",
    ],
    [
      "a materialized view created in the same file",
      "CREATE MATERIALIZED VIEW raw.venues AS SELECT DISTINCT venue FROM raw.trades;\nCREATE UNIQUE INDEX venues_idx ON raw.venues (venue);",
    ],
    ["IF NOT EXISTS of an index that exists", "CREATE INDEX IF NOT EXISTS trades_ts_idx ON raw.trades (ts);"],
    [
      "a partitioned table (ON ONLY is the recipe's first step)",
      "CREATE INDEX ticks_ts_idx ON ONLY raw.ticks (ts);",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [TABLE, INDEXED, PARTITIONED] })).toEqual([]);
  });

  it.each([
    [
      "an index on an existing table",
      "CREATE INDEX trades_venue_idx ON raw.trades (venue);",
      1,
      1,
      "raw.trades",
      "Index trades_venue_idx is built on existing table raw.trades without CONCURRENTLY",
    ],
    [
      "a unique index, unnamed, after other statements",
      "SELECT 1;\n  CREATE UNIQUE INDEX ON raw.trades (venue, ts);",
      2,
      3,
      "raw.trades",
      "Index (venue, ts) is built on existing table raw.trades",
    ],
    [
      "an existing table the same file renamed (it keeps its rows)",
      "ALTER TABLE raw.trades RENAME TO trades_v2;\nCREATE INDEX trades_v2_venue_idx ON raw.trades_v2 (venue);",
      2,
      1,
      "raw.trades_v2",
      "Index trades_v2_venue_idx is built on existing table raw.trades_v2 without CONCURRENTLY",
    ],
    [
      "a table the migrations never created (loaded by an EL tool)",
      "CREATE INDEX loaded_x_idx ON raw.loaded (x);",
      1,
      1,
      "raw.loaded",
      "existing table raw.loaded",
    ],
    [
      "IF NOT EXISTS of an index that does not exist yet",
      "CREATE INDEX IF NOT EXISTS trades_venue_idx ON raw.trades (venue);",
      1,
      1,
      "raw.trades",
      "Index trades_venue_idx",
    ],
  ])("fails: %s", async (_label, sql, line, column, object, message) => {
    const findings = await lint(rule, sql, { history: [TABLE, INDEXED, PARTITIONED] });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "require-concurrent-index-creation",
        messageId: "blocksWrites",
        severity: "warning",
        line,
        column,
        object,
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it("stays silent where indexes cannot be built concurrently (MySQL)", async () => {
    expect(
      await lint(rule, "CREATE INDEX trades_venue_idx ON trades (venue);", {
        dialect: "mysql",
        history: [MYSQL_TABLE],
      }),
    ).toEqual([]);
  });
});
