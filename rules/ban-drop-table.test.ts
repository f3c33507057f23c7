import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-drop-table.js";

const PG_HISTORY = [
  "CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric);\nCREATE VIEW raw.trades_enriched AS SELECT * FROM raw.trades;\nCREATE MATERIALIZED VIEW raw.daily AS SELECT 1 AS n;",
];
const MYSQL_HISTORY = ["CREATE TABLE trades (id bigint PRIMARY KEY, price decimal(18,6));"];
const STARROCKS_HISTORY = [
  "CREATE TABLE trades (id bigint, price decimal(18,6)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
];
const HISTORIES = { postgres: PG_HISTORY, mysql: MYSQL_HISTORY, starrocks: STARROCKS_HISTORY };

describe("ban-drop-table", () => {
  it.each([
    [
      "a scratch table created, filled and dropped in the same file",
      "CREATE TABLE raw.scratch (id int);\nINSERT INTO raw.scratch SELECT id FROM raw.trades;\nDROP TABLE raw.scratch;",
    ],
    ["a view", "DROP VIEW raw.trades_enriched;"],
    ["a materialized view", "DROP MATERIALIZED VIEW raw.daily;"],
    ["DROP TABLE naming a view (it fails, deleting nothing)", "DROP TABLE raw.trades_enriched;"],
    ["PostgreSQL DETACH PARTITION", "ALTER TABLE raw.trades DETACH PARTITION raw.trades_2020;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: PG_HISTORY })).toEqual([]);
  });

  it.each([
    ["postgres", "DROP TABLE raw.trades;", 1, 1, "raw.trades", "dropTable"],
    ["postgres", "\nDROP TABLE IF EXISTS raw.trades CASCADE;", 2, 1, "raw.trades", "dropTableCascade"],
    [
      "postgres",
      "-- a table no migration created: the database may have it, with rows\nDROP TABLE raw.loaded_by_fivetran;",
      2,
      1,
      "raw.loaded_by_fivetran",
      "dropTable",
    ],
    [
      "postgres",
      "ALTER TABLE raw.trades RENAME TO trades_old;\nDROP TABLE raw.trades_old;",
      2,
      1,
      "raw.trades_old",
      "dropTable",
    ],
    ["mysql", "DROP TABLE IF EXISTS trades;", 1, 1, "app.trades", "dropTable"],
    [
      "mysql",
      "RENAME TABLE trades TO trades_bkp;\nDROP TABLE trades_bkp;",
      2,
      1,
      "app.trades_bkp",
      "dropTable",
    ],
    ["starrocks", "DROP TABLE trades FORCE;", 1, 1, "app.trades", "dropTable"],
  ] as const)("fails on %s: %s", async (dialect, sql, line, column, object, messageId) => {
    const findings = await lint(rule, sql, {
      dialect,
      history: HISTORIES[dialect],
      ...(dialect !== "postgres" && { defaultSchema: "app" }),
    });
    expect(findings).toEqual([
      expect.objectContaining({ rule: "ban-drop-table", severity: "error", messageId, line, column, object }),
    ]);
  });

  it("reports the old table but not the empty one the file creates in its place", async () => {
    const sql = "DROP TABLE raw.trades;\nCREATE TABLE raw.trades (id int);\nDROP TABLE raw.trades;";
    const findings = await lint(rule, sql, { history: PG_HISTORY });
    expect(findings.map((f) => [f.line, f.object])).toEqual([[1, "raw.trades"]]);
  });

  it("keeps the old table's rows through CREATE TABLE IF NOT EXISTS", async () => {
    const sql = "CREATE TABLE IF NOT EXISTS raw.trades (id int);\nDROP TABLE raw.trades;";
    const findings = await lint(rule, sql, { history: PG_HISTORY });
    expect(findings.map((f) => [f.line, f.object])).toEqual([[2, "raw.trades"]]);
  });

  it("follows a StarRocks SWAP: the table dropped afterwards holds the old rows", async () => {
    const sql =
      "CREATE TABLE trades_next (id bigint, price decimal(18,6)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);\nINSERT INTO trades_next SELECT id, price FROM trades;\nALTER TABLE trades SWAP WITH trades_next;\nDROP TABLE trades_next;";
    const findings = await lint(rule, sql, {
      dialect: "starrocks",
      history: STARROCKS_HISTORY,
      defaultSchema: "app",
    });
    expect(findings.map((f) => [f.line, f.object])).toEqual([[4, "app.trades_next"]]);
  });

  it("reports each table of a multi-table DROP", async () => {
    const findings = await lint(rule, "DROP TABLE trades, quotes;", {
      dialect: "mysql",
      history: MYSQL_HISTORY,
      defaultSchema: "app",
    });
    expect(findings.map((f) => f.object)).toEqual(["app.trades", "app.quotes"]);
  });

  it("says what is lost", async () => {
    const [finding] = await lint(rule, "DROP TABLE raw.trades;", { history: PG_HISTORY });
    expect(finding!.message).toBe(
      "Dropping table raw.trades deletes it and every row in it; the rows cannot be recovered without a backup.",
    );
  });
});

describe("ban-drop-table after the history removed the table", () => {
  it("says nothing about DROP TABLE IF EXISTS of a table an earlier migration renamed away", async () => {
    const { lint } = await import("../test/helpers/rule-harness.js");
    const history = [
      "CREATE TABLE u2f_devices (id int);",
      "ALTER TABLE u2f_devices RENAME TO webauthn_devices;",
    ];
    expect(await lint(rule, "DROP TABLE IF EXISTS u2f_devices;", { history })).toEqual([]);
    expect(
      (await lint(rule, "DROP TABLE IF EXISTS webauthn_devices;", { history })).map((f) => f.messageId),
    ).toHaveLength(1);
  });

  it.each(["mysql", "starrocks"] as const)(
    "says nothing about DROP TABLE IF EXISTS of a table an earlier migration dropped (%s, no default schema)",
    async (dialect) => {
      const { lint } = await import("../test/helpers/rule-harness.js");
      const history = ["CREATE TABLE scratch (id int);", "DROP TABLE scratch;"];
      expect(await lint(rule, "DROP TABLE IF EXISTS scratch;", { dialect, history })).toEqual([]);
    },
  );
});
