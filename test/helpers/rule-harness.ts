import path from "node:path";
import {
  dbtImpactFor,
  defaultSchemaFor,
  lintHistory,
  parseScripts,
  replayHistory,
} from "../../src/check/pipeline.js";
import { readManifest } from "../../src/dbt/manifest.js";
import type { DbtProject } from "../../src/dbt/model.js";
import type { DialectName } from "../../src/dialects/dialect.js";
import type { LowerCaseTableNames } from "../../src/dialects/identifiers.js";
import { createDialect } from "../../src/dialects/index.js";
import type { Diagnostic } from "../../src/lint/diagnostic.js";
import type { MigrationFileFacts, Rule } from "../../src/lint/rule.js";
import { activeRule } from "../../src/lint/settings.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { LineIndex } from "../../src/sql/span.js";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const EXAMPLE_PLACEHOLDERS = { raw_schema: "raw", ref_schema: "ref" };

let exampleProject: DbtProject | undefined;
/** The bundled market-data dbt project (a v12 manifest) that the rule tests check against. */
export function exampleDbtProject(): DbtProject {
  exampleProject ??= readManifest(path.join(ROOT, "fixtures/market-data/dbt/target/manifest.json"));
  return exampleProject;
}

/** The bundled example's migration texts, in order: the history the pending SQL lands on. */
export function exampleHistory(): string[] {
  return loadMigrations("migrations", { dialect: "postgres", cwd: ROOT }).map(
    (migration) => migration.up.text,
  );
}

export interface LintFinding {
  readonly rule: string;
  readonly messageId: string;
  readonly severity: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly object?: string;
  readonly impacts: readonly string[];
}

export interface ReviewOptions {
  readonly dialect?: DialectName;
  readonly dbt?: DbtProject;
  /** The rule's options, over its defaults. */
  readonly options?: object;
  /** The configured default schema (`defaultSchema:`); like the check, none on MySQL and StarRocks. */
  readonly defaultSchema?: string;
  /** The configured `lowerCaseTableNames:` (MySQL). */
  readonly lowerCaseTableNames?: LowerCaseTableNames;
}

export interface LintOptions extends ReviewOptions {
  /** SQL files applied before the pending one (default: none). */
  readonly history?: readonly string[];
  /** What the check knows about the pending file as a file (integrity rules). */
  readonly fileFacts?: MigrationFileFacts;
}

/** Migration files by name, in order; `pending` names the ones under review (all of them when absent). */
export interface Review {
  readonly files: readonly (readonly [name: string, sql: string])[];
  readonly pending?: ReadonlySet<string>;
  /** What the check knows about files as files (integrity rules), by name. */
  readonly fileFacts?: ReadonlyMap<string, MigrationFileFacts>;
}

/**
 * Runs one rule over a review through the real parser, replay and runner, with the check's own pipeline
 * pieces (src/check/pipeline.ts): the same parse, default schema, identifier policy and dbt options.
 */
export async function review(rule: Rule, files: Review, options: ReviewOptions = {}): Promise<Diagnostic[]> {
  const dialect = await createDialect(options.dialect ?? "postgres", {
    ...(options.lowerCaseTableNames !== undefined && { lowerCaseTableNames: options.lowerCaseTableNames }),
  });
  const scripts = parseScripts(
    dialect,
    files.files.map(([name, text]) => ({ path: name, text })),
    { placeholders: EXAMPLE_PLACEHOLDERS, placeholderSyntax: ["flyway"] },
  );
  const failed = scripts.find((script) => script.parsed.errors.length > 0);
  if (failed) throw new Error(`test SQL does not parse: ${failed.parsed.errors[0]!.message}`);
  const replays = replayHistory(scripts, dialect, defaultSchemaFor(dialect, options.defaultSchema));
  const dbt = options.dbt ? await dbtImpactFor(options.dbt, replays, dialect) : undefined;
  return lintHistory(replays, dialect, {
    // Validated as the configuration's are: a test cannot pass an option a user could not write.
    rules: [activeRule(rule, rule.meta.defaultSeverity, (options.options ?? {}) as Record<string, unknown>)],
    ...(dbt && { dbt }),
    ...(files.pending && { pending: files.pending }),
    ...(files.fileFacts && { fileFacts: files.fileFacts }),
  });
}

/** Runs one rule on `pending` SQL after `history` (see review); the pending file's findings. */
export async function lint(rule: Rule, pending: string, options: LintOptions = {}): Promise<LintFinding[]> {
  const history = (options.history ?? []).map((text, i) => [`history_${i}.sql`, text] as const);
  const diagnostics = await review(
    rule,
    {
      files: [...history, ["pending.sql", pending]],
      pending: new Set(["pending.sql"]),
      ...(options.fileFacts && { fileFacts: new Map([["pending.sql", options.fileFacts]]) }),
    },
    options,
  );
  const lines = new LineIndex(pending);
  return diagnostics
    .filter((diagnostic) => diagnostic.pending)
    .map((diagnostic) => {
      const position = lines.position(diagnostic.span.start);
      return {
        rule: diagnostic.rule,
        messageId: diagnostic.messageId,
        severity: diagnostic.severity,
        line: position.line,
        column: position.column,
        message: diagnostic.message,
        ...(diagnostic.object !== undefined && { object: diagnostic.object }),
        impacts: diagnostic.impacts.map((impact) => impact.unique_id),
      };
    });
}

/** The parts of findings most tests compare: which message, how severe, where, about what. */
export function summarize(findings: readonly LintFinding[]) {
  return findings.map(({ messageId, severity, line, column, object }) => ({
    messageId,
    severity,
    line,
    column,
    object,
  }));
}
