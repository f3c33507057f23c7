/**
 * Worker thread entry: parses migration files while the main thread reads the dbt manifest (see
 * parallel-parse.ts), and, when asked, runs the rules that need no dbt project, through the same pipeline
 * pieces as the check (pipeline.ts). Sends back each file's
 * ParsedSql and the diagnostics, which are plain data (the parse cache stores ParsedSql as JSON), so they
 * cross the thread boundary by structured clone without losing anything.
 */
import { parentPort, workerData } from "node:worker_threads";
import { RULES } from "../../rules/index.js";
import type { ParsedScript } from "../catalog/replay.js";
import { createDialect } from "../dialects/index.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import { rulesNeedingDbt } from "../lint/runner.js";
import { createRuleResolver } from "../lint/settings.js";
import { describeFailure, type ParseJob, type WorkerResult } from "./parallel-parse.js";
import { lintHistory, parseScripts, replayHistory } from "./pipeline.js";

const job = workerData as ParseJob;
const dialect = await createDialect(job.dialect);
let scripts: ParsedScript[] = [];
try {
  scripts = parseScripts(dialect, job.scripts, {
    placeholders: job.placeholders,
    placeholderSyntax: job.placeholderSyntax,
  });
  parentPort!.postMessage({
    parsed: scripts.map((script) => script.parsed),
    ...(job.rules && scripts.every((script) => script.parsed.errors.length === 0) && runRulesWithoutDbt()),
  } satisfies WorkerResult);
} catch (error) {
  // Sent as data, so the main thread reports it as it would have reported it itself (a SchematicError
  // as bad input, anything else as an internal error with this stack), not as "the worker stopped".
  parentPort!.postMessage({ parsed: [], failure: describeFailure(error) } satisfies WorkerResult);
}

/**
 * The built-in rules that need no dbt project, over the replayed history, while the main thread still
 * reads the manifest. Nothing when the configuration of the rules is wrong: the main thread then runs
 * every rule itself, and reports the mistake as it always does.
 */
function runRulesWithoutDbt(): Omit<WorkerResult, "parsed"> {
  const settings = job.rules!;
  let active: ReturnType<typeof createRuleResolver>;
  try {
    active = createRuleResolver(RULES, settings.config, settings.cwd);
  } catch {
    return {};
  }
  const ruleTimes = new Map<string, number>();
  const diagnostics: Diagnostic[] = lintHistory(
    replayHistory(scripts, dialect, settings.defaultSchema),
    dialect,
    {
      rules: rulesNeedingDbt(active, false),
      ...(settings.pending && { pending: new Set(settings.pending) }),
      fileFacts: new Map(settings.fileFacts),
      timeRule: (id, ms) => ruleTimes.set(id, (ruleTimes.get(id) ?? 0) + ms),
    },
  );
  return { diagnostics, ruleTimes: [...ruleTimes] };
}
