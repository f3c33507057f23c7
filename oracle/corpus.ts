/**
 * The dbt project the oracle builds in PostgreSQL, read straight from manifest.json and catalog.json
 * (deliberately not through Schematic's own reader: the oracle must not share the code it measures).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface SourceColumn {
  readonly name: string;
  /** The warehouse type as catalog.json reports it (`timestamp without time zone`, `character varying(100)`). */
  readonly type: string;
}

/** A physical table the EL tool loads: a dbt source (or the seed standing in for it). */
export interface SourceTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly SourceColumn[];
  /** dbt nodes whose relation is this table (sources and seeds). */
  readonly nodeIds: readonly string[];
  /** Where the column list comes from: the warehouse catalog, or only the YAML docs (no catalog entry). */
  readonly columnsFrom: "catalog" | "yaml";
}

/** A model or data test, created as a view named after its relation. */
export interface OracleView {
  readonly uniqueId: string;
  readonly kind: "model" | "test";
  readonly schema: string;
  readonly name: string;
  /** Compiled SQL with the database part of three-part names removed. */
  readonly sql: string;
  /** Ids of the views (not ephemeral models, not sources) this view's SQL reads. */
  readonly parentViews: readonly string[];
  /** The model's materialization in the manifest (view, table, incremental, ...); absent for tests. */
  readonly materialized?: string;
}

export interface OracleProject {
  readonly manifestPath: string;
  readonly catalogPath: string;
  readonly tables: readonly SourceTable[];
  /** In topological order: every view comes after the views it reads. */
  readonly views: readonly OracleView[];
  /** Every schema a table or view lives in. */
  readonly schemas: readonly string[];
  /** unique_id -> children, from the manifest (all resource types). */
  readonly childMap: ReadonlyMap<string, readonly string[]>;
  /** Models dbt inlines as CTEs: they have no relation of their own, so the oracle cannot observe them. */
  readonly ephemeralModels: readonly string[];
  readonly compiledCode: ReadonlyMap<string, string>;
}

/** The schema data tests store their failures in, as dbt's `store_failures` does. */
export const TEST_SCHEMA = "dbt_test__audit";

const HUBSPOT_V12 = "dbt-fivetran/dbt_hubspot/v12";

/** The corpora folder beside the repository (or SCHEMATIC_CORPORA), undefined when it is not there. */
export function locateHubspotCorpus(
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const corpora = env.SCHEMATIC_CORPORA
    ? path.resolve(env.SCHEMATIC_CORPORA)
    : path.resolve(repoRoot, "../shared/corpora");
  const folder = path.join(corpora, HUBSPOT_V12);
  const complete =
    existsSync(path.join(folder, "manifest.json")) && existsSync(path.join(folder, "catalog.json"));
  return complete ? folder : undefined;
}

export interface RawNode {
  readonly unique_id: string;
  readonly resource_type: string;
  readonly name: string;
  readonly database?: string | null;
  readonly schema: string;
  readonly alias?: string | null;
  readonly identifier?: string;
  readonly relation_name?: string | null;
  readonly compiled_code?: string | null;
  readonly config?: { readonly materialized?: string };
  readonly columns?: Readonly<Record<string, { readonly name: string; readonly data_type?: string | null }>>;
}

export interface RawCatalogEntry {
  readonly metadata: { readonly schema: string; readonly name: string };
  readonly columns: Readonly<
    Record<string, { readonly name: string; readonly type: string; readonly index: number }>
  >;
}

export interface RawManifest {
  readonly nodes: Readonly<Record<string, RawNode>>;
  readonly sources: Readonly<Record<string, RawNode>>;
  readonly parent_map: Readonly<Record<string, readonly string[]>>;
  readonly child_map: Readonly<Record<string, readonly string[]>>;
}

export interface RawCatalog {
  readonly nodes: Readonly<Record<string, RawCatalogEntry>>;
  readonly sources: Readonly<Record<string, RawCatalogEntry>>;
}

/** PostgreSQL compares stored names exactly: `"Deal_Data"` and `deal_data` are two tables. */
const relationKey = (schema: string, name: string) => `${schema}.${name}`;

function catalogColumns(entry: RawCatalogEntry): SourceColumn[] {
  return Object.values(entry.columns)
    .sort((a, b) => a.index - b.index)
    .map((column) => ({ name: column.name, type: column.type }));
}

/**
 * Source tables with their real columns. The integration project loads its sources as seeds, so a
 * source's columns are those of the catalog entry (source or seed) with the same schema and name;
 * a source without one gets its YAML-documented columns (typed text when the YAML says nothing).
 */
function readTables(manifest: RawManifest, catalog: RawCatalog): SourceTable[] {
  const catalogByRelation = new Map<string, RawCatalogEntry>();
  for (const entry of [...Object.values(catalog.nodes), ...Object.values(catalog.sources)]) {
    catalogByRelation.set(relationKey(entry.metadata.schema, entry.metadata.name), entry);
  }
  const tables = new Map<string, { schema: string; name: string; nodeIds: string[]; yaml: SourceColumn[] }>();
  const physical = [
    ...Object.values(manifest.sources),
    ...Object.values(manifest.nodes).filter((node) => node.resource_type === "seed"),
  ];
  for (const node of physical) {
    const name = node.identifier ?? node.alias ?? node.name;
    const key = relationKey(node.schema, name);
    const table = tables.get(key) ?? { schema: node.schema, name, nodeIds: [], yaml: [] };
    table.nodeIds.push(node.unique_id);
    if (table.yaml.length === 0) {
      table.yaml = Object.values(node.columns ?? {}).map((column) => ({
        name: column.name,
        type: column.data_type || "text",
      }));
    }
    tables.set(key, table);
  }
  return [...tables.entries()]
    .map(([key, table]): SourceTable => {
      const entry = catalogByRelation.get(key);
      return {
        schema: table.schema,
        name: table.name,
        nodeIds: table.nodeIds.sort(),
        columns: entry ? catalogColumns(entry) : table.yaml,
        columnsFrom: entry ? "catalog" : "yaml",
      };
    })
    .filter((table) => table.columns.length > 0)
    .sort((a, b) => relationKey(a.schema, a.name).localeCompare(relationKey(b.schema, b.name)));
}

