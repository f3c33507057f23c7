/**
 * `schematic init`: a starting schematic.yml from what a repository holds. The migrations folder is the
 * one with the most versioned migrations in a layout the loader reads; the dialect comes from a dbt
 * manifest's adapter_type, else from words only one database's SQL uses; the dbt project is the folder
 * of dbt_project.yml. Every guess is reported with its reason, so that the user can correct it.
 */
import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DialectName } from "../dialects/dialect.js";
import { DIALECT_NAMES, DIALECTS, dialectForAdapter } from "../dialects/index.js";
import { classifyMigrationPath, versionOf } from "../migrations/loader.js";
import {
  PLACEHOLDER_SYNTAXES,
  type PlaceholderSyntax,
  substitutePlaceholders,
} from "../migrations/placeholders.js";

/** Folders never searched: dependencies, build output, dbt's own packages and target. */
const SKIPPED = new Set([
  "node_modules",
  "dbt_packages",
  "target",
  "dist",
  "build",
  "vendor",
  "venv",
  "logs",
]);
/** Bounds on the search, so that init answers at once in a monorepo. */
const MAX_DEPTH = 6;
const MAX_FOLDERS = 5000;

/** Every folder under `root` (itself included), breadth first, within the bounds. */
function foldersUnder(root: string): string[] {
  const folders = [root];
  for (let i = 0; i < folders.length && folders.length < MAX_FOLDERS; i++) {
    const folder = folders[i]!;
    if (path.relative(root, folder).split(path.sep).length >= MAX_DEPTH) continue;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue; // unreadable: nothing to find there
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED.has(entry.name)) {
        folders.push(path.join(folder, entry.name));
      }
    }
  }
  return folders;
}

function sqlFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.sql$/i.test(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function subfoldersOf(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** A migration named by a number, as tools order them: 0001_x, 20240131_x, V2__x, authelia's V0001.x. */
function isNumbered(id: string): boolean {
  return versionOf(id) !== undefined || /^V\d/i.test(id.split("/").pop()!);
}

/**
 * The migration files (relative paths) a folder holds in a layout the loader reads: versioned `.sql` files
 * in it, diesel's `<version>_name/up.sql`, and scripts in dialect folders (`postgres/V0001.name.up.sql`).
 * Other subfolders are left to be candidates of their own.
 */
function versionedMigrationsIn(folder: string): string[] {
  const nested = subfoldersOf(folder).flatMap((sub) =>
    sqlFilesIn(path.join(folder, sub)).map((file) => `${sub}/${file}`),
  );
  return [...sqlFilesIn(folder), ...nested].filter((file) =>
    DIALECT_NAMES.some((dialect) => {
      const entry = classifyMigrationPath(file, dialect);
      // Down scripts are the same migrations again: not counted.
      if (!entry || entry.direction === "down" || !isNumbered(entry.id)) return false;
      return !file.includes("/") || entry.dialectTagged || /\/(up|down)\.sql$/i.test(file);
    }),
  );
}

export interface FoundMigrations {
  /** Absolute. */
  readonly folder: string;
  /** The up (or only) script of each versioned migration, relative to the folder. */
  readonly files: readonly string[];
}

/** The folder with the most versioned migrations; on a tie, the one nearest the root. */
export function findMigrationsFolder(root: string): FoundMigrations | undefined {
  let best: FoundMigrations | undefined;
  for (const folder of foldersUnder(root)) {
    const files = versionedMigrationsIn(folder);
    if (files.length > (best?.files.length ?? 0)) best = { folder, files };
  }
  return best;
}

/** The folder of the dbt_project.yml nearest the root. */
export function findDbtProject(root: string): string | undefined {
  return foldersUnder(root).find((folder) => existsSync(path.join(folder, "dbt_project.yml")));
}

export interface DialectGuess {
  readonly dialect: DialectName;
  /** Why: the adapter, or the words found. */
  readonly reason: string;
}

/** A dialect whose SQL extends another's (StarRocks, MySQL-flavoured): the more specific guess on a tie. */
const extendsOther = (dialect: DialectName) => DIALECTS[dialect].extends !== undefined;

/**
 * The dialect whose markers (the registry's words only its DDL uses) the texts use most; a dialect that
 * extends another wins ties.
 */
export function guessDialectFromSql(texts: readonly string[]): DialectGuess | undefined {
  const sample = texts.join("\n").slice(0, 2_000_000);
  const scores = DIALECT_NAMES.map((dialect) => {
    const found = DIALECTS[dialect].markers.filter(([, marker]) => marker.test(sample));
    return { dialect, found: found.map(([label]) => label) };
  }).sort(
    (a, b) =>
      b.found.length - a.found.length || Number(extendsOther(b.dialect)) - Number(extendsOther(a.dialect)),
  );
  const best = scores[0]!;
  if (best.found.length === 0) return undefined;
  return { dialect: best.dialect, reason: `the SQL uses ${best.found.slice(0, 3).join(", ")}` };
}

/** The dialect a dbt project's manifest (in its target folder) names, when there is one. */
export function guessDialectFromManifest(dbtProject: string): DialectGuess | undefined {
  const manifest = path.join(dbtProject, "target", "manifest.json");
  let head: string;
  try {
    head = readFileSync(manifest, "utf8").slice(0, 64 * 1024);
  } catch {
    return undefined;
  }
  const adapter = /"adapter_type"\s*:\s*"([^"\\]+)"/.exec(head)?.[1];
  const dialect = adapter === undefined ? undefined : dialectForAdapter(adapter);
  return dialect ? { dialect, reason: `the dbt manifest's adapter_type is ${adapter}` } : undefined;
}

