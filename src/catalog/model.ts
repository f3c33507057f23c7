import {
  type IdentifierCase,
  type NameComparison,
  nameKey,
  relationKey,
  sameName,
} from "../dialects/identifiers.js";
import type {
  ColumnDef,
  Constraint,
  Distribution,
  IndexDef,
  Partitioning,
  RelationName,
  TableModel,
} from "../sql/changes.js";
import { PersistentMap } from "./persistent-map.js";

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
}

export interface View {
  readonly kind: "view";
  readonly name: QualifiedName;
  readonly materialized: boolean;
  readonly columns?: readonly string[];
  readonly query: string;
  /** A materialized view stores rows, and takes indexes as a table does (PostgreSQL). */
  readonly indexes?: readonly Index[];
}

export type Relation = Table | View;

export interface Schema {
  /** As the history first wrote it. */
  readonly name: string;
  /**
   * Tables and views share one namespace, as in every supported database. Keyed by name as the catalog's
   * identifier policy compares relation names (see relationKeyIn): look them up through findRelation.
   */
  readonly relations: ReadonlyMap<string, Relation>;
}

/** Why an object may not match the database: a statement the parser did not understand touched it. */
export interface StaleMark {
  readonly object: string;
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
}

/**
 * Immutable: every change returns a new catalog that shares what did not change. Names are compared as the
 * database compares them (`identifiers`, one policy per dialect): every map below is keyed through it, so
 * look things up with the functions of this module, never by building a key.
 */
export interface Catalog {
  readonly defaultSchema: string;
  /** How the database compares schema, relation, column and index names. */
  readonly identifiers: IdentifierCase;
  /** By schema key (see schemaKeyIn). */
  readonly schemas: ReadonlyMap<string, Schema>;
  /** Relations whose definition may be stale, by relation key (see isStale). */
  readonly stale: ReadonlyMap<string, StaleMark>;
  /**
   * Relations the history dropped or renamed away, and not created again, by relation key: a later
   * `DROP TABLE IF EXISTS` of one of them drops nothing (see wasRemoved).
   */
  readonly removed?: ReadonlySet<string>;
  /** The dialect's most columns per table (default DEFAULT_MAX_COLUMNS_PER_TABLE); see applyChange. */
  readonly maxColumnsPerTable?: number;
}

/** The largest of the dialects' limits (StarRocks'), for a catalog made without a dialect. */
export const DEFAULT_MAX_COLUMNS_PER_TABLE = 10_000;

export function emptyCatalog(
  defaultSchema: string,
  identifiers: IdentifierCase,
  options: { readonly maxColumnsPerTable?: number } = {},
): Catalog {
  return {
    defaultSchema,
    identifiers,
    schemas: new Map(),
    stale: PersistentMap.empty(),
    ...(options.maxColumnsPerTable !== undefined && { maxColumnsPerTable: options.maxColumnsPerTable }),
  };
}

export function qualify(catalog: Catalog, name: RelationName): QualifiedName {
  return { schema: name.schema ?? catalog.defaultSchema, name: name.name };
}

export function formatName(name: QualifiedName | RelationName): string {
  // An empty schema is the current database of MySQL and StarRocks, which the history does not name.
  return name.schema ? `${name.schema}.${name.name}` : name.name;
}

/** The key of a schema in this catalog: equal for two names exactly when the database takes them as one. */
export function schemaKeyIn(catalog: Catalog, schema: string): string {
  return nameKey(catalog.identifiers.relations, schema);
}

/** The key of a relation in this catalog: equal for two names exactly when they name the same relation. */
export function relationKeyIn(catalog: Catalog, name: RelationName): string {
  const qualified = qualify(catalog, name);
  return relationKey(catalog.identifiers, qualified.schema, qualified.name);
}

export function sameRelation(catalog: Catalog, a: RelationName, b: RelationName): boolean {
  return relationKeyIn(catalog, a) === relationKeyIn(catalog, b);
}

export function sameSchema(catalog: Catalog, a: string, b: string): boolean {
  return sameName(catalog.identifiers.relations, a, b);
}

export function findSchema(catalog: Catalog, schema: string): Schema | undefined {
  return catalog.schemas.get(schemaKeyIn(catalog, schema));
}

export function findRelation(catalog: Catalog, name: RelationName): Relation | undefined {
  const qualified = qualify(catalog, name);
  return findSchema(catalog, qualified.schema)?.relations.get(
    nameKey(catalog.identifiers.relations, qualified.name),
  );
}

