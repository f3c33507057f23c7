/**
 * The analysis: migration scripts in, a Report out. Parse (on a worker while the manifest is read, when
 * that pays), replay into the catalog, read the dbt project, run the rules, apply suppressions, count and
 * decide. `schematic check` reads its inputs (inputs.ts) and calls this; the migration runner's pre-flight
 * check and library callers with scripts in memory call it too, and every formatter takes its Report.
 */
import { statSync } from "node:fs";
import { RULES } from "../../rules/index.js";
import { findTable, formatName, qualify } from "../catalog/model.js";
import type { FileReplay, ParsedScript } from "../catalog/replay.js";
import type { CheckSettings, RuleSettings } from "../config/settings.js";
import type { DbtProject } from "../dbt/model.js";
import type { Dialect } from "../dialects/dialect.js";
import { SchematicError } from "../errors.js";
import type { DbtImpact } from "../lint/dbt-impact.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import { compareDiagnostics, SEVERITY_RANK } from "../lint/diagnostic.js";
import { qualifiedTarget } from "../lint/helpers.js";
import type { MigrationFileFacts } from "../lint/rule.js";
import { type ActiveRule, rulesNeedingDbt } from "../lint/runner.js";
import { applySuppressions } from "../lint/suppressions.js";
import { toDisplayPath } from "../migrations/loader.js";
import { substitutePlaceholders, unconfiguredSyntaxesIn } from "../migrations/placeholders.js";
import type { Report, ReportSummary } from "../report/report.js";
import { LineIndex } from "../sql/span.js";
import { type DbtArtifacts, dbtModules, prefetchedManifestText } from "./dbt-artifacts.js";
import type { DbtImpactIndex } from "./dbt-impact-index.js";
import { type ParallelParse, parseInWorker, worthParsingInWorker } from "./parallel-parse.js";
import { ParseCache, ProjectCache } from "./parse-cache.js";
import {
  dbtImpactFor,
  defaultSchemaFor,
  lintHistory,
  parseScripts,
  replayHistory,
  type SourceScript,
  startCatalog,
} from "./pipeline.js";
import type { Timings } from "./timings.js";

/** Findings Schematic makes itself (not rules), which suppressions may also name. */
export const CORE_DIAGNOSTIC_IDS = ["opaque-statement", "history-mismatch", "dbt-no-match"] as const;

/** What an analysis reads: the scripts in order and what is known about them. */
export interface AnalysisInputs {
  /** Every migration script, in the order it applies (the history, then the pending files outside it). */
  readonly scripts: readonly SourceScript[];
  /** Display paths of the scripts under review; absent when the whole history is. */
  readonly pending?: ReadonlySet<string>;
  /** Scripts replayed but not reviewed unless pending (before the baseline). */
  readonly notReviewed?: ReadonlySet<string>;
  /** Facts about the scripts as files (versions, git), for the integrity rules. */
  readonly fileFacts?: ReadonlyMap<string, MigrationFileFacts>;
  /** The dbt project: its located artifacts (read here, while the migrations parse), or one already read. */
  readonly dbt?: DbtArtifacts | { readonly project: DbtProject };
  /** Display paths of the files excluded from the inputs, for the report. */
  readonly excluded?: readonly string[];
  /** What reading the inputs found, for the report: notes first in it, and warnings. */
  readonly notes?: readonly string[];
  readonly warnings?: readonly string[];
}

/** The resolved settings (see resolveSettings) with the dialect loaded, and how to run. */
export interface AnalysisSettings extends Omit<CheckSettings, "dialect" | "dialectSource">, RuleSettings {
  readonly dialect: Dialect;
  /** Today (YYYY-MM-DD), for suppression expiry; the clock's date when absent. */
  readonly today?: string;
  /** Reuse parses of unchanged migration files and the read dbt project from an earlier run. */
  readonly cache?: boolean;
  readonly cacheDirectory?: string;
  /** Whether migrations are parsed on a worker thread while the manifest is read (default auto). */
  readonly parallelParse?: ParallelParse;
  /** Collects where the time goes (SCHEMATIC_TIMING), when given. */
  readonly timings?: Timings;
}

