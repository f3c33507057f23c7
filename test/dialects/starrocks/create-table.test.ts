import { describe, expect, it } from "vitest";
import type { Change, ColumnDef, TableDef } from "../../../src/sql/changes.js";
import { at, changesOf, parseOne, types } from "./helpers.js";

type Case = readonly [name: string, sql: string, expected: (sql: string) => readonly Change[]];

function column(sql: string, text: string, fields: Omit<ColumnDef, "span">): ColumnDef {
  return { ...fields, span: at(sql, text) };
}

function createTable(sql: string, table: TableDef, ifNotExists = false): Change {
  return {
    kind: "create_table",
    table,
    ifNotExists,
    span: { start: 0, end: sql.replace(/;\s*$/, "").length },
  };
}

const CASES: readonly Case[] = [
  [
    "Duplicate Key table with hash buckets",
    "CREATE TABLE example_db.t (k1 INT, v1 VARCHAR(10)) DUPLICATE KEY(k1) DISTRIBUTED BY HASH(k1) BUCKETS 8;",
    (sql) => [
      createTable(sql, {
        name: { schema: "example_db", name: "t" },
        columns: [
          column(sql, "k1 INT", { name: "k1", type: types.int(), nullable: true, key: true }),
          column(sql, "v1 VARCHAR(10)", { name: "v1", type: types.varchar(10), nullable: true }),
        ],
        constraints: [],
        tableModel: "duplicate",
        keyColumns: ["k1"],
        distribution: { kind: "hash", columns: ["k1"], buckets: 8 },
      }),
    ],
  ],
  [
    "Aggregate table: aggregate types, defaults, ENGINE, COMMENT, PROPERTIES (CREATE TABLE reference example)",
    `CREATE TABLE example_db.table_hash
(
    k1 TINYINT,
    k2 DECIMAL(10, 2) DEFAULT "10.5",
    v1 CHAR(10) REPLACE,
    v2 INT SUM,
    v3 HLL HLL_UNION,
    v4 BITMAP BITMAP_UNION,
    v5 BIGINT REPLACE_IF_NOT_NULL NOT NULL,
    v6 PERCENTILE PERCENTILE_UNION,
    v7 INT MAX, v8 INT MIN
)
ENGINE=olap
AGGREGATE KEY(k1, k2)
COMMENT "my first starrocks table"
DISTRIBUTED BY HASH(k1)
PROPERTIES ("storage_type"="column", "replication_num" = "1");`,
    (sql) => [
      createTable(sql, {
        name: { schema: "example_db", name: "table_hash" },
        columns: [
          column(sql, "k1 TINYINT", { name: "k1", type: types.tinyint(), nullable: true, key: true }),
          column(sql, 'k2 DECIMAL(10, 2) DEFAULT "10.5"', {
            name: "k2",
            type: types.decimal(10, 2, "DECIMAL(10, 2)"),
            nullable: true,
            default: '"10.5"',
            key: true,
          }),
          column(sql, "v1 CHAR(10) REPLACE", {
            name: "v1",
            type: { family: "string", name: "char", length: 10, fixedLength: true, raw: "CHAR(10)" },
            nullable: true,
            aggregate: "REPLACE",
          }),
          column(sql, "v2 INT SUM", { name: "v2", type: types.int(), nullable: true, aggregate: "SUM" }),
          column(sql, "v3 HLL HLL_UNION", {
            name: "v3",
            type: { family: "hll", name: "hll", raw: "HLL" },
            nullable: true,
            aggregate: "HLL_UNION",
          }),
          column(sql, "v4 BITMAP BITMAP_UNION", {
            name: "v4",
            type: { family: "bitmap", name: "bitmap", raw: "BITMAP" },
            nullable: true,
            aggregate: "BITMAP_UNION",
          }),
          column(sql, "v5 BIGINT REPLACE_IF_NOT_NULL NOT NULL", {
            name: "v5",
            type: types.bigint(),
            nullable: false,
            aggregate: "REPLACE_IF_NOT_NULL",
          }),
          column(sql, "v6 PERCENTILE PERCENTILE_UNION", {
            name: "v6",
            type: { family: "other", name: "percentile", raw: "PERCENTILE" },
            nullable: true,
            aggregate: "PERCENTILE_UNION",
          }),
          column(sql, "v7 INT MAX", { name: "v7", type: types.int(), nullable: true, aggregate: "MAX" }),
          column(sql, "v8 INT MIN", { name: "v8", type: types.int(), nullable: true, aggregate: "MIN" }),
        ],
        constraints: [],
        tableModel: "aggregate",
        keyColumns: ["k1", "k2"],
        comment: "my first starrocks table",
        distribution: { kind: "hash", columns: ["k1"] },
        properties: { storage_type: "column", replication_num: "1" },
      }),
    ],
  ],
  [
    "Primary Key table: keys NOT NULL by default, primary_key constraint, sort key",
    `create table users (
    user_id bigint,
    tenant int NULL,
    name string NOT NULL,
    last_active datetime
) PRIMARY KEY (\`user_id\`, tenant)
DISTRIBUTED BY HASH(\`user_id\`)
ORDER BY(\`name\`,\`last_active\`)
PROPERTIES("enable_persistent_index" = "true")`,
    (sql) => [
      createTable(sql, {
        name: { name: "users" },
        columns: [
          column(sql, "user_id bigint", {
            name: "user_id",
            type: types.bigint("bigint"),
            nullable: false,
            key: true,
          }),
          column(sql, "tenant int NULL", {
            name: "tenant",
            type: types.int("int"),
            nullable: true,
            key: true,
          }),
          column(sql, "name string NOT NULL", {
            name: "name",
            type: { family: "string", name: "string", length: 65533, raw: "string" },
            nullable: false,
          }),
          column(sql, "last_active datetime", {
            name: "last_active",
            type: types.datetime("datetime"),
            nullable: true,
          }),
        ],
        constraints: [{ kind: "primary_key", columns: ["user_id", "tenant"] }],
        tableModel: "primary",
        keyColumns: ["user_id", "tenant"],
        distribution: { kind: "hash", columns: ["user_id"] },
        orderBy: ["name", "last_active"],
        properties: { enable_persistent_index: "true" },
      }),
    ],
  ],
  [
    "Unique Key table, IF NOT EXISTS, backticks and display widths",
    'CREATE TABLE IF NOT EXISTS `db`.`Orders` (`Id` int(11) NOT NULL COMMENT "", `Amount` DECIMAL64(18, 2) REPLACE) UNIQUE KEY(`Id`) DISTRIBUTED BY HASH(`Id`) BUCKETS 3',
    (sql) => [
      createTable(
        sql,
        {
          name: { schema: "db", name: "Orders" },
          columns: [
            column(sql, '`Id` int(11) NOT NULL COMMENT ""', {
              name: "Id",
              type: types.int("int(11)"),
              nullable: false,
              comment: "",
              key: true,
            }),
            column(sql, "`Amount` DECIMAL64(18, 2) REPLACE", {
              name: "Amount",
              type: types.decimal(18, 2, "DECIMAL64(18, 2)"),
              nullable: true,
              aggregate: "REPLACE",
            }),
          ],
          constraints: [],
          tableModel: "unique",
          keyColumns: ["Id"],
          distribution: { kind: "hash", columns: ["Id"], buckets: 3 },
        },
        true,
      ),
    ],
  ],
  [
    "column attributes: AUTO_INCREMENT, DEFAULT CURRENT_TIMESTAMP, DEFAULT (uuid()), generated column, KEY",
    `CREATE TABLE t (
  id BIGINT NOT NULL AUTO_INCREMENT,
  created DATETIME DEFAULT CURRENT_TIMESTAMP,
  token VARCHAR(36) DEFAULT (uuid()),
  amount INT DEFAULT -1,
  doubled BIGINT AS (amount * 2) COMMENT 'twice',
  code INT KEY NULL DEFAULT NULL
) DUPLICATE KEY(id)`,
    (sql) => [
      createTable(sql, {
        name: { name: "t" },
        columns: [
          column(sql, "id BIGINT NOT NULL AUTO_INCREMENT", {
            name: "id",
            type: types.bigint(),
            nullable: false,
            autoIncrement: true,
            key: true,
          }),
          column(sql, "created DATETIME DEFAULT CURRENT_TIMESTAMP", {
            name: "created",
            type: types.datetime(),
            nullable: true,
            default: "CURRENT_TIMESTAMP",
            volatileDefault: true,
          }),
          column(sql, "token VARCHAR(36) DEFAULT (uuid())", {
            name: "token",
            type: types.varchar(36),
            nullable: true,
            default: "(uuid())",
            volatileDefault: true,
          }),
          column(sql, "amount INT DEFAULT -1", {
            name: "amount",
            type: types.int(),
            nullable: true,
            default: "-1",
          }),
          column(sql, "doubled BIGINT AS (amount * 2) COMMENT 'twice'", {
            name: "doubled",
            type: types.bigint(),
            nullable: true,
            generated: { storage: "stored", expression: "(amount * 2)" },
            comment: "twice",
          }),
          column(sql, "code INT KEY NULL DEFAULT NULL", {
            name: "code",
            type: types.int(),
            nullable: true,
            key: true,
            default: "NULL",
          }),
        ],
        constraints: [],
        tableModel: "duplicate",
        keyColumns: ["id"],
      }),
    ],
  ],
  [
    "inline indexes become create_index changes",
    `CREATE TABLE t (
  k1 INT,
  msg STRING,
  INDEX k1_idx (k1) USING BITMAP COMMENT 'xxxxxx',
  INDEX msg_idx (msg) USING NGRAMBF ("gram_num" = "4", "bloom_filter_fpp" = "0.05") COMMENT 'ngram',
  INDEX gin_idx (msg) USING GIN
) DUPLICATE KEY(k1) DISTRIBUTED BY RANDOM`,
    (sql) => [
      createTable(sql, {
        name: { name: "t" },
        columns: [
          column(sql, "k1 INT", { name: "k1", type: types.int(), nullable: true, key: true }),
          column(sql, "msg STRING", {
            name: "msg",
            type: { family: "string", name: "string", length: 65533, raw: "STRING" },
            nullable: true,
          }),
        ],
        constraints: [],
        tableModel: "duplicate",
        keyColumns: ["k1"],
        distribution: { kind: "random", columns: [] },
      }),
      {
        kind: "create_index",
        index: { name: "k1_idx", table: { name: "t" }, columns: ["k1"], unique: false, method: "bitmap" },
        ifNotExists: false,
        span: at(sql, "INDEX k1_idx (k1) USING BITMAP COMMENT 'xxxxxx'"),
      },
      {
        kind: "create_index",
        index: { name: "msg_idx", table: { name: "t" }, columns: ["msg"], unique: false, method: "ngrambf" },
        ifNotExists: false,
        span: at(
          sql,
          `INDEX msg_idx (msg) USING NGRAMBF ("gram_num" = "4", "bloom_filter_fpp" = "0.05") COMMENT 'ngram'`,
        ),
      },
      {
        kind: "create_index",
        index: { name: "gin_idx", table: { name: "t" }, columns: ["msg"], unique: false, method: "gin" },
        ifNotExists: false,
        span: at(sql, "INDEX gin_idx (msg) USING GIN"),
      },
    ],
  ],
  [
    "RANGE partitions: LESS THAN, fixed range, MAXVALUE and a batch",
    `CREATE TABLE t (k1 DATE, v INT)
DUPLICATE KEY(k1)
PARTITION BY RANGE (k1)
(
    PARTITION p1 VALUES LESS THAN ("2014-01-01"),
    PARTITION p2 VALUES [("2014-01-01"), ("2014-06-01")),
    START ("2014-06-01") END ("2014-12-01") EVERY (INTERVAL 1 MONTH),
    PARTITION p3 VALUES LESS THAN MAXVALUE
)
DISTRIBUTED BY HASH(k1) BUCKETS 4`,
    (sql) => [
      createTable(sql, {
        name: { name: "t" },
        columns: [
          column(sql, "k1 DATE", { name: "k1", type: types.date(), nullable: true, key: true }),
          column(sql, "v INT", { name: "v", type: types.int(), nullable: true }),
        ],
        constraints: [],
        tableModel: "duplicate",
        keyColumns: ["k1"],
        partitioning: { kind: "range", columns: ["k1"] },
        distribution: { kind: "hash", columns: ["k1"], buckets: 4 },
      }),
      {
        kind: "add_partition",
        table: { name: "t" },
        partition: "p1",
        span: at(sql, 'PARTITION p1 VALUES LESS THAN ("2014-01-01")'),
      },
      {
        kind: "add_partition",
        table: { name: "t" },
        partition: "p2",
        span: at(sql, 'PARTITION p2 VALUES [("2014-01-01"), ("2014-06-01"))'),
      },
      {
        kind: "add_partition",
        table: { name: "t" },
        partition: "p3",
        span: at(sql, "PARTITION p3 VALUES LESS THAN MAXVALUE"),
      },
    ],
  ],
];

