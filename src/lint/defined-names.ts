import {
  type Catalog,
  findIndexOwner,
  findRelation,
  findTable,
  indexesOf,
  type QualifiedName,
  qualify,
  sameNameInTable,
} from "../catalog/model.js";
import type { ReplayedChange } from "../catalog/replay.js";
import type { IdentifierKind } from "../dialects/dialect.js";
import type { Constraint } from "../sql/changes.js";
import type { Span } from "../sql/span.js";
import { formatQualified } from "./rule.js";

/** What a name names, for the naming rules. Constraints keep their kind; an index its uniqueness. */
export type NamedObjectKind =
  | "schema"
  | "table"
  | "view"
  | "column"
  | "index"
  | "unique_index"
  | "primary_key"
  | "unique"
  | "foreign_key"
  | "check"
  /** A constraint renamed into a name whose kind the catalog does not know. */
  | "constraint";

/** A name that a change gives to an object, as the migration wrote it (after the dialect's case folding). */
export interface DefinedName {
  readonly kind: NamedObjectKind;
  readonly name: string;
  /** The table (or view) the object is or belongs to; absent for a schema. */
  readonly table?: QualifiedName;
  /** Indexed or constrained columns; index expressions as SQL text. Empty when the statement does not say. */
  readonly columns?: readonly string[];
  /** The table a foreign key references. */
  readonly references?: QualifiedName;
  readonly referencedColumns?: readonly string[];
  /** The most specific place the name is written, as far as the change tells. */
  readonly span: Span;
}

const KIND_LABELS: Readonly<Record<NamedObjectKind, string>> = {
  schema: "Schema",
  table: "Table",
  view: "View",
  column: "Column",
  index: "Index",
  unique_index: "Unique index",
  primary_key: "Primary key",
  unique: "Unique constraint",
  foreign_key: "Foreign key",
  check: "Check constraint",
  constraint: "Constraint",
};

/** Which of the database's identifier limits applies to a name of this kind. */
export function identifierKindOf(kind: NamedObjectKind): IdentifierKind {
  switch (kind) {
    case "schema":
    case "table":
    case "view":
    case "column":
    case "index":
      return kind;
    case "unique_index":
      return "index";
    default:
      return "constraint";
  }
}

/** "Unique index", "Foreign key", … for the start of a message. */
export function kindLabel(kind: NamedObjectKind): string {
  return KIND_LABELS[kind];
}

/** "Column raw.trades.order", "Index idx_x on raw.trades", "Schema raw": the start of a message. */
export function describeName(named: DefinedName): string {
  const label = kindLabel(named.kind);
  if (named.table === undefined) return `${label} ${named.name}`;
  switch (named.kind) {
    case "column":
      return `${label} ${formatQualified(named.table, named.name)}`;
    case "table":
    case "view":
      return `${label} ${formatQualified(named.table)}`;
    default:
      return `${label} ${named.name} on ${formatQualified(named.table)}`;
  }
}

/** The `object` of a report: `schema.table.column` for a column, `schema.table` for what belongs to a table. */
export function objectOf(named: DefinedName): string {
  if (named.table === undefined) return named.name;
  return named.kind === "column" ? formatQualified(named.table, named.name) : formatQualified(named.table);
}

/**
 * Every name a change gives: created tables, views, columns and schemas, named constraints and indexes, and
 * the new name of a rename. Names the database makes up (an unnamed constraint) are not included.
 */
