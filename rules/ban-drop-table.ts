import { findRelation, qualify } from "../src/catalog/model.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * DROP TABLE of a table that existed before the change under review: its rows are gone for good.
 * Views are left alone: a view holds no rows, and a materialized view's rows are recomputed from its query.
 */
export default defineRule({
  meta: {
    id: "ban-drop-table",
    description: "Refuse DROP TABLE on tables that already exist: every row is deleted for good.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      dropTable:
        "Dropping table {{object}} deletes it and every row in it; the rows cannot be recovered without a backup.",
      dropTableCascade:
        "Dropping table {{object}} with CASCADE deletes it and every row in it, and also drops the views and foreign keys that depend on it; the rows cannot be recovered without a backup.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "drop_table") continue;
      const table = qualify(entry.before, change.table);
      // DROP TABLE on a view fails rather than deleting rows.
      if (findRelation(entry.before, table)?.kind === "view") continue;
      if (!relationExistedBefore(context, entry, table)) continue;
      const object = formatQualified(table);
      context.report({
        messageId: change.cascade ? "dropTableCascade" : "dropTable",
        data: { object },
        span: change.span,
        object,
        help: 'Stop reading and writing the table in one release, copy its rows elsewhere if they may be needed, then drop it in a later migration with an acknowledgement: -- schematic-ignore ban-drop-table reason="…"',
      });
    }
  },
});
