import { type IdentifierLimits, identifierLength } from "../src/dialects/dialect.js";
import {
  type DefinedName,
  describeName,
  identifierKindOf,
  namesDefinedBy,
  objectOf,
  truncateIdentifier,
} from "../src/lint/defined-names.js";
import { defineRule } from "../src/lint/rule.js";
import type { Span } from "../src/sql/span.js";

/**
 * A name longer than the database's limit for its kind of object (the dialect's identifierLimits). PostgreSQL
 * cuts it to 63 bytes without an error (only a NOTICE nobody reads): the object gets another name than the one
 * written, tools that look it up by the written name miss it, and two long names that share their first 63
 * bytes become one name, so the second CREATE fails or, with IF NOT EXISTS, silently does nothing. MySQL and
 * StarRocks refuse the statement.
 */
export default defineRule({
  meta: {
    id: "limit-identifier-length",
    description:
      "Block names longer than the database's identifier limit (PostgreSQL silently truncates them).",
    category: "naming",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      truncated:
        "{{what}} is {{length}} {{unit}} long; the database keeps only the first {{max}} {{unit}} and creates it as {{becomes}}, and any other name with the same first {{max}} {{unit}} becomes that same name.",
      refused:
        "{{what}} is {{length}} {{unit}} long; the database refuses {{kind}} names longer than {{max}} {{unit}}.",
    },
    defaultOptions: {},
  },
  check(context) {
    const limits = context.dialect.capabilities.identifierLimits;
    const { unit } = limits;
    const text = context.file.script.text;
    for (const entry of context.file.changes) {
      const reported = new Set<number>();
      for (const named of namesDefinedBy(entry)) {
        const kind = identifierKindOf(named.kind);
        const max = limits.max[kind];
        const found = writtenName(text, entry.statement.span, named, limits, max, reported);
        if (!found) continue;
        reported.add(found.span.start);
        const what = describeName({ ...named, name: found.written });
        const length = identifierLength(limits, found.written);
        const object = objectOf(named);
        if (limits.overLimit === "truncate") {
          context.report({
            messageId: "truncated",
            data: { what, length, unit, max, becomes: truncateIdentifier(found.written, max) },
            span: found.span,
            object,
            help: `Choose a name of at most ${max} ${unit}; the database will not keep a longer one.`,
          });
        } else {
          context.report({
            messageId: "refused",
            data: { what, length, unit, max, kind },
            span: found.span,
            object,
            help: `Choose a name of at most ${max} ${unit}.`,
          });
        }
      }
    }
  },
});

/**
 * The name as the statement wrote it, and where, when it is longer than the limit. A parser that follows the
 * server (libpg-query) hands over names already cut to the limit, so a name within a few bytes of it is looked
 * up in the statement's text: a written identifier that starts with it and goes on is the name before the cut.
 */
function writtenName(
  text: string,
  statement: Span,
  named: DefinedName,
  limits: IdentifierLimits,
  max: number,
  reported: ReadonlySet<number>,
): { written: string; span: Span } | undefined {
  const length = identifierLength(limits, named.name);
  const cuts = limits.overLimit === "truncate";
  // A cut never removes more than the bytes of one partial character (at most 3) below the limit.
  if (length < (cuts ? max - 3 : max + 1)) return undefined;
  const wanted = asciiLower(cuts ? truncateIdentifier(named.name, max) : named.name);
  const isTheName = (written: string) =>
    identifierLength(limits, written) > max &&
    asciiLower(cuts ? truncateIdentifier(written, max) : written) === wanted;
  const occurrence = findOccurrence(text, statement, named.name, isTheName, reported);
  if (occurrence) return occurrence;
  return length > max && !reported.has(named.span.start)
    ? { written: named.name, span: named.span }
    : undefined;
}

/**
 * The first identifier in the statement, quoted or not, that starts with `stored` and is the name, and not
 * reported yet: two long names that share their first bytes are two findings.
 */
function findOccurrence(
  text: string,
  statement: Span,
  stored: string,
  isTheName: (written: string) => boolean,
  reported: ReadonlySet<number>,
): { written: string; span: Span } | undefined {
  const region = asciiLower(text.slice(statement.start, statement.end));
  const needle = asciiLower(stored);
  for (let at = region.indexOf(needle); at >= 0; at = region.indexOf(needle, at + 1)) {
    const opening = region[at - 1];
    const quoted = opening === '"' || opening === "`";
    if (!quoted && isIdentifierCharacter(opening)) continue;
    const end = quoted ? closingQuote(region, at, opening) : identifierEnd(region, at);
    const raw = text.slice(statement.start + at, statement.start + end);
    const written = quoted ? raw.replaceAll(`${opening}${opening}`, opening) : raw;
    if (!isTheName(written)) continue;
    const start = statement.start + at - (quoted ? 1 : 0);
    if (reported.has(start)) continue;
    return { written, span: { start, end: statement.start + end + (quoted ? 1 : 0) } };
  }
  return undefined;
}

function isIdentifierCharacter(character: string | undefined): boolean {
  return character !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(character);
}

function identifierEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isIdentifierCharacter(text[end])) end++;
  return end;
}

/** Where a quoted identifier ends: its closing quote, a doubled quote being an escaped one. */
function closingQuote(text: string, from: number, quote: string): number {
  let end = from;
  while (end < text.length) {
    if (text[end] === quote) {
      if (text[end + 1] !== quote) return end;
      end += 2;
    } else end++;
  }
  return end;
}

/** Lower-cases A-Z only, as PostgreSQL folds unquoted names in UTF-8, keeping every offset in place. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
