/**
 * Character-level helpers shared by the MySQL splitter and lexer. Each takes the text and the offset of
 * an opening character and returns the offset just past the construct, so callers stay single-pass.
 */

const NEWLINE = 10;

/**
 * End of a quoted string or identifier opened at `start`. Strings ('…', "…") take backslash escapes
 * (MySQL's default sql_mode) and doubled quotes; backtick identifiers only doubled backticks.
 * An unterminated quote runs to the end of the text.
 */
export function quotedEnd(text: string, start: number): number {
  return scanQuoted(text, start).end;
}

/** quotedEnd, and whether the quote was closed (the splitter reports one that is not). */
export function scanQuoted(text: string, start: number): { end: number; closed: boolean } {
  const quote = text.charCodeAt(start);
  const backslashEscapes = quote !== 96; // not for `identifiers`
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (backslashEscapes && code === 92) {
      i += 2;
      continue;
    }
    if (code === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return { end: i + 1, closed: true };
    }
    i++;
  }
  return { end: text.length, closed: false };
}

/** `--` starts a comment only when followed by whitespace, a control character or the end (MySQL manual 11.7). */
export function isDashComment(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45) return false;
  if (i + 2 >= text.length) return true;
  return text.charCodeAt(i + 2) <= 32;
}

/** Offset of the newline that ends a line comment starting at `start` (or the end of the text). */
export function lineCommentEnd(text: string, start: number): number {
  const newline = text.indexOf("\n", start);
  return newline === -1 ? text.length : newline;
}

/** Offset just past the `*\/` closing a block comment opened at `start` (MySQL comments do not nest). */
export function blockCommentEnd(text: string, start: number): number {
  const close = text.indexOf("*/", start + 2);
  return close === -1 ? text.length : close + 2;
}

/**
 * Length of an executable-comment opener at `i`: `/*!`, `/*!40101 `, MariaDB's `/*M!100101`. MySQL runs
 * the content as SQL (when the server is at least that version), so it is treated as code. 0 when none.
 */
export function executableCommentOpenerLength(text: string, i: number): number {
  if (text.charCodeAt(i) !== 47 || text.charCodeAt(i + 1) !== 42) return 0;
  let j = i + 2;
  if (text.charCodeAt(j) === 77 /* M */ && text.charCodeAt(j + 1) === 33) j++;
  if (text.charCodeAt(j) !== 33 /* ! */) return 0;
  j++;
  while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  return j - i;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Characters of an unquoted MySQL identifier: letters, digits, `_`, `$` and anything beyond ASCII. */
export function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    isDigit(code) ||
    code === 95 ||
    code === 36 ||
    code > 127
  );
}

export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === NEWLINE || code === 13 || code === 12 || code === 11;
}
