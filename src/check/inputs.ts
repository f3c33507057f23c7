/**
 * Reading a check's inputs: the dialect (given, or the dbt manifest's), the migration files less the
 * excluded ones, which are under review (--pending, --base, the baseline), what git says about them as
 * files, and where the dbt artifacts are. What it finds on the way goes to the report as notes and warnings;
 * `analyze` does the rest.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync } from "node:fs";
import path from "node:path";
import { type CheckSettings, chooseDialect } from "../config/settings.js";
import type { Dialect, DialectName } from "../dialects/dialect.js";
import { createDialect } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import type { MigrationFileFacts } from "../lint/rule.js";
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
import type { AnalysisInputs } from "./analyze.js";
import { locateDbtArtifacts } from "./dbt-artifacts.js";
import { baseRevision, blobId, filesAtBase, filesChangedSince, textAtBase } from "./pending.js";
import type { Timings } from "./timings.js";

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
function selectMigrations(
  settings: CheckSettings,
  dialect: DialectName,
  loaded: readonly Migration[] | undefined,
) {
  const { cwd } = settings;
  const folder = path.isAbsolute(settings.migrations)
    ? toDisplayPath(cwd, settings.migrations)
    : settings.migrations;
  const isExcluded = createExcludeMatcher(settings.exclude);
  const { kept: migrations, excluded } = withoutExcluded(
    loaded ? [...loaded] : loadMigrations(folder, { dialect, cwd }),
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

export interface ReadInputsOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** With --cache the manifest is not prefetched: the cached project may make reading it needless. */
  readonly cache?: boolean;
  readonly timings?: Timings;
  /**
   * The migrations folder as the caller has already loaded it, with the same dialect and folder as the
   * settings: `migrate up` reads the folder to plan, and reading and splitting 285 files again for its
   * check cost tens of milliseconds.
   */
  readonly loadedMigrations?: readonly Migration[];
}

/**
 * The inputs of a check, and the dialect it runs with. The dbt artifacts are located (and the manifest's
 * read started) first, so that reading it overlaps the work here and the parse; a problem locating them is
 * reported after the migrations' own, as it always was.
 */
export async function readCheckInputs(
  settings: CheckSettings,
  options: ReadInputsOptions,
): Promise<{ readonly inputs: AnalysisInputs; readonly dialect: Dialect }> {
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
    // Only for the dialect they were loaded with (a manifest's adapter may choose another).
    settings.dialect === dialectName ? options.loadedMigrations : undefined,
  );
  options.timings?.mark("load migrations");
  const integrityNotes: string[] = [];
  const changed = settings.pending || settings.base ? pendingDisplay : undefined;
  const fileFacts = integrityFacts(settings, migrations, changed, dialect, integrityNotes);
  const scripts = [
    ...migrations.map((migration) => ({ path: migration.up.path, text: migration.up.text })),
    ...outside.scripts.map((script) => ({ path: script.path, text: script.text })),
  ];
  const located = await locating;
  const dialectChoice = inferred ?? chooseDialect(settings, adapterOf(located));
  if ("error" in located) throw located.error;
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
  return {
    dialect,
    inputs: {
      scripts,
      ...(pendingDisplay && { pending: pendingDisplay }),
      notReviewed,
      fileFacts,
      ...(located.artifacts && { dbt: located.artifacts }),
      excluded,
      notes,
      warnings: dialectChoice.warning ? [dialectChoice.warning] : [],
    },
  };
}
