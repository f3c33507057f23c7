import { describe, expect, it } from "vitest";
import { exampleDbtProject, exampleHistory, lint } from "../test/helpers/rule-harness.js";
import rule from "./protect-dbt-not-null.js";

const run = (sql: string) => lint(rule, sql, { history: exampleHistory(), dbt: exampleDbtProject() });

describe("protect-dbt-not-null", () => {
  it.each([
    [
      "a column without not_null tests",
      "ALTER TABLE raw.trades ALTER COLUMN participant_timestamp DROP NOT NULL;",
    ],
    ["making a column NOT NULL", "ALTER TABLE raw.trades ALTER COLUMN tape SET NOT NULL;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await run(sql)).toEqual([]);
  });

  it.each([
    [
      "a source column with a not_null test, also tested downstream",
      "ALTER TABLE raw.trades ALTER COLUMN trade_id DROP NOT NULL;",
      24,
      "raw.trades.trade_id",
      [
        "test.market_data.source_not_null_raw_trades_trade_id.91bde43312",
        "test.market_data.not_null_stg_trades_trade_id.f81937320b",
      ],
    ],
    [
      "a column carried into a contracted model with a not_null constraint",
      "ALTER TABLE raw.bars ALTER COLUMN symbol DROP NOT NULL;",
      22,
      "raw.bars.symbol",
      ["model.market_data.fct_symbol_features"],
    ],
  ])("warns: %s", async (_label, sql, column, object, impacts) => {
    const findings = await run(sql);
    expect(
      findings.map(({ messageId, severity, line, column }) => ({ messageId, severity, line, column })),
    ).toEqual([{ messageId: "madeNullable", severity: "warning", line: 1, column }]);
    expect(findings[0]!.object).toBe(object);
    expect([...findings[0]!.impacts].sort()).toEqual([...impacts].sort());
  });
});
