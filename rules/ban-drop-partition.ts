import {
  type Catalog,
  findTable,
  type QualifiedName,
  qualify,
  sameNameInTable,
  sameRelation,
  type Table,
} from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";

/**
 * Dropping a partition of a table that existed before the change under review deletes the partition's
 * rows (MySQL and StarRocks ALTER TABLE … DROP PARTITION). A partition that is a table of its own
 * (PostgreSQL) keeps its rows when it is detached; dropping that table is ban-drop-table's business.
 */
export default defineRule({
  meta: {
    id: "ban-drop-partition",
    description: "Refuse dropping partitions of tables that already exist: the partition's rows are deleted.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      dropPartition:
        "Dropping partition {{partition}} of {{object}} deletes every row in it; the rows cannot be recovered without a backup.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "drop_partition") continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      if (partitionIsTable(entry, table, change.partition)) continue;
      if (partitionAddedInReview(context, entry, table, change.partition)) continue;
      const object = formatQualified(table);
      context.report({
        messageId: "dropPartition",
        data: { object, partition: change.partition },
        span: change.span,
        object,
        help: 'Copy the partition\'s rows elsewhere first if they may be needed (or let a retention policy such as partition_ttl expire it), and acknowledge an intended drop: -- schematic-ignore ban-drop-partition reason="…"',
      });
    }
  },
});

/**
 * The partition is a table of its own (PostgreSQL declarative partitioning): DETACH PARTITION leaves it
 * standing with its rows.
 */
function partitionIsTable(entry: ReplayedChange, parent: QualifiedName, partition: string): boolean {
  const dot = partition.indexOf(".");
  const candidates: QualifiedName[] = [{ schema: parent.schema, name: partition }];
  if (dot > 0) candidates.push({ schema: partition.slice(0, dot), name: partition.slice(dot + 1) });
  return candidates.some((name) => findTable(entry.before, name) !== undefined);
}

/** Added by a statement under review: it holds only rows written by the review itself. */
function partitionAddedInReview(
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
