import { describe, expect, it } from "vitest";
import { lint, summarize as summary } from "../test/helpers/rule-harness.js";
import rule from "./ban-data-types.js";

describe("ban-data-types", () => {
  it.each([
    ["postgres", "CREATE TABLE raw.fills (price numeric(18, 6), at timestamptz, t time);", {}],
    ["mysql", "CREATE TABLE fills (price DECIMAL(18, 6), note TEXT);", {}],
    [
      "starrocks",
      "CREATE TABLE fills (id BIGINT, t DATETIME) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      {},
    ],
    ["postgres", "CREATE TABLE raw.fills (price numeric, payload json);", { deny: ["jsonb"], allow: [] }],
    [
      "postgres",
      "CREATE TABLE raw.fills (id bigint, payload jsonb);",
      { deny: [], allow: ["integer", "json"] },
    ],
    ["mysql", "CREATE TABLE fills (id INT, at DATETIME);", { deny: ["timestamptz"], allow: [] }],
  ] as const)("passes on %s: %s %j", async (dialect, sql, options) => {
    expect(await lint(rule, sql, { dialect, options })).toEqual([]);
  });

  it("denies money and timetz by default", async () => {
    const sql = "CREATE TABLE raw.fills (\n  price money,\n  opens timetz,\n  qty numeric\n);";
    expect(summary(await lint(rule, sql))).toEqual([
      { messageId: "denied", severity: "error", line: 2, column: 3, object: "raw.fills.price" },
      { messageId: "denied", severity: "error", line: 3, column: 3, object: "raw.fills.opens" },
    ]);
  });

  it("explains a default entry", async () => {
    const [finding] = await lint(rule, "ALTER TABLE raw.fills ADD COLUMN fee money;", {
      history: ["CREATE TABLE raw.fills (id bigint);"],
    });
    expect(finding!.message).toBe("Column raw.fills.fee is money, which the configuration denies (money).");
  });

  it.each([
    [
      "a family matches every type of it",
      "postgres",
      "CREATE TABLE raw.fills (a json, b jsonb);",
      { deny: ["json"], allow: [] },
      [
        { messageId: "denied", line: 1, column: 25, object: "raw.fills.a" },
        { messageId: "denied", line: 1, column: 33, object: "raw.fills.b" },
      ],
    ],
    [
      "a type name matches that type only",
      "postgres",
      "CREATE TABLE raw.fills (a json, b jsonb);",
      { deny: ["jsonb"], allow: [] },
      [{ messageId: "denied", line: 1, column: 33, object: "raw.fills.b" }],
    ],
    [
      "a name is matched after the database normalises it (int4 is integer)",
      "postgres",
      "CREATE TABLE raw.fills (a integer, b bigint);",
      { deny: ["int4"], allow: [] },
      [{ messageId: "denied", line: 1, column: 25, object: "raw.fills.a" }],
    ],
    [
      "a nested type (array element)",
      "postgres",
      "CREATE TABLE raw.fills (a money[]);",
      { deny: ["money"], allow: [] },
      [{ messageId: "denied", line: 1, column: 25, object: "raw.fills.a" }],
    ],
    [
      "allow: anything else",
      "postgres",
      "CREATE TABLE raw.fills (id bigint, note text, at timestamptz);",
      { deny: [], allow: ["integer", "timestamptz"] },
      [{ messageId: "notAllowed", line: 1, column: 36, object: "raw.fills.note" }],
    ],
    [
      "MySQL FLOAT and DOUBLE are one family",
      "mysql",
      "CREATE TABLE fills (a FLOAT, b DOUBLE, c DECIMAL(10, 2));",
      { deny: ["float"], allow: [] },
      [
        { messageId: "denied", line: 1, column: 21, object: "fills.a" },
        { messageId: "denied", line: 1, column: 30, object: "fills.b" },
      ],
    ],
    [
      "a MySQL MODIFY to a denied type",
      "mysql",
      "ALTER TABLE fills MODIFY note JSON;",
      { deny: ["json"], allow: [] },
      [{ messageId: "denied", line: 1, column: 26, object: "fills.note" }],
    ],
    [
      "StarRocks JSON",
      "starrocks",
      "CREATE TABLE fills (id BIGINT, doc JSON) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      { deny: ["json"], allow: [] },
      [{ messageId: "denied", line: 1, column: 32, object: "fills.doc" }],
    ],
  ] as const)("fails: %s", async (_label, dialect, sql, options, expected) => {
    const history = dialect === "mysql" ? ["CREATE TABLE fills (id bigint PRIMARY KEY, note TEXT);"] : [];
    const findings = await lint(rule, sql, { dialect, options, history });
    expect(summary(findings)).toEqual(expected.map((finding) => ({ ...finding, severity: "error" })));
  });

  it("does not report a MODIFY that keeps the column's type", async () => {
    const findings = await lint(rule, "ALTER TABLE fills MODIFY doc JSON NOT NULL;", {
      dialect: "mysql",
      history: ["CREATE TABLE fills (id bigint PRIMARY KEY, doc JSON);"],
      options: { deny: ["json"], allow: [] },
    });
    expect(findings).toEqual([]);
  });
});
