/**
 * A text that libpg-query parsed, with the bridges from its UTF-8 byte offsets to our UTF-16 offsets,
 * and the token stream used to cut SQL text out of it (libpg-query gives where an expression starts,
 * never where it ends).
 */
import type { Span } from "../../sql/span.js";
import { byteToCharOffsets } from "../../sql/span.js";
import { lexPostgres } from "./lexer.js";

export interface Token {
  /** Offsets into the parsed text, in UTF-16 code units. */
  readonly start: number;
  readonly end: number;
  /** Lower-cased for keywords; identifiers, literals and punctuation as written. */
  readonly text: string;
  readonly keyword: boolean;
  readonly identifier: boolean;
  /** Can name a relation: an identifier, or a keyword PostgreSQL lets you use as one. */
  readonly nameLike: boolean;
}

export class SqlSource {
  readonly toChar: (byteOffset: number) => number;
  private scanned: readonly Token[] | undefined;

  /**
   * @param text what libpg-query parsed
   * @param base where `text` starts in the migration file, so that spans point into the file
   */
  constructor(
    readonly text: string,
    readonly base = 0,
    /** Every span, when the text's place in the file is not known (SQL rebuilt from a DO block's string). */
    readonly fixedSpan?: Span,
    /** Only this range is tokenised (one statement): scanning a whole file per statement is quadratic-ish. */
    private readonly range?: { readonly start: number; readonly end: number },
    toChar?: (byteOffset: number) => number,
  ) {
    this.toChar = toChar ?? byteToCharOffsets(text);
  }

  /** The same text, tokenised only within [start, end): what one statement's mapping looks at. */
  window(start: number, end: number): SqlSource {
    return new SqlSource(this.text, this.base, this.fixedSpan, { start, end }, this.toChar);
  }

  /** A file span for a range of the parsed text. */
  span(start: number, end: number): Span {
    return this.fixedSpan ?? { start: this.base + start, end: this.base + end };
  }

  /** Tokens without comments (PostgreSQL's lexer, see lexer.ts). */
  get tokens(): readonly Token[] {
    this.scanned ??= this.scan();
    return this.scanned;
  }

  private scan(): readonly Token[] {
    const offset = this.range?.start ?? 0;
    const scanned = this.range ? this.text.slice(this.range.start, this.range.end) : this.text;
    const tokens: Token[] = [];
    for (const token of lexPostgres(scanned)) {
      const start = offset + token.start;
      const end = offset + token.end;
      const keyword = token.keywordKind > 0;
      const text = this.text.slice(start, end);
      const nameLike = token.identifier || token.keywordKind === 1 || token.keywordKind === 2;
      tokens.push({
        start,
        end,
        text: keyword ? text.toLowerCase() : text,
        keyword,
        identifier: token.identifier,
        nameLike,
      });
    }
    return tokens;
  }

