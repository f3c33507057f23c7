import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-drop-schema.js";

const PG_HISTORY = [
  "CREATE SCHEMA raw;\nCREATE TABLE raw.trades (id bigint);\nCREATE TABLE raw.quotes (id bigint);",
];
const MYSQL_HISTORY = ["CREATE DATABASE analytics;\nCREATE TABLE analytics.trades (id bigint);"];
const STARROCKS_HISTORY = [
  "CREATE DATABASE analytics;\nCREATE TABLE analytics.trades (id bigint) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
];

describe("ban-drop-schema", () => {
  it.each([
    ["without CASCADE (RESTRICT refuses a schema that holds anything)", "DROP SCHEMA raw;"],
    ["explicit RESTRICT", "DROP SCHEMA IF EXISTS raw RESTRICT;"],
    [
      "a schema created in the same file",
      "CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (id int);\nDROP SCHEMA scratch CASCADE;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: PG_HISTORY })).toEqual([]);
  });

  it("passes on MySQL: a database created in the same file", async () => {
    const sql = "CREATE DATABASE scratch;\nDROP DATABASE scratch;";
    expect(await lint(rule, sql, { dialect: "mysql", history: MYSQL_HISTORY, defaultSchema: "app" })).toEqual(
      [],
    );
  });

  it.each([
    [
      "postgres",
      PG_HISTORY,
      "DROP SCHEMA raw CASCADE;",
      "dropSchemaWithTables",
      "Dropping schema raw deletes every table in it with all their rows (trades and quotes), and any table the migrations do not know about; they cannot be recovered without a backup.",
    ],
    [
      "postgres",
      PG_HISTORY,
      "DROP SCHEMA IF EXISTS legacy_el CASCADE;",
      "dropSchema",
      "Dropping schema legacy_el deletes every table in it with all their rows, including tables the migrations do not know about; they cannot be recovered without a backup.",
    ],
    [
      "mysql",
      MYSQL_HISTORY,
      "DROP DATABASE analytics;",
      "dropSchemaWithTables",
      "Dropping database analytics deletes every table in it with all their rows (trades), and any table the migrations do not know about; they cannot be recovered without a backup.",
    ],
    [
      "mysql",
      MYSQL_HISTORY,
      "DROP SCHEMA IF EXISTS analytics;",
      "dropSchemaWithTables",
      "Dropping database analytics deletes every table in it with all their rows (trades), and any table the migrations do not know about; they cannot be recovered without a backup.",
    ],
    [
      "starrocks",
      STARROCKS_HISTORY,
      "DROP DATABASE analytics;",
      "dropSchemaWithTables",
      "Dropping database analytics deletes every table in it with all their rows (trades), and any table the migrations do not know about; they cannot be recovered without a backup.",
    ],
  ] as const)("fails on %s: %s", async (dialect, history, sql, messageId, message) => {
    const findings = await lint(rule, sql, {
      dialect,
      history: [...history],
      ...(dialect !== "postgres" && { defaultSchema: "app" }),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-drop-schema",
        severity: "error",
        messageId,
        line: 1,
        column: 1,
        message,
      }),
    ]);
  });

  it("reports a schema renamed in the same file and then dropped", async () => {
    const sql = "ALTER SCHEMA raw RENAME TO raw_old;\nDROP SCHEMA raw_old CASCADE;";
    const findings = await lint(rule, sql, { history: PG_HISTORY });
    expect(findings.map((f) => [f.line, f.object])).toEqual([[2, "raw_old"]]);
  });
});
