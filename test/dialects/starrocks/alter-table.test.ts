import { describe, expect, it } from "vitest";
import type { Change } from "../../../src/sql/changes.js";
import { at, changesOf, types } from "./helpers.js";

type Case = readonly [name: string, sql: string, expected: (sql: string) => readonly Change[]];

const T = { schema: "example_db", name: "my_table" };
const PREFIX = "ALTER TABLE example_db.my_table ";

/** The whole statement after the table name, which is the clause span when there is one clause. */
function clause(sql: string): { start: number; end: number } {
  return { start: PREFIX.length, end: sql.length };
}

const CASES: readonly Case[] = [
  [
    "ADD COLUMN with KEY, DEFAULT, AFTER and TO rollup",
    `${PREFIX}ADD COLUMN new_col INT KEY DEFAULT "0" AFTER col1 TO example_rollup_index`,
    (sql) => [
      {
        kind: "add_column",
        table: T,
        column: {
          name: "new_col",
          type: types.int(),
          nullable: true,
          key: true,
          default: '"0"',
          span: at(sql, 'new_col INT KEY DEFAULT "0"'),
        },
        ifNotExists: false,
        position: "AFTER col1",
        span: clause(sql),
      },
    ],
  ],
  [
    "ADD COLUMN with an aggregate type, NOT NULL and FIRST",
    `${PREFIX}ADD COLUMN v2 INT MAX NOT NULL DEFAULT "0" FIRST`,
    (sql) => [
      {
        kind: "add_column",
        table: T,
        column: {
          name: "v2",
          type: types.int(),
          nullable: false,
          aggregate: "MAX",
          default: '"0"',
          span: at(sql, 'v2 INT MAX NOT NULL DEFAULT "0"'),
        },
        ifNotExists: false,
        position: "FIRST",
        span: clause(sql),
      },
    ],
  ],
  [
    "ADD COLUMN (list): one change per column, spanning its definition",
    `${PREFIX}ADD COLUMN (col1 INT DEFAULT "1", col2 FLOAT SUM DEFAULT "2.3") TO example_rollup_index`,
    (sql) => [
      {
        kind: "add_column",
        table: T,
        column: {
          name: "col1",
          type: types.int(),
          nullable: true,
          default: '"1"',
          span: at(sql, 'col1 INT DEFAULT "1"'),
        },
        ifNotExists: false,
        span: at(sql, 'col1 INT DEFAULT "1"'),
      },
      {
        kind: "add_column",
        table: T,
        column: {
          name: "col2",
          type: { family: "float", name: "float", bits: 32, raw: "FLOAT" },
          nullable: true,
          aggregate: "SUM",
          default: '"2.3"',
          span: at(sql, 'col2 FLOAT SUM DEFAULT "2.3"'),
        },
        ifNotExists: false,
        span: at(sql, 'col2 FLOAT SUM DEFAULT "2.3"'),
      },
    ],
  ],
  [
    "ADD COLUMN generated",
    `${PREFIX}ADD COLUMN total BIGINT NULL AS price * qty COMMENT 'computed'`,
    (sql) => [
      {
        kind: "add_column",
        table: T,
        column: {
          name: "total",
          type: types.bigint(),
          nullable: true,
          generated: { storage: "stored", expression: "price * qty" },
          comment: "computed",
          span: at(sql, "total BIGINT NULL AS price * qty COMMENT 'computed'"),
        },
        ifNotExists: false,
        span: clause(sql),
      },
    ],
  ],
  [
    "DROP COLUMN",
    `${PREFIX}DROP COLUMN col2`,
    (sql) => [
      { kind: "drop_column", table: T, column: "col2", ifExists: false, cascade: false, span: clause(sql) },
    ],
  ],
  [
    "DROP COLUMN FROM a rollup leaves the base table's columns",
    `${PREFIX}DROP COLUMN col2 FROM example_rollup_index`,
    (sql) => [
      { kind: "no_schema_effect", statement: "ALTER TABLE DROP COLUMN ... FROM rollup", span: clause(sql) },
    ],
  ],
  [
    "DROP COLUMN with PROPERTIES also sets the properties",
    `${PREFIX}DROP COLUMN col2 PROPERTIES ("bloom_filter_columns"="k1,k2,k3")`,
    (sql) => [
      {
        kind: "drop_column",
        table: T,
        column: "col2",
        ifExists: false,
        cascade: false,
        span: at(sql, "DROP COLUMN col2"),
      },
      {
        kind: "set_properties",
        table: T,
        properties: { bloom_filter_columns: "k1,k2,k3" },
        span: clause(sql),
      },
    ],
  ],
  [
    "MODIFY COLUMN restates the column",
    `${PREFIX}MODIFY COLUMN val1 VARCHAR(64) REPLACE NOT NULL DEFAULT "abc" AFTER col2`,
    (sql) => {
      const restated = {
        name: "val1",
        type: types.varchar(64),
        nullable: false,
        aggregate: "REPLACE",
        default: '"abc"',
        span: at(sql, 'val1 VARCHAR(64) REPLACE NOT NULL DEFAULT "abc"'),
      };
      return [
        {
          kind: "alter_column_type",
          table: T,
          column: "val1",
          type: types.varchar(64),
          restated,
          span: clause(sql),
        },
      ];
    },
  ],
  [
    "MODIFY COLUMN ... COMMENT sets the column comment",
    `${PREFIX}MODIFY COLUMN k1 COMMENT "the key"`,
    (sql) => [{ kind: "set_comment", table: T, column: "k1", comment: "the key", span: clause(sql) }],
  ],
  [
    "RENAME COLUMN",
    `${PREFIX}RENAME COLUMN c1 TO c2`,
    (sql) => [{ kind: "rename_column", table: T, from: "c1", to: "c2", span: clause(sql) }],
  ],
  [
    "RENAME the table",
    `${PREFIX}RENAME table2`,
    (sql) => [{ kind: "rename_table", table: T, to: { name: "table2" }, span: clause(sql) }],
  ],
  [
    "RENAME ROLLUP changes no columns; RENAME PARTITION renames the partition",
    `${PREFIX}RENAME ROLLUP rollup1 rollup2, RENAME PARTITION p1 p2`,
    (sql) => [
      {
        kind: "no_schema_effect",
        statement: "ALTER TABLE RENAME ROLLUP",
        span: at(sql, "RENAME ROLLUP rollup1 rollup2"),
      },
      { kind: "rename_partition", table: T, from: "p1", to: "p2", span: at(sql, "RENAME PARTITION p1 p2") },
    ],
  ],
  [
    "RENAME PARTITION with quoted names keeps their case",
    `${PREFIX}RENAME PARTITION \`P_2024\` p2024`,
    (sql) => [{ kind: "rename_partition", table: T, from: "P_2024", to: "p2024", span: clause(sql) }],
  ],
  [
    "RENAME partition alone renames the table to partition",
    `${PREFIX}RENAME partition`,
    (sql) => [{ kind: "rename_table", table: T, to: { name: "partition" }, span: clause(sql) }],
  ],
  [
    "ORDER BY",
    `${PREFIX}ORDER BY (dt, revenue, state)`,
    (sql) => [{ kind: "set_order_by", table: T, orderBy: ["dt", "revenue", "state"], span: clause(sql) }],
  ],
  [
    "ORDER BY without parentheses",
    `${PREFIX}ORDER BY dt, revenue`,
    (sql) => [{ kind: "set_order_by", table: T, orderBy: ["dt", "revenue"], span: clause(sql) }],
  ],
  [
    "ORDER BY ... FROM a rollup",
    `${PREFIX}ORDER BY (k3,k1,k2,v2,v1) FROM example_rollup_index`,
    (sql) => [
      { kind: "no_schema_effect", statement: "ALTER TABLE ORDER BY ... FROM rollup", span: clause(sql) },
    ],
  ],
  [
    "ADD PARTITION with properties and buckets",
    `${PREFIX}ADD PARTITION IF NOT EXISTS p1 VALUES LESS THAN ("2015-01-01") ("replication_num"="1") DISTRIBUTED BY HASH(k1) BUCKETS 4`,
    (sql) => [{ kind: "add_partition", table: T, partition: "p1", span: clause(sql) }],
  ],
  [
    "ADD PARTITION with a fixed range",
    `${PREFIX}ADD PARTITION p1 VALUES [("2014-01-01"), ("2014-02-01"))`,
    (sql) => [{ kind: "add_partition", table: T, partition: "p1", span: clause(sql) }],
  ],
  [
    "ADD TEMPORARY PARTITION",
    `${PREFIX}ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ("2020-02-01")`,
    (sql) => [{ kind: "add_partition", table: T, partition: "tp1", temporary: true, span: clause(sql) }],
  ],
  [
    "ADD PARTITIONS in a batch",
    `${PREFIX}ADD PARTITIONS START ("2021-01-04") END ("2021-01-06") EVERY (INTERVAL 1 DAY)`,
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER TABLE ADD PARTITIONS", span: clause(sql) }],
  ],
  [
    "DROP PARTITION",
    `${PREFIX}DROP PARTITION p1`,
    (sql) => [{ kind: "drop_partition", table: T, partition: "p1", ifExists: false, span: clause(sql) }],
  ],
  [
    "DROP PARTITION IF EXISTS ... FORCE",
    `${PREFIX}DROP PARTITION IF EXISTS p1 FORCE`,
    (sql) => [{ kind: "drop_partition", table: T, partition: "p1", ifExists: true, span: clause(sql) }],
  ],
  [
    "DROP TEMPORARY PARTITION",
    `${PREFIX}DROP TEMPORARY PARTITION tp1`,
    (sql) => [
      { kind: "no_schema_effect", statement: "ALTER TABLE DROP TEMPORARY PARTITION", span: clause(sql) },
    ],
  ],
  [
    "DROP PARTITIONS (list)",
    `${PREFIX}DROP PARTITIONS IF EXISTS (p1, p2)`,
    (sql) => [
      { kind: "drop_partition", table: T, partition: "p1", ifExists: true, span: clause(sql) },
      { kind: "drop_partition", table: T, partition: "p2", ifExists: true, span: clause(sql) },
    ],
  ],
  [
    "MODIFY PARTITION ... SET",
    `${PREFIX}MODIFY PARTITION (p1, p2, p4) SET("replication_num"="1")`,
    (sql) => [
      { kind: "no_schema_effect", statement: "ALTER TABLE MODIFY PARTITION ... SET", span: clause(sql) },
    ],
  ],
  [
    "MODIFY PARTITION (*)",
    `${PREFIX}MODIFY PARTITION (*) SET("storage_medium"="HDD")`,
    (sql) => [
      { kind: "no_schema_effect", statement: "ALTER TABLE MODIFY PARTITION ... SET", span: clause(sql) },
    ],
  ],
  [
    "REPLACE PARTITION with a temporary one",
    `${PREFIX}REPLACE PARTITION (p1) WITH TEMPORARY PARTITION (tp1) PROPERTIES ("strict_range" = "false")`,
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER TABLE REPLACE PARTITION", span: clause(sql) }],
  ],
  [
    "ADD ROLLUP (several)",
    `${PREFIX}ADD ROLLUP r1(col1,col2) from r0, r2(col3,col4) DUPLICATE KEY(col3) from r0 PROPERTIES("timeout" = "3600")`,
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER TABLE ADD ROLLUP", span: clause(sql) }],
  ],
  [
    "DROP ROLLUP (several)",
    `${PREFIX}DROP ROLLUP r1, r2`,
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER TABLE DROP ROLLUP", span: clause(sql) }],
  ],
  [
    "ADD INDEX",
    `${PREFIX}ADD INDEX index_1 (siteid) USING BITMAP COMMENT 'balabala'`,
    (sql) => [
      {
        kind: "create_index",
        index: { name: "index_1", table: T, columns: ["siteid"], unique: false, method: "bitmap" },
        ifNotExists: false,
        span: clause(sql),
      },
    ],
  ],
  [
    "DROP INDEX",
    `${PREFIX}DROP INDEX index_1`,
    (sql) => [{ kind: "drop_index", name: "index_1", table: T, ifExists: false, span: clause(sql) }],
  ],
  [
    "SET properties",
    `${PREFIX}SET ("dynamic_partition.enable" = "true", "dynamic_partition.end" = "3")`,
    (sql) => [
      {
        kind: "set_properties",
        table: T,
        properties: { "dynamic_partition.enable": "true", "dynamic_partition.end": "3" },
        span: clause(sql),
      },
    ],
  ],
  [
    "DISTRIBUTED BY",
    `${PREFIX}DISTRIBUTED BY HASH(user_id, event_time) BUCKETS 10`,
    (sql) => [
      {
        kind: "set_distribution",
        table: T,
        distribution: { kind: "hash", columns: ["user_id", "event_time"], buckets: 10 },
        span: clause(sql),
      },
    ],
  ],
  [
    "DISTRIBUTED BY RANDOM",
    `${PREFIX}DISTRIBUTED BY RANDOM`,
    (sql) => [
      {
        kind: "set_distribution",
        table: T,
        distribution: { kind: "random", columns: [] },
        span: clause(sql),
      },
    ],
  ],
  [
    "PARTITIONS (...) DISTRIBUTED BY changes buckets of some partitions only",
    `${PREFIX}PARTITIONS (p20231127, p20231128) DISTRIBUTED BY HASH(user_id) BUCKETS 15`,
    (sql) => [
      {
        kind: "no_schema_effect",
        statement: "ALTER TABLE PARTITIONS (...) DISTRIBUTED BY",
        span: clause(sql),
      },
    ],
  ],
  [
    "SWAP WITH exchanges the names of two tables of the same database",
    `${PREFIX}SWAP WITH table2`,
    (sql) => [{ kind: "swap_tables", table: T, with: { name: "table2" }, span: clause(sql) }],
  ],
  [
    "SWAP WITH after another clause",
    `${PREFIX}SET ("replication_num" = "1"), SWAP WITH \`Table2\``,
    (sql) => [
      {
        kind: "set_properties",
        table: T,
        properties: { replication_num: "1" },
        span: at(sql, 'SET ("replication_num" = "1")'),
      },
      { kind: "swap_tables", table: T, with: { name: "Table2" }, span: at(sql, "SWAP WITH `Table2`") },
    ],
  ],
  [
    "COMMENT =",
    `${PREFIX}COMMENT = "new table comment"`,
    (sql) => [{ kind: "set_comment", table: T, comment: "new table comment", span: clause(sql) }],
  ],
  [
    "COMPACT",
    `${PREFIX}CUMULATIVE COMPACT (p202302,p203303)`,
    (sql) => [{ kind: "no_schema_effect", statement: "ALTER TABLE COMPACT", span: clause(sql) }],
  ],
  [
    "several clauses, each with its own span",
    `${PREFIX}ADD COLUMN v2 INT MAX DEFAULT "0" AFTER k2 TO example_rollup_index, ORDER BY (k3,k1,k2,v2,v1), DROP COLUMN old`,
    (sql) => [
      {
        kind: "add_column",
        table: T,
        column: {
          name: "v2",
          type: types.int(),
          nullable: true,
          aggregate: "MAX",
          default: '"0"',
          span: at(sql, 'v2 INT MAX DEFAULT "0"'),
        },
        ifNotExists: false,
        position: "AFTER k2",
        span: at(sql, 'ADD COLUMN v2 INT MAX DEFAULT "0" AFTER k2 TO example_rollup_index'),
      },
      {
        kind: "set_order_by",
        table: T,
        orderBy: ["k3", "k1", "k2", "v2", "v1"],
        span: at(sql, "ORDER BY (k3,k1,k2,v2,v1)"),
      },
      {
        kind: "drop_column",
        table: T,
        column: "old",
        ifExists: false,
        cascade: false,
        span: at(sql, "DROP COLUMN old"),
      },
    ],
  ],
];

describe("ALTER TABLE", () => {
  it.each(CASES)("%s", (_name, sql, expected) => {
    expect(changesOf(sql)).toEqual(expected(sql));
  });

  it("reads a table without a database", () => {
    const sql = "ALTER TABLE details DROP COLUMN c";
    expect(changesOf(sql)).toEqual([
      {
        kind: "drop_column",
        table: { name: "details" },
        column: "c",
        ifExists: false,
        cascade: false,
        span: at(sql, "DROP COLUMN c"),
      },
    ]);
  });
});
