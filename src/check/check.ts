import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { type Catalog, findTable, formatName, qualify } from "../catalog/model.js";
import type { FileReplay, ParsedScript } from "../catalog/replay.js";
import {
  type CheckSettings,
  chooseDialect,
  resolveSettings,
  type SettingsInput,
} from "../config/settings.js";
import type { DbtProject } from "../dbt/model.js";
import type { Dialect, DialectName } from "../dialects/dialect.js";
import { createDialect } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import type { DbtImpact } from "../lint/dbt-impact.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import { compareDiagnostics, SEVERITY_RANK } from "../lint/diagnostic.js";
import { qualifiedTarget } from "../lint/helpers.js";
import type { MigrationFileFacts, Rule } from "../lint/rule.js";
import { type ActiveRule, dialectHooks, rulesNeedingDbt, runRules } from "../lint/runner.js";
import { applySuppressions } from "../lint/suppressions.js";
import { createExcludeMatcher } from "../migrations/exclude.js";
import { type BaseMigrations, migrationFileFacts } from "../migrations/integrity.js";
import {
  compareVersions,
  type LoadMigrationsOptions,
  loadMigrations,
  loadScript,
  type Migration,
  type MigrationScript,
  toDisplayPath,
} from "../migrations/loader.js";
import {
  type PlaceholderSyntax,
  substitutePlaceholders,
  unconfiguredSyntaxesIn,
} from "../migrations/placeholders.js";
import { LineIndex } from "../sql/span.js";
import { dbtImpactOptions, defaultSchemaFor, replayHistory, startCatalog } from "./history.js";
import { type ParallelParse, parseInWorker, worthParsingInWorker } from "./parallel-parse.js";
import { ParseCache, ProjectCache } from "./parse-cache.js";
import { parseScript, parseScriptCached } from "./parse-script.js";
import { baseRevision, blobId, filesAtBase, filesChangedSince, textAtBase } from "./pending.js";
import type { Timings } from "./timings.js";

/**
 * A check's options: the configuration and what overrides it (SettingsInput: the CLI's flags, merged by
 * resolveSettings), and how to run.
 */
export interface CheckOptions extends SettingsInput {
  readonly rules: readonly Rule[];
  readonly env?: NodeJS.ProcessEnv;
  /** Reuse parses of unchanged migration files from an earlier run (see ParseCache). */
  readonly cache?: boolean;
  readonly cacheDirectory?: string;
  /** Today (YYYY-MM-DD), for suppression expiry; the clock's date when absent. */
  readonly today?: string;
  /** Whether migrations are parsed on a worker thread while the manifest is read (default auto). */
  readonly parallelParse?: ParallelParse;
  /** Collects where the time goes (SCHEMATIC_TIMING), when given. */
  readonly timings?: Timings;
}

