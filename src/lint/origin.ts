import {
  allRelations,
  type Catalog,
  findColumn,
  findRelation,
  findSchema,
  findTable,
  isStale,
  nameKeyInTable,
  type QualifiedName,
  qualify,
  relationKeyIn,
  sameSchema,
  wasRemoved,
} from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { RuleContext } from "./rule.js";

/**
 * Whether an object existed before the change under review, so that it may hold rows and have readers:
 * the one notion of "existing" every rule uses. A data-loss rule speaks only about data that existed; a
 * lock rule only about a relation that others were using.
 *
 * A name is first followed back through its own file (renames, swaps, creations, drops), so that
 * `RENAME t TO t_old; DROP TABLE t_old` still drops `t`'s rows, while `DROP TABLE t; CREATE TABLE t …;
 * DROP TABLE t` drops only the empty table the file made. The name the file started from then existed
 * before the change when the baseline has it, or when no migration under review created it (a table the
 * history only alters, or never mentions, is assumed to exist, with rows), and the history did not drop it.
 */
export function relationExistedBefore(
  context: RuleContext,
  entry: ReplayedChange,
  relation: QualifiedName,
): boolean {
  const origin = originsOf(context.file).relationAt(entry, relation);
  return origin !== undefined && existedAtFileStart(context, origin.name);
}

/** The relation the file started from (see relationExistedBefore) existed before the change under review. */
function existedAtFileStart(context: RuleContext, name: QualifiedName): boolean {
  const atFileStart = context.file.before;
  if (wasRemoved(atFileStart, name)) return false;
  if (findRelation(context.baseline, name)) return true;
  const relation = findRelation(atFileStart, name);
  return relation === undefined || (relation.kind === "table" && Boolean(relation.assumed));
}

/**
 * The column existed before the change under review on a relation that did: not added (or renamed into
 * place from a column added) by a migration under review.
 */
export function columnExistedBefore(
  context: RuleContext,
  entry: ReplayedChange,
  table: QualifiedName,
  column: string,
): boolean {
  const origins = originsOf(context.file);
  const origin = origins.relationAt(entry, table);
  if (origin === undefined || !existedAtFileStart(context, origin.name)) return false;
  const columnAtFileStart = origins.columnAt(entry, origin, column);
  if (columnAtFileStart === undefined) return false;
  // Added by an earlier file of the pending set: the baseline knows every column of the table and
  // not this one, and the file starts with it.
  const inBaseline = findTable(context.baseline, origin.name);
  const addedEarlierInReview =
    inBaseline !== undefined &&
    !inBaseline.columnsUnknown &&
    !isStale(context.baseline, origin.name) &&
    !findColumn(context.baseline, inBaseline, columnAtFileStart) &&
    hasColumn(context.file.before, origin.name, columnAtFileStart);
  return !addedEarlierInReview;
}

function hasColumn(catalog: Catalog, table: QualifiedName, column: string): boolean {
  const known = findTable(catalog, table);
  return known !== undefined && findColumn(catalog, known, column) !== undefined;
}

/**
 * The catalog knows the table's every column and `column` is not one of them: dropping or changing it is
 * a no-op (IF EXISTS) or an error, never a loss of values.
 */
export function columnKnownAbsent(catalog: Catalog, table: QualifiedName, column: string): boolean {
  const known = findTable(catalog, table);
  if (!known || known.columnsUnknown || known.assumed || isStale(catalog, table)) return false;
  return !findColumn(catalog, known, column);
}

/**
 * The schema existed before the change under review. One created by the review (CREATE SCHEMA in this
 * file, or in an earlier file under review) holds only what the review made; one the history never
 * mentions may exist in the database, with tables the migrations do not know about.
 */
export function schemaExistedBefore(context: RuleContext, entry: ReplayedChange, schema: string): boolean {
  if (findSchema(context.baseline, schema)) return true;
  const changes = context.file.changes;
  const same = (a: string, b: string) => sameSchema(context.file.before, a, b);
  for (let index = changes.indexOf(entry) - 1; index >= 0; index--) {
    const earlier = changes[index]!;
    const change = earlier.change;
    if (change.kind === "create_schema" && same(change.schema, schema)) return false;
    if (change.kind === "rename_schema" && same(change.to, schema))
      return schemaExistedBefore(context, earlier, change.from);
  }
  return !findSchema(context.file.before, schema);
}

// ---------------------------------------------------------------------------------------------
// Origins: what each name stands for at each point of a file, computed once per file in one pass.

/**
 * A relation as the file found it: the name it had when the file started. A relation the file creates has
 * no origin (it holds only what the file put in it).
 */
export interface RelationOrigin {
  readonly name: QualifiedName;
}

/**
 * What names stand for over a file: for each name the file changed, from which change on it stood for
 * what. Undefined stands for a relation (column) the file created, or for nothing (dropped). A name the
 * file never changed stands for what it stood for at the file's start (`untouched`).
 */
class NameHistory<T> {
  private readonly changes = new Map<string, { readonly from: number; readonly value: T | undefined }[]>();

  /** From change `from` on (once the changes before it have run), `key` stands for `value`. */
  set(key: string, from: number, value: T | undefined): void {
    const list = this.changes.get(key);
    if (list) list.push({ from, value });
    else this.changes.set(key, [{ from, value }]);
  }

  /** What `key` stands for at change `index` (before it runs). */
  at(key: string, index: number, untouched: () => T | undefined): T | undefined {
    const list = this.changes.get(key) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.from <= index) return list[i]!.value;
    return untouched();
  }

  /** What `key` stands for after every change set so far. */
  current(key: string, untouched: () => T | undefined): T | undefined {
    return this.at(key, Number.POSITIVE_INFINITY, untouched);
  }
}

