import type { ParseError } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import {
  blockCommentEnd,
  executableCommentOpenerLength,
  isDashComment,
  isSpace,
  isWordChar,
  lineCommentEnd,
  scanQuoted,
} from "./scan.js";

/** One statement of a MySQL script, as the `mysql` client would send it to the server. */
export interface SplitStatement {
  /** From the first token (comments and whitespace skipped) to the last one, without the delimiter. */
  readonly span: Span;
  /**
   * The statement's source text, same length as the span, with executable-comment markers
   * (`/*!40101`, `*\/`) blanked out: MySQL runs their content as SQL, so parsers should see it as code.
   */
  readonly text: string;
}

/** Words that make a CREATE statement a stored program whose body may hold `;` (MySQL 15.1.17, 15.6). */
const STORED_PROGRAM_WORDS: ReadonlySet<string> = new Set([
  "PROCEDURE",
  "FUNCTION",
  "TRIGGER",
  "EVENT",
  "PACKAGE",
]);

/** Words that settle a CREATE statement as an ordinary one before any stored-program word. */
const PLAIN_CREATE_WORDS: ReadonlySet<string> = new Set([
  "TABLE",
  "VIEW",
  "INDEX",
  "UNIQUE",
  "FULLTEXT",
  "SPATIAL",
  "DATABASE",
  "SCHEMA",
  "USER",
  "ROLE",
  "SERVER",
  "TABLESPACE",
  "LOGFILE",
  "SEQUENCE",
  "TEMPORARY",
  "RESOURCE",
]);

/** `END` may be followed by the kind of block it closes; that word then does not open a new one. */
const END_SUFFIXES: ReadonlySet<string> = new Set(["IF", "CASE", "LOOP", "WHILE", "REPEAT"]);

/**
 * Tokens after which IF / WHILE / LOOP / REPEAT start a compound statement rather than call a function
 * (`IF(a, b, c)`, `REPEAT('x', 3)`) or qualify DDL (`DROP TABLE IF EXISTS`): the start of a statement inside
 * a body, after a label, or right after a trigger's FOR EACH ROW / a routine's characteristics.
 */
const STATEMENT_START_PREVIOUS: ReadonlySet<string> = new Set([
  ";",
  ":",
  ")",
  "BEGIN",
  "THEN",
  "ELSE",
  "DO",
  "LOOP",
  "REPEAT",
  "ATOMIC",
  "ROW",
  "DETERMINISTIC",
  "DATA",
  "SQL",
  "INVOKER",
  "DEFINER",
]);

/** How far into a CREATE statement a stored-program word may appear (after OR REPLACE, DEFINER = u@h, ...). */
const CREATE_HEADER_TOKENS = 16;

type Phase = "start" | "create-header" | "begin-check" | "compound" | "plain";

/**
 * Splits a MySQL/MariaDB script into statements in one pass, as the `mysql` client does: comments,
 * quotes with backslash escapes, backtick identifiers, the DELIMITER client command, and executable
 * comments. Stored-program bodies written without changing the delimiter (as migration tools send them)
 * are kept whole by tracking BEGIN…END, IF…END IF, CASE…END [CASE], LOOP/WHILE/REPEAT…END … nesting.
 */
