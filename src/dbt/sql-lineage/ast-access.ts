/**
 * Narrowing helpers for the parsers' JSON trees. Both parsers return plain JSON whose published
 * types are either huge (libpg-query) or loose (node-sql-parser), so the front ends read them as
 * `unknown` and narrow field by field: a shape we did not expect yields "nothing here", never a crash.
 */

export type AstRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is AstRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function recordOf(value: unknown): AstRecord {
  return isRecord(value) ? value : {};
}

export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim();
}
