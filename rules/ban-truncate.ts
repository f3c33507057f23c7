import { qualify } from "../src/catalog/model.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { partitionAddedInReview } from "../src/lint/partitions.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * TRUNCATE of a table that existed before the change under review: every row goes, without the
 * per-row triggers and logging a DELETE would leave; and so do the rows of a partition it truncates
 * (MySQL ALTER TABLE … TRUNCATE PARTITION, StarRocks TRUNCATE TABLE … PARTITION). DELETE without WHERE is
 * not reported: the parser does not say whether a DELETE has a WHERE, and data migrations that empty a
 * table on purpose use it.
 */
export default defineRule({
  meta: {
    id: "ban-truncate",
    description:
      "Refuse TRUNCATE on tables (and partitions) that already exist: every row is deleted for good.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      truncate:
        "Truncating table {{object}} deletes every row in it; the rows cannot be recovered without a backup.",
      truncatePartition:
        "Truncating partition {{partition}} of {{object}} deletes every row in it; the rows cannot be recovered without a backup.",
      truncateAllPartitions:
        "Truncating every partition of {{object}} deletes every row of the table; the rows cannot be recovered without a backup.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "truncate_table" && change.kind !== "truncate_partition") continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const object = formatQualified(table);
      const { partition } = change.kind === "truncate_partition" ? change : { partition: undefined };
      if (partition !== undefined && partitionAddedInReview(context, entry, table, partition)) continue;
      context.report({
        messageId:
          change.kind === "truncate_table"
            ? "truncate"
            : partition === undefined
              ? "truncateAllPartitions"
              : "truncatePartition",
        data: { object, ...(partition !== undefined && { partition }) },
        span: change.span,
        object,
        help: 'Delete only the rows that must go (DELETE … WHERE …), copy them elsewhere first if they may be needed, or acknowledge an intended reset: -- schematic-ignore ban-truncate reason="…"',
      });
    }
  },
});