/** A placeholder as written at an offset (`${x}`, `{{ .X }}`, `:'x'`), for messages. */
function writtenPlaceholder(text: string, offset: number): string {
  const written = /\$\{[^}\n]*\}|\{\{[^}\n]*\}\}|:['"]?\w+['"]?/y;
  written.lastIndex = offset;
  return written.exec(text)?.[0] ?? text.slice(offset, offset + 1);
}

/**
 * What to do about a file that does not parse: the parser's advice, and the two ways out when the file is
 * not plain SQL for this database: exclude it, or configure its placeholders.
 */
function parseErrorHint(
  script: ParsedScript,
  settings: Pick<CheckSettings, "placeholders" | "placeholderSyntax">,
  parserHint: string | undefined,
): string {
  const exclude = `exclude it (exclude: in schematic.yml, or --exclude ${script.path})`;
  const unknown = substitutePlaceholders(script.text, settings.placeholders, settings.placeholderSyntax)
    .unknown[0];
  if (unknown) {
    return `The file uses the placeholder ${writtenPlaceholder(script.text, unknown.offset)}: give it a value under placeholders: in schematic.yml, or ${exclude}.`;
  }
  const syntax = unconfiguredSyntaxesIn(script.text, settings.placeholderSyntax)[0];
  if (syntax) {
    return `The file uses ${syntax} placeholders, which schematic.yml does not configure: ${exclude}, or configure its placeholders (placeholders: and placeholderSyntax: ${syntax} in schematic.yml).`;
  }
  const advice =
    parserHint ?? "Fix the SQL (it must be valid for the configured dialect), or check --dialect.";
  return `${advice} If Schematic should not read this file, ${exclude}, or configure its placeholders (placeholders: and placeholderSyntax: in schematic.yml).`;
}

function parseErrorFor(
  script: ParsedScript,
  settings: Pick<CheckSettings, "placeholders" | "placeholderSyntax">,
): SchematicError {
  const error = script.parsed.errors[0]!;
  const position = new LineIndex(script.text).position(error.offset);
  const more =
    script.parsed.errors.length > 1 ? ` (and ${script.parsed.errors.length - 1} more in this file)` : "";
  return new SchematicError("sql-parse", `${error.message}${more}.`, {
    location: { file: script.path, line: position.line, column: position.column },
    hint: parseErrorHint(script, settings, error.hint),
  });
}

/**
 * catalog.json (the warehouse's columns and types) only adds knowledge about tables the migrations do not
 * describe. Reading it costs seconds on large projects, so a catalog found beside the manifest is read only
 * when a change under review touches such a table; one named explicitly is always read.
 */
function reviewTouchesUndescribedTables(
  replays: readonly FileReplay[],
  isPending: (file: string) => boolean,
): boolean {
  return replays.some(
    (replay) =>
      isPending(replay.script.path) &&
      replay.changes.some((entry) => {
        const target = qualifiedTarget(entry);
        if (!target) return false;
        const table = findTable(entry.before, target);
        return table === undefined ? entry.change.kind !== "create_table" : Boolean(table.columnsUnknown);
      }),
  );
}

/**
 * The dbt project; `early` is the manifest already read (without catalog) while migrations were parsed.
 * A catalog found beside the manifest is read only when `wantFoundCatalog`; a named one always.
 */
async function readDbtProject(
  artifacts: DbtArtifacts,
  options: AnalysisSettings,
  wantFoundCatalog: boolean,
  early: DbtProject | undefined,
): Promise<DbtProject> {
  const { readManifest, withCatalog } = await dbtModules();
  const useCatalog = artifacts.catalogPath !== undefined && (artifacts.catalogNamed || wantFoundCatalog);
  const catalogPath = useCatalog ? artifacts.catalogPath : undefined;
  if (early) return catalogPath ? withCatalog(early, catalogPath) : early;
  const cache = options.cache ? new ProjectCache(options.cacheDirectory) : undefined;
  const cached = cache?.get(artifacts.manifestPath, catalogPath);
  if (cached) return cached;
  const project = readManifest(artifacts.manifestPath, {
    ...(catalogPath && { catalogPath }),
    ...(await prefetchedManifestText(artifacts)),
  });
  cache?.set(project);
  return project;
}

