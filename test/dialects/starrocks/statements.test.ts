import { describe, expect, it } from "vitest";
import { parseStarrocks } from "../../../src/dialects/starrocks/parser.js";
import type { Change } from "../../../src/sql/changes.js";
import { at, parseOne } from "./helpers.js";

type Case = readonly [sql: string, statementType: string, expected: (sql: string) => readonly Change[]];

const whole = (sql: string) => ({ start: 0, end: sql.length });

const CASES: readonly Case[] = [
  // Databases
  [
    "CREATE DATABASE IF NOT EXISTS olist",
    "CREATE DATABASE",
    (sql) => [{ kind: "create_schema", schema: "olist", ifNotExists: true, span: whole(sql) }],
  ],
  [
    'CREATE DATABASE d PROPERTIES ("storage_volume" = "s3_volume")',
    "CREATE DATABASE",
    (sql) => [{ kind: "create_schema", schema: "d", ifNotExists: false, span: whole(sql) }],
  ],
  [
    "DROP DATABASE IF EXISTS d FORCE",
    "DROP DATABASE",
    (sql) => [{ kind: "drop_schema", schema: "d", ifExists: true, cascade: true, span: whole(sql) }],
  ],
  [
    "ALTER DATABASE d RENAME d2",
    "ALTER DATABASE",
    (sql) => [{ kind: "rename_schema", from: "d", to: "d2", span: whole(sql) }],
  ],
  [
    "ALTER DATABASE d SET DATA QUOTA 10T",
    "ALTER DATABASE",
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER DATABASE", span: whole(sql) }],
  ],
  ["USE olist", "USE", (sql) => [{ kind: "set_option", name: "database", value: "olist", span: whole(sql) }]],
  [
    "USE hive_catalog.sales",
    "USE",
    (sql) => [{ kind: "set_option", name: "database", value: "sales", span: whole(sql) }],
  ],
  [
    "SET CATALOG hive_catalog",
    "SET CATALOG",
    (sql) => [{ kind: "set_option", name: "catalog", value: "hive_catalog", span: whole(sql) }],
  ],
  // Tables
  [
    "DROP TABLE my_table",
    "DROP TABLE",
    (sql) => [
      { kind: "drop_table", table: { name: "my_table" }, ifExists: false, cascade: false, span: whole(sql) },
    ],
  ],
  [
    "DROP TABLE IF EXISTS example_db.my_table FORCE",
    "DROP TABLE",
    (sql) => [
      {
        kind: "drop_table",
        table: { schema: "example_db", name: "my_table" },
        ifExists: true,
        cascade: false,
        span: whole(sql),
      },
    ],
  ],
  [
    "TRUNCATE TABLE db.t",
    "TRUNCATE TABLE",
    (sql) => [{ kind: "truncate_table", table: { schema: "db", name: "t" }, span: whole(sql) }],
  ],
  [
    "TRUNCATE TABLE t PARTITION (p1, p2)",
    "TRUNCATE TABLE",
    (sql) => [
      { kind: "truncate_partition", table: { name: "t" }, partition: "p1", span: whole(sql) },
      { kind: "truncate_partition", table: { name: "t" }, partition: "p2", span: whole(sql) },
    ],
  ],
  // Indexes
  [
    "CREATE INDEX idx ON db.t (c1) USING BITMAP COMMENT 'x'",
    "CREATE INDEX",
    (sql) => [
      {
        kind: "create_index",
        index: {
          name: "idx",
          table: { schema: "db", name: "t" },
          columns: ["c1"],
          unique: false,
          method: "bitmap",
        },
        ifNotExists: false,
        span: whole(sql),
      },
    ],
  ],
  [
    "DROP INDEX idx ON db.t",
    "DROP INDEX",
    (sql) => [
      {
        kind: "drop_index",
        name: "idx",
        table: { schema: "db", name: "t" },
        ifExists: false,
        span: whole(sql),
      },
    ],
  ],
  // Views
  [
    "CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1",
    "CREATE VIEW",
    (sql) => [
      {
        kind: "create_view",
        view: { name: { name: "v" }, materialized: false, query: "SELECT a, b FROM t WHERE a > 1" },
        orReplace: false,
        span: whole(sql),
      },
    ],
  ],
  [
    "CREATE OR REPLACE VIEW IF NOT EXISTS db.v (x COMMENT 'first', y) COMMENT 'view' AS\n  SELECT a, b FROM t",
    "CREATE VIEW",
    (sql) => [
      {
        kind: "create_view",
        view: {
          name: { schema: "db", name: "v" },
          materialized: false,
          columns: ["x", "y"],
          query: "SELECT a, b FROM t",
        },
        orReplace: true,
        ifNotExists: true,
        span: whole(sql),
      },
    ],
  ],
  [
    "ALTER VIEW v (x) AS SELECT a FROM t",
    "ALTER VIEW",
    (sql) => [
      {
        kind: "create_view",
        view: { name: { name: "v" }, materialized: false, columns: ["x"], query: "SELECT a FROM t" },
        orReplace: true,
        span: whole(sql),
      },
    ],
  ],
  [
    "DROP VIEW IF EXISTS db.v",
    "DROP VIEW",
    (sql) => [
      {
        kind: "drop_view",
        name: { schema: "db", name: "v" },
        materialized: false,
        ifExists: true,
        span: whole(sql),
      },
    ],
  ],
  // Materialized views
  [
    "create materialized view k1_k2 as\nselect k1, k2 from duplicate_table",
    "CREATE MATERIALIZED VIEW",
    (sql) => [
      {
        kind: "create_view",
        view: { name: { name: "k1_k2" }, materialized: true, query: "select k1, k2 from duplicate_table" },
        orReplace: false,
        span: whole(sql),
      },
    ],
  ],
  [
    `CREATE MATERIALIZED VIEW IF NOT EXISTS mv.by_hour
COMMENT "hourly"
DISTRIBUTED BY HASH(\`vin\`) BUCKETS 4
REFRESH ASYNC START('2023-09-12 16:30:25') EVERY (interval 1 day)
PARTITION BY date_trunc('day', ts)
ORDER BY (vin)
PROPERTIES ("replication_num" = "1")
AS
SELECT vin, time_slice(ts, interval 1 hour) as ts_hour FROM vehicle_metrics GROUP BY vin, ts_hour`,
    "CREATE MATERIALIZED VIEW",
    (sql) => [
      {
        kind: "create_view",
        view: {
          name: { schema: "mv", name: "by_hour" },
          materialized: true,
          query:
            "SELECT vin, time_slice(ts, interval 1 hour) as ts_hour FROM vehicle_metrics GROUP BY vin, ts_hour",
        },
        orReplace: false,
        ifNotExists: true,
        span: whole(sql),
      },
    ],
  ],
  [
    "CREATE MATERIALIZED VIEW mv1 REFRESH DEFERRED MANUAL PARTITION BY dt AS SELECT dt, sum(v) AS s FROM t GROUP BY dt",
    "CREATE MATERIALIZED VIEW",
    (sql) => [
      {
        kind: "create_view",
        view: {
          name: { name: "mv1" },
          materialized: true,
          query: "SELECT dt, sum(v) AS s FROM t GROUP BY dt",
        },
        orReplace: false,
        span: whole(sql),
      },
    ],
  ],
  [
    "DROP MATERIALIZED VIEW IF EXISTS mv1",
    "DROP MATERIALIZED VIEW",
    (sql) => [
      { kind: "drop_view", name: { name: "mv1" }, materialized: true, ifExists: true, span: whole(sql) },
    ],
  ],
  [
    "ALTER MATERIALIZED VIEW order_mv RENAME order_total",
    "ALTER MATERIALIZED VIEW",
    (sql) => [
      {
        kind: "rename_view",
        view: { name: "order_mv" },
        to: { name: "order_total" },
        materialized: true,
        span: whole(sql),
      },
    ],
  ],
  [
    "ALTER MATERIALIZED VIEW order_mv REFRESH ASYNC EVERY(INTERVAL 2 DAY)",
    "ALTER MATERIALIZED VIEW",
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER MATERIALIZED VIEW REFRESH", span: whole(sql) }],
  ],
  [
    "ALTER MATERIALIZED VIEW mv1 ACTIVE",
    "ALTER MATERIALIZED VIEW",
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER MATERIALIZED VIEW ACTIVE", span: whole(sql) }],
  ],
  [
    'ALTER MATERIALIZED VIEW mv1 SET ("session.query_timeout" = "40000")',
    "ALTER MATERIALIZED VIEW",
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER MATERIALIZED VIEW SET", span: whole(sql) }],
  ],
  [
    "ALTER MATERIALIZED VIEW mv1 SWAP WITH mv2",
    "ALTER MATERIALIZED VIEW",
    (sql) => [{ kind: "swap_tables", table: { name: "mv1" }, with: { name: "mv2" }, span: whole(sql) }],
  ],
  [
    "ALTER MATERIALIZED VIEW db.mv1 SWAP WITH mv2",
    "ALTER MATERIALIZED VIEW",
    (sql) => [
      { kind: "swap_tables", table: { schema: "db", name: "mv1" }, with: { name: "mv2" }, span: whole(sql) },
    ],
  ],
  // Data
  [
    "INSERT INTO db.t VALUES (1, 'a')",
    "INSERT",
    (sql) => [{ kind: "data", verb: "insert", table: { schema: "db", name: "t" }, span: whole(sql) }],
  ],
  [
    "INSERT OVERWRITE t SELECT * FROM s",
    "INSERT",
    (sql) => [{ kind: "data", verb: "insert", table: { name: "t" }, span: whole(sql) }],
  ],
  [
    "INSERT INTO FILES ('path' = 's3://b/') SELECT * FROM s",
    "INSERT",
    (sql) => [{ kind: "data", verb: "insert", span: whole(sql) }],
  ],
  [
    "UPDATE t SET a = 1 WHERE b = 2",
    "UPDATE",
    (sql) => [{ kind: "data", verb: "update", table: { name: "t" }, span: whole(sql) }],
  ],
  [
    "DELETE FROM t WHERE a = 1",
    "DELETE",
    (sql) => [{ kind: "data", verb: "delete", table: { name: "t" }, span: whole(sql) }],
  ],
  ["SELECT 1", "SELECT", (sql) => [{ kind: "data", verb: "select", span: whole(sql) }]],
  [
    "WITH x AS (SELECT 1) SELECT * FROM x",
    "SELECT",
    (sql) => [{ kind: "data", verb: "select", span: whole(sql) }],
  ],
  [
    'LOAD LABEL load_broker.lineorder (DATA INFILE("s3a://b/*") INTO TABLE lineorder FORMAT AS "parquet") WITH BROKER ("k" = "v")',
    "LOAD",
    (sql) => [{ kind: "data", verb: "load", table: { name: "lineorder" }, span: whole(sql) }],
  ],
  [
    'CREATE ROUTINE LOAD example_db.job1 ON example_tbl COLUMNS TERMINATED BY "," FROM KAFKA ("kafka_topic" = "t")',
    "CREATE ROUTINE LOAD",
    (sql) => [{ kind: "data", verb: "load", table: { name: "example_tbl" }, span: whole(sql) }],
  ],
  [
    "SUBMIT TASK etl AS INSERT INTO t SELECT * FROM s",
    "SUBMIT TASK INSERT",
    (sql) => [
      { kind: "data", verb: "insert", table: { name: "t" }, span: at(sql, "INSERT INTO t SELECT * FROM s") },
    ],
  ],
  [
    "SUBMIT TASK AS CREATE TABLE t2 AS SELECT * FROM t",
    "SUBMIT TASK CREATE TABLE",
    (sql) => [
      {
        kind: "create_table",
        table: {
          name: { name: "t2" },
          columns: [],
          constraints: [],
          tableModel: "duplicate",
          columnsUnknown: true,
        },
        ifNotExists: false,
        span: at(sql, "CREATE TABLE t2 AS SELECT * FROM t"),
      },
    ],
  ],
  // Session settings and transactions
  [
    "SET query_timeout = 600",
    "SET",
    (sql) => [{ kind: "set_option", name: "query_timeout", value: "600", span: whole(sql) }],
  ],
  [
    "SET GLOBAL time_zone = 'Asia/Shanghai', @@session.exec_mem_limit = 8589934592",
    "SET",
    (sql) => [
      { kind: "set_option", name: "time_zone", value: "Asia/Shanghai", span: whole(sql) },
      { kind: "set_option", name: "exec_mem_limit", value: "8589934592", span: whole(sql) },
    ],
  ],
  [
    "SET ROLE ALL",
    "SET ROLE",
    (sql) => [{ kind: "no_schema_effect", statement: "SET ROLE", span: whole(sql) }],
  ],
  [
    "SET s3_volume AS DEFAULT STORAGE VOLUME",
    "SET",
    (sql) => [{ kind: "no_schema_effect", statement: "SET", span: whole(sql) }],
  ],
  ["BEGIN", "BEGIN", (sql) => [{ kind: "transaction", action: "begin", span: whole(sql) }]],
  ["COMMIT", "COMMIT", (sql) => [{ kind: "transaction", action: "commit", span: whole(sql) }]],
  // Administration: no schema effect
  [
    "SHOW CREATE TABLE t",
    "SHOW",
    (sql) => [{ kind: "no_schema_effect", statement: "SHOW", span: whole(sql) }],
  ],
  [
    "GRANT SELECT ON TABLE db.t TO ROLE r",
    "GRANT",
    (sql) => [{ kind: "no_schema_effect", statement: "GRANT", span: whole(sql) }],
  ],
  [
    "CREATE USER 'jack' IDENTIFIED BY '123'",
    "CREATE USER",
    (sql) => [{ kind: "no_schema_effect", statement: "CREATE USER", span: whole(sql) }],
  ],
  [
    'CREATE EXTERNAL CATALOG hive_catalog PROPERTIES ("type" = "hive")',
    "CREATE EXTERNAL CATALOG",
    (sql) => [{ kind: "no_schema_effect", statement: "CREATE EXTERNAL CATALOG", span: whole(sql) }],
  ],
  [
    'CREATE RESOURCE "spark0" PROPERTIES ("type" = "spark")',
    "CREATE RESOURCE",
    (sql) => [{ kind: "no_schema_effect", statement: "CREATE RESOURCE", span: whole(sql) }],
  ],
  [
    "ANALYZE TABLE t",
    "ANALYZE",
    (sql) => [{ kind: "no_schema_effect", statement: "ANALYZE", span: whole(sql) }],
  ],
  [
    "DROP TASK t1",
    "DROP TASK",
    (sql) => [{ kind: "no_schema_effect", statement: "DROP TASK", span: whole(sql) }],
  ],
  [
    "ADMIN SET FRONTEND CONFIG ('tablet_create_timeout_second'='60')",
    "ADMIN",
    (sql) => [{ kind: "no_schema_effect", statement: "ADMIN", span: whole(sql) }],
  ],
  // Not understood: never dropped
  [
    "RECOVER TABLE example_db.example_tbl",
    "RECOVER",
    (sql) => [
      {
        kind: "opaque",
        statement: "RECOVER",
        reason: "RECOVER brings back a dropped table, partition or database",
        mayAffect: [{ schema: "example_db", name: "example_tbl" }],
        span: whole(sql),
      },
    ],
  ],
  [
    "CREATE DICTIONARY2 d USING t (k KEY, v VALUE)",
    "CREATE DICTIONARY2",
    (sql) => [
      {
        kind: "opaque",
        statement: "CREATE DICTIONARY2",
        reason: "statement not recognised",
        mayAffect: [],
        span: whole(sql),
      },
    ],
  ],
  [
    "FROBNICATE TABLE x.y",
    "FROBNICATE",
    (sql) => [
      {
        kind: "opaque",
        statement: "FROBNICATE",
        reason: "statement not recognised",
        mayAffect: [{ schema: "x", name: "y" }],
        span: whole(sql),
      },
    ],
  ],
];

