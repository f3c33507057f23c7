import { qualify } from "../src/catalog/model.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { partitionAddedInReview } from "../src/lint/partitions.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * Dropping a partition of a table that existed before the change under review deletes the partition's
 * rows (MySQL and StarRocks ALTER TABLE … DROP PARTITION). A PostgreSQL partition is a table of its own and
 * keeps its rows when it is detached (a detach_partition change, not a drop); dropping that table is
 * ban-drop-table's business.
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
