import { describe, expect, it } from "vitest";
import { exampleDbtProject, exampleHistory, lint } from "../test/helpers/rule-harness.js";
import rule from "./protect-dbt-columns.js";

const run = (sql: string) => lint(rule, sql, { history: exampleHistory(), dbt: exampleDbtProject() });

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

  it("says nothing without a dbt project", async () => {
    expect(
      await lint(rule, "ALTER TABLE raw.trades DROP COLUMN price;", { history: exampleHistory() }),
    ).toEqual([]);
  });
});
