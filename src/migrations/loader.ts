import { realpathSync } from "node:fs";
import path from "node:path";
import type { DialectName } from "../dialects/dialect.js";
import { DIALECT_NAMES, DIALECTS } from "../dialects/index.js";
import { lookupTable } from "../lookup-table.js";
import { MIGRATION_FILE, readTextFile } from "../read-file.js";
import { filesSource, type MigrationSource, toDisplayPath } from "./source.js";

export { filesSource, type MigrationSource, memorySource, toDisplayPath } from "./source.js";

/**
 * One direction of one migration, as text. Sections of other directions in the same file are
 * blanked out (newlines kept), so offsets and line numbers are the file's own.
 */
export interface MigrationScript {
  /** Path as the user should see it (relative to the working directory, forward slashes). */
  readonly path: string;
  readonly absolutePath: string;
  /** The file a symbolic link leads to (absolutePath itself when it is no link): git names this one. */
  readonly realPath: string;
  readonly direction: "up" | "down";
  readonly text: string;
}

export interface Migration {
  /** Ordering key: the path inside the migrations folder without direction and dialect suffixes. */
  readonly id: string;
  /** Leading version (digits, dots, underscores, dashes), when the name has one. */
  readonly version?: string;
  readonly description: string;
  readonly up: MigrationScript;
  readonly down?: MigrationScript;
  /** Flyway repeatable migrations (R__name.sql) run after all versioned ones. */
  readonly repeatable?: boolean;
}

/**
 * Names migration tools put into file or folder names to say which database a script is for: every name
 * and alias of the registered dialects, and the other databases' names (whose scripts are never read).
 */
const DIALECT_TAGS: Readonly<Record<string, DialectName | "other">> = lookupTable({
  ...Object.fromEntries(
    DIALECT_NAMES.flatMap((name) => [name, ...DIALECTS[name].aliases].map((tag) => [tag, name])),
  ),
  psql: "postgres",
  sqlite: "other",
  sqlite3: "other",
  cockroach: "other",
  cockroachdb: "other",
  mssql: "other",
  sqlserver: "other",
  oracle: "other",
  clickhouse: "other",
});

interface FileEntry {
  readonly relative: string;
  readonly id: string;
  readonly direction: "up" | "down" | "both";
  readonly dialectTagged: boolean;
  readonly repeatable: boolean;
}

const SECTION_MARKER = /^[ \t]*--[ \t]*(?:migrate|\+migrate)[: ]?[ \t]*(up|down)\b.*$/gim;

// One collator for every comparison: localeCompare with options builds a new one each call.
const NATURAL = new Intl.Collator("en", { numeric: true, sensitivity: "variant" });

export function naturalCompare(a: string, b: string): number {
  return NATURAL.compare(a, b);
}

/** A timestamp written with dashes (diesel's 2017-08-31-193512, and its later 2025-11-19-091444-0000). */
const DASHED_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{6})(?=$|[-._])/;

/**
 * Orders versions as migration tools do: dotted, underscored or dashed parts numerically (Flyway 1.2 <
 * 1.10), and a dashed timestamp run together (diesel's 2017-08-31-193512 is 20170831193512, after
 * 20140924113530; 2025-11-19-091444-0000 is 20251119091444 then 0, before 2026-12-01-000000).
 */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) =>
    version
      .replace(DASHED_TIMESTAMP, "$1$2$3$4")
      .split(/[._-]/)
      .filter(Boolean)
      .map((part) => BigInt(part));
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? -1n;
    const y = right[i] ?? -1n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function compareMigrations(a: Migration, b: Migration): number {
  const repeatable = Number(Boolean(a.repeatable)) - Number(Boolean(b.repeatable));
  if (repeatable !== 0) return repeatable;
  if (a.version !== undefined && b.version !== undefined) {
    const byVersion = compareVersions(a.version, b.version);
    if (byVersion !== 0) return byVersion;
  }
  return naturalCompare(a.id, b.id);
}