export function findTable(catalog: Catalog, name: RelationName): Table | undefined {
  const relation = findRelation(catalog, name);
  return relation?.kind === "table" ? relation : undefined;
}

/** A statement the parser did not understand touched the relation: its definition is not to be trusted. */
export function isStale(catalog: Catalog, name: RelationName): boolean {
  return catalog.stale.has(relationKeyIn(catalog, name));
}

/** The history dropped the relation or renamed it away, and nothing created it again. */
export function wasRemoved(catalog: Catalog, name: RelationName): boolean {
  return (
    catalog.removed?.has(relationKeyIn(catalog, name)) === true && findRelation(catalog, name) === undefined
  );
}

/**
 * How names inside a table compare: columns, and the indexes, constraints and partitions that share their
 * rules (PostgreSQL exactly, its parser having folded the unquoted ones; MySQL and StarRocks without case).
 */
export function innerNames(catalog: Pick<Catalog, "identifiers">): NameComparison {
  return catalog.identifiers.columns;
}

/** The key of a column (index, constraint, partition) name: equal exactly when the names are the same. */
export function nameKeyInTable(catalog: Pick<Catalog, "identifiers">, name: string): string {
  return nameKey(innerNames(catalog), name);
}

/** The two names name the same column (index, constraint, partition) of one table. */
export function sameNameInTable(catalog: Pick<Catalog, "identifiers">, a: string, b: string): boolean {
  return sameName(innerNames(catalog), a, b);
}

export function findColumn(
  catalog: Pick<Catalog, "identifiers">,
  table: Table,
  name: string,
): Column | undefined {
  const comparison = innerNames(catalog);
  const index = columnIndex(table, comparison);
  if (!index) return table.columns.find((column) => sameName(comparison, column.name, name));
  return index.get(nameKey(comparison, name));
}

/** Below this many columns a search is as quick as a lookup. */
const INDEXED_FROM = 64;

/**
 * The columns by name key (the first column of each name, as a search would find) of the wide tables
 * searched most recently, so that a rule asking about each column of a wide table does not search it once
 * per column. Tables are immutable, so an index stays true. An index is built at a table's second search in
 * a row, and only a few are kept: replay keeps every version of a table and searches each once, and an
 * index for each would cost gigabytes (10,000 ADD COLUMNs on one table).
 */
const COLUMN_INDEXES = new Map<string, Map<Table, Map<string, Column>>>();
const COLUMN_INDEXES_KEPT = 8;
let lastSearched: Table | undefined;

function columnIndex(table: Table, comparison: NameComparison): Map<string, Column> | undefined {
  if (table.columns.length < INDEXED_FROM) return undefined;
  let indexes = COLUMN_INDEXES.get(comparison);
  if (!indexes) {
    indexes = new Map();
    COLUMN_INDEXES.set(comparison, indexes);
  }
  const known = indexes.get(table);
  if (known) return known;
  if (lastSearched !== table) {
    lastSearched = table;
    return undefined;
  }
  const index = new Map<string, Column>();
  for (const column of table.columns) {
    const key = nameKey(comparison, column.name);
    if (!index.has(key)) index.set(key, column);
  }
  if (indexes.size >= COLUMN_INDEXES_KEPT) indexes.delete(indexes.keys().next().value!);
  indexes.set(table, index);
  return index;
}

/** The indexes of a table or materialized view. */
export function indexesOf(relation: Relation): readonly Index[] {
  return relation.kind === "table" ? relation.indexes : (relation.indexes ?? []);
}

/**
 * The table (or materialized view) an index belongs to: on the table the statement names (MySQL DROP INDEX i
 * ON t), else the one in the schema (PostgreSQL DROP INDEX [schema.]i, index names being unique per schema).
 */
export function findIndexOwner(
  catalog: Catalog,
  index: string,
  where: { readonly table?: RelationName; readonly schema?: string },
): Relation | undefined {
  const owns = (relation: Relation | undefined) =>
    relation !== undefined &&
    indexesOf(relation).some((known) => sameNameInTable(catalog, known.name, index));
  if (where.table) {
    const owner = findRelation(catalog, where.table);
    return owns(owner) ? owner : undefined;
  }
  for (const relation of findSchema(catalog, where.schema ?? catalog.defaultSchema)?.relations.values() ??
    []) {
    if (owns(relation)) return relation;
  }
  return undefined;
}

export function* allRelations(catalog: Catalog): Iterable<Relation> {
  for (const schema of catalog.schemas.values()) yield* schema.relations.values();
}
