import {
  type Column,
  findColumn,
  findTable,
  qualify,
  sameNameInTable,
  type Table,
} from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { DataType } from "../src/sql/data-type.js";
import { sameType } from "../src/sql/type-compat.js";

interface Options {
  readonly allowVarcharWidening: boolean;
}

/** Why a column cannot be changed, for the message: "a partition column". */
type Role = string;

/**
 * Dropping or modifying a column that the table's layout is built on, where the database cannot change
 * it once the table exists. StarRocks (ALTER TABLE reference and its schema-change handler):
 * - partition and bucket (DISTRIBUTED BY HASH) columns can be neither dropped nor modified;
 * - a Primary Key table's key columns and sort key (ORDER BY) columns can be neither dropped nor modified;
 * - a Unique Key table's key columns cannot be dropped;
 * - an Aggregate table's key columns cannot be dropped while a value column aggregates with REPLACE.
 * Renaming them is allowed (3.3.2+), and so is modifying the key columns of other models, within the
 * conversions `ban-unsupported-type-change` checks.
 */
export default defineRule<Options>({
  meta: {
    id: "ban-key-column-change",
    description:
      "Refuse dropping or modifying key, sort, partition and bucket columns that the database cannot change.",
    category: "schema-change",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    requires: { keyColumnsImmutable: true },
    messages: {
      dropped: "Column {{object}} is {{role}}: the database cannot drop it, so the ALTER TABLE is refused.",
      modified:
        "Column {{object}} is {{role}}: the database cannot modify it ({{change}}), so the ALTER TABLE is refused.",
    },
    optionsSchema: {
      type: "object",
      properties: {
        allowVarcharWidening: {
          type: "boolean",
          description:
            "The cluster accepts a longer VARCHAR on key, sort, partition and bucket columns (StarRocks releases with pull request 70747, 2026), except on colocated tables.",
          default: false,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowVarcharWidening: false },
  },
  check(context, options) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "drop_column" && change.kind !== "alter_column_type") continue;
      const name = qualify(entry.before, change.table);
      const table = findTable(entry.before, name);
      const column = table && findColumn(entry.before, table, change.column);
      if (!table || !column) continue;
      const object = formatQualified(name, column.name);
      const namesColumn = (other: string) => sameNameInTable(entry.before, other, column.name);
      if (change.kind === "drop_column") {
        const role = dropRefusal(table, namesColumn);
        if (role !== undefined)
          context.report({
            messageId: "dropped",
            data: { object, role },
            span: change.span,
            object,
            help: "Keep the column. To lay the table out differently, create a new table with the layout you want, fill it with INSERT INTO … SELECT, and ALTER TABLE … SWAP WITH it.",
          });
        continue;
      }
      const after: Column = change.restated ?? { ...column, type: change.type };
      if (options.allowVarcharWidening && widensVarcharOnly(column, after) && !isColocated(table)) continue;
      const role = modifyRefusal(table, namesColumn, column, after);
      if (role === undefined) continue;
      context.report({
        messageId: "modified",
        data: { object, role, change: describeChange(column, after) },
        span: change.span,
        object,
        help: "Leave the column as it is. To change it, create a new table with the definition you want, fill it with INSERT INTO … SELECT, and ALTER TABLE … SWAP WITH it.",
      });
    }
  },
});

/** Whether a name in the table's definition (key, sort, partition, bucket columns) names the column. */
type NamesColumn = (name: string) => boolean;

function includes(names: readonly string[] | undefined, column: NamesColumn): boolean {
  return names?.some(column) ?? false;
}

const PRIMARY_KEY_ROLE = "a key column of a Primary Key table";
const SORT_KEY_ROLE = "a sort key (ORDER BY) column of a Primary Key table";
const PARTITION_ROLE = "a partition column";
const BUCKET_ROLE = "a bucket column (DISTRIBUTED BY HASH)";

function isPrimaryKeyColumn(table: Table, column: NamesColumn): boolean {
  return table.tableModel === "primary" && includes(table.keyColumns, column);
}

function isPrimaryKeySortColumn(table: Table, column: NamesColumn): boolean {
  return table.tableModel === "primary" && includes(table.orderBy, column);
}

function isPartitionColumn(table: Table, column: NamesColumn): boolean {
  return includes(table.partitioning?.columns, column);
}

function isBucketColumn(table: Table, column: NamesColumn): boolean {
  return table.distribution?.kind === "hash" && includes(table.distribution.columns, column);
}

/** The role that forbids dropping the column, if any. */
function dropRefusal(table: Table, column: NamesColumn): Role | undefined {
  if (isPrimaryKeyColumn(table, column)) return PRIMARY_KEY_ROLE;
  if (isPrimaryKeySortColumn(table, column)) return SORT_KEY_ROLE;
  if (table.tableModel === "unique" && includes(table.keyColumns, column))
    return "a key column of a Unique Key table";
  if (table.tableModel === "aggregate" && includes(table.keyColumns, column) && hasReplaceColumn(table))
    return "a key column of an Aggregate table whose value columns include REPLACE";
  if (isPartitionColumn(table, column)) return PARTITION_ROLE;
  if (isBucketColumn(table, column)) return BUCKET_ROLE;
  return undefined;
}

function hasReplaceColumn(table: Table): boolean {
  return table.columns.some((c) => c.aggregate?.toUpperCase().startsWith("REPLACE") ?? false);
}

/**
 * The role that forbids this MODIFY, if any. A Primary Key table refuses any MODIFY of its key and sort
 * columns; partition and bucket columns refuse any MODIFY that changes them (restating one unchanged is
 * accepted).
 */
function modifyRefusal(table: Table, column: NamesColumn, before: Column, after: Column): Role | undefined {
  if (isPrimaryKeyColumn(table, column)) return PRIMARY_KEY_ROLE;
  if (isPrimaryKeySortColumn(table, column)) return SORT_KEY_ROLE;
  if (!changesDefinition(before, after)) return undefined;
  if (isPartitionColumn(table, column)) return PARTITION_ROLE;
  if (isBucketColumn(table, column)) return BUCKET_ROLE;
  return undefined;
}

function changesDefinition(before: Column, after: Column): boolean {
  return !sameType(before.type, after.type) || before.nullable !== after.nullable;
}

function describeChange(before: Column, after: Column): string {
  if (!sameType(before.type, after.type)) return `${before.type.raw} to ${after.type.raw}`;
  if (before.nullable !== after.nullable) return after.nullable ? "NOT NULL to NULL" : "NULL to NOT NULL";
  return `${after.type.raw} restated`;
}

/** Only a VARCHAR's length grows: the one change recent releases accept on these columns. */
function widensVarcharOnly(before: Column, after: Column): boolean {
  const from = before.type;
  const to = after.type;
  const isVarchar = (type: DataType) => type.family === "string" && !type.fixedLength;
  return (
    isVarchar(from) &&
    isVarchar(to) &&
    (to.length ?? Number.POSITIVE_INFINITY) > (from.length ?? Number.POSITIVE_INFINITY) &&
    before.nullable === after.nullable
  );
}

/** Colocated tables keep their bucket columns' types in step with their group: no widening there. */
function isColocated(table: Table): boolean {
  return table.properties?.colocate_with !== undefined;
}
