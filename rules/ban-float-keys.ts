import { findColumn, findTable, type QualifiedName, qualify } from "../src/catalog/model.js";
import { isKeyColumn, keyColumnTest } from "../src/lint/column-types.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import type { Change, RelationName, TableModel } from "../src/sql/changes.js";
import type { DataType } from "../src/sql/data-type.js";
import type { Span } from "../src/sql/span.js";

const MODEL_NAMES: Readonly<Record<TableModel, string>> = {
  primary: "PRIMARY KEY",
  duplicate: "DUPLICATE KEY",
  aggregate: "AGGREGATE KEY",
  unique: "UNIQUE KEY",
};

/**
 * Floating-point key columns. Where the database refuses them (StarRocks: no FLOAT/DOUBLE in any key, and
 * no DECIMAL in a PRIMARY KEY table) the statement fails; elsewhere the key works but is wrong: 0.1 + 0.2
 * is not 0.3, so a key computed one way does not find the row stored another way.
 */
export default defineRule({
  meta: {
    id: "ban-float-keys",
    description:
      "Block float/double key columns (and DECIMAL keys where the database refuses them); warn where they are legal.",
    category: "types",
    defaultSeverity: "error",
    presets: ["recommended", "strict"],
    messages: {
      floatKey:
        "Key column {{object}} is {{type}}: floating-point values are inexact, so a key computed one way misses the row stored another way.",
      refusedKey:
        "Key column {{object}} is {{type}}, which the database refuses in the key of a {{model}} table: the statement fails.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind === "create_table") {
        const table = qualify(entry.before, change.table.name);
        const isKey = keyColumnTest(entry.before, change.table);
        for (const column of change.table.columns) {
          if (!isKey(column)) continue;
          checkKey(
            context,
            table,
            change.table.tableModel,
            column.name,
            column.type,
            column.span ?? change.span,
          );
        }
        continue;
      }
      if (change.kind === "add_column") {
        const table = qualify(entry.before, change.table);
        const after = findTable(entry.after, table);
        if (!after || !isKeyColumn(entry.after, after, change.column)) continue;
        const span = change.column.span ?? change.span;
        checkKey(context, table, after.tableModel, change.column.name, change.column.type, span);
        continue;
      }
      if (change.kind === "alter_column_type") {
        const table = qualify(entry.before, change.table);
        const before = findTable(entry.before, table);
        if (!before) continue;
        const previous = findColumn(entry.before, before, change.column);
        const key = isKeyColumn(entry.before, before, change.restated ?? change.column);
        if (!key || (previous && context.dialect.compareTypes(previous.type, change.type) === "identical"))
          continue;
        checkKey(context, table, before.tableModel, change.column, change.type, change.span);
        continue;
      }
      const keyed = keyColumnsSetBy(change);
      if (keyed === undefined) continue;
      const table = qualify(entry.before, keyed.table);
      const after = findTable(entry.after, table);
      if (!after) continue;
      for (const name of keyed.columns) {
        const column = findColumn(entry.after, after, name);
        if (column) checkKey(context, table, after.tableModel, column.name, column.type, change.span);
      }
    }
  },
});

/** ALTER TABLE ... ADD PRIMARY KEY and StarRocks' change of table model name new key columns. */
function keyColumnsSetBy(
  change: Change,
): { readonly table: RelationName; readonly columns: readonly string[] } | undefined {
  if (change.kind === "add_constraint" && change.constraint.kind === "primary_key")
    return { table: change.table, columns: change.constraint.columns };
  if (change.kind === "set_table_model") return { table: change.table, columns: change.keyColumns };
  return undefined;
}

function checkKey(
  context: RuleContext,
  table: QualifiedName,
  tableModel: TableModel | undefined,
  column: string,
  type: DataType,
  span: Span,
): void {
  if (type.family !== "float" && type.family !== "decimal") return;
  const allows = context.dialect.hooks.allowsKeyColumnType;
  const refused = allows !== undefined && !allows(type, tableModel);
  if (!refused && type.family !== "float") return;
  const object = formatQualified(table, column);
  context.report({
    messageId: refused ? "refusedKey" : "floatKey",
    data: { object, type: type.raw, model: tableModel ? MODEL_NAMES[tableModel] : "this" },
    span,
    object,
    help: refused
      ? "Use an integer, a string or a date key; keep the decimal or floating-point value in a value column."
      : "Use an exact type for the key (an integer, or DECIMAL/numeric for a decimal quantity).",
    // Legal where the database accepts it: wrong, but nothing fails.
    ...(!refused && { maxSeverity: "warning" as const }),
  });
}
