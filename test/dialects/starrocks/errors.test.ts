import { describe, expect, it } from "vitest";
import { ALTER_TABLE_SYNTAX } from "../../../src/dialects/starrocks/alter-table.js";
import { COLUMN_SYNTAX, DISTRIBUTION_SYNTAX } from "../../../src/dialects/starrocks/clauses.js";
import { CREATE_TABLE_SYNTAX } from "../../../src/dialects/starrocks/create-table.js";
import { parseStarrocks } from "../../../src/dialects/starrocks/parser.js";
import { TYPE_SYNTAX } from "../../../src/dialects/starrocks/types.js";
import {
  ALTER_MATERIALIZED_VIEW_SYNTAX,
  CREATE_MATERIALIZED_VIEW_SYNTAX,
  CREATE_VIEW_SYNTAX,
} from "../../../src/dialects/starrocks/views.js";
import { at } from "./helpers.js";

type Case = readonly [sql: string, offset: (sql: string) => number, message: string, hint: string | RegExp];

const END = (sql: string) => sql.length;
const before = (fragment: string) => (sql: string) => at(sql, fragment).start;

const CASES: readonly Case[] = [
  ["CREATE TABLE t (a INT", END, "expected ')', found end of statement", CREATE_TABLE_SYNTAX],
  ["CREATE TABLE t (a VARCHAR(x))", before("x"), "expected a number, found 'x'", COLUMN_SYNTAX],
  ["CREATE TABLE t (a ARRAY NULL)", before("NULL"), "expected '<', found 'NULL'", COLUMN_SYNTAX],
  [
    "CREATE TABLE t (a INT, b INT,) DUPLICATE KEY(a)",
    (sql) => at(sql, ",)").start + 1,
    "expected a column name, found ')'",
    COLUMN_SYNTAX,
  ],
  ["CREATE TABLE t (a INT b INT)", before("b INT"), "expected ')', found 'b'", CREATE_TABLE_SYNTAX],
  [
    "CREATE TABLE t (a INT) DUPLICATE KEY a",
    (sql) => sql.lastIndexOf("a"),
    "expected '(', found 'a'",
    CREATE_TABLE_SYNTAX,
  ],
  [
    "CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a) BUCKETS many",
    before("many"),
    "expected a number of buckets, found 'many'",
    DISTRIBUTION_SYNTAX,
  ],
  [
    "CREATE TABLE t (a INT) DISTRIBUTED BY KEY(a)",
    before("KEY"),
    "expected HASH or RANDOM, found 'KEY'",
    DISTRIBUTION_SYNTAX,
  ],
  [
    "CREATE TABLE t (a INT) PARTITION BY RANGE(a) (PARTITION p1 VALUES MORE THAN (1))",
    before("MORE"),
    "expected LESS THAN, IN or [ after VALUES, found 'MORE'",
    /^PARTITION BY RANGE/,
  ],
  [
    "CREATE TABLE t (a INT) DUPLICATE KEY(a) BUCKETS 3",
    before("BUCKETS"),
    "expected ENGINE, a key description, COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER BY, PROPERTIES or AS, found 'BUCKETS'",
    `${CREATE_TABLE_SYNTAX}; ${DISTRIBUTION_SYNTAX}`,
  ],
  ["CREATE TABLE t", END, "expected a column list or AS query, found end of statement", CREATE_TABLE_SYNTAX],
  ["CREATE TABLE t (a, b)", before(","), "expected a column type, found ','", CREATE_TABLE_SYNTAX],
  ["CREATE TABLE (a INT)", before("("), "expected a table name, found '('", CREATE_TABLE_SYNTAX],
  [
    "CREATE TABLE t (id INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc')",
    before("PRIMARY"),
    "expected a column or INDEX definition, found 'PRIMARY'",
    /StarRocks declares the table's key after the column list/,
  ],
  [
    "CREATE EXTERNAL TABLE t (a INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' STORED AS TEXTFILE",
    before("ROW"),
    "expected ENGINE, a key description, COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER BY, PROPERTIES or AS, found 'ROW'",
    /This is Hive DDL/,
  ],
  [
    "CREATE TABLE t (a INT) WITH ('connector' = 'starrocks')",
    before("WITH"),
    "expected ENGINE, a key description, COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER BY, PROPERTIES or AS, found 'WITH'",
    /Flink SQL/,
  ],
  [
    "CREATE TABLE t (a INT) PROPERTIES (replication_num)",
    (sql) => sql.lastIndexOf(")"),
    "expected '=', found ')'",
    CREATE_TABLE_SYNTAX,
  ],
  ["ALTER TABLE t ADD COLUMN c", END, "expected a column type, found end of statement", TYPE_SYNTAX],
  ["CREATE TABLE t (a VARCHR(10))", before("VARCHR"), "expected a column type, found 'VARCHR'", TYPE_SYNTAX],
  [
    "CREATE TABLE t (a ARRAY<INTEGR>)",
    before("INTEGR"),
    "expected a column type, found 'INTEGR'",
    TYPE_SYNTAX,
  ],
  [
    "ALTER TABLE t ADD COLUMN c INT BOGUS",
    before("BOGUS"),
    "expected ',' or end of statement, found 'BOGUS'",
    COLUMN_SYNTAX,
  ],
  [
    "ALTER TABLE t FROB c",
    before("FROB"),
    "expected an ALTER TABLE clause (ADD, DROP, MODIFY, RENAME, SET, ORDER BY, COMMENT, DISTRIBUTED BY, SWAP, ...), found 'FROB'",
    ALTER_TABLE_SYNTAX,
  ],
  [
    "ALTER TABLE t ADD COLUMN a INT, TO r1",
    before("TO"),
    "expected an ALTER TABLE clause (ADD, DROP, MODIFY, RENAME, SET, ORDER BY, COMMENT, DISTRIBUTED BY, SWAP, ...), found 'TO'",
    ALTER_TABLE_SYNTAX,
  ],
  [
    "ALTER TABLE t DROP c",
    before("c"),
    "expected COLUMN, PARTITION, PARTITIONS, ROLLUP or INDEX after DROP, found 'c'",
    ALTER_TABLE_SYNTAX,
  ],
  [
    'ALTER TABLE t MODIFY PARTITION p1 ("k" = "v")',
    before("("),
    "expected SET, found '('",
    ALTER_TABLE_SYNTAX,
  ],
  ["ALTER TABLE t SWAP table2", before("table2"), "expected WITH, found 'table2'", ALTER_TABLE_SYNTAX],
  [
    // StarRocks.g4 swapTableClause: SWAP WITH identifier, so the other table is in the same database.
    "ALTER TABLE db.t SWAP WITH db.t2",
    (sql) => sql.lastIndexOf("."),
    "expected a table of the same database after SWAP WITH, without a database prefix, found '.'",
    ALTER_TABLE_SYNTAX,
  ],
  [
    "ALTER MATERIALIZED VIEW mv SWAP WITH db.mv2",
    before("."),
    "expected a table of the same database after SWAP WITH, without a database prefix, found '.'",
    ALTER_MATERIALIZED_VIEW_SYNTAX,
  ],
  [
    "ALTER TABLE t RENAME PARTITION p1",
    END,
    "expected the new partition name, found end of statement",
    ALTER_TABLE_SYNTAX,
  ],
  // Not StarRocks types: baseType in StarRocks.g4 has neither (DATETIME and BIGINT are the StarRocks names).
  [
    "CREATE TABLE t (a TIMESTAMP)",
    before("TIMESTAMP"),
    "expected a column type, found 'TIMESTAMP'",
    TYPE_SYNTAX,
  ],
  ["CREATE TABLE t (a long)", before("long"), "expected a column type, found 'long'", TYPE_SYNTAX],
  ["ALTER TABLE [db.]t RENAME t2", before("["), "expected a table name, found '['", ALTER_TABLE_SYNTAX],
  [
    "DROP TABLE",
    END,
    "expected a table name, found end of statement",
    "DROP TABLE [IF EXISTS] [db.]name [FORCE]",
  ],
  [
    "DROP TABLE a b",
    before("b"),
    "expected end of statement, found 'b'",
    "DROP TABLE [IF EXISTS] [db.]name [FORCE]",
  ],
  ["DROP INDEX idx", END, "expected ON, found end of statement", "DROP INDEX name ON [db.]table"],
  ["TRUNCATE t", before("t"), "expected TABLE, found 't'", "TRUNCATE TABLE [db.]name [PARTITION (p, ...)]"],
  ["CREATE VIEW v SELECT 1", before("SELECT"), "expected AS, found 'SELECT'", CREATE_VIEW_SYNTAX],
  [
    "CREATE MATERIALIZED VIEW mv REFRESH SOMETIME AS SELECT 1",
    before("SOMETIME"),
    "expected IMMEDIATE, DEFERRED, ASYNC or MANUAL after REFRESH, found 'SOMETIME'",
    CREATE_MATERIALIZED_VIEW_SYNTAX,
  ],
  [
    "CREATE MATERIALIZED VIEW mv AS",
    END,
    "expected a query after AS, found end of statement",
    CREATE_MATERIALIZED_VIEW_SYNTAX,
  ],
  ["USE", END, "expected a database name, found end of statement", "USE [catalog.]database"],
];

