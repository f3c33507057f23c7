import { describe, expect, it } from "vitest";
import { exampleDbtProject, exampleHistory, lint } from "../test/helpers/rule-harness.js";
import rule from "./protect-dbt-types.js";

const lintExample = (sql: string) => lint(rule, sql, { history: exampleHistory(), dbt: exampleDbtProject() });
/**
 * What the rule says about breakage. The example's staging models are views, which hold the columns they
 * read on PostgreSQL: every type change of one also gets a viewsHoldColumn warning (tested on its own below).
 */
const run = async (sql: string) =>
  (await lintExample(sql)).filter((finding) => finding.messageId !== "viewsHoldColumn");

describe("protect-dbt-types", () => {
  it.each([
    ["widening a numeric read by a model", "ALTER TABLE raw.trades ALTER COLUMN size TYPE numeric(20, 4);"],
    ["narrowing a column nobody reads", "ALTER TABLE raw.quotes ALTER COLUMN bid_size TYPE numeric(10, 2);"],
    ["widening integer to bigint", "ALTER TABLE raw.trades ALTER COLUMN exchange_id TYPE bigint;"],
    ["the same type written differently", "ALTER TABLE raw.trades ALTER COLUMN exchange_id TYPE int4;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await run(sql)).toEqual([]);
  });

  it.each([
    [
      "numeric to float (lossy) for a reader, against a declared data_type",
      "ALTER TABLE raw.trades ALTER COLUMN price TYPE double precision;",
      [
        { messageId: "breakingForReaders", line: 1, column: 24, object: "raw.trades.price" },
        { messageId: "breakingDeclared", line: 1, column: 24, object: "raw.trades.price" },
      ],
    ],
    [
      "narrowing a numeric read by a model",
      "ALTER TABLE raw.trades ALTER COLUMN size TYPE numeric(10, 2);",
      [{ messageId: "breakingForReaders", line: 1, column: 24, object: "raw.trades.size" }],
    ],
    [
      "text to integer (incompatible)",
      "\nALTER TABLE raw.trades ALTER COLUMN symbol TYPE integer USING 0;",
      [{ messageId: "breakingForReaders", line: 2, column: 24, object: "raw.trades.symbol" }],
    ],
    [
      "timestamptz to timestamp (lossy)",
      "ALTER TABLE raw.trades ALTER COLUMN sip_timestamp TYPE timestamp;",
      [{ messageId: "breakingForReaders", line: 1, column: 24, object: "raw.trades.sip_timestamp" }],
    ],
  ])("fails: %s", async (_label, sql, expected) => {
    const findings = await run(sql);
    expect(
      findings.map(({ messageId, line, column, object }) => ({ messageId, line, column, object })),
    ).toEqual(expected);
    expect(findings.every((finding) => finding.severity === "error")).toBe(true);
  });

  it("names the previous and new types and the compatibility; a select * reader is not one", async () => {
    const [finding] = await run("ALTER TABLE raw.trades ALTER COLUMN size TYPE numeric(10, 2);");
    // int_trades_enriched passes size through `select *` to fct_trade_notional_daily, which never names it.
    expect(finding!.message).toBe(
      "Column raw.trades.size changes type from numeric(18, 4) to numeric(10, 2) (narrowing), and model stg_trades reads it.",
    );
    expect(finding!.impacts).toEqual([
      "model.market_data.stg_trades",
      "model.market_data.int_trades_enriched",
    ]);
  });

  it("on PostgreSQL, names the models built as views that read the column, whose views block the change", async () => {
    const findings = await lintExample("ALTER TABLE raw.trades ALTER COLUMN exchange_id TYPE bigint;");
    expect(findings).toEqual([
      {
        rule: "protect-dbt-types",
        messageId: "viewsHoldColumn",
        severity: "warning",
        line: 1,
        column: 24,
        object: "raw.trades.exchange_id",
        message:
          "Column raw.trades.exchange_id is read by model stg_trades, which dbt builds as a view: the database refuses to change the column's type while it exists.",
        impacts: ["model.market_data.stg_trades"],
      },
    ]);
    // A table-materialized reader holds nothing: fct_daily_bars reads bars.close, but stg_bars is the view.
    const bars = await lintExample("ALTER TABLE raw.bars ALTER COLUMN close TYPE numeric(20, 6);");
    expect(bars.filter((f) => f.messageId === "viewsHoldColumn").map((f) => f.impacts)).toEqual([
      ["model.market_data.stg_bars"],
    ]);
  });

  it("says nothing about views where the database lets the change run (MySQL)", async () => {
    const findings = await lint(rule, "ALTER TABLE raw.trades MODIFY exchange_id bigint;", {
      dialect: "mysql",
      history: ["CREATE TABLE raw.trades (exchange_id int, price decimal(18, 6));"],
      dbt: exampleDbtProject(),
    });
    expect(findings).toEqual([]);
  });

  it("warns when a contract pins a widened column, and errors when it breaks it", async () => {
    const widened = await run("ALTER TABLE raw.bars ALTER COLUMN close TYPE numeric(20, 6);");
    expect(widened.map((f) => [f.messageId, f.severity])).toEqual([["widenedUnderContract", "warning"]]);
    expect(widened[0]!.impacts).toEqual(["model.market_data.fct_symbol_features"]);
    const narrowed = await run("ALTER TABLE raw.bars ALTER COLUMN close TYPE numeric(12, 2);");
    expect(narrowed.map((f) => [f.messageId, f.severity])).toEqual([
      ["breakingForReaders", "error"],
      ["breakingContract", "error"],
    ]);
  });

  it("says the previous type is unknown when no migration created the table", async () => {
    const findings = await lint(rule, "ALTER TABLE raw.trades ALTER COLUMN price TYPE double precision;", {
      dbt: exampleDbtProject(),
    });
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([
      ["unknownPreviousType", "info"],
      ["viewsHoldColumn", "warning"],
      ["breakingDeclared", "error"],
    ]);
  });
});
