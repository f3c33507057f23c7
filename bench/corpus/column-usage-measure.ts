/**
 * Measures column-level lineage on real compiled dbt projects from ../shared/corpora:
 * how many models parse, how many column references resolve to a parent, and the time per model.
 *
 *   npx tsx bench/corpus/column-usage-measure.ts [manifest.json ...]
 *
 * Reads the manifests with a small reader of its own (only what analyzeColumnUse needs), so the
 * measurement does not depend on the full manifest loader; relations are named as the adapter's warehouse
 * stores them (resolveRelation: Snowflake's unquoted names upper case), since compiled SQL is read that way.
 * Known columns come from the catalog.json beside each manifest; each project is measured with and without them.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { analyzeColumnUse, loadColumnUseParsers } from "../../src/dbt/column-usage.js";
import type { DbtColumn, DbtNode } from "../../src/dbt/model.js";
import { resolveRelation } from "../../src/dbt/relations.js";
import { parseForAdapter } from "../../src/dbt/sql-lineage/front-ends.js";
import { indexParentRelations } from "../../src/dbt/sql-lineage/parent-relations.js";
import { resolveLineage } from "../../src/dbt/sql-lineage/resolve.js";
import { POSTGRES_IDENTIFIERS } from "../../src/dialects/identifiers.js";

const CORPORA = join(import.meta.dirname, "../../../shared/corpora");
const DEFAULT_MANIFESTS = [
  "dbt-fivetran/dbt_hubspot/v12/manifest.json",
  "dbt-fivetran/dbt_hubspot/v8/manifest.json",
  "dbt-flipside-large/thorchain_models/v6/manifest.json",
];

type Json = Record<string, unknown>;

interface Project {
  readonly adapter: string;
  readonly nodes: ReadonlyMap<string, DbtNode>;
  readonly catalogColumns: ReadonlyMap<string, readonly string[]>;
}

function readProject(manifestPath: string): Project {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Json;
  const catalogPath = join(dirname(manifestPath), "catalog.json");
  const catalog = existsSync(catalogPath) ? (JSON.parse(readFileSync(catalogPath, "utf8")) as Json) : {};
  const catalogColumns = new Map<string, string[]>();
  for (const section of ["nodes", "sources"]) {
    for (const [id, entry] of Object.entries((catalog[section] ?? {}) as Record<string, Json>)) {
      catalogColumns.set(
        id,
        Object.keys((entry.columns ?? {}) as Json).map((name) => name.toLowerCase()),
      );
    }
  }
  const adapter = String(((manifest.metadata ?? {}) as Json).adapter_type ?? "postgres");
  const nodes = new Map<string, DbtNode>();
  for (const section of ["nodes", "sources"]) {
    for (const raw of Object.values((manifest[section] ?? {}) as Record<string, Json>)) {
      const node = toNode(raw, adapter);
      nodes.set(node.uniqueId, node);
    }
  }
  return { adapter, nodes, catalogColumns };
}

function toNode(raw: Json, adapter: string): DbtNode {
  const config = (raw.config ?? {}) as Json;
  const materialized = typeof config.materialized === "string" ? config.materialized : undefined;
  const resourceType = String(raw.resource_type);
  const identifier = String(raw.identifier ?? raw.alias ?? raw.name);
  const relation =
    materialized !== "ephemeral" && ["model", "seed", "snapshot", "source"].includes(resourceType)
      ? resolveRelation(
          {
            ...(typeof raw.relation_name === "string" && { relationName: raw.relation_name }),
            ...(raw.database ? { database: String(raw.database) } : {}),
            schema: String(raw.schema),
            identifier,
          },
          adapter,
        )
      : undefined;
  const columns = new Map<string, DbtColumn>();
  for (const name of Object.keys((raw.columns ?? {}) as Json))
    columns.set(name.toLowerCase(), { name, notNullConstraint: false });
  const compiled = raw.compiled_code ?? raw.compiled_sql;
  return {
    uniqueId: String(raw.unique_id),
    resourceType,
    name: String(raw.name),
    packageName: String(raw.package_name),
    ...(relation && { relation }),
    ...(materialized ? { materialized } : {}),
    ...(typeof compiled === "string" ? { compiledCode: compiled } : {}),
    columns,
    columnsComplete: false,
    contractEnforced: false,
    dependsOn: (((raw.depends_on ?? {}) as Json).nodes ?? []) as string[],
  };
}

interface Measurement {
  models: number;
  compiled: number;
  parsed: number;
  failures: string[];
  references: number;
  toParents: number;
  unresolved: number;
  readsColumns: number;
  starReads: number;
  passThroughOutputs: number;
  milliseconds: number[];
  parseMilliseconds: number;
  resolveMilliseconds: number;
}

function measure(project: Project, withCatalog: boolean): Measurement {
  const columnsOf = (id: string) => (withCatalog ? project.catalogColumns.get(id) : undefined);
  const result: Measurement = {
    models: 0,
    compiled: 0,
    parsed: 0,
    failures: [],
    references: 0,
    toParents: 0,
    unresolved: 0,
    readsColumns: 0,
    starReads: 0,
    passThroughOutputs: 0,
    milliseconds: [],
    parseMilliseconds: 0,
    resolveMilliseconds: 0,
  };
  for (const node of project.nodes.values()) {
    if (node.resourceType !== "model") continue;
    result.models++;
    if (node.compiledCode === undefined) continue;
    result.compiled++;
    const parents = node.dependsOn
      .map((id) => project.nodes.get(id))
      .filter((parent): parent is DbtNode => parent !== undefined);
    const started = performance.now();
    // No migrations here: relation names compare exactly, as the warehouse stores them.
    const use = analyzeColumnUse(node, parents, {
      adapter: project.adapter,
      columnsOf,
      identifiers: POSTGRES_IDENTIFIERS,
    });
    result.milliseconds.push(performance.now() - started);
    if (use.basis !== "compiled") {
      result.failures.push(`${node.uniqueId}: ${use.notes[0]}`);
      continue;
    }
    result.parsed++;
    for (const read of use.reads.values()) {
      result.readsColumns += read.columns.size;
      if (read.star) result.starReads++;
    }
    if (use.outputs?.some((output) => output.name === "*")) result.passThroughOutputs++;
    // reference counts and the parse/resolve split are not part of NodeColumnUse: run the steps again
    const parseStarted = performance.now();
    const parsed = parseForAdapter(node.compiledCode, project.adapter);
    result.parseMilliseconds += performance.now() - parseStarted;
    if (parsed.kind !== "query") continue;
    const resolveStarted = performance.now();
    const index = indexParentRelations(parents, { identifiers: POSTGRES_IDENTIFIERS, self: node });
    const { statistics } = resolveLineage(parsed.query, {
      relationFor: index.relationFor,
      ephemeralFor: index.ephemeralFor,
      columnsOf,
      isSelf: index.isSelf,
    });
    result.resolveMilliseconds += performance.now() - resolveStarted;
    result.references += statistics.references;
    result.toParents += statistics.toParents;
    result.unresolved += statistics.unresolved;
  }
  return result;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

function report(label: string, measurement: Measurement): void {
  const times = measurement.milliseconds;
  const total = times.reduce((sum, time) => sum + time, 0);
  const percent = (part: number, whole: number) =>
    whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
  console.log(`  ${label}`);
  console.log(
    `    models ${measurement.models}, compiled ${measurement.compiled}, parsed ${measurement.parsed} (${percent(measurement.parsed, measurement.compiled)})`,
  );
  console.log(
    `    column references ${measurement.references}: to a parent ${measurement.toParents} (${percent(measurement.toParents, measurement.references)}), unresolved ${measurement.unresolved} (${percent(measurement.unresolved, measurement.references)})`,
  );
  console.log(
    `    parent columns read ${measurement.readsColumns}, star reads ${measurement.starReads}, models with pass-through outputs ${measurement.passThroughOutputs}`,
  );
  console.log(
    `    time per model: mean ${(total / Math.max(1, times.length)).toFixed(2)} ms, median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, max ${percentile(times, 1).toFixed(2)} ms, total ${total.toFixed(0)} ms`,
  );
  const split = measurement.parseMilliseconds + measurement.resolveMilliseconds;
  console.log(
    `    of which parsing ${percent(measurement.parseMilliseconds, split)}, resolving ${percent(measurement.resolveMilliseconds, split)}`,
  );
  for (const failure of measurement.failures) console.log(`    not parsed: ${failure.slice(0, 220)}`);
}

await loadColumnUseParsers();
const manifests =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : DEFAULT_MANIFESTS.map((path) => join(CORPORA, path));
for (const manifestPath of manifests) {
  if (!existsSync(manifestPath)) {
    console.log(`${manifestPath}: not found (the corpora live in ../shared/corpora)`);
    continue;
  }
  const project = readProject(manifestPath);
  console.log(`${relative(CORPORA, manifestPath)} (${project.adapter})`);
  measure(project, true); // warm-up: JIT and the parsers' first-use costs are not per-model costs
  report("with catalog.json columns", measure(project, true));
  report("without known columns", measure(project, false));
}
