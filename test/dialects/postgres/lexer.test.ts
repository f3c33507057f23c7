import { readFileSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { beforeAll, describe, expect, it } from "vitest";
import { keywordsInWasm, libpgWasmPath } from "../../../scripts/generate-pg-keywords.js";
import { POSTGRES_KEYWORDS } from "../../../src/dialects/postgres/keywords.js";
import { lexPostgres } from "../../../src/dialects/postgres/lexer.js";
import { loadLibpgQuery, scanSql } from "../../../src/dialects/postgres/libpg.js";
import { firstLexerDifference } from "./lexer-diff.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");

beforeAll(() => loadLibpgQuery());

const TRICKY = [
  "select 1+-2, a<=b, a<>b, a!=b, x=>1, a::int, a .. b, c:=1, -1, +2, 3.5e-3, .5, 1., 1..10",
  "select '' || 'it''s' || E'back\\\\slash \\' quote' || B'0101' || X'ff' || N'nat' || U&'d\\0061t'",
  "select 'con'\n  'tinued', 'not' 'continued'",
  'select "Quoted ""Name""", U&"d\\0061ta", "a"."b"',
  "select $$dollar ' \" -- not a comment$$, $tag$ $$ inside $tag$, $1 + $22",
  "select /* nested /* comment */ still */ 1 -- line comment\n, 2",
  "select 0x1F, 0o17, 0b101, 1_000_000, 1_000.5, 12e3, 12E+3",
  "select a@>b, a<@b, a->>'k', a#>>'{x}', a?|b, a~*b, a!~~*b, ||/ 8, @-1, a*-b, a=-b, a+-/**/b",
  'create table café (naïve int, "üñí" text, x$y int)',
  "select a[1:2], (b).c, d.*, count(*) filter (where e) over w from t window w as (order by f)",
  'SELECT Col, COL, "Col" FROM Tab WHERE x IN (1, 2) AND y IS NOT NULL ORDER BY 1 DESC NULLS LAST',
];

describe("lexPostgres: the same tokens as PostgreSQL's own scanner", () => {
  it.each(TRICKY)("%s", (sql) => {
    expect(firstLexerDifference(sql)).toBeUndefined();
  });

  it("on every SQL file in the repository", () => {
    const files = fg.sync(["**/*.sql"], { cwd: ROOT, ignore: ["node_modules/**", "dist/**"] });
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const difference = firstLexerDifference(readFileSync(path.join(ROOT, file), "utf8"));
      expect(difference, file).toBeUndefined();
    }
  });

  it("reports a difference when there is one (the comparison can fail)", () => {
    const splitOnSpaces = (text: string) =>
      [...text.matchAll(/\S+/g)].map((match) => ({
        start: match.index,
        end: match.index + match[0].length,
        keywordKind: 0 as const,
        identifier: false,
      }));
    expect(firstLexerDifference("select E'a\\'b', 1", splitOnSpaces)).toMatchObject({ offset: 0 });
    expect(lexPostgres("select E'a\\'b', 1").map((token) => token.end)).toEqual([6, 14, 15, 17]);
  });

  it("leaves an unterminated literal running to the end instead of failing", () => {
    expect(lexPostgres("select 'abc").map((token) => [token.start, token.end])).toEqual([
      [0, 6],
      [7, 11],
    ]);
  });
});

describe("the keyword table", () => {
  it("lists every keyword of the libpg-query build, with the scanner's category", () => {
    const words = keywordsInWasm(readFileSync(libpgWasmPath()));
    expect(words.length).toBeGreaterThan(450);
    expect([...POSTGRES_KEYWORDS.keys()]).toEqual(words);
    for (const word of words) {
      const [token] = scanSql(word).tokens;
      expect([word, POSTGRES_KEYWORDS.get(word)]).toEqual([word, token?.keywordKind]);
    }
  });
});
