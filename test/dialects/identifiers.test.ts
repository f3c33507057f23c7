import { describe, expect, it } from "vitest";
import {
  mysqlIdentifiers,
  needsQuotes,
  POSTGRES_IDENTIFIERS,
  quoteIdentifier,
  relationKey,
  STARROCKS_IDENTIFIERS,
  sameName,
  storedIdentifier,
} from "../../src/dialects/identifiers.js";
import { createDialect } from "../../src/dialects/index.js";

describe("identifier case, one policy per dialect", () => {
  it("PostgreSQL folds unquoted names and compares exactly", () => {
    expect(storedIdentifier(POSTGRES_IDENTIFIERS, "Orders_Data", false)).toBe("orders_data");
    expect(storedIdentifier(POSTGRES_IDENTIFIERS, "Orders_Data", true)).toBe("Orders_Data");
    expect(relationKey(POSTGRES_IDENTIFIERS, "raw", "Orders_Data")).not.toBe(
      relationKey(POSTGRES_IDENTIFIERS, "raw", "orders_data"),
    );
    expect(sameName(POSTGRES_IDENTIFIERS.columns, "Id", "id")).toBe(false);
  });

  it("MySQL compares columns without case, tables as lower_case_table_names says", () => {
    expect(sameName(mysqlIdentifiers().columns, "Id", "id")).toBe(true);
    expect(relationKey(mysqlIdentifiers(0), "app", "Users")).not.toBe(
      relationKey(mysqlIdentifiers(0), "app", "users"),
    );
    expect(relationKey(mysqlIdentifiers(1), "App", "Users")).toBe(
      relationKey(mysqlIdentifiers(1), "app", "users"),
    );
    expect(relationKey(mysqlIdentifiers(2), "app", "Users")).toBe(
      relationKey(mysqlIdentifiers(2), "app", "users"),
    );
    expect(storedIdentifier(mysqlIdentifiers(), "Users", false)).toBe("Users");
  });

  it("StarRocks keeps table names exact and column names case-insensitive", () => {
    expect(relationKey(STARROCKS_IDENTIFIERS, "db", "Orders")).not.toBe(
      relationKey(STARROCKS_IDENTIFIERS, "db", "orders"),
    );
    expect(sameName(STARROCKS_IDENTIFIERS.columns, "Price", "price")).toBe(true);
  });

  it("keeps schema and name apart in a relation key", () => {
    expect(relationKey(POSTGRES_IDENTIFIERS, "a.b", "c")).not.toBe(
      relationKey(POSTGRES_IDENTIFIERS, "a", "b.c"),
    );
  });

  it("each dialect carries its policy; MySQL's follows the configured lower_case_table_names", async () => {
    expect((await createDialect("postgres")).identifiers).toEqual(POSTGRES_IDENTIFIERS);
    expect((await createDialect("starrocks")).identifiers).toEqual(STARROCKS_IDENTIFIERS);
    expect((await createDialect("mysql")).identifiers.relations).toBe("exact");
    expect((await createDialect("mysql", { lowerCaseTableNames: 1 })).identifiers.relations).toBe(
      "ignore-case",
    );
  });
});

describe("which names need quotes", () => {
  it.each([
    ["Orders_Data", true],
    ["orders_data", false],
    ["trade date", true],
    ["1st_trades", true],
    ["échanges", false],
    ["a$b", false],
    ["$a", true],
  ])("PostgreSQL: %s needs quotes: %s", (name, expected) => {
    expect(needsQuotes(POSTGRES_IDENTIFIERS, name)).toBe(expected);
  });

  it.each([
    ["Orders_Data", false],
    ["1st_fills", false],
    ["123", true],
    ["fill-price", true],
    ["order details", true],
    ["$a", false],
  ])("MySQL and StarRocks: %s needs quotes: %s", (name, expected) => {
    expect(needsQuotes(mysqlIdentifiers(), name)).toBe(expected);
    expect(needsQuotes(STARROCKS_IDENTIFIERS, name)).toBe(expected);
  });

  it("quotes as the database does, doubling the quote inside", () => {
    expect(quoteIdentifier(POSTGRES_IDENTIFIERS, 'say "hi"')).toBe('"say ""hi"""');
    expect(quoteIdentifier(mysqlIdentifiers(), "a`b")).toBe("`a``b`");
  });
});