describe("CREATE TABLE", () => {
  it.each(CASES)("%s", (_name, sql, expected) => {
    expect(changesOf(sql)).toEqual(expected(sql));
  });
});

/** Clause-level expectations: one table field per form. */
type FieldCase = readonly [name: string, sql: string, field: keyof TableDef, expected: unknown];

const FIELD_CASES: readonly FieldCase[] = [
  [
    "multi-column fixed ranges",
    `CREATE TABLE t (k1 DATE, k2 INT, k3 SMALLINT) DUPLICATE KEY(k1, k2, k3)
PARTITION BY RANGE (k1, k2, k3) (PARTITION p1 VALUES [("2014-01-01", "10", "200"), ("2014-01-01", "20", "300")))
DISTRIBUTED BY HASH(k2)`,
    "partitioning",
    { kind: "range", columns: ["k1", "k2", "k3"] },
  ],
  [
    "batch partitions over an integer column",
    `CREATE TABLE site_access (datekey INT, site_id INT) DUPLICATE KEY(datekey)
PARTITION BY RANGE (datekey) (START ("1") END ("5") EVERY (1)) DISTRIBUTED BY HASH(site_id)`,
    "partitioning",
    { kind: "range", columns: ["datekey"] },
  ],
  [
    "LIST partitions with value tuples",
    `CREATE TABLE t (id BIGINT, dt VARCHAR(10), city VARCHAR(20)) DUPLICATE KEY(id)
PARTITION BY LIST (dt, city) (
   PARTITION p1 VALUES IN (("2022-04-01", "LA"), ("2022-04-01", "SF")),
   PARTITION p2 VALUES IN (("2022-04-01", "Houston"))
) DISTRIBUTED BY HASH(id)`,
    "partitioning",
    { kind: "list", columns: ["dt", "city"] },
  ],
  [
    "expression partitioning with date_trunc",
    "CREATE TABLE t (event_day DATETIME NOT NULL, id INT) DUPLICATE KEY(event_day) PARTITION BY date_trunc('day', event_day) DISTRIBUTED BY HASH(id)",
    "partitioning",
    { kind: "expression", columns: ["event_day"], expression: "date_trunc('day', event_day)" },
  ],
  [
    "expression partitioning with time_slice",
    "CREATE TABLE t (event_day DATETIME, id INT) PARTITION BY time_slice(event_day, INTERVAL 7 day) DISTRIBUTED BY HASH(id)",
    "partitioning",
    { kind: "expression", columns: ["event_day"], expression: "time_slice(event_day, INTERVAL 7 day)" },
  ],
  [
    "column expression partitioning in parentheses",
    "CREATE TABLE t (id BIGINT, dt VARCHAR(20), city VARCHAR(20)) DUPLICATE KEY(id) PARTITION BY (dt, city) DISTRIBUTED BY HASH(`id`)",
    "partitioning",
    { kind: "expression", columns: ["dt", "city"] },
  ],
  [
    "column expression partitioning without parentheses",
    "CREATE TABLE t (id BIGINT, dt VARCHAR(20), city VARCHAR(20)) PARTITION BY dt, city DISTRIBUTED BY HASH(id)",
    "partitioning",
    { kind: "expression", columns: ["dt", "city"] },
  ],
  [
    "RANGE over an expression",
    "CREATE TABLE t (id BIGINT, dt VARCHAR(20)) PARTITION BY RANGE(str2date(dt, '%Y-%m-%d')) (START ('2021-01-01') END ('2021-01-10') EVERY (INTERVAL 1 DAY)) DISTRIBUTED BY HASH(id)",
    "partitioning",
    { kind: "range", columns: ["dt"], expression: "str2date(dt, '%Y-%m-%d')" },
  ],
  [
    "random buckets",
    "CREATE TABLE t (a INT) DISTRIBUTED BY RANDOM BUCKETS 10",
    "distribution",
    { kind: "random", columns: [], buckets: 10 },
  ],
  [
    "automatic buckets",
    "CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a) BUCKETS AUTO",
    "distribution",
    { kind: "hash", columns: ["a"] },
  ],
  ["no key description: Duplicate Key by default", "CREATE TABLE t (a INT)", "tableModel", "duplicate"],
  [
    "external tables have no table model",
    'CREATE EXTERNAL TABLE t (a INT) ENGINE=mysql PROPERTIES ("host" = "h")',
    "tableModel",
    undefined,
  ],
  ["TEMPORARY", "CREATE TEMPORARY TABLE t (a INT)", "temporary", true],
  [
    "ROLLUP is read and leaves the columns alone",
    'CREATE TABLE t (a INT, b INT SUM) AGGREGATE KEY(a) DISTRIBUTED BY HASH(a) ROLLUP (r1 (a, b), r2 (a) FROM r1 PROPERTIES ("k" = "v")) PROPERTIES ("replication_num" = "1")',
    "properties",
    { replication_num: "1" },
  ],
  [
    "foreign_key_constraints property gives informational foreign keys",
    `CREATE TABLE lineorder (lo_custkey INT, lo_partkey INT) DISTRIBUTED BY HASH(lo_custkey)
PROPERTIES ("foreign_key_constraints" = "(lo_custkey) REFERENCES customer(c_custkey); (lo_partkey) REFERENCES default_catalog.ssb.part(p_partkey)")`,
    "constraints",
    [
      {
        kind: "foreign_key",
        columns: ["lo_custkey"],
        references: { table: { name: "customer" }, columns: ["c_custkey"] },
        informational: true,
      },
      {
        kind: "foreign_key",
        columns: ["lo_partkey"],
        references: { table: { schema: "ssb", name: "part" }, columns: ["p_partkey"] },
        informational: true,
      },
    ],
  ],
  [
    "complex column types",
    "CREATE TABLE t (c0 INT, c1 ARRAY<INT> NOT NULL, c2 MAP<INT,DATETIME>, c3 STRUCT<a INT, b STRING>) DUPLICATE KEY(c0)",
    "columns",
    [
      { name: "c0", type: types.int(), nullable: true, key: true, span: { start: 16, end: 22 } },
      {
        name: "c1",
        type: { family: "array", name: "array", raw: "ARRAY<INT>", element: types.int() },
        nullable: false,
        span: { start: 24, end: 46 },
      },
      {
        name: "c2",
        type: {
          family: "map",
          name: "map",
          raw: "MAP<INT,DATETIME>",
          key: types.int(),
          element: types.datetime(),
        },
        nullable: true,
        span: { start: 48, end: 68 },
      },
      {
        name: "c3",
        type: {
          family: "struct",
          name: "struct",
          raw: "STRUCT<a INT, b STRING>",
          fields: [
            { name: "a", type: types.int() },
            { name: "b", type: { family: "string", name: "string", length: 65533, raw: "STRING" } },
          ],
        },
        nullable: true,
        span: { start: 70, end: 96 },
      },
    ],
  ],
];