  /** Index of the first token that starts at or after `offset`. */
  tokenIndexAt(offset: number): number {
    const tokens = this.tokens;
    let low = 0;
    let high = tokens.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tokens[mid]!.start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Index of the last token that ends at or before `offset`, or -1. */
  tokenIndexBefore(offset: number): number {
    const tokens = this.tokens;
    let low = 0;
    let high = tokens.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (tokens[mid]!.end <= offset) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  /**
   * Narrows [start, end) to its first and last tokens, dropping whitespace and comments around it
   * (libpg-query's statement ranges include them).
   */
  trim(start: number, end: number): { start: number; end: number } {
    // A small lexer over the statement alone: scanning the whole file with libpg-query just to skip
    // comments cost a third of a check's time on real histories.
    return trimTrivia(this.text, start, end);
  }
}

/**
 * [start, end) without the whitespace and comments around it: from its first token to its last, by the
 * same lexer as the token streams (string literals and dollar quotes keep their `--` and `/*`).
 */
export function trimTrivia(text: string, start: number, end: number): { start: number; end: number } {
  const tokens = lexPostgres(text.slice(start, end));
  const first = tokens[0];
  const last = tokens.at(-1);
  return first && last ? { start: start + first.start, end: start + last.end } : { start: end, end };
}

/** Where a piece of SQL text ends: the caller's grammar decides which words end it. */
export interface EndRules {
  /** Keywords (lower case) that end the text when met outside parentheses. */
  readonly stopWords?: ReadonlySet<string>;
  /** An identifier right after a closing parenthesis ends it (an index operator class). */
  readonly identifierAfterParenEnds?: boolean;
}

const NO_RULES: EndRules = {};

/**
 * The end of the SQL text that starts at token `first`: the first comma, semicolon or unbalanced
 * closing bracket outside parentheses, or a stop word, before `limit`.
 */
export function textEnd(source: SqlSource, first: number, limit: number, rules: EndRules = NO_RULES): number {
  const tokens = source.tokens;
  let depth = 0;
  let end = tokens[first]?.end ?? limit;
  for (let i = first; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start >= limit) break;
    const previous = i > first ? tokens[i - 1] : undefined;
    if (depth === 0 && previous !== undefined) {
      if (token.text === "," || token.text === ";") break;
      if (token.keyword && rules.stopWords?.has(token.text) && !continuesExpression(token, previous)) break;
      if (rules.identifierAfterParenEnds && token.identifier && previous.text === ")") break;
    }
    if (token.text === "(" || token.text === "[") depth++;
    else if (token.text === ")" || token.text === "]") {
      if (depth === 0) break;
      depth--;
    }
    end = token.end;
  }
  return end;
}

/** `IS NOT NULL`, `IS NULL`, `IS NOT DISTINCT FROM`: NOT and NULL belong to the expression there. */
function continuesExpression(token: Token, previous: Token): boolean {
  if (token.text === "not") return previous.text === "is";
  if (token.text === "null") return previous.text === "is" || previous.text === "not";
  return false;
}

/** Every `location` in a parse subtree, in the parsed text's character offsets. */
function nodeLocations(source: SqlSource, node: unknown): { min: number; max: number } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "location" && typeof child === "number" && child >= 0) {
        min = Math.min(min, child);
        max = Math.max(max, child);
      } else visit(child);
    }
  };
  visit(node);
  if (min === Number.POSITIVE_INFINITY) return undefined;
  return { min: source.toChar(min), max: source.toChar(max) };
}

/**
 * Where the SQL text of an expression node lies, as written. The parser records where sub-expressions start
 * (an operator's own position, a function's name) but not where they end, so the text runs from the
 * earliest position in the subtree to where the surrounding grammar ends it; when the earliest
 * position sits inside parentheses that the expression continues past (`(a + b) * c`), the opening
 * parenthesis is taken in.
 */
export function expressionSpan(
  source: SqlSource,
  node: unknown,
  limit: number,
  rules: EndRules = NO_RULES,
): { start: number; end: number } | undefined {
  const locations = nodeLocations(source, node);
  if (!locations) return undefined;
  const tokens = source.tokens;
  let first = source.tokenIndexAt(locations.min);
  if (tokens[first] === undefined) return undefined;
  let end = textEnd(source, first, limit, rules);
  while (locations.max >= end && tokens[first - 1]?.text === "(") {
    first--;
    end = textEnd(source, first, limit, rules);
  }
  return { start: tokens[first]!.start, end };
}

/**
 * Splits [start, end) at commas outside parentheses: the subcommands of an ALTER TABLE, the elements
 * of a column list.
 */
export function splitAtTopLevelCommas(
  source: SqlSource,
  start: number,
  end: number,
): { start: number; end: number }[] {
  const tokens = source.tokens;
  const parts: { start: number; end: number }[] = [];
  let depth = 0;
  let partStart: number | undefined;
  let partEnd = start;
  for (let i = source.tokenIndexAt(start); i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start >= end) break;
    if (depth === 0 && token.text === ",") {
      if (partStart !== undefined) parts.push({ start: partStart, end: partEnd });
      partStart = undefined;
      continue;
    }
    if (token.text === "(" || token.text === "[") depth++;
    else if (token.text === ")" || token.text === "]") depth--;
    partStart ??= token.start;
    partEnd = token.end;
  }
  if (partStart !== undefined) parts.push({ start: partStart, end: partEnd });
  return parts;
}
