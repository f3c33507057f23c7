/**
 * A lexer for StarRocks SQL (MySQL-flavoured). It keeps the offset of every token so that the parser can
 * report exact spans and error positions, and it never throws: an unterminated string or comment becomes a
 * lexical error plus a token that runs to the end of the text, so that splitting still works.
 */
import { lookupTable } from "../../lookup-table.js";

export type TokenKind =
  /** A bare word: keyword or unquoted identifier. */
  | "word"
  /** A backtick-quoted identifier; `value` has the quotes removed and doubled backticks undone. */
  | "quoted"
  /** A string literal in single or double quotes (StarRocks treats both as strings); `value` is unescaped. */
  | "string"
  | "number"
  /** `@var` or `@@scope.var`. */
  | "variable"
  /** Punctuation and operators: `(`, `,`, `<=`, `->`, ... */
  | "symbol";

export interface Token {
  readonly kind: TokenKind;
  /** The token exactly as written. */
  readonly text: string;
  /** Identifier or string content with quoting and escapes removed; for the other kinds, the text. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface LexError {
  readonly message: string;
  readonly offset: number;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly errors: readonly LexError[];
}

/** Longest first, so that `<=>` wins over `<=` and `<`. */
const MULTI_CHAR_SYMBOLS: readonly string[] = ["<=>", "->>", "<=", ">=", "<>", "!=", "||", "&&", "->", ":="];

/** MySQL string escapes; any other escaped character stands for itself. */
const STRING_ESCAPES: Readonly<Record<string, string>> = lookupTable({
  "0": "\0",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
});

function isWordStart(ch: string): boolean {
  return /[A-Za-z_$\u0080-\uffff]/.test(ch);
}

function isWordPart(ch: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  const errors: LexError[] = [];
  let i = 0;

  const push = (kind: TokenKind, start: number, end: number, value?: string): void => {
    const raw = text.slice(start, end);
    tokens.push({ kind, text: raw, value: value ?? raw, start, end });
  };

  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];

    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ((ch === "-" && next === "-") || ch === "#") {
      const newline = text.indexOf("\n", i);
      i = newline === -1 ? text.length : newline + 1;
      continue;
    }
    if (ch === "/" && next === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close === -1) {
        errors.push({ message: "unterminated /* comment", offset: i });
        i = text.length;
      } else i = close + 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      i = lexString(text, i, ch, push, errors);
      continue;
    }
    if (ch === "`") {
      i = lexQuotedIdentifier(text, i, push, errors);
      continue;
    }
    if (isDigit(ch) || (ch === "." && isDigit(next))) {
      i = lexNumberOrWord(text, i, push);
      continue;
    }
    if (isWordStart(ch)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text[end]!)) end++;
      push("word", i, end);
      i = end;
      continue;
    }
    if (ch === "@") {
      let end = i + 1;
      if (text[end] === "@") end++;
      while (end < text.length && (isWordPart(text[end]!) || text[end] === ".")) end++;
      push("variable", i, end);
      i = end;
      continue;
    }
    const symbol = MULTI_CHAR_SYMBOLS.find((candidate) => text.startsWith(candidate, i)) ?? ch;
    push("symbol", i, i + symbol.length);
    i += symbol.length;
  }
  return { tokens, errors };
}

type Push = (kind: TokenKind, start: number, end: number, value?: string) => void;

function lexString(text: string, start: number, quote: string, push: Push, errors: LexError[]): number {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "\\" && i + 1 < text.length) {
      const escaped = text[i + 1]!;
      value += STRING_ESCAPES[escaped] ?? escaped;
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      push("string", start, i + 1, value);
      return i + 1;
    }
    value += ch;
    i++;
  }
  errors.push({ message: `unterminated string starting with ${quote}`, offset: start });
  push("string", start, text.length, value);
  return text.length;
}

function lexQuotedIdentifier(text: string, start: number, push: Push, errors: LexError[]): number {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "`") {
      if (text[i + 1] === "`") {
        value += "`";
        i += 2;
        continue;
      }
      push("quoted", start, i + 1, value);
      return i + 1;
    }
    value += ch;
    i++;
  }
  errors.push({ message: "unterminated `quoted identifier`", offset: start });
  push("quoted", start, text.length, value);
  return text.length;
}

/** Numbers, including hex (0x1F) and exponents; digits followed by letters form a word (MySQL allows `1st_col`). */
function lexNumberOrWord(text: string, start: number, push: Push): number {
  let i = start;
  if (
    text[i] === "0" &&
    (text[i + 1] === "x" || text[i + 1] === "X") &&
    /[0-9a-fA-F]/.test(text[i + 2] ?? "")
  ) {
    i += 2;
    while (/[0-9a-fA-F]/.test(text[i] ?? "")) i++;
    push("number", start, i);
    return i;
  }
  while (isDigit(text[i])) i++;
  if (text[i] === "." && isDigit(text[i + 1])) {
    i++;
    while (isDigit(text[i])) i++;
  }
  if (
    (text[i] === "e" || text[i] === "E") &&
    (isDigit(text[i + 1]) || (/[+-]/.test(text[i + 1] ?? "") && isDigit(text[i + 2])))
  ) {
    i += 2;
    while (isDigit(text[i])) i++;
  }
  if (i < text.length && isWordStart(text[i]!) && !text.slice(start, i).includes(".")) {
    while (i < text.length && isWordPart(text[i]!)) i++;
    push("word", start, i);
    return i;
  }
  push("number", start, i);
  return i;
}

/** True when the token is a bare word equal to one of the keywords (case-insensitive). */
export function isKeyword(token: Token | undefined, ...keywords: readonly string[]): boolean {
  if (token?.kind !== "word") return false;
  const upper = token.text.toUpperCase();
  return keywords.includes(upper);
}

export function isSymbol(token: Token | undefined, ...symbols: readonly string[]): boolean {
  return token?.kind === "symbol" && symbols.includes(token.text);
}

/** How a token reads in an error message: `'text'`, or "end of statement". */
export function describeToken(token: Token | undefined): string {
  if (token === undefined) return "end of statement";
  const shown = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  return `'${shown}'`;
}
