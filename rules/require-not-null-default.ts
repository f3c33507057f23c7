import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { backfilledBefore } from "../src/lint/helpers.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * Adding a NOT NULL column without a default, or SET NOT NULL, on a table that already has rows.
 * PostgreSQL and StarRocks refuse the ALTER; MySQL fills an implicit default (0, '', zero date), which is
 * rarely what the data means, so there it is at most a warning.
 */
export default defineRule({
  meta: {
    id: "require-not-null-default",
    description: "Block NOT NULL columns without a default (and SET NOT NULL) on tables that already exist.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      addedWithoutDefault:
        "Column {{object}} is added NOT NULL without a default to an existing table: the ALTER fails on existing rows.",
      addedWithImplicitDefault:
        "Column {{object}} is added NOT NULL without a default to an existing table: existing rows get the type's implicit default.",
      setNotNull:
        "Column {{object}} becomes NOT NULL on an existing table: the ALTER fails if any row holds NULL.",
    },
    defaultOptions: {},
  },
  check(context) {
    const { capabilities } = context.dialect;
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind === "add_column") {
        const column = change.column;
        if (
          column.nullable ||
          column.default !== undefined ||
          column.identity ||
          column.autoIncrement ||
          column.generated
        ) {
          continue;
        }
        const table = qualify(entry.before, change.table);
        if (!relationExistedBefore(context, entry, table)) continue;
        const object = formatQualified(table, column.name);
        context.report({
          messageId: capabilities.notNullColumnNeedsDefault
            ? "addedWithoutDefault"
            : "addedWithImplicitDefault",
          data: { object },
          span: change.span,
          object,
          help: "Add the column nullable, backfill it, then SET NOT NULL; or give it a DEFAULT.",
          ...(!capabilities.notNullColumnNeedsDefault && { maxSeverity: "warning" as const }),
        });
        continue;
      }
      const becomesNotNull =
        (change.kind === "set_nullability" && !change.nullable) ||
        (change.kind === "alter_column_type" && change.restated !== undefined && !change.restated.nullable);
      // Where the database cannot tighten nullability at all, ban-null-to-not-null reports it instead.
      if (!becomesNotNull || !capabilities.nullabilityCanTighten) continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      if (backfilledBefore(context.file.changes, entry, table)) continue;
      const existing = findTable(entry.before, table);
      const before = existing ? findColumn(entry.before, existing, change.column) : undefined;
      // A MODIFY that restates an already NOT NULL column changes nothing about nullability.
      if (change.kind === "alter_column_type" && !before?.nullable) continue;
      if (before?.nullable === false) continue;
      const object = formatQualified(table, change.column);
      context.report({
        messageId: "setNotNull",
        data: { object },
        span: change.span,
        object,
        help: "Backfill NULLs in the same migration first (UPDATE ... WHERE col IS NULL), or add a validated CHECK (col IS NOT NULL) before SET NOT NULL.",
      });
    }
  },
});
