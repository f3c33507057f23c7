import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStarrocks } from "../../../src/dialects/starrocks/parser.js";

const demo = (file: string): string =>
  readFileSync(join(import.meta.dirname, "../../../fixtures/starrocks/demo", file), "utf8");

describe("StarRocks/demo scripts", () => {
  it("timeseries-sample.sql: two tables, four queries, one materialized view", () => {
    const parsed = parseStarrocks(demo("timeseries-sample.sql"));
    expect(parsed.errors).toEqual([]);
    expect(
      parsed.statements.map((statement) => statement.changes.map((change) => change.kind).join(",")),
    ).toEqual([
      "create_table,add_partition,add_partition,add_partition",
      "create_table",
      "data",
      "data",
      "data",
      "data",
      "create_view",
    ]);
    const [metrics] = parsed.statements[0]!.changes;
    expect(metrics?.kind === "create_table" ? metrics.table : undefined).toMatchObject({
      name: { schema: "mydb", name: "vehicle_metrics" },
      tableModel: "duplicate",
      keyColumns: ["vin", "ts"],
      partitioning: { kind: "range", columns: ["ts"] },
      distribution: { kind: "hash", columns: ["vin"] },
      properties: {
        "dynamic_partition.enable": "true",
        "dynamic_partition.buckets": "16",
        replication_num: "1",
      },
    });
  });

  it("demo1_agg_tb2.sql: an Aggregate table whose value column sums", () => {
    const parsed = parseStarrocks(demo("demo1_agg_tb2.sql"));
    expect(parsed.errors).toEqual([]);
    const [change] = parsed.statements[0]!.changes;
    expect(
      change?.kind === "create_table"
        ? change.table.columns.map((column) => [
            column.name,
            column.type.name,
            column.aggregate,
            column.key,
            column.default,
          ])
        : [],
    ).toEqual([
      ["siteid", "int", undefined, true, '"10"'],
      ["username", "varchar", undefined, true, '""'],
      ["visit", "bigint", "SUM", undefined, '"0"'],
    ]);
  });

  it("olist_schema.sql: database, USE and nine Duplicate Key tables", () => {
    const parsed = parseStarrocks(demo("olist_schema.sql"));
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((statement) => statement.statementType)).toEqual([
      "CREATE DATABASE",
      "USE",
      ...Array(9).fill("CREATE TABLE"),
    ]);
    expect(
      parsed.statements
        .flatMap((statement) => statement.changes)
        .filter((change) => change.kind === "opaque"),
    ).toEqual([]);
  });
});
