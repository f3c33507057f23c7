import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-aggregate-column-type.js";

const TABLES = [
  "CREATE TABLE site_visits (site INT, day DATE, pv BIGINT SUM DEFAULT '0', last_ip VARCHAR(20) REPLACE) AGGREGATE KEY(site, day) DISTRIBUTED BY HASH(site);",
  "CREATE TABLE events (ts DATETIME, kind INT, v INT) DUPLICATE KEY(ts) DISTRIBUTED BY HASH(ts);",
];

const starrocks = (sql: string) => lint(rule, sql, { dialect: "starrocks", history: TABLES });

describe("require-aggregate-column-type", () => {
  it.each([
    ["a value column with SUM", "ALTER TABLE site_visits ADD COLUMN uv BIGINT SUM DEFAULT '0';"],
    ["a key column", "ALTER TABLE site_visits ADD COLUMN city INT KEY DEFAULT '0' AFTER day;"],
    [
      "several columns, each with KEY or a function",
      "ALTER TABLE site_visits ADD COLUMN (uv BIGINT SUM, region INT KEY);",
    ],
    [
      "a BITMAP value column with BITMAP_UNION",
      "ALTER TABLE site_visits ADD COLUMN users BITMAP BITMAP_UNION;",
    ],
    ["a column of a Duplicate Key table", "ALTER TABLE events ADD COLUMN extra INT;"],
    [
      "a MODIFY that restates the aggregate function",
      "ALTER TABLE site_visits MODIFY COLUMN last_ip VARCHAR(64) REPLACE;",
    ],
    ["a MODIFY of a key column", "ALTER TABLE site_visits MODIFY COLUMN site BIGINT;"],
    ["a table whose model is unknown", "ALTER TABLE loaded_elsewhere ADD COLUMN v INT;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await starrocks(sql)).toEqual([]);
  });

  it.each([
    [
      "a column without KEY or a function",
      "ALTER TABLE site_visits ADD COLUMN uv BIGINT DEFAULT '0';",
      "becomesKey",
      25,
      "site_visits.uv",
      "Column site_visits.uv is added to an Aggregate table without KEY or an aggregate function: the database makes it a key column",
    ],
    [
      "one of several columns",
      "ALTER TABLE site_visits ADD COLUMN (uv BIGINT SUM, region INT);",
      "becomesKey",
      52,
      "site_visits.region",
      "Column site_visits.region is added",
    ],
    [
      "a type that cannot be a key",
      "ALTER TABLE site_visits ADD COLUMN users BITMAP;",
      "cannotBeKey",
      25,
      "site_visits.users",
      "a BITMAP column cannot be one: the ALTER TABLE is refused",
    ],
    [
      "a MODIFY that leaves out the aggregate function",
      "ALTER TABLE site_visits MODIFY COLUMN last_ip VARCHAR(64);",
      "aggregateDropped",
      25,
      "site_visits.last_ip",
      "Column site_visits.last_ip is a value column aggregated with REPLACE, and this MODIFY does not restate it",
    ],
  ])("fails: %s", async (_label, sql, messageId, column, object, message) => {
    const findings = await starrocks(sql);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "require-aggregate-column-type",
        messageId,
        severity: "error",
        line: 1,
        column,
        object,
      }),
    ]);
    expect(findings[0]!.message).toContain(message);
  });

  it("reports a table created earlier in the same file", async () => {
    const findings = await lint(
      rule,
      "CREATE TABLE t (k INT, v BIGINT SUM) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k);\nALTER TABLE t ADD COLUMN w BIGINT;",
      { dialect: "starrocks" },
    );
    expect(findings.map((f) => [f.messageId, f.line, f.object])).toEqual([["becomesKey", 2, "t.w"]]);
  });

  it("stays silent on dialects without table models (MySQL, PostgreSQL)", async () => {
    expect(
      await lint(rule, "ALTER TABLE t ADD COLUMN w bigint;", {
        dialect: "mysql",
        history: ["CREATE TABLE t (k int);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE raw.t ADD COLUMN w bigint;", {
        history: ["CREATE TABLE raw.t (k int);"],
      }),
    ).toEqual([]);
  });
});
