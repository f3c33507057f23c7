/**
 * Worker thread entry: parses migration files while the main thread reads the dbt manifest (see
 * parallel-parse.ts). Sends back each file's ParsedSql, which is plain data (the parse cache stores it as
 * JSON), so it crosses the thread boundary by structured clone without losing anything.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createDialect } from "../dialects/index.js";
import type { ParseJob } from "./parallel-parse.js";
import { parseScript } from "./parse-script.js";

const job = workerData as ParseJob;
const dialect = await createDialect(job.dialect);
parentPort!.postMessage(
  job.scripts.map((script) => parseScript(dialect, script.path, script.text, job.placeholders).parsed),
);
