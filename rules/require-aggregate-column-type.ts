import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * On an AGGREGATE-model table a column is either a key (dimension) or a value with an aggregate function.
 * StarRocks treats a column added without either as a key column (ALTER TABLE reference, "Add a key
 * column … (aggregate column)"), which changes what the table aggregates; a type that cannot be a key
 * makes the ALTER fail. A MODIFY of a value column must restate its aggregate function, or is refused.
 */
export default defineRule({
  meta: {
    id: "require-aggregate-column-type",
    description:
      "Require KEY or an aggregate function (SUM, MAX, REPLACE, …) on columns added to or modified in Aggregate tables.",
    category: "schema-change",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    requires: { tableModels: true },
    messages: {
      becomesKey:
        "Column {{object}} is added to an Aggregate table without KEY or an aggregate function: the database makes it a key column, so rows that differ only in it are no longer aggregated together.",
      cannotBeKey:
        "Column {{object}} is added to an Aggregate table without an aggregate function, so it would be a key column, and a {{type}} column cannot be one: the ALTER TABLE is refused.",
      aggregateDropped:
        "Column {{object}} is a value column aggregated with {{aggregate}}, and this MODIFY does not restate it: the database refuses to change a column's aggregation.",
    },
    defaultOptions: {},
  },
  check(context) {
    const { hooks } = context.dialect;
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "add_column" && change.kind !== "alter_column_type") continue;
      const name = qualify(entry.before, change.table);
      const table = findTable(entry.before, name);
      if (table?.tableModel !== "aggregate") continue;

      if (change.kind === "add_column") {
        const column = change.column;
        if (column.key || column.aggregate !== undefined) continue;
        const object = formatQualified(name, column.name);
        const keyable = hooks.allowsKeyColumnType?.(column.type, "aggregate") ?? true;
        context.report({
          messageId: keyable ? "becomesKey" : "cannotBeKey",
          data: { object, type: column.type.raw },
          span: change.span,
          object,
          help: `Write the aggregate function after the type for a value column (${column.name} ${column.type.raw} SUM DEFAULT "0"; or MAX, MIN, REPLACE, REPLACE_IF_NOT_NULL, HLL_UNION, BITMAP_UNION), or KEY for a dimension.`,
        });
        continue;
      }

      const previous = findColumn(entry.before, table, change.column);
      const restated = change.restated;
      if (!previous?.aggregate || !restated || restated.aggregate !== undefined || restated.key) continue;
      const object = formatQualified(name, previous.name);
      context.report({
        messageId: "aggregateDropped",
        data: { object, aggregate: previous.aggregate },
        span: change.span,
        object,
        help: `Restate the aggregate function in the MODIFY: ${previous.name} ${restated.type.raw} ${previous.aggregate}.`,
      });
    }
  },
});
