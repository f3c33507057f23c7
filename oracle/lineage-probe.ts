/**
 * A second, finer oracle for column-level lineage: for every column of every model, PostgreSQL rebuilds
 * the model without that column and says which downstream views fail; Schematic's `columnImpacts` on
 * the model's relation must name exactly those. Source-table migrations only reach the staging models
 * (which list every source column), so this is what exercises column resolution across the project.
 */
import type pg from "pg";
import { buildDbtImpact } from "../src/check/dbt-impact-index.js";
import { readManifest } from "../src/dbt/manifest.js";
import { POSTGRES_IDENTIFIERS } from "../src/dialects/identifiers.js";
import type { OracleProject, OracleView } from "./corpus.js";
import { baselineDdl, createViewSql, qualifiedName, quoteIdent } from "./postgres-oracle.js";
import { predictsBreak } from "./schematic-prediction.js";

export interface LineageProbe {
  readonly model: string;
  readonly schema: string;
  readonly name: string;
  readonly column: string;
  /** Views that fail once the column is gone, with PostgreSQL's reason. */
  readonly failing: ReadonlyMap<string, string>;
}

function childViews(views: readonly OracleView[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const view of views) {
    for (const parent of view.parentViews)
      children.set(parent, [...(children.get(parent) ?? []), view.uniqueId]);
  }
  return children;
}

function descendantsOf(id: string, children: ReadonlyMap<string, readonly string[]>): Set<string> {
  const found = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return found;
}

async function attempt(client: pg.Client, sql: string): Promise<string | undefined> {
  await client.query("SAVEPOINT probe_view");
  try {
    await client.query(sql);
    await client.query("RELEASE SAVEPOINT probe_view");
    return undefined;
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT probe_view");
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Rebuilds the model without `column`, then its descendants in topological order; returns the failures.
 * The caller's savepoint undoes it all.
 */
async function dropModelColumn(
  client: pg.Client,
  model: OracleView,
  columns: readonly string[],
  column: string,
  downstream: readonly OracleView[],
): Promise<Map<string, string>> {
  await client.query(`DROP VIEW ${qualifiedName(model.schema, model.name)} CASCADE`);
  // A view that reads the model without PostgreSQL recording the dependency would survive CASCADE.
  for (const view of downstream)
    await client.query(`DROP VIEW IF EXISTS ${qualifiedName(view.schema, view.name)} CASCADE`);
  const kept = columns.filter((name) => name !== column).map(quoteIdent);
  await client.query(
    `CREATE VIEW ${qualifiedName(model.schema, model.name)} AS SELECT ${kept.join(", ")} FROM (\n${model.sql}\n) AS lineage_probe`,
  );
  const failing = new Map<string, string>();
  for (const view of downstream) {
    const brokenParent = view.parentViews.find((parent) => failing.has(parent));
    const reason = brokenParent
      ? `parent ${brokenParent} failed`
      : await attempt(client, createViewSql(view));
    if (reason !== undefined) failing.set(view.uniqueId, reason);
  }
  return failing;
}

/** Runs every (model, column) probe over the views that built on the baseline, in one rolled-back transaction. */
export async function runLineageProbes(
  client: pg.Client,
  project: OracleProject,
  observable: ReadonlySet<string>,
): Promise<LineageProbe[]> {
  const views = project.views.filter((view) => observable.has(view.uniqueId));
  const children = childViews(views);
  const probes: LineageProbe[] = [];
  await client.query("BEGIN");
  try {
    await client.query(baselineDdl(project));
    for (const view of views) await client.query(createViewSql(view));
    for (const model of views.filter((view) => view.kind === "model")) {
      const descendants = descendantsOf(model.uniqueId, children);
      const downstream = views.filter((view) => descendants.has(view.uniqueId));
      const { rows } = await client.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
        [model.schema, model.name],
      );
      const columns = rows.map((row) => row.column_name);
      for (const column of columns) {
        await client.query("SAVEPOINT probe");
        try {
          const failing = await dropModelColumn(client, model, columns, column, downstream);
          probes.push({ model: model.uniqueId, schema: model.schema, name: model.name, column, failing });
        } finally {
          await client.query("ROLLBACK TO SAVEPOINT probe");
        }
      }
    }
  } finally {
    await client.query("ROLLBACK");
  }
  return probes;
}

/** Schematic's answer for each probe: the nodes `columnImpacts` says break when the model loses the column. */
export async function predictProbes(
  project: OracleProject,
  probes: readonly LineageProbe[],
): Promise<Map<LineageProbe, Set<string>>> {
  const dbt = readManifest(project.manifestPath, { catalogPath: project.catalogPath });
  // Model relations are not in any migration: their columns come from catalog.json or the compiled SQL.
  const index = await buildDbtImpact(dbt, {
    tableColumns: () => undefined,
    identifiers: POSTGRES_IDENTIFIERS,
  });
  const predictions = new Map<LineageProbe, Set<string>>();
  for (const probe of probes) {
    const impacts = index.columnImpacts({ schema: probe.schema, name: probe.name }, probe.column);
    predictions.set(
      probe,
      new Set(impacts.filter((impact) => predictsBreak(impact)).map((impact) => impact.unique_id)),
    );
  }
  return predictions;
}
