import { isStale, type Table } from "../src/catalog/model.js";
import { tablesCreatedIn } from "../src/lint/created-tables.js";
import { becomesPartition } from "../src/lint/partitions.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import { matchesAnyTablePattern } from "../src/lint/table-patterns.js";

export interface RequirePrimaryKeyOptions {
  readonly exceptions: readonly string[];
}

/**
 * Every permanent table gets a primary key: replication, CDC and upsert tooling identify rows by it
 * (MySQL's sql_require_primary_key and group replication refuse tables without one; PostgreSQL logical
 * replication cannot replicate their UPDATEs and DELETEs by default), and duplicates creep in without it.
 */
export default defineRule<RequirePrimaryKeyOptions>({
  meta: {
    id: "require-primary-key",
    description: "Require every table a migration creates to have a primary key.",
    category: "constraints",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      missing: "Table {{object}} is created without a primary key.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        exceptions: {
          type: "array",
          description:
            "Globs over schema.table (case-insensitive) of tables that need no primary key: logs, staging loads.",
          items: { type: "string", minLength: 1 },
          default: [],
        },
      },
    },
    defaultOptions: { exceptions: [] },
  },
  check(context, options) {
    for (const created of tablesCreatedIn(context.file)) {
      const table = created.final;
      if (!table || hasPrimaryKey(table)) continue;
      // PRIMARY KEY and UNIQUE KEY tables replace rows with the same key, AGGREGATE KEY tables merge them.
      // A DUPLICATE KEY table keeps every row by design (its "key" is a sort key): exempt.
      if (table.tableModel !== undefined) continue;
      // Where tables have models, one without is external (ENGINE = FILE, HIVE, ...): its rows live
      // elsewhere and it cannot declare a key.
      if (context.dialect.capabilities.tableModels) continue;
      // PARTITION OF, INHERITS and LIKE take their key (or not) from the other table, which is checked
      // itself; so does a table attached as a partition later in the file.
      if (created.entry.change.table.copiesColumnsFrom?.length) continue;
      if (becomesPartition(context.file, created.entry)) continue;
      // A statement the parser did not understand touched it: it may have added the key.
      if (isStale(context.file.after, created.name)) continue;
      if (matchesAnyTablePattern(options.exceptions, created.name)) continue;
      const object = formatQualified(created.name);
      context.report({
        messageId: "missing",
        data: { object },
        span: created.entry.change.span,
        object,
        help: "Declare a PRIMARY KEY (a surrogate id if nothing natural fits), or list the table in the rule's `exceptions`.",
      });
    }
  },
});

function hasPrimaryKey(table: Table): boolean {
  return table.constraints.some((constraint) => constraint.kind === "primary_key");
}
