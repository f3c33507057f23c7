import { type Catalog, findTable, type Table } from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { type IdentifierLimits, identifierLength } from "../src/dialects/dialect.js";
import { SchematicError } from "../src/errors.js";
import {
  type DefinedName,
  describeName,
  identifierKindOf,
  namesDefinedBy,
  objectOf,
  truncateIdentifier,
} from "../src/lint/defined-names.js";
import { defineRule } from "../src/lint/rule.js";

export interface NamingConventionOptions {
  readonly tables: string | null;
  readonly columns: string | null;
  readonly index: string | null;
  readonly unique: string | null;
  readonly primaryKey: string | null;
  readonly foreignKey: string | null;
  readonly check: string | null;
}

const SNAKE_CASE = "^[a-z][a-z0-9_]*$";
const PLACEHOLDERS = ["table", "columns", "ref_table", "ref_columns", "any"] as const;
const TEMPLATE_PATTERN = `^([^{}]|\\{(${PLACEHOLDERS.join("|")})\\})*$`;

type TemplateOption = "index" | "unique" | "primaryKey" | "foreignKey" | "check";

/** Which template names an object; tables and columns are matched against patterns instead. */
const TEMPLATE_OF: Partial<Record<DefinedName["kind"], TemplateOption>> = {
  index: "index",
  unique_index: "unique",
  unique: "unique",
  primary_key: "primaryKey",
  foreign_key: "foreignKey",
  check: "check",
};

const nullableString = (description: string, pattern: string | undefined, defaultValue: string) => ({
  description,
  default: defaultValue,
  anyOf: [{ type: "string", ...(pattern !== undefined && { pattern }) }, { type: "null" }],
});

/**
 * Names written in a migration that break the team's convention: tables and columns against a pattern
 * (snake_case by default), indexes and constraints against a template built from their table and columns
 * (`idx_{table}_{columns}`). Only names the migration writes are checked: an unnamed constraint gets the
 * database's own name, which is another rule's business.
 */
export default defineRule<NamingConventionOptions>({
  meta: {
    id: "enforce-naming-convention",
    description:
      "Check table and column names against a pattern, and index and constraint names against templates.",
    category: "naming",
    defaultSeverity: "warning",
    presets: ["strict"],
    messages: {
      tableName: "Table {{object}} does not match the table name pattern {{pattern}}: expected {{expected}}.",
      columnName:
        "Column {{object}} does not match the column name pattern {{pattern}}: expected {{expected}}.",
      objectName: "{{what}} does not follow the naming template {{template}}: expected {{expected}}.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        tables: nullableString(
          "Regular expression every new or renamed table name must match; null to not check tables.",
          undefined,
          SNAKE_CASE,
        ),
        columns: nullableString(
          "Regular expression every new or renamed column name must match; null to not check columns.",
          undefined,
          SNAKE_CASE,
        ),
        index: nullableString(
          "Template for index names: {table}, {columns} (joined with _), {any}; null to not check.",
          TEMPLATE_PATTERN,
          "idx_{table}_{columns}",
        ),
        unique: nullableString(
          "Template for unique constraints and unique indexes; null to not check.",
          TEMPLATE_PATTERN,
          "uq_{table}_{columns}",
        ),
        primaryKey: nullableString(
          "Template for primary key constraint names; null to not check.",
          TEMPLATE_PATTERN,
          "pk_{table}",
        ),
        foreignKey: nullableString(
          "Template for foreign key names: also {ref_table} and {ref_columns}; null to not check.",
          TEMPLATE_PATTERN,
          "fk_{table}_{ref_table}",
        ),
        check: nullableString(
          "Template for check constraint names; {any} stands for the part that says what is checked.",
          TEMPLATE_PATTERN,
          "ck_{table}_{any}",
        ),
      },
    },
    defaultOptions: {
      tables: SNAKE_CASE,
      columns: SNAKE_CASE,
      index: "idx_{table}_{columns}",
      unique: "uq_{table}_{columns}",
      primaryKey: "pk_{table}",
      foreignKey: "fk_{table}_{ref_table}",
      check: "ck_{table}_{any}",
    },
  },
  check(context, options) {
    const tables = compilePattern("tables", options.tables);
    const columns = compilePattern("columns", options.columns);
    const limits = context.dialect.capabilities.identifierLimits;
    for (const entry of context.file.changes) {
      for (const named of namesDefinedBy(entry)) {
        const object = objectOf(named);
        const pattern = named.kind === "table" ? tables : named.kind === "column" ? columns : undefined;
        if (pattern) {
          if (pattern.test(named.name)) continue;
          context.report({
            messageId: named.kind === "table" ? "tableName" : "columnName",
            data: { object, pattern: pattern.source, expected: suggestedName(named.name, pattern) },
            span: named.span,
            object,
            help: "Rename it in this migration while nothing reads it yet, or change the pattern under rules: in schematic.yml.",
          });
          continue;
        }
        const option = TEMPLATE_OF[named.kind];
        const template = option === undefined ? null : options[option];
        if (template === null || template === undefined || named.table === undefined) continue;
        const expected = expectedName(template, named, limits);
        if (expected.accepts(named.name)) continue;
        // Two objects the template cannot tell apart (two foreign keys to one table) may add a suffix; a
        // template with an open part already accepts whatever tells them apart.
        const shared =
          !expected.open &&
          sharesExpectedName(context.reviewEnd, entry, named, template, limits, expected.display);
        if (shared && expected.acceptsWithSuffix(named.name)) continue;
        context.report({
          messageId: "objectName",
          data: {
            what: describeName(named),
            template,
            expected: shared ? `${expected.display} (with a _suffix)` : expected.display,
          },
          span: named.span,
          object,
          help: `Name it ${expected.display}, or change the ${option} template under rules: in schematic.yml.`,
        });
      }
    }
  },
});

