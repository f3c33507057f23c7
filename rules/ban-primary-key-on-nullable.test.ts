import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-primary-key-on-nullable.js";

const PG_TABLE = "CREATE TABLE raw.fills (id bigint NOT NULL, ref uuid, venue text);";
const MYSQL_TABLE = "CREATE TABLE fills (id bigint NOT NULL, ref char(36), venue varchar(8));";

describe("ban-primary-key-on-nullable", () => {
  it.each([
    ["a key over NOT NULL columns", "ALTER TABLE raw.fills ADD PRIMARY KEY (id);"],
    [
      "columns made NOT NULL first",
      "ALTER TABLE raw.fills ALTER COLUMN ref SET NOT NULL;\nALTER TABLE raw.fills ADD CONSTRAINT fills_pkey PRIMARY KEY (id, ref);",
    ],
    [
      "a table created in the same file (it has no rows)",
      "CREATE TABLE raw.quotes (id bigint, ts timestamptz);\nALTER TABLE raw.quotes ADD PRIMARY KEY (id);",
    ],
    [
      "a column added with a default earlier in the file (every row has a value)",
      "ALTER TABLE raw.fills ADD COLUMN pk uuid DEFAULT gen_random_uuid();\nALTER TABLE raw.fills ALTER pk DROP DEFAULT;\nALTER TABLE raw.fills ADD PRIMARY KEY (pk);",
    ],
    [
      "a backfill earlier in the file",
      "UPDATE raw.fills SET ref = gen_random_uuid() WHERE ref IS NULL;\nALTER TABLE raw.fills ADD PRIMARY KEY (ref);",
    ],
    [
      "a table no migration created (its columns' nullability is unknown)",
      "ALTER TABLE raw.loaded_elsewhere ADD PRIMARY KEY (id);",
    ],
    [
      "a nullable column declared in a new table with a plain NULL (PostgreSQL makes it NOT NULL silently)",
      "CREATE TABLE raw.quotes (id bigint NULL PRIMARY KEY);",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [PG_TABLE] })).toEqual([]);
  });

  it.each([
    [
      "PostgreSQL: ADD PRIMARY KEY over a nullable column",
      "\nALTER TABLE raw.fills ADD PRIMARY KEY (ref);",
      { messageId: "nullableColumns", line: 2, column: 27, object: "raw.fills" },
      "The primary key added to raw.fills covers nullable column ref: the key makes its columns NOT NULL on the spot, which checks every row and fails on the first NULL (MySQL outside strict mode turns the NULLs into 0 or '' instead).",
    ],
    [
      "PostgreSQL: a named key over two nullable columns and a NOT NULL one",
      "ALTER TABLE raw.fills ADD CONSTRAINT fills_pkey PRIMARY KEY (id, ref, venue);",
      { messageId: "nullableColumns", line: 1, column: 27, object: "raw.fills" },
      "The primary key added to raw.fills covers nullable columns ref and venue: the key makes its columns NOT NULL on the spot, which checks every row and fails on the first NULL (MySQL outside strict mode turns the NULLs into 0 or '' instead).",
    ],
    [
      "PostgreSQL: DEFAULT NULL on a key column of a new table",
      "CREATE TABLE raw.quotes (\n  id bigint DEFAULT NULL PRIMARY KEY\n);",
      { messageId: "declaredNull", line: 2, column: 3, object: "raw.quotes.id" },
      "Column raw.quotes.id is declared DEFAULT NULL but belongs to the primary key, which cannot hold NULL: MySQL 5.7+ refuses the table (error 1171), while PostgreSQL and MariaDB silently drop the declaration.",
    ],
  ])("fails: %s", async (_label, sql, expected, message) => {
    expect(await lint(rule, sql, { history: [PG_TABLE] })).toEqual([
      expect.objectContaining({
        rule: "ban-primary-key-on-nullable",
        severity: "error",
        ...expected,
        message,
      }),
    ]);
  });

  it("MySQL: a nullable column under ADD PRIMARY KEY, unless the same ALTER makes it NOT NULL", async () => {
    const run = (sql: string) => lint(rule, sql, { dialect: "mysql", history: [MYSQL_TABLE] });
    const findings = await run("ALTER TABLE fills DROP PRIMARY KEY, ADD PRIMARY KEY (ref);");
    expect(findings.map((f) => [f.messageId, f.object, f.line, f.column])).toEqual([
      ["nullableColumns", "fills", 1, 41],
    ]);
    expect(await run("ALTER TABLE fills ADD PRIMARY KEY (ref), MODIFY ref char(36) NOT NULL;")).toEqual([]);
  });

  it("MySQL: DEFAULT NULL on a key column of a new table", async () => {
    const findings = await lint(rule, "CREATE TABLE fills (id int DEFAULT NULL, PRIMARY KEY (id));", {
      dialect: "mysql",
    });
    expect(findings.map((f) => [f.messageId, f.object])).toEqual([["declaredNull", "fills.id"]]);
  });

  it("StarRocks: a PRIMARY KEY table's key column declared NULL, which StarRocks refuses", async () => {
    const sql =
      "CREATE TABLE fills (\n  id bigint NULL,\n  seq int,\n  px decimal(18, 6) NULL\n) PRIMARY KEY (id, seq) DISTRIBUTED BY HASH(id);";
    const findings = await lint(rule, sql, { dialect: "starrocks", defaultSchema: "demo" });
    expect(findings.map((f) => [f.messageId, f.object, f.line, f.column, f.message])).toEqual([
      [
        "declaredNull",
        "demo.fills.id",
        2,
        3,
        "Column demo.fills.id is declared NULL but belongs to the primary key, which cannot hold NULL: the database refuses the table (a PRIMARY KEY column cannot be nullable).",
      ],
    ]);
  });
});
