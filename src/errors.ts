/**
 * Errors with stable codes. One place (exitCodeFor) maps them to exit codes:
 * 2 for bad input (the user can fix it), 1 is reserved for a blocked check, and anything
 * that is not a SchematicError is a bug (exit 70, with the stack, and a request to report it).
 */
export type ErrorCode =
  | "usage"
  | "config-invalid"
  | "config-not-found"
  | "manifest-not-found"
  | "manifest-invalid"
  | "catalog-invalid"
  | "migrations-not-found"
  | "migration-layout"
  | "sql-parse"
  | "git"
  | "io"
  | "database"
  | "migration-history"
  | "hook";

export interface ErrorLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export class SchematicError extends Error {
  override readonly name = "SchematicError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      readonly location?: ErrorLocation;
      readonly hint?: string;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  get location(): ErrorLocation | undefined {
    return this.options.location;
  }

  get hint(): string | undefined {
    return this.options.hint;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, location: this.location, hint: this.hint };
  }
}

export const EXIT_OK = 0;
export const EXIT_BLOCKED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 70;

export function exitCodeFor(error: unknown): number {
  return error instanceof SchematicError ? EXIT_BAD_INPUT : EXIT_INTERNAL;
}

/** One paragraph: where, what, and what to do. */
export function formatError(error: SchematicError): string {
  const where = error.location
    ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ""}${error.location.column ? `:${error.location.column}` : ""}: `
    : "";
  return `schematic: ${where}${error.message}${error.hint ? ` ${error.hint}` : ""}`;
}
