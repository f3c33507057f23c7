/**
 * A MySQL/MariaDB migration file to statements and changes: split as the mysql client does, tokenize each
 * statement, and map it with the token parsers. A statement they do not model becomes `opaque` when
 * node-sql-parser accepts it as MySQL, and a parse error when neither does.
 */
import type { Change, ParsedSql, ParsedStatement, ParseError, RelationName } from "../../sql/changes.js";
import { MysqlSyntaxError, TokenCursor } from "./cursor.js";
import { type Token, tokenize } from "./lexer.js";
import { nodeSqlParserAccepts } from "./node-sql-parser.js";
import { type SplitStatement, splitMysql } from "./split.js";
import { parseStatement } from "./statements.js";

/** Data statements only need their first tokens; dumps hold INSERTs of many megabytes. */
const DATA_STATEMENT = /^(INSERT|REPLACE|UPDATE|DELETE|LOAD|SELECT|WITH|VALUES|CALL)\b/i;
const LONG_STATEMENT = 20_000;
const DATA_PREFIX = 4_000;

export function parseMysql(sql: string): ParsedSql {
  const statements: ParsedStatement[] = [];
  const errors: ParseError[] = [];
  for (const piece of splitMysql(sql)) {
    const outcome = parsePiece(piece);
    if ("message" in outcome) errors.push(outcome);
    else statements.push(outcome);
  }
  return { statements, errors };
}

function parsePiece(piece: SplitStatement): ParsedStatement | ParseError {
  const { span, text } = piece;
  const tokenText = text.length > LONG_STATEMENT && DATA_STATEMENT.test(text) ? text.slice(0, DATA_PREFIX) : text;
  const tokens = tokenize(tokenText, span.start);
  const cursor = new TokenCursor(tokens, text, span.start);
  try {
    const result = parseStatement({ cursor, span, text });
    return { span, statementType: result.statementType, changes: result.changes };
  } catch (error) {
    if (!(error instanceof MysqlSyntaxError)) return failedToRead(tokens, span, error);
    if (error.rejectedByMysql) {
      return { message: `Not valid MySQL: ${error.message}.`, offset: error.offset, hint: error.rejectedByMysql.hint };
    }
    if (nodeSqlParserAccepts(text)) return notModelled(tokens, span, error.message);
    return {
      message: `Not valid MySQL: ${error.message}.`,
      offset: error.offset,
      hint: "Check the statement near this position (MySQL would reject it too); if it is valid MySQL or MariaDB, Schematic does not know this syntax yet: please report it.",
    };
  }
}

function statementName(tokens: readonly Token[]): string {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind !== "word" || words.length === 2) break;
    words.push(token.upper);
  }
  return words.join(" ") || "statement";
}

function notModelled(tokens: readonly Token[], span: ParsedStatement["span"], reason: string): ParsedStatement {
  const statement = statementName(tokens);
  const change: Change = {
    kind: "opaque",
    statement,
    reason: `Schematic does not model this statement (${reason})`,
    mayAffect: namedRelations(tokens),
    span,
  };
  return { span, statementType: statement, changes: [change] };
}

/** A mapping bug must not lose the file: the statement is reported as not understood instead. */
function failedToRead(tokens: readonly Token[], span: ParsedStatement["span"], error: unknown): ParsedStatement {
  const message = error instanceof Error ? error.message : String(error);
  return notModelled(tokens, span, `failed to read it: ${message}; please report it`);
}

/** Words after which a relation name follows in DDL and DML. */
const RELATION_INTRODUCERS: ReadonlySet<string> = new Set([
  "TABLE",
  "TABLES",
  "VIEW",
  "INTO",
  "UPDATE",
  "FROM",
  "JOIN",
  "REFERENCES",
  "ON",
  "TO",
]);

/** Words that follow the introducers above without being names (ON DELETE, FROM DUAL, TABLE IF EXISTS). */
const NOT_RELATION_WORDS: ReadonlySet<string> = new Set([
  "IF",
  "SELECT",
  "DELETE",
  "UPDATE",
  "DUPLICATE",
  "SCHEDULE",
  "DUAL",
  "SET",
  "WITH",
  "COMPLETION",
  "LATERAL",
]);

/** Best effort: names that follow TABLE, INTO, FROM, JOIN, REFERENCES, ON, TO … in a statement. */
export function namedRelations(tokens: readonly Token[]): RelationName[] {
  const found = new Map<string, RelationName>();
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (token.kind !== "word" || !RELATION_INTRODUCERS.has(token.upper)) continue;
    let j = i + 1;
    if (tokens[j]?.upper === "IF") j += tokens[j + 1]?.upper === "NOT" ? 3 : 2;
    const name = relationAt(tokens, j);
    if (name) found.set(`${name.schema ?? ""}.${name.name}`, name);
  }
  return [...found.values()];
}

function relationAt(tokens: readonly Token[], i: number): RelationName | undefined {
  const first = tokens[i];
  if (!first || !(first.kind === "quoted" || (first.kind === "word" && !NOT_RELATION_WORDS.has(first.upper)))) {
    return undefined;
  }
  const dot = tokens[i + 1];
  const second = tokens[i + 2];
  if (dot?.kind === "punct" && dot.text === "." && (second?.kind === "word" || second?.kind === "quoted")) {
    return { schema: first.value, name: second.value };
  }
  return { name: first.value };
}