/** Findings Schematic makes itself (not rules), which suppressions may also name. */
export const CORE_DIAGNOSTIC_IDS = ["opaque-statement", "history-mismatch", "dbt-no-match"] as const;

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface CheckResult {
  readonly blocked: boolean;
  readonly summary: CheckSummary;
  readonly diagnostics: readonly Diagnostic[];
  /** File texts by display path, for formatters to turn offsets into lines and underline spans. */
  readonly sources: ReadonlyMap<string, string>;
  readonly dialect: DialectName;
  readonly migrationsChecked: number;
  readonly pendingFiles: readonly string[];
  /** Display paths of the files excluded by configuration or flag: neither parsed nor replayed. */
  readonly excludedFiles: readonly string[];
  readonly statements: number;
  readonly dbt?: {
    readonly manifestPath: string;
    readonly catalogPath?: string;
    readonly adapter: string;
    readonly nodes: number;
  };
  /** Context lines for the report: what was and was not checked. */
  readonly notes: readonly string[];
  /** --max-warnings, when the change has more warnings than it allows (which blocks it). */
  readonly maxWarningsExceeded?: number;
  /** Problems with the inputs that do not stop the check (a dialect the dbt adapter does not speak). */
  readonly warnings?: readonly string[];
  readonly catalog: Catalog;
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
  settings: CheckSettings,
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

function parseErrorFor(script: ParsedScript, settings: CheckSettings): SchematicError {
  const error = script.parsed.errors[0]!;
  const position = new LineIndex(script.text).position(error.offset);
  const more =
    script.parsed.errors.length > 1 ? ` (and ${script.parsed.errors.length - 1} more in this file)` : "";
  return new SchematicError("sql-parse", `${error.message}${more}.`, {
    location: { file: script.path, line: position.line, column: position.column },
    hint: parseErrorHint(script, settings, error.hint),
  });
}

/** Display paths of the migrations before the baseline version: replayed, never reviewed unless pending. */
function historyBefore(migrations: readonly Migration[], baseline: string | undefined): Set<string> {
  if (baseline === undefined) return new Set();
  return new Set(
    migrations
      .filter(
        (migration) => migration.version !== undefined && compareVersions(migration.version, baseline) < 0,
      )
      .map((migration) => migration.up.path),
  );
}

function realPathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function resolvePending(
  settings: CheckSettings,
  migrationPaths: ReadonlyMap<string, string>,
  notReviewed: ReadonlySet<string>,
): {
  pendingDisplay: Set<string> | undefined;
  extraFiles: string[];
} {
  const { cwd, base } = settings;
  if (settings.pending) {
    const pendingDisplay = new Set<string>();
    const extraFiles: string[] = [];
    for (const absolute of settings.pending) {
      const display = migrationPaths.get(absolute) ?? migrationPaths.get(realPathOrSelf(absolute));
      if (display) pendingDisplay.add(display);
      else if (existsSync(absolute)) {
        extraFiles.push(absolute);
        pendingDisplay.add(toDisplayPath(cwd, absolute));
      } else {
        throw new SchematicError("io", `The pending file ${toDisplayPath(cwd, absolute)} does not exist.`, {
          hint: "Pass the path of a migration file (relative to the current folder) to --pending.",
        });
      }
    }
    return { pendingDisplay, extraFiles };
  }
  if (base) {
    const changed = filesChangedSince(base, cwd);
    const pendingDisplay = new Set(
      changed.map((file) => migrationPaths.get(file)).filter((p): p is string => !!p),
    );
    return { pendingDisplay, extraFiles: [] };
  }
  if (notReviewed.size > 0) {
    // The whole history is under review, but for what comes before the baseline.
    const reviewed = [...migrationPaths.values()].filter((file) => !notReviewed.has(file));
    return { pendingDisplay: new Set(reviewed), extraFiles: [] };
  }
  return { pendingDisplay: undefined, extraFiles: [] };
}

/**
 * The manifest's metadata.adapter_type, read from its first 64 KiB (dbt writes metadata first), so that
 * the dialect can be chosen before the manifest is read. Undefined when it cannot be read there: the
 * manifest's own read reports what is wrong with it.
 */
function manifestAdapterType(manifestPath: string): string | undefined {
  let head: string;
  try {
    const file = openSync(manifestPath, "r");
    try {
      const buffer = Buffer.alloc(64 * 1024);
      head = buffer.toString("utf8", 0, readSync(file, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(file);
    }
  } catch {
    return undefined;
  }
  const metadataEnd = head.search(/"(nodes|sources|macros)"\s*:/);
  const metadata = metadataEnd === -1 ? head : head.slice(0, metadataEnd);
  return /"adapter_type"\s*:\s*"([^"\\]+)"/.exec(metadata)?.[1]?.toLowerCase();
}

/**
 * Facts about the migration files for the integrity rules: duplicate versions always; with a base ref,
 * which changed files edit an applied migration or sort before one. With explicit pending files and a
 * base from the configuration, a base that git cannot find is a note, not an error (the base is not
 * what decides the review then).
 */
function integrityFacts(
  settings: CheckSettings,
  migrations: readonly Migration[],
  changed: ReadonlySet<string> | undefined,
  dialect: Dialect,
  notes: string[],
): Map<string, MigrationFileFacts> {
  let base: BaseMigrations | undefined;
  if (settings.base && changed) {
    try {
      const revision = baseRevision(settings.base, settings.cwd);
      const folder = path.resolve(settings.cwd, settings.migrations);
      const files = filesAtBase(revision, folder);
      base = {
        has: (file) => files.has(file),
        // The same bytes as at the base: no need to ask git for its text (pre-commit --all-files passes all).
        unchanged: (file) => sameBlob(file, files.get(file)),
        text: (file) => textAtBase(revision, file),
      };
    } catch (error) {
      if (!settings.pending || !(error instanceof SchematicError)) throw error;
      notes.push(
        `Migration edits and order were not checked against ${settings.base}: ${error.message.replace(/\.$/, "")}.`,
      );
    }
  }
  return migrationFileFacts({
    migrations,
    changed,
    ...(base && { base }),
    tokens: (sql) => dialect.tokens(sql),
  });
}

/**
 * The migrations to replay, and which files are under review: the migrations folder and the pending files
 * outside it, read by the loader, less the excluded files; the history before the baseline not reviewed.
 */
function selectMigrations(settings: CheckSettings, dialect: DialectName) {
  const { cwd } = settings;
  const folder = path.isAbsolute(settings.migrations)
    ? toDisplayPath(cwd, settings.migrations)
    : settings.migrations;
  const isExcluded = createExcludeMatcher(settings.exclude);
  const { kept: migrations, excluded } = withoutExcluded(
    loadMigrations(folder, { dialect, cwd }),
    isExcluded,
  );
  // By the path in the folder and, for a symbolic link, by the file it leads to, which is what git names.
  const migrationPaths = new Map(
    migrations.flatMap((migration) => [
      [migration.up.realPath, migration.up.path] as const,
      [migration.up.absolutePath, migration.up.path] as const,
    ]),
  );
  const notReviewed = historyBefore(migrations, settings.baseline);
  const { pendingDisplay, extraFiles } = resolvePending(settings, migrationPaths, notReviewed);
  for (const file of extraFiles.filter(isExcluded)) {
    const display = toDisplayPath(cwd, file);
    pendingDisplay?.delete(display);
    if (!excluded.includes(display)) excluded.push(display);
  }
  const outside = loadPendingOutside(
    extraFiles.filter((file) => !isExcluded(file)),
    { dialect, cwd },
  );
  for (const file of outside.skipped) pendingDisplay?.delete(file);
  return { migrations, excluded, notReviewed, pendingDisplay, outside };
}

function sameBlob(file: string, id: string | undefined): boolean {
  if (id === undefined) return false;
  try {
    return blobId(readFileSync(file), id.length === 64 ? "sha256" : "sha1") === id;
  } catch {
    return false;
  }
}

/** The migrations left once excluded files are taken out, and the display paths of those taken out. */
function withoutExcluded(
  migrations: readonly Migration[],
  isExcluded: (absolutePath: string) => boolean,
): { kept: Migration[]; excluded: string[] } {
  const kept: Migration[] = [];
  const excluded: string[] = [];
  for (const migration of migrations) {
    if (isExcluded(migration.up.absolutePath)) excluded.push(migration.up.path);
    else kept.push(migration);
  }
  return { kept, excluded };
}

/**
 * Pending files outside the migrations folder, read by the migration loader like those inside it. A file
 * with nothing to apply (a down script, a script for another database) is named in a note, not replayed.
 */
function loadPendingOutside(
  files: readonly string[],
  options: LoadMigrationsOptions,
): { scripts: MigrationScript[]; skipped: string[]; notes: string[] } {
  const scripts: MigrationScript[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const loaded = loadScript(file, options);
    const display = toDisplayPath(options.cwd ?? process.cwd(), file);
    if (loaded.kind === "up") {
      scripts.push(loaded.script);
      continue;
    }
    skipped.push(display);
    if (loaded.kind === "down-only")
      notes.push(`${display} is a down migration only: nothing in it is applied, so nothing was checked.`);
    else notes.push(`${display} is tagged for another database than ${options.dialect}: it was not checked.`);
  }
  return { scripts, skipped, notes };
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

interface DbtArtifacts {
  readonly manifestPath: string;
  /** catalog.json found or named; whether it is read is decided after replay. */
  readonly catalogPath?: string;
  readonly catalogNamed: boolean;
  /**
   * The manifest's bytes, being read off the main thread from the start of the check while migrations
   * load and parse (not with --cache, whose project may make reading it needless). Taken once: holding
   * on to them would keep 200 MB alive for the rest of the check.
   */
  readonly takeManifestBytes: () => Promise<Buffer> | undefined;
}

/**
 * The prefetched manifest as text, when there is one. The bytes are decoded here so that nothing holds
 * them once this returns: the garbage collector frees them during JSON.parse instead of after the check.
 */
async function prefetchedManifestText(artifacts: DbtArtifacts): Promise<{ text?: string }> {
  const bytes = await artifacts.takeManifestBytes();
  return bytes ? { text: bytes.toString("utf8") } : {};
}

/** The dbt modules load only when a dbt project is configured: a check without one is faster to start. */
const dbtModules = () =>
  Promise.all([
    import("../dbt/locate.js"),
    import("../dbt/json.js"),
    import("../dbt/manifest.js"),
    import("./dbt-impact-index.js"),
    import("./dbt-coverage.js"),
  ]).then(([locate, json, manifest, impact, coverage]) => ({
    ...locate,
    ...json,
    ...manifest,
    ...impact,
    ...coverage,
  }));

async function locateDbtArtifacts(
  settings: CheckSettings,
  options: CheckOptions,
): Promise<DbtArtifacts | undefined> {
  const { project: dbtProject, manifest, catalog, targetPath } = settings.dbt;
  if (!dbtProject && !manifest) return undefined;
  const { locateArtifacts, prefetchArtifact, MANIFEST_KIND } = await dbtModules();
  const located = locateArtifacts({
    ...(dbtProject && { dbtProject }),
    ...(manifest && { manifest }),
    ...(catalog && { catalog }),
    ...(targetPath && { targetPath }),
    env: options.env ?? process.env,
    cwd: settings.cwd,
  });
  let manifestBytes = options.cache ? undefined : prefetchArtifact(located.manifestPath, MANIFEST_KIND);
  // A failed read is reported where the bytes are used; until then it is not an unhandled rejection.
  manifestBytes?.catch(() => undefined);
  return {
    manifestPath: located.manifestPath,
    ...(located.catalogPath !== undefined && { catalogPath: located.catalogPath }),
    catalogNamed: catalog !== undefined,
    takeManifestBytes: () => {
      const taken = manifestBytes;
      manifestBytes = undefined;
      return taken;
    },
  };
}

/**
 * The dbt project; `early` is the manifest already read (without catalog) while migrations were parsed.
 * A catalog found beside the manifest is read only when `wantFoundCatalog`; a named one always.
 */
async function readDbtProject(
  artifacts: DbtArtifacts,
  options: CheckOptions,
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
  options: CheckOptions,
  dialect: Dialect,
  scriptsToParse: readonly { readonly path: string; readonly text: string }[],
  context: {
    artifacts: DbtArtifacts | undefined;
    placeholders: Readonly<Record<string, string>>;
    placeholderSyntax: readonly PlaceholderSyntax[];
    defaultSchema: string;
    pending: ReadonlySet<string> | undefined;
    fileFacts: ReadonlyMap<string, MigrationFileFacts>;
  },
): Promise<ParsedHistory> {
  const { artifacts, placeholders, placeholderSyntax } = context;
  // A parse session (MySQL procedures carried across files) makes a file's parse depend on earlier files:
  // such dialects are parsed in order, here, and not cached.
  const session = dialect.createSession?.();
  if (!session && artifacts && !options.cache && parallelParseWanted(options, scriptsToParse, artifacts)) {
    const parsing = parseInWorker({
      dialect: dialect.name,
      scripts: scriptsToParse,
      placeholders,
      placeholderSyntax,
      ...(options.rules === RULES && {
        rules: {
          config: options.config,
          cwd: options.cwd,
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
    options.timings?.mark("read manifest (history on worker)");
    const parsed = await parsing;
    options.timings?.mark("wait for the worker");
    for (const [id, ms] of parsed.ruleTimes ?? []) options.timings?.addRule(id, ms);
    return {
      scripts: parsed.scripts,
      early,
      ...(parsed.diagnostics && { workerDiagnostics: parsed.diagnostics }),
    };
  }
  const cache = options.cache && !session ? new ParseCache(dialect.name, options.cacheDirectory) : undefined;
  const scripts: ParsedScript[] = [];
  for (const { path: scriptPath, text } of scriptsToParse) {
    const script = cache
      ? parseScriptCached(dialect, cache, scriptPath, text, placeholders, placeholderSyntax)
      : parseScript(dialect, scriptPath, text, placeholders, session, placeholderSyntax);
    // Stop at the first file that does not parse: with a session, later files depend on it.
    if (script.parsed.errors.length > 0) return { scripts: [...scripts, script] };
    scripts.push(script);
  }
  options.timings?.mark("parse migrations");
  return { scripts };
}

function parallelParseWanted(
  options: CheckOptions,
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

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const settings = resolveSettings(options);
  const { cwd } = settings;
  // Located (and the manifest's read started) first, so that reading it overlaps the work below; a
  // problem with it is reported where it was before, after the migrations' own.
  const locating = locateDbtArtifacts(settings, options).then(
    (artifacts) => ({ artifacts }),
    (error: unknown) => ({ error }),
  );
  const adapterOf = (result: Awaited<typeof locating>) =>
    "artifacts" in result && result.artifacts
      ? manifestAdapterType(result.artifacts.manifestPath)
      : undefined;
  // Without a dialect given, the manifest's adapter says which: locating it comes first then.
  const inferred = settings.dialect ? undefined : chooseDialect(settings, adapterOf(await locating));
  const dialectName = settings.dialect ?? inferred!.dialect;
  const dialect = await createDialect(dialectName, {
    ...(settings.lowerCaseTableNames !== undefined && { lowerCaseTableNames: settings.lowerCaseTableNames }),
  });
  const { migrations, excluded, notReviewed, pendingDisplay, outside } = selectMigrations(
    settings,
    dialectName,
  );
  options.timings?.mark("load migrations");
  const integrityNotes: string[] = [];
  const changed = settings.pending || settings.base ? pendingDisplay : undefined;
  const fileFacts = integrityFacts(settings, migrations, changed, dialect, integrityNotes);
  const scriptsToParse = [
    ...migrations.map((migration) => ({ path: migration.up.path, text: migration.up.text })),
    ...outside.scripts,
  ];
  const located = await locating;
  const dialectChoice = inferred ?? chooseDialect(settings, adapterOf(located));
  if ("error" in located) throw located.error;
  const { artifacts } = located;
  const defaultSchema = defaultSchemaFor(dialect, settings.defaultSchema);
  const { scripts, early, workerDiagnostics } = await parseMigrationFiles(options, dialect, scriptsToParse, {
    artifacts,
    placeholders: settings.placeholders,
    placeholderSyntax: settings.placeholderSyntax,
    defaultSchema,
    pending: pendingDisplay,
    fileFacts,
  });
  for (const script of scripts) {
    if (script.parsed.errors.length > 0) throw parseErrorFor(script, settings);
  }
  if (early?.error) throw early.error;

  const replays = replayHistory(scripts, dialect, defaultSchema);
  options.timings?.mark("replay into the catalog");
  const isPending = (file: string) => (pendingDisplay ? pendingDisplay.has(file) : true);
  const project =
    artifacts &&
    (await readDbtProject(
      artifacts,
      options,
      reviewTouchesUndescribedTables(replays, isPending),
      early?.project,
    ));
  if (project) options.timings?.mark("read dbt artifacts");
  const hooks = dialectHooks(dialect);
  const finalCatalog = replays.at(-1)?.after ?? startCatalog(dialect, defaultSchema);
  const dbt = project
    ? await (await dbtModules()).buildDbtImpact(project, dbtImpactOptions(replays, dialect))
    : undefined;
  if (dbt) options.timings?.mark("dbt impact index");

  const active = settings.activeRules;
  const unsuppressed = [
    // Rules the worker ran come first; the sort below orders all findings by file, place and rule.
    ...(workerDiagnostics ?? []),
    ...runRules(replays, {
      rules: workerDiagnostics ? rulesNeedingDbt(active, true) : active,
      dialect: hooks,
      ...(dbt && { dbt }),
      ...(pendingDisplay && { pending: pendingDisplay }),
      fileFacts,
      ...(options.timings && { timeRule: options.timings.addRule.bind(options.timings) }),
    }),
    ...coreDiagnostics(replays, isPending),
    ...(await dbtCoverage(replays, isPending, dbt, active)),
  ];
  options.timings?.mark("rules");
  const diagnostics = applySuppressions(
    unsuppressed,
    scripts.map((script) => ({
      path: script.path,
      text: script.text,
      statements: script.parsed.statements,
      pending: isPending(script.path),
    })),
    {
      knownRules: new Set([...options.rules.map((rule) => rule.meta.id), ...CORE_DIAGNOSTIC_IDS]),
      today: options.today ?? new Date().toISOString().slice(0, 10),
    },
  )
    .filter((diagnostic) => diagnostic.pending || !notReviewed.has(diagnostic.file))
    // --quiet, as ESLint's: warnings and notes are not reported, nor counted.
    .filter((diagnostic) => !settings.quiet || diagnostic.severity === "error")
    .sort(compareDiagnostics);
  options.timings?.mark("suppressions");

  const failOn = SEVERITY_RANK[settings.failOn];
  const counted = diagnostics.filter((diagnostic) => diagnostic.pending);
  const summary: CheckSummary = {
    errors: counted.filter((d) => d.severity === "error").length,
    warnings: counted.filter((d) => d.severity === "warning").length,
    infos: counted.filter((d) => d.severity === "info").length,
  };
  const tooManyWarnings = settings.maxWarnings !== undefined && summary.warnings > settings.maxWarnings;
  const notes: string[] = [
    ...(dialectChoice.note ? [dialectChoice.note] : []),
    ...outside.notes,
    ...integrityNotes,
  ];
  if (notReviewed.size > 0)
    notes.push(
      `History before version ${settings.baseline} (baseline) is replayed into the catalog but not reviewed: ${notReviewed.size} migration${notReviewed.size === 1 ? "" : "s"}.`,
    );
  if (excluded.length > 0)
    notes.push(
      `${excluded.length} migration file${excluded.length === 1 ? " was" : "s were"} excluded (exclude: in schematic.yml, --exclude): not parsed or replayed.`,
    );
  if (!project)
    notes.push(
      "No dbt project configured: downstream model checks were skipped (use --dbt-project or --manifest).",
    );
  if (pendingDisplay && pendingDisplay.size === 0)
    notes.push("No migration file is pending: nothing under review.");
  return {
    blocked: counted.some((diagnostic) => SEVERITY_RANK[diagnostic.severity] >= failOn) || tooManyWarnings,
    ...(tooManyWarnings && { maxWarningsExceeded: settings.maxWarnings }),
    summary,
    diagnostics,
    sources: new Map(scripts.map((script) => [script.path, script.text])),
    dialect: dialectName,
    migrationsChecked: scripts.length,
    excludedFiles: excluded,
    pendingFiles: pendingDisplay ? [...pendingDisplay] : scripts.map((script) => script.path),
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
    warnings: dialectChoice.warning ? [dialectChoice.warning] : [],
    catalog: finalCatalog,
  };
}
