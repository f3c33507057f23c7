import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-columns.js";

const RAW_AUDIT = {
  requirements: [
    {
      tables: "raw.*",
      columns: ["created_at", "ingested_at"],
      types: { ingested_at: ["timestamp", "timestamptz"] },
    },
  ],
};
const EXISTING =
  "CREATE TABLE raw.trades (id bigint PRIMARY KEY, created_at timestamptz, ingested_at timestamptz);";

const pick = (findings: Awaited<ReturnType<typeof lint>>) =>
  findings.map(({ rule, messageId, line, column, object }) => ({ rule, messageId, line, column, object }));

describe("require-columns", () => {
  it.each([
    [
      "a table with every required column",
      "CREATE TABLE raw.fills (id int, created_at timestamptz, ingested_at timestamp);",
    ],
    ["a table outside the pattern", "CREATE TABLE mart.fills (id int);"],
    [
      "names written in any case without quotes (PostgreSQL folds them)",
      "CREATE TABLE raw.fills (id int, Created_At date, INGESTED_AT timestamptz);",
    ],
    [
      "a column added later in the same file",
      "CREATE TABLE raw.fills (id int, created_at timestamptz);\nALTER TABLE raw.fills ADD COLUMN ingested_at timestamptz;",
    ],
    [
      "a temporary table",
      "CREATE TEMPORARY TABLE fills_tmp (id int);\nCREATE TABLE raw.fills (id int, created_at date, ingested_at timestamp);",
    ],
    [
      "CREATE TABLE AS SELECT, whose columns are unknown",
      "CREATE TABLE raw.fills AS SELECT * FROM raw.trades;",
    ],
    ["dropping a column that is not required", "ALTER TABLE raw.trades DROP COLUMN id;"],
    [
      "dropping a required column of a table outside the pattern",
      "ALTER TABLE mart.trades DROP COLUMN created_at;",
    ],
    [
      "a type change within the allowed families",
      "ALTER TABLE raw.trades ALTER COLUMN ingested_at TYPE timestamp;",
    ],
    [
      "a table created and dropped in the same file",
      "CREATE TABLE raw.scratch (id int);\nDROP TABLE raw.scratch;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [EXISTING], options: RAW_AUDIT })).toEqual([]);
  });

  it("says nothing until requirements are configured, whatever the table", async () => {
    expect(await lint(rule, "CREATE TABLE raw.fills (id int);")).toEqual([]);
  });

  it.each([
    [
      "a missing column",
      "CREATE TABLE raw.fills (id int, created_at timestamptz);",
      [{ messageId: "missing", line: 1, column: 1, object: "raw.fills" }],
      "Table raw.fills has no ingested_at, required on tables matching raw.*.",
    ],
    [
      "two missing columns, in one finding",
      "\n\nCREATE TABLE raw.fills (id int);",
      [{ messageId: "missing", line: 3, column: 1, object: "raw.fills" }],
      "Table raw.fills has no created_at and ingested_at, required on tables matching raw.*.",
    ],
    [
      "a required column of the wrong type family",
      "CREATE TABLE raw.fills (\n  id int,\n  created_at timestamptz,\n  ingested_at date\n);",
      [{ messageId: "wrongType", line: 4, column: 3, object: "raw.fills.ingested_at" }],
      "Column raw.fills.ingested_at is date, but tables matching raw.* require it to be timestamp or timestamptz.",
    ],
    [
      "a required column dropped later in the same file (one finding, on the CREATE)",
      "CREATE TABLE raw.fills (id int, created_at timestamptz, ingested_at timestamptz);\nALTER TABLE raw.fills DROP COLUMN created_at;",
      [{ messageId: "missing", line: 1, column: 1, object: "raw.fills" }],
      "Table raw.fills has no created_at, required on tables matching raw.*.",
    ],
    [
      "a required column dropped from an existing table",
      "ALTER TABLE raw.trades DROP COLUMN created_at;",
      [{ messageId: "removed", line: 1, column: 24, object: "raw.trades.created_at" }],
      "Column raw.trades.created_at is dropped, but tables matching raw.* require it.",
    ],
    [
      'quoted capitals on PostgreSQL: "Created_At" is not created_at',
      'CREATE TABLE raw.fills (id int, "Created_At" date, ingested_at timestamptz);',
      [{ messageId: "missing", line: 1, column: 1, object: "raw.fills" }],
      "Table raw.fills has no created_at, required on tables matching raw.*.",
    ],
    [
      "a required column renamed to quoted capitals on PostgreSQL",
      'ALTER TABLE raw.trades RENAME COLUMN created_at TO "CREATED_AT";',
      [{ messageId: "removed", line: 1, column: 1, object: "raw.trades.created_at" }],
      "Column raw.trades.created_at is renamed to CREATED_AT, but tables matching raw.* require it.",
    ],
    [
      "a required column renamed away",
      "ALTER TABLE raw.trades RENAME COLUMN created_at TO inserted_at;",
      [{ messageId: "removed", line: 1, column: 1, object: "raw.trades.created_at" }],
      "Column raw.trades.created_at is renamed to inserted_at, but tables matching raw.* require it.",
    ],
    [
      "a required column changed to another type family",
      "ALTER TABLE raw.trades ALTER COLUMN ingested_at TYPE date;",
      [{ messageId: "wrongType", line: 1, column: 24, object: "raw.trades.ingested_at" }],
      "Column raw.trades.ingested_at is date, but tables matching raw.* require it to be timestamp or timestamptz.",
    ],
  ])("fails: %s", async (_label, sql, expected, message) => {
    const findings = await lint(rule, sql, { history: [EXISTING], options: RAW_AUDIT });
    expect(pick(findings)).toEqual(expected.map((e) => ({ rule: "require-columns", ...e })));
    expect(findings[0]!.message).toBe(message);
    expect(findings.every((finding) => finding.severity === "error")).toBe(true);
  });

  it("merges every requirement that matches, and a pattern without a schema matches any schema", async () => {
    const findings = await lint(
      rule,
      "CREATE TABLE raw.stg_fills (id int, created_at timestamptz, ingested_at timestamptz);",
      {
        options: {
          requirements: [
            { tables: "raw.*", columns: ["created_at", "ingested_at"] },
            { tables: ["stg_*", "tmp_*"], columns: ["_loaded_by"] },
          ],
        },
      },
    );
    expect(findings.map((f) => f.message)).toEqual([
      "Table raw.stg_fills has no _loaded_by, required on tables matching raw.* and stg_*.",
    ]);
  });

  it("checks MySQL tables, whose names ignore case", async () => {
    const findings = await lint(rule, "CREATE TABLE Orders (id int PRIMARY KEY, CREATED_AT datetime);", {
      dialect: "mysql",
      options: { requirements: [{ tables: "orders", columns: ["created_at", "updated_at"] }] },
    });
    expect(pick(findings)).toEqual([
      { rule: "require-columns", messageId: "missing", line: 1, column: 1, object: "Orders" },
    ]);
    expect(findings[0]!.message).toBe("Table Orders has no updated_at, required on tables matching orders.");
  });

  it("checks StarRocks tables and type families", async () => {
    const sql =
      "CREATE TABLE events (id bigint, ingested_at varchar(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);";
    const findings = await lint(rule, sql, {
      dialect: "starrocks",
      defaultSchema: "raw",
      options: {
        requirements: [{ tables: "raw.*", columns: ["ingested_at"], types: { ingested_at: "timestamp" } }],
      },
    });
    expect(findings.map((f) => [f.messageId, f.object, f.message])).toEqual([
      [
        "wrongType",
        "raw.events.ingested_at",
        "Column raw.events.ingested_at is varchar(32), but tables matching raw.* require it to be timestamp.",
      ],
    ]);
  });
});
