import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import {
  allRelations,
  type Catalog,
  emptyCatalog,
  findTable,
  formatName,
  qualify,
} from "../catalog/model.js";
import { type FileReplay, type ParsedScript, replayScripts } from "../catalog/replay.js";
import type { SchematicConfig } from "../config/config.js";
import type { DbtProject } from "../dbt/model.js";
import type { Dialect, DialectName } from "../dialects/dialect.js";
import { createDialect } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import type { Diagnostic } from "../lint/diagnostic.js";
import { compareDiagnostics, SEVERITY_RANK } from "../lint/diagnostic.js";
import { qualifiedTarget } from "../lint/helpers.js";
import type { Rule } from "../lint/rule.js";
import { dialectHooks, rulesNeedingDbt, runRules } from "../lint/runner.js";
import { createRuleResolver } from "../lint/settings.js";
import { applySuppressions } from "../lint/suppressions.js";
import { loadMigrations, toDisplayPath } from "../migrations/loader.js";
import { substitutePlaceholders } from "../migrations/placeholders.js";
import { MIGRATION_FILE, readTextFile } from "../read-file.js";
import { LineIndex } from "../sql/span.js";
import { type ParallelParse, parseInWorker, worthParsingInWorker } from "./parallel-parse.js";
import { ParseCache, ProjectCache } from "./parse-cache.js";
import { parseScript, parseScriptCached } from "./parse-script.js";
import { filesChangedSince } from "./pending.js";
import type { Timings } from "./timings.js";

export interface CheckOptions {
  readonly cwd: string;
  readonly config: SchematicConfig;
  readonly rules: readonly Rule[];
  readonly dialect?: DialectName;
  readonly migrations?: string;
  readonly dbtProject?: string;
  readonly manifest?: string;
  readonly catalog?: string;
  readonly targetPath?: string;
  /** Files under review. Files outside the migrations folder are checked after the whole history. */
  readonly pending?: readonly string[];
  readonly base?: string;
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
export const CORE_DIAGNOSTIC_IDS = ["opaque-statement", "history-mismatch"] as const;

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
  readonly statements: number;
  readonly dbt?: {
    readonly manifestPath: string;
    readonly catalogPath?: string;
    readonly adapter: string;
    readonly nodes: number;
  };
  /** Context lines for the report: what was and was not checked. */
  readonly notes: readonly string[];
  readonly catalog: Catalog;
}

function parseErrorFor(script: ParsedScript, unknownPlaceholder?: string): SchematicError {
  const error = script.parsed.errors[0]!;
  const position = new LineIndex(script.text).position(error.offset);
  const more =
    script.parsed.errors.length > 1 ? ` (and ${script.parsed.errors.length - 1} more in this file)` : "";
  return new SchematicError("sql-parse", `${error.message}${more}.`, {
    location: { file: script.path, line: position.line, column: position.column },
    hint:
      unknownPlaceholder !== undefined
        ? `The file uses the placeholder \${${unknownPlaceholder}}: give it a value under placeholders: in schematic.yml.`
        : (error.hint ?? "Fix the SQL (it must be valid for the configured dialect), or check --dialect."),
  });
}

function realPathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function resolvePending(
  options: CheckOptions,
  migrationPaths: ReadonlyMap<string, string>,
): {
  pendingDisplay: Set<string> | undefined;
  extraFiles: string[];
} {
  const base = options.base ?? options.config.base;
  if (options.pending && options.pending.length > 0) {
    const pendingDisplay = new Set<string>();
    const extraFiles: string[] = [];
    for (const file of options.pending) {
      const absolute = path.resolve(options.cwd, file);
      const display = migrationPaths.get(absolute) ?? migrationPaths.get(realPathOrSelf(absolute));
      if (display) pendingDisplay.add(display);
      else if (existsSync(absolute)) {
        extraFiles.push(absolute);
        pendingDisplay.add(toDisplayPath(options.cwd, absolute));
      } else {
        throw new SchematicError("io", `The pending file ${file} does not exist.`, {
          hint: "Pass the path of a migration file (relative to the current folder) to --pending.",
        });
      }
    }
    return { pendingDisplay, extraFiles };
  }
  if (base) {
    const changed = filesChangedSince(base, options.cwd);
    const pendingDisplay = new Set(
      changed.map((file) => migrationPaths.get(file)).filter((p): p is string => !!p),
    );
    return { pendingDisplay, extraFiles: [] };
  }
  return { pendingDisplay: undefined, extraFiles: [] };
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
  ]).then(([locate, json, manifest, impact]) => ({ ...locate, ...json, ...manifest, ...impact }));

