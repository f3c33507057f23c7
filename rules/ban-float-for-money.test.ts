import { describe, expect, it } from "vitest";
import { lint, summarize as summary } from "../test/helpers/rule-harness.js";
import rule from "./ban-float-for-money.js";

describe("ban-float-for-money", () => {
  it.each([
    ["postgres", "exact decimals", "CREATE TABLE raw.fills (price numeric(18, 6), fee decimal(12, 4));"],
    [
      "postgres",
      "floats that are not money",
      "CREATE TABLE raw.bars (volatility double precision, float_value real);",
    ],
    [
      "postgres",
      "a word inside another word",
      "CREATE TABLE raw.items (costume_size real, feeder_temp real);",
    ],
    ["postgres", "a ratio of money", "CREATE TABLE raw.fills (fee_rate double precision, price_ratio real);"],
    ["mysql", "DECIMAL money", "CREATE TABLE fills (amount DECIMAL(19, 4), unitPrice DECIMAL(19, 4));"],
    [
      "starrocks",
      "DECIMAL money",
      "CREATE TABLE fills (id BIGINT, price DECIMAL(18, 6)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
    ],
  ] as const)("passes on %s: %s", async (dialect, _label, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "double precision price and real fee",
      "CREATE TABLE raw.fills (\n  price double precision,\n  fee real,\n  qty numeric\n);",
      [
        { line: 2, column: 3, object: "raw.fills.price" },
        { line: 3, column: 3, object: "raw.fills.fee" },
      ],
    ],
    [
      "postgres",
      "a plural in a longer name",
      "ALTER TABLE raw.fills ADD COLUMN total_fees_usd float8;",
      [{ line: 1, column: 34, object: "raw.fills.total_fees_usd" }],
    ],
    [
      "postgres",
      "a change to a float type",
      "ALTER TABLE raw.fills ALTER COLUMN notional TYPE real;",
      [{ line: 1, column: 23, object: "raw.fills.notional" }],
    ],
    [
      "postgres",
      "an array of prices",
      "ALTER TABLE raw.fills ADD COLUMN bid_prices double precision[];",
      [{ line: 1, column: 34, object: "raw.fills.bid_prices" }],
    ],
    [
      "mysql",
      "camelCase and FLOAT/DOUBLE",
      "CREATE TABLE fills (unitPrice FLOAT, grossAmount DOUBLE, qty INT);",
      [
        { line: 1, column: 21, object: "fills.unitPrice" },
        { line: 1, column: 38, object: "fills.grossAmount" },
      ],
    ],
    [
      "starrocks",
      "a DOUBLE pnl",
      "CREATE TABLE pnl_daily (id BIGINT, pnl DOUBLE) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      [{ line: 1, column: 36, object: "pnl_daily.pnl" }],
    ],
  ] as const)("fails on %s: %s", async (dialect, _label, sql, expected) => {
    const history = dialect === "postgres" ? ["CREATE TABLE raw.fills (id bigint, notional numeric);"] : [];
    const findings = await lint(rule, sql, { dialect, history });
    expect(summary(findings)).toEqual(
      expected.map((finding) => ({ messageId: "floatMoney", severity: "error", ...finding })),
    );
  });

  it("names the word that looks like money", async () => {
    const [finding] = await lint(rule, "CREATE TABLE raw.fills (unit_price real);");
    expect(finding!.message).toBe(
      "Column raw.fills.unit_price looks like money (price) but is real: floating point cannot store most decimal amounts exactly, so sums and comparisons drift.",
    );
  });

  it("takes its own patterns", async () => {
    const sql = "CREATE TABLE raw.fills (total_value double precision, price real);";
    const findings = await lint(rule, sql, { options: { patterns: ["total"] } });
    expect(summary(findings)).toEqual([
      { messageId: "floatMoney", severity: "error", line: 1, column: 25, object: "raw.fills.total_value" },
    ]);
  });

  it("reports a ratio of money when the ignore list is empty", async () => {
    const findings = await lint(rule, "CREATE TABLE raw.fills (fee_rate real);", { options: { ignore: [] } });
    expect(summary(findings)).toEqual([
      { messageId: "floatMoney", severity: "error", line: 1, column: 25, object: "raw.fills.fee_rate" },
    ]);
  });

  it("treats a pattern that is not a regular expression literally", async () => {
    const findings = await lint(rule, "CREATE TABLE raw.fills (px real);", {
      options: { patterns: ["px", "(("] },
    });
    expect(findings.map((finding) => finding.object)).toEqual(["raw.fills.px"]);
  });
});
