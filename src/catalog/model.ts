import type {
  ColumnDef,
  Constraint,
  Distribution,
  IndexDef,
  Partitioning,
  RelationName,
  TableModel,
} from "../sql/changes.js";

/** A relation name after resolution: the schema is always known. */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export type Column = ColumnDef;

export interface Index extends IndexDef {
  readonly name: string;
}

export interface Table {
  readonly kind: "table";
  readonly name: QualifiedName;
  readonly columns: readonly Column[];
  readonly constraints: readonly Constraint[];
  readonly indexes: readonly Index[];
  readonly partitioning?: Partitioning;
  readonly partitions?: readonly string[];
  readonly distribution?: Distribution;
  readonly tableModel?: TableModel;
  readonly keyColumns?: readonly string[];
  readonly orderBy?: readonly string[];
  readonly properties?: Readonly<Record<string, string>>;
  readonly comment?: string;
  /** Its columns are not fully known (CREATE TABLE AS, LIKE, or touched by a statement not understood). */
  readonly columnsUnknown?: boolean;
  /**
   * No migration created it: the history first mentions it in an ALTER/RENAME (a table loaded by an
   * EL tool, or created before the first migration). It is assumed to exist, with rows.
   */
  readonly assumed?: boolean;
  /** Its column names match without regard to case (the catalog's setting, kept on each table). */
  readonly columnNamesIgnoreCase?: boolean;
}

export interface View {
  readonly kind: "view";
  readonly name: QualifiedName;
  readonly materialized: boolean;
  readonly columns?: readonly string[];
  readonly query: string;
}

export type Relation = Table | View;

export interface Schema {
  readonly name: string;
  /** Tables and views share one namespace, as in every supported database. Keys are exact (folded) names. */
  readonly relations: ReadonlyMap<string, Relation>;
}

/** Why an object may not match the database: a statement the parser did not understand touched it. */
export interface StaleMark {
  readonly object: string;
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
}

/** Immutable: every change returns a new catalog that shares what did not change. */
export interface Catalog {
  readonly defaultSchema: string;
  readonly schemas: ReadonlyMap<string, Schema>;
  /** Objects whose definition may be stale, keyed by `schema.name` (or `schema.*` for a whole schema). */
  readonly stale: ReadonlyMap<string, StaleMark>;
  /**
   * Relations the history dropped or renamed away (`schema.name`), and not created again: a later
   * `DROP TABLE IF EXISTS` of one of them drops nothing.
   */
  readonly removed?: ReadonlySet<string>;
  /** Column names match without regard to case (MySQL, StarRocks); PostgreSQL's match exactly. */
  readonly columnNamesIgnoreCase?: boolean;
}

export function emptyCatalog(
  defaultSchema: string,
  options: { readonly columnNamesIgnoreCase?: boolean } = {},
): Catalog {
  return {
    defaultSchema,
    schemas: new Map(),
    stale: new Map(),
    ...(options.columnNamesIgnoreCase && { columnNamesIgnoreCase: true }),
  };
}

export function qualify(catalog: Catalog, name: RelationName): QualifiedName {
  return { schema: name.schema ?? catalog.defaultSchema, name: name.name };
}

export function formatName(name: QualifiedName | RelationName): string {
  // An empty schema is the current database of MySQL and StarRocks, which the history does not name.
  return name.schema ? `${name.schema}.${name.name}` : name.name;
}

export function findRelation(catalog: Catalog, name: RelationName): Relation | undefined {
  const qualified = qualify(catalog, name);
  return catalog.schemas.get(qualified.schema)?.relations.get(qualified.name);
}

export function findTable(catalog: Catalog, name: RelationName): Table | undefined {
  const relation = findRelation(catalog, name);
  return relation?.kind === "table" ? relation : undefined;
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((column) => sameColumn(table, column.name, name));
}

/**
 * The two names name the same column of the table: equal, or equal but for case in a database whose
 * column names ignore it (PostgreSQL folds unquoted names when parsing, so its names compare exactly).
 */
export function sameColumn(table: Pick<Table, "columnNamesIgnoreCase">, a: string, b: string): boolean {
  return a === b || (table.columnNamesIgnoreCase === true && a.toLowerCase() === b.toLowerCase());
}

/**
 * Looks a relation up the way a reader who does not know the quoting would: exact first, then
 * case-insensitively when exactly one relation matches (dbt writes quoted names; migrations may not).
 */
export function lookupRelationLoosely(catalog: Catalog, schema: string, name: string): Relation | undefined {
  const exact = catalog.schemas.get(schema)?.relations.get(name);
  if (exact) return exact;
  const candidates: Relation[] = [];
  for (const [schemaName, schemaObject] of catalog.schemas) {
    if (schemaName.toLowerCase() !== schema.toLowerCase()) continue;
    for (const [relationName, relation] of schemaObject.relations) {
      if (relationName.toLowerCase() === name.toLowerCase()) candidates.push(relation);
    }
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function* allRelations(catalog: Catalog): Iterable<Relation> {
  for (const schema of catalog.schemas.values()) yield* schema.relations.values();
}
