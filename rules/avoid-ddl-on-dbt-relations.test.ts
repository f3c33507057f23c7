import { describe, expect, it } from "vitest";
import { exampleDbtProject, exampleHistory, lint } from "../test/helpers/rule-harness.js";
import rule from "./avoid-ddl-on-dbt-relations.js";

const run = (sql: string) => lint(rule, sql, { history: exampleHistory(), dbt: exampleDbtProject() });

describe("avoid-ddl-on-dbt-relations", () => {
  it.each([
    ["DDL on a source table", "ALTER TABLE raw.bars ADD COLUMN note text;"],
    ["DDL on an unrelated table", "CREATE TABLE analytics_marts.manual_overrides (symbol text);"],
  ])("passes: %s", async (_label, sql) => {
    expect(await run(sql)).toEqual([]);
  });

  it.each([
    [
      "altering a mart table",
      "ALTER TABLE analytics_marts.fct_daily_bars ADD COLUMN note text;",
      1,
      55,
      "analytics_marts.fct_daily_bars",
      "model.market_data.fct_daily_bars",
    ],
    [
      "dropping a staging view",
      "\nDROP VIEW analytics_staging.stg_trades;",
      2,
      1,
      "analytics_staging.stg_trades",
      "model.market_data.stg_trades",
    ],
  ])("warns: %s", async (_label, sql, line, column, object, node) => {
    const findings = await run(sql);
    expect(findings).toEqual([
      expect.objectContaining({
        messageId: "builtByDbt",
        severity: "warning",
        line,
        column,
        object,
        impacts: [node],
      }),
    ]);
  });

  it("on PostgreSQL, a quoted table that differs from dbt's only by case is another table", async () => {
    expect(
      await run(
        'CREATE TABLE analytics_marts."Fct_Daily_Bars" (x int);\nALTER TABLE analytics_marts."Fct_Daily_Bars" ADD COLUMN note text;',
      ),
    ).toEqual([]);
    // Unquoted, PostgreSQL folds the name to the table dbt builds.
    const folded = await run("ALTER TABLE analytics_marts.FCT_DAILY_BARS ADD COLUMN note text;");
    expect(folded.map((f) => f.impacts)).toEqual([["model.market_data.fct_daily_bars"]]);
  });

  it("reports a statement once even when it makes several changes", async () => {
    const findings = await run(
      "ALTER TABLE analytics_marts.fct_daily_bars ADD COLUMN a text, ADD COLUMN b text;",
    );
    expect(findings.map((f) => [f.line, f.column])).toEqual([[1, 55]]);
  });
});