export function namesDefinedBy(entry: ReplayedChange): DefinedName[] {
  const { change, before, after } = entry;
  switch (change.kind) {
    case "create_schema":
      return [{ kind: "schema", name: change.schema, span: change.span }];
    case "rename_schema":
      return [{ kind: "schema", name: change.to, span: change.span }];
    case "create_table": {
      const table = qualify(before, change.table.name);
      return [
        { kind: "table", name: table.name, table, span: change.span },
        ...change.table.columns.map(
          (column): DefinedName => ({
            kind: "column",
            name: column.name,
            table,
            span: column.span ?? change.span,
          }),
        ),
        ...change.table.constraints.flatMap((constraint) =>
          namedConstraint(before, table, constraint, change.span),
        ),
      ];
    }
    case "add_column": {
      const table = qualify(before, change.table);
      return [{ kind: "column", name: change.column.name, table, span: change.column.span ?? change.span }];
    }
    case "rename_column":
      return [{ kind: "column", name: change.to, table: qualify(before, change.table), span: change.span }];
    case "create_view": {
      const view = qualify(before, change.view.name);
      return [{ kind: "view", name: view.name, table: view, span: change.span }];
    }
    case "rename_table":
    case "rename_view": {
      const from = qualify(before, change.kind === "rename_table" ? change.table : change.view);
      const to = { schema: change.to.schema ?? from.schema, name: change.to.name };
      const kind = findRelation(after, to)?.kind === "view" ? "view" : "table";
      return [{ kind, name: to.name, table: to, span: change.span }];
    }
    case "add_constraint":
      return namedConstraint(before, qualify(before, change.table), change.constraint, change.span);
    case "rename_constraint": {
      const table = qualify(before, change.table);
      const renamed = findTable(after, table)?.constraints.find(
        (constraint) => constraint.name !== undefined && sameNameInTable(after, constraint.name, change.to),
      );
      if (renamed) return namedConstraint(before, table, renamed, change.span);
      return [{ kind: "constraint", name: change.to, table, span: change.span }];
    }
    case "create_index": {
      const { index } = change;
      if (index.name === undefined || namedAfterFirstColumn(before, index.name, index.columns)) return [];
      return [
        {
          kind: index.unique ? "unique_index" : "index",
          name: index.name,
          table: qualify(before, index.table),
          columns: index.columns,
          span: change.span,
        },
      ];
    }
    case "rename_index": {
      const owner = findIndexOwner(after, change.to, change);
      const index = owner && indexesOf(owner).find((known) => sameNameInTable(after, known.name, change.to));
      if (!owner || !index) return [];
      return [
        {
          kind: index.unique ? "unique_index" : "index",
          name: change.to,
          table: owner.name,
          columns: index.columns,
          span: change.span,
        },
      ];
    }
    default:
      return [];
  }
}

function namedConstraint(
  catalog: Catalog,
  table: QualifiedName,
  constraint: Constraint,
  span: Span,
): DefinedName[] {
  if (constraint.name === undefined) return [];
  const base = { kind: constraint.kind, name: constraint.name, table, span };
  switch (constraint.kind) {
    case "check":
      return [base];
    case "foreign_key":
      return [
        {
          ...base,
          columns: constraint.columns,
          references: qualify(catalog, constraint.references.table),
          referencedColumns: constraint.references.columns,
        },
      ];
    default:
      return [{ ...base, columns: constraint.columns }];
  }
}

/**
 * MySQL names an unnamed index after its first column (`email`, then `email_2`, …), and its parser reports
 * that name as if it were written. An index named so is treated as unnamed: the rules check only names a
 * person chose.
 */
function namedAfterFirstColumn(catalog: Catalog, name: string, columns: readonly string[]): boolean {
  const first = columns[0];
  if (first === undefined) return false;
  const suffix = name.slice(first.length);
  return (
    sameNameInTable(catalog, name.slice(0, first.length), first) && (suffix === "" || /^_\d+$/.test(suffix))
  );
}

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, "utf8");
}

/** The longest prefix of at most `max` UTF-8 bytes that does not split a character (PostgreSQL's pg_mbcliplen). */
export function truncateIdentifier(name: string, max: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of name) {
    const size = identifierBytes(character);
    if (bytes + size > max) break;
    bytes += size;
    end += character.length;
  }
  return name.slice(0, end);
}
