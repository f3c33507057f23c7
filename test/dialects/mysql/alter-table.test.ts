import { describe, expect, it } from "vitest";
import type { DataType } from "../../../src/sql/data-type.js";
import { changesOf, mysql, spanTexts } from "./helpers.js";

const T = { name: "t" };
const INT: DataType = { family: "integer", name: "int", raw: "int", bits: 32 };
const BOOL: DataType = { family: "boolean", name: "boolean", raw: "BOOL", bits: 8 };

describe("ALTER TABLE", () => {
  it.each([
    {
      name: "ADD COLUMN with AFTER, and ALGORITHM / LOCK kept as properties",
      sql: "ALTER TABLE t ADD COLUMN c BOOL NOT NULL DEFAULT FALSE AFTER b, ALGORITHM=INSTANT, LOCK=NONE",
      expected: [
        {
          kind: "add_column",
          table: T,
          column: { name: "c", type: BOOL, nullable: false, default: "FALSE" },
          ifNotExists: false,
          position: "AFTER b",
        },
        { kind: "execution_options", table: T, options: { algorithm: "INSTANT" } },
        { kind: "execution_options", table: T, options: { lock: "NONE" } },
      ],
    },
    {
      name: "ADD without COLUMN, FIRST, and MariaDB's IF NOT EXISTS",
      sql: "ALTER TABLE t ADD a int FIRST, ADD COLUMN IF NOT EXISTS b int",
      expected: [
        {
          kind: "add_column",
          table: T,
          column: { name: "a", type: INT, nullable: true },
          ifNotExists: false,
          position: "FIRST",
        },
        { kind: "add_column", table: T, column: { name: "b", type: INT, nullable: true }, ifNotExists: true },
      ],
    },
    {
      name: "ADD (several columns) on a qualified table",
      sql: "ALTER TABLE db.t ADD (a int, b varchar(3) DEFAULT 'x')",
      expected: [
        {
          kind: "add_column",
          table: { schema: "db", name: "t" },
          column: { name: "a", type: INT, nullable: true },
          ifNotExists: false,
        },
        {
          kind: "add_column",
          table: { schema: "db", name: "t" },
          column: {
            name: "b",
            type: { family: "string", name: "varchar", raw: "varchar(3)", length: 3 },
            nullable: true,
            default: "'x'",
          },
          ifNotExists: false,
        },
      ],
    },
    {
      name: "ADD COLUMN with inline constraints adds them to the table",
      sql: "ALTER TABLE t ADD COLUMN id int NOT NULL PRIMARY KEY, ADD u int UNIQUE REFERENCES p(id)",
      expected: [
        {
          kind: "add_column",
          table: T,
          column: { name: "id", type: INT, nullable: false },
          ifNotExists: false,
        },
        { kind: "add_constraint", table: T, constraint: { kind: "primary_key", columns: ["id"] } },
        {
          kind: "add_column",
          table: T,
          column: { name: "u", type: INT, nullable: true },
          ifNotExists: false,
        },
        {
          kind: "add_constraint",
          table: T,
          constraint: {
            kind: "foreign_key",
            columns: ["u"],
            references: { table: { name: "p" }, columns: ["id"] },
            informational: true,
          },
        },
        // In MySQL a UNIQUE constraint is a unique index.
        {
          kind: "create_index",
          index: { name: "u", table: T, columns: ["u"], unique: true },
          ifNotExists: false,
        },
      ],
    },
    {
      name: "MODIFY restates the whole column",
      sql: "ALTER TABLE t MODIFY COLUMN c ENUM('a','b') CHARACTER SET utf8mb4 NOT NULL COMMENT 'x' AFTER a",
      expected: [
        {
          kind: "alter_column_type",
          table: T,
          column: "c",
          type: { family: "enum", name: "enum", raw: "ENUM('a','b')", values: ["a", "b"] },
          restated: {
            name: "c",
            type: { family: "enum", name: "enum", raw: "ENUM('a','b')", values: ["a", "b"] },
            nullable: false,
            comment: "x",
            charset: "utf8mb4",
          },
        },
      ],
    },
    {
      name: "MODIFY without NOT NULL makes the column nullable again",
      sql: "ALTER TABLE t MODIFY a int",
      expected: [
        {
          kind: "alter_column_type",
          table: T,
          column: "a",
          type: INT,
          restated: { name: "a", type: INT, nullable: true },
        },
      ],
    },
    {
      name: "CHANGE renames and restates",
      sql: "ALTER TABLE t CHANGE a b BIGINT UNSIGNED NOT NULL DEFAULT 0 FIRST",
      expected: [
        { kind: "rename_column", table: T, from: "a", to: "b" },
        {
          kind: "alter_column_type",
          table: T,
          column: "b",
          type: { family: "integer", name: "bigint", raw: "BIGINT UNSIGNED", bits: 64, unsigned: true },
          restated: {
            name: "b",
            type: { family: "integer", name: "bigint", raw: "BIGINT UNSIGNED", bits: 64, unsigned: true },
            nullable: false,
            default: "0",
          },
        },
      ],
    },
    {
      name: "CHANGE to the same name only restates",
      sql: "ALTER TABLE t CHANGE COLUMN a a int NOT NULL",
      expected: [
        {
          kind: "alter_column_type",
          table: T,
          column: "a",
          type: INT,
          restated: { name: "a", type: INT, nullable: false },
        },
      ],
    },
    {
      name: "RENAME COLUMN / INDEX / KEY / TO",
      sql: "ALTER TABLE t RENAME COLUMN a TO b, RENAME INDEX i TO j, RENAME KEY k TO l, RENAME TO db2.u",
      expected: [
        { kind: "rename_column", table: T, from: "a", to: "b" },
        { kind: "rename_index", table: T, from: "i", to: "j" },
        { kind: "rename_index", table: T, from: "k", to: "l" },
        { kind: "rename_table", table: T, to: { schema: "db2", name: "u" } },
      ],
    },
    {
      name: "RENAME AS and RENAME without a keyword",
      sql: "ALTER TABLE a RENAME AS b; ALTER TABLE c RENAME d",
      expected: [
        { kind: "rename_table", table: { name: "a" }, to: { name: "b" } },
        { kind: "rename_table", table: { name: "c" }, to: { name: "d" } },
      ],
    },
    {
      name: "DROP COLUMN in all spellings",
      sql: "ALTER TABLE t DROP a, DROP COLUMN b, DROP COLUMN IF EXISTS c",
      expected: [
        { kind: "drop_column", table: T, column: "a", ifExists: false, cascade: false },
        { kind: "drop_column", table: T, column: "b", ifExists: false, cascade: false },
        { kind: "drop_column", table: T, column: "c", ifExists: true, cascade: false },
      ],
    },
    {
      name: "ALTER COLUMN SET DEFAULT / DROP DEFAULT, with and without COLUMN",
      sql: "ALTER TABLE t ALTER COLUMN a SET DEFAULT 'x', ALTER b DROP DEFAULT, ALTER c SET DEFAULT (uuid())",
      expected: [
        { kind: "set_default", table: T, column: "a", default: "'x'" },
        { kind: "set_default", table: T, column: "b" },
        { kind: "set_default", table: T, column: "c", default: "(uuid())", volatileDefault: true },
      ],
    },
    {
      name: "indexes and keys",
      sql: "ALTER TABLE t ADD INDEX ix (a, b(10)), ADD KEY (c), ADD FULLTEXT ft (d), ADD SPATIAL INDEX sp (g), DROP INDEX i, DROP KEY k, DROP INDEX `PRIMARY`",
      expected: [
        {
          kind: "create_index",
          index: { name: "ix", table: T, columns: ["a", "b"], unique: false },
          ifNotExists: false,
        },
        {
          kind: "create_index",
          index: { name: "c", table: T, columns: ["c"], unique: false },
          ifNotExists: false,
        },
        {
          kind: "create_index",
          index: { name: "ft", table: T, columns: ["d"], unique: false, method: "fulltext" },
          ifNotExists: false,
        },
        {
          kind: "create_index",
          index: { name: "sp", table: T, columns: ["g"], unique: false, method: "spatial" },
          ifNotExists: false,
        },
        { kind: "drop_index", name: "i", table: T, ifExists: false },
        { kind: "drop_index", name: "k", table: T, ifExists: false },
        { kind: "drop_constraint", table: T, constraintKind: "primary_key", ifExists: false },
      ],
    },
    {
      name: "primary, unique, foreign keys and checks",
      sql: `ALTER TABLE t
        DROP PRIMARY KEY, ADD PRIMARY KEY (id),
        ADD UNIQUE INDEX ux (a, b), ADD CONSTRAINT uc UNIQUE (c),
        ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES parent (id) ON DELETE CASCADE, DROP FOREIGN KEY old_fk,
        ADD CONSTRAINT ck CHECK (a > 0) NOT ENFORCED, ADD CHECK (b < 5), DROP CHECK ck2, DROP CONSTRAINT c3`,
      expected: [
        { kind: "drop_constraint", table: T, constraintKind: "primary_key", ifExists: false },
        { kind: "add_constraint", table: T, constraint: { kind: "primary_key", columns: ["id"] } },
        {
          kind: "create_index",
          index: { name: "ux", table: T, columns: ["a", "b"], unique: true },
          ifNotExists: false,
        },
        {
          kind: "create_index",
          index: { name: "uc", table: T, columns: ["c"], unique: true },
          ifNotExists: false,
        },
        {
          kind: "add_constraint",
          table: T,
          constraint: {
            kind: "foreign_key",
            name: "fk",
            columns: ["p"],
            references: { table: { name: "parent" }, columns: ["id"], onDelete: "cascade" },
          },
        },
        { kind: "drop_constraint", table: T, name: "old_fk", constraintKind: "foreign_key", ifExists: false },
        { kind: "add_constraint", table: T, constraint: { kind: "check", name: "ck", expression: "a > 0" } },
        { kind: "add_constraint", table: T, constraint: { kind: "check", expression: "b < 5" } },
        { kind: "drop_constraint", table: T, name: "ck2", constraintKind: "check", ifExists: false },
        { kind: "drop_constraint", table: T, name: "c3", ifExists: false },
      ],
    },
    {
      name: "table options, with and without commas, and CONVERT TO",
      sql: "ALTER TABLE t ENGINE=InnoDB ROW_FORMAT=DYNAMIC, COMMENT='hello', CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, DEFAULT CHARSET=latin1",
      expected: [
        { kind: "set_properties", table: T, properties: { engine: "InnoDB" } },
        { kind: "set_properties", table: T, properties: { row_format: "DYNAMIC" } },
        { kind: "set_comment", table: T, comment: "hello" },
        {
          kind: "set_properties",
          table: T,
          properties: { charset: "utf8mb4", convert_to_charset: "utf8mb4", collate: "utf8mb4_bin" },
        },
        { kind: "set_properties", table: T, properties: { charset: "latin1" } },
      ],
    },
    {
      name: "partitions",
      sql: "ALTER TABLE t ADD PARTITION (PARTITION p3 VALUES LESS THAN (2020), PARTITION p4 VALUES LESS THAN MAXVALUE); ALTER TABLE t DROP PARTITION p1, p2; ALTER TABLE t REORGANIZE PARTITION p4 INTO (PARTITION p5 VALUES LESS THAN (2030), PARTITION p6 VALUES LESS THAN MAXVALUE); ALTER TABLE t TRUNCATE PARTITION p5, p6; ALTER TABLE t TRUNCATE PARTITION ALL; ALTER TABLE t REMOVE PARTITIONING",
      expected: [
        { kind: "add_partition", table: T, partition: "p3" },
        { kind: "add_partition", table: T, partition: "p4" },
        { kind: "drop_partition", table: T, partition: "p1", ifExists: false },
        { kind: "drop_partition", table: T, partition: "p2", ifExists: false },
        { kind: "drop_partition", table: T, partition: "p4", ifExists: false },
        { kind: "add_partition", table: T, partition: "p5" },
        { kind: "add_partition", table: T, partition: "p6" },
        { kind: "truncate_partition", table: T, partition: "p5" },
        { kind: "truncate_partition", table: T, partition: "p6" },
        { kind: "truncate_partition", table: T },
        { kind: "set_partitioning", table: T, partitioning: undefined },
      ],
    },
    {
      name: "PARTITION BY re-partitions",
      sql: "ALTER TABLE t PARTITION BY RANGE (YEAR(created)) (PARTITION p0 VALUES LESS THAN (2000))",
      expected: [
        {
          kind: "set_partitioning",
          table: T,
          partitioning: { kind: "range", columns: ["created"], expression: "YEAR(created)" },
        },
        { kind: "add_partition", table: T, partition: "p0" },
      ],
    },
    {
      name: "clauses that rebuild storage without changing the schema",
      sql: "ALTER TABLE t FORCE, ALGORITHM=COPY; ALTER TABLE t ORDER BY a, b DESC; ALTER TABLE t DISABLE KEYS; ALTER TABLE t ALTER INDEX i INVISIBLE",
      expected: [
        { kind: "no_schema_effect", statement: "ALTER TABLE … FORCE" },
        { kind: "execution_options", table: T, options: { algorithm: "COPY" } },
        { kind: "no_schema_effect", statement: "ALTER TABLE … ORDER BY" },
        { kind: "no_schema_effect", statement: "ALTER TABLE … DISABLE KEYS" },
        { kind: "no_schema_effect", statement: "ALTER TABLE … ALTER INDEX … VISIBLE" },
      ],
    },
    {
      name: "comments between clauses and ONLINE / IGNORE prefixes",
      sql: "ALTER IGNORE TABLE t -- why\n  DROP a, /* and */ DROP b",
      expected: [
        { kind: "drop_column", table: T, column: "a", ifExists: false, cascade: false },
        { kind: "drop_column", table: T, column: "b", ifExists: false, cascade: false },
      ],
    },
  ])("$name", ({ sql, expected }) => {
    expect(changesOf(sql)).toEqual(expected);
  });

  it("points each change at its clause, and ADD COLUMN / MODIFY at the column definition", () => {
    const sql =
      "ALTER TABLE t ADD COLUMN c int NOT NULL AFTER b, MODIFY d text, CHANGE e f int, DROP INDEX i, ALGORITHM=INPLACE";
    expect(spanTexts(sql)).toEqual([
      "c int NOT NULL",
      "d text",
      "CHANGE e f",
      "f int",
      "DROP INDEX i",
      "ALGORITHM=INPLACE",
    ]);
  });

  it("marks a clause it does not model as opaque and keeps the rest", () => {
    expect(changesOf("ALTER TABLE t ADD PARTITION PARTITIONS 2, ALTER CHECK c NOT ENFORCED")).toEqual([
      {
        kind: "opaque",
        statement: "ALTER TABLE",
        reason: "ADD PARTITION PARTITIONS 2 adds partitions named by the server",
        mayAffect: [T],
      },
      {
        kind: "opaque",
        statement: "ALTER TABLE",
        reason: "changing whether a CHECK constraint is enforced is not modelled",
        mayAffect: [T],
      },
    ]);
  });

  it("reports a statement MySQL would reject as a parse error at the offending token", () => {
    const parsed = mysql.parse("ALTER TABLE t ADD COLUM c int");
    expect(parsed.statements).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        message: 'Not valid MySQL: unexpected column attribute for COLUM, found "int".',
        offset: 26,
        hint: expect.stringContaining("MySQL would reject it too"),
      },
    ]);
  });
});
