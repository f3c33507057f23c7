import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-not-null-default.js";

const TABLE = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric, tape smallint);";
const MYSQL_TABLE = "CREATE TABLE trades (id bigint PRIMARY KEY, price decimal(18,6), tape smallint);";

describe("require-not-null-default", () => {
  it.each([
    ["a nullable column", "ALTER TABLE raw.trades ADD COLUMN venue text;"],
    [
      "a NOT NULL column with a default",
      "ALTER TABLE raw.trades ADD COLUMN venue text NOT NULL DEFAULT 'x';",
    ],
    [
      "a NOT NULL identity column",
      "ALTER TABLE raw.trades ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;",
    ],
    [
      "a table created in the same file",
      "CREATE TABLE raw.fills (id int);\nALTER TABLE raw.fills ADD COLUMN venue text NOT NULL;",
    ],
    [
      "SET NOT NULL on a table created in the same file",
      "CREATE TABLE raw.fills (id int);\nALTER TABLE raw.fills ALTER COLUMN id SET NOT NULL;",
    ],
    ["SET NOT NULL on a column that already is", "ALTER TABLE raw.trades ALTER COLUMN id SET NOT NULL;"],
    [
      "SET NOT NULL after a backfill in the same file",
      "UPDATE raw.trades SET tape = 0 WHERE tape IS NULL;\nALTER TABLE raw.trades ALTER COLUMN tape SET NOT NULL;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([]);
  });

  it.each([
    [
      "ADD COLUMN NOT NULL without default",
      "ALTER TABLE raw.trades ADD COLUMN venue text NOT NULL;",
      "addedWithoutDefault",
      1,
      35,
      "raw.trades.venue",
    ],
    [
      "SET NOT NULL",
      "\nALTER TABLE raw.trades ALTER COLUMN tape SET NOT NULL;",
      "setNotNull",
      2,
      24,
      "raw.trades.tape",
    ],
    [
      "a table the migrations never created (loaded by an EL tool)",
      "ALTER TABLE raw.loaded_elsewhere ADD COLUMN venue text NOT NULL;",
      "addedWithoutDefault",
      1,
      45,
      "raw.loaded_elsewhere.venue",
    ],
  ])("fails: %s", async (_label, sql, messageId, line, column, object) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([
      expect.objectContaining({
        rule: "require-not-null-default",
        severity: "error",
        messageId,
        line,
        column,
        object,
      }),
    ]);
  });

  it("is at most a warning on MySQL, which fills an implicit default", async () => {
    const findings = await lint(rule, "ALTER TABLE trades ADD COLUMN venue varchar(8) NOT NULL;", {
      dialect: "mysql",
      history: [MYSQL_TABLE],
    });
    expect(findings.map((f) => [f.messageId, f.severity, f.object])).toEqual([
      ["addedWithImplicitDefault", "warning", "trades.venue"],
    ]);
  });

  it("reports a MySQL MODIFY that makes a nullable column NOT NULL", async () => {
    const findings = await lint(rule, "ALTER TABLE trades MODIFY tape smallint NOT NULL;", {
      dialect: "mysql",
      history: [MYSQL_TABLE],
    });
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([["setNotNull", "error"]]);
  });
});

describe("require-not-null-default where nullability cannot tighten", () => {
  it("leaves StarRocks' MODIFY ... NOT NULL to ban-null-to-not-null", async () => {
    const history = ["CREATE TABLE t (id INT, v INT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);"];
    expect(
      await lint(rule, "ALTER TABLE t MODIFY COLUMN v INT NOT NULL;", {
        dialect: "starrocks",
        history,
        defaultSchema: "db",
      }),
    ).toEqual([]);
  });
});
