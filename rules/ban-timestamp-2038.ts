import { findNestedType, typedColumns } from "../src/lint/column-types.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * A column of the database's zone-converting timestamp type where that type is a 32-bit count of seconds
 * (MySQL TIMESTAMP): it cannot hold a moment after 2038-01-19 03:14:07 UTC, and inserting one fails or
 * stores a zero date.
 */
export default defineRule({
  meta: {
    id: "ban-timestamp-2038",
    description: "Warn on TIMESTAMP columns where the type ends in 2038 (MySQL); suggest DATETIME.",
    category: "types",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { timestampEndsIn2038: true },
    messages: {
      endsIn2038: "Column {{object}} is {{type}}, which cannot hold a moment after 2038-01-19 03:14:07 UTC.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const column of typedColumns(context.file, context.dialect.compareTypes)) {
      // On a database with this capability the zone-converting timestamp is the 32-bit one.
      const timestamp = findNestedType(column.type, (type) => type.family === "timestamptz");
      if (!timestamp) continue;
      context.report({
        messageId: "endsIn2038",
        data: { object: column.object, type: timestamp.raw },
        span: column.span,
        object: column.object,
        help: "Use DATETIME (up to 9999-12-31) and store UTC: set the session time_zone to '+00:00' in the application, since DATETIME does not convert zones.",
      });
    }
  },
});
