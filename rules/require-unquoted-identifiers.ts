import { needsQuotes, quoteIdentifier, storedIdentifier } from "../src/dialects/identifiers.js";
import {
  describeName,
  identifierKindOf,
  type NamedObjectKind,
  namesDefinedBy,
  objectOf,
} from "../src/lint/defined-names.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * A name that only works in quotes: capitals on PostgreSQL (which folds unquoted names to lower case), or
 * spaces, punctuation and the like anywhere. The migration works, and so does every later statement that
 * quotes the name exactly; the first query, view, dbt model or BI tool that writes it plainly fails, or on
 * PostgreSQL finds another object. The dialect's identifier policy says which names are plain.
 */
export default defineRule({
  meta: {
    id: "require-unquoted-identifiers",
    description:
      "Warn when a migration names an object so that every reader must quote it (capitals on PostgreSQL, spaces, punctuation).",
    category: "naming",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      foldsCase:
        "{{what}} is named with capitals in quotes: {{readers}} must write {{quoted}}, quotes and case exactly, since an unquoted {{name}} means {{folded}}.",
      notPlain:
        "{{what}} has a name that is no plain identifier: {{readers}} must write it in quotes, as {{quoted}}.",
    },
    defaultOptions: {},
  },
  check(context) {
    const policy = context.dialect.identifiers;
    for (const entry of context.file.changes) {
      for (const named of namesDefinedBy(entry)) {
        if (!needsQuotes(policy, named.name)) continue;
        const plain = policy.plainName.test(named.name);
        context.report({
          messageId: plain ? "foldsCase" : "notPlain",
          data: {
            what: describeName(named),
            readers: readersOf(named.kind),
            name: named.name,
            quoted: quoteIdentifier(policy, named.name),
            folded: storedIdentifier(policy, named.name, false),
          },
          span: named.span,
          object: objectOf(named),
          help: "Rename it, while nothing reads it yet, to a lower-case name of letters, digits and underscores (order_details) that needs no quotes.",
        });
      }
    }
  },
});

/** Who writes the name: queries name relations and columns; only later DDL names an index or constraint. */
function readersOf(kind: NamedObjectKind): string {
  const identifierKind = identifierKindOf(kind);
  return identifierKind === "index" || identifierKind === "constraint"
    ? "every statement that names it"
    : "every query, view and dbt model";
}
