/**
 * Flyway-style `${name}` placeholders, so one migration set serves several schema namespaces
 * (`CREATE TABLE ${raw_schema}.trades`). Substitution changes lengths, so it returns a map from
 * offsets in the substituted text back to offsets in the file: findings must point at the file.
 */
export interface Substituted {
  readonly text: string;
  readonly toOriginal: (offset: number) => number;
  readonly unknown: readonly { readonly name: string; readonly offset: number }[];
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_.]*)\}/g;

export function substitutePlaceholders(text: string, values: Readonly<Record<string, string>>): Substituted {
  if (!text.includes("${")) return { text, toOriginal: (offset) => offset, unknown: [] };
  // Each replacement: where it starts in the new text, and how much it shifted offsets after it.
  const shifts: { newStart: number; newEnd: number; originalStart: number; delta: number }[] = [];
  const unknown: { name: string; offset: number }[] = [];
  let delta = 0;
  const output = text.replace(PLACEHOLDER, (match, name: string, offset: number) => {
    // Own keys only: `${constructor}` in a migration must not read Object.prototype's member.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      unknown.push({ name, offset });
      return match;
    }
    const newStart = offset + delta;
    delta += value.length - match.length;
    shifts.push({ newStart, newEnd: newStart + value.length, originalStart: offset, delta });
    return value;
  });
  return {
    text: output,
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
