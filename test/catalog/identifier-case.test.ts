/**
 * The catalog compares names as the database does (src/dialects/identifiers.ts), through the real parsers:
 * PostgreSQL folds unquoted names and compares exactly; MySQL compares column and index names without case
 * and table names as lower_case_table_names says; StarRocks compares table names exactly and column names
 * without case.
 */
import { describe, expect, it } from "vitest";
import {
  findColumn,
  findIndexOwner,
  findRelation,
  findTable,
  indexesOf,
  isStale,
  relationKeyIn,
  sameRelation,
  wasRemoved,
} from "../../src/catalog/model.js";
import type { FileReplay } from "../../src/catalog/replay.js";
import { defaultSchemaFor, replayHistory } from "../../src/check/history.js";
import { parseScript } from "../../src/check/parse-script.js";
import type { DialectName } from "../../src/dialects/dialect.js";
import type { LowerCaseTableNames } from "../../src/dialects/identifiers.js";
import { createDialect } from "../../src/dialects/index.js";

async function replay(
  dialectName: DialectName,
  sql: string,
  lowerCaseTableNames?: LowerCaseTableNames,
): Promise<FileReplay> {
  const dialect = await createDialect(dialectName, {
    ...(lowerCaseTableNames !== undefined && { lowerCaseTableNames }),
  });
  const script = parseScript(dialect, "m.sql", sql, {});
  expect(script.parsed.errors).toEqual([]);
  return replayHistory([script], dialect, defaultSchemaFor(dialect, undefined)).at(-1)!;
}

const tableNames = (file: FileReplay) =>
  [...file.after.schemas.values()].flatMap((schema) =>
    [...schema.relations.values()].map((r) => r.name.name),
  );

describe("PostgreSQL: unquoted names fold, quoted names compare exactly", () => {
  it('keeps "Orders_Data" and orders_data apart, and "Id" and id', async () => {
    const file = await replay(
      "postgres",
      `CREATE TABLE "Orders_Data" ("Id" int, id int);
       CREATE TABLE Orders_Data (id int);
       ALTER TABLE "Orders_Data" DROP COLUMN "Id";
       ALTER TABLE ORDERS_DATA ADD COLUMN note text;`,
    );
    expect(file.notes).toEqual([]);
    expect(tableNames(file).sort()).toEqual(["Orders_Data", "orders_data"]);
    const quoted = findTable(file.after, { name: "Orders_Data" })!;
    const folded = findTable(file.after, { name: "orders_data" })!;
    expect(quoted.columns.map((c) => c.name)).toEqual(["id"]);
    expect(folded.columns.map((c) => c.name)).toEqual(["id", "note"]);
    expect(findColumn(file.after, quoted, "Id")).toBeUndefined();
    expect(sameRelation(file.after, { name: "Orders_Data" }, { name: "orders_data" })).toBe(false);
  });

  it("marks only the table a statement not understood names as stale, and only that one as removed", async () => {
    const file = await replay(
      "postgres",
      `CREATE TABLE "Trades" (id int);
       CREATE TABLE trades (id int);
       DROP TABLE "Trades";`,
    );
    expect(wasRemoved(file.after, { name: "Trades" })).toBe(true);
    expect(wasRemoved(file.after, { name: "trades" })).toBe(false);
    expect(isStale(file.after, { name: "trades" })).toBe(false);
  });

  it("compares index names exactly", async () => {
    const file = await replay(
      "postgres",
      `CREATE TABLE t (a int);
       CREATE INDEX "T_A" ON t (a);
       DROP INDEX IF EXISTS t_a;`,
    );
    expect(indexesOf(findTable(file.after, { name: "t" })!).map((i) => i.name)).toEqual(["T_A"]);
  });
});

describe("MySQL, lower_case_table_names=0 (the Linux default): tables exact, columns and indexes without case", () => {
  it("keeps Users and users apart, and finds the column ID as id", async () => {
    const file = await replay(
      "mysql",
      `CREATE TABLE Users (id int, Email varchar(10), KEY Email_Idx (Email));
       CREATE TABLE users (id int);
       ALTER TABLE Users MODIFY ID bigint;
       ALTER TABLE Users DROP INDEX email_idx;`,
    );
    expect(file.notes).toEqual([]);
    expect(tableNames(file).sort()).toEqual(["Users", "users"]);
    const upper = findTable(file.after, { name: "Users" })!;
    expect(findColumn(file.after, upper, "ID")?.type.name).toBe("bigint");
    expect(findColumn(file.after, findTable(file.after, { name: "users" })!, "id")?.type.name).toBe("int");
    expect(upper.indexes).toEqual([]);
  });

  it("keys stale marks and removed names exactly", async () => {
    const file = await replay(
      "mysql",
      `CREATE TABLE Users (id int);
       DROP TABLE Users;
       CREATE TABLE Orders (id int);
       ALTER TABLE Orders ADD SYSTEM VERSIONING;`,
    );
    expect(wasRemoved(file.after, { name: "Users" })).toBe(true);
    expect(wasRemoved(file.after, { name: "users" })).toBe(false);
    expect(isStale(file.after, { name: "Orders" })).toBe(true);
    expect(isStale(file.after, { name: "orders" })).toBe(false);
  });
});

