/**
 * Placeholders in migrations, so one migration set serves several schema namespaces: Flyway's `${name}`
 * (`CREATE TABLE ${raw_schema}.trades`), Go templates' `{{ .Name }}` / `{{ index .Options "Name" }}`
 * (golang-migrate, supabase/auth) and psql's `:name`, `:'name'`, `:"name"`. Substitution changes lengths,
 * so it returns a map from offsets in the substituted text back to offsets in the file: findings must
 * point at the file.
 */
export interface Substituted {
  readonly text: string;
  readonly toOriginal: (offset: number) => number;
  readonly unknown: readonly { readonly name: string; readonly offset: number }[];
}

export const PLACEHOLDER_SYNTAXES = ["flyway", "go-template", "psql"] as const;
export type PlaceholderSyntax = (typeof PLACEHOLDER_SYNTAXES)[number];

/** One placeholder in the text: where, its name, and how a value is written in its place. */
interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly render: (value: string) => string;
}

const asIs = (value: string) => value;

const FLYWAY = /\$\{([A-Za-z_][A-Za-z0-9_.]*)\}/g;

function flywayOccurrences(text: string): Occurrence[] {
  if (!text.includes("${")) return [];
  return [...text.matchAll(FLYWAY)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    name: match[1]!,
    render: asIs,
  }));
}

/** `{{ .Schema }}`, `{{ .Options.Schema }}` and `{{ index .Options "Schema" }}` (named Options.Schema). */
const GO_TEMPLATE =
  /\{\{-?\s*(?:\.([A-Za-z_][A-Za-z0-9_.]*)|index\s+\.([A-Za-z_][A-Za-z0-9_.]*)\s+"([^"\\]*)")\s*-?\}\}/g;

function goTemplateOccurrences(text: string): Occurrence[] {
  if (!text.includes("{{")) return [];
  return [...text.matchAll(GO_TEMPLATE)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    name: match[1] ?? `${match[2]}.${match[3]}`,
    render: asIs,
  }));
}

const PSQL_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * psql's `:name` (as is), `:'name'` (a string literal) and `:"name"` (a quoted identifier), outside
 * string literals, quoted identifiers, comments and dollar-quoted bodies, as psql interpolates; `::` is
 * a cast.
 */
function psqlOccurrences(text: string): Occurrence[] {
  if (!text.includes(":")) return [];
  const found: Occurrence[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "'" || char === '"') i = quotedEnd(text, i, char);
    else if (char === "-" && text[i + 1] === "-") i = lineEnd(text, i);
    else if (char === "/" && text[i + 1] === "*") i = blockCommentEnd(text, i);
    else if (char === "$") i = dollarQuotedEnd(text, i);
    else if (char === ":" && text[i + 1] === ":") i += 2;
    else if (char === ":") {
      const occurrence = psqlVariableAt(text, i);
      if (occurrence) found.push(occurrence);
      i = occurrence?.end ?? i + 1;
    } else i++;
  }
  return found;
}

function psqlVariableAt(text: string, colon: number): Occurrence | undefined {
  const quote = text[colon + 1];
  const nameStart = quote === "'" || quote === '"' ? colon + 2 : colon + 1;
  PSQL_NAME.lastIndex = nameStart;
  const name = PSQL_NAME.exec(text)?.[0];
  if (!name) return undefined;
  const nameEnd = nameStart + name.length;
  if (nameStart === colon + 1) return { start: colon, end: nameEnd, name, render: asIs };
  if (text[nameEnd] !== quote) return undefined;
  const render =
    quote === "'"
      ? (value: string) => `'${value.replace(/'/g, "''")}'`
      : (value: string) => `"${value.replace(/"/g, '""')}"`;
  return { start: colon, end: nameEnd + 1, name, render };
}

function quotedEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return i + 1;
      i += 2;
    } else i++;
  }
  return text.length;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf("\n", start);
  return end === -1 ? text.length : end + 1;
}

