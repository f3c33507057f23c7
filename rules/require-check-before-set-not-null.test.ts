import { describe, expect, it } from "vitest";
import { createDialect } from "../src/dialects/index.js";
import { ruleApplies } from "../src/lint/runner.js";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-check-before-set-not-null.js";

const TABLE = 'CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text, tape smallint, "Desk" text);';
const SET_NOT_NULL = "ALTER TABLE raw.trades ALTER COLUMN venue SET NOT NULL;";

/** History: the table, then one migration adding `check` (validated unless it says NOT VALID). */
function withCheck(check: string): string[] {
  return [TABLE, `ALTER TABLE raw.trades ADD CONSTRAINT trades_check ${check};`];
}

describe("require-check-before-set-not-null", () => {
  it.each([
    ["a validated CHECK (col IS NOT NULL)", withCheck("CHECK (venue IS NOT NULL)"), SET_NOT_NULL],
    ["extra parentheses and other case", withCheck("CHECK ((Venue is not NULL))"), SET_NOT_NULL],
    ["NOT (col IS NULL)", withCheck("CHECK (NOT (venue IS NULL))"), SET_NOT_NULL],
    ["one AND term of a larger check", withCheck("CHECK (tape > 0 AND venue IS NOT NULL)"), SET_NOT_NULL],
    [
      "a quoted column",
      withCheck('CHECK ("Desk" IS NOT NULL)'),
      'ALTER TABLE raw.trades ALTER COLUMN "Desk" SET NOT NULL;',
    ],
    [
      "a NOT VALID check validated by an earlier migration",
      [
        ...withCheck("CHECK (venue IS NOT NULL) NOT VALID"),
        "ALTER TABLE raw.trades VALIDATE CONSTRAINT trades_check;",
      ],
      SET_NOT_NULL,
    ],
    [
      "a NOT VALID check validated earlier in the same file",
      withCheck("CHECK (venue IS NOT NULL) NOT VALID"),
      `ALTER TABLE raw.trades VALIDATE CONSTRAINT trades_check;\n${SET_NOT_NULL}`,
    ],
    ["a column that already is NOT NULL", [TABLE], "ALTER TABLE raw.trades ALTER COLUMN id SET NOT NULL;"],
    [
      "a table created in the same file",
      [TABLE],
      "CREATE TABLE raw.fills (id int, venue text);\nALTER TABLE raw.fills ALTER COLUMN venue SET NOT NULL;",
    ],
    ["DROP NOT NULL", [TABLE], "ALTER TABLE raw.trades ALTER COLUMN venue DROP NOT NULL;"],
  ])("passes: %s", async (_label, history, sql) => {
    expect(await lint(rule, sql, { history })).toEqual([]);
  });

  it.each([
    ["no check at all", [TABLE], SET_NOT_NULL],
    ["a check that is still NOT VALID", withCheck("CHECK (venue IS NOT NULL) NOT VALID"), SET_NOT_NULL],
    ["a check on another column", withCheck("CHECK (tape IS NOT NULL)"), SET_NOT_NULL],
    ["a check that NULL passes", withCheck("CHECK (venue <> '')"), SET_NOT_NULL],
    ["an OR (proves nothing)", withCheck("CHECK (venue IS NOT NULL OR tape IS NOT NULL)"), SET_NOT_NULL],
    [
      "a check that only names the column in a string",
      withCheck("CHECK (tape::text <> 'venue IS NOT NULL')"),
      SET_NOT_NULL,
    ],
  ])("fails: %s", async (_label, history, sql) => {
    expect(await lint(rule, sql, { history })).toEqual([
      expect.objectContaining({
        rule: "require-check-before-set-not-null",
        messageId: "scansTable",
        severity: "warning",
        line: 1,
        column: 24,
        object: "raw.trades.venue",
        message:
          "SET NOT NULL on raw.trades.venue scans the whole existing table under an ACCESS EXCLUSIVE lock (reads and writes wait), because no validated CHECK (venue IS NOT NULL) proves it first.",
      }),
    ]);
  });

  it("reports a table the migrations never created", async () => {
    const findings = await lint(rule, "ALTER TABLE raw.loaded ALTER COLUMN x SET NOT NULL;", {
      history: [TABLE],
    });
    expect(findings.map((finding) => finding.object)).toEqual(["raw.loaded.x"]);
  });

  it("does not run where constraints cannot be added NOT VALID (MySQL, StarRocks)", async () => {
    for (const name of ["mysql", "starrocks"] as const) {
      expect(ruleApplies(rule, await createDialect(name))).toBe(false);
    }
    expect(
      await lint(rule, "ALTER TABLE trades MODIFY venue varchar(8) NOT NULL;", {
        dialect: "mysql",
        history: ["CREATE TABLE trades (id bigint PRIMARY KEY, venue varchar(8));"],
      }),
    ).toEqual([]);
  });
});
