/**
 * A MySQL/MariaDB migration file to statements and changes: split as the mysql client does, tokenize each
 * statement, and map it with the token parsers. A statement they do not model becomes `opaque` when
 * node-sql-parser accepts it as MySQL, and a parse error when neither does.
 */
import type { Change, ParsedSql, ParsedStatement, ParseError } from "../../sql/changes.js";
import { MysqlSyntaxError, TokenCursor } from "./cursor.js";
import { ScriptState } from "./dynamic-sql.js";
import { type Token, tokenize } from "./lexer.js";
import { nodeSqlParserAccepts } from "./node-sql-parser.js";
import { namedRelations } from "./relations.js";
import { type SplitStatement, splitMysql } from "./split.js";
import { parseStatement } from "./statements.js";

/** Data statements only need their first tokens; dumps hold INSERTs of many megabytes. */
const DATA_STATEMENT = /^(INSERT|REPLACE|UPDATE|DELETE|LOAD|SELECT|WITH|VALUES|CALL)\b/i;
const LONG_STATEMENT = 20_000;
const DATA_PREFIX = 4_000;

/**
 * A file this broken is reported anyway (its first error, and how many more): past this many errors a
 * statement the token parsers refuse is counted as one more, without asking node-sql-parser, which
 * takes a tenth of a millisecond or more per statement (ten seconds for 100,000 broken ones).
 */
const SECOND_OPINIONS_UNTIL_ERRORS = 100;

/** Dynamic SQL may CALL procedures that run dynamic SQL; a cycle must end. */
const MAX_NESTING = 4;

/**
 * Parses one file. `script` carries what earlier files created and the database keeps (stored procedures),
 * so that a CALL in a later migration can be expanded; without it each file starts from nothing.
 */
export function parseMysql(sql: string, script: ScriptState = new ScriptState()): ParsedSql {
  return parseScript(sql, script, 0);
}

function parseScript(sql: string, script: ScriptState, nesting: number): ParsedSql {
  const statements: ParsedStatement[] = [];
  const errors: ParseError[] = [];
  for (const piece of splitMysql(sql, errors)) {
    const outcome = parsePiece(piece, script, nesting, errors.length < SECOND_OPINIONS_UNTIL_ERRORS);
    if ("message" in outcome) errors.push(outcome);
    else statements.push(outcome);
  }
  // The splitter's errors (an unclosed quote or comment) and the statements' own, in file order.
  return { statements, errors: errors.sort((a, b) => a.offset - b.offset) };
}

function parsePiece(
  piece: SplitStatement,
  script: ScriptState,
  nesting: number,
  secondOpinion = true,
): ParsedStatement | ParseError {
  const { span, text } = piece;
  const tokenText =
    text.length > LONG_STATEMENT && DATA_STATEMENT.test(text) ? text.slice(0, DATA_PREFIX) : text;
  const tokens = tokenize(tokenText, span.start);
  const cursor = new TokenCursor(tokens, text, span.start);
  const parseNested = (nestedSql: string): readonly Change[] | undefined => {
    if (nesting >= MAX_NESTING) return undefined;
    const nested = parseScript(nestedSql, script, nesting + 1);
    if (nested.errors.length > 0) return undefined;
    // The SQL exists only at run time: its changes point at the statement that runs it.
    return nested.statements.flatMap((statement) => statement.changes.map((change) => ({ ...change, span })));
  };
  try {
    const result = parseStatement({ cursor, span, text, script, parseNested });
    return { span, statementType: result.statementType, changes: result.changes };
  } catch (error) {
    if (!(error instanceof MysqlSyntaxError)) return failedToRead(tokens, span, error);
    if (error.verdict?.valid === false) {
      return {
        message: `Not valid MySQL: ${error.message}.`,
        offset: error.offset,
        hint: error.verdict.hint,
      };
    }
    const accepted = error.verdict?.valid || (secondOpinion ? nodeSqlParserAccepts(text) : false);
    if (accepted) return notModelled(tokens, span, error.message);
    // Too long for the second opinion: not understood (a warning that names it), rather than a minute's wait.
    if (accepted === undefined)
      return notModelled(tokens, span, `${error.message}; too long to check further`);
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

function notModelled(
  tokens: readonly Token[],
  span: ParsedStatement["span"],
  reason: string,
): ParsedStatement {
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
function failedToRead(
  tokens: readonly Token[],
  span: ParsedStatement["span"],
  error: unknown,
): ParsedStatement {
  const message = error instanceof Error ? error.message : String(error);
  return notModelled(tokens, span, `failed to read it: ${message}; please report it`);
}
