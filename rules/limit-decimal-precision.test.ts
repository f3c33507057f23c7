import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./limit-decimal-precision.js";

const summary = (findings: Awaited<ReturnType<typeof lint>>) =>
  findings.map(({ rule, messageId, severity, line, column, object }) => ({
    rule,
    messageId,
    severity,
    line,
    column,
    object,
  }));

describe("limit-decimal-precision", () => {
  it.each([
    ["postgres", "CREATE TABLE raw.fills (qty numeric(1000, 10));"],
    ["postgres", "CREATE TABLE raw.fills (qty numeric);"],
    ["mysql", "CREATE TABLE fills (qty DECIMAL(65, 30));"],
    [
      "starrocks",
      "CREATE TABLE fills (id BIGINT, qty DECIMAL(38, 9)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
    ],
    [
      "starrocks",
      "CREATE TABLE fills (id BIGINT, qty DECIMAL128(38, 9)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
    ],
  ] as const)("passes on %s: %s", async (dialect, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "CREATE TABLE raw.fills (\n  qty numeric(1001, 2)\n);",
      [],
      { line: 2, column: 3, object: "raw.fills.qty" },
    ],
    [
      "mysql",
      "ALTER TABLE fills ADD COLUMN notional DECIMAL(66, 2);",
      ["CREATE TABLE fills (id bigint PRIMARY KEY);"],
      { line: 1, column: 30, object: "fills.notional" },
    ],
    [
      "mysql",
      "ALTER TABLE fills MODIFY qty DECIMAL(70, 4) NOT NULL;",
      ["CREATE TABLE fills (id bigint PRIMARY KEY, qty DECIMAL(20, 4));"],
      { line: 1, column: 26, object: "fills.qty" },
    ],
    [
      "starrocks",
      "CREATE TABLE fills (id BIGINT, qty DECIMAL(40, 9)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      [],
      { line: 1, column: 32, object: "fills.qty" },
    ],
    [
      "starrocks",
      "CREATE TABLE fills (id BIGINT, qtys ARRAY<DECIMAL(39, 2)>) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      [],
      { line: 1, column: 32, object: "fills.qtys" },
    ],
    [
      "postgres",
      "ALTER TABLE raw.fills ALTER COLUMN qty TYPE numeric(1200, 0);",
      ["CREATE TABLE raw.fills (qty numeric(18, 4));"],
      { line: 1, column: 23, object: "raw.fills.qty" },
    ],
  ] as const)("fails on %s: %s", async (dialect, sql, history, expected) => {
    expect(summary(await lint(rule, sql, { dialect, history: [...history] }))).toEqual([
      { rule: "limit-decimal-precision", messageId: "tooPrecise", severity: "error", ...expected },
    ]);
  });

  it("names the database's maximum", async () => {
    const [finding] = await lint(
      rule,
      "CREATE TABLE fills (id BIGINT, qty DECIMAL(40, 9)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      { dialect: "starrocks" },
    );
    expect(finding!.message).toBe(
      "Column fills.qty is DECIMAL(40, 9) with precision 40: the database accepts at most 38 digits, so the statement fails.",
    );
  });
});
