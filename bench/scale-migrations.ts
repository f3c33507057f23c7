/**
 * The migrations side of the scale benchmark: a baseline that creates every copy's source tables with
 * the columns catalog.json gives them, and a pending migration that drops columns of copy 0's sources
 * (by default the column most models read, of the source with the largest downstream).
 */
import { resolveRelation } from "../src/dbt/relations.js";
import { CopyRenamer, indexProject, type JsonObject, type ScaleOptions } from "./scale-manifest.js";

export interface TableColumn {
  readonly name: string;
  readonly type: string;
}

export interface SourceTable {
  readonly uniqueId: string;
  /**
   * As the warehouse stores the name dbt's relation writes (Snowflake: unquoted parts upper case), so that
   * the migrations, which quote it, create the very table dbt reads: names compare exactly.
   */
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TableColumn[];
}

export interface DropTarget {
  readonly sourceId: string;
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** Models downstream of the source (transitively), in the original project. */
  readonly downstreamModels: number;
  /** Direct child models whose compiled SQL names the column. */
  readonly directReaders: number;
}

const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
const entriesOf = (value: unknown): [string, unknown][] => Object.entries(asObject(value) ?? {});

/** Schema and table of a relation name as the manifest's adapter stores them. */
function storedName(manifest: JsonObject, relationName: string): { schema: string; name: string } {
  const adapter = String(asObject(manifest.metadata)?.adapter_type ?? "");
  const relation = resolveRelation({ relationName }, adapter);
  if (!relation) throw new Error(`Not a relation name: ${relationName}`);
  return { schema: relation.schema, name: relation.identifier };
}

/** Snowflake catalog types to PostgreSQL ones; loose on purpose (the change under test drops a column). */
const POSTGRES_TYPES: Readonly<Record<string, string>> = {
  NUMBER: "numeric",
  DECIMAL: "numeric",
  INT: "bigint",
  INTEGER: "bigint",
  FLOAT: "double precision",
  TEXT: "text",
  VARCHAR: "text",
  BOOLEAN: "boolean",
  DATE: "date",
  TIMESTAMP_NTZ: "timestamp",
  TIMESTAMP_LTZ: "timestamptz",
  TIMESTAMP_TZ: "timestamptz",
  BINARY: "bytea",
  VARIANT: "jsonb",
  OBJECT: "jsonb",
  ARRAY: "jsonb",
};

export function postgresTypeFor(warehouseType: string): string {
  const base = warehouseType.toUpperCase().replace(/\(.*$/, "").trim();
  return POSTGRES_TYPES[base] ?? "text";
}

function catalogColumns(catalog: JsonObject, uniqueId: string): TableColumn[] | undefined {
  const entry =
    asObject(asObject(catalog.sources)?.[uniqueId]) ?? asObject(asObject(catalog.nodes)?.[uniqueId]);
  if (!entry) return undefined;
  return entriesOf(entry.columns)
    .map(([key, raw]) => asObject(raw) ?? { name: key })
    .sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0))
    .map((column) => ({
      name: String(column.name).toLowerCase(),
      type: postgresTypeFor(String(column.type ?? "text")),
    }));
}

/** Every copy's source tables that catalog.json describes (a source it does not describe is left out). */
export function sourceTables(
  manifest: JsonObject,
  catalog: JsonObject,
  options: ScaleOptions,
): SourceTable[] {
  const index = indexProject(manifest);
  const tables: SourceTable[] = [];
  for (let copy = 0; copy < options.copies; copy++) {
    const renamer = new CopyRenamer(index, copy, options.sharedSources);
    for (const id of Object.keys(asObject(manifest.sources) ?? {})) {
      if (!renamer.owns(id)) continue;
      const columns = catalogColumns(catalog, id);
      const relation = renamer.relation(id);
      if (!columns || columns.length === 0 || relation === undefined) continue;
      tables.push({ uniqueId: renamer.id(id), ...storedName(manifest, relation), columns });
    }
  }
  return tables;
}

function downstreamModels(manifest: JsonObject, start: string): number {
  const childMap = asObject(manifest.child_map) ?? {};
  const nodes = asObject(manifest.nodes) ?? {};
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    for (const child of (childMap[queue.shift()!] as string[] | undefined) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return [...seen].filter((id) => asObject(nodes[id])?.resource_type === "model").length;
}

const mentions = (sql: string, column: string): boolean =>
  new RegExp(`(?<![\\w$])${column.replace(/[$]/g, "\\$")}(?![\\w$])`, "i").test(sql);

/**
 * One drop per source catalog.json describes: the source's column named by the most of its direct child
 * models' compiled SQL (ties: table order). Sources with the most downstream models come first (ties:
 * unique_id), so the first target is the column of the source the most models read.
 */
export function dropTargets(manifest: JsonObject, catalog: JsonObject): DropTarget[] {
  const nodes = asObject(manifest.nodes) ?? {};
  const sources = asObject(manifest.sources) ?? {};
  const childMap = asObject(manifest.child_map) ?? {};
  const targets: DropTarget[] = [];
  for (const sourceId of Object.keys(sources).sort()) {
    const columns = catalogColumns(catalog, sourceId);
    if (!columns || columns.length === 0) continue;
    const readers = ((childMap[sourceId] as string[] | undefined) ?? [])
      .map((id) => asObject(nodes[id]))
      .filter((node) => node?.resource_type === "model")
      .map((node) => String(node!.compiled_sql ?? node!.compiled_code ?? ""));
    const ranked = columns
      .map((column, position) => ({
        column,
        position,
        readers: readers.filter((sql) => mentions(sql, column.name)).length,
      }))
      .sort((a, b) => b.readers - a.readers || a.position - b.position);
    const { schema, name } = storedName(manifest, String(asObject(sources[sourceId])!.relation_name));
    targets.push({
      sourceId,
      schema,
      table: name,
      column: ranked[0]!.column.name,
      downstreamModels: downstreamModels(manifest, sourceId),
      directReaders: ranked[0]!.readers,
    });
  }
  if (targets.length === 0)
    throw new Error("No source of the manifest has catalog columns: nothing to drop.");
  // Array.prototype.sort is stable: equal counts keep unique_id order.
  return targets.sort((a, b) => b.downstreamModels - a.downstreamModels);
}

const quoted = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

export function baselineMigration(tables: readonly SourceTable[]): string {
  const schemas = [...new Set(tables.map((table) => table.schema))];
  const lines = [
    "-- Generated by bench/bench.ts: the source tables of every copy, columns from catalog.json.",
    ...schemas.map((schema) => `CREATE SCHEMA IF NOT EXISTS ${quoted(schema)};`),
  ];
  for (const table of tables) {
    const columns = table.columns.map((column) => `  ${quoted(column.name)} ${column.type}`).join(",\n");
    lines.push(`CREATE TABLE ${quoted(table.schema)}.${quoted(table.name)} (\n${columns}\n);`);
  }
  return `${lines.join("\n")}\n`;
}

export function dropColumnMigration(targets: readonly DropTarget[]): string {
  const drops = targets.map(
    (target) =>
      `ALTER TABLE ${quoted(target.schema)}.${quoted(target.table)} DROP COLUMN ${quoted(target.column)};`,
  );
  return `-- Generated by bench/bench.ts: the change under review.\n${drops.join("\n")}\n`;
}
