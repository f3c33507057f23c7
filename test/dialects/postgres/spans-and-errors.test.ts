import { describe, expect, it } from "vitest";
import { LineIndex } from "../../../src/sql/span.js";
import { postgres, spanTexts } from "./helpers.js";

describe("statement spans", () => {
  it("start at the first keyword after comments and end before the semicolon", () => {
    const sql =
      "-- add things\n/* block */  CREATE TABLE t (c int) ; \n\n  ALTER TABLE t ADD d int -- trailing\n";
    const parsed = postgres.parse(sql);
    expect(parsed.statements.map((s) => sql.slice(s.span.start, s.span.end))).toEqual([
      "CREATE TABLE t (c int)",
      "ALTER TABLE t ADD d int",
    ]);
    expect(parsed.statements.map((s) => s.statementType)).toEqual(["CreateStmt", "AlterTableStmt"]);
  });

  it("stay right after multi-byte UTF-8 text (libpg-query counts bytes)", () => {
    const sql =
      "-- Prüfung: 日本語 😀\n/* ünï */ CREATE TABLE t (c int, \"naïve😀\" text DEFAULT 'é😀');\n  ALTER TABLE t ADD d int;";
    const parsed = postgres.parse(sql);
    const lines = new LineIndex(sql);
    expect(parsed.statements.map((s) => lines.position(s.span.start))).toEqual([
      { line: 2, column: 11 },
      { line: 3, column: 3 },
    ]);
    expect(spanTexts(sql, parsed)).toEqual([
      "CREATE TABLE t (c int, \"naïve😀\" text DEFAULT 'é😀')",
      "d int",
    ]);
    const change = parsed.statements[0]?.changes[0];
    const columns = change?.kind === "create_table" ? change.table.columns : [];
    expect(columns.map((c) => [c.name, c.default, c.span && sql.slice(c.span.start, c.span.end)])).toEqual([
      ["c", undefined, "c int"],
      ["naïve😀", "'é😀'", "\"naïve😀\" text DEFAULT 'é😀'"],
    ]);
  });

  it("a file of comments only has no statements and no errors", () => {
    expect(postgres.parse("-- nothing to undo\n")).toEqual({ statements: [], errors: [] });
    expect(postgres.parse("")).toEqual({ statements: [], errors: [] });
  });
});

describe("parse errors", () => {
  it("report the offset, and keep the statements that parse", () => {
    const sql = "CREATE TABLE ok (a int);\nCREATE TABLE bad (a int,, b int);\nCREATE TABLE after (c int);";
    const parsed = postgres.parse(sql);
    expect(parsed.statements.map((s) => sql.slice(s.span.start, s.span.end))).toEqual([
      "CREATE TABLE ok (a int)",
      "CREATE TABLE after (c int)",
    ]);
    expect(parsed.errors).toEqual([
      {
        message: 'syntax error at or near ","',
        offset: sql.indexOf(",,") + 1,
        hint: "PostgreSQL's own parser rejects this statement: fix the SQL, or exclude the file if it is not meant for PostgreSQL.",
      },
    ]);
    expect(new LineIndex(sql).position(parsed.errors[0]!.offset)).toEqual({ line: 2, column: 25 });
  });

  it.each([
    {
      name: "after characters outside the BMP (positions count code points)",
      sql: "SELECT '😀😀' FRM x;",
      message: 'syntax error at or near "x"',
      offset: 18,
      hint: "PostgreSQL's own parser rejects this statement: fix the SQL, or exclude the file if it is not meant for PostgreSQL.",
    },
    {
      name: "a template placeholder",
      sql: 'CREATE INDEX ON {{ index .Options "Namespace" }}.users (id);',
      message: 'syntax error at or near "{"',
      offset: 16,
      hint: "The file contains template placeholders ({{ ... }}): render the template before Schematic reads it, or exclude the file.",
    },
    {
      name: "an unterminated string",
      sql: "SELECT 1; SELECT 'oops",
      message: `unterminated quoted string at or near "'oops"`,
      offset: 17,
      hint: "Close the quoted string, quoted identifier or dollar-quoted body that starts here.",
    },
    {
      name: "an incomplete statement",
      sql: "CREATE TABLE t (a int",
      message: "syntax error at end of input",
      offset: 21,
      hint: "The statement is incomplete: a closing parenthesis, END or the rest of the statement is missing.",
    },
  ])("at $name", ({ sql, message, offset, hint }) => {
    expect(postgres.parse(sql).errors).toEqual([{ message, offset, hint }]);
  });
});

describe("trimTrivia", () => {
  it.each([
    ["  -- lead\n  select 1  \n", "select 1"],
    ["/* a /* nested */ comment */ select 2 -- tail\n", "select 2"],
    ["select '-- not a comment' -- a comment\n", "select '-- not a comment'"],
    ["select $$ /* body */ $$ /* c */", "select $$ /* body */ $$"],
    ["select $fn$ -- x $fn$", "select $fn$ -- x $fn$"],
    ["select E'it\\'s' -- c", "select E'it\\'s'"],
    ["  -- only a comment\n", ""],
  ])("%j -> %j", async (text, expected) => {
    const { trimTrivia } = await import("../../../src/dialects/postgres/source.js");
    const range = trimTrivia(text, 0, text.length);
    expect(text.slice(range.start, range.end)).toBe(expected);
  });
});
