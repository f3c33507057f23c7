import { describe, expect, it } from "vitest";
import { exampleDbtProject, exampleHistory, lint } from "../test/helpers/rule-harness.js";
import rule from "./protect-dbt-types.js";

const run = (sql: string) => lint(rule, sql, { history: exampleHistory(), dbt: exampleDbtProject() });

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

  it("names the previous and new types and the compatibility", async () => {
    const [finding] = await run("ALTER TABLE raw.trades ALTER COLUMN size TYPE numeric(10, 2);");
    expect(finding!.message).toBe(
      "Column raw.trades.size changes type from numeric(18, 4) to numeric(10, 2) (narrowing), and model stg_trades reads it; 1 more downstream (1 model).",
    );
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
      ["breakingDeclared", "error"],
    ]);
  });
});