describe("statements", () => {
  it.each(CASES)("%s", (sql, statementType, expected) => {
    const statement = parseOne(sql);
    expect(statement.statementType).toBe(statementType);
    expect(statement.changes).toEqual(expected(sql));
  });
});

describe("a whole migration file", () => {
  it("keeps every statement, in order, with spans that exclude the semicolons", () => {
    const sql = [
      "-- setup",
      "CREATE DATABASE IF NOT EXISTS shop;",
      "USE shop;",
      "CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(10,2)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id);",
      "ALTER TABLE orders ADD COLUMN note VARCHAR(100) DEFAULT '';",
      "INSERT INTO orders VALUES (1, 2.5);",
      "MAKE COFFEE;",
      "",
    ].join("\n");
    const parsed = parseStarrocks(sql);
    expect(parsed.errors).toEqual([]);
    expect(
      parsed.statements.map((statement) => [
        statement.statementType,
        sql.slice(statement.span.start, statement.span.end),
      ]),
    ).toEqual([
      ["CREATE DATABASE", "CREATE DATABASE IF NOT EXISTS shop"],
      ["USE", "USE shop"],
      [
        "CREATE TABLE",
        "CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(10,2)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id)",
      ],
      ["ALTER TABLE", "ALTER TABLE orders ADD COLUMN note VARCHAR(100) DEFAULT ''"],
      ["INSERT", "INSERT INTO orders VALUES (1, 2.5)"],
      ["MAKE", "MAKE COFFEE"],
    ]);
    expect(parsed.statements.map((statement) => statement.changes.map((change) => change.kind))).toEqual([
      ["create_schema"],
      ["set_option"],
      ["create_table"],
      ["add_column"],
      ["data"],
      ["opaque"],
    ]);
  });

  it("returns nothing for a file of comments", () => {
    expect(parseStarrocks("-- nothing\n/* here */ # either\n")).toEqual({ statements: [], errors: [] });
  });
});
