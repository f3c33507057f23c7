import {
  type Catalog,
  findTable,
  type QualifiedName,
  qualify,
  relationKeyIn,
  sameNameInTable,
  sameRelation,
  type Table,
} from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import { storedIdentifier } from "../dialects/identifiers.js";
import type { ColumnDef, Partitioning } from "../sql/changes.js";
import type { RuleContext } from "./rule.js";

/**
 * The columns a table is partitioned by: the plain column list, plus the columns an expression partition
 * reads (`date_trunc('day', ts)` → `ts`), found by matching the expression's identifiers against the
 * table's own columns, so that function names and literals never count.
 */
export function partitionColumnNames(
  catalog: Pick<Catalog, "identifiers">,
  partitioning: Partitioning,
  columns: readonly Pick<ColumnDef, "name">[],
): string[] {
  const names = [...partitioning.columns];
  if (partitioning.expression !== undefined) {
    for (const { text, quoted } of identifiersIn(partitioning.expression)) {
      const identifier = storedIdentifier(catalog.identifiers, text, quoted);
      const column = columns.find((c) => sameNameInTable(catalog, c.name, identifier));
      if (column && !names.includes(column.name)) names.push(column.name);
    }
  }
  return names;
}

/**
 * Bare and quoted identifiers of an SQL expression that can name a column: string literals, function
 * names (`year(created)`) and interval units (`interval 7 day`) are skipped.
 */
function identifiersIn(expression: string): { readonly text: string; readonly quoted: boolean }[] {
  const identifiers: { text: string; quoted: boolean }[] = [];
  const withoutIntervals = expression.replace(/\binterval\s+('(?:[^']|'')*'|[\d.]+)\s+[A-Za-z_]+/gi, " ");
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")+)"|`([^`]+)`|([A-Za-z_][A-Za-z0-9_$]*)(\s*\()?/g;
  for (const match of withoutIntervals.matchAll(token)) {
    if (match[4] !== undefined) continue;
    const quoted = match[1]?.replace(/""/g, '"') ?? match[2];
    if (quoted !== undefined) identifiers.push({ text: quoted, quoted: true });
    else if (match[3] !== undefined) identifiers.push({ text: match[3], quoted: false });
  }
  return identifiers;
}

/**
 * The table the entry creates is, by the end of the file, a partition of a partitioned parent: created
 * `PARTITION OF` it (the parser records an ADD PARTITION of the parent in the same statement), or attached
 * to it later in the file (`ALTER TABLE parent ATTACH PARTITION child`, as pg_dump writes it). A partition
 * takes its columns, keys and partitioning from the parent, so table-level requirements are checked on the
 * parent.
 */
export function becomesPartition(file: FileReplay, entry: ReplayedChange): boolean {
  const { change } = entry;
  if (change.kind !== "create_table") return false;
  const created = qualify(entry.before, change.table.name);
  const attached = partitionsAttachedIn(file);
  const lastAttached = attached.lastIndexByName.get(relationKeyIn(entry.before, created));
  return lastAttached !== undefined && lastAttached >= (attached.indexOf.get(entry) ?? 0);
}

interface AttachedPartitions {
  /** Each partition an ADD/ATTACH PARTITION names (schema and name) -> the last change index doing so. */
  readonly lastIndexByName: ReadonlyMap<string, number>;
  readonly indexOf: ReadonlyMap<ReplayedChange, number>;
}

/** Per file, computed once: rules ask for each table a file creates, and a baseline creates thousands. */
const attachedByFile = new WeakMap<FileReplay, AttachedPartitions>();

function partitionsAttachedIn(file: FileReplay): AttachedPartitions {
  const known = attachedByFile.get(file);
  if (known) return known;
  const lastIndexByName = new Map<string, number>();
  const indexOf = new Map<ReplayedChange, number>();
  file.changes.forEach((entry, index) => {
    indexOf.set(entry, index);
    const { change: other, before } = entry;
    if (other.kind !== "add_partition") return;
    // The partition is named as the statement wrote it: `events_2024` or `raw.events_2024`.
    const dot = other.partition.lastIndexOf(".");
    const partition =
      dot < 0
        ? qualify(before, { name: other.partition })
        : { schema: other.partition.slice(0, dot), name: other.partition.slice(dot + 1) };
    lastIndexByName.set(relationKeyIn(before, partition), index);
  });
  const attached = { lastIndexByName, indexOf };
  attachedByFile.set(file, attached);
  return attached;
}

/**
 * The partition was added by a statement under review (earlier in this file, or by an earlier pending file):
 * it holds only rows written by the review itself.
 */
export function partitionAddedInReview(
  context: RuleContext,
  entry: ReplayedChange,
  table: QualifiedName,
  partition: string,
): boolean {
  const changes = context.file.changes;
  for (let index = changes.indexOf(entry) - 1; index >= 0; index--) {
    const { change, before } = changes[index]!;
    if (change.kind !== "add_partition" || !sameNameInTable(before, change.partition, partition)) continue;
    if (sameRelation(before, change.table, table)) return true;
  }
  const { baseline } = context;
  const atFileStart = context.file.before;
  const has = (catalog: Catalog, known: Table | undefined) =>
    (known?.partitions ?? []).some((name) => sameNameInTable(catalog, name, partition));
  const inBaseline = findTable(baseline, table);
  return (
    inBaseline !== undefined && !has(baseline, inBaseline) && has(atFileStart, findTable(atFileStart, table))
  );
}
