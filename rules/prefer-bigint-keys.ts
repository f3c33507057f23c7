import { findColumn, findTable, type QualifiedName, qualify, sameNameInTable } from "../src/catalog/model.js";
import { primaryKeyColumns } from "../src/lint/column-types.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import type { ColumnDef, Constraint } from "../src/sql/changes.js";
import type { DataType } from "../src/sql/data-type.js";
import type { Span } from "../src/sql/span.js";

/** A primary key column as a change makes it: its definition, its (new) type, and the key it belongs to. */
interface KeyColumn {
  readonly column: ColumnDef;
  readonly type: DataType;
  readonly key: readonly string[];
  readonly constraints: readonly Constraint[];
  readonly table: QualifiedName;
  readonly object: string;
  readonly span: Span;
}

/**
 * A primary key of 32 bits or fewer that will run out: a generated key (serial, identity, AUTO_INCREMENT)
 * of any such width, or a plain INT key. Widening it later rewrites the table and every foreign key that
 * points at it, usually when the table is at its largest.
 */
export default defineRule({
  meta: {
    id: "prefer-bigint-keys",
    description: "Prefer 64-bit primary keys to int, serial or 32-bit AUTO_INCREMENT keys.",
    category: "types",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      generatedKey:
        "Primary key {{object}} is a generated {{type}}: its values stop at {{limit}}, after which every insert fails.",
      narrowKey:
        "Primary key {{object}} is {{type}}: its values stop at {{limit}}, and widening it later rewrites the table and every foreign key to it.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const key of keyColumns(context)) {
      const { column, type } = key;
      if (type.family !== "integer" || type.bits === undefined || type.bits > 32) continue;
      const generated = Boolean(column.identity || column.autoIncrement);
      if (!generated && !isLoneNarrowKey(context, key)) continue;
      context.report({
        messageId: generated ? "generatedKey" : "narrowKey",
        data: { object: key.object, type: type.raw, limit: largestValue(type) },
        span: key.span,
        object: key.object,
        help: "Use bigint (a 64-bit integer), generated as identity or AUTO_INCREMENT if the database numbers the rows.",
      });
    }
  },
});

/** Primary key columns that the file creates, declares as the key, or gives a new type. */
function keyColumns(context: RuleContext): KeyColumn[] {
  const found: KeyColumn[] = [];
  for (const entry of context.file.changes) {
    const { change } = entry;
    if (change.kind === "create_table") {
      const { constraints, columns } = change.table;
      const table = qualify(entry.before, change.table.name);
      const key = primaryKeyColumns(constraints);
      for (const name of key) {
        const column = columns.find((candidate) => sameNameInTable(entry.before, candidate.name, name));
        if (!column) continue;
        const object = formatQualified(table, column.name);
        found.push({
          column,
          type: column.type,
          key,
          constraints,
          table,
          object,
          span: column.span ?? change.span,
        });
      }
    } else if (change.kind === "add_constraint" && change.constraint.kind === "primary_key") {
      const table = qualify(entry.before, change.table);
      const after = findTable(entry.after, table);
      if (!after) continue;
      const key = change.constraint.columns;
      for (const name of key) {
        const column = findColumn(entry.after, after, name);
        if (!column) continue;
        const object = formatQualified(table, column.name);
        const constraints = after.constraints;
        found.push({ column, type: column.type, key, constraints, table, object, span: change.span });
      }
    } else if (change.kind === "alter_column_type") {
      const table = qualify(entry.before, change.table);
      const before = findTable(entry.before, table);
      if (!before) continue;
      const key = primaryKeyColumns(before.constraints);
      if (!key.some((name) => sameNameInTable(entry.before, name, change.column))) continue;
      const previous = findColumn(entry.before, before, change.column);
      const column = change.restated ?? previous;
      if (!column) continue;
      // A MODIFY that restates the key with its old type chooses nothing new.
      if (previous && context.dialect.compareTypes(previous.type, change.type) === "identical") continue;
      const object = formatQualified(table, change.column);
      const constraints = before.constraints;
      found.push({ column, type: change.type, key, constraints, table, object, span: change.span });
    }
  }
  return found;
}

/**
 * A plain INT that is the whole primary key and not a foreign key. A smaller key written on purpose
 * (smallint for a lookup table) is a choice; a key that is also a foreign key (declared with the table or
 * later in the file) follows the width of the key it points at, which is where the finding belongs; a
 * column of a composite key is usually such a reference.
 */
function isLoneNarrowKey(
  context: RuleContext,
  { column, type, key, constraints, table }: KeyColumn,
): boolean {
  if (type.bits !== 32 || key.length !== 1) return false;
  const { after } = context.file;
  const later = findTable(after, table)?.constraints ?? [];
  return ![...constraints, ...later].some(
    (constraint) =>
      constraint.kind === "foreign_key" &&
      constraint.columns.some((name) => sameNameInTable(after, name, column.name)),
  );
}

/** 2,147,483,647 for a signed 32-bit integer. */
function largestValue(type: DataType): string {
  const bits = type.bits ?? 32;
  const largest = type.unsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n;
  return largest.toLocaleString("en-US");
}
