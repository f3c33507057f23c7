import { qualify } from "../src/catalog/model.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * TRUNCATE of a table that existed before the change under review: every row goes, without the
 * per-row triggers and logging a DELETE would leave. DELETE without WHERE is not reported: the parser
 * does not say whether a DELETE has a WHERE, and data migrations that empty a table on purpose use it.
 */
export default defineRule({
  meta: {
    id: "ban-truncate",
    description: "Refuse TRUNCATE on tables that already exist: every row is deleted for good.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      truncate:
        "Truncating table {{object}} deletes every row in it; the rows cannot be recovered without a backup.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "truncate_table") continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const object = formatQualified(table);
      context.report({
        messageId: "truncate",
        data: { object },
        span: change.span,
        object,
        help: 'Delete only the rows that must go (DELETE … WHERE …), copy them elsewhere first if they may be needed, or acknowledge an intended reset: -- schematic-ignore ban-truncate reason="…"',
      });
    }
  },
});