describe("MySQL, lower_case_table_names=1: table and database names without case", () => {
  it("takes Users, USERS and users for one table", async () => {
    const file = await replay(
      "mysql",
      `CREATE TABLE Users (id int);
       ALTER TABLE USERS ADD COLUMN email varchar(10);
       CREATE TABLE IF NOT EXISTS users (id int);
       CREATE DATABASE Shop;
       CREATE TABLE shop.orders (id int);
       ALTER TABLE SHOP.Orders ADD COLUMN total int;`,
      1,
    );
    expect(file.notes).toEqual([]);
    expect(findTable(file.after, { name: "uSeRs" })?.columns.map((c) => c.name)).toEqual(["id", "email"]);
    expect(findTable(file.after, { schema: "SHOP", name: "ORDERS" })?.columns.map((c) => c.name)).toEqual([
      "id",
      "total",
    ]);
    expect(file.after.schemas.size).toBe(2);
  });

  it("keys stale marks and removed names without case", async () => {
    const file = await replay(
      "mysql",
      `CREATE TABLE Users (id int);
       DROP TABLE USERS;
       CREATE TABLE Orders (id int);
       ALTER TABLE orders ADD SYSTEM VERSIONING;`,
      1,
    );
    expect(wasRemoved(file.after, { name: "users" })).toBe(true);
    expect(isStale(file.after, { name: "ORDERS" })).toBe(true);
    expect(relationKeyIn(file.after, { name: "Orders" })).toBe(relationKeyIn(file.after, { name: "orders" }));
  });
});

describe("StarRocks: table names exact, column and index names without case", () => {
  it("keeps Orders and orders apart, and finds the column Price as price", async () => {
    const file = await replay(
      "starrocks",
      `CREATE TABLE Orders (id bigint, Price decimal(10, 2)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);
       CREATE TABLE orders (id bigint) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);
       ALTER TABLE Orders MODIFY COLUMN price decimal(12, 2);`,
    );
    expect(file.notes).toEqual([]);
    expect(tableNames(file).sort()).toEqual(["Orders", "orders"]);
    const upper = findTable(file.after, { name: "Orders" })!;
    expect(findColumn(file.after, upper, "PRICE")?.type.raw).toBe("decimal(12, 2)");
  });
});

describe("indexes on materialized views", () => {
  it("records an index on a materialized view (PostgreSQL allows it), without a note", async () => {
    const file = await replay(
      "postgres",
      `CREATE TABLE raw.trades (id int, px numeric);
       CREATE MATERIALIZED VIEW raw.daily AS SELECT id, px FROM raw.trades;
       CREATE UNIQUE INDEX daily_id ON raw.daily (id);`,
    );
    expect(file.notes).toEqual([]);
    const view = findRelation(file.after, { schema: "raw", name: "daily" })!;
    expect(view.kind).toBe("view");
    expect(indexesOf(view).map((index) => index.name)).toEqual(["daily_id"]);
    expect(findIndexOwner(file.after, "daily_id", { schema: "raw" })).toBe(view);
  });

  it("drops and renames it", async () => {
    const file = await replay(
      "postgres",
      `CREATE MATERIALIZED VIEW daily AS SELECT 1 AS id;
       CREATE INDEX daily_id ON daily (id);
       ALTER INDEX daily_id RENAME TO daily_by_id;
       CREATE INDEX daily_id2 ON daily (id);
       DROP INDEX daily_id2;`,
    );
    expect(file.notes).toEqual([]);
    expect(indexesOf(findRelation(file.after, { name: "daily" })!).map((i) => i.name)).toEqual([
      "daily_by_id",
    ]);
  });

  it("still says that a plain view takes no index", async () => {
    const file = await replay(
      "postgres",
      `CREATE VIEW recent AS SELECT 1 AS id;
       CREATE INDEX recent_id ON recent (id);`,
    );
    expect(file.notes.map((n) => [n.kind, n.message])).toEqual([
      ["wrong-kind", "public.recent is a view, not a table"],
    ]);
  });
});
