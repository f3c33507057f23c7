/**
 * catalog.json (written by `dbt docs generate`): the warehouse's own columns and types for every node and
 * source dbt could see. The manifest only knows the columns someone documented in YAML, usually without a
 * type; the catalog knows them all.
 */
import { SchematicError } from "../errors.js";
import {
  type ArtifactKind,
  asNonEmptyString,
  asObject,
  asString,
  objectEntries,
  readJsonArtifact,
} from "./json.js";
import type { DbtColumn, DbtNode } from "./model.js";

export const CATALOG_KIND: ArtifactKind = {
  label: "dbt catalog",
  invalidCode: "catalog-invalid",
  regenerate: "dbt docs generate",
};

export interface CatalogColumn {
  /** As the warehouse reports it (upper case on Snowflake). */
  readonly name: string;
  /** The warehouse type (`integer`, `character varying(20)`, `NUMBER(38,0)`); absent if not reported. */
  readonly type?: string;
  /** 1-based position in the relation. */
  readonly index: number;
}

export interface DbtCatalog {
  readonly path: string;
  readonly dbtVersion?: string;
  /** unique_id (nodes and sources) -> columns in table order. */
  readonly relations: ReadonlyMap<string, readonly CatalogColumn[]>;
  /** unique_id -> what the relation is (`metadata.type`: BASE TABLE, VIEW, materialized view, ...). */
  readonly relationTypes?: ReadonlyMap<string, NonNullable<DbtNode["warehouseRelationType"]>>;
}

/** catalog.json's `metadata.type` (PostgreSQL `VIEW`, BigQuery `view`, `MATERIALIZED VIEW`, ...) in one word. */
export function relationTypeOf(type: string | undefined): DbtNode["warehouseRelationType"] {
  if (type === undefined) return undefined;
  if (/materiali[sz]ed/i.test(type)) return "materialized_view";
  return /view/i.test(type) ? "view" : "table";
}

export function readCatalog(path: string): DbtCatalog {
  return parseCatalog(readJsonArtifact(path, CATALOG_KIND), path);
}

export function parseCatalog(json: unknown, path: string): DbtCatalog {
  const root = asObject(json);
  const metadata = asObject(root?.metadata);
  const schemaVersion = asString(metadata?.dbt_schema_version);
  const fail = (message: string, hint: string): never => {
    throw new SchematicError("catalog-invalid", message, { location: { file: path }, hint });
  };
  if (!root || !asObject(root.nodes)) {
    fail(
      "This is not a dbt catalog: expected a JSON object with `metadata` and `nodes`.",
      "Pass the catalog.json that `dbt docs generate` writes to the target directory.",
    );
  }
  if (schemaVersion !== undefined && !/\/catalog\/v\d+(\.json)?$/.test(schemaVersion)) {
    fail(
      `This is not a dbt catalog: its dbt_schema_version is ${schemaVersion}.`,
      "Pass the catalog.json that `dbt docs generate` writes to the target directory.",
    );
  }
  const relations = new Map<string, readonly CatalogColumn[]>();
  const relationTypes = new Map<string, NonNullable<DbtNode["warehouseRelationType"]>>();
  for (const section of [root!.nodes, root!.sources]) {
    for (const [key, entry] of objectEntries(section)) {
      const table = asObject(entry);
      if (!table) continue;
      const uniqueId = asString(table.unique_id) ?? key;
      relations.set(uniqueId, readCatalogColumns(table.columns));
      const type = relationTypeOf(asString(asObject(table.metadata)?.type));
      if (type !== undefined) relationTypes.set(uniqueId, type);
    }
  }
  const dbtVersion = asString(metadata?.dbt_version);
  return {
    path,
    ...(dbtVersion !== undefined && { dbtVersion }),
    relations,
    ...(relationTypes.size > 0 && { relationTypes }),
  };
}

function readCatalogColumns(raw: unknown): readonly CatalogColumn[] {
  const columns: CatalogColumn[] = [];
  for (const [key, entry] of objectEntries(raw)) {
    const column = asObject(entry);
    if (!column) continue;
    const name = asNonEmptyString(column.name) ?? key;
    const type = asNonEmptyString(column.type);
    const index = typeof column.index === "number" ? column.index : columns.length + 1;
    columns.push(type === undefined ? { name, index } : { name, type, index });
  }
  return columns.sort((a, b) => a.index - b.index);
}

/** unique_id -> lower-case column name -> warehouse type, for code that needs only the types. */
export function catalogColumnTypes(catalog: DbtCatalog): ReadonlyMap<string, ReadonlyMap<string, string>> {
  const types = new Map<string, ReadonlyMap<string, string>>();
  for (const [uniqueId, columns] of catalog.relations) {
    const byName = new Map<string, string>();
    for (const column of columns) {
      if (column.type !== undefined) byName.set(column.name.toLowerCase(), column.type);
    }
    types.set(uniqueId, byName);
  }
  return types;
}

/**
 * The nodes with the catalog's columns merged in, for every node that has a relation and a catalog entry:
 * columns in table order, a YAML `data_type` kept over the catalog's (dataTypeSource says which),
 * and `columnsComplete` set. Columns documented in YAML but missing from the catalog are kept after the
 * warehouse's (the catalog may be older than the YAML; dropping documentation would hide that).
 */
export function mergeCatalog(nodes: ReadonlyMap<string, DbtNode>, catalog: DbtCatalog): Map<string, DbtNode> {
  const merged = new Map<string, DbtNode>();
  for (const [uniqueId, node] of nodes) {
    const columns = node.relation ? catalog.relations.get(uniqueId) : undefined;
    const withColumns = columns ? withCatalogColumns(node, columns) : node;
    const type = node.relation ? catalog.relationTypes?.get(uniqueId) : undefined;
    merged.set(uniqueId, type ? { ...withColumns, warehouseRelationType: type } : withColumns);
  }
  return merged;
}

function withCatalogColumns(node: DbtNode, catalogColumns: readonly CatalogColumn[]): DbtNode {
  const columns = new Map<string, DbtColumn>();
  for (const column of catalogColumns) {
    const key = column.name.toLowerCase();
    const documented = node.columns.get(key);
    columns.set(key, mergeColumn(documented, column));
  }
  for (const [key, documented] of node.columns) {
    if (!columns.has(key)) columns.set(key, documented);
  }
  return { ...node, columns, columnsComplete: true };
}

function mergeColumn(documented: DbtColumn | undefined, column: CatalogColumn): DbtColumn {
  const base: DbtColumn = documented ?? { name: column.name, notNullConstraint: false };
  if (column.type === undefined) return base;
  // A YAML data_type stays the declared type; the warehouse's own type is kept beside it.
  if (base.dataType !== undefined) return { ...base, warehouseType: column.type };
  return { ...base, dataType: column.type, dataTypeSource: "catalog" };
}
