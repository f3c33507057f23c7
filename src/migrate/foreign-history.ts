/**
 * The history tables other migration tools keep, read (Flyway, Alembic, dbmate, golang-migrate, diesel), and
 * their versions mapped onto the folder's migrations as each tool compares versions: what `baseline` stamps
 * when a database comes from one of them.
 */
import { compareVersions, type Migration } from "../migrations/loader.js";
import type { DatabaseDriver, Row } from "./driver.js";

export type ForeignTool = "flyway" | "alembic" | "dbmate" | "golang-migrate" | "diesel";

export interface ForeignHistory {
  readonly tool: ForeignTool;
  /** The table it was read from. */
  readonly table: string;
  /**
   * The versions the tool records as applied, in its order. Alembic and golang-migrate record only where
   * the database stands (`headOnly`): their one version (Alembic: one per branch head).
   */
  readonly versions: readonly string[];
  readonly headOnly: boolean;
  /** Versions the tool marks as failed (Flyway success = false) or dirty (golang-migrate). */
  readonly failed: readonly string[];
  /** Flyway's baseline: every version up to this one counts as applied, whether or not it has a row. */
  readonly baselineAt?: string;
}

export const TOOL_NAMES: Readonly<Record<ForeignTool, string>> = {
  flyway: "Flyway",
  alembic: "Alembic",
  dbmate: "dbmate",
  "golang-migrate": "golang-migrate",
  diesel: "diesel",
};

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === "1" || value === "t" || value === "true";
}

/**
 * The other tools' history tables in the session's schema (or `schema`), read. `schema_migrations` is
 * dbmate's (version only) or golang-migrate's (version and dirty): told apart by its columns.
 */
export async function detectForeignHistory(
  driver: DatabaseDriver,
  options: { readonly schema?: string } = {},
): Promise<ForeignHistory[]> {
  const { schema } = options;
  const name = (table: string) =>
    schema
      ? `${driver.quoteIdentifier(schema)}.${driver.quoteIdentifier(table)}`
      : driver.quoteIdentifier(table);
  const column = (id: string) => driver.quoteIdentifier(id);
  const rows = (sql: string): Promise<Row[]> => driver.query(sql);
  const exists = (table: string) => driver.probe.relationExists(schema, table);
  const found: ForeignHistory[] = [];

  if (await exists("flyway_schema_history")) {
    const applied: string[] = [];
    const failed: string[] = [];
    let baselineAt: string | undefined;
    const history = await rows(
      `SELECT ${column("version")} AS version, ${column("type")} AS type, ${column("success")} AS success FROM ${name("flyway_schema_history")} ORDER BY ${column("installed_rank")}`,
    );
    for (const row of history) {
      // Repeatable migrations have no version; SCHEMA is Flyway's own `<< Flyway Schema Creation >>` row.
      if (row.version === null || row.version === undefined || row.type === "SCHEMA") continue;
      const version = String(row.version);
      const type = String(row.type);
      if (type === "DELETE" || type.startsWith("UNDO")) {
        // `flyway repair` marks a row deleted; an undo migration takes its version back.
        if (truthy(row.success)) removeFrom(applied, version);
        continue;
      }
      if (type === "BASELINE") {
        baselineAt = version;
        continue;
      }
      if (truthy(row.success)) {
        removeFrom(failed, version);
        if (!applied.includes(version)) applied.push(version);
      } else if (!failed.includes(version)) failed.push(version);
    }
    found.push({
      tool: "flyway",
      table: "flyway_schema_history",
      versions: applied,
      headOnly: false,
      failed,
      ...(baselineAt !== undefined && { baselineAt }),
    });
  }

  if (await exists("alembic_version")) {
    const heads = await rows(`SELECT ${column("version_num")} AS version FROM ${name("alembic_version")}`);
    found.push({
      tool: "alembic",
      table: "alembic_version",
      versions: heads.map((row) => String(row.version)),
      headOnly: true,
      failed: [],
    });
  }

  if (await exists("schema_migrations")) {
    if (await driver.probe.columnExists(schema, "schema_migrations", "dirty")) {
      const state = await rows(
        `SELECT ${column("version")} AS version, ${column("dirty")} AS dirty FROM ${name("schema_migrations")}`,
      );
      found.push({
        tool: "golang-migrate",
        table: "schema_migrations",
        versions: state.map((row) => String(row.version)),
        headOnly: true,
        failed: state.filter((row) => truthy(row.dirty)).map((row) => String(row.version)),
      });
    } else {
      const applied = await rows(
        `SELECT ${column("version")} AS version FROM ${name("schema_migrations")} ORDER BY ${column("version")}`,
      );
      found.push({
        tool: "dbmate",
        table: "schema_migrations",
        versions: applied.map((row) => String(row.version)),
        headOnly: false,
        failed: [],
      });
    }
  }

  if (await exists("__diesel_schema_migrations")) {
    const applied = await rows(
      `SELECT ${column("version")} AS version FROM ${name("__diesel_schema_migrations")} ORDER BY ${column("version")}`,
    );
    found.push({
      tool: "diesel",
      table: "__diesel_schema_migrations",
      versions: applied.map((row) => String(row.version)),
      headOnly: false,
      failed: [],
    });
  }
  return found;
}

