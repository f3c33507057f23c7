/**
 * `schematic migrate baseline`: adopt a database that Schematic did not migrate. Two sources say how far
 * it is: the history table of the tool that migrated it (Flyway, Alembic, dbmate, golang-migrate, diesel),
 * or, for a schema applied by hand, the schema itself, compared with what each migration creates. Either
 * way the answer is one revision to stamp (every migration up to it recorded as applied, none run), and an
 * explanation of why; what cannot be stamped truthfully (a gap, a half-applied migration, a version the
 * folder lacks) is an error that says what is missing.
 */

import {
  allRelations,
  type Catalog,
  findColumn,
  findRelation,
  findTable,
  indexesOf,
  sameNameInTable,
} from "../catalog/model.js";
import type { ParsedScript } from "../catalog/replay.js";
import { defaultSchemaFor, replayHistory } from "../check/history.js";
import type { Dialect } from "../dialects/dialect.js";
import { SchematicError } from "../errors.js";
import { compareVersions, type Migration } from "../migrations/loader.js";
import { type PlaceholderSyntax, substitutePlaceholders } from "../migrations/placeholders.js";
import type { DatabaseDriver, Row, SchemaProbe } from "./driver.js";
import type { Migrator, RunResult } from "./runner.js";

// ---------------------------------------------------------------------------------------------
// Other tools' history tables

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

