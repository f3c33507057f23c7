import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-drop-column.js";

const HISTORIES = {
  postgres: ["CREATE TABLE raw.trades (id bigint PRIMARY KEY, price numeric, venue text);"],
  mysql: ["CREATE TABLE trades (id bigint PRIMARY KEY, price decimal(18,6), venue varchar(16));"],
  starrocks: [
    "CREATE TABLE trades (id bigint, price decimal(18,6), venue varchar(16)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
  ],
};
const options = (dialect: keyof typeof HISTORIES) => ({
  dialect,
  history: HISTORIES[dialect],
  ...(dialect !== "postgres" && { defaultSchema: "app" }),
});

describe("ban-drop-column", () => {
  it.each([
    [
      "a column added and dropped in the same file",
      "ALTER TABLE raw.trades ADD COLUMN venue_tmp text;\nUPDATE raw.trades SET venue_tmp = venue;\nALTER TABLE raw.trades DROP COLUMN venue_tmp;",
    ],
    [
      "a column of a table created in the same file",
      "CREATE TABLE raw.fills (id int, note text);\nALTER TABLE raw.fills DROP COLUMN note;",
    ],
    [
      "DROP COLUMN IF EXISTS of a column the table does not have",
      "ALTER TABLE raw.trades DROP COLUMN IF EXISTS size;",
    ],
    [
      "a column added under a temporary name, renamed, then dropped",
      "ALTER TABLE raw.trades ADD COLUMN tmp text;\nALTER TABLE raw.trades RENAME COLUMN tmp TO tmp2;\nALTER TABLE raw.trades DROP COLUMN tmp2;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, options("postgres"))).toEqual([]);
  });

  it.each([
    ["mysql", "ALTER TABLE trades CHANGE venue exchange varchar(16);"],
    ["mysql", "ALTER TABLE trades MODIFY venue varchar(32);"],
    ["starrocks", "ALTER TABLE trades MODIFY COLUMN venue varchar(32);"],
  ] as const)("passes on %s: %s (restates, keeps values)", async (dialect, sql) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([]);
  });

  it.each([
    ["postgres", "ALTER TABLE raw.trades DROP COLUMN venue;", 1, 24, "raw.trades.venue"],
    ["postgres", "ALTER TABLE raw.trades\n  DROP COLUMN IF EXISTS venue CASCADE;", 2, 3, "raw.trades.venue"],
    [
      "postgres",
      "ALTER TABLE raw.trades RENAME COLUMN venue TO venue_old;\nALTER TABLE raw.trades DROP COLUMN venue_old;",
      2,
      24,
      "raw.trades.venue_old",
    ],
    ["postgres", "ALTER TABLE raw.loaded_elsewhere DROP COLUMN note;", 1, 34, "raw.loaded_elsewhere.note"],
    ["mysql", "ALTER TABLE trades DROP venue;", 1, 20, "app.trades.venue"],
    // MySQL and StarRocks column names ignore case: VENUE is the column created as venue.
    ["mysql", "ALTER TABLE trades DROP COLUMN VENUE;", 1, 20, "app.trades.VENUE"],
    ["starrocks", "ALTER TABLE trades DROP COLUMN Venue;", 1, 20, "app.trades.Venue"],
    ["starrocks", "ALTER TABLE trades DROP COLUMN venue;", 1, 20, "app.trades.venue"],
  ] as const)("fails on %s: %s", async (dialect, sql, line, column, object) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([
      expect.objectContaining({
        rule: "ban-drop-column",
        severity: "error",
        messageId: "dropColumn",
        line,
        column,
        object,
      }),
    ]);
  });

  it.each([
    [
      "postgres",
      "CREATE TABLE raw.fills (px numeric, qty numeric, notional numeric GENERATED ALWAYS AS (px * qty) STORED);",
      "ALTER TABLE raw.fills DROP COLUMN notional;",
    ],
    [
      "mysql",
      "CREATE TABLE fills (px decimal(18, 6), qty int, notional decimal(24, 6) AS (px * qty) STORED);",
      "ALTER TABLE fills DROP COLUMN NOTIONAL;",
    ],
    [
      "mysql",
      "CREATE TABLE fills (px decimal(18, 6), qty int, notional decimal(24, 6) AS (px * qty));",
      "ALTER TABLE fills DROP COLUMN notional;",
    ],
    [
      "starrocks",
      "CREATE TABLE fills (id bigint, px double, qty int, notional double AS px * qty) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
      "ALTER TABLE fills DROP COLUMN notional;",
    ],
  ] as const)(
    "passes on %s: a generated column (its values come from the other columns)",
    async (dialect, history, sql) => {
      expect(await lint(rule, sql, { dialect, history: [history] })).toEqual([]);
    },
  );

  it("reports DROP COLUMN IF EXISTS of a column a statement not understood may have added (MySQL, no default schema)", async () => {
    const history = [...HISTORIES.mysql, "ALTER TABLE trades ADD SYSTEM VERSIONING;"];
    const findings = await lint(rule, "ALTER TABLE trades DROP COLUMN IF EXISTS note;", {
      dialect: "mysql",
      history,
    });
    expect(findings.map((finding) => [finding.messageId, finding.object])).toEqual([
      ["dropColumn", "trades.note"],
    ]);
  });

  it('takes PostgreSQL\'s quoted names exactly: "Venue" is not the column venue', async () => {
    expect(await lint(rule, 'ALTER TABLE raw.trades DROP COLUMN "Venue";', options("postgres"))).toEqual([]);
  });

  it("reports every column of one ALTER", async () => {
    const findings = await lint(
      rule,
      "ALTER TABLE raw.trades DROP COLUMN venue, DROP COLUMN price;",
      options("postgres"),
    );
    expect(findings.map((f) => [f.object, f.column])).toEqual([
      ["raw.trades.venue", 24],
      ["raw.trades.price", 43],
    ]);
  });

  it("says what is lost", async () => {
    const [finding] = await lint(rule, "ALTER TABLE raw.trades DROP COLUMN venue;", options("postgres"));
    expect(finding!.message).toBe(
      "Dropping column raw.trades.venue deletes its value in every row; the values cannot be recovered without a backup.",
    );
  });
});
