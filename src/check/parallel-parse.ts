/**
 * Parsing migrations on a worker thread while the main thread reads the dbt manifest.
 *
 * On a large project the two biggest costs of a check are independent: parsing the migration history
 * (0.5 s for a 2,800-table baseline) and reading manifest.json (2 s for 10,000 models, most of it
 * JSON.parse and the garbage collection after it). The manifest cannot move to a worker: a DbtProject
 * of 70,000 nodes takes longer to copy between threads than to build. Parsed migrations are small plain
 * data (60 ms to copy for that baseline), so they move instead.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ParsedScript } from "../catalog/replay.js";
import type { DialectName } from "../dialects/dialect.js";
import type { ParsedSql } from "../sql/changes.js";

export interface ParseJob {
  readonly dialect: DialectName;
  readonly scripts: readonly { readonly path: string; readonly text: string }[];
  readonly placeholders: Readonly<Record<string, string>>;
}

/** auto: when it pays (see worthParsingInWorker); always and never are for tests and benchmarks. */
export type ParallelParse = "auto" | "always" | "never";

/** Below these sizes a worker's start (about 100 ms of the other core) buys little or nothing. */
const MIN_MIGRATION_BYTES = 256 * 1024;
const MIN_MANIFEST_BYTES = 16 * 1024 * 1024;

export function worthParsingInWorker(migrationBytes: number, manifestBytes: number): boolean {
  return migrationBytes >= MIN_MIGRATION_BYTES && manifestBytes >= MIN_MANIFEST_BYTES;
}

/** Parses the job's scripts on a worker thread; the promise settles when the worker has sent them all. */
export function parseInWorker(job: ParseJob): Promise<ParsedScript[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    worker.once("message", (parsed: ParsedSql[]) => {
      settled = true;
      resolve(
        job.scripts.map((script, index) => ({
          path: script.path,
          text: script.text,
          parsed: parsed[index]!,
        })),
      );
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
