import { findNestedType, typedColumns } from "../src/lint/column-types.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * A timestamp without time zone where the database has a zone-aware type to prefer (PostgreSQL
 * timestamptz). A timestamp without zone is a wall-clock reading: which instant it names depends on a zone
 * that the column does not record, and `now()` written into it depends on the session's TimeZone.
 */
export default defineRule({
  meta: {
    id: "prefer-timestamptz",
    description: "Prefer a zone-aware timestamp type (timestamptz) to a timestamp without time zone.",
    category: "types",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { zonedTimestamps: true },
    messages: {
      withoutZone:
        "Column {{object}} ({{type}}) stores no time zone: the instant a value names depends on a zone the column does not record.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const column of typedColumns(context.file, context.dialect.compareTypes)) {
      const timestamp = findNestedType(column.type, (type) => type.family === "timestamp");
      if (!timestamp) continue;
      context.report({
        messageId: "withoutZone",
        data: { object: column.object, type: timestamp.raw },
        span: column.span,
        object: column.object,
        help: "Use timestamptz (timestamp with time zone): it stores an instant and shows it in the session's zone. Converting later rewrites the table and reads every old value in the session's zone.",
      });
    }
  },
});
