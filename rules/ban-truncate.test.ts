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

  describe("partitions", () => {
    const MYSQL_PARTITIONED =
      "CREATE TABLE fills (id bigint, day date) PARTITION BY RANGE COLUMNS (day) (PARTITION p2020 VALUES LESS THAN ('2021-01-01'), PARTITION p2021 VALUES LESS THAN ('2022-01-01'));";
    const STARROCKS_PARTITIONED =
      "CREATE TABLE fills (id bigint, day date) DUPLICATE KEY(id) PARTITION BY RANGE(day) (PARTITION p1 VALUES LESS THAN ('2021-01-01'), PARTITION p2 VALUES LESS THAN ('2022-01-01')) DISTRIBUTED BY HASH(id);";

    it.each([
      [
        "mysql",
        "ALTER TABLE fills TRUNCATE PARTITION p2020;",
        [["truncatePartition", 1, 19, "fills"]],
        "Truncating partition p2020 of fills deletes every row in it; the rows cannot be recovered without a backup.",
      ],
      [
        "mysql",
        "ALTER TABLE fills TRUNCATE PARTITION ALL;",
        [["truncateAllPartitions", 1, 19, "fills"]],
        "Truncating every partition of fills deletes every row of the table; the rows cannot be recovered without a backup.",
      ],
      [
        "starrocks",
        "TRUNCATE TABLE fills PARTITION (p1, p2);",
        [
          ["truncatePartition", 1, 1, "fills"],
          ["truncatePartition", 1, 1, "fills"],
        ],
        "Truncating partition p1 of fills deletes every row in it; the rows cannot be recovered without a backup.",
      ],
    ] as const)("fails on %s: %s", async (dialect, sql, expected, message) => {
      const history = [dialect === "mysql" ? MYSQL_PARTITIONED : STARROCKS_PARTITIONED];
      const findings = await lint(rule, sql, { dialect, history });
      expect(findings.map((f) => [f.messageId, f.line, f.column, f.object])).toEqual(expected);
      expect(findings[0]!.message).toBe(message);
    });

    it.each([
      [
        "a table created in the same file",
        "mysql",
        `${MYSQL_PARTITIONED}\nALTER TABLE fills TRUNCATE PARTITION p2020;`,
      ],
      [
        "a partition added in the same file",
        "starrocks",
        "ALTER TABLE fills ADD PARTITION p_tmp VALUES LESS THAN ('2023-01-01');\nTRUNCATE TABLE fills PARTITION (p_tmp);",
      ],
    ] as const)("passes: %s (%s)", async (_label, dialect, sql) => {
      const history = dialect === "starrocks" ? [STARROCKS_PARTITIONED] : [];
      expect(await lint(rule, sql, { dialect, history })).toEqual([]);
    });
  });

  it("reports every table of a multi-table TRUNCATE", async () => {
    const findings = await lint(rule, "TRUNCATE raw.trades, raw.quotes;", options("postgres"));
    expect(findings.map((f) => f.object)).toEqual(["raw.trades", "raw.quotes"]);
    expect(findings[0]!.message).toBe(
      "Truncating table raw.trades deletes every row in it; the rows cannot be recovered without a backup.",
    );
  });
});
