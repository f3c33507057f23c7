import type { ParsedSql, ParsedStatement, ParseError } from "../../sql/changes.js";
import { SyntaxFailure } from "./cursor.js";
import { type LexError, tokenize } from "./lexer.js";
import { splitStatements } from "./split.js";
import { guessRelations, StatementParser } from "./statements.js";

/**
 * Parses a StarRocks migration file into statements and typed changes. Never throws on bad SQL: schema DDL
 * that breaks the grammar gives a ParseError (exact offset, "expected X, found Y", a syntax hint) and an
 * opaque change for its statement, so that no statement is dropped silently.
 */
export function parseStarrocks(sql: string): ParsedSql {
  const { tokens, errors: lexErrors } = tokenize(sql);
  const statements: ParsedStatement[] = [];
  const errors: ParseError[] = lexErrors.map(lexErrorToParseError);
  for (const statementTokens of splitStatements(tokens)) {
    const first = statementTokens[0]!;
    const last = statementTokens[statementTokens.length - 1]!;
    const span = { start: first.start, end: last.end };
    const parser = new StatementParser(sql, statementTokens, span);
    try {
      const { statementType, changes } = parser.parse();
      statements.push({ span, statementType, changes });
    } catch (error) {
      if (!(error instanceof SyntaxFailure)) throw error;
      const hint = error.hint ?? `Check the ${parser.statementType} syntax in the StarRocks SQL reference.`;
      errors.push({ message: error.message, offset: error.offset, hint });
      statements.push({
        span,
        statementType: parser.statementType,
        changes: [
          {
            kind: "opaque",
            statement: parser.statementType,
            reason: `could not be parsed: ${error.message}`,
            mayAffect: guessRelations(statementTokens),
            span,
          },
        ],
      });
    }
  }
  errors.sort((a, b) => a.offset - b.offset);
  return { statements, errors };
}

function lexErrorToParseError(error: LexError): ParseError {
  return {
    message: error.message,
    offset: error.offset,
    hint: "Close the string, quoted identifier or comment that starts here.",
  };
}