const TOOL_NAMES: Readonly<Record<ForeignTool, string>> = {
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
function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
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

// ---------------------------------------------------------------------------------------------
// A schema applied by hand

/** Something a migration leaves in the schema that the probe can look at. */
export type SchemaObject =
  | { readonly kind: "relation"; readonly schema?: string; readonly name: string; readonly view: boolean }
  | { readonly kind: "column"; readonly schema?: string; readonly table: string; readonly column: string }
  | { readonly kind: "index"; readonly schema?: string; readonly table: string; readonly name: string };

export function describeObject(object: SchemaObject): string {
  const qualified = (name: string) => (object.schema ? `${object.schema}.${name}` : name);
  switch (object.kind) {
    case "relation":
      return `${object.view ? "view" : "table"} ${qualified(object.name)}`;
    case "column":
      return `column ${qualified(object.table)}.${object.column}`;
    case "index":
      return `index ${object.name} on ${qualified(object.table)}`;
  }
}

export interface InferredMigration {
  readonly id: string;
  /**
   * applied: everything it creates is there (and what it removes is gone); not-applied: none of it;
   * partial: some; unknown: it leaves nothing the schema shows (data, grants, settings).
   */
  readonly state: "applied" | "not-applied" | "partial" | "unknown";
  /** What the schema shows of it, and what it lacks. */
  readonly present: readonly string[];
  readonly missing: readonly string[];
}

export interface InferredSchema {
  readonly migrations: readonly InferredMigration[];
}

export interface InferOptions {
  readonly placeholders?: Readonly<Record<string, string>>;
  readonly placeholderSyntax?: readonly PlaceholderSyntax[];
  /** Where unqualified names in the migrations live (the configuration's schema; the dialect's by default). */
  readonly defaultSchema?: string;
}

interface Evidence {
  readonly object: SchemaObject;
  /** Created (must be there when the migration was applied) or removed (must be gone). */
  readonly expect: "present" | "absent";
  /** For a removal: the migration that created the object, whose state decides whether absence says anything. */
  readonly creator?: number;
}

/**
 * Which migrations the live schema already has, judged by what each one creates or removes (the catalog's
 * replay of the migrations, looked up with the driver's probe). Objects a later migration removes again
 * are not counted for the one that created them; a removal counts only when the object's creator is
 * applied (or no migration created it).
 */
export async function inferAppliedFromSchema(
  migrations: readonly Migration[],
  dialect: Dialect,
  probe: SchemaProbe,
  options: InferOptions = {},
): Promise<InferredSchema> {
  const versioned = migrations.filter((migration) => !migration.repeatable);
  const session = dialect.createSession?.();
  const scripts: ParsedScript[] = versioned.map((migration) => {
    const text = substitutePlaceholders(
      migration.up.text,
      options.placeholders ?? {},
      options.placeholderSyntax ?? ["flyway"],
    ).text;
    return { path: migration.up.path, text, parsed: dialect.parse(text, session) };
  });
  const defaultSchema = defaultSchemaFor(dialect, options.defaultSchema);
  const replays = replayHistory(scripts, dialect, defaultSchema);
  const final = replays.at(-1)?.after;
  if (!final) return { migrations: [] };
  const schemaOf = (schema: string) => (schema === defaultSchema || schema === "" ? undefined : schema);

  const creators = new Map<string, number>();
  const evidence: Evidence[][] = replays.map((replay, index) => {
    const found: Evidence[] = [];
    const { before, after } = replay;
    const created = (object: SchemaObject) => {
      creators.set(objectKey(object), index);
      if (survives(final, object, defaultSchema)) found.push({ object, expect: "present" });
    };
    const removed = (object: SchemaObject) => {
      const creator = creators.get(objectKey(object));
      found.push({ object, expect: "absent", ...(creator !== undefined && { creator }) });
    };
    for (const relation of allRelations(after)) {
      const schema = schemaOf(relation.name.schema);
      const earlier = findRelation(before, relation.name);
      if (!earlier) {
        if (relation.kind === "table" && relation.assumed) {
          // Not created here: a table the history first meets in an ALTER. Its columns are this file's.
          for (const column of relation.columns)
            created({ kind: "column", schema, table: relation.name.name, column: column.name });
        } else {
          created({ kind: "relation", schema, name: relation.name.name, view: relation.kind === "view" });
        }
        continue;
      }
      if (relation.kind !== "table" || earlier.kind !== "table") continue;
      for (const column of relation.columns) {
        if (!findColumn(before, earlier, column.name))
          created({ kind: "column", schema, table: relation.name.name, column: column.name });
      }
      for (const column of earlier.columns) {
        if (!findColumn(after, relation, column.name))
          removed({ kind: "column", schema, table: relation.name.name, column: column.name });
      }
    }
    for (const relation of allRelations(before)) {
      if (!findRelation(after, relation.name)) {
        removed({
          kind: "relation",
          schema: schemaOf(relation.name.schema),
          name: relation.name.name,
          view: relation.kind === "view",
        });
      }
    }
    // Indexes the migration names itself (a generated name is the database's guess, not evidence).
    for (const change of replay.changes) {
      if (change.change.kind !== "create_index" || change.change.index.name === undefined) continue;
      const owner = findTable(change.after, change.change.index.table);
      if (!owner || findRelation(before, change.change.index.table) === undefined) {
        // An index on a table created in the same migration: the table is the evidence.
        continue;
      }
      created({
        kind: "index",
        schema: schemaOf(owner.name.schema),
        table: owner.name.name,
        name: change.change.index.name,
      });
    }
    return found;
  });

  const seen = new Map<string, Promise<boolean>>();
  const exists = (object: SchemaObject): Promise<boolean> => {
    const key = objectKey(object);
    let known = seen.get(key);
    if (!known) {
      known = probeObject(probe, object);
      seen.set(key, known);
    }
    return known;
  };

  const inferred: InferredMigration[] = [];
  for (const [index, migration] of versioned.entries()) {
    const present: string[] = [];
    const missing: string[] = [];
    for (const item of evidence[index]!) {
      if (item.expect === "absent" && item.creator !== undefined) {
        // Gone because it was removed, or because it was never created: only the creator's state tells.
        if (inferred[item.creator]?.state !== "applied") continue;
      }
      const there = await exists(item.object);
      const described = describeObject(item.object);
      if (item.expect === "present") (there ? present : missing).push(described);
      else (there ? missing : present).push(`${described} removed`);
    }
    const state =
      present.length === 0 && missing.length === 0
        ? "unknown"
        : missing.length === 0
          ? "applied"
          : present.length === 0
            ? "not-applied"
            : "partial";
    inferred.push({ id: migration.id, state, present, missing });
  }
  return { migrations: inferred };
}

function objectKey(object: SchemaObject): string {
  const schema = object.schema ?? "";
  switch (object.kind) {
    case "relation":
      return `r:${schema}.${object.name}`;
    case "column":
      return `c:${schema}.${object.table}.${object.column}`;
    case "index":
      return `i:${schema}.${object.table}.${object.name}`;
  }
}

/** The object is still there after the last migration: its presence can speak for the one that made it. */
function survives(final: Catalog, object: SchemaObject, defaultSchema: string): boolean {
  const name = (relation: string) => ({ schema: object.schema ?? defaultSchema, name: relation });
  switch (object.kind) {
    case "relation":
      return findRelation(final, name(object.name)) !== undefined;
    case "column": {
      const table = findTable(final, name(object.table));
      return table !== undefined && findColumn(final, table, object.column) !== undefined;
    }
    case "index": {
      const relation = findRelation(final, name(object.table));
      return (
        relation !== undefined &&
        indexesOf(relation).some((index) => sameNameInTable(final, index.name, object.name))
      );
    }
  }
}

async function probeObject(probe: SchemaProbe, object: SchemaObject): Promise<boolean> {
  switch (object.kind) {
    case "relation":
      return probe.relationExists(object.schema, object.name);
    case "column":
      return probe.columnExists(object.schema, object.table, object.column);
    case "index":
      return (await probe.indexState(object.schema, object.table, object.name)) === "valid";
  }
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface BaselinePlan {
  /** The revision to stamp: a migration id, or "base" when nothing is applied (nothing to record). */
  readonly revision: string;
  /** Where the answer came from. */
  readonly source: ForeignTool | "schema" | "empty";
  /** The migrations the stamp records as applied, in order. */
  readonly applied: readonly string[];
  /** Why, in sentences for the user. */
  readonly explanation: readonly string[];
}

export interface BaselineSetup extends InferOptions {
  readonly driver: DatabaseDriver;
  readonly dialect: Dialect;
  /** In the loader's order. */
  readonly migrations: readonly Migration[];
  /** Schematic's own history: a database it already records is not adopted again. */
  readonly migrator: Pick<Migrator, "status">;
  /** Where the other tools' history tables are (default: the session's schema). */
  readonly foreignSchema?: string;
}

function listed(ids: readonly string[], most = 5): string {
  const shown = ids.slice(0, most).join(", ");
  return ids.length > most ? `${shown} and ${ids.length - most} more` : shown;
}

/** What `baseline` would stamp and why; reads only. */
export async function planBaseline(setup: BaselineSetup): Promise<BaselinePlan> {
  const status = await setup.migrator.status();
  if (status.applied.length > 0) {
    throw new SchematicError(
      "migration-history",
      `This database already has a Schematic history (${status.applied.length} migrations, the latest ${status.current ?? status.applied.at(-1)!.row.id}); there is nothing to adopt.`,
      {
        hint: "`schematic migrate status` shows it; to move it by hand, `schematic migrate stamp <id>`.",
      },
    );
  }
  const foreign = await detectForeignHistory(setup.driver, {
    ...(setup.foreignSchema !== undefined && { schema: setup.foreignSchema }),
  });
  if (foreign.length > 1) {
    throw new SchematicError(
      "migration-history",
      `This database has the history tables of ${foreign.map((one) => `${TOOL_NAMES[one.tool]} (${one.table})`).join(" and ")}; which one is right cannot be told.`,
      {
        hint: "Drop the stale one, or say where the database stands with `schematic migrate stamp <id>`.",
      },
    );
  }
  const [history] = foreign;
  if (history) return planFromForeign(history, setup.migrations);
  return planFromSchema(setup);
}

function planFromForeign(history: ForeignHistory, migrations: readonly Migration[]): BaselinePlan {
  const tool = TOOL_NAMES[history.tool];
  if (history.failed.length > 0) {
    throw new SchematicError(
      "migration-history",
      `${tool}'s history (${history.table}) marks ${listed(history.failed)} as ${history.tool === "golang-migrate" ? "dirty" : "failed"}: the database is part-way through a migration.`,
      {
        hint: `Finish or undo it with ${tool} (or by hand and \`${history.tool === "flyway" ? "flyway repair" : "migrate force"}\`), then run baseline again.`,
      },
    );
  }
  const mapped = baselineFromForeign(history, migrations);
  if (mapped.unmatched.length > 0) {
    throw new SchematicError(
      "migration-history",
      `${tool}'s history (${history.table}) records ${listed(mapped.unmatched)}, which no migration in the folder matches.`,
      {
        hint: "Point --migrations at the folder that tool ran, or add the missing files; Schematic stamps only what it can find.",
      },
    );
  }
  if (mapped.gaps.length > 0) {
    throw new SchematicError(
      "migration-history",
      `${tool} applied migrations after ${listed(mapped.gaps)} but not ${mapped.gaps.length === 1 ? "it" : "them"}: a stamp records everything up to ${mapped.stamp}, so it would record ${mapped.gaps.length === 1 ? "that one" : "those"} as applied too.`,
      {
        hint: `Apply ${mapped.gaps.length === 1 ? "it" : "them"} with ${tool} first, or stamp an earlier revision with \`schematic migrate stamp <id>\` and let \`up\` apply the rest.`,
      },
    );
  }
  const versions = history.versions.length;
  if (!mapped.stamp) {
    return {
      revision: "base",
      source: history.tool,
      applied: [],
      explanation: [
        `${tool}'s history table ${history.table} is empty: nothing to stamp; \`schematic migrate up\` applies all ${migrations.length} migrations.`,
      ],
    };
  }
  return {
    revision: mapped.stamp,
    source: history.tool,
    applied: mapped.applied,
    explanation: [
      history.headOnly
        ? `${tool}'s history table ${history.table} says the database is at ${history.versions.join(", ")}: migration ${mapped.stamp}.`
        : `${tool}'s history table ${history.table} records ${versions} applied version${versions === 1 ? "" : "s"}, the latest being migration ${mapped.stamp}.`,
      `Stamping ${mapped.stamp}: ${mapped.applied.length} migration${mapped.applied.length === 1 ? "" : "s"} recorded as applied, none run; ${migrations.filter((m) => !m.repeatable).length - mapped.applied.length} left for \`schematic migrate up\`.`,
    ],
  };
}

async function planFromSchema(setup: BaselineSetup): Promise<BaselinePlan> {
  const inferred = await inferAppliedFromSchema(setup.migrations, setup.dialect, setup.driver.probe, setup);
  const states = inferred.migrations;
  const partial = states.filter((migration) => migration.state === "partial");
  if (partial.length > 0) {
    const first = partial[0]!;
    throw new SchematicError(
      "migration-history",
      `Migration ${first.id} is partly in the database: it has ${listed(first.present, 3)} but not ${listed(first.missing, 3)}${partial.length > 1 ? ` (and ${partial.length - 1} more migrations are partial: ${listed(partial.slice(1).map((m) => m.id))})` : ""}.`,
      {
        hint: `Finish it by hand (or undo what is there), then run baseline again; or, if you know where the database stands, \`schematic migrate stamp <id>\`.`,
      },
    );
  }
  const last = lastIndex(states, (migration) => migration.state === "applied");
  const gaps = states.slice(0, last + 1).filter((migration) => migration.state === "not-applied");
  if (gaps.length > 0) {
    throw new SchematicError(
      "migration-history",
      `The schema has migration ${states[last]!.id} but not ${listed(gaps.map((m) => m.id))} before it (${listed(gaps[0]!.missing, 3)} missing): a stamp would record ${gaps.length === 1 ? "it" : "them"} as applied.`,
      {
        hint: `Apply ${gaps.length === 1 ? "it" : "them"} by hand first, or stamp an earlier revision with \`schematic migrate stamp <id>\` and let \`up\` apply the rest.`,
      },
    );
  }
  const after = states.slice(last + 1);
  const unknownAfter = after.filter((migration) => migration.state === "unknown");
  const unknownNote =
    unknownAfter.length > 0
      ? [
          `${listed(unknownAfter.map((m) => m.id))} change${unknownAfter.length === 1 ? "s" : ""} nothing the schema shows (data or grants), so ${unknownAfter.length === 1 ? "it is" : "they are"} taken as not applied; if ${unknownAfter.length === 1 ? "it was" : "they were"}, stamp the right revision with \`schematic migrate stamp <id>\`.`,
        ]
      : [];
  if (last < 0) {
    return {
      revision: "base",
      source: "empty",
      applied: [],
      explanation: [
        `No other tool's history table, and none of what the migrations create is in the database: nothing to stamp; \`schematic migrate up\` applies all ${states.length} migrations.`,
        ...unknownNote,
      ],
    };
  }
  const applied = states.slice(0, last + 1).map((migration) => migration.id);
  const stamp = applied.at(-1)!;
  return {
    revision: stamp,
    source: "schema",
    applied,
    explanation: [
      `No other tool's history table; the schema has what migrations up to ${stamp} create (${listed(states[last]!.present, 3)}), and none of what the ${after.length - unknownAfter.length} after it create.`,
      `Stamping ${stamp}: ${applied.length} migration${applied.length === 1 ? "" : "s"} recorded as applied, none run; ${after.length} left for \`schematic migrate up\`.`,
      ...unknownNote,
    ],
  };
}

/**
 * Adopts the database: plans (see planBaseline) and stamps the revision through the migrator, under its
 * run lock; with `dryRun`, returns the SQL the stamp would run instead.
 */
export async function baseline(
  setup: BaselineSetup & { readonly migrator: Migrator; readonly dryRun?: boolean },
): Promise<{ readonly plan: BaselinePlan; readonly result: RunResult }> {
  const plan = await planBaseline(setup);
  if (plan.revision === "base")
    return { plan, result: { results: [], ok: true, ...(setup.dryRun && { sql: [] }) } };
  const result = await setup.migrator.stamp(plan.revision, { dryRun: setup.dryRun ?? false });
  return { plan, result };
}
