import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-drop-partition.js";

const HISTORIES = {
  postgres: [
    "CREATE TABLE raw.trades (id bigint, day date) PARTITION BY RANGE (day);\nCREATE TABLE raw.trades_2020 PARTITION OF raw.trades FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');",
  ],
  mysql: [
    "CREATE TABLE trades (id bigint, day date) PARTITION BY RANGE COLUMNS (day) (PARTITION p2020 VALUES LESS THAN ('2021-01-01'), PARTITION p2021 VALUES LESS THAN ('2022-01-01'));",
  ],
  starrocks: [
    "CREATE TABLE trades (id bigint, day date) DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION p2020 VALUES LESS THAN ('2021-01-01')) DISTRIBUTED BY HASH(id);",
  ],
};
const options = (dialect: keyof typeof HISTORIES) => ({
  dialect,
  history: HISTORIES[dialect],
  ...(dialect !== "postgres" && { defaultSchema: "app" }),
});

describe("ban-drop-partition", () => {
  it.each([
    ["postgres", "ALTER TABLE raw.trades DETACH PARTITION raw.trades_2020;"],
    ["postgres", "ALTER TABLE raw.trades DETACH PARTITION raw.trades_2020 CONCURRENTLY;"],
    [
      "starrocks",
      "ALTER TABLE trades ADD PARTITION p_scratch VALUES LESS THAN ('2000-01-01');\nALTER TABLE trades DROP PARTITION p_scratch;",
    ],
    [
      "starrocks",
      "CREATE TABLE fills (id bigint, day date) DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2021-01-01')) DISTRIBUTED BY HASH(id);\nALTER TABLE fills DROP PARTITION p1;",
    ],
    ["starrocks", "ALTER TABLE trades DROP TEMPORARY PARTITION tp1;"],
    [
      "mysql",
      "CREATE TABLE fills (id int, day date) PARTITION BY RANGE COLUMNS (day) (PARTITION p1 VALUES LESS THAN ('2021-01-01'));\nALTER TABLE fills DROP PARTITION p1;",
    ],
  ] as const)("passes on %s: %s", async (dialect, sql) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([]);
  });

  it.each([
    ["mysql", "ALTER TABLE trades DROP PARTITION p2020;", 1, 20, "p2020"],
    ["starrocks", "ALTER TABLE trades DROP PARTITION p2020;", 1, 20, "p2020"],
    ["starrocks", "\nALTER TABLE trades DROP PARTITION IF EXISTS p2020 FORCE;", 2, 20, "p2020"],
    ["starrocks", "ALTER TABLE loaded_elsewhere DROP PARTITION p1;", 1, 30, "p1"],
  ] as const)("fails on %s: %s", async (dialect, sql, line, column, partition) => {
    const findings = await lint(rule, sql, options(dialect));
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ban-drop-partition",
        severity: "error",
        messageId: "dropPartition",
        line,
        column,
      }),
    ]);
    expect(findings[0]!.message).toContain(`partition ${partition} of`);
  });

  it("reports each partition of a MySQL multi-partition drop", async () => {
    const findings = await lint(rule, "ALTER TABLE trades DROP PARTITION p2020, p2021;", options("mysql"));
    expect(findings.map((f) => f.message)).toEqual([
      "Dropping partition p2020 of app.trades deletes every row in it; the rows cannot be recovered without a backup.",
      "Dropping partition p2021 of app.trades deletes every row in it; the rows cannot be recovered without a backup.",
    ]);
  });
});
