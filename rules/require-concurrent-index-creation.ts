import { findIndexOwner, findTable, qualify } from "../src/catalog/model.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { changesOfKind, defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * CREATE INDEX without CONCURRENTLY holds a SHARE lock on the table for the whole build: reads go on,
 * every INSERT, UPDATE and DELETE waits. On a table created in the same change there is nothing to wait.
 */
export default defineRule({
  meta: {
    id: "require-concurrent-index-creation",
    description:
      "Build indexes on existing tables with CREATE INDEX CONCURRENTLY, so that writes do not wait.",
    category: "locks",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { concurrentIndexes: true },
    messages: {
      blocksWrites:
        "Index {{index}} is built on existing table {{table}} without CONCURRENTLY: inserts, updates and deletes on the table wait until the build finishes.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of changesOfKind(context.file, "create_index")) {
      const { index } = entry.change;
      if (index.concurrently) continue;
      const table = qualify(entry.before, index.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const existing = findTable(entry.before, table);
      // IF NOT EXISTS on an index that is already there builds nothing.
      if (entry.change.ifNotExists && index.name && findIndexOwner(entry.before, index.name, { table }))
        continue;
      // A partitioned parent cannot be indexed CONCURRENTLY at all, and CREATE INDEX ... ON ONLY (the cheap
      // first step of the per-partition recipe) cannot be told apart from a full build yet.
      if (existing?.partitioning) continue;
      const object = formatQualified(table);
      context.report({
        messageId: "blocksWrites",
        data: { index: index.name ?? `(${index.columns.join(", ")})`, table: object },
        span: entry.change.span,
        object,
        help: "Use CREATE INDEX CONCURRENTLY, alone in a migration that runs outside a transaction. It takes longer, and a failed build leaves an INVALID index to drop before retrying.",
      });
    }
  },
});
