import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-partitioning.js";

const EVENTS = { tables: ["raw.*", "*.fct_*"] };

describe("require-partitioning", () => {
  it.each([
    [
      "range partitioning on a timestamptz column",
      "CREATE TABLE raw.events (id bigint, ts timestamptz) PARTITION BY RANGE (ts);",
    ],
    [
      "an expression over a timestamp column",
      "CREATE TABLE raw.events (id bigint, ts timestamp) PARTITION BY RANGE (date_trunc('day', ts));",
    ],
    [
      "one of several partition columns is a date",
      "CREATE TABLE raw.events (region int, day date) PARTITION BY RANGE (region, day);",
    ],
    ["a table outside the patterns", "CREATE TABLE mart.dim_symbol (id int);"],
    [
      "a partition of a partitioned parent",
      "CREATE TABLE raw.events (id bigint, ts timestamptz) PARTITION BY RANGE (ts);\nCREATE TABLE raw.events_2024 PARTITION OF raw.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    ],
    ["a temporary table", "CREATE TEMPORARY TABLE scratch (id int);"],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { options: EVENTS })).toEqual([]);
  });

  it("says nothing until tables are configured", async () => {
    expect(await lint(rule, "CREATE TABLE raw.events (id bigint);")).toEqual([]);
  });

  it.each([
    [
      "a table that is not partitioned",
      "CREATE TABLE raw.events (id bigint, ts timestamptz);",
      "notPartitioned",
      1,
      "raw.events",
      "Table raw.events is not partitioned, but tables matching raw.* must be.",
    ],
    [
      "a table partitioned by a non-temporal column",
      "\nCREATE TABLE mart.fct_trades (id bigint, venue int) PARTITION BY LIST (venue);",
      "wrongColumn",
      2,
      "mart.fct_trades",
      "Table mart.fct_trades is partitioned by venue, but tables matching *.fct_* must be partitioned by a date, timestamp or timestamptz column.",
    ],
  ])("fails: %s", async (_label, sql, messageId, line, object, message) => {
    expect(await lint(rule, sql, { options: EVENTS })).toEqual([
      expect.objectContaining({
        rule: "require-partitioning",
        severity: "warning",
        messageId,
        line,
        column: 1,
        object,
        message,
      }),
    ]);
  });

  it("checks the column name against `column`, and any type when `columnTypes` is empty", async () => {
    const options = { tables: ["raw.*"], column: "^(event|load)_", columnTypes: [] };
    const named = "CREATE TABLE raw.a (id int, load_day int) PARTITION BY RANGE (load_day);";
    const unnamed = "CREATE TABLE raw.b (id int, ts timestamptz) PARTITION BY RANGE (ts);";
    expect(await lint(rule, named, { options })).toEqual([]);
    expect((await lint(rule, unnamed, { options })).map((f) => f.message)).toEqual([
      "Table raw.b is partitioned by ts, but tables matching raw.* must be partitioned by a column named like /^(event|load)_/.",
    ]);
  });

  it("counts MySQL partitioning added later in the same file, by an expression over a DATETIME", async () => {
    const sql =
      "CREATE TABLE events (id bigint, created datetime NOT NULL);\nALTER TABLE events PARTITION BY RANGE (YEAR(created)) (PARTITION p0 VALUES LESS THAN (2020));";
    expect(await lint(rule, sql, { dialect: "mysql", options: { tables: ["*"] } })).toEqual([]);
    const unpartitioned = await lint(rule, "CREATE TABLE events (id bigint);", {
      dialect: "mysql",
      options: { tables: ["*"] },
    });
    expect(unpartitioned.map((f) => [f.messageId, f.object])).toEqual([["notPartitioned", "events"]]);
  });

  it("reads StarRocks expression partitions and holds integer date keys to the configured types", async () => {
    const options = { tables: ["demo.*"] };
    const byDay =
      "CREATE TABLE events (id bigint, ts datetime) DUPLICATE KEY(id) PARTITION BY date_trunc('day', ts) DISTRIBUTED BY HASH(id);";
    const byDatekey =
      "CREATE TABLE site_access (datekey int, site_id int) DUPLICATE KEY(datekey) PARTITION BY RANGE(datekey) (PARTITION p1 VALUES LESS THAN ('20200101')) DISTRIBUTED BY HASH(site_id);";
    expect(await lint(rule, byDay, { dialect: "starrocks", defaultSchema: "demo", options })).toEqual([]);
    const findings = await lint(rule, byDatekey, { dialect: "starrocks", defaultSchema: "demo", options });
    expect(findings.map((f) => [f.messageId, f.object])).toEqual([["wrongColumn", "demo.site_access"]]);
    const allowingIntegers = { ...options, columnTypes: ["date", "timestamp", "integer"] };
    expect(
      await lint(rule, byDatekey, { dialect: "starrocks", defaultSchema: "demo", options: allowingIntegers }),
    ).toEqual([]);
  });

  it("refuses a `column` that is not a regular expression, as a configuration error", async () => {
    await expect(
      lint(rule, "CREATE TABLE raw.a (id int);", { options: { tables: ["raw.*"], column: "(" } }),
    ).rejects.toMatchObject({ code: "config-invalid" });
  });
});
