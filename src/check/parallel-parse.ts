/**
 * Parsing migrations on a worker thread while the main thread reads the dbt manifest.
 *
 * On a large project the two biggest costs of a check are independent: parsing the migration history
 * (0.5 s for a 2,800-table baseline) and reading manifest.json (2 s for 10,000 models, most of it
 * JSON.parse and the garbage collection after it). The manifest cannot move to a worker: a DbtProject
 * of 70,000 nodes takes longer to copy between threads than to build. Parsed migrations are small plain
 * data (60 ms to copy for that baseline), so they move instead, and so do the findings of the rules that
 * need no dbt project (200 ms on that baseline), which the worker runs on its own replay of the history.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ParsedScript } from "../catalog/replay.js";
import type { SchematicConfig } from "../config/config.js";
import type { DialectName } from "../dialects/dialect.js";
import { type ErrorCode, type ErrorLocation, SchematicError } from "../errors.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import type { MigrationFileFacts } from "../lint/rule.js";
import type { PlaceholderSyntax } from "../migrations/placeholders.js";
import type { ParsedSql } from "../sql/changes.js";

export interface ParseJob {
  readonly dialect: DialectName;
  readonly scripts: readonly { readonly path: string; readonly text: string }[];
  readonly placeholders: Readonly<Record<string, string>>;
  readonly placeholderSyntax: readonly PlaceholderSyntax[];
  /**
   * Also replay the history and run the built-in rules that need no dbt project, with this
   * configuration: they are most of the rules' time, and the main thread is still reading the manifest.
   */
  readonly rules?: {
    readonly config: SchematicConfig;
    readonly cwd: string;
    readonly defaultSchema: string;
    /** Display paths of the files under review; absent when the whole history is. */
    readonly pending?: readonly string[];
    /** Facts about the migration files for the integrity rules, by display path. */
    readonly fileFacts: readonly (readonly [string, MigrationFileFacts])[];
  };
}

/** What the worker sends back. */
export interface WorkerResult {
  readonly parsed: readonly ParsedSql[];
  /** The findings of the rules that need no dbt project, when the job asked for them and they ran. */
  readonly diagnostics?: readonly Diagnostic[];
  /** Each of those rules' time (ms), for SCHEMATIC_TIMING. */
  readonly ruleTimes?: readonly (readonly [string, number])[];
  /** What went wrong instead, when parsing or the rules threw. */
  readonly failure?: WorkerFailure;
}

/** An error thrown on the worker, as plain data: a SchematicError's fields, or an internal error's stack. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack?: string;
  readonly schematic?: {
    readonly code: ErrorCode;
    readonly location?: ErrorLocation;
    readonly hint?: string;
  };
}

export function describeFailure(error: unknown): WorkerFailure {
  if (error instanceof SchematicError) {
    return {
      message: error.message,
      schematic: {
        code: error.code,
        ...(error.location && { location: error.location }),
        ...(error.hint !== undefined && { hint: error.hint }),
      },
    };
  }
  return error instanceof Error
    ? { message: error.message, ...(error.stack !== undefined && { stack: error.stack }) }
    : { message: String(error) };
}

/** The error again on this thread: the same SchematicError (exit 2), or an Error with the worker's stack. */
export function errorFromFailure(failure: WorkerFailure): Error {
  if (failure.schematic) {
    const { code, location, hint } = failure.schematic;
    return new SchematicError(code, failure.message, {
      ...(location && { location }),
      ...(hint !== undefined && { hint }),
    });
  }
  const error = new Error(failure.message);
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}

export interface ParsedInWorker extends Omit<WorkerResult, "parsed"> {
  readonly scripts: ParsedScript[];
}

/** auto: when it pays (see worthParsingInWorker); always and never are for tests and benchmarks. */
export type ParallelParse = "auto" | "always" | "never";

/** Below these sizes a worker's start (about 100 ms of the other core) buys little or nothing. */
const MIN_MIGRATION_BYTES = 256 * 1024;
const MIN_MANIFEST_BYTES = 16 * 1024 * 1024;

export function worthParsingInWorker(migrationBytes: number, manifestBytes: number): boolean {
  return migrationBytes >= MIN_MIGRATION_BYTES && manifestBytes >= MIN_MANIFEST_BYTES;
}

/** Runs the job on a worker thread; the promise settles when the worker has sent its result. */
export function parseInWorker(job: ParseJob): Promise<ParsedInWorker> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    worker.once("message", (result: WorkerResult) => {
      settled = true;
      if (result.failure) {
        reject(errorFromFailure(result.failure));
        return;
      }
      resolve({
        // Up to the first file that does not parse, as on the main thread (parseScripts).
        scripts: job.scripts.slice(0, result.parsed.length).map((script, index) => ({
          path: script.path,
          text: script.text,
          parsed: result.parsed[index]!,
        })),
        ...(result.diagnostics && { diagnostics: result.diagnostics }),
        ...(result.ruleTimes && { ruleTimes: result.ruleTimes }),
      });
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled)
        reject(
          new Error(`The migration parser's worker thread stopped (exit code ${code}) without a result.`),
        );
    });
  });
}

function startWorker(job: ParseJob): Worker {
  const compiled = new URL("./parse-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { workerData: job });
  // Running from the TypeScript sources (tests, tsx, in this repository): the worker registers tsx's
  // loader, then imports them.
  const entry = new URL("./parse-worker.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}