function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length - 1; i++) {
    if (text[i] === "/" && text[i + 1] === "*") {
      depth++;
      i++;
    } else if (text[i] === "*" && text[i + 1] === "/") {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;

function dollarQuotedEnd(text: string, start: number): number {
  DOLLAR_TAG.lastIndex = start;
  const tag = DOLLAR_TAG.exec(text)?.[0];
  if (!tag) return start + 1;
  const end = text.indexOf(tag, start + tag.length);
  return end === -1 ? text.length : end + tag.length;
}

const FINDERS: Readonly<Record<PlaceholderSyntax, (text: string) => Occurrence[]>> = {
  flyway: flywayOccurrences,
  "go-template": goTemplateOccurrences,
  psql: psqlOccurrences,
};

/** The placeholders of every syntax, in order; where two overlap, the first one found wins. */
function occurrences(text: string, syntaxes: readonly PlaceholderSyntax[]): Occurrence[] {
  const all = syntaxes.flatMap((syntax) => FINDERS[syntax](text)).sort((a, b) => a.start - b.start);
  const kept: Occurrence[] = [];
  for (const occurrence of all) {
    if (occurrence.start >= (kept.at(-1)?.end ?? 0)) kept.push(occurrence);
  }
  return kept;
}

export function substitutePlaceholders(
  text: string,
  values: Readonly<Record<string, string>>,
  syntaxes: readonly PlaceholderSyntax[] = ["flyway"],
): Substituted {
  const found = occurrences(text, syntaxes);
  if (found.length === 0) return { text, toOriginal: (offset) => offset, unknown: [] };
  // Each replacement: where it starts in the new text, and how much it shifted offsets after it.
  const shifts: { newStart: number; newEnd: number; originalStart: number; delta: number }[] = [];
  const unknown: { name: string; offset: number }[] = [];
  const parts: string[] = [];
  let delta = 0;
  let copied = 0;
  for (const occurrence of found) {
    // Own keys only: `${constructor}` in a migration must not read Object.prototype's member.
    const value = Object.hasOwn(values, occurrence.name) ? values[occurrence.name] : undefined;
    if (value === undefined) {
      unknown.push({ name: occurrence.name, offset: occurrence.start });
      continue;
    }
    const rendered = occurrence.render(value);
    parts.push(text.slice(copied, occurrence.start), rendered);
    copied = occurrence.end;
    const newStart = occurrence.start + delta;
    delta += rendered.length - (occurrence.end - occurrence.start);
    shifts.push({ newStart, newEnd: newStart + rendered.length, originalStart: occurrence.start, delta });
  }
  parts.push(text.slice(copied));
  return {
    text: parts.join(""),
    unknown,
    toOriginal: (offset) => {
      let shift = 0;
      for (const entry of shifts) {
        if (offset < entry.newStart) break;
        // Inside a substituted value: point at the placeholder itself.
        if (offset < entry.newEnd) return entry.originalStart;
        shift = entry.delta;
      }
      return offset - shift;
    },
  };
}

/**
 * The placeholder syntaxes a file seems to use that are not configured, for an error's hint. psql's bare
 * `:name` is left out: array slices (`a[1:n]`) look the same.
 */
export function unconfiguredSyntaxesIn(
  text: string,
  configured: readonly PlaceholderSyntax[],
): PlaceholderSyntax[] {
  const seen: Record<PlaceholderSyntax, boolean> = {
    flyway: flywayOccurrences(text).length > 0,
    "go-template": goTemplateOccurrences(text).length > 0,
    psql: psqlOccurrences(text).some((occurrence) => /^:['"]/.test(text.slice(occurrence.start))),
  };
  return PLACEHOLDER_SYNTAXES.filter((syntax) => seen[syntax] && !configured.includes(syntax));
}

/** Rewrites every `span` in a parsed structure through `map`; returns the input when `map` is the identity. */
export function remapSpans<T>(value: T, map: (offset: number) => number): T {
  if (Array.isArray(value)) return value.map((item) => remapSpans(item, map)) as T;
  if (value === null || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "span" && item && typeof item === "object" && "start" in item && "end" in item) {
      const span = item as { start: number; end: number };
      result[key] = { start: map(span.start), end: map(span.end) };
    } else if (key === "offset" && typeof item === "number") {
      result[key] = map(item);
    } else result[key] = remapSpans(item, map);
  }
  return result as T;
}