/**
 * Classifies one file: which migration it belongs to, which direction, and whether it is for this
 * dialect. Understands the layouts real projects use: `NNN_name.sql`, `NNN_name.up.sql`/`.down.sql`,
 * `name.<dialect>.up.sql` (ory), `<dialect>/V0001.Name.up.sql` (authelia), `dir/up.sql` (diesel),
 * Flyway `V1__name.sql` / `U1__name.sql` / `R__name.sql`, and dbmate `-- migrate:up` sections.
 */
export function classifyMigrationPath(relative: string, dialect: DialectName): FileEntry | undefined {
  const segments = relative.split("/");
  let base = segments.pop()!.replace(/\.sql$/i, "");
  let dialectTagged = false;
  for (const segment of segments) {
    const tag = DIALECT_TAGS[segment.toLowerCase()];
    if (tag && tag !== dialect) return undefined;
    if (tag) dialectTagged = true;
  }
  let direction: FileEntry["direction"] = "both";
  if (/^(up|down)$/i.test(base) && segments.length > 0) {
    // diesel: <version>_<name>/up.sql
    direction = base.toLowerCase() as "up" | "down";
    return { relative, id: segments.join("/"), direction, dialectTagged, repeatable: false };
  }
  const directionSuffix = /[._-](up|down|undo|rollback)$/i.exec(base);
  if (directionSuffix) {
    direction = /^up$/i.test(directionSuffix[1]!) ? "up" : "down";
    base = base.slice(0, directionSuffix.index);
  }
  // ory's `.autocommit` part says how the file runs (outside a transaction), not which migration it is:
  // `x.autocommit.up.sql` (every dialect) and `x.postgres.up.sql` are one migration, the dialect's file wins.
  const autocommit = /\.autocommit$/i.exec(base);
  if (autocommit && autocommit.index > 0) base = base.slice(0, autocommit.index);
  // ory's `name.postgres.up.sql` and `name.cockroach.autocommit.up.sql`: a dialect tag among the dot parts.
  const parts = base.split(".");
  const tagIndex = parts.findIndex((part, i) => i > 0 && DIALECT_TAGS[part.toLowerCase()] !== undefined);
  if (tagIndex > 0) {
    if (DIALECT_TAGS[parts[tagIndex]!.toLowerCase()] !== dialect) return undefined;
    dialectTagged = true;
    base = parts.filter((_, i) => i !== tagIndex).join(".");
  }
  let repeatable = false;
  const flyway = /^([VUR])(\d[\w.]*?)?__(.+)$/.exec(base);
  if (flyway) {
    if (flyway[1] === "U") direction = "down";
    if (flyway[1] === "R") repeatable = true;
    base = `${flyway[2] ?? ""}__${flyway[3]}`;
  }
  return {
    relative,
    id: [...segments.filter((s) => !DIALECT_TAGS[s.toLowerCase()]), base].join("/"),
    direction,
    dialectTagged,
    repeatable,
  };
}

function blankOut(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n\r]/g, " ") + text.slice(to);
}

/** Splits dbmate/sql-migrate style files into their up and down sections, keeping offsets. */
export function splitSections(text: string): { up: string; down?: string } {
  const markers = [...text.matchAll(SECTION_MARKER)].map((match) => ({
    direction: match[1]!.toLowerCase() as "up" | "down",
    start: match.index!,
  }));
  if (markers.length === 0) return { up: text };
  const keep = (direction: "up" | "down") => {
    let result = text;
    // Everything before the first marker belongs to neither section.
    result = blankOut(result, 0, markers[0]!.start);
    markers.forEach((marker, i) => {
      const end = markers[i + 1]?.start ?? text.length;
      if (marker.direction !== direction) result = blankOut(result, marker.start, end);
    });
    return result;
  };
  const hasDown = markers.some((marker) => marker.direction === "down");
  return hasDown ? { up: keep("up"), down: keep("down") } : { up: keep("up") };
}

export function versionOf(id: string): string | undefined {
  const base = id.split("/").pop()!;
  return /^(\d[\d._-]*\d|\d)/.exec(base.replace(/^__/, ""))?.[1];
}

