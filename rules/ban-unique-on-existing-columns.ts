import {
  type Catalog,
  findColumn,
  findIndexOwner,
  findTable,
  type QualifiedName,
  qualify,
  sameNameInTable,
  type Table,
} from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { columnExistedBefore, relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import type { RelationName } from "../src/sql/changes.js";

/**
 * A UNIQUE constraint or unique index on columns that already hold data: the build fails on the first
 * duplicate, and where the database can build indexes without blocking writes (PostgreSQL CONCURRENTLY),
 * the plain forms block the table for the whole build. Columns added by the review hold no old values.
 */
export default defineRule({
  meta: {
    id: "ban-unique-on-existing-columns",
    description:
      "Warn on adding a UNIQUE constraint or unique index to columns that already hold data: it fails on duplicates.",
    category: "safety",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      uniqueConstraintLocking:
        "Adding UNIQUE ({{columns}}) to {{object}} fails if existing rows share a value, and builds its index under a lock that blocks reads and writes for the whole build.",
      uniqueIndexLocking:
        "Creating unique index {{index}} on {{object}} ({{columns}}) fails if existing rows share a value, and blocks writes to the table for the whole build.",
      uniqueIndexConcurrently:
        "Creating unique index {{index}} on {{object}} ({{columns}}) fails if existing rows share a value, and leaves an invalid index behind that must be dropped.",
      unique: "Adding a unique {{what}} on {{object}} ({{columns}}) fails if existing rows share a value.",
    },
    defaultOptions: {},
  },
  check(context) {
    const concurrentIndexes = context.dialect.capabilities.concurrentIndexes;
    for (const entry of context.file.changes) {
      const unique = uniqueOf(entry);
      if (!unique) continue;
      const table = qualify(entry.before, unique.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      if (unique.columns.some((column) => isNewColumn(context, entry, table, column))) continue;
      if (unique.kind === "index" && unique.ifNotExists && hasIndex(entry, table, unique.name)) continue;
      // A unique key on some of these columns already holds (often the index the file just dropped to
      // recreate): existing rows cannot collide.
      if (
        [context.baseline, context.file.before, entry.before].some((catalog) =>
          alreadyUnique(catalog, findTable(catalog, table), unique.columns),
        )
      )
        continue;
      const object = formatQualified(table);
      const data = {
        object,
        columns: unique.columns.join(", "),
        index: unique.name ?? "(unnamed)",
        what: unique.kind,
      };
      context.report({
        messageId: messageFor(unique, concurrentIndexes),
        data,
        span: entry.change.span,
        object,
        help: helpFor(unique, concurrentIndexes, object, data.columns),
      });
    }
  },
});

interface UniqueAddition {
  readonly kind: "constraint" | "index";
  readonly table: RelationName;
  readonly columns: readonly string[];
  readonly name?: string;
  readonly concurrently: boolean;
  readonly ifNotExists: boolean;
}

function uniqueOf(entry: ReplayedChange): UniqueAddition | undefined {
  const { change } = entry;
  // A key declared inside CREATE TABLE belongs to a new table, or to none (IF NOT EXISTS over an old one).
  if (entry.statement.changes.some((other) => other.kind === "create_table")) return undefined;
  // ADD CONSTRAINT … UNIQUE USING INDEX names no columns: it adopts an index that is already built.
  if (change.kind === "add_constraint" && change.constraint.kind === "unique") {
    if (change.constraint.columns.length === 0) return undefined;
    return {
      kind: "constraint",
      table: change.table,
      columns: change.constraint.columns,
      ...(change.constraint.name !== undefined && { name: change.constraint.name }),
      concurrently: false,
      ifNotExists: false,
    };
  }
  if (change.kind === "create_index" && change.index.unique) {
    return {
      kind: "index",
      table: change.index.table,
      columns: change.index.columns,
      ...(change.index.name !== undefined && { name: change.index.name }),
      concurrently: Boolean(change.index.concurrently),
      ifNotExists: change.ifNotExists,
    };
  }
  return undefined;
}

function helpFor(
  unique: UniqueAddition,
  concurrentIndexes: boolean,
  object: string,
  columns: string,
): string {
  const lookFirst = `Look for duplicates first (SELECT ${columns}, count(*) FROM ${object} GROUP BY ${columns} HAVING count(*) > 1)`;
  if (!concurrentIndexes) return `${lookFirst} and resolve them before adding the ${unique.kind}.`;
  if (unique.concurrently)
    return `${lookFirst}; if the build fails, drop the invalid index (DROP INDEX CONCURRENTLY …) before retrying.`;
  return `${lookFirst}, then CREATE UNIQUE INDEX CONCURRENTLY … and ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX ….`;
}

function messageFor(unique: UniqueAddition, concurrentIndexes: boolean): string {
  if (!concurrentIndexes) return "unique";
  if (unique.kind === "constraint") return "uniqueConstraintLocking";
  return unique.concurrently ? "uniqueIndexConcurrently" : "uniqueIndexLocking";
}

/** A column added by the review holds no old values; an expression (lower(email)) reads existing ones. */
function isNewColumn(
  context: RuleContext,
  entry: ReplayedChange,
  table: QualifiedName,
  column: string,
): boolean {
  const known = findTable(entry.before, table);
  if (!known || !findColumn(entry.before, known, column)) return false;
  return !columnExistedBefore(context, entry, table, column);
}

/** A full (not partial) unique key on a subset of the columns makes every combination of them unique. */
function alreadyUnique(catalog: Catalog, table: Table | undefined, columns: readonly string[]): boolean {
  if (!table) return false;
  const within = (keyColumns: readonly string[]) =>
    keyColumns.length > 0 &&
    keyColumns.every((column) => columns.some((other) => sameNameInTable(catalog, column, other)));
  return (
    table.constraints.some(
      (constraint) =>
        (constraint.kind === "primary_key" || constraint.kind === "unique") && within(constraint.columns),
    ) || table.indexes.some((index) => index.unique && index.where === undefined && within(index.columns))
  );
}

function hasIndex(entry: ReplayedChange, table: QualifiedName, name: string | undefined): boolean {
  return name !== undefined && findIndexOwner(entry.before, name, { table }) !== undefined;
}
