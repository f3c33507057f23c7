import {
  type Catalog,
  findColumn,
  findRelation,
  findTable,
  type QualifiedName,
  qualify,
  sameColumn,
} from "../catalog/model.js";
import type { ReplayedChange } from "../catalog/replay.js";
import { isNewTable } from "./helpers.js";
import type { RuleContext } from "./rule.js";

/**
 * Whether an object holds data written before the change under review, for the rules that refuse to
 * destroy such data. `isNewTable` answers for a name; these functions first follow the name back
 * through the file's own renames, so that `RENAME t TO t_old; DROP TABLE t_old` still drops `t`'s rows,
 * while `DROP TABLE t; CREATE TABLE t …; DROP TABLE t` drops only the empty table the file made.
 */

/** Where a name the change uses came from within its file. */
interface Traced {
  /** Created (empty) by an earlier statement of the same file. */
  readonly createdInFile: boolean;
  /** The table's name as the file found it, before its renames. */
  readonly table: QualifiedName;
  /** The column's name as the file found it, when a column was traced. */
  readonly column?: string;
}

function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/** `CREATE TABLE IF NOT EXISTS t` over an existing `t` keeps the old table and its rows. */
function createsEmptyTable(entry: ReplayedChange, name: QualifiedName): boolean {
  const change = entry.change;
  if (change.kind !== "create_table") return false;
  return !(change.ifNotExists && findRelation(entry.before, name) !== undefined);
}

/**
 * Where in its file each change is, and the changes a trace can stop at or follow a rename through,
 * by the name they concern: built once per file, so that a trace visits only the changes that can
 * matter to it instead of every earlier change of a file of thousands.
 */
interface FileIndex {
  readonly position: ReadonlyMap<ReplayedChange, number>;
  /** Structural changes by the qualified name they create or rename to (both names of a swap). */
  readonly structural: ReadonlyMap<string, readonly number[]>;
  /** Schema renames by the schema's new name. */
  readonly schemaRenames: ReadonlyMap<string, readonly number[]>;
  readonly columnChanges: ReadonlyMap<string, readonly number[]>;
}

const FILE_INDEXES = new WeakMap<readonly ReplayedChange[], FileIndex>();

function nameKey(name: QualifiedName): string {
  return `${name.schema}\u0000${name.name}`;
}

function fileIndex(changes: readonly ReplayedChange[]): FileIndex {
  const known = FILE_INDEXES.get(changes);
  if (known) return known;
  const position = new Map<ReplayedChange, number>();
  const structural = new Map<string, number[]>();
  const schemaRenames = new Map<string, number[]>();
  const columnChanges = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, index: number) => {
    const list = map.get(key);
    if (list) list.push(index);
    else map.set(key, [index]);
  };
  changes.forEach((entry, index) => {
    position.set(entry, index);
    const { change, before } = entry;
    switch (change.kind) {
      case "create_table":
        add(structural, nameKey(qualify(before, change.table.name)), index);
        break;
      case "create_view":
        add(structural, nameKey(qualify(before, change.view.name)), index);
        break;
      case "rename_table":
      case "rename_view": {
        const from = qualify(before, change.kind === "rename_table" ? change.table : change.view);
        add(structural, nameKey({ schema: change.to.schema ?? from.schema, name: change.to.name }), index);
        break;
      }
      case "swap_tables": {
        const first = qualify(before, change.table);
        add(structural, nameKey(first), index);
        add(
          structural,
          nameKey({ schema: change.with.schema ?? first.schema, name: change.with.name }),
          index,
        );
        break;
      }
      case "rename_schema":
        add(schemaRenames, change.to, index);
        break;
      case "add_column":
      case "rename_column":
        add(columnChanges, nameKey(qualify(before, change.table)), index);
        break;
      default:
        break;
    }
  });
  const index = { position, structural, schemaRenames, columnChanges };
  FILE_INDEXES.set(changes, index);
  return index;
}