interface ParsedHistory {
  readonly scripts: ParsedScript[];
  /** The manifest read while a worker parsed, or the error reading it gave. */
  readonly early?: { readonly project?: DbtProject; readonly error?: unknown };
  /** The findings of the rules that need no dbt project, when the worker ran them. */
  readonly workerDiagnostics?: readonly Diagnostic[];
}

/**
 * Every migration file parsed. On a large project with a large manifest (and no --cache, which makes
 * both cheap), the files are parsed on a worker thread while this thread reads the manifest; `early`
 * is then that manifest, or the error reading it gave (reported after any SQL error, as before). With the
 * built-in rules, the worker also runs those that need no dbt project.
 */
async function parseMigrationFiles(
  settings: AnalysisSettings,
  scriptsToParse: readonly SourceScript[],
  context: {
    artifacts: DbtArtifacts | undefined;
    defaultSchema: string;
    pending: ReadonlySet<string> | undefined;
    fileFacts: ReadonlyMap<string, MigrationFileFacts>;
  },
): Promise<ParsedHistory> {
  const { dialect, placeholders, placeholderSyntax } = settings;
  const { artifacts } = context;
  // A parse session (MySQL procedures carried across files) makes a file's parse depend on earlier files:
  // such dialects are parsed in order, here, and not cached.
  const sessions = dialect.createSession !== undefined;
  if (!sessions && artifacts && !settings.cache && parallelParseWanted(settings, scriptsToParse, artifacts)) {
    const parsing = parseInWorker({
      dialect: dialect.name,
      scripts: scriptsToParse,
      placeholders,
      placeholderSyntax,
      // The worker rebuilds the active rules from the configuration: only the built-in rules can cross.
      ...(settings.rules === RULES && {
        rules: {
          config: settings.config,
          cwd: settings.cwd,
          defaultSchema: context.defaultSchema,
          ...(context.pending && { pending: [...context.pending] }),
          fileFacts: [...context.fileFacts],
        },
      }),
    });
    const { readManifest } = await dbtModules();
    let early: { project?: DbtProject; error?: unknown };
    try {
      early = { project: readManifest(artifacts.manifestPath, await prefetchedManifestText(artifacts)) };
    } catch (error) {
      early = { error };
    }
    settings.timings?.mark("read manifest (history on worker)");
    const parsed = await parsing;
    settings.timings?.mark("wait for the worker");
    for (const [id, ms] of parsed.ruleTimes ?? []) settings.timings?.addRule(id, ms);
    return {
      scripts: parsed.scripts,
      early,
      ...(parsed.diagnostics && { workerDiagnostics: parsed.diagnostics }),
    };
  }
  const cache =
    settings.cache && !sessions ? new ParseCache(dialect.name, settings.cacheDirectory) : undefined;
  const scripts = parseScripts(dialect, scriptsToParse, {
    placeholders,
    placeholderSyntax,
    ...(cache && { cache }),
  });
  settings.timings?.mark("parse migrations");
  return { scripts };
}

function parallelParseWanted(
  options: AnalysisSettings,
  scripts: readonly { readonly text: string }[],
  artifacts: DbtArtifacts,
): boolean {
  const mode = options.parallelParse ?? "auto";
  if (mode !== "auto") return mode === "always";
  let manifestBytes: number;
  try {
    manifestBytes = statSync(artifacts.manifestPath).size;
  } catch {
    return false; // reading it will say what is wrong
  }
  const migrationBytes = scripts.reduce((sum, script) => sum + script.text.length, 0);
  return worthParsingInWorker(migrationBytes, manifestBytes);
}