function compilePattern(option: string, source: string | null): RegExp | undefined {
  if (source === null) return undefined;
  try {
    return new RegExp(source, "u");
  } catch (error) {
    throw new SchematicError(
      "config-invalid",
      `enforce-naming-convention: ${option} is not a valid regular expression: ${(error as Error).message}`,
      { hint: `Fix rules.enforce-naming-convention.${option} in schematic.yml, or set it to null.` },
    );
  }
}

/** `OrderItems` → `order_items`, when that matches the pattern; else a plain description. */
function suggestedName(name: string, pattern: RegExp): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
  return snake !== "" && pattern.test(snake) ? snake : "a name that matches it";
}

/** A piece of the expected name: fixed text, or `undefined` where any text is accepted. */
type Part = string | undefined;

interface ExpectedName {
  /** The expected name, `*` where any text is accepted. */
  readonly display: string;
  /** Some part of it accepts any text. */
  readonly open: boolean;
  accepts(name: string): boolean;
  /** Accepts the expected name followed by `_` and a suffix, for objects the template cannot tell apart. */
  acceptsWithSuffix(name: string): boolean;
}

/**
 * What the template gives for this object. An index expression (`lower(email)`) or an unknown column list
 * leaves `{columns}` open. When the name would be longer than the database allows, any text is accepted for
 * the placeholders, and so is the expected name cut to the limit where the database cuts names (PostgreSQL's
 * parser cuts what was written).
 */
function expectedName(template: string, named: DefinedName, limits: IdentifierLimits): ExpectedName {
  const max = limits.max[identifierKindOf(named.kind)];
  let parts = expand(template, named);
  const full = parts.every((part) => part !== undefined) ? parts.join("") : undefined;
  const tooLong = full !== undefined && identifierLength(limits, full) > max;
  if (tooLong) parts = expand(template, undefined);
  const body = parts.map((part) => (part === undefined ? ".+" : escapeRegExp(part))).join("");
  const exact = new RegExp(`^${body}$`, "iu");
  const withSuffix = new RegExp(`^${body}_.+$`, "iu");
  const cut =
    tooLong && limits.overLimit === "truncate" ? truncateIdentifier(full, max).toLowerCase() : undefined;
  return {
    display: full ?? parts.map((part) => part ?? "*").join(""),
    open: full === undefined || tooLong,
    accepts: (name) => exact.test(name) || name.toLowerCase() === cut,
    acceptsWithSuffix: (name) => withSuffix.test(name),
  };
}

/** The template's parts filled from the object; without an object, every placeholder is left open. */
function expand(template: string, named: DefinedName | undefined): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const placeholder = match[1]!;
    if (!(PLACEHOLDERS as readonly string[]).includes(placeholder)) continue;
    parts.push(template.slice(last, match.index));
    parts.push(...(named ? placeholderParts(placeholder, named) : [undefined]));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts.filter((part) => part !== "");
}

function placeholderParts(placeholder: string, named: DefinedName): Part[] {
  switch (placeholder) {
    case "table":
      return [named.table?.name];
    case "columns":
      return joinedColumns(named.columns);
    case "ref_table":
      return [named.references?.name];
    case "ref_columns":
      return joinedColumns(named.referencedColumns);
    default:
      return [undefined];
  }
}

/** `a_b`; an expression among the columns is left open, and so is a list the statement did not give. */
function joinedColumns(columns: readonly string[] | undefined): Part[] {
  if (columns === undefined || columns.length === 0) return [undefined];
  return columns.flatMap((column, index) => {
    const part = /^[\p{L}_][\p{L}\p{N}_$]*$/u.test(column) ? column : undefined;
    return index === 0 ? [part] : ["_", part];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Another object of the same kind on the same table gets the same expected name (two foreign keys to the same
 * table under `fk_{table}_{ref_table}`): the template cannot tell them apart, so a suffix is accepted.
 */
function sharesExpectedName(
  reviewEnd: Catalog,
  entry: ReplayedChange,
  named: DefinedName,
  template: string,
  limits: IdentifierLimits,
  display: string,
): boolean {
  if (!named.table) return false;
  // The table once the whole change has run, so that the sibling created in a later statement counts too.
  const table = findTable(reviewEnd, named.table) ?? findTable(entry.after, named.table);
  if (!table) return false;
  const siblings = siblingsOf(table, named);
  const same = siblings.filter((sibling) => expectedName(template, sibling, limits).display === display);
  return same.length >= 2;
}

/** The objects of the table named by the same template as `named`, including itself. */
function siblingsOf(table: Table, named: DefinedName): DefinedName[] {
  const base = { table: table.name, span: named.span };
  const template = TEMPLATE_OF[named.kind];
  const fromConstraints: DefinedName[] = table.constraints.flatMap((constraint): DefinedName[] => {
    const kind = constraint.kind;
    if (TEMPLATE_OF[kind] !== template) return [];
    const name = constraint.name ?? "";
    if (kind === "check") return [{ ...base, kind, name }];
    if (kind === "foreign_key") {
      return [
        {
          ...base,
          kind,
          name,
          columns: constraint.columns,
          references: {
            schema: constraint.references.table.schema ?? table.name.schema,
            name: constraint.references.table.name,
          },
          referencedColumns: constraint.references.columns,
        },
      ];
    }
    return [{ ...base, kind, name, columns: constraint.columns }];
  });
  const fromIndexes: DefinedName[] = table.indexes.flatMap((index): DefinedName[] => {
    const kind = index.unique ? "unique_index" : "index";
    if (TEMPLATE_OF[kind] !== template) return [];
    return [{ ...base, kind, name: index.name, columns: index.columns }];
  });
  return [...fromConstraints, ...fromIndexes];
}
