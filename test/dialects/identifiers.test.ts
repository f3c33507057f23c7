import { describe, expect, it } from "vitest";
import {
  mysqlIdentifiers,
  POSTGRES_IDENTIFIERS,
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