/** Placeholders the migrations use, by syntax, with their names. */
export function placeholdersIn(texts: readonly string[]): { syntax: PlaceholderSyntax[]; names: string[] } {
  const names = new Set<string>();
  const syntax: PlaceholderSyntax[] = [];
  for (const candidate of PLACEHOLDER_SYNTAXES) {
    // psql's bare :name looks like an array slice; only its quoted forms are taken as a sign.
    const found = texts.flatMap((text) =>
      substitutePlaceholders(text, {}, [candidate]).unknown.filter(
        (placeholder) => candidate !== "psql" || /^:['"]/.test(text.slice(placeholder.offset)),
      ),
    );
    if (found.length === 0) continue;
    syntax.push(candidate);
    for (const placeholder of found) names.add(placeholder.name);
  }
  return { syntax, names: [...names].sort() };
}

export interface InitFindings {
  readonly migrations?: FoundMigrations;
  readonly dialect?: DialectGuess;
  readonly dbtProject?: string;
  readonly placeholders: { readonly syntax: readonly PlaceholderSyntax[]; readonly names: readonly string[] };
}

/** Looks through the repository under `root`. */
export function inspectRepository(root: string): InitFindings {
  const migrations = findMigrationsFolder(root);
  const texts = (migrations?.files ?? []).slice(0, 500).map((file) => {
    try {
      return readFileSync(path.join(migrations!.folder, file), "utf8");
    } catch {
      return "";
    }
  });
  const dbtProject = findDbtProject(root);
  const dialect = (dbtProject && guessDialectFromManifest(dbtProject)) || guessDialectFromSql(texts);
  return {
    ...(migrations && { migrations }),
    ...(dialect && { dialect }),
    ...(dbtProject && { dbtProject }),
    placeholders: placeholdersIn(texts),
  };
}

const yamlString = (value: string) => (/^[\w./-]+$/.test(value) ? value : JSON.stringify(value));

/** schematic.yml for what was found, paths relative to `root`; what was not found stays a comment. */
export function renderConfig(findings: InitFindings, root: string): string {
  const relative = (folder: string) => path.relative(root, folder).split(path.sep).join("/") || ".";
  const lines = [
    "# yaml-language-server: $schema=node_modules/schematic/schema/schematic.schema.json",
    "# Written by `schematic init`; every key is described in the schema and the README.",
    findings.dialect
      ? `dialect: ${findings.dialect.dialect} # ${findings.dialect.reason}`
      : `# dialect: postgres # ${DIALECT_NAMES.join(" | ")} (default: the dbt manifest's adapter, else postgres)`,
    findings.migrations
      ? `migrations: ${yamlString(relative(findings.migrations.folder))}`
      : "# migrations: migrations # the folder of your SQL migrations",
  ];
  const { syntax, names } = findings.placeholders;
  if (syntax.length > 0) {
    lines.push(`placeholderSyntax: ${syntax.length === 1 ? syntax[0] : `[${syntax.join(", ")}]`}`);
    lines.push("placeholders: # TODO: the value of each placeholder the migrations use");
    for (const name of names) lines.push(`  ${yamlString(name)}: ${yamlString(name)}`);
  }
  lines.push(
    ...(findings.dbtProject
      ? ["dbt:", `  project: ${yamlString(relative(findings.dbtProject))} # reads its target/manifest.json`]
      : ["# dbt:", "#   project: analytics # the folder of dbt_project.yml"]),
    "# base: origin/main # files changed since this ref are the change under review",
    "# baseline: '0042' # on an old repository: the first migration to review",
    "",
  );
  return lines.join("\n");
}
