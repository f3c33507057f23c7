import { type Column, findColumn } from "../src/catalog/model.js";
import { SchematicError } from "../src/errors.js";
import { tablesCreatedIn } from "../src/lint/created-tables.js";
import { joinList } from "../src/lint/helpers.js";
import { becomesPartition, partitionColumnNames } from "../src/lint/partitions.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import { firstMatchingPattern } from "../src/lint/table-patterns.js";
import type { TypeFamily } from "../src/sql/data-type.js";
import { TYPE_FAMILIES } from "../src/sql/data-type.js";

export interface RequirePartitioningOptions {
  readonly tables: readonly string[];
  /** A regular expression the partition column's name must match; empty: any name. */
  readonly column: string;
  /** The type families the partition column may have; empty: any type. */
  readonly columnTypes: readonly TypeFamily[];
}

const TEMPORAL: readonly TypeFamily[] = ["date", "timestamp", "timestamptz"];

/**
 * Large append-mostly tables (events, raw loads, facts) are partitioned by time so that old data can be
 * dropped a partition at a time and queries prune by date. The rule holds the tables a team names to that.
 */
export default defineRule<RequirePartitioningOptions>({
  meta: {
    id: "require-partitioning",
    description: "Require tables matching a pattern to be partitioned, by a date/time column by default.",
    category: "partitions",
    defaultSeverity: "warning",
    presets: ["strict"],
    messages: {
      notPartitioned: "Table {{object}} is not partitioned, but tables matching {{pattern}} must be.",
      wrongColumn:
        "Table {{object}} is partitioned by {{columns}}, but tables matching {{pattern}} must be partitioned by {{requirement}}.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        tables: {
          type: "array",
          description:
            "Globs over schema.table (case-insensitive) of the tables that must be partitioned. Empty: the rule says nothing.",
          items: { type: "string", minLength: 1 },
          default: [],
        },
        column: {
          type: "string",
          description:
            "A regular expression (case-insensitive) that the name of a partition column must match. Empty: any name.",
          default: "",
        },
        columnTypes: {
          type: "array",
          description:
            "Type families a partition column may have (date, timestamp, timestamptz, integer, ...). Empty: any type.",
          items: { type: "string", enum: TYPE_FAMILIES },
          default: TEMPORAL,
        },
      },
    },
    defaultOptions: { tables: [], column: "", columnTypes: TEMPORAL },
  },
  check(context, options) {
    if (options.tables.length === 0) return;
    const namePattern = compileColumnPattern(options.column);
    for (const created of tablesCreatedIn(context.file)) {
      const table = created.final;
      if (!table || becomesPartition(context.file, created.entry)) continue;
      const pattern = firstMatchingPattern(options.tables, created.name);
      if (pattern === undefined) continue;
      const object = formatQualified(created.name);
      if (!table.partitioning) {
        context.report({
          messageId: "notPartitioned",
          data: { object, pattern },
          span: created.entry.change.span,
          object,
          help: "Partition it by its event or load time (PARTITION BY RANGE), or narrow the rule's `tables` so that they do not match it.",
        });
        continue;
      }
      const { after } = context.file;
      const columns = partitionColumnNames(after, table.partitioning, table.columns);
      // An expression over columns the history does not know: nothing to judge.
      if (columns.length === 0) continue;
      const verdicts = columns.map((name) =>
        fitsRequirement(findColumn(after, table, name), name, namePattern, options.columnTypes),
      );
      if (verdicts.some((verdict) => verdict !== "no")) continue;
      context.report({
        messageId: "wrongColumn",
        data: {
          object,
          pattern,
          columns: joinList(columns),
          requirement: describeRequirement(options),
        },
        span: created.entry.change.span,
        object,
      });
    }
  },
});

function compileColumnPattern(source: string): RegExp | undefined {
  if (source === "") return undefined;
  try {
    return new RegExp(source, "i");
  } catch (error) {
    throw new SchematicError(
      "config-invalid",
      `require-partitioning: column is not a valid regular expression: ${(error as Error).message}`,
      { hint: 'Fix rules.require-partitioning.column in schematic.yml, or set it to "".' },
    );
  }
}

/** "unknown" when the column's type is not known (declared outside the history): never a finding. */
function fitsRequirement(
  column: Column | undefined,
  name: string,
  namePattern: RegExp | undefined,
  families: readonly TypeFamily[],
): "yes" | "no" | "unknown" {
  if (namePattern && !namePattern.test(name)) return "no";
  if (families.length === 0) return "yes";
  if (!column || column.type.name === "unknown") return "unknown";
  return families.includes(column.type.family) ? "yes" : "no";
}

function describeRequirement(options: RequirePartitioningOptions): string {
  const types =
    options.columnTypes.length === 0
      ? "a column"
      : `a ${joinList(options.columnTypes).replace(/ and /, " or ")} column`;
  return options.column === "" ? types : `${types} named like /${options.column}/`;
}
