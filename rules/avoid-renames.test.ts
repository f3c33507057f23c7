import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./avoid-renames.js";

const HISTORIES = {
  postgres: [
    "CREATE SCHEMA raw;\nCREATE TABLE raw.trades (id bigint, sip_timestamp timestamptz, venue text);\nCREATE TABLE raw.quotes (id bigint);\nCREATE VIEW raw.trades_enriched AS SELECT * FROM raw.trades;\nCREATE MATERIALIZED VIEW raw.daily AS SELECT 1 AS n;",
  ],
  mysql: ["CREATE TABLE trades (id bigint, venue varchar(16));"],
  starrocks: [
    "CREATE DATABASE demo;\nCREATE TABLE trades (id bigint, venue varchar(16)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);\nCREATE TABLE trades_next (id bigint, venue varchar(16)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
  ],
};
const options = (dialect: keyof typeof HISTORIES) => ({
  dialect,
  history: HISTORIES[dialect],
  ...(dialect !== "postgres" && { defaultSchema: "app" }),
});

describe("avoid-renames", () => {
  it.each([
    [
      "postgres",
      "CREATE TABLE raw.fills (id int, note text);\nALTER TABLE raw.fills RENAME COLUMN note TO memo;",
    ],
    ["postgres", "CREATE TABLE raw.fills (id int);\nALTER TABLE raw.fills RENAME TO executions;"],
    [
      "postgres",
      "ALTER TABLE raw.trades ADD COLUMN tmp text;\nALTER TABLE raw.trades RENAME COLUMN tmp TO exchange;",
    ],
    // The old name is created again in the same file: its readers still find it.
    [
      "postgres",
      "ALTER TABLE raw.quotes RENAME TO nbbo_quotes;\nCREATE VIEW raw.quotes AS SELECT * FROM raw.nbbo_quotes;",
    ],
    // The last step of a rebuild: the new column takes the name of the one the file dropped.
    [
      "postgres",
      "ALTER TABLE raw.trades ADD COLUMN venue_new varchar(8);\nUPDATE raw.trades SET venue_new = venue;\nALTER TABLE raw.trades DROP COLUMN venue;\nALTER TABLE raw.trades RENAME COLUMN venue_new TO venue;",
    ],
    ["postgres", "ALTER INDEX raw.trades_pkey RENAME TO trades_id_key;"],
    ["postgres", "ALTER TABLE raw.trades RENAME CONSTRAINT trades_pkey TO trades_id_key;"],
    ["mysql", "ALTER TABLE trades CHANGE venue venue varchar(32);"],
    ["mysql", "ALTER TABLE trades RENAME INDEX idx_a TO idx_b;"],
    ["starrocks", "ALTER TABLE trades SWAP WITH trades_next;"],
  ] as const)("passes on %s: %s", async (dialect, sql) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "ALTER TABLE raw.trades RENAME COLUMN sip_timestamp TO event_time;",
      "renameColumn",
      1,
      1,
      "raw.trades.sip_timestamp",
      "Renaming column raw.trades.sip_timestamp to event_time breaks every query, view, job and report that still reads sip_timestamp, unless they all change in the same deploy.",
    ],
    [
      "postgres",
      "ALTER TABLE raw.quotes RENAME TO nbbo_quotes;",
      "renameRelation",
      1,
      1,
      "raw.quotes",
      "Renaming table raw.quotes to raw.nbbo_quotes breaks every query, view, job and report that still reads raw.quotes, unless they all change in the same deploy.",
    ],
    [
      "postgres",
      "ALTER TABLE raw.quotes SET SCHEMA archive;",
      "moveRelation",
      1,
      1,
      "raw.quotes",
      "Moving table raw.quotes to schema archive breaks every query, view, job and report that still reads raw.quotes, unless they all change in the same deploy.",
    ],
    [
      "postgres",
      "ALTER VIEW raw.trades_enriched RENAME TO trades_wide;",
      "renameRelation",
      1,
      1,
      "raw.trades_enriched",
      "Renaming view raw.trades_enriched to raw.trades_wide breaks every query, view, job and report that still reads raw.trades_enriched, unless they all change in the same deploy.",
    ],
    [
      "postgres",
      "ALTER MATERIALIZED VIEW raw.daily RENAME TO daily_totals;",
      "renameRelation",
      1,
      1,
      "raw.daily",
      "Renaming materialized view raw.daily to raw.daily_totals breaks every query, view, job and report that still reads raw.daily, unless they all change in the same deploy.",
    ],
    [
      "postgres",
      "ALTER SCHEMA raw RENAME TO landing;",
      "renameSchema",
      1,
      1,
      "raw",
      "Renaming schema raw to landing breaks every query, view, job and report that still reads a table in raw, unless they all change in the same deploy.",
    ],
    [
      "postgres",
      "ALTER TABLE raw.loaded_elsewhere RENAME COLUMN a TO b;",
      "renameColumn",
      1,
      1,
      "raw.loaded_elsewhere.a",
      "Renaming column raw.loaded_elsewhere.a to b breaks every query, view, job and report that still reads a, unless they all change in the same deploy.",
    ],
    [
      "mysql",
      "RENAME TABLE trades TO executions;",
      "renameRelation",
      1,
      14,
      "app.trades",
      "Renaming table app.trades to app.executions breaks every query, view, job and report that still reads app.trades, unless they all change in the same deploy.",
    ],
    [
      "mysql",
      "ALTER TABLE trades CHANGE venue exchange varchar(16);",
      "renameColumn",
      1,
      20,
      "app.trades.venue",
      "Renaming column app.trades.venue to exchange breaks every query, view, job and report that still reads venue, unless they all change in the same deploy.",
    ],
    [
      "starrocks",
      "ALTER TABLE trades RENAME executions;",
      "renameRelation",
      1,
      20,
      "app.trades",
      "Renaming table app.trades to app.executions breaks every query, view, job and report that still reads app.trades, unless they all change in the same deploy.",
    ],
    [
      "starrocks",
      "ALTER TABLE trades RENAME COLUMN venue TO exchange;",
      "renameColumn",
      1,
      20,
      "app.trades.venue",
      "Renaming column app.trades.venue to exchange breaks every query, view, job and report that still reads venue, unless they all change in the same deploy.",
    ],
  ] as const)("fails on %s: %s", async (dialect, sql, messageId, line, column, object, message) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([
      expect.objectContaining({
        rule: "avoid-renames",
        severity: "warning",
        messageId,
        line,
        column,
        object,
        message,
      }),
    ]);
  });
});