/** `"postgres"."schema"."name"` -> `"schema"."name"`: PostgreSQL refuses cross-database references. */
export function stripDatabase(sql: string, databases: ReadonlySet<string>): string {
  let result = sql;
  for (const database of databases) {
    const quoted = `"${database.replaceAll('"', '""')}".`;
    result = result.split(`${quoted}"`).join('"');
  }
  return result;
}

/** The `(schema, name)` of a relation_name like `"postgres"."public_hubspot"."stg_x"`. */
function parseRelationName(relationName: string): { schema: string; name: string } {
  const parts = [...relationName.matchAll(/"((?:[^"]|"")*)"/g)].map((match) =>
    match[1]!.replaceAll('""', '"'),
  );
  if (parts.length < 2) throw new Error(`Unexpected relation_name ${relationName}`);
  return { schema: parts.at(-2)!, name: parts.at(-1)! };
}

/** A short, unique view name for a data test (test names can pass PostgreSQL's 63-byte limit). */
function testViewName(test: RawNode, ordinal: number): string {
  return `${test.name.slice(0, 50)}_${ordinal}`;
}

/** Depth-first topological order over parent_map, visiting ids in sorted order for a stable result. */
function topologicalOrder(ids: readonly string[], parentMap: RawManifest["parent_map"]): string[] {
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string) => {
    const seen = state.get(id);
    if (seen === "done") return;
    if (seen === "visiting") throw new Error(`Cycle in parent_map at ${id}`);
    state.set(id, "visiting");
    for (const parent of [...(parentMap[id] ?? [])].sort()) visit(parent);
    state.set(id, "done");
    order.push(id);
  };
  for (const id of [...ids].sort()) visit(id);
  return order;
}

/** The views among a node's ancestors reached without passing through another view (ephemerals are see-through). */
function nearestViewParents(
  id: string,
  parentMap: RawManifest["parent_map"],
  isView: (id: string) => boolean,
): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const stack = [...(parentMap[id] ?? [])];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    if (seen.has(parent)) continue;
    seen.add(parent);
    if (isView(parent)) found.add(parent);
    else if (parent.startsWith("model.")) stack.push(...(parentMap[parent] ?? []));
  }
  return [...found].sort();
}

export function loadOracleProject(folder: string): OracleProject {
  const manifestPath = path.join(folder, "manifest.json");
  const catalogPath = path.join(folder, "catalog.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as RawManifest;
  const catalog = JSON.parse(readFileSync(catalogPath, "utf8")) as RawCatalog;
  return oracleProjectOf(manifest, catalog, { manifestPath, catalogPath });
}

/** The project the oracle builds from a manifest and catalog already read (files at the given paths). */
export function oracleProjectOf(
  manifest: RawManifest,
  catalog: RawCatalog,
  paths: { readonly manifestPath: string; readonly catalogPath: string },
): OracleProject {
  const { manifestPath, catalogPath } = paths;
  const tables = readTables(manifest, catalog);

  const databases = new Set(
    [...Object.values(manifest.nodes), ...Object.values(manifest.sources)]
      .map((node) => node.database)
      .filter((database): database is string => typeof database === "string" && database !== ""),
  );
  const nodes = Object.values(manifest.nodes);
  const isEphemeral = (node: RawNode) =>
    node.resource_type === "model" && node.config?.materialized === "ephemeral";
  const buildable = nodes.filter(
    (node) =>
      (node.resource_type === "model" && !isEphemeral(node) && node.relation_name) ||
      (node.resource_type === "test" && node.compiled_code),
  );
  const buildableIds = new Set(buildable.map((node) => node.unique_id));
  let testOrdinal = 0;
  const views: OracleView[] = [];
  for (const id of topologicalOrder([...buildableIds], manifest.parent_map)) {
    if (!buildableIds.has(id)) continue;
    const node = manifest.nodes[id]!;
    const sql = stripDatabase(node.compiled_code ?? "", databases);
    const parentViews = nearestViewParents(id, manifest.parent_map, (candidate) =>
      buildableIds.has(candidate),
    );
    if (node.resource_type === "test") {
      testOrdinal += 1;
      views.push({
        uniqueId: id,
        kind: "test",
        schema: TEST_SCHEMA,
        name: testViewName(node, testOrdinal),
        sql,
        parentViews,
      });
    } else {
      const relation = parseRelationName(node.relation_name!);
      const materialized = node.config?.materialized ?? "view";
      views.push({ uniqueId: id, kind: "model", ...relation, sql, parentViews, materialized });
    }
  }
  const schemas = [
    ...new Set([...tables.map((table) => table.schema), ...views.map((view) => view.schema)]),
  ].sort();
  return {
    manifestPath,
    catalogPath,
    tables,
    views,
    schemas,
    childMap: new Map(Object.entries(manifest.child_map)),
    ephemeralModels: nodes.filter(isEphemeral).map((node) => node.unique_id),
    compiledCode: new Map(
      nodes
        .filter((node) => typeof node.compiled_code === "string")
        .map((node) => [node.unique_id, stripDatabase(node.compiled_code!, databases)]),
    ),
  };
}
