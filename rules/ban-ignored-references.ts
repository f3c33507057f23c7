import { qualify, sameNameInTable } from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { ColumnDef, Constraint, ForeignKeyReference } from "../src/sql/changes.js";
import type { Span } from "../src/sql/span.js";

type ForeignKey = Extract<Constraint, { kind: "foreign_key" }>;

/**
 * A foreign key the database parses and then ignores: MySQL's inline column `REFERENCES`. On a database
 * that enforces foreign keys, an informational one can only be such a clause; where no foreign key is
 * enforced (StarRocks' `foreign_key_constraints`, read by the optimizer) being informational is the design.
 */
export default defineRule({
  meta: {
    id: "ban-ignored-references",
    description:
      "Refuse inline column REFERENCES that the database parses and ignores: no foreign key is created.",
    category: "constraints",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    requires: { enforcesForeignKeys: true },
    messages: {
      ignoredReferences:
        "Column {{object}} declares REFERENCES {{target}} in its definition: the database parses that clause and ignores it, so no foreign key is created and nothing checks the values.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind === "create_table") {
        const table = qualify(entry.before, change.table.name);
        for (const constraint of change.table.constraints) {
          if (!isIgnored(constraint)) continue;
          const column = change.table.columns.find((c) =>
            sameNameInTable(entry.before, c.name, constraint.columns[0]!),
          );
          report(
            formatQualified(table, constraint.columns[0]),
            constraint.references,
            spanOf(column, change.span),
          );
        }
      } else if (change.kind === "add_constraint" && isIgnored(change.constraint)) {
        const table = qualify(entry.before, change.table);
        report(
          formatQualified(table, change.constraint.columns[0]),
          change.constraint.references,
          change.span,
        );
      }
    }

    function report(object: string, references: ForeignKeyReference, span: Span): void {
      const target = `${references.table.schema ? `${references.table.schema}.` : ""}${references.table.name}${
        references.columns.length > 0 ? ` (${references.columns.join(", ")})` : ""
      }`;
      const column = object.split(".").at(-1);
      context.report({
        messageId: "ignoredReferences",
        data: { object, target },
        span,
        object,
        help: `Declare the foreign key as a table constraint instead: FOREIGN KEY (${column}) REFERENCES ${target}.`,
      });
    }
  },
});

function isIgnored(constraint: Constraint): constraint is ForeignKey {
  return constraint.kind === "foreign_key" && constraint.informational === true;
}

function spanOf(column: ColumnDef | undefined, fallback: Span): Span {
  return column?.span ?? fallback;
}
