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
  /** The dialect's most columns per table (default DEFAULT_MAX_COLUMNS_PER_TABLE); see applyChange. */
  readonly maxColumnsPerTable?: number;
}

/** The largest of the dialects' limits (StarRocks'), for a catalog made without a dialect. */
export const DEFAULT_MAX_COLUMNS_PER_TABLE = 10_000;

export function emptyCatalog(
  defaultSchema: string,
  options: { readonly columnNamesIgnoreCase?: boolean; readonly maxColumnsPerTable?: number } = {},
): Catalog {
  return {
    defaultSchema,
    schemas: new Map(),
    stale: PersistentMap.empty(),
    ...(options.columnNamesIgnoreCase && { columnNamesIgnoreCase: true }),
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

export function findRelation(catalog: Catalog, name: RelationName): Relation | undefined {
  const qualified = qualify(catalog, name);
  return catalog.schemas.get(qualified.schema)?.relations.get(qualified.name);
}

export function findTable(catalog: Catalog, name: RelationName): Table | undefined {
  const relation = findRelation(catalog, name);
  return relation?.kind === "table" ? relation : undefined;
}

export function findColumn(table: Table, name: string): Column | undefined {
  const index = columnIndex(table);
  if (!index) return table.columns.find((column) => sameColumn(table, column.name, name));
  return table.columnNamesIgnoreCase ? index.folded.get(name.toLowerCase()) : index.exact.get(name);
}

/** The first column whose name equals `name` but for case, whatever the table's own rule. */
export function findColumnIgnoringCase(table: Table, name: string): Column | undefined {
  const folded = name.toLowerCase();
  const index = columnIndex(table);
  if (!index) return table.columns.find((column) => column.name.toLowerCase() === folded);
  return index.folded.get(folded);
}

/** Below this many columns a search is as quick as a lookup. */
const INDEXED_FROM = 64;

interface ColumnIndex {
  readonly exact: Map<string, Column>;
  readonly folded: Map<string, Column>;
}

/**
 * The columns by name (first column of each name, as a search would find) of the wide tables searched
 * most recently, so that a rule asking about each column of a wide table does not search it once per
 * column. Tables are immutable, so an index stays true. An index is built at a table's second search
 * in a row, and only a few are kept: replay keeps every version of a table and searches each once, and
 * an index for each would cost gigabytes (10,000 ADD COLUMNs on one table).
 */
const COLUMN_INDEXES = new Map<Table, ColumnIndex>();
const COLUMN_INDEXES_KEPT = 8;
let lastSearched: Table | undefined;

function columnIndex(table: Table): ColumnIndex | undefined {
  if (table.columns.length < INDEXED_FROM) return undefined;
  const known = COLUMN_INDEXES.get(table);
  if (known) return known;
  if (lastSearched !== table) {
    lastSearched = table;
    return undefined;
  }
  const index: ColumnIndex = { exact: new Map(), folded: new Map() };
  for (const column of table.columns) {
    if (!index.exact.has(column.name)) index.exact.set(column.name, column);
    const folded = column.name.toLowerCase();
    if (!index.folded.has(folded)) index.folded.set(folded, column);
  }
  if (COLUMN_INDEXES.size >= COLUMN_INDEXES_KEPT) COLUMN_INDEXES.delete(COLUMN_INDEXES.keys().next().value!);
  COLUMN_INDEXES.set(table, index);
  return index;
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
