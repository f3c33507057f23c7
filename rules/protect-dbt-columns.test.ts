import { describe, expect, it } from "vitest";
import { exampleDbtProject, exampleHistory, lint } from "../test/helpers/rule-harness.js";
import rule from "./protect-dbt-columns.js";

const lintExample = (sql: string) => lint(rule, sql, { history: exampleHistory(), dbt: exampleDbtProject() });
/**
 * What the rule says about breakage. The example's staging models are views, which hold the columns they
 * read on PostgreSQL: a drop of one also gets a viewsHoldColumn warning (tested on its own below).
 */
const run = async (sql: string) =>
  (await lintExample(sql)).filter((finding) => finding.messageId !== "viewsHoldColumn");

describe("protect-dbt-columns", () => {
  it.each([
    ["a column nobody reads", "ALTER TABLE raw.trades DROP COLUMN participant_timestamp;"],
    ["a column only mentioned in a comment", "-- price\nALTER TABLE raw.quotes DROP COLUMN bid_size;"],
    ["a table nobody reads", "CREATE TABLE raw.scratch (x int);\nDROP TABLE raw.scratch;"],
    ["a new column", "ALTER TABLE raw.trades ADD COLUMN venue text;"],
    ["renaming a column nobody reads", "ALTER TABLE raw.quotes RENAME COLUMN ask_size TO ask_quantity;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await run(sql)).toEqual([]);
  });

  it.each([
    [
      "dropping a column a staging model selects",
      "ALTER TABLE raw.trades DROP COLUMN exchange_id;",
      { messageId: "columnDropped", line: 1, column: 24, object: "raw.trades.exchange_id" },
      [
        "model.market_data.stg_trades",
        "model.market_data.int_trades_enriched",
        "test.market_data.not_null_stg_trades_trade_id.f81937320b",
        "model.market_data.fct_trade_notional_daily",
        "exposure.market_data.market_overview",
      ],
    ],
    [
      "renaming a column read through select * by a mart",
      "\n\nALTER TABLE raw.bars RENAME COLUMN bar_start TO starts_at;",
      { messageId: "columnRenamed", line: 3, column: 1, object: "raw.bars.bar_start" },
      [
        "model.market_data.stg_bars",
        "model.market_data.fct_daily_bars",
        "model.market_data.fct_symbol_features",
        "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d",
        "exposure.market_data.market_overview",
      ],
    ],
    [
      "dropping a column a source test and a model read",
      "ALTER TABLE raw.trades DROP COLUMN trade_id;",
      { messageId: "columnDropped", line: 1, column: 24, object: "raw.trades.trade_id" },
      [
        "model.market_data.stg_trades",
        "test.market_data.source_not_null_raw_trades_trade_id.91bde43312",
        "model.market_data.int_trades_enriched",
        "test.market_data.not_null_stg_trades_trade_id.f81937320b",
        "model.market_data.fct_trade_notional_daily",
        "exposure.market_data.market_overview",
      ],
    ],
    [
      "dropping a table",
      "DROP TABLE ref.exchanges;",
      { messageId: "tableDropped", line: 1, column: 1, object: "ref.exchanges" },
      [
        "model.market_data.int_trades_enriched",
        "model.market_data.fct_trade_notional_daily",
        "exposure.market_data.market_overview",
      ],
    ],
    [
      "renaming a table",
      "ALTER TABLE ref.symbols RENAME TO instruments;",
      { messageId: "tableRenamed", line: 1, column: 1, object: "ref.symbols" },
      [
        "model.market_data.stg_symbols",
        "model.market_data.fct_daily_bars",
        "test.market_data.unique_stg_symbols_symbol.56ef06c9ee",
        "test.market_data.not_null_stg_symbols_symbol.ea3fc0f864",
        "model.market_data.fct_symbol_features",
        "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d",
        "exposure.market_data.market_overview",
      ],
    ],
  ])("fails: %s", async (_label, sql, expected, impacts) => {
    const findings = await run(sql);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "protect-dbt-columns", severity: "error", ...expected });
    expect([...findings[0]!.impacts].sort()).toEqual([...impacts].sort());
  });

  it("suggests the new name for a renamed column", async () => {
    const [finding] = await run("ALTER TABLE raw.trades RENAME COLUMN price TO trade_price;");
    expect(finding!.message).toMatch(
      /^Column raw\.trades\.price is renamed to trade_price, but model stg_trades reads it; /,
    );
  });

  it("a column that only passes through `select *` breaks nothing", async () => {
    // stg_bars passes every column of raw.bars through `select *`; nothing below names trade_count.
    expect(await lintExample("ALTER TABLE raw.bars RENAME COLUMN trade_count TO trades;")).toEqual([]);
    expect(await run("ALTER TABLE raw.bars DROP COLUMN trade_count;")).toEqual([]);
  });

  it("the readers of a renamed column are those that name it, through any chain of `select *`", async () => {
    const [finding] = await run("ALTER TABLE raw.bars RENAME COLUMN close TO close_price;");
    expect(finding!.message).toBe(
      "Column raw.bars.close is renamed to close_price, but test source_not_null_raw_bars_close and model fct_daily_bars read it; 3 more downstream (1 model, 1 test and 1 exposure).",
    );
  });

  it("on PostgreSQL, names the models built as views that hold a dropped column, by name or through *", async () => {
    const views = async (sql: string) =>
      (await lintExample(sql))
        .filter((finding) => finding.messageId === "viewsHoldColumn")
        .map(({ severity, message, impacts }) => ({ severity, message, impacts }));
    expect(await views("ALTER TABLE raw.bars DROP COLUMN trade_count;")).toEqual([
      {
        severity: "warning",
        message:
          "Column raw.bars.trade_count is read by model stg_bars, which dbt builds as a view: the database refuses to drop the column while it exists.",
        impacts: ["model.market_data.stg_bars"],
      },
    ]);
    expect((await views("ALTER TABLE raw.trades DROP COLUMN exchange_id;")).map((f) => f.impacts)).toEqual([
      ["model.market_data.stg_trades"],
    ]);
    // A rename keeps the view working: it refers to the column by its number.
    expect(await views("ALTER TABLE raw.bars RENAME COLUMN trade_count TO trades;")).toEqual([]);
  });

  it("says nothing without a dbt project", async () => {
    expect(
      await lint(rule, "ALTER TABLE raw.trades DROP COLUMN price;", { history: exampleHistory() }),
    ).toEqual([]);
  });
});