describe("CREATE TABLE clauses", () => {
  it.each(FIELD_CASES)("%s", (_name, sql, field, expected) => {
    const [change] = changesOf(sql);
    expect(change?.kind).toBe("create_table");
    expect(change?.kind === "create_table" ? change.table[field] : undefined).toEqual(expected);
  });
});

describe("CREATE TABLE AS SELECT and LIKE", () => {
  it.each<[string, string, TableDef]>([
    [
      "CTAS",
      "CREATE TABLE order_new AS SELECT * FROM `order`",
      {
        name: { name: "order_new" },
        columns: [],
        constraints: [],
        tableModel: "duplicate",
        columnsUnknown: true,
      },
    ],
    [
      "CTAS with column names",
      "CREATE TABLE order_new (a, b, c) AS SELECT k1, k2, k3 FROM `order`",
      {
        name: { name: "order_new" },
        columns: [],
        constraints: [],
        tableModel: "duplicate",
        columnsUnknown: true,
      },
    ],
    [
      "CTAS with a key, partitions and buckets",
      `CREATE TABLE employee_new PRIMARY KEY(order_id)
PARTITION BY RANGE(\`dt\`) (START ("1993-01-01") END ("1999-01-01") EVERY (INTERVAL 1 YEAR))
DISTRIBUTED BY HASH(order_id) AS SELECT order_id, dt, sum(price) AS total FROM t GROUP BY order_id, dt`,
      {
        name: { name: "employee_new" },
        columns: [],
        constraints: [{ kind: "primary_key", columns: ["order_id"] }],
        tableModel: "primary",
        keyColumns: ["order_id"],
        partitioning: { kind: "range", columns: ["dt"] },
        distribution: { kind: "hash", columns: ["order_id"] },
        columnsUnknown: true,
      },
    ],
    [
      "LIKE",
      "CREATE TABLE test1.table2 LIKE test1.table1",
      { name: { schema: "test1", name: "table2" }, columns: [], constraints: [], columnsUnknown: true },
    ],
  ])("%s", (_name, sql, table) => {
    expect(changesOf(sql)).toEqual([
      { kind: "create_table", table, ifNotExists: false, span: { start: 0, end: sql.length } },
    ]);
  });
});

describe("statement span", () => {
  it("starts at the first keyword and stops before the semicolon", () => {
    const sql = "-- create it\n  CREATE TABLE t (a INT) ;\n";
    const statement = parseOne(sql);
    expect(statement.span).toEqual(at(sql, "CREATE TABLE t (a INT)"));
    expect(statement.statementType).toBe("CREATE TABLE");
    expect(statement.changes[0]?.span).toEqual(at(sql, "CREATE TABLE t (a INT)"));
  });
});
