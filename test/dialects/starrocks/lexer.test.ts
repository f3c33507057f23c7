import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/dialects/starrocks/lexer.js";
import { splitStatements } from "../../../src/dialects/starrocks/split.js";

type Row = readonly [kind: string, text: string, value: string, start: number, end: number];

function rows(sql: string): Row[] {
  return tokenize(sql).tokens.map((token) => [token.kind, token.text, token.value, token.start, token.end]);
}

describe("tokenize", () => {
  it.each<[string, string, Row[]]>([
    [
      "words and symbols",
      "ALTER TABLE t1;",
      [
        ["word", "ALTER", "ALTER", 0, 5],
        ["word", "TABLE", "TABLE", 6, 11],
        ["word", "t1", "t1", 12, 14],
        ["symbol", ";", ";", 14, 15],
      ],
    ],
    [
      "qualified name",
      "db.t",
      [
        ["word", "db", "db", 0, 2],
        ["symbol", ".", ".", 2, 3],
        ["word", "t", "t", 3, 4],
      ],
    ],
    ["backtick identifier with a doubled backtick", "`a``b c`", [["quoted", "`a``b c`", "a`b c", 0, 8]]],
    ["single-quoted string with escapes", "'it\\'s\\n'", [["string", "'it\\'s\\n'", "it's\n", 0, 9]]],
    [
      "double-quoted string with a doubled quote",
      '"say ""hi"""',
      [["string", '"say ""hi"""', 'say "hi"', 0, 12]],
    ],
    [
      "numbers",
      "1 2.5 .5 1e10 0x1F",
      [
        ["number", "1", "1", 0, 1],
        ["number", "2.5", "2.5", 2, 5],
        ["number", ".5", ".5", 6, 8],
        ["number", "1e10", "1e10", 9, 13],
        ["number", "0x1F", "0x1F", 14, 18],
      ],
    ],
    ["a word that starts with digits", "1st_col", [["word", "1st_col", "1st_col", 0, 7]]],
    [
      "multi-character operators",
      "a<=b<>c!=d<=>e->f",
      [
        ["word", "a", "a", 0, 1],
        ["symbol", "<=", "<=", 1, 3],
        ["word", "b", "b", 3, 4],
        ["symbol", "<>", "<>", 4, 6],
        ["word", "c", "c", 6, 7],
        ["symbol", "!=", "!=", 7, 9],
        ["word", "d", "d", 9, 10],
        ["symbol", "<=>", "<=>", 10, 13],
        ["word", "e", "e", 13, 14],
        ["symbol", "->", "->", 14, 16],
        ["word", "f", "f", 16, 17],
      ],
    ],
    [
      "angle brackets of nested types stay apart",
      "ARRAY<ARRAY<INT>>",
      [
        ["word", "ARRAY", "ARRAY", 0, 5],
        ["symbol", "<", "<", 5, 6],
        ["word", "ARRAY", "ARRAY", 6, 11],
        ["symbol", "<", "<", 11, 12],
        ["word", "INT", "INT", 12, 15],
        ["symbol", ">", ">", 15, 16],
        ["symbol", ">", ">", 16, 17],
      ],
    ],
    [
      "-- comment",
      "a -- note ; here\nb",
      [
        ["word", "a", "a", 0, 1],
        ["word", "b", "b", 17, 18],
      ],
    ],
    ["# comment", "# note\nb", [["word", "b", "b", 7, 8]]],
    [
      "block comment and hint",
      "a /* x ; y */ b /*+ SET_VAR(a=1) */ c",
      [
        ["word", "a", "a", 0, 1],
        ["word", "b", "b", 14, 15],
        ["word", "c", "c", 36, 37],
      ],
    ],
    [
      "variables",
      "@x @@session.time_zone",
      [
        ["variable", "@x", "@x", 0, 2],
        ["variable", "@@session.time_zone", "@@session.time_zone", 3, 22],
      ],
    ],
  ])("%s", (_name, sql, expected) => {
    expect(rows(sql)).toEqual(expected);
    expect(tokenize(sql).errors).toEqual([]);
  });

  it.each([
    ["unterminated string", "SELECT 'abc", "unterminated string starting with '", 7],
    ["unterminated quoted identifier", "SELECT `abc", "unterminated `quoted identifier`", 7],
    ["unterminated comment", "SELECT 1 /* abc", "unterminated /* comment", 9],
  ])("reports an %s at its start", (_name, sql, message, offset) => {
    expect(tokenize(sql).errors).toEqual([{ message, offset }]);
  });

  it("keeps a string that runs to the end of the text as one token", () => {
    expect(rows("'abc")).toEqual([["string", "'abc", "abc", 0, 4]]);
  });
});

describe("splitStatements", () => {
  const split = (sql: string): string[] =>
    splitStatements(tokenize(sql).tokens).map((tokens) =>
      sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end),
    );

  it.each<[string, string, string[]]>([
    ["semicolons", "CREATE DATABASE a; USE a;", ["CREATE DATABASE a", "USE a"]],
    ["no trailing semicolon", "USE a; SELECT 1", ["USE a", "SELECT 1"]],
    [
      "semicolons inside strings and comments",
      "SELECT ';' -- ;\n; SELECT 2 /* ; */",
      ["SELECT ';'", "SELECT 2"],
    ],
    ["empty statements", ";;USE a;;", ["USE a"]],
    ["the mysql client's \\G", "SHOW TABLES\\G SELECT 1", ["SHOW TABLES", "SELECT 1"]],
  ])("%s", (_name, sql, expected) => {
    expect(split(sql)).toEqual(expected);
  });
});
