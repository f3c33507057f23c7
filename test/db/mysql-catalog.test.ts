import { readFileSync } from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyCatalog, findColumn, findTable } from "../../src/catalog/model.js";
import { replayScripts } from "../../src/catalog/replay.js";
import { parseScript } from "../../src/check/parse-script.js";
import { createMysqlDialect, splitMysql } from "../../src/dialects/mysql/index.js";
import { sameType } from "../../src/sql/type-compat.js";
import { ROOT } from "../helpers/rule-harness.js";
import { MYSQL_URL, noticeSkipped, scratchName } from "../helpers/servers.js";

if (!MYSQL_URL) noticeSkipped("SCHEMATIC_TEST_MYSQL_URL", "the catalog-vs-MariaDB test");

/** A database of its own with `history` run in it for the tests of this block, dropped after them. */
function scratchDatabaseWith(prefix: string, history: readonly string[]) {
  const database = scratchName(prefix);
  let connection: mysql.Connection;
  beforeAll(async () => {
    connection = await mysql.createConnection({ uri: MYSQL_URL! });
    await connection.query(`CREATE DATABASE \`${database}\``);
    await connection.query(`USE \`${database}\``);
    for (const statement of history) await connection.query(statement);
  });
  afterAll(async () => {
    await connection?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection?.end();
  });
  return { database, connection: () => connection };
}

/**
 * Ground truth for the MySQL dialect: run the real Sakila schema (tables, views, triggers and procedures
 * written with DELIMITER) on MariaDB statement by statement, split by our own splitter, then compare
 * information_schema with the catalog replay built from the same file.
 */
describe.skipIf(!MYSQL_URL)("the replayed catalog matches MariaDB", () => {
  const database = scratchName("schematic_sakila");
  const sql = readFileSync(
    path.join(ROOT, "fixtures/mysql-migrations/sakila/mysql-sakila-schema.sql"),
    "utf8",
  ).replace(/\bsakila\b/g, database);
  let connection: mysql.Connection;

  beforeAll(async () => {
    connection = await mysql.createConnection({ uri: MYSQL_URL! });
    for (const statement of splitMysql(sql)) await connection.query(statement.text);
  });

  afterAll(async () => {
    await connection?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection?.end();
  });

  it("splits the file into the statements MariaDB accepts, procedures and triggers included", async () => {
    const [routines] = await connection.query<mysql.RowDataPacket[]>(
      "select routine_name from information_schema.routines where routine_schema = ? order by 1",
      [database],
    );
    const [triggers] = await connection.query<mysql.RowDataPacket[]>(
      "select trigger_name from information_schema.triggers where trigger_schema = ? order by 1",
      [database],
    );
    expect(routines.map((row) => row.routine_name ?? row.ROUTINE_NAME)).toEqual([
      "film_in_stock",
      "film_not_in_stock",
      "get_customer_balance",
      "inventory_held_by_customer",
      "inventory_in_stock",
      "rewards_report",
    ]);
    expect(triggers.map((row) => row.trigger_name ?? row.TRIGGER_NAME)).toEqual([
      "del_film",
      "ins_film",
      "upd_film",
    ]);
  });

  it("has every table, column, type and nullability MariaDB has", async () => {
    const dialect = createMysqlDialect();
    const script = parseScript(dialect, "sakila.sql", sql, {});
    expect(script.parsed.errors).toEqual([]);
    const catalog = replayScripts([script], emptyCatalog("default", dialect.identifiers)).at(-1)!.after;
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `select c.table_name as t, c.column_name as c, c.column_type as type, c.is_nullable as nullable
       from information_schema.columns c join information_schema.tables t
         on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = ? and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`,
      [database],
    );
    expect(rows.length).toBeGreaterThan(80);
    const mismatches: string[] = [];
    for (const row of rows) {
      const table = findTable(catalog, { schema: database, name: row.t });
      const column = table?.columns.find((c) => c.name.toLowerCase() === String(row.c).toLowerCase());
      const where = `${row.t}.${row.c}`;
      if (!column) {
        mismatches.push(`${where}: missing from the catalog`);
        continue;
      }
      const theirs = dialect.normalizeType(String(row.type));
      if (!sameType(column.type, theirs)) mismatches.push(`${where}: ${column.type.raw} vs ${row.type}`);
      if (column.nullable !== (row.nullable === "YES"))
        mismatches.push(`${where}: nullable ${column.nullable} vs ${row.nullable}`);
    }
    expect(mismatches).toEqual([]);
    const views = [...(catalog.schemas.get(database)?.relations.values() ?? [])].filter(
      (r) => r.kind === "view",
    );
    const [theirViews] = await connection.query<mysql.RowDataPacket[]>(
      "select table_name as t from information_schema.views where table_schema = ? order by 1",
      [database],
    );
    expect(views.map((view) => view.name.name).sort()).toEqual(theirViews.map((row) => row.t));
  });
});

/**
 * MySQL column names ignore case, quoted or not: a history that writes a column `Id` and later alters
 * `id` or `ID` changes that one column. The catalog must follow it as MariaDB does, or a narrowing MODIFY
 * or a DROP COLUMN written in another case escapes every rule.
 */
