import {
  type Catalog,
  findTable,
  isStale,
  nameKeyInTable,
  qualify,
  sameRelation,
  type Table,
} from "../src/catalog/model.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { Constraint } from "../src/sql/changes.js";

type ForeignKey = Extract<Constraint, { kind: "foreign_key" }>;

/**
 * A foreign key whose columns lead no index of their table. The database checks the key on the referenced
 * side too: deleting or re-keying a referenced row looks up the referencing rows, and without an index that
 * is a scan of the whole referencing table, under lock, for every row deleted. PostgreSQL does not create the
 * index (InnoDB does; StarRocks foreign keys are not enforced), so the rule runs only where the database
 * enforces foreign keys without indexing them.
 */
export default defineRule({
  meta: {
    id: "require-fk-index",
    description:
      "Require an index that leads with a foreign key's columns, where the database does not create one.",
    category: "constraints",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { enforcesForeignKeys: true, indexesForeignKeys: false },
    messages: {
      unindexedForeignKey:
        "Foreign key {{key}} has no index that leads with its columns: every delete or key update in {{referenced}} scans {{object}}.",
    },
    defaultOptions: {},
  },
  check(context) {
    // The catalog once the whole change under review has run: an index created later in this file, or in
    // a later file of the pending set, counts.
    const end = context.reviewEnd;
    for (const entry of context.file.changes) {
      const { change } = entry;
      const added =
        change.kind === "create_table"
          ? { table: change.table.name, constraints: change.table.constraints }
          : change.kind === "add_constraint"
            ? { table: change.table, constraints: [change.constraint] }
            : undefined;
      if (!added) continue;
      const name = qualify(entry.before, added.table);
      const table = findTable(end, name);
      if (!table || isStale(end, name)) continue;
      for (const constraint of added.constraints) {
        if (constraint.kind !== "foreign_key" || constraint.informational) continue;
        if (constraint.columns.length === 0 || !stillDefined(end, table, constraint)) continue;
        if (isCovered(end, table, constraint.columns)) continue;
        const object = formatQualified(name);
        const columns = constraint.columns.join(", ");
        context.report({
          messageId: "unindexedForeignKey",
          data: {
            key: `${constraint.name === undefined ? "" : `${constraint.name} `}on ${object} (${columns})`,
            object,
            referenced: formatQualified(qualify(entry.before, constraint.references.table)),
          },
          span: change.span,
          object,
          help: `Create an index on ${object} (${columns}) in the same migration (CONCURRENTLY on a table that already has rows).`,
        });
      }
    }
  },
});

/** The change under review did not drop the foreign key again. */
function stillDefined(catalog: Catalog, table: Table, foreignKey: ForeignKey): boolean {
  return table.constraints.some(
    (constraint) =>
      constraint.kind === "foreign_key" &&
      sameColumns(catalog, constraint.columns, foreignKey.columns) &&
      sameRelation(catalog, constraint.references.table, foreignKey.references.table),
  );
}

/**
 * Some index, primary key or unique constraint starts with the key's columns, in any order: the lookup is an
 * equality on each of them, so `(b, a)` serves a key on `(a, b)`. Partial indexes serve only some rows, and
 * GIN/GiST/BRIN indexes do not serve an equality lookup of plain values; neither counts.
 */
function isCovered(catalog: Catalog, table: Table, columns: readonly string[]): boolean {
  const leads = (indexed: readonly string[]) =>
    sameColumns(catalog, indexed.slice(0, columns.length), columns);
  const byIndex = table.indexes.some(
    (index) => index.where === undefined && servesEquality(index.method) && leads(index.columns),
  );
  const byConstraint = table.constraints.some(
    (constraint) =>
      (constraint.kind === "primary_key" || constraint.kind === "unique") && leads(constraint.columns),
  );
  return byIndex || byConstraint;
}

function servesEquality(method: string | undefined): boolean {
  return method === undefined || ["btree", "hash"].includes(method.toLowerCase());
}

/** The same columns, in any order. */
function sameColumns(catalog: Catalog, a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const wanted = new Set(b.map((column) => nameKeyInTable(catalog, column)));
  return a.every((column) => wanted.has(nameKeyInTable(catalog, column)));
}
