import { qualify } from "../catalog/model.js";
import type { ReplayedChange } from "../catalog/replay.js";
import type { ColumnDef, Partitioning } from "../sql/changes.js";

/**
 * The columns a table is partitioned by: the plain column list, plus the columns an expression partition
 * reads (`date_trunc('day', ts)` → `ts`), found by matching the expression's identifiers against the
 * table's own columns, so that function names and literals never count.
 */
export function partitionColumnNames(
  partitioning: Partitioning,
  columns: readonly Pick<ColumnDef, "name">[],
): string[] {
  const names = [...partitioning.columns];
  if (partitioning.expression !== undefined) {
    for (const identifier of identifiersIn(partitioning.expression)) {
      const column = columns.find((c) => c.name.toLowerCase() === identifier.toLowerCase());
      if (column && !names.includes(column.name)) names.push(column.name);
    }
  }
  return names;
}

/** Bare and quoted identifiers of an SQL expression; string literals are skipped. */
function identifiersIn(expression: string): string[] {
  const identifiers: string[] = [];
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")+)"|`([^`]+)`|([A-Za-z_][A-Za-z0-9_$]*)/g;
  for (const match of expression.matchAll(token)) {
    const name = match[1]?.replace(/""/g, '"') ?? match[2] ?? match[3];
    if (name !== undefined) identifiers.push(name);
  }
  return identifiers;
}

/**
 * The CREATE TABLE makes a partition of a partitioned parent (PostgreSQL `PARTITION OF`): the parser
 * records it as an ADD PARTITION of the parent in the same statement. Such a table takes its columns,
 * keys and partitioning from the parent, so table-level requirements are checked on the parent.
 */
export function createsPartitionOfParent(entry: ReplayedChange): boolean {
  const { change } = entry;
  if (change.kind !== "create_table" || !change.table.copiesColumnsFrom?.length) return false;
  const created = qualify(entry.before, change.table.name);
  // The partition is named as the statement wrote it: `events_2024` or `raw.events_2024`.
  const spellings = [created.name, `${created.schema}.${created.name}`];
  const parents = change.table.copiesColumnsFrom.map((parent) => qualify(entry.before, parent));
  return entry.statement.changes.some((other) => {
    if (other.kind !== "add_partition" || !spellings.includes(other.partition)) return false;
    const parent = qualify(entry.before, other.table);
    return parents.some((p) => p.schema === parent.schema && p.name === parent.name);
  });
}
