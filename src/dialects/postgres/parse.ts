/**
 * A migration file to statements and changes. The whole file is parsed at once; when that fails, it is
 * split at top-level semicolons and parsed statement by statement, so that one bad statement costs
 * only itself and every error is reported where it is.
 */
import type { Change, ParsedSql, ParsedStatement, ParseError } from "../../sql/changes.js";
import { nodeType } from "./ast.js";
import { type NestedParser, StatementContext } from "./context.js";
import { relationsInText } from "./do-block.js";
import { parseSql, type RawStmt, syntaxErrorPosition } from "./libpg.js";
import { SqlSource } from "./source.js";
import { statementChanges } from "./statements.js";

export function parsePostgres(sql: string): ParsedSql {
  const source = new SqlSource(sql);
  try {
    return { statements: mapStatements(parseSql(sql).stmts ?? [], source), errors: [] };
  } catch (error) {
    // A file of comments only (a down migration with nothing to undo) is not an error.
    if (source.tokens.length === 0 && errorMessage(error) === "Query cannot be empty")
      return { statements: [], errors: [] };
    return parseStatementByStatement(source, error);
  }
}

function mapStatements(statements: readonly RawStmt[], source: SqlSource): ParsedStatement[] {
  return statements.map((raw) => mapStatement(raw, source));
}

function mapStatement(raw: RawStmt, source: SqlSource): ParsedStatement {
  const byteStart = raw.stmt_location ?? 0;
  const start = source.toChar(byteStart);
  // stmt_len 0 means "to the end of the text": the last statement had no semicolon.
  const end = raw.stmt_len ? source.toChar(byteStart + raw.stmt_len) : source.text.length;
  const range = source.trim(start, end);
  const context = new StatementContext(
    source.window(range.start, range.end),
    range.start,
    range.end,
    parseNested,
  );
  const node = raw.stmt;
  return { span: context.span, statementType: nodeType(node), changes: node ? changesOf(node, context) : [] };
}

/** A mapping bug must not lose the file: the statement is reported as not understood instead. */
function changesOf(node: NonNullable<RawStmt["stmt"]>, context: StatementContext): Change[] {
  try {
    return statementChanges(node, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        kind: "opaque",
        statement: nodeType(node),
        reason: `Schematic failed to read this statement (${message}); please report it`,
        mayAffect: relationsInText(context.text),
        span: context.span,
      },
    ];
  }
}

/** SQL inside a statement (a DO block): placed in the file when its offset is known, else at the statement. */
const parseNested: NestedParser = (sql, outer, offsetInSource) => {
  const source =
    offsetInSource === undefined || outer.source.fixedSpan
      ? new SqlSource(sql, 0, outer.source.fixedSpan ?? outer.span)
      : new SqlSource(sql, outer.source.base + offsetInSource);
  try {
    return mapStatements(parseSql(sql).stmts ?? [], source).flatMap((statement) => statement.changes);
  } catch (error) {
    return [
      {
        kind: "opaque",
        statement: sql.trim().split(/\s+/).slice(0, 3).join(" ").toUpperCase(),
        reason: `SQL inside the statement could not be parsed: ${errorMessage(error)}`,
        mayAffect: relationsInText(sql),
        span: outer.span,
      },
    ];
  }
};

function parseStatementByStatement(source: SqlSource, wholeFileError: unknown): ParsedSql {
  const statements: ParsedStatement[] = [];
  const errors: ParseError[] = [];
  for (const range of statementRanges(source)) {
    const piece = new SqlSource(source.text.slice(range.start, range.end), range.start);
    try {
      statements.push(...mapStatements(parseSql(piece.text).stmts ?? [], piece));
    } catch (error) {
      errors.push(parseError(error, piece));
    }
  }
  // The split found nothing wrong (or the scanner refused the text): report the whole-file error.
  if (errors.length === 0) errors.push(parseError(wholeFileError, source));
  return { statements, errors };
}

/** Ranges between semicolons outside parentheses (string and dollar-quoted bodies are single tokens). */
function statementRanges(source: SqlSource): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let depth = 0;
  let start = 0;
  for (const token of source.tokens) {
    if (token.text === "(") depth++;
    else if (token.text === ")") depth = Math.max(0, depth - 1);
    else if (token.text === ";" && depth === 0) {
      ranges.push({ start, end: token.start });
      start = token.end;
    }
  }
  if (source.tokens.length > 0 && source.text.slice(start).trim() !== "") {
    ranges.push({ start, end: source.text.length });
  }
  return ranges;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseError(error: unknown, source: SqlSource): ParseError {
  const codePoints = syntaxErrorPosition(error) ?? 0;
  const local = codePointsToOffset(source.text, codePoints);
  const message = errorMessage(error);
  return { message, offset: source.base + local, hint: hintFor(message, source.text, local) };
}

/** libpg-query counts the error position in characters (code points); strings index UTF-16 units. */
function codePointsToOffset(text: string, codePoints: number): number {
  let offset = 0;
  for (let count = 0; count < codePoints && offset < text.length; count++) {
    offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  }
  return offset;
}

function hintFor(message: string, text: string, offset: number): string {
  const around = text.slice(Math.max(0, offset - 80), offset + 80);
  if (around.includes("{{") || around.includes("}}")) {
    return "The file contains template placeholders ({{ ... }}): render the template before Schematic reads it, or exclude the file.";
  }
  if (message.startsWith("unterminated")) {
    return "Close the quoted string, quoted identifier or dollar-quoted body that starts here.";
  }
  if (message.includes("at end of input")) {
    return "The statement is incomplete: a closing parenthesis, END or the rest of the statement is missing.";
  }
  return "PostgreSQL's own parser rejects this statement: fix the SQL, or exclude the file if it is not meant for PostgreSQL.";
}