/** Where each relation and column name of one file came from, at each of its changes. */
export interface FileOrigins {
  /** What the name stands for just before the change: the relation the file found, or none it found. */
  relationAt(entry: ReplayedChange, name: QualifiedName): RelationOrigin | undefined;
  /** The name at the file's start of the column of that relation, or undefined when the file added it. */
  columnAt(entry: ReplayedChange, relation: RelationOrigin, column: string): string | undefined;
  /** Where a relation the entry creates is at the end of the file (renames and swaps followed). */
  createdRelationAtEnd(entry: ReplayedChange): QualifiedName | undefined;
}

const originsByFile = new WeakMap<FileReplay, FileOrigins>();

/** The origins of a file, computed on first use: rules ask for every change of a baseline of thousands. */
export function originsOf(file: FileReplay): FileOrigins {
  let origins = originsByFile.get(file);
  if (!origins) {
    origins = computeOrigins(file);
    originsByFile.set(file, origins);
  }
  return origins;
}

/**
 * What a name stands for, inside the file's pass: a relation the file found (its origin) or one it created
 * (its creation's index, to follow it to the end of the file).
 */
type Lineage = { readonly origin: RelationOrigin } | { readonly created: number };

function computeOrigins(file: FileReplay): FileOrigins {
  const start = file.before;
  const relations = new NameHistory<Lineage>();
  const columns = new NameHistory<string>();
  const indexOf = new Map<ReplayedChange, number>();
  const relationKey = (name: QualifiedName) => relationKeyIn(start, name);
  const found = (name: QualifiedName): Lineage => ({ origin: { name } });
  const lineageKey = (lineage: Lineage) =>
    "origin" in lineage ? `o${relationKey(lineage.origin.name)}` : `c${lineage.created}`;
  const columnKey = (lineage: Lineage, column: string) =>
    `${lineageKey(lineage)}\u0000${nameKeyInTable(start, column)}`;
  const currentRelation = (name: QualifiedName) => relations.current(relationKey(name), () => found(name));
  const currentColumn = (lineage: Lineage, column: string) =>
    columns.current(columnKey(lineage, column), () => ("origin" in lineage ? column : undefined));

  file.changes.forEach((entry, index) => {
    indexOf.set(entry, index);
    // A change sees what the changes before it did: its own effect counts from the next change on.
    const at = index + 1;
    const { change, before } = entry;
    const move = (from: QualifiedName, to: QualifiedName) => {
      const lineage = currentRelation(from);
      relations.set(relationKey(from), at, undefined);
      relations.set(relationKey(to), at, lineage);
    };
    switch (change.kind) {
      case "create_table":
      case "create_view": {
        const name = qualify(before, change.kind === "create_table" ? change.table.name : change.view.name);
        // CREATE … IF NOT EXISTS over an existing relation keeps it (and its rows); CREATE OR REPLACE VIEW
        // over a view keeps a relation that holds no rows of its own.
        const keeps =
          findRelation(before, name) !== undefined && (change.kind === "create_view" || change.ifNotExists);
        if (!keeps) relations.set(relationKey(name), at, { created: index });
        return;
      }
      case "drop_table":
      case "drop_view":
        relations.set(
          relationKey(qualify(before, change.kind === "drop_table" ? change.table : change.name)),
          at,
          undefined,
        );
        return;
      case "rename_table":
      case "rename_view": {
        const from = qualify(before, change.kind === "rename_table" ? change.table : change.view);
        move(from, { schema: change.to.schema ?? from.schema, name: change.to.name });
        return;
      }
      case "swap_tables": {
        const first = qualify(before, change.table);
        const second = { schema: change.with.schema ?? first.schema, name: change.with.name };
        const [a, b] = [currentRelation(first), currentRelation(second)];
        relations.set(relationKey(first), at, b);
        relations.set(relationKey(second), at, a);
        return;
      }
      case "rename_schema":
        for (const relation of findSchema(before, change.from)?.relations.values() ?? [])
          move(relation.name, { schema: change.to, name: relation.name.name });
        return;
      case "rename_column": {
        const lineage = currentRelation(qualify(before, change.table));
        if (!lineage) return;
        const column = currentColumn(lineage, change.from);
        columns.set(columnKey(lineage, change.from), at, undefined);
        columns.set(columnKey(lineage, change.to), at, column);
        return;
      }
      case "add_column": {
        const table = qualify(before, change.table);
        const lineage = currentRelation(table);
        if (!lineage) return;
        // ADD COLUMN IF NOT EXISTS of a column the table has keeps that column (and its values).
        if (change.ifNotExists && hasColumn(before, table, change.column.name)) return;
        columns.set(columnKey(lineage, change.column.name), at, undefined);
        return;
      }
      case "drop_column": {
        const lineage = currentRelation(qualify(before, change.table));
        if (lineage) columns.set(columnKey(lineage, change.column), at, undefined);
        return;
      }
      default:
        return;
    }
  });

  const indexOfEntry = (entry: ReplayedChange) => indexOf.get(entry) ?? 0;
  let endOf: Map<number, QualifiedName> | undefined;
  return {
    relationAt(entry, name) {
      const lineage = relations.at(relationKey(name), indexOfEntry(entry), () => found(name));
      return lineage && "origin" in lineage ? lineage.origin : undefined;
    },
    columnAt(entry, relation, column) {
      return columns.at(columnKey({ origin: relation }, column), indexOfEntry(entry), () => column);
    },
    createdRelationAtEnd(entry) {
      if (!endOf) {
        endOf = new Map();
        for (const relation of allRelations(file.after)) {
          const lineage = relations.current(relationKey(relation.name), () => undefined);
          if (lineage && "created" in lineage) endOf.set(lineage.created, relation.name);
        }
      }
      return endOf.get(indexOfEntry(entry));
    },
  };
}
