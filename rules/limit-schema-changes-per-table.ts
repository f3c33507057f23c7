import {
  type Catalog,
  findTable,
  type QualifiedName,
  qualify,
  relationKeyIn,
  sameNameInTable,
  type Table,
} from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { byStatement, targetOf } from "../src/lint/helpers.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { Change, ChangeKind } from "../src/sql/changes.js";
import { LineIndex, type Span } from "../src/sql/span.js";

interface Options {
  readonly fastSchemaEvolution: boolean;
}

/**
 * Column, sort-key and bucket changes are asynchronous jobs, and a table takes one at a time: while a
 * job runs, the table is not in its NORMAL state and the next ALTER on it is refused. The clauses of one
 * ALTER TABLE statement run as one job, so several statements on one table in one migration are what
 * this rule counts.
 */
export default defineRule<Options>({
  meta: {
    id: "limit-schema-changes-per-table",
    description: "Warn when one migration starts several asynchronous schema-change jobs on the same table.",
    category: "schema-change",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requires: { asynchronousSchemaChange: true },
    messages: {
      severalJobs:
        "This is schema-change job {{ordinal}} on {{object}} in this migration (the first is on line {{firstLine}}): the database runs them one at a time and refuses a new one while another runs. Schematic's runner serialises them, waiting for each job to finish; other tools fail on this statement.",
    },
    optionsSchema: {
      type: "object",
      properties: {
        fastSchemaEvolution: {
          type: "boolean",
          description:
            "The cluster enables fast schema evolution for every table (FE enable_fast_schema_evolution): adding and dropping value columns then completes at once, without a job.",
          default: false,
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { fastSchemaEvolution: false },
  },
  check(context, options) {
    const jobs = new Map<string, { readonly first: Span; count: number }>();
    // One index of the file's lines, not one per finding: a file of thousands of ALTERs has thousands.
    let lines: LineIndex | undefined;
    const lineOf = (span: Span) => {
      lines ??= new LineIndex(context.file.script.text);
      return lines.position(span.start).line;
    };
    for (const [statement, entries] of byStatement(context.file.changes)) {
      for (const entry of entries) forgetRecreated(entry, jobs);
      for (const [key, { table, entry }] of jobTables(entries, options)) {
        const seen = jobs.get(key);
        if (!seen) {
          jobs.set(key, { first: statement.span, count: 1 });
          continue;
        }
        seen.count += 1;
        const object = formatQualified(table);
        context.report({
          messageId: "severalJobs",
          data: { ordinal: seen.count, object, firstLine: lineOf(seen.first) },
          span: entry.statement.span,
          object,
          help: "Put the column changes (ADD/DROP/MODIFY COLUMN, ORDER BY) for one table into a single ALTER TABLE, which runs as one job, or move the later change to its own migration.",
        });
      }
    }
  },
});

/** Changes that StarRocks runs as a schema-change (or optimize) job rather than at once. */
const JOB_KINDS: ReadonlySet<ChangeKind> = new Set([
  "add_column",
  "drop_column",
  "alter_column_type",
  "set_order_by",
  "set_distribution",
]);

/** The tables this statement starts a job on, keyed by qualified name. */
function jobTables(
  entries: readonly ReplayedChange[],
  options: Options,
): Map<string, { table: QualifiedName; entry: ReplayedChange }> {
  const tables = new Map<string, { table: QualifiedName; entry: ReplayedChange }>();
  for (const entry of entries) {
    const target = targetOf(entry.change);
    if (!target || !JOB_KINDS.has(entry.change.kind)) continue;
    const table = qualify(entry.before, target);
    if (runsAtOnce(entry.before, entry.change, findTable(entry.before, table), options)) continue;
    const key = relationKeyIn(entry.before, table);
    if (!tables.has(key)) tables.set(key, { table, entry });
  }
  return tables;
}

/** With fast schema evolution, adding or dropping a value column only changes metadata. */
function runsAtOnce(catalog: Catalog, change: Change, table: Table | undefined, options: Options): boolean {
  const fast =
    options.fastSchemaEvolution || table?.properties?.fast_schema_evolution?.toLowerCase() === "true";
  if (!fast) return false;
  if (change.kind === "add_column") return !change.column.key;
  if (change.kind === "drop_column") {
    return !(table?.keyColumns ?? []).some((key) => sameNameInTable(catalog, key, change.column));
  }
  return false;
}

/** A table dropped or created again starts with no job. */
function forgetRecreated(entry: ReplayedChange, jobs: Map<string, unknown>): void {
  const { change } = entry;
  if (change.kind !== "create_table" && change.kind !== "drop_table") return;
  const table = qualify(entry.before, change.kind === "create_table" ? change.table.name : change.table);
  jobs.delete(relationKeyIn(entry.before, table));
}
