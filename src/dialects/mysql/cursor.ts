import type { RelationName } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import type { Token } from "./lexer.js";

/** A statement form the token parser does not accept; `offset` points into the file. */
export class MysqlSyntaxError extends Error {
  override readonly name = "MysqlSyntaxError";
  constructor(
    message: string,
    readonly offset: number,
    /**
     * Known to be valid MySQL or MariaDB that Schematic does not model ("valid"), or known to be rejected
     * by MySQL, with advice. Unset: unknown, node-sql-parser decides.
     */
    readonly verdict?: { readonly valid: true } | { readonly valid: false; readonly hint: string },
  ) {
    super(message);
  }
}

/**
 * A read position over one statement's tokens with the small vocabulary the DDL parsers need:
 * keyword tests, identifiers, qualified names, balanced parentheses and source text of token ranges.
 */
export class TokenCursor {
  private index = 0;

  constructor(
    readonly tokens: readonly Token[],
    /** The statement's text, so that ranges of tokens can be sliced as written. */
    private readonly text: string,
    /** The file offset of the statement's first character (token offsets are file offsets). */
    private readonly base: number,
  ) {}

  /** Offset just past the statement, for errors at its end. */
  private get statementEnd(): number {
    return this.base + this.text.length;
  }

  get position(): number {
    return this.index;
  }

  set position(value: number) {
    this.index = value;
  }

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (!token) throw this.error("unexpected end of statement");
    this.index++;
    return token;
  }

  /** True when the tokens ahead are these keywords (unquoted words), in order. */
  isWord(...words: readonly string[]): boolean {
    return words.every((word, i) => {
      const token = this.tokens[this.index + i];
      return token?.kind === "word" && token.upper === word;
    });
  }

  /** True when the next token is one of these keywords. */
  isAnyWord(words: ReadonlySet<string>): boolean {
    const token = this.peek();
    return token?.kind === "word" && words.has(token.upper);
  }

  acceptWord(...words: readonly string[]): boolean {
    if (!this.isWord(...words)) return false;
    this.index += words.length;
    return true;
  }

  expectWord(...words: readonly string[]): void {
    if (!this.acceptWord(...words)) throw this.error(`expected ${words.join(" ")}`);
  }

  isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === "punct" && token.text === text;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.index++;
    return true;
  }

  expectPunct(text: string): Token {
    const token = this.peek();
    if (token?.kind !== "punct" || token.text !== text) throw this.error(`expected "${text}"`);
    this.index++;
    return token;
  }

  /** IF NOT EXISTS / IF EXISTS, which MySQL and MariaDB accept in many places. */
  acceptIfNotExists(): boolean {
    return this.acceptWord("IF", "NOT", "EXISTS");
  }

  acceptIfExists(): boolean {
    return this.acceptWord("IF", "EXISTS");
  }

  /**
   * An identifier: an unquoted word or a `backtick` name. Double-quoted strings are accepted too, as
   * MySQL does under ANSI_QUOTES, since migrations written for both modes use them.
   */
  identifier(what = "identifier"): string {
    const token = this.peek();
    if (token && (token.kind === "word" || token.kind === "quoted" || token.kind === "string")) {
      this.index++;
      return token.value;
    }
    throw this.error(`expected ${what}`);
  }

  isIdentifier(): boolean {
    const kind = this.peek()?.kind;
    return kind === "word" || kind === "quoted";
  }

  /** `name` or `db.name`. */
  relationName(): RelationName {
    const first = this.identifier("table name");
    if (this.isPunct(".") && this.peek(1)) {
      this.index++;
      return { schema: first, name: this.identifier("table name") };
    }
    return { name: first };
  }

  /** A `(a, b(10), c DESC)` column list; prefix lengths and ordering are dropped, expressions kept as text. */
  columnList(): string[] {
    this.expectPunct("(");
    const columns: string[] = [];
    do {
      const startIndex = this.index;
      const token = this.peek();
      if (token?.kind === "punct" && token.text === "(") {
        this.skipBalanced();
        columns.push(this.textOf(startIndex, this.index));
      } else {
        columns.push(this.identifier("column name"));
        if (this.isPunct("(")) this.skipBalanced(); // prefix length: name(10)
      }
      this.acceptWord("ASC") || this.acceptWord("DESC");
    } while (this.acceptPunct(","));
    this.expectPunct(")");
    return columns;
  }

  /** Skips a parenthesised group starting at the current `(`, returning the index of its `)`. */
  skipBalanced(): number {
    this.expectPunct("(");
    let depth = 1;
    while (depth > 0) {
      const token = this.next();
      if (token.kind !== "punct") continue;
      if (token.text === "(") depth++;
      else if (token.text === ")") depth--;
    }
    return this.index - 1;
  }

  /** Advances to the next top-level `,` or `)` (or the end) without consuming it. */
  skipToSeparator(): void {
    let depth = 0;
    while (!this.done) {
      const token = this.peek()!;
      if (token.kind === "punct") {
        if (token.text === "(") depth++;
        else if (token.text === ")") {
          if (depth === 0) return;
          depth--;
        } else if (token.text === "," && depth === 0) return;
      }
      this.index++;
    }
  }

  /** Source text from token `from` (inclusive) to token `to` (exclusive), as written. */
  textOf(from: number, to: number): string {
    if (to <= from) return "";
    return this.text.slice(this.tokens[from]!.start - this.base, this.tokens[to - 1]!.end - this.base);
  }

  spanOf(from: number, to: number): Span {
    const first = this.tokens[from];
    const last = this.tokens[Math.max(from, to - 1)];
    if (!first || !last) return { start: this.statementEnd, end: this.statementEnd };
    return { start: first.start, end: last.end };
  }

  /** Source text of all remaining tokens. */
  rest(): string {
    return this.textOf(this.index, this.tokens.length);
  }

  /** Valid MySQL / MariaDB that Schematic does not model: the statement becomes opaque. */
  unsupported(message: string): MysqlSyntaxError {
    return new MysqlSyntaxError(message, this.peek()?.start ?? this.statementEnd, { valid: true });
  }

  error(message: string): MysqlSyntaxError {
    const token = this.peek();
    const found = token ? `, found "${token.text}"` : ", found the end of the statement";
    return new MysqlSyntaxError(`${message}${found}`, token?.start ?? this.statementEnd);
  }
}
