/**
 * The dbt project as Schematic sees it: one shape for every manifest schema version (v4-v12),
 * read leniently by manifest.ts. Names follow dbt's own (unique_id, resource_type, depends_on).
 */

export type DbtResourceType =
  | "model"
  | "snapshot"
  | "seed"
  | "test"
  | "source"
  | "exposure"
  | "analysis"
  | "operation"
  | "metric"
  | "semantic_model"
  | "saved_query"
  | "unit_test"
  | (string & {});

/** A physical relation, as dbt resolved it (database.schema.identifier), names unquoted. */
export interface DbtRelation {
  readonly database?: string;
  readonly schema: string;
  readonly identifier: string;
}

export interface DbtColumn {
  readonly name: string;
  /** Declared data_type in YAML (usually absent), or the warehouse type from catalog.json. */
  readonly dataType?: string;
  /** Where `dataType` came from. */
  readonly dataTypeSource?: "yaml" | "catalog";
  /** The type the warehouse reports in catalog.json, even when YAML declares another. */
  readonly warehouseType?: string;
  /** An enforced-contract column constraint `not_null` (or a not_null test, see tests). */
  readonly notNullConstraint: boolean;
  readonly description?: string;
}

/** A generic data test attached to a column (not_null, unique, relationships, accepted_values, ...). */
export interface DbtTestMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly columnName?: string;
  /** The node the test is attached to (v12 `attached_node`, else inferred from depends_on). */
  readonly attachedNode?: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

export interface DbtNode {
  readonly uniqueId: string;
  readonly resourceType: DbtResourceType;
  readonly name: string;
  readonly packageName: string;
  readonly originalFilePath?: string;
  /** Absent for ephemeral models, tests, exposures and other nodes without a relation. */
  readonly relation?: DbtRelation;
  readonly materialized?: string;
  /** compiled_code (v7+) or compiled_sql (v4-v6), when the project was compiled. */
  readonly compiledCode?: string;
  /** raw_code (v7+) or raw_sql (v4-v6). */
  readonly rawCode?: string;
  /** Columns documented in YAML, merged with catalog.json's warehouse columns when given. Keys are lower case. */
  readonly columns: ReadonlyMap<string, DbtColumn>;
  /** True when catalog.json listed this relation's columns, so `columns` is the full set. */
  readonly columnsComplete: boolean;
  /** What catalog.json says the relation is in the warehouse (a model materialized by a custom macro may be a view). */
  readonly warehouseRelationType?: "table" | "view" | "materialized_view";
  readonly contractEnforced: boolean;
  readonly dependsOn: readonly string[];
  readonly test?: DbtTestMetadata;
  /** Exposures: their type (dashboard, application, ...) and owner, for messages. */
  readonly exposureType?: string;
  /** Exposures: who owns it, as `name <email>` (either part may be missing). */
  readonly owner?: string;
}

export interface DbtProject {
  readonly manifestPath: string;
  readonly catalogPath?: string;
  /** 4..12, from metadata.dbt_schema_version. */
  readonly schemaVersion: number;
  readonly dbtVersion?: string;
  /** postgres, snowflake, bigquery, starrocks, mysql, ... */
  readonly adapter: string;
  readonly projectName?: string;
  readonly nodes: ReadonlyMap<string, DbtNode>;
  readonly childMap: ReadonlyMap<string, readonly string[]>;
  readonly parentMap: ReadonlyMap<string, readonly string[]>;
}

/** How a downstream node uses a column. */
export type ColumnUsageKind =
  | "select"
  | "filter"
  | "join"
  | "group"
  | "order"
  | "window"
  | "star"
  | "test"
  | "contract"
  | "documented"
  /** Does not read the column, but depends on a node that breaks: dbt skips it, or it fails too. */
  | "downstream";

export interface RelationColumnUse {
  /** Column name (lower case) -> how it is used. */
  readonly columns: ReadonlyMap<string, readonly ColumnUsageKind[]>;
  /** The node reads every column of this relation (select * / t.*). */
  readonly star: boolean;
}

export interface OutputColumn {
  /** Output column name, lower case. */
  readonly name: string;
  /** The upstream columns this output column is computed from. */
  readonly sources: readonly { readonly node: string; readonly column: string }[];
  /**
   * True when the output is a bare column reference (`col`, `t.col as other`, or through `*`), so it carries
   * the upstream value unchanged; false when it is computed. Absent when the front end cannot tell.
   */
  readonly direct?: boolean;
}

export interface NodeColumnUse {
  /** compiled: from the node's compiled SQL; yaml: from documented columns only; none: nothing known. */
  readonly basis: "compiled" | "yaml" | "none";
  /** Upstream unique_id -> the columns this node reads from it. */
  readonly reads: ReadonlyMap<string, RelationColumnUse>;
  /** The node's own output columns and where each comes from; absent when it cannot be worked out. */
  readonly outputs?: readonly OutputColumn[];
  /** Why the basis is weaker than compiled, or what could not be resolved. */
  readonly notes: readonly string[];
}
