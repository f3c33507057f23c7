import {
  type Catalog,
  findColumn,
  findTable,
  nameKeyInTable,
  type QualifiedName,
  qualify,
  relationKeyIn,
  sameNameInTable,
} from "../src/catalog/model.js";
import { storedIdentifier } from "../src/dialects/identifiers.js";
import { type CreatedTable, tablesCreatedIn } from "../src/lint/created-tables.js";
import { joinList } from "../src/lint/helpers.js";
import { defineRule, formatQualified, type RuleContext } from "../src/lint/rule.js";
import { matchesAnyTablePattern, matchesTablePattern } from "../src/lint/table-patterns.js";
import type { DataType, TypeFamily } from "../src/sql/data-type.js";
import { TYPE_FAMILIES } from "../src/sql/data-type.js";

/** One team convention: tables matching `tables` carry `columns`, optionally of given type families. */
export interface ColumnRequirement {
  readonly tables: string | readonly string[];
  readonly columns: readonly string[];
  readonly types?: Readonly<Record<string, TypeFamily | readonly TypeFamily[]>>;
}

export interface RequireColumnsOptions {
  readonly requirements: readonly ColumnRequirement[];
}

/** What one table must carry, merged over every requirement whose pattern matches it. */
interface Required {
  readonly columns: readonly string[];
  readonly families: ReadonlyMap<string, readonly TypeFamily[]>;
}

/**
 * Team conventions on columns: audit and lineage columns (`created_at`, `ingested_at`) on the tables that
 * need them. Checked on tables the file creates, as the file leaves them; and on any matching table when a
 * required column is dropped, renamed away, or changed to a type outside its families.
 */
export default defineRule<RequireColumnsOptions>({
  meta: {
    id: "require-columns",
    description: "Require configured columns (and their type families) on tables matching a pattern.",
    category: "constraints",
    defaultSeverity: "error",
    presets: ["strict"],
    messages: {
      missing: "Table {{object}} has no {{columns}}, required on tables matching {{patterns}}.",
      wrongType:
        "Column {{object}} is {{type}}, but tables matching {{patterns}} require it to be {{families}}.",
      removed: "Column {{object}} is {{action}}, but tables matching {{patterns}} require it.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        requirements: {
          type: "array",
          description:
            "Column requirements, each for the tables matching `tables` (globs over schema.table, case-insensitive). Empty: the rule says nothing.",
          default: [],
          items: {
            type: "object",
            additionalProperties: false,
            required: ["tables", "columns"],
            properties: {
              tables: {
                description: "Glob (or list of globs) over schema.table: `raw.*`, `*.fct_*`, `stg_*`.",
                anyOf: [
                  { type: "string", minLength: 1 },
                  { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
                ],
              },
              columns: {
                type: "array",
                description:
                  "Column names every matching table must have, written as unquoted identifiers and compared as the database compares column names.",
                items: { type: "string", minLength: 1 },
                minItems: 1,
              },
              types: {
                type: "object",
                description:
                  "Optional type family (or families) per required column, e.g. { created_at: [timestamp, timestamptz] }.",
                additionalProperties: {
                  anyOf: [
                    { type: "string", enum: TYPE_FAMILIES },
                    { type: "array", items: { type: "string", enum: TYPE_FAMILIES }, minItems: 1 },
                  ],
                },
              },
            },
          },
        },
      },
    },
    defaultOptions: { requirements: [] },
  },
  check(context, options) {
    if (options.requirements.length === 0) return;
    const created = tablesCreatedIn(context.file);
    checkCreatedTables(context, created, options.requirements);
    // On a table the file creates, a dropped or renamed column shows as missing at the end of the file.
    const createdNames = new Set(created.map((table) => relationKeyIn(context.file.before, table.name)));
    checkChangesToRequiredColumns(context, options.requirements, createdNames);
  },
});

function checkCreatedTables(
  context: RuleContext,
  createdTables: readonly CreatedTable[],
  requirements: readonly ColumnRequirement[],
): void {
  for (const created of createdTables) {
    const table = created.final;
    if (!table) continue;
    const catalog = context.file.after;
    const required = requiredFor(catalog, requirements, created.name);
    if (required.columns.length === 0) continue;
    const patterns = patternsFor(requirements, created.name);
    const missing = required.columns.filter((name) => !findColumn(catalog, table, name));
    // A table whose columns are unknown (CREATE TABLE AS, LIKE an unknown table) may well have them.
    if (missing.length > 0 && !table.columnsUnknown) {
      const object = formatQualified(created.name);
      context.report({
        messageId: "missing",
        data: { object, columns: joinList(missing), patterns },
        span: created.entry.change.span,
        object,
        help: 'Add the columns to the CREATE TABLE, or silence it with a reason: -- schematic-ignore require-columns reason="…"',
      });
    }
    for (const name of required.columns) {
      const column = findColumn(catalog, table, name);
      const families = required.families.get(nameKeyInTable(catalog, name));
      if (!column || !families || isUnknown(column.type) || families.includes(column.type.family)) continue;
      const object = formatQualified(created.name, column.name);
      context.report({
        messageId: "wrongType",
        data: { object, type: column.type.raw, families: oneOf(families), patterns },
        span: column.span ?? created.entry.change.span,
        object,
      });
    }
  }
}

