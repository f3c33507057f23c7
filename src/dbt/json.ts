/**
 * Reading dbt's JSON artifacts: the file, the syntax error's line and column when it is not JSON, and small
 * lenient accessors, because every schema version adds, drops or nulls fields and we read them all.
 */
import { type ErrorCode, SchematicError } from "../errors.js";
import { type FileKind, MIB, readFileBytes, readTextFile } from "../read-file.js";
import { LineIndex } from "../sql/span.js";

export type JsonObject = Readonly<Record<string, unknown>>;

/** What the caller is reading, for messages: "dbt manifest" or "dbt catalog". */
export interface ArtifactKind {
  readonly label: string;
  /** Code for a file that is there but unusable. */
  readonly invalidCode: Extract<ErrorCode, "manifest-invalid" | "catalog-invalid">;
  /** What the user runs to write the file again. */
  readonly regenerate: string;
}

export function readJsonArtifact(path: string, kind: ArtifactKind): unknown {
  return parseJsonArtifact(readTextFile(path, artifactFile(path, kind)), path, kind);
}

/**
 * Starts reading an artifact's bytes on libuv's thread pool, for a caller with other work to do
 * meanwhile (a 200 MB manifest takes 0.1 s to read from the page cache, seconds from a cold disk).
 * Rejects with the same errors as readJsonArtifact.
 */
export function prefetchArtifact(path: string, kind: ArtifactKind): Promise<Buffer> {
  return readFileBytes(path, artifactFile(path, kind));
}

/**
 * V8 cannot hold a string longer than 2^29 - 24 characters: past this a manifest cannot be parsed at
 * all, so it is refused with a message instead of an out-of-memory error (the largest real manifest
 * in the corpora is about 200 MB).
 */
export const MAX_ARTIFACT_BYTES = 512 * MIB;

function artifactFile(path: string, kind: ArtifactKind): FileKind {
  return {
    label: kind.label,
    maxBytes: MAX_ARTIFACT_BYTES,
    missingCode: "manifest-not-found",
    missingMessage: `No ${kind.label} at ${path}.`,
    missingHint: `Run \`${kind.regenerate}\` in the dbt project, or pass the file's path.`,
  };
}

export function parseJsonArtifact(text: string, path: string, kind: ArtifactKind): unknown {
  // A byte-order mark is legal in a file but not in JSON.parse.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A regular expression, not trim(): trimming copies a 200 MB manifest before parsing it.
  if (!/\S/.test(body)) {
    throw new SchematicError(kind.invalidCode, `The ${kind.label} is empty.`, {
      location: { file: path },
      hint: `Run \`${kind.regenerate}\` again to write it.`,
    });
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    const syntaxError = findJsonSyntaxError(body) ?? { offset: body.length, reason: v8Reason(error) };
    const position = new LineIndex(body).position(syntaxError.offset);
    throw new SchematicError(
      kind.invalidCode,
      `The ${kind.label} is not valid JSON: ${syntaxError.reason}.`,
      {
        location: { file: path, line: position.line, column: position.column },
        hint: `The file may be truncated or edited by hand; run \`${kind.regenerate}\` again to rewrite it.`,
        cause: error,
      },
    );
  }
}

/** V8's message without its echo of the input (which can be a whole megabyte line) or its position. */
function v8Reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "");
}

export interface JsonSyntaxError {
  /** UTF-16 offset of the first character that is not JSON (the text's length when it ends early). */
  readonly offset: number;
  readonly reason: string;
}

/**
 * Where JSON text first stops being JSON, and why, by a small scan: V8 gives a position for some errors
 * only, never a line, and words its messages differently from one Node release to the next. Returns
 * undefined when the text is valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  const fail = (expected: string): never => {
    const reason =
      at >= text.length
        ? `it ends where ${expected} was expected (is the file truncated?)`
        : `found ${JSON.stringify(text[at])} where ${expected} was expected`;
    throw new JsonScanError({ offset: at, reason });
  };
  const skipSpace = (): void => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };
  const expectLiteral = (word: string): void => {
    for (const char of word) {
      if (text[at] !== char) fail(`\`${word}\``);
      at++;
    }
  };
  const scanString = (): void => {
    at++; // the opening quote
    for (;;) {
      const char = text[at];
      if (char === undefined) fail("a closing quote");
      if (char === '"') {
        at++;
        return;
      }
      if (char!.charCodeAt(0) < 0x20) fail("an escaped control character");
      if (char === "\\") {
        at++;
        const escaped = text[at];
        if (escaped === "u") {
          for (let digit = 0; digit < 4; digit++) {
            at++;
            if (!/[0-9a-fA-F]/.test(text[at] ?? "")) fail("a hex digit of a \\u escape");
          }
        } else if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) {
          fail("an escape character");
        }
      }
      at++;
    }
  };
  const scanNumber = (): void => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(at, at + 400));
    if (!match) {
      if (text[at] === "-") at++;
      fail("a digit");
    }
    at += match![0].length;
  };
  // Containers are tracked on an explicit stack, not by recursion: a hostile file nested a million
  // levels deep must get a line and column, not a stack overflow.
  const open: { close: string; keyed: boolean }[] = [];
  /**
   * Scans one value, except that a container is only opened: returns true when it opened one with
   * members, whose first member comes next (scanDocument's loop scans the members).
   */
  const scanValue = (): boolean => {
    skipSpace();
    const char = text[at];
    if (char === "{" || char === "[") {
      at++;
      const container = char === "{" ? { close: "}", keyed: true } : { close: "]", keyed: false };
      skipSpace();
      if (text[at] === container.close) {
        at++;
        return false;
      }
      open.push(container);
      if (container.keyed) scanKey();
      return true;
    }
    if (char === '"') scanString();
    else if (char === "t") expectLiteral("true");
    else if (char === "f") expectLiteral("false");
    else if (char === "n") expectLiteral("null");
    else if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) scanNumber();
    else fail("a value");
    return false;
  };
  const scanKey = (): void => {
    skipSpace();
    if (text[at] !== '"') fail("a property name in double quotes");
    scanString();
    skipSpace();
    if (text[at] !== ":") fail("`:`");
    at++;
  };
  /** A value, then for each open container: a comma and the next member, or its close. */
  const scanDocument = (): void => {
    let valueNext = true;
    for (;;) {
      if (valueNext && scanValue()) continue;
      valueNext = false;
      const container = open.at(-1);
      if (!container) return;
      skipSpace();
      if (text[at] === ",") {
        at++;
        if (container.keyed) scanKey();
        valueNext = true;
      } else if (text[at] === container.close) {
        at++;
        open.pop();
      } else fail(`\`,\` or \`${container.close}\``);
    }
  };
  try {
    scanDocument();
    skipSpace();
    if (at < text.length) fail("the end of the file");
    return undefined;
  } catch (error) {
    if (error instanceof JsonScanError) return error.found;
    throw error;
  }
}

class JsonScanError extends Error {
  constructor(readonly found: JsonSyntaxError) {
    super(found.reason);
  }
}

// Lenient accessors: a field of the wrong type reads as absent, never as an exception.

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

export function asStringArray(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function objectEntries(value: unknown): readonly (readonly [string, unknown])[] {
  const object = asObject(value);
  return object ? Object.entries(object) : [];
}
