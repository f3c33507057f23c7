import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-unsupported-type-change.js";

const TABLE = `CREATE TABLE trades (
  id BIGINT NOT NULL,
  qty INT,
  venue VARCHAR(20),
  code CHAR(4),
  trade_date DATE,
  price DECIMAL(10, 2),
  ratio DOUBLE
) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);`;

const starrocks = (sql: string) => lint(rule, sql, { dialect: "starrocks", history: [TABLE] });

describe("ban-unsupported-type-change", () => {
  it.each([
    ["an integer widened", "ALTER TABLE trades MODIFY COLUMN qty BIGINT;"],
    ["an integer to DOUBLE", "ALTER TABLE trades MODIFY COLUMN qty DOUBLE;"],
    ["a VARCHAR lengthened", "ALTER TABLE trades MODIFY COLUMN venue VARCHAR(64);"],
    ["a VARCHAR to an integer", "ALTER TABLE trades MODIFY COLUMN venue INT;"],
    ["DATE to DATETIME", "ALTER TABLE trades MODIFY COLUMN trade_date DATETIME;"],
    ["an integer to VARCHAR", "ALTER TABLE trades MODIFY COLUMN qty VARCHAR(32);"],
    ["DECIMAL with more precision", "ALTER TABLE trades MODIFY COLUMN price DECIMAL(18, 2);"],
    ["the same type restated with a comment", "ALTER TABLE trades MODIFY COLUMN qty INT COMMENT 'lots';"],
    ["a column whose previous type is unknown", "ALTER TABLE loaded_elsewhere MODIFY COLUMN v INT;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await starrocks(sql)).toEqual([]);
  });

  it.each([
    ["an integer narrowed", "ALTER TABLE trades MODIFY COLUMN qty SMALLINT;", "INT", "SMALLINT"],
    [
      "a VARCHAR shortened",
      "ALTER TABLE trades MODIFY COLUMN venue VARCHAR(10);",
      "VARCHAR(20)",
      "VARCHAR(10)",
    ],
    ["DATE to an integer", "ALTER TABLE trades MODIFY COLUMN trade_date INT;", "DATE", "INT"],
    ["DOUBLE to FLOAT", "ALTER TABLE trades MODIFY COLUMN ratio FLOAT;", "DOUBLE", "FLOAT"],
    ["CHAR to an integer", "ALTER TABLE trades MODIFY COLUMN code INT;", "CHAR(4)", "INT"],
    [
      "DECIMAL losing integer digits",
      "ALTER TABLE trades MODIFY COLUMN price DECIMAL(10, 4);",
      "DECIMAL(10, 2)",
      "DECIMAL(10, 4)",
    ],
    ["VARCHAR to BOOLEAN", "ALTER TABLE trades MODIFY COLUMN venue BOOLEAN;", "VARCHAR(20)", "BOOLEAN"],
  ])("fails: %s", async (_label, sql, from, to) => {
    const findings = await starrocks(sql);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-unsupported-type-change",
        messageId: "unsupportedConversion",
        severity: "error",
        line: 1,
        column: 20,
      }),
    ]);
    expect(findings[0]!.message).toContain(`cannot change from ${from} to ${to}`);
  });

  it("reports a table created earlier in the same file: the conversion is refused whatever the rows", async () => {
    const findings = await lint(
      rule,
      "CREATE TABLE fills (id BIGINT, px DOUBLE) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);\nALTER TABLE fills MODIFY COLUMN px FLOAT;",
      { dialect: "starrocks" },
    );
    expect(findings.map((f) => [f.messageId, f.line, f.object])).toEqual([
      ["unsupportedConversion", 2, "fills.px"],
    ]);
  });

  it("stays silent on dialects without a schema-change conversion table (MySQL, PostgreSQL)", async () => {
    expect(
      await lint(rule, "ALTER TABLE t MODIFY v date;", {
        dialect: "mysql",
        history: ["CREATE TABLE t (v int);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE raw.t ALTER COLUMN v TYPE date USING NULL;", {
        history: ["CREATE TABLE raw.t (v int);"],
      }),
    ).toEqual([]);
  });
});