/** DROP COLUMN, RENAME COLUMN and type changes on a required column of any matching table. */
function checkChangesToRequiredColumns(
  context: RuleContext,
  requirements: readonly ColumnRequirement[],
  createdNames: ReadonlySet<string>,
): void {
  for (const entry of context.file.changes) {
    const { change } = entry;
    if (
      change.kind !== "drop_column" &&
      change.kind !== "rename_column" &&
      change.kind !== "alter_column_type"
    )
      continue;
    const catalog = entry.before;
    const table = qualify(catalog, change.table);
    if (createdNames.has(relationKeyIn(catalog, table))) continue;
    const required = requiredFor(catalog, requirements, table);
    const columnName = change.kind === "rename_column" ? change.from : change.column;
    if (!required.columns.some((name) => sameNameInTable(catalog, name, columnName))) continue;
    const patterns = patternsFor(requirements, table);
    const object = formatQualified(table, columnName);
    if (change.kind === "alter_column_type") {
      const families = required.families.get(nameKeyInTable(catalog, columnName));
      if (!families || families.includes(change.type.family)) continue;
      context.report({
        messageId: "wrongType",
        data: { object, type: change.type.raw, families: oneOf(families), patterns },
        span: change.span,
        object,
      });
      continue;
    }
    // Renaming between spellings of the same name (MySQL: created_at -> CREATED_AT) keeps the column.
    if (change.kind === "rename_column" && sameNameInTable(catalog, change.from, change.to)) continue;
    if (change.kind === "drop_column" && change.ifExists && !columnExists(catalog, table, columnName))
      continue;
    context.report({
      messageId: "removed",
      data: {
        object,
        action: change.kind === "drop_column" ? "dropped" : `renamed to ${change.to}`,
        patterns,
      },
      span: change.span,
      object,
    });
  }
}

/**
 * The columns the requirements matching the table ask for, as the database stores names written without
 * quotes (PostgreSQL folds them), with the type families allowed for each, by column key.
 */
function requiredFor(
  catalog: Catalog,
  requirements: readonly ColumnRequirement[],
  table: QualifiedName,
): Required {
  const stored = (name: string) => storedIdentifier(catalog.identifiers, name, false);
  const columns: string[] = [];
  const families = new Map<string, TypeFamily[]>();
  for (const requirement of requirements) {
    if (!matchesAnyTablePattern(patternList(requirement), table)) continue;
    for (const name of requirement.columns.map(stored)) {
      if (!columns.some((known) => sameNameInTable(catalog, known, name))) columns.push(name);
    }
    for (const [name, allowed] of Object.entries(requirement.types ?? {})) {
      const list = typeof allowed === "string" ? [allowed] : [...allowed];
      const key = nameKeyInTable(catalog, stored(name));
      // Two requirements on one column: the type must satisfy both.
      const previous = families.get(key);
      families.set(key, previous ? previous.filter((family) => list.includes(family)) : list);
    }
  }
  return { columns, families };
}

function patternsFor(requirements: readonly ColumnRequirement[], table: QualifiedName): string {
  const matching = requirements.flatMap(patternList).filter((pattern) => matchesTablePattern(pattern, table));
  return joinList([...new Set(matching)]);
}

function patternList(requirement: ColumnRequirement): readonly string[] {
  return typeof requirement.tables === "string" ? [requirement.tables] : requirement.tables;
}

function columnExists(catalog: Catalog, table: QualifiedName, name: string): boolean {
  const found = findTable(catalog, table);
  return (
    found === undefined || found.columnsUnknown === true || findColumn(catalog, found, name) !== undefined
  );
}

/** A column the history mentions but never declared (its type is unknown). */
function isUnknown(type: DataType): boolean {
  return type.name === "unknown";
}

/** "date", "date or timestamp", "date, timestamp or timestamptz" */
function oneOf(items: readonly string[]): string {
  return joinList(items).replace(/ and (?!.* and )/, " or ");
}
