import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./avoid-enum-rebuild.js";

const TABLE =
  "CREATE TABLE orders (id bigint PRIMARY KEY, status enum('new','paid','shipped') NOT NULL, tags set('a','b','c'));";

const mysql = (sql: string) => lint(rule, sql, { dialect: "mysql", history: [TABLE] });

describe("avoid-enum-rebuild", () => {
  it.each([
    ["appending a member", "ALTER TABLE orders MODIFY status enum('new','paid','shipped','lost') NOT NULL;"],
    ["appending a SET member", "ALTER TABLE orders MODIFY tags set('a','b','c','d');"],
    ["restating the same members", "ALTER TABLE orders MODIFY status enum('new','paid','shipped') NULL;"],
    [
      "a table created in the same file",
      "CREATE TABLE fills (s enum('a','b'));\nALTER TABLE fills MODIFY s enum('b','a');",
    ],
    ["a column whose previous members are unknown", "ALTER TABLE loaded_elsewhere MODIFY s enum('b','a');"],
    [
      "an ENUM that becomes a SET (a type change)",
      "ALTER TABLE orders MODIFY status set('new','paid','shipped');",
    ],
  ])("passes: %s", async (_label, sql) => {
    expect(await mysql(sql)).toEqual([]);
  });

  it.each([
    [
      "a member removed",
      "ALTER TABLE orders MODIFY status enum('new','paid') NOT NULL;",
      "removed",
      "Column orders.status loses ENUM member(s) 'shipped': the table is rebuilt, and rows holding them make the ALTER fail (strict SQL mode) or become '' (otherwise).",
    ],
    [
      "a member renamed (removed and added)",
      "ALTER TABLE orders MODIFY status enum('new','paid','sent') NOT NULL;",
      "removed",
      "Column orders.status loses ENUM member(s) 'shipped'",
    ],
    [
      "a member inserted in the middle",
      "ALTER TABLE orders MODIFY status enum('new','held','paid','shipped') NOT NULL;",
      "inserted",
      "Column orders.status gets ENUM member(s) 'held' before 'paid': that renumbers the existing members",
    ],
    [
      "members inserted first",
      "ALTER TABLE orders MODIFY status enum('draft','quote','new','paid','shipped') NOT NULL;",
      "inserted",
      "gets ENUM member(s) 'draft' and 'quote' before 'new'",
    ],
    [
      "members reordered",
      "ALTER TABLE orders MODIFY status enum('paid','new','shipped') NOT NULL;",
      "reordered",
      "Column orders.status reorders its ENUM members",
    ],
    [
      "a SET member removed",
      "ALTER TABLE orders MODIFY tags set('a','c');",
      "removed",
      "Column orders.tags loses SET member(s) 'b'",
    ],
  ])("fails: %s", async (_label, sql, messageId, message) => {
    const findings = await mysql(sql);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "avoid-enum-rebuild",
        messageId,
        severity: "warning",
        line: 1,
        column: 27,
      }),
    ]);
    expect(findings[0]!.message).toContain(message);
  });

  it("reports a CHANGE that renames the column and reorders its members", async () => {
    const findings = await mysql(
      "ALTER TABLE orders\n  CHANGE status state enum('shipped','paid','new') NOT NULL;",
    );
    expect(findings.map((f) => [f.messageId, f.line, f.column, f.object])).toEqual([
      ["reordered", 2, 17, "orders.state"],
    ]);
  });

  it("stays silent on dialects without the online DDL hook (PostgreSQL, StarRocks)", async () => {
    expect(
      await lint(rule, "ALTER TABLE t MODIFY COLUMN v VARCHAR(20);", {
        dialect: "starrocks",
        history: ["CREATE TABLE t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k);"],
      }),
    ).toEqual([]);
    expect(
      await lint(rule, "ALTER TABLE raw.t ALTER COLUMN v TYPE text;", {
        history: ["CREATE TABLE raw.t (v varchar(3));"],
      }),
    ).toEqual([]);
  });
});
