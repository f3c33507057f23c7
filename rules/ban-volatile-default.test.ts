import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-volatile-default.js";

const TABLE = "CREATE TABLE raw.trades (id bigint PRIMARY KEY, venue text);";

describe("ban-volatile-default", () => {
  it.each([
    ["a stable default (now())", "ALTER TABLE raw.trades ADD COLUMN ingested_at timestamptz DEFAULT now();"],
    ["a constant default", "ALTER TABLE raw.trades ADD COLUMN qty int NOT NULL DEFAULT 0;"],
    ["no default", "ALTER TABLE raw.trades ADD COLUMN trade_uuid uuid;"],
    [
      "SET DEFAULT with a volatile function (new rows only)",
      "ALTER TABLE raw.trades ALTER COLUMN venue SET DEFAULT gen_random_uuid()::text;",
    ],
    [
      "ADD COLUMN IF NOT EXISTS of a column that is there",
      "ALTER TABLE raw.trades ADD COLUMN IF NOT EXISTS venue uuid DEFAULT gen_random_uuid();",
    ],
    [
      "a table created in the same file",
      "CREATE TABLE raw.fills (id int);\nALTER TABLE raw.fills ADD COLUMN fill_uuid uuid DEFAULT gen_random_uuid();\nALTER TABLE raw.fills ADD COLUMN seq bigserial;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([]);
  });

  it.each([
    [
      "gen_random_uuid()",
      "ALTER TABLE raw.trades ADD COLUMN trade_uuid uuid DEFAULT gen_random_uuid();",
      "volatileDefault",
      35,
      "raw.trades.trade_uuid",
      "Column raw.trades.trade_uuid is added to an existing table with the volatile default gen_random_uuid(): every row gets its own value, so the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock (reads and writes wait).",
    ],
    [
      "clock_timestamp()",
      "ALTER TABLE raw.trades ADD seen_at timestamptz DEFAULT clock_timestamp();",
      "volatileDefault",
      28,
      "raw.trades.seen_at",
      "Column raw.trades.seen_at is added to an existing table with the volatile default clock_timestamp(): every row gets its own value, so the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock (reads and writes wait).",
    ],
    [
      "bigserial (its nextval() default)",
      "ALTER TABLE raw.trades ADD COLUMN seq bigserial;",
      "volatileDefault",
      35,
      "raw.trades.seq",
      "Column raw.trades.seq is added to an existing table with the volatile default nextval() behind bigserial: every row gets its own value, so the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock (reads and writes wait).",
    ],
    [
      "an identity column",
      "ALTER TABLE raw.trades ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;",
      "identity",
      35,
      "raw.trades.seq",
      "Column raw.trades.seq is added to an existing table as an identity column: every row gets its own number, so the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock (reads and writes wait).",
    ],
  ])("fails: %s", async (_label, sql, messageId, column, object, message) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([
      expect.objectContaining({
        rule: "ban-volatile-default",
        severity: "warning",
        messageId,
        line: 1,
        column,
        object,
        message,
      }),
    ]);
  });

  it("stays silent where the dialect does not say which changes rewrite a table (MySQL)", async () => {
    const sql = "ALTER TABLE trades ADD COLUMN trade_uuid varchar(36) DEFAULT (uuid());";
    expect(
      await lint(rule, sql, { dialect: "mysql", history: ["CREATE TABLE trades (id bigint PRIMARY KEY);"] }),
    ).toEqual([]);
  });
});
