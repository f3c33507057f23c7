import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-lock-timeout.js";

const HISTORY = [
  "CREATE TABLE raw.venues (id text PRIMARY KEY);",
  "CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text, price numeric);",
  "CREATE INDEX trades_venue_idx ON raw.trades (venue);",
];
const ADD_COLUMN = "ALTER TABLE raw.trades ADD COLUMN qty int;";
const MYSQL_HISTORY = ["CREATE TABLE trades (id bigint PRIMARY KEY, venue varchar(8));"];

describe("require-lock-timeout", () => {
  it.each([
    ["lock_timeout set first", `SET lock_timeout = '2s';\n${ADD_COLUMN}`],
    ["lock_timeout set with set_config", `SELECT set_config('lock_timeout', '2s', false);\n${ADD_COLUMN}`],
    [
      "SET LOCAL inside the transaction block",
      `BEGIN;\nSET LOCAL lock_timeout = '2s';\n${ADD_COLUMN}\nCOMMIT;`,
    ],
    [
      "only a new table and its index",
      "CREATE TABLE raw.fills (id bigint, venue text);\nCREATE INDEX fills_venue_idx ON raw.fills (venue);\nALTER TABLE raw.fills ADD COLUMN qty int;",
    ],
    ["CREATE INDEX CONCURRENTLY", "CREATE INDEX CONCURRENTLY trades_price_idx ON raw.trades (price);"],
    [
      "VALIDATE CONSTRAINT (lets reads and writes go on)",
      "ALTER TABLE raw.trades VALIDATE CONSTRAINT trades_price_positive;",
    ],
    ["a comment", "COMMENT ON TABLE raw.trades IS 'fills';"],
    ["data changes (row locks)", "UPDATE raw.trades SET price = 0 WHERE price IS NULL;"],
    ["DROP TABLE IF EXISTS of a table that is not there", "DROP TABLE IF EXISTS raw.scratch;"],
    [
      "CREATE TABLE IF NOT EXISTS of a table that is there (no foreign key is made)",
      "CREATE TABLE IF NOT EXISTS raw.trades (id bigint PRIMARY KEY, venue text REFERENCES raw.venues (id));",
    ],
    [
      "a new table that references only new tables",
      "CREATE TABLE raw.a (id int PRIMARY KEY);\nCREATE TABLE raw.b (a_id int REFERENCES raw.a (id));",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([]);
  });

  it.each([
    [
      "ALTER TABLE without a timeout",
      `-- add qty\n${ADD_COLUMN}`,
      2,
      "ALTER TABLE locks existing table raw.trades",
    ],
    [
      "the timeout set too late",
      `${ADD_COLUMN}\nSET lock_timeout = '2s';`,
      1,
      "ALTER TABLE locks existing table raw.trades",
    ],
    ["a timeout of 0 (wait forever)", `SET lock_timeout = 0;\n${ADD_COLUMN}`, 2, "ALTER TABLE"],
    ["a timeout of '0s'", `SET lock_timeout = '0s';\n${ADD_COLUMN}`, 2, "ALTER TABLE"],
    ["set_config to 0", `SELECT set_config('lock_timeout', '0', false);\n${ADD_COLUMN}`, 2, "ALTER TABLE"],
    ["RESET lock_timeout", `SET lock_timeout = '2s';\nRESET lock_timeout;\n${ADD_COLUMN}`, 3, "ALTER TABLE"],
    [
      "SET LOCAL that ended with its transaction",
      `BEGIN;\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\n${ADD_COLUMN}`,
      4,
      "ALTER TABLE",
    ],
    [
      "a SET undone by ROLLBACK",
      `BEGIN;\nSET lock_timeout = '2s';\nROLLBACK;\n${ADD_COLUMN}`,
      4,
      "ALTER TABLE",
    ],
    ["another setting", `SET statement_timeout = '5s';\n${ADD_COLUMN}`, 2, "ALTER TABLE"],
    [
      "CREATE INDEX",
      "CREATE INDEX trades_price_idx ON raw.trades (price);",
      1,
      "CREATE INDEX locks existing table raw.trades",
    ],
    ["DROP INDEX", "DROP INDEX raw.trades_venue_idx;", 1, "DROP INDEX locks existing table raw.trades"],
    [
      "DROP INDEX of an index the history does not show",
      "DROP INDEX raw.legacy_idx;",
      1,
      "DROP INDEX locks existing table of index legacy_idx",
    ],
    ["TRUNCATE", "TRUNCATE raw.trades;", 1, "TRUNCATE locks existing table raw.trades"],
    [
      "a new table whose foreign key locks an existing one",
      "CREATE TABLE raw.fills (id bigint, trade_id bigint REFERENCES raw.trades (id));",
      1,
      "A foreign key of CREATE TABLE locks existing table raw.trades",
    ],
  ])("fails: %s", async (_label, sql, line, message) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([
      expect.objectContaining({
        rule: "require-lock-timeout",
        messageId: "missingTimeout",
        severity: "warning",
        line,
        column: 1,
        message: expect.stringContaining(message),
      }),
    ]);
  });

  it("reports once per file, at the first statement, with the setting to use", async () => {
    const sql = `SELECT 1;\n${ADD_COLUMN}\nALTER TABLE raw.trades DROP COLUMN price;\nCREATE INDEX trades_id_idx ON raw.trades (id);`;
    const findings = await lint(rule, sql, { history: HISTORY });
    expect(findings.map((finding) => [finding.line, finding.object, finding.message])).toEqual([
      [
        2,
        "raw.trades",
        "ALTER TABLE locks existing table raw.trades before the file sets lock_timeout: while another transaction holds it, this statement waits without limit and every query on it queues behind.",
      ],
    ]);
  });

  describe("MySQL (metadata locks, lock_wait_timeout)", () => {
    it("passes when lock_wait_timeout is set first", async () => {
      const sql = "SET SESSION lock_wait_timeout = 5;\nALTER TABLE trades ADD COLUMN qty int;";
      expect(await lint(rule, sql, { dialect: "mysql", history: MYSQL_HISTORY })).toEqual([]);
    });

    it.each([
      ["no timeout", "ALTER TABLE trades ADD COLUMN qty int;", 1],
      [
        "innodb_lock_wait_timeout (row locks only)",
        "SET innodb_lock_wait_timeout = 5;\nALTER TABLE trades ADD COLUMN qty int;",
        2,
      ],
      [
        "SET GLOBAL (not this session)",
        "SET GLOBAL lock_wait_timeout = 5;\nALTER TABLE trades ADD COLUMN qty int;",
        2,
      ],
      ["CREATE INDEX", "CREATE INDEX trades_venue_idx ON trades (venue);", 1],
      [
        "TRUNCATE PARTITION",
        "ALTER TABLE trades TRUNCATE PARTITION p1;",
        1,
        [
          "CREATE TABLE trades (id bigint, day date) PARTITION BY RANGE COLUMNS (day) (PARTITION p1 VALUES LESS THAN ('2021-01-01'));",
        ],
      ],
    ])("fails: %s", async (_label, sql, line, history = MYSQL_HISTORY) => {
      expect(await lint(rule, sql, { dialect: "mysql", history })).toEqual([
        expect.objectContaining({
          messageId: "missingTimeout",
          line,
          object: "trades",
          message: expect.stringContaining("before the file sets lock_wait_timeout"),
        }),
      ]);
    });
  });

  describe("DETACH PARTITION (PostgreSQL)", () => {
    const PARTITIONED = [
      "CREATE TABLE raw.ticks (ts timestamptz, px numeric) PARTITION BY RANGE (ts);",
      "CREATE TABLE raw.ticks_2020 PARTITION OF raw.ticks FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');",
    ];

    it("fails without CONCURRENTLY: ACCESS EXCLUSIVE on the parent", async () => {
      const findings = await lint(rule, "ALTER TABLE raw.ticks DETACH PARTITION raw.ticks_2020;", {
        history: PARTITIONED,
      });
      expect(findings.map((f) => [f.messageId, f.object, f.message])).toEqual([
        [
          "missingTimeout",
          "raw.ticks",
          "ALTER TABLE … DETACH PARTITION locks existing table raw.ticks before the file sets lock_timeout: while another transaction holds it, this statement waits without limit and every query on it queues behind.",
        ],
      ]);
    });

    it("passes with CONCURRENTLY (SHARE UPDATE EXCLUSIVE: reads and writes go on)", async () => {
      const sql = "ALTER TABLE raw.ticks DETACH PARTITION raw.ticks_2020 CONCURRENTLY;";
      expect(await lint(rule, sql, { history: PARTITIONED })).toEqual([]);
    });
  });

  it("stays silent where the database has no lock timeout setting (StarRocks)", async () => {
    const history = ["CREATE TABLE trades (id int) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1;"];
    expect(
      await lint(rule, "ALTER TABLE trades ADD COLUMN qty int;", {
        dialect: "starrocks",
        history,
        defaultSchema: "demo",
      }),
    ).toEqual([]);
  });
});
