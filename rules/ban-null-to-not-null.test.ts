import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-null-to-not-null.js";

const TABLE =
  "CREATE TABLE trades (id BIGINT NOT NULL, qty INT NULL, venue VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);";

const starrocks = (sql: string) => lint(rule, sql, { dialect: "starrocks", history: [TABLE] });

describe("ban-null-to-not-null", () => {
  it.each([
    ["a MODIFY that keeps the column nullable", "ALTER TABLE trades MODIFY COLUMN qty BIGINT NULL;"],
    [
      "a MODIFY that does not say NULL (nullable is the default)",
      "ALTER TABLE trades MODIFY COLUMN venue VARCHAR(64);",
    ],
    ["a MODIFY of a column that already is NOT NULL", "ALTER TABLE trades MODIFY COLUMN id BIGINT NOT NULL;"],
    ["a column whose nullability is unknown", "ALTER TABLE loaded_elsewhere MODIFY COLUMN v INT NOT NULL;"],
    [
      "a new NOT NULL column with a default",
      "ALTER TABLE trades ADD COLUMN side TINYINT NOT NULL DEFAULT '0';",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await starrocks(sql)).toEqual([]);
  });

  it.each([
    [
      "NOT NULL on a nullable column",
      "ALTER TABLE trades MODIFY COLUMN qty INT NOT NULL;",
      1,
      20,
      "trades.qty",
    ],
    [
      "NOT NULL with a type change",
      "ALTER TABLE trades\n  MODIFY COLUMN venue VARCHAR(64) NOT NULL DEFAULT '';",
      2,
      3,
      "trades.venue",
    ],
    [
      "a column declared without NULL (nullable)",
      "ALTER TABLE trades MODIFY COLUMN venue VARCHAR(20) NOT NULL;",
      1,
      20,
      "trades.venue",
    ],
  ])("fails: %s", async (_label, sql, line, column, object) => {
    expect(await starrocks(sql)).toEqual([
      expect.objectContaining({
        rule: "ban-null-to-not-null",
        messageId: "nullToNotNull",
        severity: "error",
        line,
        column,
        object,
        message: `Column ${object} is nullable and this change makes it NOT NULL: the database's schema change cannot tighten nullability, so the ALTER TABLE is refused.`,
      }),
    ]);
  });

  it("reports a table created earlier in the same file: the change is refused even when empty", async () => {
    const findings = await lint(
      rule,
      "CREATE TABLE fills (id BIGINT, px DOUBLE) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);\nALTER TABLE fills MODIFY COLUMN px DOUBLE NOT NULL;",
      { dialect: "starrocks", defaultSchema: "demo" },
    );
    expect(findings.map((f) => [f.line, f.object])).toEqual([[2, "demo.fills.px"]]);
  });

  it("stays silent where nullability can tighten (MySQL, PostgreSQL)", async () => {
    expect(
      await lint(rule, "ALTER TABLE t MODIFY v int NOT NULL;", {
        dialect: "mysql",
        history: ["CREATE TABLE t (v int);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE raw.t ALTER COLUMN v SET NOT NULL;", {
        history: ["CREATE TABLE raw.t (v int);"],
      }),
    ).toEqual([]);
  });
});