async function locateDbtArtifacts(options: CheckOptions): Promise<DbtArtifacts | undefined> {
  const dbtProject = options.dbtProject ?? options.config.dbt.project;
  const manifest = options.manifest ?? options.config.dbt.manifest;
  if (!dbtProject && !manifest) return undefined;
  const catalog = options.catalog ?? options.config.dbt.catalog;
  const targetPath = options.targetPath ?? options.config.dbt.targetPath;
  const { locateArtifacts, prefetchArtifact, MANIFEST_KIND } = await dbtModules();
  const located = locateArtifacts({
    ...(dbtProject && { dbtProject: path.resolve(options.cwd, dbtProject) }),
    ...(manifest && { manifest: path.resolve(options.cwd, manifest) }),
    ...(catalog && { catalog: path.resolve(options.cwd, catalog) }),
    ...(targetPath && { targetPath }),
    env: options.env ?? process.env,
    cwd: options.cwd,
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
    defaultSchema: string;
    pending: ReadonlySet<string> | undefined;
  },
): Promise<ParsedHistory> {
  const placeholders = options.config.placeholders;
  const { artifacts } = context;
  // A parse session (MySQL procedures carried across files) makes a file's parse depend on earlier files:
  // such dialects are parsed in order, here, and not cached.
  const session = dialect.createSession?.();
  if (!session && artifacts && !options.cache && parallelParseWanted(options, scriptsToParse, artifacts)) {
    const parsing = parseInWorker({
      dialect: dialect.name,
      scripts: scriptsToParse,
      placeholders,
      ...(options.rules === RULES && {
        rules: {
          config: options.config,
          cwd: options.cwd,
          defaultSchema: context.defaultSchema,
          ...(context.pending && { pending: [...context.pending] }),
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
      ? parseScriptCached(dialect, cache, scriptPath, text, placeholders)
      : parseScript(dialect, scriptPath, text, placeholders, session);
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

/**
 * Every column each table had at any file boundary of the history, keyed case-insensitively, for
 * expanding `select *` in models compiled against the schema before the change. Tables whose columns
 * are not fully known (CREATE TABLE AS, assumed tables) are left out: a partial list would mislead.
 */
function columnsEverKnown(
  replays: readonly FileReplay[],
): (schema: string, name: string) => readonly string[] | undefined {
  const known = new Map<string, Set<string>>();
  const incomplete = new Set<string>();
  const catalogs = replays.length > 0 ? [replays[0]!.before, ...replays.map((replay) => replay.after)] : [];
  for (const catalog of catalogs) {
    for (const relation of allRelations(catalog)) {
      if (relation.kind !== "table") continue;
      const key = `${relation.name.schema}.${relation.name.name}`.toLowerCase();
      if (relation.columnsUnknown) incomplete.add(key);
      const columns = known.get(key) ?? new Set<string>();
      for (const column of relation.columns) columns.add(column.name.toLowerCase());
      known.set(key, columns);
    }
  }
  return (schema, name) => {
    const key = `${schema}.${name}`.toLowerCase();
    const columns = known.get(key);
    return columns && !incomplete.has(key) ? [...columns] : undefined;
  };
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const { config, cwd } = options;
  const dialectName = options.dialect ?? config.dialect ?? "postgres";
  // Located (and the manifest's read started) first, so that reading it overlaps the work below; a
  // problem with it is reported where it was before, after the migrations' own.
  const locating = locateDbtArtifacts(options).then(
    (artifacts) => ({ artifacts }),
    (error: unknown) => ({ error }),
  );
  const dialect = await createDialect(dialectName);
  const migrationsDir = options.migrations ?? config.migrations ?? "migrations";
  const migrations = loadMigrations(migrationsDir, { dialect: dialectName, cwd });
  // By the path in the folder and, for a symbolic link, by the file it leads to, which is what git names.
  const migrationPaths = new Map(
    migrations.flatMap((migration) => [
      [migration.up.realPath, migration.up.path] as const,
      [migration.up.absolutePath, migration.up.path] as const,
    ]),
  );
  const { pendingDisplay, extraFiles } = resolvePending(options, migrationPaths);
  options.timings?.mark("load migrations");

  const scriptsToParse = [
    ...migrations.map((migration) => ({ path: migration.up.path, text: migration.up.text })),
    ...extraFiles.map((file) => {
      const display = toDisplayPath(cwd, file);
      return {
        path: display,
        text: readTextFile(file, { ...MIGRATION_FILE, label: "pending file", display }),
      };
    }),
  ];
  const located = await locating;
  if ("error" in located) throw located.error;
  const { artifacts } = located;
  // MySQL and StarRocks have no default schema: unqualified names are in the connection's current
  // database, which the history does not name (the empty schema; reports show such names bare).
  const defaultSchema = config.defaultSchema ?? dialect.defaultSchema ?? "";
  const { scripts, early, workerDiagnostics } = await parseMigrationFiles(options, dialect, scriptsToParse, {
    artifacts,
    defaultSchema,
    pending: pendingDisplay,
  });
  for (const script of scripts) {
    if (script.parsed.errors.length === 0) continue;
    const unknown = substitutePlaceholders(script.text, config.placeholders).unknown[0]?.name;
    throw parseErrorFor(script, unknown);
  }
  if (early?.error) throw early.error;

  const startCatalog = emptyCatalog(defaultSchema, {
    columnNamesIgnoreCase: dialect.columnNamesIgnoreCase,
    maxColumnsPerTable: dialect.capabilities.maxColumnsPerTable,
  });
  const replays = replayScripts(scripts, startCatalog);
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
  const finalCatalog = replays.at(-1)?.after ?? startCatalog;
  const dbt = project
    ? await (await dbtModules()).buildDbtImpact(project, {
        tableColumns: columnsEverKnown(replays),
        dialect: dialectName,
      })
    : undefined;
  if (dbt) options.timings?.mark("dbt impact index");

  const active = createRuleResolver(options.rules, config, cwd);
  const unsuppressed = [
    // Rules the worker ran come first; the sort below orders all findings by file, place and rule.
    ...(workerDiagnostics ?? []),
    ...runRules(replays, {
      rules: workerDiagnostics ? rulesNeedingDbt(active, true) : active,
      dialect: hooks,
      ...(dbt && { dbt }),
      ...(pendingDisplay && { pending: pendingDisplay }),
      ...(options.timings && { timeRule: options.timings.addRule.bind(options.timings) }),
    }),
    ...coreDiagnostics(replays, isPending),
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
  ).sort(compareDiagnostics);
  options.timings?.mark("suppressions");

  const failOn = SEVERITY_RANK[config.failOn ?? "error"];
  const counted = diagnostics.filter((diagnostic) => diagnostic.pending);
  const summary: CheckSummary = {
    errors: counted.filter((d) => d.severity === "error").length,
    warnings: counted.filter((d) => d.severity === "warning").length,
    infos: counted.filter((d) => d.severity === "info").length,
  };
  const notes: string[] = [];
  if (!project)
    notes.push(
      "No dbt project configured: downstream model checks were skipped (use --dbt-project or --manifest).",
    );
  if (pendingDisplay && pendingDisplay.size === 0)
    notes.push("No migration file is pending: nothing under review.");
  return {
    blocked: counted.some((diagnostic) => SEVERITY_RANK[diagnostic.severity] >= failOn),
    summary,
    diagnostics,
    sources: new Map(scripts.map((script) => [script.path, script.text])),
    dialect: dialectName,
    migrationsChecked: scripts.length,
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
    catalog: finalCatalog,
  };
}
