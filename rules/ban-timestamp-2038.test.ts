import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-timestamp-2038.js";

const TABLE = "CREATE TABLE fills (id BIGINT PRIMARY KEY, at TIMESTAMP NULL, booked DATETIME(6));";
const run = (sql: string) => lint(rule, sql, { dialect: "mysql", history: [TABLE] });

describe("ban-timestamp-2038", () => {
  it.each([
    ["DATETIME", "CREATE TABLE quotes (at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6));"],
    ["a DATE", "ALTER TABLE fills ADD COLUMN settled DATE;"],
    ["a change from TIMESTAMP to DATETIME", "ALTER TABLE fills MODIFY at DATETIME NULL;"],
    ["a MODIFY that only restates a TIMESTAMP column", "ALTER TABLE fills MODIFY at TIMESTAMP NOT NULL;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await run(sql)).toEqual([]);
  });

  it.each([
    [
      "a new table",
      "CREATE TABLE quotes (\n  id BIGINT,\n  at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);",
      3,
      3,
      "quotes.at",
    ],
    ["fractional seconds", "ALTER TABLE fills ADD COLUMN seen TIMESTAMP(6) NULL;", 1, 30, "fills.seen"],
    [
      "a change to TIMESTAMP",
      "ALTER TABLE fills CHANGE booked booked_at TIMESTAMP NULL;",
      1,
      33,
      "fills.booked_at",
    ],
  ])("fails: %s", async (_label, sql, line, column, object) => {
    expect(await run(sql)).toEqual([
      expect.objectContaining({
        rule: "ban-timestamp-2038",
        messageId: "endsIn2038",
        severity: "warning",
        line,
        column,
        object,
      }),
    ]);
  });

  it("says when the type ends", async () => {
    const [finding] = await run("ALTER TABLE fills ADD COLUMN seen TIMESTAMP;");
    expect(finding!.message).toBe(
      "Column fills.seen is TIMESTAMP, which cannot hold a moment after 2038-01-19 03:14:07 UTC.",
    );
  });

  it.each([
    ["postgres", "CREATE TABLE raw.quotes (at timestamptz, t timestamp);"],
    ["starrocks", "CREATE TABLE quotes (id BIGINT, at DATETIME) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);"],
  ] as const)("stays silent on %s, whose timestamps do not end in 2038", async (dialect, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });
});
