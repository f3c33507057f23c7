/** What a statement mapper knows about the statement it maps: its text, its span, how to cut SQL out of it. */
import type { Change } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import { type EndRules, expressionSpan, type SqlSource, textEnd } from "./source.js";

/** Parses SQL found inside a statement (a DO block's body, an EXECUTE of a literal) into changes. */
export type NestedParser = (sql: string, context: StatementContext, offsetInSource: number | undefined) => Change[];

export class StatementContext {
  constructor(
    readonly source: SqlSource,
    /** The statement's range in the parsed text, from its first keyword to its last token. */
    readonly start: number,
    readonly end: number,
    readonly parseNested: NestedParser,
  ) {}

  /** The statement's span in the file. */
  get span(): Span {
    return this.source.span(this.start, this.end);
  }

  get text(): string {
    return this.source.text.slice(this.start, this.end);
  }

  /** A parse-tree location (UTF-8 bytes into the parsed text) as a character offset. */
  at(location: number | undefined): number | undefined {
    return location === undefined || location < 0 ? undefined : this.source.toChar(location);
  }

  /** A file span for a range of the parsed text, or the statement's when the range is unknown. */
  spanOf(range: { start: number; end: number } | undefined): Span {
    return range ? this.source.span(range.start, range.end) : this.span;
  }

  /**
   * The range of a list element (column definition, table constraint, ALTER TABLE subcommand) that
   * starts at `location`: up to the next comma or the closing parenthesis.
   */
  elementRange(location: number | undefined, limit = this.end): { start: number; end: number } | undefined {
    const start = this.at(location);
    if (start === undefined) return undefined;
    const first = this.source.tokenIndexAt(start);
    const token = this.source.tokens[first];
    if (!token || token.start >= limit) return undefined;
    return { start: token.start, end: textEnd(this.source, first, limit) };
  }

  /** The SQL text of an expression node, as written in the migration. */
  expression(node: unknown, limit = this.end, rules?: EndRules): string | undefined {
    const range = expressionSpan(this.source, node, limit, rules);
    return range && this.source.text.slice(range.start, range.end);
  }

  /** The text from `location` to where `rules` end it (a type name, say). */
  textFrom(location: number | undefined, limit = this.end, rules?: EndRules): string | undefined {
    const start = this.at(location);
    if (start === undefined) return undefined;
    const first = this.source.tokenIndexAt(start);
    const token = this.source.tokens[first];
    if (!token || token.start >= limit) return undefined;
    return this.source.text.slice(token.start, textEnd(this.source, first, limit, rules));
  }

  /** The leading keywords of a range, upper-cased: how reports name a statement (`CREATE FUNCTION`). */
  leadingKeywords(start = this.start, end = this.end, max = 3): string {
    const words: string[] = [];
    const tokens = this.source.tokens;
    for (let i = this.source.tokenIndexAt(start); i < tokens.length && words.length < max; i++) {
      const token = tokens[i]!;
      if (token.start >= end || !token.keyword || token.identifier) break;
      words.push(token.text.toUpperCase());
    }
    return words.join(" ");
  }
}
