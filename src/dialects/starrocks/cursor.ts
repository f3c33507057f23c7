import type { Span } from "../../sql/span.js";
import { describeToken, isKeyword, isSymbol, type Token } from "./lexer.js";

/** A grammar violation at an exact offset; the parser turns it into a ParseError. */
export class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Walks the tokens of one statement. Every `expect*` fails with "expected X, found Y" at the offending
 * token, so that error positions are exact; `hint` is the syntax reminder of the construct being read.
 */
export class TokenCursor {
  position = 0;
  hint: string | undefined;

  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    /** Where the statement ends, for "found end of statement" errors. */
    readonly endOffset: number,
  ) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.position + ahead];
  }

  atEnd(): boolean {
    return this.position >= this.tokens.length;
  }

  /** The last consumed token. */
  previous(): Token {
    return this.tokens[this.position - 1]!;
  }

  next(expected: string): Token {
    const token = this.peek();
    if (token === undefined) this.fail(expected);
    this.position++;
    return token;
  }

  /** True when the next tokens are exactly these keywords, in order. */
  atKeyword(...words: readonly string[]): boolean {
    return words.every((word, index) => isKeyword(this.peek(index), word));
  }

  atAnyKeyword(...words: readonly string[]): boolean {
    return isKeyword(this.peek(), ...words);
  }

  acceptKeyword(...words: readonly string[]): Token | undefined {
    if (!this.atKeyword(...words)) return undefined;
    this.position += words.length;
    return this.previous();
  }

  expectKeyword(...words: readonly string[]): Token {
    for (const word of words) {
      if (!isKeyword(this.peek(), word)) this.fail(word);
      this.position++;
    }
    return this.previous();
  }

  atSymbol(...symbols: readonly string[]): boolean {
    return isSymbol(this.peek(), ...symbols);
  }

  acceptSymbol(symbol: string): Token | undefined {
    if (!this.atSymbol(symbol)) return undefined;
    this.position++;
    return this.previous();
  }

  expectSymbol(symbol: string): Token {
    if (!this.atSymbol(symbol)) this.fail(`'${symbol}'`);
    this.position++;
    return this.previous();
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail("end of statement");
  }

  fail(expected: string, hint?: string): never {
    return this.failAt(this.peek(), expected, hint);
  }

  /** Fails at an earlier token (or the end of the statement when undefined). */
  failAt(found: Token | undefined, expected: string, hint?: string): never {
    const offset = found?.start ?? this.endOffset;
    throw new SyntaxFailure(offset, `expected ${expected}, found ${describeToken(found)}`, hint ?? this.hint);
  }

  /** From the start of `first` to the end of the last consumed token. */
  spanFrom(first: Token): Span {
    return { start: first.start, end: Math.max(first.end, this.previous().end) };
  }

  /** The source text from `first` through the last consumed token. */
  textFrom(first: Token): string {
    const span = this.spanFrom(first);
    return this.text.slice(span.start, span.end);
  }

  /**
   * Consumes tokens until one of `stop` matches at parenthesis depth zero (or the statement ends), and
   * returns the first token consumed, or undefined when nothing was. Used for expressions the catalog only
   * keeps as text (defaults, generated columns, partition bounds, queries).
   */
  skipUntil(stop: (token: Token) => boolean): Token | undefined {
    const startPosition = this.position;
    let depth = 0;
    while (!this.atEnd()) {
      const token = this.peek()!;
      if (depth === 0 && stop(token)) break;
      if (isSymbol(token, "(", "[", "{")) depth++;
      if (isSymbol(token, ")", "]", "}")) {
        if (depth === 0) break;
        depth--;
      }
      this.position++;
    }
    return this.position === startPosition ? undefined : this.tokens[startPosition];
  }

  /** Consumes a parenthesised group, nested groups included; the cursor must be at `(`. */
  skipParenthesised(): Token {
    const open = this.expectSymbol("(");
    let depth = 1;
    while (depth > 0) {
      const token = this.next("')'");
      if (isSymbol(token, "(")) depth++;
      else if (isSymbol(token, ")")) depth--;
    }
    return open;
  }
}