function descriptionOf(id: string): string {
  const base = id.split("/").pop()!;
  return (
    base
      .replace(/^\d[\d._-]*/, "")
      .replace(/^_+/, "")
      .replace(/[_-]+/g, " ")
      .trim() || base
  );
}

export interface LoadMigrationsOptions {
  readonly dialect: DialectName;
  /** Paths in reports are relative to this directory. */
  readonly cwd?: string;
}

/** Reads the migrations in a folder (see filesSource), relative to options.cwd. */
export function loadMigrations(directory: string, options: LoadMigrationsOptions): Migration[] {
  return loadMigrationsFrom(filesSource(directory, options.cwd ?? process.cwd()), options);
}

/**
 * The migrations a source holds, for one dialect, in the order they apply: files classified by name,
 * grouped into migrations (up and down scripts, dbmate sections), sorted by version.
 */
export function loadMigrationsFrom(
  source: MigrationSource,
  options: { readonly dialect: DialectName },
): Migration[] {
  const entries = source
    .list()
    .map((file) => classifyMigrationPath(file, options.dialect))
    .filter((e): e is FileEntry => !!e);

  const byId = new Map<string, FileEntry[]>();
  for (const entry of entries) byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);

  const migrations: Migration[] = [];
  for (const [id, group] of byId) {
    const pick = (direction: "up" | "down" | "both") => {
      const candidates = group.filter((entry) => entry.direction === direction);
      // A script written for this dialect wins over a generic one with the same id (ory's layout).
      return candidates.find((entry) => entry.dialectTagged) ?? candidates[0];
    };
    const script = (entry: FileEntry, direction: "up" | "down", text: string): MigrationScript => ({
      ...source.locate(entry.relative),
      direction,
      text,
    });
    const both = pick("both");
    const upEntry = pick("up");
    const downEntry = pick("down");
    let up: MigrationScript | undefined;
    let down: MigrationScript | undefined;
    if (both) {
      const sections = splitSections(source.read(both.relative));
      up = script(both, "up", sections.up);
      if (sections.down !== undefined) down = script(both, "down", sections.down);
    }
    if (upEntry) up = script(upEntry, "up", source.read(upEntry.relative));
    if (downEntry) down = script(downEntry, "down", source.read(downEntry.relative));
    if (!up) continue; // a down script alone has nothing to apply
    const version = versionOf(id);
    migrations.push({
      id,
      ...(version !== undefined && { version }),
      description: descriptionOf(id),
      up,
      ...(down && { down }),
      ...(group.some((entry) => entry.repeatable) && { repeatable: true }),
    });
  }
  return migrations.sort(compareMigrations);
}

/** What one file outside the migrations folder holds, read as the loader reads the files inside it. */
export type LoadedScript =
  | { readonly kind: "up"; readonly script: MigrationScript; readonly version?: string }
  | { readonly kind: "down-only" }
  | { readonly kind: "other-dialect" };

/**
 * One script given by path (a pending file outside the migrations folder): its name classified and its
 * text read as inside the folder (BOM removed, dbmate sections split), so that a down section or a
 * down-only file is never replayed as if it were applied.
 */
export function loadScript(absolutePath: string, options: LoadMigrationsOptions): LoadedScript {
  const cwd = options.cwd ?? process.cwd();
  // The parent folder too: diesel's <version>_name/down.sql, authelia's postgres/V1.up.sql.
  const named = path.relative(path.dirname(path.dirname(absolutePath)), absolutePath);
  const entry = classifyMigrationPath(named.split(path.sep).join("/"), options.dialect);
  if (!entry) return { kind: "other-dialect" };
  if (entry.direction === "down") return { kind: "down-only" };
  const text = readTextFile(absolutePath, { ...MIGRATION_FILE, display: toDisplayPath(cwd, absolutePath) });
  const up = entry.direction === "both" ? splitSections(text).up : text;
  const version = versionOf(entry.id);
  return {
    kind: "up",
    script: {
      path: toDisplayPath(cwd, absolutePath),
      absolutePath,
      realPath: realpathSync.native(absolutePath),
      direction: "up",
      text: up,
    },
    ...(version !== undefined && { version }),
  };
}
