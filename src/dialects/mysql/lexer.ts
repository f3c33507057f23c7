import { lookupTable } from "../../lookup-table.js";
import {
  blockCommentEnd,
  isDashComment,
  isDigit,
  isSpace,
  isWordChar,
  lineCommentEnd,
  quotedEnd,
} from "./scan.js";

/**
 * - word: keyword or unquoted identifier (`upper` holds it in upper case for keyword tests)
 * - quoted: `backtick identifier`; `value` is the name
 * - string: '…' or "…" literal (MySQL's default sql_mode); `value` is the unescaped content
 * - number, variable (@x, @@session.x), punct (operators and punctuation)
 */
export type TokenKind = "word" | "quoted" | "string" | "number" | "variable" | "punct";

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Identifier name or string content, unquoted and unescaped; the text for other kinds. */
  readonly value: string;
  /** Upper-case text of a word, for keyword tests; empty for other kinds. */
  readonly upper: string;
  /** Offsets into the text that was tokenized, shifted by the `base` passed to tokenize. */
  readonly start: number;
  readonly end: number;
}

const MULTI_CHAR_OPERATORS = ["<=>", "->>", ":=", "<=", ">=", "<>", "!=", "||", "&&", "->", "<<", ">>"];

/**
 * Tokens of one statement. Comments are skipped (executable-comment markers were already blanked by
 * the splitter); offsets are shifted by `base` so that they point into the whole file.
 */
export function tokenize(text: string, base = 0): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, start: number, end: number, value?: string): void => {
    const source = text.slice(start, end);
    tokens.push({
      kind,
      text: source,
      value: value ?? source,
      upper: kind === "word" ? source.toUpperCase() : "",
      start: start + base,
      end: end + base,
    });
  };

  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      i++;
    } else if (code === 35 || isDashComment(text, i)) {
      i = lineCommentEnd(text, i);
    } else if (code === 47 && text.charCodeAt(i + 1) === 42) {
      i = blockCommentEnd(text, i);
    } else if (code === 39 || code === 34 || code === 96) {
      const end = quotedEnd(text, i);
      const inner = text.slice(i + 1, end - 1);
      if (code === 96) push("quoted", i, end, inner.replaceAll("``", "`"));
      else push("string", i, end, unescapeString(inner, text[i]!));
      i = end;
    } else if (code === 64) {
      i = scanVariable(text, i, push);
    } else if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)) && !followsWord(text, i))) {
      i = scanNumberOrWord(text, i, push);
    } else if (isWordChar(code)) {
      let end = i + 1;
      while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
      push("word", i, end);
      i = end;
    } else {
      const operator = MULTI_CHAR_OPERATORS.find((op) => text.startsWith(op, i));
      const end = i + (operator?.length ?? 1);
      push("punct", i, end);
      i = end;
    }
  }
  return tokens;
}

type Push = (kind: TokenKind, start: number, end: number, value?: string) => void;

function followsWord(text: string, i: number): boolean {
  return i > 0 && (isWordChar(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 96);
}

/** MySQL identifiers may start with digits (`1st_place`), so digits followed by letters are a word. */
function scanNumberOrWord(text: string, start: number, push: Push): number {
  let end = start;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  const word = text.slice(start, end);
  if (word !== "" && !/^(\d+([eE]\d*)?|0x[0-9a-fA-F]+|0b[01]+)$/.test(word)) {
    push("word", start, end);
    return end;
  }
  // A decimal literal: digits, fraction, exponent.
  const match = /^(\d*\.?\d+|\d+\.)([eE][+-]?\d+)?|^0x[0-9a-fA-F]+|^0b[01]+/.exec(
    text.slice(start, start + 64),
  );
  const length = match ? match[0].length : 1;
  push("number", start, start + length);
  return start + length;
}

function scanVariable(text: string, start: number, push: Push): number {
  let end = start + 1;
  if (text.charCodeAt(end) === 64) end++; // @@system_variable
  const quote = text.charCodeAt(end);
  if (quote === 39 || quote === 34 || quote === 96) end = quotedEnd(text, end);
  else while (end < text.length && (isWordChar(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
  push("variable", start, end);
  return end;
}

const ESCAPES: Readonly<Record<string, string>> = lookupTable({
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  b: "\b",
  Z: "\x1a",
});

/** Content of a '…' or "…" literal: doubled quotes and backslash escapes (MySQL manual 11.1.1). */
export function unescapeString(inner: string, quote: string): string {
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === "\\" && i + 1 < inner.length) {
      const next = inner[++i]!;
      // \% and \_ keep their backslash (they are LIKE escapes), every other escape drops it.
      out += ESCAPES[next] ?? (next === "%" || next === "_" ? `\\${next}` : next);
    } else if (ch === quote && inner[i + 1] === quote) {
      out += quote;
      i++;
    } else out += ch;
  }
  return out;
}
