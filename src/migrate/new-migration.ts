/**
 * `schematic migrate new NAME`: the next migration file, named as the folder already names its files. The
 * latest migration (in the loader's order) is the template: its prefix letter (Flyway's V), version shape
 * (a sequence with its zero padding, a timestamp of its length, diesel's dashed timestamp), separator, and
 * layout (one file with dbmate sections, an .up.sql/.down.sql pair, a diesel folder with up.sql and
 * down.sql, Flyway's V/U pair). A team's convention is kept without a setting to describe it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DialectName } from "../dialects/dialect.js";
import { resolveDialectName } from "../dialects/index.js";
import { SchematicError } from "../errors.js";
import { loadMigrations, type Migration } from "../migrations/loader.js";

export interface NewMigrationOptions {
  readonly dialect: DialectName;
  /** The clock, for timestamped names (tests pass a fixed one). */
  readonly now?: Date;
  /** The folder is relative to this directory (default: the working directory). */
  readonly cwd?: string;
}

export interface NewMigrationFile {
  /** The folder as given, joined with the file's path inside it. */
  readonly path: string;
  readonly text: string;
}

export interface NewMigration extends NewMigrationFile {
  /** Every file to write: the up file (the one `path` names) first, then its down file when separate. */
  readonly files: readonly NewMigrationFile[];
}

/** dbmate's sections, the default where the folder shows no convention of its own. */
const DBMATE_SECTIONS = { up: "-- migrate:up", down: "-- migrate:down" };

/** A version then its separator then the description: `V12__x`, `0001_x`, `2017-08-31-193512_x`, `V0001.X`. */
const STEM =
  /^(?<prefix>[A-Za-z]{0,2})(?<version>\d{4}-\d{2}-\d{2}-\d{6}(?:-\d{4})?|\d+(?:[._]\d+)*)(?<separator>__|[._-])(?<rest>.+)$/;

const DASHED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}-\d{6}(-\d{4})?$/;
/** Fourteen digits or so that read as a date: dbmate's and golang-migrate's 20240101120000, ory's 20 digits. */
const COMPACT_TIMESTAMP = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d/;

/** `Add users.email!` → `add_users_email`; camelCase split at its humps. */
export function migrationName(name: string): string {
  const snake = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!snake) {
    throw new SchematicError(
      "usage",
      `The migration name ${JSON.stringify(name)} has no letters or digits.`,
      {
        hint: "Name it after what it does: `schematic migrate new add_users_email`.",
      },
    );
  }
  return snake;
}

/** The next version after `last`, in its shape: a timestamp from `now` (later than `last`), or last + 1. */
export function nextVersion(last: string, now: Date): string {
  const dashed = DASHED_TIMESTAMP.exec(last);
  const compact = utcStamp(now);
  if (dashed) {
    const stamp = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}-${compact.slice(8, 14)}`;
    const next = dashed[1] ? `${stamp}-0000` : stamp;
    return next > last ? next : bumpDigits(last);
  }
  // golang-migrate's `-format unix` (1485949617) and `unixNano`-style milliseconds: seconds since 1970.
  if (/^1\d{9}$/.test(last) || /^1\d{12}$/.test(last)) {
    const next = String(last.length === 10 ? Math.floor(now.getTime() / 1000) : now.getTime());
    return BigInt(next) > BigInt(last) ? next : bumpDigits(last);
  }
  if (/^\d{12,}$/.test(last) && COMPACT_TIMESTAMP.test(last)) {
    const next = compact.slice(0, Math.min(last.length, 14)).padEnd(last.length, "0");
    return BigInt(next) > BigInt(last) ? next : bumpDigits(last);
  }
  return bumpDigits(last);
}

/** The last run of digits plus one, its width kept (0009 → 0010, 1.9 → 1.10, 99 → 100). */
function bumpDigits(version: string): string {
  const match = /(\d+)(\D*)$/.exec(version)!;
  const digits = match[1]!;
  const bumped = (BigInt(digits) + 1n).toString().padStart(digits.length, "0");
  return version.slice(0, match.index) + bumped + match[2];
}

function utcStamp(now: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${now.getUTCFullYear()}${two(now.getUTCMonth() + 1)}${two(now.getUTCDate())}${two(now.getUTCHours())}${two(now.getUTCMinutes())}${two(now.getUTCSeconds())}`;
}