/** How many of the sorted positions are below `limit`. */
function countBelow(positions: readonly number[], limit: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (positions[middle]! < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Walks the file backwards from `entry`, undoing renames, until the object's creation or the file's start:
 * the changes that create or rename to the name followed, from last to first, and between them (when
 * a column is traced) the column changes of the table under the name it had there.
 */
function trace(context: RuleContext, entry: ReplayedChange, table: QualifiedName, column?: string): Traced {
  const changes = context.file.changes;
  const index = fileIndex(changes);
  let name = table;
  let columnName = column;
  let segmentEnd = index.position.get(entry) ?? changes.indexOf(entry);
  const lastBelow = (positions: readonly number[] | undefined, limit: number) =>
    positions ? (positions[countBelow(positions, limit) - 1] ?? -1) : -1;
  for (;;) {
    // The latest change before this point that can create or rename (to) the name now followed.
    const structuralAt = Math.max(
      lastBelow(index.structural.get(nameKey(name)), segmentEnd),
      lastBelow(index.schemaRenames.get(name.schema), segmentEnd),
    );
    if (columnName !== undefined) {
      const columnChanges = index.columnChanges.get(nameKey(name)) ?? [];
      for (let c = countBelow(columnChanges, segmentEnd) - 1; c >= 0; c--) {
        const at = columnChanges[c]!;
        if (at <= structuralAt) break;
        const earlier = changes[at]!;
        const change = earlier.change;
        if (change.kind === "rename_column") {
          if (sameColumn(earlier.before, columnName, change.to)) columnName = change.from;
        } else if (
          change.kind === "add_column" &&
          sameColumn(earlier.before, columnName, change.column.name) &&
          !(change.ifNotExists && hasColumn(earlier.before, name, columnName))
        ) {
          return { createdInFile: true, table: name, column: columnName };
        }
      }
    }
    if (structuralAt < 0) break;
    const earlier = changes[structuralAt]!;
    const change = earlier.change;
    switch (change.kind) {
      case "create_table":
        if (sameName(qualify(earlier.before, change.table.name), name) && createsEmptyTable(earlier, name))
          return { createdInFile: true, table: name };
        break;
      case "create_view":
        if (
          sameName(qualify(earlier.before, change.view.name), name) &&
          findRelation(earlier.before, name) === undefined
        )
          return { createdInFile: true, table: name };
        break;
      case "rename_table":
      case "rename_view": {
        const from = qualify(earlier.before, change.kind === "rename_table" ? change.table : change.view);
        const to = { schema: change.to.schema ?? from.schema, name: change.to.name };
        if (sameName(to, name)) name = from;
        break;
      }
      case "swap_tables": {
        const first = qualify(earlier.before, change.table);
        const second = { schema: change.with.schema ?? first.schema, name: change.with.name };
        if (sameName(first, name)) name = second;
        else if (sameName(second, name)) name = first;
        break;
      }
      case "rename_schema":
        if (name.schema === change.to) name = { schema: change.from, name: name.name };
        break;
      default:
        break;
    }
    segmentEnd = structuralAt;
  }
  return { createdInFile: false, table: name, ...(columnName !== undefined && { column: columnName }) };
}

function hasColumn(catalog: Catalog, table: QualifiedName, column: string): boolean {
  const known = findTable(catalog, table);
  return known !== undefined && findColumn(known, column) !== undefined;
}

/**
 * The table existed before the change under review, so it may hold rows: it is in the baseline, or no
 * migration under review created it (a table the history only alters is assumed to exist, with rows).
 */
export function tableExistedBefore(
  context: RuleContext,
  entry: ReplayedChange,
  table: QualifiedName,
): boolean {
  const traced = trace(context, entry, table);
  if (traced.createdInFile) return false;
  if (removedByHistory(context.file.before, traced.table)) return false;
  return !isNewTable(context.baseline, context.file.before, traced.table);
}

/** The history dropped it or renamed it away before this file, and nothing created it again. */
function removedByHistory(catalog: Catalog, table: QualifiedName): boolean {
  return (
    catalog.removed?.has(`${table.schema}.${table.name}`) === true &&
    findRelation(catalog, table) === undefined
  );
}

/**
 * The table or view existed before the change under review: in the baseline, or never created by a
 * migration under review (then the database may have it, made by hand or by another tool).
 */
export function relationExistedBefore(
  context: RuleContext,
  entry: ReplayedChange,
  relation: QualifiedName,
): boolean {
  const traced = trace(context, entry, relation);
  if (traced.createdInFile) return false;
  if (findRelation(context.baseline, traced.table)) return true;
  const atFileStart = findRelation(context.file.before, traced.table);
  return atFileStart === undefined || (atFileStart.kind === "table" && Boolean(atFileStart.assumed));
}

/**
 * The column existed before the change under review on a table that did: not added (or renamed into
 * place from a column added) by a migration under review.
 */
export function columnExistedBefore(
  context: RuleContext,
  entry: ReplayedChange,
  table: QualifiedName,
  column: string,
): boolean {
  const traced = trace(context, entry, table, column);
  if (traced.createdInFile) return false;
  if (isNewTable(context.baseline, context.file.before, traced.table)) return false;
  const tracedColumn = traced.column ?? column;
  // Added by an earlier file of the pending set: the baseline knows every column of the table and
  // not this one, and the file starts with it.
  const inBaseline = findTable(context.baseline, traced.table);
  const addedEarlierInReview =
    inBaseline !== undefined &&
    !inBaseline.columnsUnknown &&
    !isStale(context.baseline, traced.table) &&
    !findColumn(inBaseline, tracedColumn) &&
    hasColumn(context.file.before, traced.table, tracedColumn);
  return !addedEarlierInReview;
}

/** A statement the parser did not understand may have changed the table: its definition is not to be trusted. */
export function isStale(catalog: Catalog, table: QualifiedName): boolean {
  return catalog.stale.has(`${table.schema}.${table.name}`) || catalog.stale.has(`${table.schema}.*`);
}

/**
 * The catalog knows the table's every column and `column` is not one of them: dropping or changing it is
 * a no-op (IF EXISTS) or an error, never a loss of values.
 */
export function columnKnownAbsent(catalog: Catalog, table: QualifiedName, column: string): boolean {
  const known = findTable(catalog, table);
  if (!known || known.columnsUnknown || known.assumed || isStale(catalog, table)) return false;
  return !findColumn(known, column);
}

/**
 * The schema existed before the change under review. One created by the review (CREATE SCHEMA in this
 * file, or in an earlier file under review) holds only what the review made; one the history never
 * mentions may exist in the database, with tables the migrations do not know about.
 */
export function schemaExistedBefore(context: RuleContext, entry: ReplayedChange, schema: string): boolean {
  if (context.baseline.schemas.has(schema)) return true;
  const changes = context.file.changes;
  for (let index = changes.indexOf(entry) - 1; index >= 0; index--) {
    const earlier = changes[index]!;
    const change = earlier.change;
    if (change.kind === "create_schema" && change.schema === schema) return false;
    if (change.kind === "rename_schema" && change.to === schema)
      return schemaExistedBefore(context, earlier, change.from);
  }
  return !context.file.before.schemas.has(schema);
}
