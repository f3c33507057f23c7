/**
 * The pieces of the parse → replay → rules pipeline, each built once: `analyze` (the check), the parse
 * worker and the rule-test harness all call these, so that a rule test and the worker see exactly the
 * parse, default schema, identifier policy, dbt options and rule inputs a user's run sees.
 */
import type { FileReplay, ParsedScript } from "../catalog/replay.js";
import type { DbtProject } from "../dbt/model.js";
import type { Dialect } from "../dialects/dialect.js";
import type { DbtImpact } from "../lint/dbt-impact.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import type { MigrationFileFacts } from "../lint/rule.js";
import { type ActiveRule, dialectHooks, runRules } from "../lint/runner.js";
import type { PlaceholderSyntax } from "../migrations/placeholders.js";
import type { DbtImpactIndex } from "./dbt-impact-index.js";
import { dbtImpactOptions } from "./history.js";
import type { ParseCache } from "./parse-cache.js";
import { parseScript, parseScriptCached } from "./parse-script.js";

export { defaultSchemaFor, replayHistory, startCatalog } from "./history.js";

/** A migration script as read: its display path and text. */
export interface SourceScript {
  readonly path: string;
  readonly text: string;
}

export interface ParseOptions {
  readonly placeholders: Readonly<Record<string, string>>;
  readonly placeholderSyntax: readonly PlaceholderSyntax[];
  /** Reuse parses of unchanged files (not with a parse session, whose parses depend on earlier files). */
  readonly cache?: ParseCache;
}

/**
 * The scripts parsed in order, up to and including the first that does not parse: with a parse session
 * (MySQL procedures carried across files) later files depend on it, and the check stops at it anyway.
 */
export function parseScripts(
  dialect: Dialect,
  scripts: readonly SourceScript[],
  options: ParseOptions,
): ParsedScript[] {
  const session = dialect.createSession?.();
  const cache = session ? undefined : options.cache;
  const parsed: ParsedScript[] = [];
  for (const { path, text } of scripts) {
    const script = cache
      ? parseScriptCached(dialect, cache, path, text, options.placeholders, options.placeholderSyntax)
      : parseScript(dialect, path, text, options.placeholders, session, options.placeholderSyntax);
    parsed.push(script);
    if (script.parsed.errors.length > 0) break;
  }
  return parsed;
}

/** What the dbt rules know downstream: the project's models indexed against the replayed history. */
export async function dbtImpactFor(
  project: DbtProject,
  replays: readonly FileReplay[],
  dialect: Dialect,
): Promise<DbtImpactIndex> {
  // Loaded only when there is a dbt project: a check without one starts faster.
  const { buildDbtImpact } = await import("./dbt-impact-index.js");
  return buildDbtImpact(project, dbtImpactOptions(replays, dialect));
}

export interface LintOptions {
  readonly rules: readonly ActiveRule[] | ((file: string) => readonly ActiveRule[]);
  readonly dbt?: DbtImpact;
  /** Display paths of the files under review; undefined when the whole history is. */
  readonly pending?: ReadonlySet<string>;
  readonly fileFacts?: ReadonlyMap<string, MigrationFileFacts>;
  readonly timeRule?: (id: string, ms: number) => void;
}

/** The rules' findings over the replayed history, the dialect seen only through its hooks. */
export function lintHistory(
  replays: readonly FileReplay[],
  dialect: Dialect,
  options: LintOptions,
): Diagnostic[] {
  return runRules(replays, {
    rules: options.rules,
    dialect: dialectHooks(dialect),
    ...(options.dbt && { dbt: options.dbt }),
    ...(options.pending && { pending: options.pending }),
    ...(options.fileFacts && { fileFacts: options.fileFacts }),
    ...(options.timeRule && { timeRule: options.timeRule }),
  });
}