/** The section markers a single-file migration uses (`-- migrate:up`, `-- +migrate Up`), as written. */
function sectionMarkers(text: string): { up: string; down: string } | undefined {
  const up = /^[ \t]*--[ \t]*\+?migrate[: ]?[ \t]*up\b.*$/im.exec(text)?.[0]?.trim();
  const down = /^[ \t]*--[ \t]*\+?migrate[: ]?[ \t]*down\b.*$/im.exec(text)?.[0]?.trim();
  if (!up) return undefined;
  return { up, down: down ?? up.replace(/up\b/i, (word) => (word === "Up" ? "Down" : "down")) };
}

/**
 * A file name with its stem replaced: `U3__old.sql` → `U4__new.sql`, `3_old.postgres.up.sql` →
 * `4_new.postgres.up.sql` (dialect tags kept; other qualifiers such as ory's `.autocommit` are the old
 * migration's own, not the folder's convention, and are dropped).
 */
function renamed(base: string, version: string, name: string): string | undefined {
  const stem = STEM.exec(base);
  if (!stem?.groups) return undefined;
  const { prefix = "", separator = "", rest = "" } = stem.groups;
  const dot = rest.indexOf(".");
  let description = dot < 0 ? rest : rest.slice(0, dot);
  let suffix = dot < 0 ? "" : rest.slice(dot);
  // golang-migrate's `_up.sql` spelled without a dot.
  const direction = /[_-](up|down)$/i.exec(description);
  if (direction) {
    suffix = description.slice(direction.index) + suffix;
    description = description.slice(0, direction.index);
  }
  const kept = suffix
    .split(".")
    .filter((part, i, parts) => i === 0 || i === parts.length - 1 || isDirection(part) || isDialectTag(part))
    .join(".");
  return `${prefix}${version}${separator}${name}${kept}`;
}

function isDirection(part: string): boolean {
  return /^(up|down|undo|rollback)$/i.test(part);
}

function isDialectTag(part: string): boolean {
  return resolveDialectName(part) !== undefined || /^psql$/i.test(part);
}

/** The up file's name turned into its down file's, where a pair is spelled with up/down. */
function downNameOf(upName: string): string | undefined {
  const match = /([._-])(up)(\.sql)$/i.exec(upName);
  if (!match) return undefined;
  const down = match[2] === "UP" ? "DOWN" : match[2] === "Up" ? "Down" : "down";
  return upName.slice(0, match.index) + match[1] + down + match[3];
}

/**
 * The migration the next one follows: the latest with a version in the loader's order (an unversioned
 * script such as crates.io's data_oauth_github.sql sorts by name, and is no template), else the latest.
 */
function latest(migrations: readonly Migration[]): Migration | undefined {
  const ordered = migrations.filter((migration) => !migration.repeatable);
  return ordered.filter((migration) => migration.version !== undefined).at(-1) ?? ordered.at(-1);
}

/** Where the new migration goes and what it holds; writes nothing. */
export function nextMigrationFile(folder: string, name: string, options: NewMigrationOptions): NewMigration {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  const snake = migrationName(name);
  const absoluteFolder = path.resolve(cwd, folder);
  const migrations = existsSync(absoluteFolder)
    ? loadMigrations(absoluteFolder, { dialect: options.dialect, cwd })
    : [];
  const shown = (relative: string) => path.join(folder, relative);
  const last = latest(migrations);
  const template = last && templateOf(last, absoluteFolder, snake, now);
  if (!template) {
    // No convention to follow: a timestamp (no clash between branches) and dbmate's sections.
    const file = `${utcStamp(now)}_${snake}.sql`;
    const text = `${DBMATE_SECTIONS.up}\n\n\n${DBMATE_SECTIONS.down}\n\n`;
    return { path: shown(file), text, files: [{ path: shown(file), text }] };
  }
  const files = template.map((file) => ({ path: shown(file.relative), text: file.text }));
  return { ...files[0]!, files };
}

