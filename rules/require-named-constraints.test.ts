import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./require-named-constraints.js";

const HISTORY = [
  "CREATE TABLE raw.venues (id int PRIMARY KEY);",
  "CREATE TABLE raw.fills (id int, venue_id int, px numeric);",
];

describe("require-named-constraints", () => {
  it.each([
    [
      "a named CHECK in CREATE TABLE",
      "CREATE TABLE raw.quotes (bid numeric, CONSTRAINT quotes_bid_positive CHECK (bid > 0));",
    ],
    [
      "a named column CHECK",
      "CREATE TABLE raw.quotes (bid numeric CONSTRAINT quotes_bid_positive CHECK (bid > 0));",
    ],
    [
      "a named CHECK added by ALTER",
      "ALTER TABLE raw.fills ADD CONSTRAINT fills_px_positive CHECK (px > 0);",
    ],
    [
      "unnamed foreign keys and unique constraints (not required by default)",
      "ALTER TABLE raw.fills ADD FOREIGN KEY (venue_id) REFERENCES raw.venues (id), ADD UNIQUE (id);",
    ],
    ["a temporary table", "CREATE TEMPORARY TABLE scratch (n int CHECK (n > 0));"],
  ])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([]);
  });

  it.each([
    [
      "an unnamed table CHECK",
      "CREATE TABLE raw.quotes (bid numeric, ask numeric, CHECK (ask >= bid));",
      1,
      1,
      "raw.quotes",
      "CHECK (ask >= bid) on raw.quotes has no name: the database generates one, differently per database and environment, and a later DROP CONSTRAINT has to guess it.",
    ],
    [
      "an unnamed CHECK added by ALTER, with a long expression shortened",
      "\nALTER TABLE raw.fills ADD CHECK (px > 0 AND px < 1000000 AND venue_id IS NOT NULL AND id IS NOT NULL AND id > 0);",
      2,
      27,
      "raw.fills",
      "CHECK (px > 0 AND px < 1000000 AND venue_id IS NOT NULL AND id IS…) on raw.fills has no name: the database generates one, differently per database and environment, and a later DROP CONSTRAINT has to guess it.",
    ],
  ])("fails: %s", async (_label, sql, line, column, object, message) => {
    expect(await lint(rule, sql, { history: HISTORY })).toEqual([
      expect.objectContaining({
        rule: "require-named-constraints",
        severity: "warning",
        messageId: "unnamed",
        line,
        column,
        object,
        message,
      }),
    ]);
  });

  it("requires names on foreign keys and unique constraints when `kinds` lists them", async () => {
    const sql =
      "ALTER TABLE raw.fills ADD FOREIGN KEY (venue_id) REFERENCES raw.venues (id), ADD UNIQUE (id), ADD CHECK (px > 0);";
    const findings = await lint(rule, sql, {
      history: HISTORY,
      options: { kinds: ["foreign_key", "unique"] },
    });
    expect(findings.map((f) => f.message.split(" on ")[0])).toEqual([
      "FOREIGN KEY (venue_id) REFERENCES raw.venues",
      "UNIQUE (id)",
    ]);
  });

  it("MySQL: an unnamed CHECK, but not an inline REFERENCES (MySQL ignores it: no constraint exists)", async () => {
    const sql =
      "CREATE TABLE orders (id int PRIMARY KEY, qty int CHECK (qty > 0), venue_id int REFERENCES venues (id));";
    const findings = await lint(rule, sql, {
      dialect: "mysql",
      options: { kinds: ["check", "foreign_key"] },
    });
    expect(findings.map((f) => [f.messageId, f.object, f.message.split(" on ")[0]])).toEqual([
      ["unnamed", "orders", "CHECK (qty > 0)"],
    ]);
  });
});
