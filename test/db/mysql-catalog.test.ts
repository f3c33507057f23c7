import { readFileSync } from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyCatalog, findTable } from "../../src/catalog/model.js";
import { replayScripts } from "../../src/catalog/replay.js";
import { parseScript } from "../../src/check/parse-script.js";
import { createMysqlDialect, splitMysql } from "../../src/dialects/mysql/index.js";
import { sameType } from "../../src/sql/type-compat.js";
import { ROOT } from "../helpers/rule-harness.js";
import { MYSQL_URL, noticeSkipped, scratchName } from "../helpers/servers.js";

if (!MYSQL_URL) noticeSkipped("SCHEMATIC_TEST_MYSQL_URL", "the catalog-vs-MariaDB test");

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
    const catalog = replayScripts([script], emptyCatalog("default")).at(-1)!.after;
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
  const database = scratchName("schematic_case");
  const history = [
    "CREATE TABLE trades (Id BIGINT NOT NULL, Symbol VARCHAR(10), Price DECIMAL(12,4), Note TEXT, PRIMARY KEY (id));",
    "ALTER TABLE trades MODIFY COLUMN symbol VARCHAR(12) NOT NULL;",
    "ALTER TABLE trades CHANGE COLUMN PRICE price_usd DECIMAL(14,4);",
    "ALTER TABLE trades DROP COLUMN NOTE;",
    "ALTER TABLE trades ALTER COLUMN SYMBOL SET DEFAULT 'X';",
    "ALTER TABLE trades ADD COLUMN `Venue` VARCHAR(8), ADD INDEX trades_venue (VENUE);",
    "ALTER TABLE trades RENAME COLUMN venue TO Exchange;",
  ];
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

  it("ends with MariaDB's columns, types and nullability, and no history mismatch", async () => {
    const dialect = createMysqlDialect();
    const script = parseScript(dialect, "case.sql", history.join("\n"), {});
    expect(script.parsed.errors).toEqual([]);
    const [replay] = replayScripts(
      [script],
      emptyCatalog(database, { columnNamesIgnoreCase: dialect.columnNamesIgnoreCase }),
    );
    expect(replay!.notes).toEqual([]);
    const table = findTable(replay!.after, { name: "trades" })!;
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
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