describe("parse errors", () => {
  it.each(CASES)("%s", (sql, offset, message, hint) => {
    const parsed = parseStarrocks(sql);
    expect(parsed.errors).toHaveLength(1);
    const [error] = parsed.errors;
    expect(error?.offset).toBe(offset(sql));
    expect(error?.message).toBe(message);
    if (typeof hint === "string") expect(error?.hint).toBe(hint);
    else expect(error?.hint).toMatch(hint);
  });
});

describe("a statement that fails to parse", () => {
  it("becomes an opaque change naming its table, and the next statement still parses", () => {
    const sql = "ALTER TABLE db.orders ADD COLUMN c;\nDROP TABLE db.old;";
    const parsed = parseStarrocks(sql);
    expect(parsed.errors).toEqual([
      {
        message: "expected a column type, found end of statement",
        offset: at(sql, ";").start,
        hint: TYPE_SYNTAX,
      },
    ]);
    expect(parsed.statements).toEqual([
      {
        span: at(sql, "ALTER TABLE db.orders ADD COLUMN c"),
        statementType: "ALTER TABLE",
        changes: [
          {
            kind: "opaque",
            statement: "ALTER TABLE",
            reason: "could not be parsed: expected a column type, found end of statement",
            mayAffect: [{ schema: "db", name: "orders" }],
            span: at(sql, "ALTER TABLE db.orders ADD COLUMN c"),
          },
        ],
      },
      {
        span: at(sql, "DROP TABLE db.old"),
        statementType: "DROP TABLE",
        changes: [
          {
            kind: "drop_table",
            table: { schema: "db", name: "old" },
            ifExists: false,
            cascade: false,
            span: at(sql, "DROP TABLE db.old"),
          },
        ],
      },
    ]);
  });

  it("names the table after IF NOT EXISTS among the relations it may affect", () => {
    const parsed = parseStarrocks("CREATE TABLE IF NOT EXISTS db.t (a INT");
    expect(parsed.statements[0]?.changes).toEqual([
      {
        kind: "opaque",
        statement: "CREATE TABLE",
        reason: "could not be parsed: expected ')', found end of statement",
        mayAffect: [{ schema: "db", name: "t" }],
        span: { start: 0, end: 38 },
      },
    ]);
  });

  it("falls back to a generic hint where the grammar has none", () => {
    const parsed = parseStarrocks("SET CATALOG");
    expect(parsed.errors).toEqual([
      {
        message: "expected a catalog name, found end of statement",
        offset: 11,
        hint: "Check the SET syntax in the StarRocks SQL reference.",
      },
    ]);
  });

  it("reports an unterminated string where it starts, with a hint", () => {
    const sql = "CREATE TABLE t (a INT COMMENT 'oops) DUPLICATE KEY(a)";
    const parsed = parseStarrocks(sql);
    expect(parsed.errors[0]).toEqual({
      message: "unterminated string starting with '",
      offset: at(sql, "'oops").start,
      hint: "Close the string, quoted identifier or comment that starts here.",
    });
    expect(parsed.statements).toHaveLength(1);
    expect(parsed.statements[0]?.changes[0]?.kind).toBe("opaque");
  });
});

describe("types nested thousands deep", () => {
  it.each([
    ["ARRAY", (depth: number) => `${"ARRAY<".repeat(depth)}INT${">".repeat(depth)}`],
    ["MAP", (depth: number) => `${"MAP<INT, ".repeat(depth)}INT${">".repeat(depth)}`],
    ["STRUCT", (depth: number) => `${"STRUCT<a ".repeat(depth)}INT${">".repeat(depth)}`],
  ])("%s: a parse error at the level past the limit, not a stack overflow", (_kind, nested) => {
    const sql = `CREATE TABLE t (c ${nested(20_000)}) DUPLICATE KEY(c)`;
    const parsed = parseStarrocks(sql);
    expect(parsed.errors[0]).toMatchObject({
      message: expect.stringMatching(/^expected a simpler type, found '/),
      hint: "Schematic reads ARRAY, MAP and STRUCT types nested up to 64 levels deep.",
    });
  });

  it("reads a type nested as deep as StarRocks allows", () => {
    const sql = `CREATE TABLE t (k INT, c ${"ARRAY<".repeat(15)}INT${">".repeat(15)}) DUPLICATE KEY(k)`;
    expect(parseStarrocks(sql).errors).toEqual([]);
  });
});