interface TemplateFile {
  readonly relative: string;
  readonly text: string;
}

/** The new migration's files, shaped as `last`'s; undefined when its name has no version to follow. */
function templateOf(
  last: Migration,
  folder: string,
  name: string,
  now: Date,
): readonly TemplateFile[] | undefined {
  const upRelative = path.relative(folder, last.up.absolutePath).split(path.sep).join("/");
  const segments = upRelative.split("/");
  const upBase = segments.pop()!;
  // diesel: <version>_<name>/up.sql and down.sql.
  if (/^up\.sql$/i.test(upBase) && segments.length > 0) {
    const folderName = segments.pop()!;
    const stem = STEM.exec(folderName);
    if (!stem?.groups) return undefined;
    const version = nextVersion(stem.groups.version!, now);
    const dir = [...segments, renamed(folderName, version, name)!].join("/");
    return [
      { relative: `${dir}/up.sql`, text: "-- Your SQL goes here\n" },
      { relative: `${dir}/down.sql`, text: "-- This file should undo anything in `up.sql`\n" },
    ];
  }
  const stem = STEM.exec(upBase);
  if (!stem?.groups) return undefined;
  const version = nextVersion(stem.groups.version!, now);
  const dir = segments.length > 0 ? `${segments.join("/")}/` : "";
  const upName = renamed(upBase, version, name)!;
  const separateDown = last.down && last.down.absolutePath !== last.up.absolutePath;
  if (separateDown) {
    const downBase = path.basename(last.down!.absolutePath);
    const downName = renamed(downBase, version, name);
    const downDir = path.relative(folder, path.dirname(last.down!.absolutePath)).split(path.sep).join("/");
    if (downName) {
      return [
        { relative: `${dir}${upName}`, text: "" },
        { relative: `${downDir ? `${downDir}/` : ""}${downName}`, text: "" },
      ];
    }
  }
  // An up file named as one (`.up.sql`) whose down file has not been written for the latest migration.
  const pairedDown = downNameOf(upName);
  if (pairedDown) {
    return [
      { relative: `${dir}${upName}`, text: "" },
      { relative: `${dir}${pairedDown}`, text: "" },
    ];
  }
  const markers = sectionMarkers(readFileSync(last.up.absolutePath, "utf8"));
  // Flyway runs every line of a V file, comments or not: its down goes in its own U file.
  if (!markers && stem.groups.prefix === "V" && stem.groups.separator === "__") {
    return [
      { relative: `${dir}${upName}`, text: "" },
      { relative: `${dir}U${upName.slice(1)}`, text: "" },
    ];
  }
  const { up, down } = markers ?? DBMATE_SECTIONS;
  return [{ relative: `${dir}${upName}`, text: `${up}\n\n\n${down}\n\n` }];
}

/**
 * Writes the next migration (see nextMigrationFile). Refuses to overwrite: a file already there (two
 * migrations made in the same second) is an error, and nothing is written.
 */
export function writeNewMigration(
  folder: string,
  name: string,
  options: NewMigrationOptions,
): { readonly path: string; readonly paths: readonly string[] } {
  const cwd = options.cwd ?? process.cwd();
  const next = nextMigrationFile(folder, name, options);
  const taken = next.files.find((file) => existsSync(path.resolve(cwd, file.path)));
  if (taken) {
    throw new SchematicError("usage", `${taken.path} already exists; not overwriting it.`, {
      hint: "Pick another name, or wait a second for the next timestamp.",
    });
  }
  const written: string[] = [];
  for (const file of next.files) {
    const absolute = path.resolve(cwd, file.path);
    mkdirSync(path.dirname(absolute), { recursive: true });
    // "wx": a file that appeared since the check above is still not overwritten.
    writeFileSync(absolute, file.text, { flag: "wx" });
    written.push(file.path);
  }
  return { path: next.path, paths: written };
}
