import { type Catalog, findColumn, findTable, type QualifiedName, qualify } from "../src/catalog/model.js";
import { columnExistedBefore, columnKnownAbsent, relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * DROP COLUMN on a column that existed before the change under review: its value in every row is gone
 * for good. MySQL CHANGE and MODIFY restate a column and keep its values, so they are not drops; nor is
 * dropping a generated column, whose values the other columns still give.
 */
export default defineRule({
  meta: {
    id: "ban-drop-column",
    description: "Refuse DROP COLUMN on columns that already exist: their values are deleted for good.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      dropColumn:
        "Dropping column {{object}} deletes its value in every row; the values cannot be recovered without a backup.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "drop_column") continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      if (!columnExistedBefore(context, entry, table, change.column)) continue;
      // The table is fully known and has no such column: the drop is a no-op or an error, not a loss.
      if (columnKnownAbsent(entry.before, table, change.column)) continue;
      if (isGenerated(entry.before, table, change.column)) continue;
      const object = formatQualified(table, change.column);
      context.report({
        messageId: "dropColumn",
        data: { object },
        span: change.span,
        object,
        help: 'Stop reading and writing the column in one release, copy its values elsewhere if they may be needed, then drop it in a later migration with an acknowledgement: -- schematic-ignore ban-drop-column reason="…"',
      });
    }
  },
});

function isGenerated(catalog: Catalog, table: QualifiedName, column: string): boolean {
  const known = findTable(catalog, table);
  return known !== undefined && findColumn(catalog, known, column)?.generated !== undefined;
}
