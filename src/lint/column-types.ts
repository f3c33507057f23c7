/**
 * The columns whose type a migration file chooses, for the rules of the "types" category: columns created
 * with their table, added columns, and columns given a new type (PostgreSQL ALTER COLUMN TYPE, MySQL and
 * StarRocks MODIFY/CHANGE that restate the whole column).
 */
import {
  type Catalog,
  findColumn,
  findTable,
  innerNames,
  nameKeyInTable,
  type QualifiedName,
  qualify,
} from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { ColumnDef, Constraint, TableModel } from "../sql/changes.js";
import type { DataType, TypeCompatibility } from "../sql/data-type.js";
import type { Span } from "../sql/span.js";
import { formatQualified } from "./rule.js";

export interface TypedColumn {
  readonly entry: ReplayedChange;
  readonly table: QualifiedName;
  readonly name: string;
  readonly type: DataType;
  /** The whole definition, when the statement writes one (everything but PostgreSQL ALTER COLUMN TYPE). */
  readonly definition?: ColumnDef;
  /** A type change: the column's type before it, when the catalog knows it. */
  readonly previous?: DataType;
  /** True for a type change; false for a column created or added. */
  readonly retyped: boolean;
  /** The column definition when the statement has one, else the change. */
  readonly span: Span;
  /** "schema.table.column" for reports. */
  readonly object: string;
}

/**
 * Every column the file types, in order. A type change that keeps the type it had (a MySQL MODIFY that
 * only restates the column to change its nullability) chooses nothing and is left out unless
 * `includeUnchangedTypes` is set, so that a rule about types does not fire again on an old column.
 */
export function typedColumns(
  file: FileReplay,
  compareTypes: (from: DataType, to: DataType) => TypeCompatibility,
  options: { readonly includeUnchangedTypes?: boolean } = {},
): readonly TypedColumn[] {
  // Computed once per file and setting: every rule of the category asks, and a baseline has 40,000 columns.
  const includeUnchanged = options.includeUnchangedTypes === true;
  const byFile = typedByComparer.get(compareTypes) ?? new WeakMap();
  typedByComparer.set(compareTypes, byFile);
  const bySetting = byFile.get(file) ?? new Map<boolean, readonly TypedColumn[]>();
  byFile.set(file, bySetting);
  const known = bySetting.get(includeUnchanged);
  if (known) return known;
  const columns = collectTypedColumns(file, compareTypes, includeUnchanged);
  bySetting.set(includeUnchanged, columns);
  return columns;
}

type TypeComparer = (from: DataType, to: DataType) => TypeCompatibility;
const typedByComparer = new WeakMap<
  TypeComparer,
  WeakMap<FileReplay, Map<boolean, readonly TypedColumn[]>>
>();

function collectTypedColumns(
  file: FileReplay,
  compareTypes: TypeComparer,
  includeUnchangedTypes: boolean,
): readonly TypedColumn[] {
  const columns: TypedColumn[] = [];
  for (const entry of file.changes) {
    const { change } = entry;
    if (change.kind === "create_table") {
      const table = qualify(entry.before, change.table.name);
      for (const column of change.table.columns) {
        columns.push(created(entry, table, column, column.span ?? change.span));
      }
    } else if (change.kind === "add_column") {
      const table = qualify(entry.before, change.table);
      columns.push(created(entry, table, change.column, change.column.span ?? change.span));
    } else if (change.kind === "alter_column_type") {
      const table = qualify(entry.before, change.table);
      const known = findTable(entry.before, table);
      const previous = known ? findColumn(entry.before, known, change.column)?.type : undefined;
      const unchanged = previous !== undefined && compareTypes(previous, change.type) === "identical";
      if (unchanged && !includeUnchangedTypes) continue;
      columns.push({
        entry,
        table,
        name: change.column,
        type: change.type,
        ...(change.restated && { definition: change.restated }),
        ...(previous && { previous }),
        retyped: true,
        span: change.span,
        object: formatQualified(table, change.column),
      });
    }
  }
  return columns;
}

function created(entry: ReplayedChange, table: QualifiedName, column: ColumnDef, span: Span): TypedColumn {
  return {
    entry,
    table,
    name: column.name,
    type: column.type,
    definition: column,
    retyped: false,
    span,
    object: formatQualified(table, column.name),
  };
}

/** The type and the types nested in it (array elements, map keys and values, struct fields), outermost first. */
export function nestedTypes(type: DataType): DataType[] {
  const types: DataType[] = [type];
  if (type.key) types.push(...nestedTypes(type.key));
  if (type.element) types.push(...nestedTypes(type.element));
  for (const field of type.fields ?? []) types.push(...nestedTypes(field.type));
  return types;
}

/** The first type, the given one or one nested in it, that satisfies the test. */
export function findNestedType(type: DataType, test: (type: DataType) => boolean): DataType | undefined {
  return nestedTypes(type).find(test);
}

/**
 * The columns of a table's primary key (none when it has no primary key constraint). The last one wins: a
 * table has one, and when the catalog holds two (an unnamed key dropped by its default name, `t_pkey`, stays
 * in the catalog) the later one is the current key.
 */
export function primaryKeyColumns(constraints: readonly Constraint[]): readonly string[] {
  let columns: readonly string[] = [];
  for (const constraint of constraints) {
    if (constraint.kind === "primary_key") columns = constraint.columns;
  }
  return columns;
}

/** What a table looks like to the key rules: its constraints, table model and columns. */
export interface KeyedTable {
  readonly constraints: readonly Constraint[];
  readonly tableModel?: TableModel;
  readonly keyColumns?: readonly string[];
  readonly columns: readonly ColumnDef[];
}

/**
 * Whether the column belongs to the table's key: its primary key, or the key of its table model (StarRocks
 * DUPLICATE/AGGREGATE/UNIQUE/PRIMARY KEY columns, and columns declared `KEY`).
 */
/**
 * isKeyColumn for every column of one table, with the key names gathered once: asking isKeyColumn
 * for each of a table's columns walks the columns once per column, which a table of thousands of
 * columns turns into millions of steps.
 */
export function keyColumnTest(
  catalog: Pick<Catalog, "identifiers">,
  table: KeyedTable,
): (column: ColumnDef | string) => boolean {
  const names = keyColumnNames(catalog, table);
  return (column) =>
    typeof column === "string"
      ? names.has(nameKeyInTable(catalog, column))
      : column.key === true || names.has(nameKeyInTable(catalog, column.name));
}

const KEY_COLUMN_NAMES = new WeakMap<KeyedTable, { comparison: string; names: ReadonlySet<string> }>();

/** The table's key column names, as name keys; tables are immutable, so kept per table object. */
function keyColumnNames(catalog: Pick<Catalog, "identifiers">, table: KeyedTable): ReadonlySet<string> {
  const comparison = innerNames(catalog);
  const known = KEY_COLUMN_NAMES.get(table);
  if (known !== undefined && known.comparison === comparison) return known.names;
  const names = new Set(
    [
      ...primaryKeyColumns(table.constraints),
      ...(table.keyColumns ?? []),
      ...table.columns.filter((candidate) => candidate.key === true).map((candidate) => candidate.name),
    ].map((name) => nameKeyInTable(catalog, name)),
  );
  KEY_COLUMN_NAMES.set(table, { comparison, names });
  return names;
}

export function isKeyColumn(
  catalog: Pick<Catalog, "identifiers">,
  table: KeyedTable,
  column: ColumnDef | string,
): boolean {
  return keyColumnTest(catalog, table)(column);
}
