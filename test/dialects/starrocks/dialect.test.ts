import { describe, expect, it } from "vitest";
import { nameKey, sameName, storedIdentifier } from "../../../src/dialects/identifiers.js";
import { createStarrocksDialect } from "../../../src/dialects/starrocks/index.js";

describe("createStarrocksDialect", () => {
  const dialect = createStarrocksDialect();

  it("describes StarRocks with capability flags", () => {
    expect(dialect.name).toBe("starrocks");
    expect(dialect.defaultSchema).toBeUndefined();
    expect(dialect.capabilities).toMatchObject({
      transactionalDdl: false,
      enforcesForeignKeys: false,
      indexesForeignKeys: false,
      identifierLimits: {
        unit: "characters",
        max: { schema: 256, table: 1024, view: 1024, column: 1024, index: 64, constraint: 64 },
        overLimit: "error",
      },
      notNullColumnNeedsDefault: true,
      asynchronousSchemaChange: true,
      tableModels: true,
      schemaIsDatabase: true,
      maxDecimalPrecision: 38,
      nullabilityCanTighten: false,
      keyColumnsImmutable: true,
      viewsBindColumns: false,
      zonedTimestamps: false,
      cheapUnboundedStrings: true,
    });
  });

  it("keeps the case of table names, which StarRocks compares exactly", () => {
    expect(storedIdentifier(dialect.identifiers, "Orders", false)).toBe("Orders");
    expect(nameKey(dialect.identifiers.relations, "Orders")).not.toBe(
      nameKey(dialect.identifiers.relations, "orders"),
    );
  });

  it("compares column names case-insensitively", () => {
    expect(sameName(dialect.identifiers.columns, "UserId", "userid")).toBe(true);
  });

  it("parses, normalises types and compares them", () => {
    expect(dialect.parse("DROP TABLE t").statements).toHaveLength(1);
    expect(dialect.normalizeType("LARGEINT")).toEqual({
      family: "integer",
      name: "largeint",
      bits: 128,
      raw: "LARGEINT",
    });
    expect(dialect.compareTypes(dialect.normalizeType("INT"), dialect.normalizeType("VARCHAR(20)"))).toBe(
      "widening",
    );
  });
});