/** Opaque statements, and what replay could not reconcile, in the same diagnostics model as the rules. */
function coreDiagnostics(replays: readonly FileReplay[], isPending: (file: string) => boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const replay of replays) {
    const pending = isPending(replay.script.path);
    for (const entry of replay.changes) {
      if (entry.change.kind !== "opaque") continue;
      const affected = entry.change.mayAffect.map((name) => formatName(qualify(entry.before, name)));
      diagnostics.push({
        rule: "opaque-statement",
        severity: "warning",
        messageId: "opaque",
        message: `Statement not understood (${entry.change.reason}); ${
          affected.length > 0 ? `the catalog marks ${affected.join(", ")} as possibly stale` : "it is skipped"
        }.`,
        file: replay.script.path,
        span: entry.statement.span,
        ...(affected.length > 0 && { object: affected.join(", ") }),
        impacts: [],
        help: "If this statement changes tables that dbt reads, Schematic cannot check it: say so in the review.",
        pending,
      });
    }
    for (const note of replay.notes) {
      if (note.kind === "unknown-relation") continue; // tables loaded by EL tools are normal, not news
      diagnostics.push({
        rule: "history-mismatch",
        severity: "info",
        messageId: note.kind,
        message: `${note.message}.`,
        file: replay.script.path,
        span: note.span,
        object: note.object,
        impacts: [],
        pending,
      });
    }
  }
  return diagnostics;
}

/** The warning that the dbt checks saw nothing, when a dbt rule is on and no altered table is one dbt sees. */
async function dbtCoverage(
  replays: readonly FileReplay[],
  isPending: (file: string) => boolean,
  dbt: DbtImpact | undefined,
  active: (file: string) => readonly ActiveRule[],
): Promise<Diagnostic[]> {
  if (!dbt) return [];
  const dbtRulesOn = replays.some(
    (replay) => isPending(replay.script.path) && rulesNeedingDbt(active, true)(replay.script.path).length > 0,
  );
  if (!dbtRulesOn) return [];
  const warning = (await dbtModules()).dbtCoverageDiagnostic(replays, isPending, dbt);
  return warning ? [warning] : [];
}

/** The counts of the findings in the files under review, which alone decide. */
function summarize(diagnostics: readonly Diagnostic[]): ReportSummary {
  const counted = diagnostics.filter((diagnostic) => diagnostic.pending);
  return {
    errors: counted.filter((d) => d.severity === "error").length,
    warnings: counted.filter((d) => d.severity === "warning").length,
    infos: counted.filter((d) => d.severity === "info").length,
  };
}

/** What the analysis has once the history is parsed and replayed and the dbt project read. */
interface Analysed {
  readonly scripts: readonly ParsedScript[];
  readonly replays: readonly FileReplay[];
  readonly isPending: (file: string) => boolean;
  readonly project: DbtProject | undefined;
  readonly dbt: DbtImpactIndex | undefined;
  /** The findings of the rules the worker ran, when it ran them. */
  readonly workerDiagnostics: readonly Diagnostic[] | undefined;
}

/**
 * Every finding to report, sorted: the rules' (those the worker ran first), Schematic's own, the dbt
 * coverage warning; then suppressions, the history not under review, and --quiet.
 */
async function findings(
  analysed: Analysed,
  inputs: AnalysisInputs,
  settings: AnalysisSettings,
): Promise<Diagnostic[]> {
  const { scripts, replays, isPending, dbt, workerDiagnostics } = analysed;
  const active = settings.activeRules;
  const notReviewed = inputs.notReviewed ?? new Set<string>();
  const unsuppressed = [
    // Rules the worker ran come first; the sort below orders all findings by file, place and rule.
    ...(workerDiagnostics ?? []),
    ...lintHistory(replays, settings.dialect, {
      rules: workerDiagnostics ? rulesNeedingDbt(active, true) : active,
      ...(dbt && { dbt }),
      ...(inputs.pending && { pending: inputs.pending }),
      ...(inputs.fileFacts && { fileFacts: inputs.fileFacts }),
      ...(settings.timings && { timeRule: settings.timings.addRule.bind(settings.timings) }),
    }),
    ...coreDiagnostics(replays, isPending),
    ...(await dbtCoverage(replays, isPending, dbt, active)),
  ];
  settings.timings?.mark("rules");
  const diagnostics = applySuppressions(
    unsuppressed,
    scripts.map((script) => ({
      path: script.path,
      text: script.text,
      statements: script.parsed.statements,
      pending: isPending(script.path),
    })),
    {
      knownRules: new Set([...settings.rules.map((rule) => rule.meta.id), ...CORE_DIAGNOSTIC_IDS]),
      today: settings.today ?? new Date().toISOString().slice(0, 10),
    },
  )
    .filter((diagnostic) => diagnostic.pending || !notReviewed.has(diagnostic.file))
    // --quiet, as ESLint's: warnings and notes are not reported, nor counted.
    .filter((diagnostic) => !settings.quiet || diagnostic.severity === "error")
    .sort(compareDiagnostics);
  settings.timings?.mark("suppressions");
  return diagnostics;
}

