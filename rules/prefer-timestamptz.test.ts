import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./prefer-timestamptz.js";

const TABLE = "CREATE TABLE raw.fills (id bigint PRIMARY KEY, at timestamptz, day date);";

describe("prefer-timestamptz", () => {
  it.each([
    ["timestamptz", "CREATE TABLE raw.quotes (at timestamptz, t timestamp with time zone);"],
    ["a date", "ALTER TABLE raw.fills ADD COLUMN settled date;"],
    ["a change to timestamptz", "ALTER TABLE raw.fills ALTER COLUMN day TYPE timestamptz;"],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([]);
  });

  it.each([
    ["a new table", "CREATE TABLE raw.quotes (\n  id bigint,\n  at timestamp\n);", 3, 3, "raw.quotes.at"],
    [
      "the long spelling",
      "CREATE TABLE raw.quotes (at timestamp(3) without time zone);",
      1,
      26,
      "raw.quotes.at",
    ],
    ["an added column", "ALTER TABLE raw.fills ADD COLUMN booked timestamp;", 1, 34, "raw.fills.booked"],
    [
      "a change from timestamptz",
      "ALTER TABLE raw.fills ALTER COLUMN at TYPE timestamp;",
      1,
      23,
      "raw.fills.at",
    ],
    ["an array of timestamps", "ALTER TABLE raw.fills ADD COLUMN seen timestamp[];", 1, 34, "raw.fills.seen"],
  ])("fails: %s", async (_label, sql, line, column, object) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([
      expect.objectContaining({
        rule: "prefer-timestamptz",
        messageId: "withoutZone",
        severity: "warning",
        line,
        column,
        object,
      }),
    ]);
  });

  it("says why", async () => {
    const [finding] = await lint(rule, "ALTER TABLE raw.fills ADD COLUMN booked timestamp;", {
      history: [TABLE],
    });
    expect(finding!.message).toBe(
      "Column raw.fills.booked (timestamp) stores no time zone: the instant a value names depends on a zone the column does not record.",
    );
  });

  it.each([
    ["mysql", "CREATE TABLE fills (id BIGINT PRIMARY KEY, at DATETIME(6));"],
    ["starrocks", "CREATE TABLE fills (id BIGINT, at DATETIME) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);"],
  ] as const)("stays silent on %s, which has no zoned timestamp to prefer", async (dialect, sql) => {
    expect(await lint(rule, sql, { dialect })).toEqual([]);
  });
});
