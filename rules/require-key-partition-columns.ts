import { type Catalog, findTable, qualify, sameNameInTable } from "../src/catalog/model.js";
import { partitionColumnNames } from "../src/lint/partitions.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import type { ColumnDef, Distribution, Partitioning, RelationName, TableModel } from "../src/sql/changes.js";
import type { Span } from "../src/sql/span.js";

/** The part of a table definition the check reads, from a CREATE TABLE or from the catalog. */
interface KeyedTable {
  readonly columns: readonly ColumnDef[];
  readonly tableModel?: TableModel;
  readonly keyColumns?: readonly string[];
  readonly partitioning?: Partitioning;
  readonly distribution?: Distribution;
}

const MODEL_NAMES: Readonly<Record<TableModel, string>> = {
  duplicate: "DUPLICATE KEY",
  aggregate: "AGGREGATE KEY",
  unique: "UNIQUE KEY",
  primary: "PRIMARY KEY",
};

/**
 * StarRocks refuses a table whose partition or hash-bucket column is a value column when the table
 * model merges rows by key (PRIMARY KEY, UNIQUE KEY, AGGREGATE KEY): the FE rejects a partition or
 * distribution column that is not a key and has an aggregate type, and the value columns of those models
 * all have one (REPLACE for PRIMARY and UNIQUE KEY, the declared function for AGGREGATE KEY). DUPLICATE KEY
 * value columns have none, so any column may partition or bucket a DUPLICATE KEY table.
 */
export default defineRule({
  meta: {
    id: "require-key-partition-columns",
    description:
      "Require the partition and bucket columns of PRIMARY/UNIQUE/AGGREGATE KEY tables to be key columns.",
    category: "partitions",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    requires: { tableModels: true },
    messages: {
      partitionNotKey:
        "Partition column {{column}} of {{model}} table {{object}} is not a key column: the database refuses the statement.",
      bucketNotKey:
        "Bucket column {{column}} (DISTRIBUTED BY HASH) of {{model}} table {{object}} is not a key column: the database refuses the statement.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind === "create_table") {
        checkTable(context, change.table, change.table.name, entry.before, change.span);
        continue;
      }
      if (
        change.kind !== "set_partitioning" &&
        change.kind !== "set_distribution" &&
        change.kind !== "set_table_model"
      ) {
        continue;
      }
      const table = findTable(entry.after, change.table);
      if (table) checkTable(context, table, change.table, entry.before, change.span);
    }
  },
});

function checkTable(
  context: RuleContext,
  table: KeyedTable,
  name: RelationName,
  before: Catalog,
  span: Span,
): void {
  const model = effectiveModel(table);
  if (model === undefined || model === "duplicate") return;
  const keys = keyColumnsOf(table, model);
  if (keys === undefined) return;
  const isKey = (column: string) => keys.some((key) => sameNameInTable(before, key, column));
  const object = formatQualified(qualify(before, name));
  const partitionColumns = table.partitioning
    ? partitionColumnNames(before, table.partitioning, table.columns)
    : [];
  for (const column of partitionColumns.filter((c) => !isKey(c))) {
    context.report({
      messageId: "partitionNotKey",
      data: { column, model: MODEL_NAMES[model], object },
      span,
      object: `${object}.${column}`,
      help: `Add ${column} to the ${MODEL_NAMES[model]} columns (they must lead the column list), or partition by a key column.`,
    });
  }
  const bucketColumns = table.distribution?.kind === "hash" ? table.distribution.columns : [];
  for (const column of bucketColumns.filter((c) => !isKey(c))) {
    context.report({
      messageId: "bucketNotKey",
      data: { column, model: MODEL_NAMES[model], object },
      span,
      object: `${object}.${column}`,
      help: `Bucket by key columns only (DISTRIBUTED BY HASH(${keys.join(", ")})), or add ${column} to the key.`,
    });
  }
}

/**
 * The table model the database will use. Without a key clause StarRocks makes a table with aggregate
 * columns an AGGREGATE KEY table (every other column is a key), whatever default the parser recorded.
 */
function effectiveModel(table: KeyedTable): TableModel | undefined {
  const hasAggregateColumns = table.columns.some((column) => column.aggregate !== undefined);
  if (table.tableModel === "duplicate" && !table.keyColumns?.length && hasAggregateColumns)
    return "aggregate";
  return table.tableModel;
}

/** The key columns, or undefined when the history does not say which they are. */
function keyColumnsOf(table: KeyedTable, model: TableModel): readonly string[] | undefined {
  if (table.keyColumns?.length) return table.keyColumns;
  const flagged = table.columns.filter((column) => column.key).map((column) => column.name);
  if (flagged.length > 0) return flagged;
  if (model === "aggregate" && table.columns.length > 0)
    return table.columns.filter((column) => column.aggregate === undefined).map((column) => column.name);
  return undefined;
}
