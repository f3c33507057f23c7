import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./ban-destructive-type-change.js";

const HISTORIES = {
  postgres: [
    "CREATE TABLE raw.trades (id integer, price numeric(18,6), symbol varchar(32), note text, sip_timestamp timestamp, day timestamp, payload json);",
  ],
  mysql: [
    "CREATE TABLE trades (id int, price decimal(18,6), symbol varchar(32), created datetime, side enum('buy','sell'));",
  ],
  starrocks: [
    "CREATE TABLE trades (id bigint, price decimal(18,6), symbol varchar(32), qty bigint) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id);",
  ],
};
const options = (dialect: keyof typeof HISTORIES) => ({
  dialect,
  history: HISTORIES[dialect],
  ...(dialect !== "postgres" && { defaultSchema: "app" }),
});

describe("ban-destructive-type-change", () => {
  it.each([
    ["postgres", "ALTER TABLE raw.trades ALTER COLUMN price TYPE numeric(20,6);"],
    ["postgres", "ALTER TABLE raw.trades ALTER COLUMN id TYPE bigint;"],
    ["postgres", "ALTER TABLE raw.trades ALTER COLUMN symbol TYPE text;"],
    ["postgres", "ALTER TABLE raw.trades ALTER COLUMN symbol TYPE character varying(32);"],
    [
      "postgres",
      "SET timezone = 'UTC';\nALTER TABLE raw.trades ALTER COLUMN sip_timestamp TYPE timestamptz;",
    ],
    ["postgres", "SET TIME ZONE 'UTC';\nALTER TABLE raw.trades ALTER COLUMN sip_timestamp TYPE timestamptz;"],
    [
      "postgres",
      "ALTER TABLE raw.trades ALTER COLUMN sip_timestamp TYPE timestamptz USING sip_timestamp AT TIME ZONE 'UTC';",
    ],
    [
      "postgres",
      "ALTER TABLE raw.trades ADD COLUMN code varchar(10);\nALTER TABLE raw.trades ALTER COLUMN code TYPE varchar(2);",
    ],
    [
      "postgres",
      "CREATE TABLE raw.fills (id int, note text);\nALTER TABLE raw.fills ALTER COLUMN note TYPE varchar(8);",
    ],
    // No migration created the table: the previous type is unknown, there is nothing to compare.
    ["postgres", "ALTER TABLE raw.loaded_elsewhere ALTER COLUMN note TYPE varchar(8);"],
    ["mysql", "ALTER TABLE trades MODIFY symbol varchar(64) NOT NULL;"],
    ["mysql", "ALTER TABLE trades CHANGE symbol ticker varchar(32);"],
    ["mysql", "ALTER TABLE trades MODIFY side enum('buy','sell','cross');"],
    ["starrocks", "ALTER TABLE trades MODIFY COLUMN symbol varchar(64);"],
  ] as const)("passes on %s: %s", async (dialect, sql) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([]);
  });

  it.each([
    [
      "postgres",
      "ALTER TABLE raw.trades ALTER COLUMN symbol TYPE varchar(8);",
      "narrowing",
      1,
      24,
      "Column raw.trades.symbol narrows from varchar(32) to varchar(8): existing values that do not fit are cut short or make the ALTER fail.",
    ],
    [
      "postgres",
      "ALTER TABLE raw.trades ALTER COLUMN price TYPE numeric(18,2);",
      "lossy",
      1,
      24,
      "Column raw.trades.price changes from numeric(18,6) to numeric(18,2), which loses information: existing values are rounded or lose their time or time zone, and the originals cannot be recovered.",
    ],
    [
      "postgres",
      "\nALTER TABLE raw.trades ALTER COLUMN day TYPE date;",
      "lossy",
      2,
      24,
      "Column raw.trades.day changes from timestamp to date, which loses information: existing values are rounded or lose their time or time zone, and the originals cannot be recovered.",
    ],
    [
      "postgres",
      "ALTER TABLE raw.trades ALTER COLUMN note TYPE integer USING note::integer;",
      "incompatible",
      1,
      24,
      "Column raw.trades.note changes from text to integer, a different kind of value: the ALTER fails on existing values, or converts every one of them with no way back.",
    ],
    [
      "postgres",
      "ALTER TABLE raw.trades ALTER COLUMN sip_timestamp TYPE timestamptz;",
      "timeZoneAssumed",
      1,
      24,
      "Column raw.trades.sip_timestamp changes from timestamp to timestamptz: each existing value is read as local time in the session's time zone, which this migration does not set, so the stored instants depend on the server's configuration.",
    ],
    [
      "mysql",
      "ALTER TABLE trades MODIFY symbol varchar(8);",
      "narrowing",
      1,
      27,
      "Column app.trades.symbol narrows from varchar(32) to varchar(8): existing values that do not fit are cut short or make the ALTER fail.",
    ],
    [
      "mysql",
      "SET time_zone = '+00:00';\nALTER TABLE trades MODIFY created timestamp;",
      "narrowing",
      2,
      27,
      "Column app.trades.created narrows from datetime to timestamp: existing values that do not fit are cut short or make the ALTER fail.",
    ],
    [
      "mysql",
      "ALTER TABLE trades MODIFY side enum('buy');",
      "narrowing",
      1,
      27,
      "Column app.trades.side narrows from enum('buy','sell') to enum('buy'): existing values that do not fit are cut short or make the ALTER fail.",
    ],
    [
      "starrocks",
      "ALTER TABLE trades MODIFY COLUMN qty int;",
      "narrowing",
      1,
      20,
      "Column app.trades.qty narrows from bigint to int: existing values that do not fit are cut short or make the ALTER fail.",
    ],
  ] as const)("fails on %s: %s", async (dialect, sql, messageId, line, column, message) => {
    expect(await lint(rule, sql, options(dialect))).toEqual([
      expect.objectContaining({
        rule: "ban-destructive-type-change",
        severity: messageId === "timeZoneAssumed" ? "warning" : "error",
        messageId,
        line,
        column,
        message,
      }),
    ]);
  });

  it("reports an unpinned time zone as a warning: nothing is lost, the values are reinterpreted", async () => {
    const findings = await lint(
      rule,
      "ALTER TABLE raw.trades ALTER COLUMN sip_timestamp TYPE timestamptz;",
      options("postgres"),
    );
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([["timeZoneAssumed", "warning"]]);
  });

  it.each([
    ["mysql", "ALTER TABLE trades MODIFY COLUMN SYMBOL varchar(8);", "app.trades.SYMBOL"],
    ["starrocks", "ALTER TABLE trades MODIFY COLUMN Symbol varchar(8);", "app.trades.Symbol"],
  ] as const)(
    "finds the column in any case on %s (its column names ignore case): %s",
    async (dialect, sql, object) => {
      const findings = await lint(rule, sql, options(dialect));
      expect(findings.map((finding) => [finding.rule, finding.object])).toEqual([
        ["ban-destructive-type-change", object],
      ]);
    },
  );

  it("follows a MySQL CHANGE that renames and narrows", async () => {
    const findings = await lint(
      rule,
      "ALTER TABLE trades CHANGE symbol ticker varchar(8);",
      options("mysql"),
    );
    expect(findings.map((f) => [f.messageId, f.object])).toEqual([["narrowing", "app.trades.ticker"]]);
  });
});
