import { type Catalog, findColumn, findTable, type QualifiedName, qualify } from "../src/catalog/model.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { changesOfKind, defineRule, formatQualified } from "../src/lint/rule.js";
import type { ColumnDef } from "../src/sql/changes.js";

/**
 * ADD COLUMN with a constant or stable default (now(), 'x', 0) only records the default (PostgreSQL 11+):
 * no rewrite. A volatile default (gen_random_uuid(), clock_timestamp(), nextval() behind serial) or an
 * identity column gives every existing row its own value, so the table and its indexes are rewritten
 * under an ACCESS EXCLUSIVE lock. SET DEFAULT is not reported: it only affects rows written later.
 */
export default defineRule({
  meta: {
    id: "ban-volatile-default",
    description:
      "Avoid adding a column whose default is computed per row (volatile function, serial, identity) to an existing table.",
    category: "locks",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    // The dialect knows when a change rewrites the table (PostgreSQL); a dialect without that knowledge
    // (MySQL's online DDL has its own rules) says nothing here.
    requiresHooks: ["rewritesTable"],
    messages: {
      volatileDefault:
        "Column {{object}} is added to an existing table with the volatile default {{default}}: every row gets its own value, so the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock (reads and writes wait).",
      identity:
        "Column {{object}} is added to an existing table as an identity column: every row gets its own number, so the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock (reads and writes wait).",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of changesOfKind(context.file, "add_column")) {
      const { column } = entry.change;
      const volatile = column.volatileDefault === true;
      if (!volatile && !column.identity) continue;
      const table = qualify(entry.before, entry.change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      if (entry.change.ifNotExists && columnExists(entry.before, table, column.name)) continue;
      const object = formatQualified(table, column.name);
      context.report({
        ...(volatile
          ? { messageId: "volatileDefault", data: { object, default: defaultText(column) } }
          : { messageId: "identity", data: { object } }),
        span: entry.change.span,
        object,
        help: "Add the column without a default, SET DEFAULT afterwards (new rows only, no rewrite), then backfill existing rows in batches.",
      });
    }
  },
});

/** serial columns show their type: the nextval() default behind them is not what the migration wrote. */
function defaultText(column: ColumnDef): string {
  if (column.autoIncrement) return `nextval() behind ${column.type.raw}`;
  return column.default ?? "";
}

/** ADD COLUMN IF NOT EXISTS of a column that is already there does nothing. */
function columnExists(catalog: Catalog, name: QualifiedName, column: string): boolean {
  const table = findTable(catalog, name);
  return table !== undefined && findColumn(catalog, table, column) !== undefined;
}
