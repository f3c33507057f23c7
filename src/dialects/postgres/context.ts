/** What a statement mapper knows about the statement it maps: its text, its span, how to cut SQL out of it. */
import type { Change } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import { type EndRules, expressionSpan, type SqlSource, textEnd } from "./source.js";

/** Parses SQL found inside a statement (a DO block's body, an EXECUTE of a literal) into changes. */
export type NestedParser = (
  sql: string,
  context: StatementContext,
  offsetInSource: number | undefined,
) => Change[];

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

  /**
   * How reports name a statement: its leading keywords, upper-cased, without the optional words
   * (`CREATE OR REPLACE FUNCTION` -> `CREATE FUNCTION`), up to the kind of object it acts on.
   */
  leadingKeywords(start = this.start, end = this.end, max = 3): string {
    const words: string[] = [];
    const tokens = this.source.tokens;
    for (let i = this.source.tokenIndexAt(start); i < tokens.length && words.length < max; i++) {
      const token = tokens[i]!;
      if (token.start >= end || !token.keyword) break;
      if (OPTIONAL_WORDS.has(token.text)) continue;
      // A keyword used as a name (`EXECUTE plan(1)`, `DROP DOMAIN year`) ends the label.
      const next = tokens[i + 1];
      if (token.nameLike && (!next || next.start >= end || NAME_FOLLOWERS.has(next.text))) break;
      words.push(token.text.toUpperCase());
      if (OBJECT_KINDS.has(token.text) && words.length > 1) break;
    }
    return words.join(" ");
  }
}

const NAME_FOLLOWERS = new Set(["(", ".", ",", ";"]);

const OPTIONAL_WORDS = new Set([
  "or",
  "replace",
  "if",
  "not",
  "exists",
  "concurrently",
  "only",
  "temporary",
  "temp",
]);

/** Words naming what a statement acts on: the name that follows is not part of the statement's label. */
const OBJECT_KINDS = new Set([
  "table",
  "view",
  "index",
  "schema",
  "function",
  "procedure",
  "routine",
  "trigger",
  "type",
  "domain",
  "sequence",
  "extension",
  "aggregate",
  "rule",
  "policy",
  "role",
  "user",
  "language",
  "operator",
  "collation",
  "publication",
  "subscription",
  "server",
  "statistics",
  "database",
  "tablespace",
  "cast",
  "conversion",
  "constraint",
  "column",
]);
