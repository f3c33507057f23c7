import {
  findColumn,
  findTable,
  type QualifiedName,
  qualify,
  sameNameInTable,
  sameRelation,
} from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import { fileTransaction, type TransactionLayout, transactionLayout } from "../src/lint/transactions.js";
import type { ChangeOf } from "../src/sql/changes.js";

/**
 * Adding a FOREIGN KEY or CHECK constraint checks every existing row while holding the lock the ALTER took:
 * SHARE ROW EXCLUSIVE on both tables for a foreign key (writes wait), ACCESS EXCLUSIVE for a CHECK (reads
 * wait too). Added NOT VALID, the constraint applies to new rows at once and costs no scan; a later
 * VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on — unless it
 * runs in the same transaction as the NOT VALID, which still holds the strong lock.
 */
export default defineRule({
  meta: {
    id: "require-not-valid-constraints",
    description:
      "Add foreign keys and CHECK constraints to existing tables NOT VALID, and validate them in a later transaction.",
    category: "locks",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { notValidConstraints: true },
    messages: {
      foreignKey:
        "Foreign key {{constraint}} is added to existing table {{table}} without NOT VALID: checking every row holds a lock that blocks writes to {{table}} and {{referenced}} until the scan ends.",
      check:
        "CHECK constraint {{constraint}} is added to existing table {{table}} without NOT VALID: checking every row holds an ACCESS EXCLUSIVE lock that blocks reads and writes until the scan ends.",
      validatedInSameTransaction:
        "Constraint {{constraint}} on {{table}} is validated in the same transaction that added it NOT VALID: the lock the ADD took is still held during the validating scan.",
    },
    defaultOptions: {},
  },
  check(context) {
    const runner = fileTransaction(context.file, context.dialect.capabilities);
    const layout = transactionLayout(context.file, runner !== "not-wrapped");
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "add_constraint" && change.kind !== "validate_constraint") continue;
      if (!relationExistedBefore(context, entry, qualify(entry.before, change.table))) continue;
      if (change.kind === "add_constraint") checkAddedConstraint(context, entry, change);
      else checkValidation(context, layout, entry, change);
    }
  },
});

function checkAddedConstraint(
  context: RuleContext,
  entry: ReplayedChange,
  change: ChangeOf<"add_constraint">,
): void {
  const { constraint } = change;
  if (constraint.kind !== "foreign_key" && constraint.kind !== "check") return;
  if (constraint.notValid || (constraint.kind === "foreign_key" && constraint.informational)) return;
  if (onSkippedColumn(context, entry)) return;
  const table = qualify(entry.before, change.table);
  const object = formatQualified(table);
  const name = constraint.name ?? "(unnamed)";
  if (constraint.kind === "check") {
    context.report({
      messageId: "check",
      data: { constraint: name, table: object },
      span: change.span,
      object,
      help: "ADD CONSTRAINT ... CHECK (...) NOT VALID now, then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration. A constraint written on ADD COLUMN cannot be NOT VALID: add the column, then the constraint.",
    });
    return;
  }
  const referenced = qualify(entry.before, constraint.references.table);
  context.report({
    messageId: "foreignKey",
    data: { constraint: name, table: object, referenced: formatQualified(referenced) },
    span: change.span,
    object,
    help: partitioned(entry, table)
      ? "On a partitioned table PostgreSQL before 18 refuses NOT VALID foreign keys: add the foreign key NOT VALID to each partition and validate it there first; adding it to the parent then reuses them without a scan."
      : "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID now, then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration. A REFERENCES written on ADD COLUMN cannot be NOT VALID: add the column, then the constraint.",
  });
}

/**
 * A constraint written on `ADD COLUMN IF NOT EXISTS` (the two changes share the column's span) is not
 * added when the column is already there.
 */
function onSkippedColumn(context: RuleContext, entry: ReplayedChange): boolean {
  const { span } = entry.change;
  const column = context.file.changes.find(
    (other) =>
      other.statement === entry.statement &&
      other.change.kind === "add_column" &&
      other.change.span.start === span.start &&
      other.change.span.end === span.end,
  );
  if (column?.change.kind !== "add_column" || !column.change.ifNotExists) return false;
  const table = findTable(column.before, column.change.table);
  return table !== undefined && findColumn(column.before, table, column.change.column.name) !== undefined;
}

function partitioned(entry: ReplayedChange, table: QualifiedName): boolean {
  return findTable(entry.before, table)?.partitioning !== undefined;
}

/** VALIDATE CONSTRAINT of a constraint added NOT VALID earlier in the same transaction. */
function checkValidation(
  context: RuleContext,
  layout: TransactionLayout,
  entry: ReplayedChange,
  change: ChangeOf<"validate_constraint">,
): void {
  const table = qualify(entry.before, change.table);
  const transaction = layout.transactionOf(entry.statement);
  if (transaction === undefined) return;
  const added = context.file.changes.some((earlier) => {
    const { change: candidate } = earlier;
    if (candidate.kind !== "add_constraint" || candidate.span.start >= change.span.start) return false;
    const { constraint } = candidate;
    return (
      (constraint.kind === "foreign_key" || constraint.kind === "check") &&
      constraint.notValid === true &&
      constraint.name !== undefined &&
      sameNameInTable(earlier.before, constraint.name, change.name) &&
      sameRelation(earlier.before, candidate.table, table) &&
      layout.transactionOf(earlier.statement) === transaction
    );
  });
  if (!added) return;
  const object = formatQualified(table);
  context.report({
    messageId: "validatedInSameTransaction",
    data: { constraint: change.name, table: object },
    span: change.span,
    object,
    help: "Move VALIDATE CONSTRAINT to a later migration (or after a COMMIT), so that it runs under the weaker lock.",
  });
}
