/**
 * The ground truth: PostgreSQL builds the project as views and says which ones fail after a migration.
 * Everything happens in one transaction that is rolled back (PostgreSQL DDL is transactional), so
 * every case starts from the same empty scratch database.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { OracleProject, OracleView, SourceTable } from "./corpus.js";

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const qualifiedName = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

export function createTableSql(table: SourceTable): string {
  const columns = table.columns.map((column) => `  ${quoteIdent(column.name)} ${column.type}`).join(",\n");
  return `CREATE TABLE ${qualifiedName(table.schema, table.name)} (\n${columns}\n);`;
}

export function createViewSql(view: OracleView): string {
  // The newline keeps a trailing `--` comment of the compiled SQL from swallowing anything we add later.
  return `CREATE VIEW ${qualifiedName(view.schema, view.name)} AS\n${view.sql}\n`;
}

/** The schemas and tables every case starts from. */
export function baselineDdl(project: OracleProject): string {
  return [
    ...project.schemas.map((schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)};`),
    ...project.tables.map(createTableSql),
  ].join("\n");
}

export interface ViewFailure {
  readonly uniqueId: string;
  /** PostgreSQL's message, or the failed parent the view depends on. */
  readonly reason: string;
}

export interface BuildResult {
  readonly built: readonly string[];
  readonly failed: readonly ViewFailure[];
}

export interface ScratchDatabase {
  readonly name: string;
  readonly client: pg.Client;
  drop(): Promise<void>;
}

/** Creates `schematic_oracle_<random>` next to the database of `adminUrl` and connects to it. */
export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `schematic_oracle_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let client: pg.Client | undefined;
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`).catch(() => undefined);
    await admin.end();
    throw error;
  }
  const connected = client;
  return {
    name,
    client: connected,
    async drop() {
      try {
        await connected.end().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates the baseline tables, applies `migration` (none for the baseline itself), then creates every
 * view in topological order, each in its own savepoint, and rolls everything back. A view whose parent
 * failed is not attempted: it fails too, with the parent named as the reason. `only` restricts the
 * views to those that built on the baseline.
 */
export async function buildViews(
  client: pg.Client,
  project: OracleProject,
  migration: string | undefined,
  only?: ReadonlySet<string>,
): Promise<BuildResult> {
  const built: string[] = [];
  const failed: ViewFailure[] = [];
  const failedIds = new Set<string>();
  await client.query("BEGIN");
  try {
    await client.query(baselineDdl(project));
    if (migration !== undefined) {
      try {
        await client.query(migration);
      } catch (error) {
        throw new Error(`The migration does not apply on the baseline: ${messageOf(error)}\n${migration}`);
      }
    }
    for (const view of project.views) {
      if (only && !only.has(view.uniqueId)) continue;
      const brokenParent = view.parentViews.find((parent) => failedIds.has(parent));
      if (brokenParent) {
        failed.push({ uniqueId: view.uniqueId, reason: `parent ${brokenParent} failed` });
        failedIds.add(view.uniqueId);
        continue;
      }
      await client.query("SAVEPOINT view_attempt");
      try {
        await client.query(createViewSql(view));
        await client.query("RELEASE SAVEPOINT view_attempt");
        built.push(view.uniqueId);
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT view_attempt");
        failed.push({ uniqueId: view.uniqueId, reason: messageOf(error) });
        failedIds.add(view.uniqueId);
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return { built, failed };
}

export interface ColumnTarget {
  readonly schema: string;
  readonly name: string;
  readonly column: string;
}

/**
 * The views whose stored query reads each target column (pg_depend: PostgreSQL records a dependency of a
 * view's rewrite rule on every column it reads, `*` expanded when the view was created). While one exists,
 * DROP COLUMN and ALTER COLUMN TYPE fail. Built on the baseline with every view of `only`, rolled back.
 * Returns view unique_ids per target, keyed by `schema.name.column`.
 */
export async function viewsHoldingColumns(
  client: pg.Client,
  project: OracleProject,
  targets: readonly ColumnTarget[],
  only: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const byRelation = new Map(
    project.views.map((view) => [`${view.schema}\u0000${view.name}`, view.uniqueId]),
  );
  const holders = new Map<string, string[]>();
  await client.query("BEGIN");
  try {
    await client.query(baselineDdl(project));
    for (const view of project.views) if (only.has(view.uniqueId)) await client.query(createViewSql(view));
    for (const target of targets) {
      const { rows } = await client.query<{ schema: string; name: string }>(
        `SELECT DISTINCT ns.nspname AS schema, dependent.relname AS name
           FROM pg_depend d
           JOIN pg_rewrite r ON r.oid = d.objid
           JOIN pg_class dependent ON dependent.oid = r.ev_class
           JOIN pg_namespace ns ON ns.oid = dependent.relnamespace
           JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE d.classid = 'pg_rewrite'::regclass
            AND d.refobjid = $1::regclass
            AND a.attname = $2
            AND dependent.oid <> d.refobjid`,
        [qualifiedName(target.schema, target.name), target.column],
      );
      holders.set(
        columnTargetKey(target),
        rows
          .map((row) => byRelation.get(`${row.schema}\u0000${row.name}`))
          .filter((id): id is string => id !== undefined)
          .sort(),
      );
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return holders;
}

export function columnTargetKey(target: ColumnTarget): string {
  return `${target.schema}.${target.name}.${target.column}`;
}
