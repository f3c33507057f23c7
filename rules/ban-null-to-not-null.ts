import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * A change that makes a nullable column NOT NULL, on a database whose schema change cannot tighten
 * nullability (StarRocks: "Conversion from NULL to NOT NULL is not supported"). The ALTER is refused
 * whatever the rows hold, so tables created in the same migration count too.
 */
export default defineRule({
  meta: {
    id: "ban-null-to-not-null",
    description: "Refuse making a nullable column NOT NULL where the database's schema change cannot do it.",
    category: "schema-change",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    requires: { nullabilityCanTighten: false },
    messages: {
      nullToNotNull:
        "Column {{object}} is nullable and this change makes it NOT NULL: the database's schema change cannot tighten nullability, so the ALTER TABLE is refused.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      const tightens =
        (change.kind === "set_nullability" && !change.nullable) ||
        (change.kind === "alter_column_type" && change.restated !== undefined && !change.restated.nullable);
      if (!tightens) continue;
      const table = qualify(entry.before, change.table);
      const known = findTable(entry.before, table);
      const previous = known && findColumn(entry.before, known, change.column);
      // Unknown or already NOT NULL: nothing tightens that Schematic can see.
      if (!previous?.nullable) continue;
      const object = formatQualified(table, change.column);
      context.report({
        messageId: "nullToNotNull",
        data: { object },
        span: change.span,
        object,
        help: "Restate the column as NULL in the MODIFY; if NOT NULL matters, add a new NOT NULL column with a DEFAULT, fill it from the old one, and switch readers to it.",
      });
    }
  },
});
