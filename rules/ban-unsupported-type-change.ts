import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * A MODIFY COLUMN to a type the database's schema change cannot convert to (StarRocks converts only the
 * pairs its ALTER TABLE reference lists). The ALTER is refused whatever the table holds, so tables created
 * in the same migration count too. The previous type comes from the catalog; when it is unknown, silence.
 */
export default defineRule({
  meta: {
    id: "ban-unsupported-type-change",
    description: "Refuse column type changes that the database's schema change cannot convert.",
    category: "schema-change",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    requiresHooks: ["allowsTypeChange"],
    messages: {
      unsupportedConversion:
        "Column {{object}} cannot change from {{from}} to {{to}}: the database's schema change does not convert {{from}} to {{to}}, so the ALTER TABLE is refused.",
    },
    defaultOptions: {},
  },
  check(context) {
    const allowsTypeChange = context.dialect.hooks.allowsTypeChange;
    if (!allowsTypeChange) return;
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "alter_column_type") continue;
      const table = qualify(entry.before, change.table);
      const known = findTable(entry.before, table);
      const previous = known && findColumn(entry.before, known, change.column);
      if (!previous || allowsTypeChange(previous.type, change.type)) continue;
      const object = formatQualified(table, change.column);
      context.report({
        messageId: "unsupportedConversion",
        data: { object, from: previous.type.raw, to: change.type.raw },
        span: change.span,
        object,
        help: "Add a new column of the target type, fill it (INSERT INTO … SELECT with a CAST, or UPDATE on a Primary Key table), switch readers to it, then drop the old column; or rebuild the table with CREATE TABLE … AS SELECT and ALTER TABLE … SWAP WITH.",
      });
    }
  },
});