/** The Report of the findings: counts, the verdict, what was checked, and the notes in their order. */
function reportOf(
  analysed: Analysed,
  diagnostics: readonly Diagnostic[],
  inputs: AnalysisInputs,
  settings: AnalysisSettings,
): Report {
  const { scripts, replays, project, dbt } = analysed;
  const { dialect, cwd } = settings;
  const failOn = SEVERITY_RANK[settings.failOn];
  const summary = summarize(diagnostics);
  const tooManyWarnings = settings.maxWarnings !== undefined && summary.warnings > settings.maxWarnings;
  const notes: string[] = [...(inputs.notes ?? [])];
  if (!project)
    notes.push(
      "No dbt project configured: downstream model checks were skipped (use --dbt-project or --manifest).",
    );
  if (inputs.pending && inputs.pending.size === 0)
    notes.push("No migration file is pending: nothing under review.");
  return {
    blocked:
      diagnostics.some((diagnostic) => diagnostic.pending && SEVERITY_RANK[diagnostic.severity] >= failOn) ||
      tooManyWarnings,
    ...(tooManyWarnings && { maxWarningsExceeded: settings.maxWarnings }),
    summary,
    diagnostics,
    sources: new Map(scripts.map((script) => [script.path, script.text])),
    dialect: dialect.name,
    migrationsChecked: scripts.length,
    excludedFiles: inputs.excluded ?? [],
    pendingFiles: inputs.pending ? [...inputs.pending] : scripts.map((script) => script.path),
    statements: scripts.reduce((sum, script) => sum + script.parsed.statements.length, 0),
    ...(project && {
      dbt: {
        manifestPath: toDisplayPath(cwd, project.manifestPath),
        ...(project.catalogPath && { catalogPath: toDisplayPath(cwd, project.catalogPath) }),
        adapter: project.adapter,
        nodes: project.nodes.size,
      },
    }),
    notes: [...notes, ...(dbt?.notes() ?? [])],
    warnings: inputs.warnings ?? [],
    catalog:
      replays.at(-1)?.after ?? startCatalog(dialect, defaultSchemaFor(dialect, settings.defaultSchema)),
  };
}

/**
 * Scripts to Report: parse (stopping at the first file that does not parse, reported with its place and
 * what to do), replay, read the dbt project (when the inputs name one), then the findings and the Report.
 */
export async function analyze(inputs: AnalysisInputs, settings: AnalysisSettings): Promise<Report> {
  const { dialect } = settings;
  const artifacts = inputs.dbt && !("project" in inputs.dbt) ? inputs.dbt : undefined;
  const defaultSchema = defaultSchemaFor(dialect, settings.defaultSchema);
  const { scripts, early, workerDiagnostics } = await parseMigrationFiles(settings, inputs.scripts, {
    artifacts,
    defaultSchema,
    pending: inputs.pending,
    fileFacts: inputs.fileFacts ?? new Map(),
  });
  for (const script of scripts) {
    if (script.parsed.errors.length > 0) throw parseErrorFor(script, settings);
  }
  if (early?.error) throw early.error;

  const replays = replayHistory(scripts, dialect, defaultSchema);
  settings.timings?.mark("replay into the catalog");
  const pending = inputs.pending;
  const isPending = (file: string) => (pending ? pending.has(file) : true);
  const project =
    inputs.dbt && "project" in inputs.dbt
      ? inputs.dbt.project
      : artifacts &&
        (await readDbtProject(
          artifacts,
          settings,
          reviewTouchesUndescribedTables(replays, isPending),
          early?.project,
        ));
  if (project) settings.timings?.mark("read dbt artifacts");
  const dbt = project ? await dbtImpactFor(project, replays, dialect) : undefined;
  if (dbt) settings.timings?.mark("dbt impact index");
  const analysed: Analysed = { scripts, replays, isPending, project, dbt, workerDiagnostics };
  return reportOf(analysed, await findings(analysed, inputs, settings), inputs, settings);
}
