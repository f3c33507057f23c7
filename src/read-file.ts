/**
 * Every file Schematic reads goes through here, so that a bad path says what it is (a folder, a device,
 * a link to nowhere, a file it may not read) and what to do, and no read is unbounded: `--pending
 * /dev/zero` or a FIFO would otherwise read or wait forever, and a file past V8's string limit would end
 * in an internal error instead of a message.
 */
import { readFileSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { type ErrorCode, SchematicError } from "./errors.js";

export const MIB = 1024 * 1024;

/** What is being read, for messages and limits. */
export interface FileKind {
  /** "migration", "configuration file", "dbt manifest", ... */
  readonly label: string;
  /** Larger files are refused (a clear error, not a read that never ends or runs out of memory). */
  readonly maxBytes: number;
  /** The error code of a file that is there but cannot be used. */
  readonly code?: ErrorCode;
  /** The path as the user gave or sees it, for messages (default: the path read). */
  readonly display?: string;
  /** The error code of a file that is not there (default: `code`). */
  readonly missingCode?: ErrorCode;
  /** The sentence for a file that is not there (default: "The <label> <path> does not exist."). */
  readonly missingMessage?: string;
  /** What to do when the file is missing. */
  readonly missingHint?: string;
}

/** A migration file: the largest real dump in the corpora is under 10 MiB. */
export const MIGRATION_FILE: FileKind = { label: "migration file", maxBytes: 64 * MIB };

/** Reads a regular file as UTF-8 text (without its byte-order mark), within the kind's size limit. */
export function readTextFile(file: string, kind: FileKind): string {
  checkReadable(statOrThrow(file, kind), file, kind);
  try {
    return withoutBom(readFileSync(file, "utf8"));
  } catch (error) {
    throw fileReadError(error, file, kind);
  }
}

/** The bytes of a regular file within the kind's size limit, read off the main thread. */
export async function readFileBytes(file: string, kind: FileKind): Promise<Buffer> {
  let stats: import("node:fs").Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    throw fileReadError(error, file, kind);
  }
  checkReadable(stats, file, kind);
  try {
    return await readFile(file);
  } catch (error) {
    throw fileReadError(error, file, kind);
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function statOrThrow(file: string, kind: FileKind): import("node:fs").Stats {
  try {
    return statSync(file);
  } catch (error) {
    throw fileReadError(error, file, kind);
  }
}

function checkReadable(stats: import("node:fs").Stats, file: string, kind: FileKind): void {
  const shown = kind.display ?? file;
  const code = kind.code ?? "io";
  if (stats.isDirectory()) {
    throw new SchematicError(code, `The ${kind.label} is a folder, not a file.`, {
      location: { file: shown },
      hint: `Give the path of the ${kind.label} itself.`,
    });
  }
  if (!stats.isFile()) {
    throw new SchematicError(
      code,
      `The ${kind.label} is not a regular file (it is a device, a pipe or a socket).`,
      {
        location: { file: shown },
        hint: "Schematic reads only regular files: save the input to a file and give its path.",
      },
    );
  }
  if (stats.size > kind.maxBytes) {
    throw new SchematicError(
      code,
      `The ${kind.label} is ${megabytes(stats.size)}, more than the ${megabytes(kind.maxBytes)} Schematic reads.`,
      { location: { file: shown }, hint: "Check that this is the file you meant." },
    );
  }
}

function megabytes(bytes: number): string {
  return bytes < MIB ? `${bytes} bytes` : `${Math.round(bytes / MIB)} MiB`;
}

/** The one-paragraph error for a failed stat or read, by its errno code. */
export function fileReadError(error: unknown, file: string, kind: FileKind): SchematicError {
  const shown = kind.display ?? file;
  const code = kind.code ?? "io";
  const errno = (error as NodeJS.ErrnoException).code;
  const location = { file: shown };
  switch (errno) {
    case "ENOENT":
      // The path is in the sentence, as it always was ("The configuration file x.yml does not exist.").
      return new SchematicError(
        kind.missingCode ?? code,
        kind.missingMessage ?? `The ${kind.label} ${shown} does not exist.`,
        {
          ...(kind.missingMessage !== undefined && { location }),
          hint: kind.missingHint ?? "Check the path (a symbolic link must point to a file that exists).",
          cause: error,
        },
      );
    case "EACCES":
    case "EPERM":
      return new SchematicError(code, `The ${kind.label} cannot be read: permission denied.`, {
        location,
        hint: "Give the user running schematic read access to it (and to the folders above it).",
        cause: error,
      });
    case "EISDIR":
      return new SchematicError(code, `The ${kind.label} is a folder, not a file.`, {
        location,
        hint: `Give the path of the ${kind.label} itself.`,
        cause: error,
      });
    case "ELOOP":
      return new SchematicError(code, `The ${kind.label} is a symbolic link that loops.`, {
        location,
        hint: "Point the link at a real file.",
        cause: error,
      });
    case "ERR_STRING_TOO_LONG":
      return new SchematicError(code, `The ${kind.label} is too large to read as text.`, {
        location,
        cause: error,
      });
    default:
      return new SchematicError(
        code,
        `Cannot read the ${kind.label}: ${(error as Error).message ?? String(error)}.`,
        { location, cause: error },
      );
  }
}
