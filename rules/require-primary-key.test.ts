import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-primary-key.js";

describe("require-primary-key", () => {
  it.each([
    ["an inline primary key", "postgres", "CREATE TABLE raw.fills (id bigint PRIMARY KEY, px numeric);"],
    [
      "a primary key added by a later ALTER in the same file",
      "postgres",
      "CREATE TABLE raw.fills (id bigint NOT NULL);\nALTER TABLE raw.fills ADD CONSTRAINT fills_pkey PRIMARY KEY (id);",
    ],
    [
      "a partition of a partitioned parent, which has the key",
      "postgres",
      "CREATE TABLE raw.events (id bigint, ts timestamptz, PRIMARY KEY (id, ts)) PARTITION BY RANGE (ts);\nCREATE TABLE raw.events_2024 PARTITION OF raw.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    ],
    [
      "a table attached as a partition later in the file (as pg_dump writes it)",
      "postgres",
      "CREATE TABLE public.payment (id int, day date, PRIMARY KEY (day, id)) PARTITION BY RANGE (day);\nCREATE TABLE public.payment_2024 (id int NOT NULL, day date NOT NULL);\nALTER TABLE ONLY public.payment ATTACH PARTITION public.payment_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    ],
    ["a temporary table", "postgres", "CREATE TEMPORARY TABLE scratch (id int);"],
    [
      "a table dropped again in the same file",
      "postgres",
      "CREATE TABLE raw.scratch (id int);\nDROP TABLE raw.scratch;",
    ],
    ["a MySQL table-level primary key", "mysql", "CREATE TABLE fills (id int NOT NULL, PRIMARY KEY (id));"],
    [
      "a MySQL table that a statement not understood touched (it may have added the key)",
      "mysql",
      "CREATE TABLE fills (id int NOT NULL);\nALTER TABLE fills ADD SYSTEM VERSIONING;",
    ],
    [
      "a StarRocks PRIMARY KEY table",
      "starrocks",
      "CREATE TABLE fills (id bigint NOT NULL, px decimal(18, 6)) PRIMARY KEY (id) DISTRIBUTED BY HASH(id);",
    ],
    [
      "a StarRocks AGGREGATE KEY table (rows are merged by key)",
      "starrocks",
      "CREATE TABLE visits (site int, pv bigint SUM) AGGREGATE KEY(site) DISTRIBUTED BY HASH(site);",
    ],
    [
      "a StarRocks DUPLICATE KEY table (keeps every row by design)",
      "starrocks",
      "CREATE TABLE events (ts datetime, site int) DUPLICATE KEY(ts) DISTRIBUTED BY HASH(site);",
    ],
    [
      "a StarRocks external table",
      "starrocks",
      'CREATE EXTERNAL TABLE lineorder (lo_orderkey bigint) ENGINE = FILE PROPERTIES ("path" = "s3://b/l/", "format" = "parquet");',
    ],
  ] as const)("passes: %s (%s)", async (_label, dialect, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });

  it.each([
    ["no key at all", "postgres", "CREATE TABLE raw.fills (id bigint, px numeric);", "raw.fills"],
    [
      "only a UNIQUE constraint",
      "postgres",
      "CREATE TABLE raw.fills (id bigint NOT NULL UNIQUE);",
      "raw.fills",
    ],
    ["CREATE TABLE AS SELECT", "postgres", "CREATE TABLE raw.fills AS SELECT 1 AS id;", "raw.fills"],
    [
      "a MySQL table with only a unique key",
      "mysql",
      "CREATE TABLE fills (id int NOT NULL, UNIQUE KEY fills_id (id));",
      "fills",
    ],
  ] as const)("fails: %s (%s)", async (_label, dialect, sql, object) => {
    expect(await lint(rule, `\n${sql}`, { dialect })).toEqual([
      expect.objectContaining({
        rule: "require-primary-key",
        severity: "warning",
        messageId: "missing",
        line: 2,
        column: 1,
        object,
        message: `Table ${object} is created without a primary key.`,
      }),
    ]);
  });

  it("says nothing about CREATE TABLE IF NOT EXISTS over a table that exists (it creates nothing)", async () => {
    const history = ["CREATE TABLE raw.fills (id bigint);"];
    expect(await lint(rule, "CREATE TABLE IF NOT EXISTS raw.fills (id bigint);", { history })).toEqual([]);
  });

  it("leaves out the tables matching `exceptions`", async () => {
    const sql = "CREATE TABLE raw.load_log (line text);\nCREATE TABLE raw.fills (id bigint);";
    const findings = await lint(rule, sql, { options: { exceptions: ["*.*_log", "staging.*"] } });
    expect(findings.map((f) => f.object)).toEqual(["raw.fills"]);
  });
});
