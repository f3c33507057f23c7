/** Parsing one migration file: placeholders substituted, the dialect's parser run, spans mapped back. */
import type { ParsedScript } from "../catalog/replay.js";
import type { Dialect, ParseSession } from "../dialects/dialect.js";
import { type PlaceholderSyntax, remapSpans, substitutePlaceholders } from "../migrations/placeholders.js";
import type { ParseCache } from "./parse-cache.js";

/** Parses one script into statements and changes, mapping placeholder substitutions back to file offsets. */
export function parseScript(
  dialect: Dialect,
  scriptPath: string,
  text: string,
  placeholders: Readonly<Record<string, string>>,
  session?: ParseSession,
  placeholderSyntax: readonly PlaceholderSyntax[] = ["flyway"],
): ParsedScript {
  const substituted = substitutePlaceholders(text, placeholders, placeholderSyntax);
  const parsed = dialect.parse(substituted.text, session);
  const remapped = substituted.text === text ? parsed : remapSpans(parsed, substituted.toOriginal);
  return { path: scriptPath, text, parsed: remapped };
}

export function parseScriptCached(
  dialect: Dialect,
  cache: ParseCache,
  scriptPath: string,
  text: string,
  placeholders: Readonly<Record<string, string>>,
  placeholderSyntax: readonly PlaceholderSyntax[] = ["flyway"],
): ParsedScript {
  const key = `${JSON.stringify([placeholders, placeholderSyntax])}\0${text}`;
  const cached = cache.get(key);
  if (cached) return { path: scriptPath, text, parsed: cached };
  const script = parseScript(dialect, scriptPath, text, placeholders, undefined, placeholderSyntax);
  if (script.parsed.errors.length === 0) cache.set(key, script.parsed);
  return script;
}