describe.skipIf(!MYSQL_URL)("column names in another case name the same column, as on MariaDB", () => {
  const history = [
    "CREATE TABLE trades (Id BIGINT NOT NULL, Symbol VARCHAR(10), Price DECIMAL(12,4), Note TEXT, PRIMARY KEY (id));",
    "ALTER TABLE trades MODIFY COLUMN symbol VARCHAR(12) NOT NULL;",
    "ALTER TABLE trades CHANGE COLUMN PRICE price_usd DECIMAL(14,4);",
    "ALTER TABLE trades DROP COLUMN NOTE;",
    "ALTER TABLE trades ALTER COLUMN SYMBOL SET DEFAULT 'X';",
    "ALTER TABLE trades ADD COLUMN `Venue` VARCHAR(8), ADD INDEX trades_venue (VENUE);",
    "ALTER TABLE trades RENAME COLUMN venue TO Exchange;",
  ];
  const { database, connection } = scratchDatabaseWith("schematic_case", history);

  it("ends with MariaDB's columns, types and nullability, and no history mismatch", async () => {
    const dialect = createMysqlDialect();
    const script = parseScript(dialect, "case.sql", history.join("\n"), {});
    expect(script.parsed.errors).toEqual([]);
    const [replay] = replayScripts([script], emptyCatalog(database, dialect.identifiers));
    expect(replay!.notes).toEqual([]);
    const table = findTable(replay!.after, { name: "trades" })!;
    const [rows] = await connection().query<mysql.RowDataPacket[]>(
      `select column_name as c, column_type as type, is_nullable as nullable from information_schema.columns
       where table_schema = ? and table_name = 'trades' order by ordinal_position`,
      [database],
    );
    expect(table.columns.map((column) => [column.name.toLowerCase(), column.nullable])).toEqual(
      rows.map((row) => [String(row.c).toLowerCase(), row.nullable === "YES"]),
    );
    rows.forEach((row, index) => {
      const type = table.columns[index]!.type;
      expect(
        sameType(type, dialect.normalizeType(String(row.type))),
        `${row.c}: ${type.raw} vs ${row.type}`,
      ).toBe(true);
    });
  });
});

/**
 * Table names compare as lower_case_table_names says (0 on this Linux server: exactly), index names
 * without case. The catalog built with that setting holds the tables, columns and indexes MariaDB holds.
 */
describe.skipIf(!MYSQL_URL)("table names keep their case and index names ignore it, as on MariaDB", () => {
  const history = [
    "CREATE TABLE Users (id INT, Email VARCHAR(20), KEY Email_Idx (Email));",
    "CREATE TABLE users (id BIGINT);",
    "ALTER TABLE Users MODIFY ID BIGINT NOT NULL;",
    "ALTER TABLE Users DROP INDEX EMAIL_IDX, ADD INDEX By_Id (id);",
    "ALTER TABLE users ADD COLUMN Note TEXT;",
  ];
  const { database, connection } = scratchDatabaseWith("schematic_tables", history);

  it("holds MariaDB's tables, columns and indexes", async () => {
    const [[setting]] = await connection().query<mysql.RowDataPacket[]>(
      "select @@lower_case_table_names as value",
    );
    const lowerCaseTableNames = Number(setting!.value) as 0 | 1 | 2;
    const dialect = createMysqlDialect(lowerCaseTableNames);
    const script = parseScript(dialect, "tables.sql", history.join("\n"), {});
    expect(script.parsed.errors).toEqual([]);
    const [replay] = replayScripts([script], emptyCatalog(database, dialect.identifiers));
    expect(replay!.notes).toEqual([]);
    const [columns] = await connection().query<mysql.RowDataPacket[]>(
      `select table_name as t, column_name as c, column_type as type from information_schema.columns
       where table_schema = ? order by table_name, ordinal_position`,
      [database],
    );
    const [indexes] = await connection().query<mysql.RowDataPacket[]>(
      `select distinct table_name as t, index_name as i from information_schema.statistics
       where table_schema = ? order by table_name, index_name`,
      [database],
    );
    const tables = [...replay!.after.schemas.values()].flatMap((schema) => [...schema.relations.values()]);
    const ours = tables.flatMap((relation) =>
      relation.kind === "table"
        ? relation.columns.map((column) => [relation.name.name, column.name.toLowerCase(), column.type.raw])
        : [],
    );
    const theirs = columns.map((row) => [String(row.t), String(row.c).toLowerCase()]);
    expect(ours.map(([table, column]) => [table, column]).sort()).toEqual(theirs.sort());
    for (const row of columns) {
      const table = findTable(replay!.after, { name: String(row.t) })!;
      const column = findColumn(replay!.after, table, String(row.c))!;
      expect(sameType(column.type, dialect.normalizeType(String(row.type))), `${row.t}.${row.c}`).toBe(true);
    }
    const ourIndexes = tables.flatMap((relation) =>
      relation.kind === "table" ? relation.indexes.map((index) => [relation.name.name, index.name]) : [],
    );
    expect(ourIndexes.sort()).toEqual(indexes.map((row) => [String(row.t), String(row.i)]).sort());
    if (lowerCaseTableNames === 0)
      expect(tables.map((table) => table.name.name).sort()).toEqual(["Users", "users"]);
  });
});
