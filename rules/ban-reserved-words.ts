import { describeName, namesDefinedBy, objectOf } from "../src/lint/defined-names.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * A table, view, column, index, constraint or schema named with a word the database reserves. Quoting makes
 * the statement work, but every query, view, dbt model and tool that names the object must quote it too, and
 * the first one that forgets fails with a syntax error far from the migration.
 */
export default defineRule({
  meta: {
    id: "ban-reserved-words",
    description:
      "Warn when a table, column, index or constraint is named with a reserved word that every reader must quote.",
    category: "naming",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requiresHooks: ["isReservedWord"],
    messages: {
      reservedWord:
        "{{what}} is named with the reserved word {{word}}: every statement that uses it must quote it.",
    },
    defaultOptions: {},
  },
  check(context) {
    const isReservedWord = context.dialect.hooks.isReservedWord;
    if (!isReservedWord) return;
    for (const entry of context.file.changes) {
      for (const named of namesDefinedBy(entry)) {
        if (!isReservedWord(named.name)) continue;
        const object = objectOf(named);
        context.report({
          messageId: "reservedWord",
          data: { what: describeName(named), word: named.name.toUpperCase() },
          span: named.span,
          object,
          help: 'Use a more specific name that is not a keyword (order → order_status, user → user_account), or keep it and acknowledge it: -- schematic-ignore ban-reserved-words reason="…"',
        });
      }
    }
  },
});