export function splitMysql(sql: string, errors: ParseError[] = []): SplitStatement[] {
  const statements: SplitStatement[] = [];
  const markers: Span[] = []; // executable-comment openers and closers, in order
  let delimiter = ";";
  let start = -1;
  let lastEnd = -1;
  let inExecutableComment = false;

  let phase = "start" as Phase; // a widened type: closures below change it
  let tokenCount = 0;
  let depth = 0;
  let previous = "";
  let afterEnd = false;

  const finishStatement = (): void => {
    if (start !== -1)
      statements.push({ span: { start, end: lastEnd }, text: maskedText(sql, start, lastEnd, markers) });
    start = -1;
    lastEnd = -1;
    phase = "start";
    tokenCount = 0;
    depth = 0;
    previous = "";
    afterEnd = false;
  };

  const significant = (tokenStart: number, tokenEnd: number): void => {
    if (start === -1) start = tokenStart;
    lastEnd = tokenEnd;
    tokenCount++;
  };

  /** Tracks compound-statement nesting; only words and punctuation outside quotes and comments get here. */
  const onToken = (token: string): void => {
    switch (phase) {
      case "start":
        if (token === "CREATE") phase = "create-header";
        else if (token === "BEGIN") {
          phase = "begin-check"; // MariaDB's BEGIN NOT ATOMIC … END, or a plain BEGIN [WORK] transaction
          depth = 1;
        } else phase = "plain";
        break;
      case "create-header":
        if (STORED_PROGRAM_WORDS.has(token)) phase = "compound";
        else if (PLAIN_CREATE_WORDS.has(token) || tokenCount > CREATE_HEADER_TOKENS) phase = "plain";
        break;
      case "begin-check":
        if (token === "NOT") phase = "compound";
        else {
          phase = "plain";
          depth = 0;
        }
        break;
      case "compound":
        trackNesting(token);
        break;
      case "plain":
        break;
    }
    previous = token;
  };

  const trackNesting = (token: string): void => {
    if (afterEnd) {
      afterEnd = false;
      if (END_SUFFIXES.has(token)) return;
    }
    if (token === "BEGIN" || token === "CASE") depth++;
    else if (token === "END") {
      if (depth > 0) depth--;
      afterEnd = true;
    } else if (
      (token === "IF" || token === "WHILE" || token === "LOOP" || token === "REPEAT") &&
      STATEMENT_START_PREVIOUS.has(previous)
    ) {
      depth++;
    }
  };

  let i = 0;
  const length = sql.length;
  while (i < length) {
    const code = sql.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }

    if (sql.startsWith(delimiter, i) && !(phase === "compound" && depth > 0 && delimiter === ";")) {
      finishStatement();
      i += delimiter.length;
      continue;
    }

    if (start === -1 && (code === 68 || code === 100) && isDelimiterCommand(sql, i)) {
      const lineEnd = lineCommentEnd(sql, i);
      const next = parseDelimiterArgument(sql.slice(i + "delimiter".length, lineEnd));
      if (next !== undefined) delimiter = next;
      i = lineEnd;
      continue;
    }

    if (code === 39 || code === 34 || code === 96) {
      const { end, closed } = scanQuoted(sql, i);
      // The mysql client would wait for the closing quote forever; the server never sees the statement.
      if (!closed)
        errors.push(unterminated(code === 96 ? "`quoted identifier`" : `string starting with ${sql[i]}`, i));
      significant(i, end);
      onToken("<literal>");
      i = end;
      continue;
    }

    if (code === 35 || isDashComment(sql, i)) {
      i = lineCommentEnd(sql, i);
      continue;
    }

    if (code === 47 && sql.charCodeAt(i + 1) === 42) {
      const opener = executableCommentOpenerLength(sql, i);
      if (opener > 0 && !inExecutableComment) {
        markers.push({ start: i, end: i + opener });
        inExecutableComment = true;
        i += opener;
      } else {
        if (sql.indexOf("*/", i + 2) === -1) errors.push(unterminated("/* comment", i));
        i = blockCommentEnd(sql, i);
      }
      continue;
    }

    if (inExecutableComment && code === 42 && sql.charCodeAt(i + 1) === 47) {
      markers.push({ start: i, end: i + 2 });
      inExecutableComment = false;
      i += 2;
      continue;
    }

    if (isWordChar(code)) {
      let end = i + 1;
      // The client looks for the delimiter at every character: END$$ ends at the $$ delimiter.
      while (end < length && isWordChar(sql.charCodeAt(end)) && !sql.startsWith(delimiter, end)) end++;
      significant(i, end);
      onToken(sql.slice(i, end).toUpperCase());
      i = end;
      continue;
    }

    const twoChar = code === 58 && sql.charCodeAt(i + 1) === 61; // := is an assignment, not a label colon
    const end = twoChar ? i + 2 : i + 1;
    significant(i, end);
    onToken(sql.slice(i, end));
    i = end;
  }
  finishStatement();
  if (inExecutableComment) errors.push(unterminated("/*! executable comment", markers.at(-1)!.start));
  return statements;
}

/** What the mysql client does with an unclosed quote or comment: wait for the rest, never run it. */
function unterminated(what: string, offset: number): ParseError {
  return {
    message: `Not valid MySQL: unterminated ${what}`,
    offset,
    hint: "Close the quoted string, quoted identifier or comment that starts here.",
  };
}

/** `DELIMITER` followed by a space: the mysql client command, recognised where a statement would start. */
function isDelimiterCommand(sql: string, i: number): boolean {
  if (sql.slice(i, i + 9).toUpperCase() !== "DELIMITER") return false;
  const next = sql.charCodeAt(i + 9);
  return next === 32 || next === 9;
}

/** The client takes the first word of the rest of the line, or a quoted string, as the new delimiter. */
function parseDelimiterArgument(rest: string): string | undefined {
  const trimmed = rest.trim();
  if (trimmed === "") return undefined;
  const quote = trimmed[0];
  if (quote === "'" || quote === '"' || quote === "`") {
    const close = trimmed.indexOf(quote, 1);
    if (close > 1) return trimmed.slice(1, close);
  }
  return trimmed.split(/\s+/)[0];
}

function maskedText(sql: string, start: number, end: number, markers: readonly Span[]): string {
  let text = sql.slice(start, end);
  // Markers are few (dump headers); scan from the back, they are sorted by offset.
  for (let m = markers.length - 1; m >= 0; m--) {
    const marker = markers[m]!;
    if (marker.end <= start) break;
    if (marker.start >= end) continue;
    const from = Math.max(marker.start, start) - start;
    const to = Math.min(marker.end, end) - start;
    text = text.slice(0, from) + " ".repeat(to - from) + text.slice(to);
  }
  return text;
}
