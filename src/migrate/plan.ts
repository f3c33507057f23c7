/**
 * Where a database stands against the migrations folder, and which migrations a command touches: pure
 * functions of the loaded migrations and the history rows, so every command (status, up, down, verify,
 * check --url) reads the same answer.
 */
import { SchematicError } from "../errors.js";
import type { Migration } from "../migrations/loader.js";
import type { HistoryRow } from "./history.js";

export interface AppliedMigration {
  readonly row: HistoryRow;
  /** Its file, when the folder still has it. */
  readonly migration?: Migration;
}

export interface EditedMigration {
  readonly migration: Migration;
  readonly row: HistoryRow;
  /** The checksum of the file now (the row holds the one applied). */
  readonly checksum: string;
}

export interface MigrationStatus {
  /** The latest migration, in the folder's order, that the database has whole; null when none. */
  readonly current: string | null;
  /** Rows in order of application, with their files. */
  readonly applied: readonly AppliedMigration[];
  /** Migrations to apply, in order: never applied, and repeatables whose checksum changed. */
  readonly pending: readonly Migration[];
  /** A migration left part-applied (a statement failed, or the runner died), which must be resolved first. */
  readonly dirty?: HistoryRow;
  /** Applied migrations whose file changed beyond comments and whitespace since. */
  readonly edited: readonly EditedMigration[];
  /** Applied migrations whose file is gone. */
  readonly missing: readonly HistoryRow[];
  /** Pending migrations ordered before the latest applied one: a branch merged late. */
  readonly outOfOrder: readonly Migration[];
}

/** The status, from the migrations in the loader's order and the rows in order of application. */
export function migrationStatus(
  migrations: readonly Migration[],
  rows: readonly HistoryRow[],
  checksum: (migration: Migration) => string,
): MigrationStatus {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const files = new Map(migrations.map((migration) => [migration.id, migration]));
  const applied: AppliedMigration[] = rows.map((row) => {
    const migration = files.get(row.id);
    return migration ? { row, migration } : { row };
  });
  const edited: EditedMigration[] = [];
  const pending: Migration[] = [];
  let current: string | null = null;
  let lastAppliedIndex = -1;
  migrations.forEach((migration, index) => {
    const row = byId.get(migration.id);
    if (!row) {
      pending.push(migration);
      return;
    }
    if (row.state !== "applied") return;
    // The same text as applied has the same tokens: no need to lex it (an `up` with nothing to apply
    // reads every applied migration, and lexing them all was a tenth of its time on crates.io).
    const now = row.script === migration.up.text ? row.checksum : checksum(migration);
    if (now !== row.checksum) {
      if (migration.repeatable) pending.push(migration);
      else edited.push({ migration, row, checksum: now });
    }
    if (!migration.repeatable) {
      current = migration.id;
      lastAppliedIndex = index;
    }
  });
  const dirty = rows.find((row) => row.state !== "applied");
  const outOfOrder = pending.filter(
    (migration) => !migration.repeatable && migrations.indexOf(migration) < lastAppliedIndex,
  );
  return {
    current,
    applied,
    pending,
    ...(dirty && { dirty }),
    edited,
    missing: rows.filter((row) => row.kind !== "baseline" && !files.has(row.id)),
    outOfOrder,
  };
}

/**
 * The migration a revision names: its id, its version (with or without Flyway's V), or a prefix of its id
 * that only it has. `base` is the state before the first migration.
 */
export function resolveRevision(
  migrations: readonly Migration[],
  revision: string,
  rows: readonly HistoryRow[] = [],
): string | "base" {
  if (revision === "base") return "base";
  const exact = migrations.find((migration) => migration.id === revision);
  if (exact) return exact.id;
  const version = revision.replace(/^[vV](?=\d)/, "");
  const byVersion = migrations.filter((migration) => migration.version === version);
  if (byVersion.length === 1) return byVersion[0]!.id;
  const known = new Set([...migrations.map((migration) => migration.id), ...rows.map((row) => row.id)]);
  const prefixed = [...known].filter((id) => id.startsWith(revision));
  if (prefixed.length === 1) return prefixed[0]!;
  const candidates = prefixed.length > 1 ? prefixed : [];
  throw new SchematicError(
    "usage",
    candidates.length > 1
      ? `The revision ${revision} is ambiguous: ${candidates.slice(0, 5).join(", ")}${candidates.length > 5 ? ", …" : ""}.`
      : `No migration is named ${revision}.`,
    {
      hint: "Give a migration's id or version as `schematic migrate status` lists them, or `base` for none.",
    },
  );
}

export interface UpTarget {
  /** Apply up to and including this migration. */
  readonly to?: string;
  /** Apply this many. */
  readonly step?: number;
}

/** The pending migrations an `up` applies, in order. */
export function migrationsToApply(
  status: MigrationStatus,
  migrations: readonly Migration[],
  target: UpTarget,
): Migration[] {
  let selected = [...status.pending];
  if (target.to !== undefined) {
    const to = resolveRevision(migrations, target.to);
    if (to === "base") return [];
    const limit = migrations.findIndex((migration) => migration.id === to);
    selected = selected.filter((migration) => migrations.indexOf(migration) <= limit);
  }
  if (target.step !== undefined) selected = selected.slice(0, target.step);
  return selected;
}

export interface DownTarget {
  /** Undo every migration applied after this one (`base`: all of them). */
  readonly to?: string;
  /** Undo this many (default 1). */
  readonly step?: number;
}

/** The applied rows a `down` undoes, latest first. */
export function migrationsToUndo(
  status: MigrationStatus,
  migrations: readonly Migration[],
  target: DownTarget,
): AppliedMigration[] {
  const undoable = status.applied.filter((entry) => entry.row.kind !== "baseline" || entry.migration);
  const latestFirst = [...undoable].sort((a, b) => b.row.installedRank - a.row.installedRank);
  if (target.to !== undefined) {
    const to = resolveRevision(
      migrations,
      target.to,
      status.applied.map((entry) => entry.row),
    );
    if (to === "base") return latestFirst;
    const stop = status.applied.find((entry) => entry.row.id === to);
    if (!stop) {
      throw new SchematicError("usage", `${to} is not applied, so there is nothing to go down to.`, {
        hint: "`schematic migrate status` lists what is applied.",
      });
    }
    return latestFirst.filter((entry) => entry.row.installedRank > stop.row.installedRank);
  }
  return latestFirst.slice(0, target.step ?? 1);
}
