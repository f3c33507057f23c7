import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-truncate.js";

const HISTORIES = {
  postgres: ["CREATE TABLE raw.trades (id bigint);\nCREATE TABLE raw.quotes (id bigint);"],
  mysql: ["CREATE TABLE trades (id bigint);"],
  starrocks: ["CREATE TABLE trades (id bigint) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);"],
};
const options = (dialect: keyof typeof HISTORIES) => ({
  dialect,
  history: HISTORIES[dialect],
  ...(dialect !== "postgres" && { defaultSchema: "app" }),
});

describe("ban-truncate", () => {
  it.each([
    [
      "a table created in the same file",
      "CREATE TABLE raw.trades_load (id bigint);\nINSERT INTO raw.trades_load SELECT id FROM raw.trades;\nTRUNCATE raw.trades_load;",
    ],
    ["DELETE with a WHERE", "DELETE FROM raw.trades WHERE id < 10;"],
    ["DELETE without a WHERE (a data migration; not reported)", "DELETE FROM raw.trades;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, options("postgres"))).toEqual([]);
  });

  it.each([
    ["postgres", "TRUNCATE raw.trades;", 1, 1, "raw.trades"],
    ["postgres", "\nTRUNCATE TABLE ONLY raw.trades RESTART IDENTITY CASCADE;", 2, 1, "raw.trades"],
    ["postgres", "TRUNCATE raw.loaded_by_fivetran;", 1, 1, "raw.loaded_by_fivetran"],
    ["mysql", "TRUNCATE TABLE trades;", 1, 1, "app.trades"],
    ["mysql", "TRUNCATE trades;", 1, 1, "app.trades"],
    ["starrocks", "TRUNCATE TABLE trades;", 1, 1, "app.trades"],
  ] as const)("fails on %s: %s", async (dialect, sql, line, column, object) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([
      expect.objectContaining({
        rule: "ban-truncate",
        severity: "error",
        messageId: "truncate",
        line,
        column,
        object,
      }),
    ]);
  });

  it("reports every table of a multi-table TRUNCATE", async () => {
    const findings = await lint(rule, "TRUNCATE raw.trades, raw.quotes;", options("postgres"));
    expect(findings.map((f) => f.object)).toEqual(["raw.trades", "raw.quotes"]);
    expect(findings[0]!.message).toBe(
      "Truncating table raw.trades deletes every row in it; the rows cannot be recovered without a backup.",
    );
  });
});
