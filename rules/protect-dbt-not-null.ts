import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { countImpacts, namesOf } from "../src/lint/helpers.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/** A column made nullable while dbt not_null tests or enforced not_null constraints rely on it. */
export default defineRule({
  meta: {
    id: "protect-dbt-not-null",
    description:
      "Warn when a column becomes nullable while dbt not_null tests or contract constraints rely on it.",
    category: "dbt",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    needsDbt: true,
    messages: {
      madeNullable: "Column {{object}} becomes nullable, but {{count}} rely on it being NOT NULL: {{names}}.",
    },
    defaultOptions: {},
  },
  check(context) {
    const dbt = context.dbt;
    if (!dbt) return;
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "set_nullability" && change.kind !== "alter_column_type") continue;
      let column: string | undefined;
      if (change.kind === "set_nullability" && change.nullable) column = change.column;
      if (change.kind === "alter_column_type" && change.restated?.nullable) {
        // MODIFY restates the column: it turns nullable only if it was NOT NULL before.
        const table = findTable(entry.before, qualify(entry.before, change.table));
        const before = table ? findColumn(entry.before, table, change.column) : undefined;
        if (before && !before.nullable) column = change.column;
      }
      if (column === undefined) continue;
      const table = qualify(entry.before, change.table);
      const guards = dbt.notNullGuards(table, column);
      if (guards.length === 0) continue;
      const object = formatQualified(table, column);
      context.report({
        messageId: "madeNullable",
        data: { object, count: countImpacts(guards), names: namesOf(guards) },
        span: change.span,
        object,
        impacts: guards,
        help: "Keep the column NOT NULL, or coalesce it in the staging model and relax the tests in the same pull request.",
      });
    }
  },
});
