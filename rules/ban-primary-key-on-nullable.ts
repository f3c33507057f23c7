import {
  findColumn,
  findTable,
  type QualifiedName,
  qualify,
  sameNameInTable,
  sameRelation,
} from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { backfilledBefore, joinList } from "../src/lint/helpers.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import type { ChangeOf, ColumnDef, TableDef } from "../src/sql/changes.js";

/**
 * A primary key cannot hold NULL, so every database makes its columns NOT NULL. Two ways that goes wrong:
 *
 * - ALTER TABLE … ADD PRIMARY KEY over a nullable column of a table with rows: PostgreSQL runs an implicit
 *   SET NOT NULL (a full scan under the ACCESS EXCLUSIVE lock) and fails on the first NULL; MySQL in strict
 *   mode fails too, and outside it silently turns the NULLs into the type's zero value ('' or 0).
 * - CREATE TABLE with a key column declared nullable: MySQL 5.7+ refuses DEFAULT NULL on a key column
 *   (error 1171) and StarRocks refuses NULL on a PRIMARY KEY column; PostgreSQL and MariaDB silently drop
 *   the declaration. Either way the definition says something the table will not do.
 */
export default defineRule({
  meta: {
    id: "ban-primary-key-on-nullable",
    description:
      "Ban primary keys over nullable columns: an implicit NOT NULL that scans, fails or rewrites data.",
    category: "constraints",
    defaultSeverity: "error",
    presets: ["recommended", "strict"],
    messages: {
      nullableColumns:
        "The primary key added to {{object}} covers nullable {{columns}}: the key makes its columns NOT NULL on the spot, which checks every row and fails on the first NULL (MySQL outside strict mode turns the NULLs into 0 or '' instead).",
      declaredNull:
        "Column {{object}} is declared {{declaration}} but belongs to the primary key, which cannot hold NULL: {{consequence}}",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind === "create_table") checkCreatedKey(context, entry, change);
      else if (change.kind === "add_constraint" && change.constraint.kind === "primary_key")
        checkAddedKey(context, entry, change);
    }
  },
});

function checkAddedKey(
  context: RuleContext,
  entry: ReplayedChange,
  change: ChangeOf<"add_constraint">,
): void {
  const table = qualify(entry.before, change.table);
  // A table created in the same file or pending set is empty: making its columns NOT NULL costs nothing.
  if (!relationExistedBefore(context, entry, table)) return;
  const existing = findTable(entry.before, table);
  if (!existing || change.constraint.kind !== "primary_key") return;
  // An UPDATE of the table earlier in the file is the usual backfill (as for SET NOT NULL).
  if (backfilledBefore(context.file.changes, entry, table)) return;
  const nullable = change.constraint.columns.filter((name) => {
    const column = findColumn(entry.before, existing, name);
    // A column the history never declared has an unknown nullability: nothing to say.
    if (!column || column.type.name === "unknown" || !column.nullable) return false;
    return !madeNotNullInSameStatement(entry, table, name) && !filledWhenAdded(context, entry, table, name);
  });
  if (nullable.length === 0) return;
  const object = formatQualified(table);
  context.report({
    messageId: "nullableColumns",
    data: { object, columns: `${nullable.length === 1 ? "column" : "columns"} ${joinList(nullable)}` },
    span: change.span,
    object,
    help: "Backfill the NULLs and make the columns NOT NULL first (ALTER COLUMN … SET NOT NULL, or MODIFY … NOT NULL), then add the primary key.",
  });
}

/** MySQL applies one ALTER's clauses together: `ADD PRIMARY KEY (id), MODIFY id … NOT NULL` is fine. */
function madeNotNullInSameStatement(entry: ReplayedChange, table: QualifiedName, column: string): boolean {
  return entry.statement.changes.some((other) => {
    if (other.kind !== "set_nullability" && other.kind !== "alter_column_type") return false;
    if (!sameNameInTable(entry.before, other.column, column)) return false;
    if (!sameRelation(entry.before, other.table, table)) return false;
    return other.kind === "set_nullability" ? !other.nullable : other.restated?.nullable === false;
  });
}

/**
 * The column was added earlier in the file with a value for every existing row (a non-NULL default, an
 * identity, auto-increment or generated value): it holds no NULL when the key arrives.
 */
function filledWhenAdded(
  context: RuleContext,
  entry: ReplayedChange,
  table: QualifiedName,
  column: string,
): boolean {
  for (const earlier of context.file.changes) {
    if (earlier === entry) return false;
    const { change } = earlier;
    if (change.kind !== "add_column" || !sameNameInTable(earlier.before, change.column.name, column))
      continue;
    if (!sameRelation(earlier.before, change.table, table)) continue;
    const added = change.column;
    const defaultValue = added.default?.trim().toUpperCase();
    if (added.identity || added.autoIncrement || added.generated) return true;
    if (defaultValue !== undefined && defaultValue !== "NULL") return true;
  }
  return false;
}

function checkCreatedKey(
  context: RuleContext,
  entry: ReplayedChange,
  change: ChangeOf<"create_table">,
): void {
  const keyColumns = primaryKeyColumns(change.table);
  if (keyColumns.length === 0) return;
  const table = qualify(entry.before, change.table.name);
  for (const column of change.table.columns) {
    if (!keyColumns.some((key) => sameNameInTable(entry.before, key, column.name))) continue;
    const declaration = nullDeclaration(change.table, column);
    if (!declaration) continue;
    const object = formatQualified(table, column.name);
    context.report({
      messageId: "declaredNull",
      data: {
        object,
        declaration,
        consequence:
          declaration === "NULL"
            ? "the database refuses the table (a PRIMARY KEY column cannot be nullable)."
            : "MySQL 5.7+ refuses the table (error 1171), while PostgreSQL and MariaDB silently drop the declaration.",
      },
      span: column.span ?? change.span,
      object,
      help: "Declare the column NOT NULL (and drop DEFAULT NULL), or use a UNIQUE key if it must hold NULLs.",
    });
  }
}

/** The primary key of a new table: a PRIMARY KEY constraint, or the key of a PRIMARY KEY table model. */
function primaryKeyColumns(table: TableDef): readonly string[] {
  const constraint = table.constraints.find((c) => c.kind === "primary_key");
  if (constraint && constraint.kind === "primary_key") return constraint.columns;
  return table.tableModel === "primary" ? (table.keyColumns ?? []) : [];
}

/**
 * How the statement declares the key column nullable, if it does. DEFAULT NULL is kept by every parser.
 * A bare NULL is told apart from no declaration only in a PRIMARY KEY table model, whose key columns are
 * NOT NULL unless the statement says NULL; elsewhere a nullable key column may just be undeclared
 * (MySQL `id int, PRIMARY KEY (id)`), which every database accepts.
 */
function nullDeclaration(table: TableDef, column: ColumnDef): "NULL" | "DEFAULT NULL" | undefined {
  if (column.default !== undefined && column.default.trim().toUpperCase() === "NULL") return "DEFAULT NULL";
  if (table.tableModel === "primary" && column.nullable) return "NULL";
  return undefined;
}