/** The index of the last item that passes, or -1 (Array.prototype.findLastIndex is ES2023). */
export function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

function removeFrom(list: string[], value: string): void {
  const at = list.indexOf(value);
  if (at >= 0) list.splice(at, 1);
}

/**
 * A version as the tool compares it. Flyway: numeric parts, leading zeros and trailing zero parts ignored
 * (1.0 is 1, V001 is 1). The timestamp tools store the digits of the file's prefix (diesel drops the
 * dashes of 2017-08-31-193512), golang-migrate a number.
 */
function versionKey(tool: ForeignTool, version: string): string {
  if (tool === "flyway") {
    const parts = version.split(/[._]/).map((part) => part.replace(/^0+(?=\d)/, ""));
    while (parts.length > 1 && parts.at(-1) === "0") parts.pop();
    return parts.join(".");
  }
  return version.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
}

/** The migration an Alembic revision id names: in its file name, or in the SQL `alembic upgrade --sql` wrote. */
function namesRevision(migration: Migration, revision: string): boolean {
  const base = migration.id.split("/").pop()!;
  if (base === revision || base.split(/[_.\-\s]+/).includes(revision)) return true;
  const text = migration.up.text;
  return (
    new RegExp(`Revision ID:\\s*${escapeRegExp(revision)}\\b`).test(text) ||
    new RegExp(`version_num\\s*=\\s*'${escapeRegExp(revision)}'`).test(text)
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface ForeignBaseline {
  /** The migration to stamp (the latest applied in the folder's order); undefined when none is. */
  readonly stamp: string | undefined;
  /** Migrations the other tool applied, in the folder's order. */
  readonly applied: readonly string[];
  /** Versions in the other tool's history that no migration in the folder has. */
  readonly unmatched: readonly string[];
  /** Migrations before `stamp` the other tool did not apply: a stamp would wrongly record them. */
  readonly gaps: readonly string[];
}

/** Maps another tool's history onto the folder's migrations. */
export function baselineFromForeign(
  foreign: ForeignHistory,
  migrations: readonly Migration[],
): ForeignBaseline {
  const versioned = migrations.filter((migration) => !migration.repeatable);
  const matches = (migration: Migration, version: string) =>
    foreign.tool === "alembic"
      ? namesRevision(migration, version)
      : migration.version !== undefined &&
        versionKey(foreign.tool, migration.version) === versionKey(foreign.tool, version);
  const matched = new Set<Migration>();
  const unmatched: string[] = [];
  if (foreign.baselineAt !== undefined) {
    // Flyway's baseline stands for every version up to it (often with no file of its own).
    const at = versionKey(foreign.tool, foreign.baselineAt);
    for (const migration of versioned) {
      if (
        migration.version !== undefined &&
        compareVersions(versionKey(foreign.tool, migration.version), at) <= 0
      )
        matched.add(migration);
    }
  }
  for (const version of foreign.versions) {
    const migration = versioned.find((candidate) => matches(candidate, version));
    if (migration) matched.add(migration);
    else unmatched.push(version);
  }
  const last = lastIndex(versioned, (migration) => matched.has(migration));
  if (foreign.headOnly) {
    // The tool records its head: everything before it in the order is applied.
    const applied = versioned.slice(0, last + 1).map((migration) => migration.id);
    return { stamp: applied.at(-1), applied, unmatched, gaps: [] };
  }
  const applied = versioned.filter((migration) => matched.has(migration)).map((migration) => migration.id);
  const gaps = versioned
    .slice(0, last + 1)
    .filter((migration) => !matched.has(migration))
    .map((migration) => migration.id);
  return { stamp: applied.at(-1), applied, unmatched, gaps };
}
