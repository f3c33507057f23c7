import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-table-rewrite.js";

const TABLE =
  "CREATE TABLE raw.trades (id integer PRIMARY KEY, venue varchar(20), price numeric(10,2), ts timestamp, note text);";
const ALTER = "ALTER TABLE raw.trades ALTER COLUMN";

describe("ban-table-rewrite", () => {
  it.each([
    ["a longer varchar", `${ALTER} venue TYPE varchar(40);`],
    ["varchar to text", `${ALTER} venue TYPE text;`],
    ["more numeric precision at the same scale", `${ALTER} price TYPE numeric(12,2);`],
    ["more timestamp precision", `${ALTER} ts TYPE timestamp(6);`],
    ["the same type spelled differently", `${ALTER} venue TYPE character varying(20);`],
    ["USING a plain cast of the column", `${ALTER} venue TYPE text USING venue::text;`],
    ["USING CAST(column AS ...)", `${ALTER} venue TYPE text USING CAST(venue AS text);`],
    [
      "a table created in the same file",
      "CREATE TABLE raw.fills (id integer);\nALTER TABLE raw.fills ALTER COLUMN id TYPE bigint;",
    ],
    ["a column whose previous type is unknown", "ALTER TABLE raw.loaded ALTER COLUMN id TYPE bigint;"],
    [
      "timestamp to timestamptz after SET timezone = 'UTC'",
      `SET timezone = 'UTC';\n${ALTER} ts TYPE timestamptz;`,
    ],
    [
      "timestamp to timestamptz after SET TIME ZONE 'Etc/UTC'",
      `SET TIME ZONE 'Etc/UTC';\n${ALTER} ts TYPE timestamptz;`,
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([]);
  });

  it.each([
    [
      "integer to bigint",
      `${ALTER} id TYPE bigint;`,
      "rewritesTable",
      "raw.trades.id",
      "Changing raw.trades.id from integer to bigint rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes.",
    ],
    [
      "a shorter varchar",
      `${ALTER} venue TYPE varchar(10);`,
      "rewritesTable",
      "raw.trades.venue",
      "Changing raw.trades.venue from varchar(20) to varchar(10) rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes.",
    ],
    [
      "text to a bounded varchar",
      `${ALTER} note TYPE varchar(200);`,
      "rewritesTable",
      "raw.trades.note",
      "Changing raw.trades.note from text to varchar(200) rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes.",
    ],
    [
      "timestamp to timestamptz (free only at UTC)",
      `${ALTER} ts TYPE timestamptz;`,
      "rewritesTableUnlessUtc",
      "raw.trades.ts",
      "Changing raw.trades.ts from timestamp to timestamptz rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, unless the session's time zone is UTC (then only the type changes): set it in the migration to be sure.",
    ],
    [
      "timestamp to timestamptz(3) (rewrites even at UTC)",
      `${ALTER} ts TYPE timestamptz(3);`,
      "rewritesTable",
      "raw.trades.ts",
      "Changing raw.trades.ts from timestamp to timestamptz(3) rewrites the existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes.",
    ],
    [
      "USING an expression that computes new values",
      `${ALTER} venue TYPE text USING lower(venue);`,
      "usingRewritesTable",
      "raw.trades.venue",
      "Changing raw.trades.venue to text USING lower(venue) computes every value anew: the existing table is rewritten and its indexes rebuilt under an ACCESS EXCLUSIVE lock.",
    ],
  ])("fails: %s", async (_label, sql, messageId, object, message) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([
      expect.objectContaining({
        rule: "ban-table-rewrite",
        severity: "warning",
        messageId,
        line: 1,
        column: 24,
        object,
        message,
      }),
    ]);
  });

  it.each([
    ["a time zone that is not UTC", "SET timezone = 'Europe/Paris';"],
    ["a UTC setting that was reset", "SET timezone = 'UTC';\nRESET timezone;"],
    ["a UTC setting undone by ROLLBACK", "BEGIN;\nSET timezone = 'UTC';\nROLLBACK;"],
  ])("fails: timestamp to timestamptz after %s", async (_label, setup) => {
    const findings = await lint(rule, `${setup}\n${ALTER} ts TYPE timestamptz;`, { history: [TABLE] });
    expect(findings.map((finding) => finding.messageId)).toEqual(["rewritesTableUnlessUtc"]);
  });

  it("reports a STORED generated column added to an existing table, which computes and writes every row", async () => {
    const sql =
      "ALTER TABLE raw.trades\n  ADD COLUMN notional numeric GENERATED ALWAYS AS (price * 100) STORED;";
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([
      expect.objectContaining({
        rule: "ban-table-rewrite",
        severity: "warning",
        messageId: "storedGeneratedColumn",
        line: 2,
        column: 14,
        object: "raw.trades.notional",
        message:
          "Adding the STORED generated column raw.trades.notional computes it for every existing row: the table is rewritten and its indexes rebuilt under an ACCESS EXCLUSIVE lock (reads and writes wait).",
      }),
    ]);
  });

  it.each([
    [
      "a VIRTUAL generated column (PostgreSQL 18: computed when read)",
      "ALTER TABLE raw.trades ADD COLUMN notional numeric GENERATED ALWAYS AS (price * 100) VIRTUAL;",
    ],
    [
      "a STORED generated column of a table created in the same file",
      "CREATE TABLE raw.fills (px numeric);\nALTER TABLE raw.fills ADD COLUMN px2 numeric GENERATED ALWAYS AS (px * 2) STORED;",
    ],
    [
      "ADD COLUMN IF NOT EXISTS of a column the table has",
      "ALTER TABLE raw.trades ADD COLUMN IF NOT EXISTS note text GENERATED ALWAYS AS (venue) STORED;",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: [TABLE] })).toEqual([]);
  });

  it("reports a USING expression even when the previous type is unknown", async () => {
    const findings = await lint(rule, "ALTER TABLE raw.loaded ALTER COLUMN x TYPE int USING length(x);", {
      history: [TABLE],
    });
    expect(findings.map((finding) => [finding.messageId, finding.object])).toEqual([
      ["usingRewritesTable", "raw.loaded.x"],
    ]);
  });

  it("stays silent where the dialect does not say which changes rewrite a table (MySQL)", async () => {
    expect(
      await lint(rule, "ALTER TABLE trades MODIFY id bigint;", {
        dialect: "mysql",
        history: ["CREATE TABLE trades (id int PRIMARY KEY);"],
      }),
    ).toEqual([]);
  });
});
