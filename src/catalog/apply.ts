import { nameKey } from "../dialects/identifiers.js";
import type { Change, ChangeOf, Constraint, IndexDef, RelationName } from "../sql/changes.js";
import type { Span } from "../sql/span.js";
import {
  type Catalog,
  type Column,
  DEFAULT_MAX_COLUMNS_PER_TABLE,
  findColumn,
  findIndexOwner,
  findRelation,
  findSchema,
  formatName,
  type Index,
  indexesOf,
  nameKeyInTable,
  type QualifiedName,
  qualify,
  type Relation,
  relationKeyIn,
  type Schema,
  type StaleMark,
  sameNameInTable,
  schemaKeyIn,
  type Table,
} from "./model.js";
import { PersistentMap, PersistentSet } from "./persistent-map.js";

/** Something replay noticed that the migration author may want to know; never fatal. */
export interface ReplayNote {
  readonly kind:
    | "unknown-relation"
    | "unknown-column"
    | "already-exists"
    | "wrong-kind"
    | "unknown-index"
    | "too-many-columns"
    | "too-many-indexes";
  readonly message: string;
  readonly span: Span;
  readonly object: string;
}

export interface ApplyResult {
  readonly catalog: Catalog;
  readonly notes: readonly ReplayNote[];
}

export interface ApplyContext {
  readonly file: string;
}

/** Applies one change to a catalog and returns the new catalog; the input is never modified. */
export function applyChange(catalog: Catalog, change: Change, context: ApplyContext): ApplyResult {
  const applier = APPLIERS[change.kind] as (c: Catalog, ch: Change, ctx: ApplyContext) => ApplyResult;
  return applier(catalog, change, context);
}

// ---------------------------------------------------------------------------------------------
// Structural helpers: copy-on-write along the path that changes.

const unchanged = (catalog: Catalog): ApplyResult => ({ catalog, notes: [] });

function withSchema(catalog: Catalog, schema: Schema): Catalog {
  const schemas = new Map(catalog.schemas);
  schemas.set(schemaKeyIn(catalog, schema.name), schema);
  return { ...catalog, schemas };
}

function ensureSchema(catalog: Catalog, name: string): Schema {
  return findSchema(catalog, name) ?? { name, relations: PersistentMap.empty() };
}

/** The key of a relation within its schema's map. */
function nameInSchema(catalog: Catalog, name: QualifiedName): string {
  return nameKey(catalog.identifiers.relations, name.name);
}

function putRelation(catalog: Catalog, relation: Relation): Catalog {
  const schema = ensureSchema(catalog, relation.name.schema);
  // Persistent maps and sets: a copy per change would make a long history quadratic (see PersistentMap).
  const relations = PersistentMap.of(schema.relations).set(nameInSchema(catalog, relation.name), relation);
  const key = relationKeyIn(catalog, relation.name);
  const updated = withSchema(catalog, { ...schema, relations });
  if (!catalog.removed?.has(key)) return updated;
  return { ...updated, removed: PersistentSet.of(catalog.removed).delete(key) };
}

function removeRelation(catalog: Catalog, name: QualifiedName): Catalog {
  const schema = findSchema(catalog, name.schema);
  const key = nameInSchema(catalog, name);
  if (!schema?.relations.has(key)) return catalog;
  const relations = PersistentMap.of(schema.relations).delete(key);
  return {
    ...withSchema(catalog, { ...schema, relations }),
    removed: PersistentSet.of(catalog.removed).add(relationKeyIn(catalog, name)),
  };
}

function note(kind: ReplayNote["kind"], message: string, span: Span, object: string): ReplayNote {
  return { kind, message, span, object };
}

/**
 * Indexes one table keeps in the catalog (MySQL allows 64, PostgreSQL has no fixed limit): each CREATE
 * INDEX copies the table's list, so thousands of them on one table would make replay quadratic.
 */
const MAX_INDEXES_PER_TABLE = 1_000;

/**
 * Columns one table keeps in the catalog whatever the database allows: every ADD COLUMN copies the
 * list (each version is kept for the rules), so StarRocks' 10,000 would cost 50 million copies and a
 * gigabyte on a file of 10,000 ADD COLUMNs. No real table comes near it.
 */
const MAX_FOLLOWED_COLUMNS = 4_096;

function maxColumns(catalog: Catalog): number {
  return Math.min(catalog.maxColumnsPerTable ?? DEFAULT_MAX_COLUMNS_PER_TABLE, MAX_FOLLOWED_COLUMNS);
}

/**
 * Past the database's own limit, replay keeps the table as it is: the database would refuse the
 * statement, and copying ever longer column lists for every ADD COLUMN would make replay quadratic.
 */
function tooManyColumns(name: QualifiedName, count: number, catalog: Catalog, span: Span): ReplayNote {
  const limit = maxColumns(catalog);
  const object = formatName(name);
  const who = limit === catalog.maxColumnsPerTable ? "the database allows" : "Schematic follows";
  return note(
    "too-many-columns",
    `${object} would have ${count} columns, more than the ${limit} ${who}; the catalog keeps its first ${limit}`,
    span,
    object,
  );
}

/**
 * Finds the table a change alters. A table the history never created (the migrations start after a
 * baseline, or it is managed elsewhere) gets a placeholder whose columns are unknown, so later changes
 * still land somewhere and checks can still see what the change does.
 */
function resolveTable(
  catalog: Catalog,
  name: RelationName,
  span: Span,
):
  | { catalog: Catalog; table: Table; notes: ReplayNote[] }
  | { catalog: Catalog; table: undefined; notes: ReplayNote[] } {
  const qualified = qualify(catalog, name);
  const existing = findRelation(catalog, qualified);
  if (existing?.kind === "table") return { catalog, table: existing, notes: [] };
  if (existing?.kind === "view") {
    return {
      catalog,
      table: undefined,
      notes: [
        note("wrong-kind", `${formatName(qualified)} is a view, not a table`, span, formatName(qualified)),
      ],
    };
  }
  const placeholder = assumedTable(qualified);
  return {
    catalog: putRelation(catalog, placeholder),
    table: placeholder,
    notes: [
      note(
        "unknown-relation",
        `${formatName(qualified)} is not created by any earlier migration; its other columns are unknown`,
        span,
        formatName(qualified),
      ),
    ],
  };
}

/** A table that no migration created but that a statement acts on: it exists, its columns are unknown. */
function assumedTable(name: QualifiedName): Table {
  return {
    kind: "table",
    name,
    columns: [],
    constraints: [],
    indexes: [],
    columnsUnknown: true,
    assumed: true,
  };
}

function alterTable(
  catalog: Catalog,
  name: RelationName,
  span: Span,
  update: (table: Table) => { table: Table; notes?: ReplayNote[] },
): ApplyResult {
  const resolved = resolveTable(catalog, name, span);
  if (!resolved.table) return { catalog: resolved.catalog, notes: resolved.notes };
  const result = update(resolved.table);
  return {
    catalog: putRelation(resolved.catalog, result.table),
    notes: [...resolved.notes, ...(result.notes ?? [])],
  };
}

// The helpers below take the catalog for one thing: how it compares the names inside a table.

function mapColumn(catalog: Catalog, table: Table, name: string, update: (column: Column) => Column): Table {
  return {
    ...table,
    columns: table.columns.map((column) =>
      sameNameInTable(catalog, column.name, name) ? update(column) : column,
    ),
  };
}

function missingColumn(catalog: Catalog, table: Table, column: string, span: Span): ReplayNote[] {
  if (table.columnsUnknown || findColumn(catalog, table, column)) return [];
  const object = `${formatName(table.name)}.${column}`;
  return [note("unknown-column", `${object} does not exist at this point of the history`, span, object)];
}

/** A column that the history never declared, added on first mention to a table whose columns are unknown. */
function ensureColumn(catalog: Catalog, table: Table, name: string): Table {
  if (!table.columnsUnknown || findColumn(catalog, table, name)) return table;
  const column: Column = { name, type: { family: "other", name: "unknown", raw: "unknown" }, nullable: true };
  return { ...table, columns: [...table.columns, column] };
}

function renameIn(
  catalog: Catalog,
  list: readonly string[] | undefined,
  from: string,
  to: string,
): readonly string[] | undefined {
  return list?.map((item) => (sameNameInTable(catalog, item, from) ? to : item));
}

function renameInConstraint(catalog: Catalog, constraint: Constraint, from: string, to: string): Constraint {
  if (constraint.kind === "check") return constraint;
  return { ...constraint, columns: renameIn(catalog, constraint.columns, from, to)! };
}

function mentions(catalog: Catalog, names: readonly string[] | undefined, name: string): boolean {
  return names?.some((candidate) => sameNameInTable(catalog, candidate, name)) ?? false;
}

function withNotNullPrimaryKey(catalog: Catalog, table: Table, constraint: Constraint): Table {
  if (constraint.kind !== "primary_key") return table;
  return {
    ...table,
    columns: table.columns.map((column) =>
      mentions(catalog, constraint.columns, column.name) ? { ...column, nullable: false } : column,
    ),
  };
}

/**
 * Does `name` look like the name the database generated for an unnamed constraint? PostgreSQL writes
 * `<table>_pkey`, `<table>_<columns>_key`, `<table>_<column>_fkey`, `<table>_<column>_check`; MySQL names a
 * primary key PRIMARY and a foreign key `<table>_ibfk_<n>`. Matching by these shapes lets a later
 * `DROP CONSTRAINT t_pkey` find the inline PRIMARY KEY it drops.
 */
function generatedNameMatches(
  catalog: Catalog,
  table: string,
  constraint: Constraint,
  name: string,
): boolean {
  const same = (a: string, b: string) => sameNameInTable(catalog, a, b);
  const startsWith = (start: string) => same(name.slice(0, start.length), start);
  const columns = constraint.kind === "check" ? [] : constraint.columns;
  switch (constraint.kind) {
    case "primary_key":
      return same(name, `${table}_pkey`) || same(name, "PRIMARY");
    case "unique":
      return same(name, `${table}_${columns.join("_")}_key`);
    case "foreign_key":
      return same(name, `${table}_${columns.join("_")}_fkey`) || startsWith(`${table}_ibfk_`);
    case "check":
      return startsWith(`${table}_`) && same(name.slice(-"_check".length), "_check");
  }
}

/** The constraint or index has a name, and it is `name`. */
function hasName(catalog: Catalog, named: { readonly name?: string | undefined }, name: string): boolean {
  return named.name !== undefined && sameNameInTable(catalog, named.name, name);
}

/** The relation's indexes and the new one, unless one of that name exists (CREATE INDEX IF NOT EXISTS). */
function addIndex(catalog: Catalog, relation: Relation, index: IndexDef): readonly Index[] {
  const indexes = indexesOf(relation);
  const name = index.name ?? defaultIndexName(relation.name, index.columns);
  if (indexes.some((known) => hasName(catalog, known, name))) return indexes;
  return [...indexes, { ...index, name, table: relation.name }];
}

function renameIndex(
  catalog: Catalog,
  indexes: readonly Index[],
  from: string,
  to: string,
): readonly Index[] {
  return indexes.map((index) => (hasName(catalog, index, from) ? { ...index, name: to } : index));
}

function tooManyIndexes(catalog: Catalog, relation: Relation, span: Span): ApplyResult {
  const object = formatName(relation.name);
  const message = `${object} would have more than ${MAX_INDEXES_PER_TABLE} indexes; the catalog keeps the first ${MAX_INDEXES_PER_TABLE}`;
  return { catalog, notes: [note("too-many-indexes", message, span, object)] };
}

function defaultIndexName(table: QualifiedName, columns: readonly string[]): string {
  return `${table.name}_${columns.join("_")}_idx`.replace(/[^A-Za-z0-9_]/g, "_");
}

function markStale(
  catalog: Catalog,
  relations: readonly RelationName[],
  mark: Omit<StaleMark, "object">,
): Catalog {
  if (relations.length === 0) return catalog;
  let stale = PersistentMap.of(catalog.stale);
  for (const relation of relations)
    stale = stale.set(relationKeyIn(catalog, relation), {
      object: formatName(qualify(catalog, relation)),
      ...mark,
    });
  return { ...catalog, stale };
}

// ---------------------------------------------------------------------------------------------
// One function per change kind.

type Applier<K extends Change["kind"]> = (
  catalog: Catalog,
  change: ChangeOf<K>,
  context: ApplyContext,
) => ApplyResult;

const APPLIERS: { readonly [K in Change["kind"]]: Applier<K> } = {
  create_schema: (catalog, change) =>
    findSchema(catalog, change.schema)
      ? unchanged(catalog)
      : unchanged(withSchema(catalog, { name: change.schema, relations: PersistentMap.empty() })),

  drop_schema: (catalog, change) => {
    if (!findSchema(catalog, change.schema)) return unchanged(catalog);
    const schemas = new Map(catalog.schemas);
    schemas.delete(schemaKeyIn(catalog, change.schema));
    return unchanged({ ...catalog, schemas });
  },

  rename_schema: (catalog, change) => {
    const schema = findSchema(catalog, change.from);
    if (!schema) return unchanged(catalog);
    const schemas = new Map(catalog.schemas);
    schemas.delete(schemaKeyIn(catalog, change.from));
    let relations = PersistentMap.empty<Relation>();
    for (const [key, relation] of schema.relations) {
      relations = relations.set(key, { ...relation, name: { ...relation.name, schema: change.to } });
    }
    schemas.set(schemaKeyIn(catalog, change.to), { name: change.to, relations });
    return unchanged({ ...catalog, schemas });
  },

  create_table: (catalog, change) => {
    const name = qualify(catalog, change.table.name);
    const existing = findRelation(catalog, name);
    if (existing && change.ifNotExists) return unchanged(catalog);
    const copied = copiedColumns(catalog, change.table.copiesColumnsFrom ?? []);
    // A set, not a search per column: a table of thousands of columns must not cost millions of steps.
    const own = new Set(change.table.columns.map((column) => nameKeyInTable(catalog, column.name)));
    const declared = [
      ...copied.columns.filter((c) => !own.has(nameKeyInTable(catalog, c.name))),
      ...change.table.columns,
    ];
    const limit = maxColumns(catalog);
    let table: Table = {
      kind: "table",
      name,
      columns: declared.length > limit ? declared.slice(0, limit) : declared,
      constraints: change.table.constraints,
      indexes: [],
      ...(change.table.partitioning && { partitioning: change.table.partitioning }),
      ...(change.table.distribution && { distribution: change.table.distribution }),
      ...(change.table.tableModel && { tableModel: change.table.tableModel }),
      ...(change.table.keyColumns && { keyColumns: change.table.keyColumns }),
      ...(change.table.orderBy && { orderBy: change.table.orderBy }),
      ...(change.table.properties && { properties: change.table.properties }),
      ...(change.table.comment !== undefined && { comment: change.table.comment }),
      ...((change.table.columnsUnknown || copied.unknown) && { columnsUnknown: true }),
    };
    for (const constraint of table.constraints) table = withNotNullPrimaryKey(catalog, table, constraint);
    const notes = [
      ...(existing && !change.orReplace
        ? [note("already-exists", `${formatName(name)} already exists`, change.span, formatName(name))]
        : []),
      ...(declared.length > limit ? [tooManyColumns(name, declared.length, catalog, change.span)] : []),
    ];
    return { catalog: putRelation(catalog, table), notes };
  },

  drop_table: (catalog, change) => {
    const name = qualify(catalog, change.table);
    if (!findRelation(catalog, name)) {
      return change.ifExists
        ? unchanged(catalog)
        : {
            catalog,
            notes: [
              note(
                "unknown-relation",
                `${formatName(name)} is not created by any earlier migration`,
                change.span,
                formatName(name),
              ),
            ],
          };
    }
    return unchanged(removeRelation(catalog, name));
  },

  rename_table: (catalog, change) => renameRelation(catalog, change.table, change.to, change.span),
  rename_view: (catalog, change) => renameRelation(catalog, change.view, change.to, change.span),

  truncate_table: unchanged,

  add_column: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => {
      // First, before the search for the name: a full table costs nothing more per ADD COLUMN.
      if (table.columns.length >= maxColumns(catalog)) {
        return { table, notes: [tooManyColumns(table.name, table.columns.length + 1, catalog, change.span)] };
      }
      if (findColumn(catalog, table, change.column.name)) {
        if (change.ifNotExists || table.columnsUnknown) return { table };
        const object = `${formatName(table.name)}.${change.column.name}`;
        return { table, notes: [note("already-exists", `${object} already exists`, change.span, object)] };
      }
      return { table: { ...table, columns: [...table.columns, change.column] } };
    }),

  drop_column: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: {
        ...table,
        columns: table.columns.filter((column) => !sameNameInTable(catalog, column.name, change.column)),
        // The database drops indexes and constraints that depend on the column with it.
        constraints: table.constraints.filter(
          (constraint) =>
            constraint.kind === "check" || !mentions(catalog, constraint.columns, change.column),
        ),
        indexes: table.indexes.filter((index) => !mentions(catalog, index.columns, change.column)),
        keyColumns: table.keyColumns?.filter((column) => !sameNameInTable(catalog, column, change.column)),
      },
      notes: change.ifExists ? [] : missingColumn(catalog, table, change.column, change.span),
    })),

  rename_column: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => {
      const known = ensureColumn(catalog, table, change.from);
      const rename = (list: readonly string[] | undefined) => renameIn(catalog, list, change.from, change.to);
      return {
        table: {
          ...mapColumn(catalog, known, change.from, (column) => ({ ...column, name: change.to })),
          constraints: known.constraints.map((constraint) =>
            renameInConstraint(catalog, constraint, change.from, change.to),
          ),
          indexes: known.indexes.map((index) => ({ ...index, columns: rename(index.columns)! })),
          keyColumns: rename(known.keyColumns),
          orderBy: rename(known.orderBy),
          ...(known.partitioning && {
            partitioning: { ...known.partitioning, columns: rename(known.partitioning.columns)! },
          }),
          ...(known.distribution && {
            distribution: { ...known.distribution, columns: rename(known.distribution.columns)! },
          }),
        },
        notes: missingColumn(catalog, table, change.from, change.span),
      };
    }),

  alter_column_type: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: mapColumn(catalog, ensureColumn(catalog, table, change.column), change.column, (column) =>
        change.restated ? { ...change.restated, name: column.name } : { ...column, type: change.type },
      ),
      notes: missingColumn(catalog, table, change.column, change.span),
    })),

  set_nullability: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: mapColumn(catalog, ensureColumn(catalog, table, change.column), change.column, (column) => ({
        ...column,
        nullable: change.nullable,
      })),
      notes: missingColumn(catalog, table, change.column, change.span),
    })),

  set_default: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: mapColumn(catalog, ensureColumn(catalog, table, change.column), change.column, (column) => {
        const { default: _previous, volatileDefault: _volatile, ...rest } = column;
        return change.default === undefined
          ? rest
          : { ...rest, default: change.default, ...(change.volatileDefault && { volatileDefault: true }) };
      }),
      notes: missingColumn(catalog, table, change.column, change.span),
    })),

  add_constraint: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: withNotNullPrimaryKey(
        catalog,
        { ...table, constraints: [...table.constraints, change.constraint] },
        change.constraint,
      ),
    })),

  drop_constraint: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => {
      const named =
        change.name !== undefined && table.constraints.some((c) => hasName(catalog, c, change.name!));
      const matches = (constraint: Constraint) => {
        if (change.name === undefined) return constraint.kind === change.constraintKind;
        if (named) return hasName(catalog, constraint, change.name);
        // The migration names a constraint that was created without a name: the database generated one.
        return (
          constraint.name === undefined &&
          generatedNameMatches(catalog, table.name.name, constraint, change.name)
        );
      };
      // A UNIQUE or PRIMARY KEY constraint owns an index of the same name in PostgreSQL and MySQL.
      return {
        table: {
          ...table,
          constraints: table.constraints.filter((constraint) => !matches(constraint)),
          indexes: table.indexes.filter(
            (index) => change.name === undefined || !hasName(catalog, index, change.name),
          ),
        },
      };
    }),

  validate_constraint: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: {
        ...table,
        constraints: table.constraints.map((constraint) =>
          hasName(catalog, constraint, change.name) &&
          (constraint.kind === "foreign_key" || constraint.kind === "check")
            ? { ...constraint, notValid: false }
            : constraint,
        ),
      },
    })),

  rename_constraint: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: {
        ...table,
        constraints: table.constraints.map((constraint) =>
          hasName(catalog, constraint, change.from) ? { ...constraint, name: change.to } : constraint,
        ),
        // PostgreSQL renames the index behind a PRIMARY KEY or UNIQUE constraint with it.
        indexes: renameIndex(catalog, table.indexes, change.from, change.to),
      },
    })),

  swap_tables: (catalog, change) => {
    const first = qualify(catalog, change.table);
    const second: QualifiedName = { schema: change.with.schema ?? first.schema, name: change.with.name };
    const a = findRelation(catalog, first);
    const b = findRelation(catalog, second);
    let next = removeRelation(removeRelation(catalog, first), second);
    if (a) next = putRelation(next, { ...a, name: second });
    if (b) next = putRelation(next, { ...b, name: first });
    const notes = [a ? undefined : formatName(first), b ? undefined : formatName(second)]
      .filter((missing): missing is string => missing !== undefined)
      .map((missing) =>
        note("unknown-relation", `${missing} is not created by any earlier migration`, change.span, missing),
      );
    return { catalog: next, notes };
  },

  create_index: (catalog, change) => {
    // A materialized view stores rows and takes indexes (PostgreSQL); a plain view does not.
    const view = findRelation(catalog, change.index.table);
    if (view?.kind === "view" && view.materialized) {
      if (indexesOf(view).length >= MAX_INDEXES_PER_TABLE) return tooManyIndexes(catalog, view, change.span);
      return unchanged(putRelation(catalog, { ...view, indexes: addIndex(catalog, view, change.index) }));
    }
    return alterTable(catalog, change.index.table, change.span, (table) =>
      table.indexes.length >= MAX_INDEXES_PER_TABLE
        ? { table, notes: [...tooManyIndexes(catalog, table, change.span).notes] }
        : { table: { ...table, indexes: addIndex(catalog, table, change.index) } },
    );
  },

  drop_index: (catalog, change) => {
    const owner = findIndexOwner(catalog, change.name, change);
    if (!owner) {
      return change.ifExists
        ? unchanged(catalog)
        : {
            catalog,
            notes: [
              note(
                "unknown-index",
                `index ${change.name} is not created by any earlier migration`,
                change.span,
                change.name,
              ),
            ],
          };
    }
    const indexes = indexesOf(owner).filter((index) => !hasName(catalog, index, change.name));
    return unchanged(putRelation(catalog, { ...owner, indexes }));
  },

  rename_index: (catalog, change) => {
    const owner = findIndexOwner(catalog, change.from, change);
    if (!owner) return unchanged(catalog);
    const indexes = renameIndex(catalog, indexesOf(owner), change.from, change.to);
    return unchanged(putRelation(catalog, { ...owner, indexes }));
  },

  create_view: (catalog, change) => {
    const name = qualify(catalog, change.view.name);
    if (findRelation(catalog, name) && change.ifNotExists) return unchanged(catalog);
    return unchanged(
      putRelation(catalog, {
        kind: "view",
        name,
        materialized: change.view.materialized,
        query: change.view.query,
        ...(change.view.columns && { columns: change.view.columns }),
      }),
    );
  },

  drop_view: (catalog, change) => unchanged(removeRelation(catalog, qualify(catalog, change.name))),

  set_partitioning: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => {
      // Re-partitioning replaces the partitions too; the statement's own ADD PARTITIONs follow it.
      const { partitioning: _previous, partitions: _partitions, ...rest } = table;
      return { table: change.partitioning ? { ...rest, partitioning: change.partitioning } : rest };
    }),

  add_partition: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: { ...table, partitions: [...(table.partitions ?? []), change.partition] },
    })),

  truncate_partition: unchanged,

  drop_partition: removePartition,
  // The detached partition stays a table of its own (PostgreSQL partitions are tables in the catalog).
  detach_partition: removePartition,

  rename_partition: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: {
        ...table,
        partitions: (table.partitions ?? []).map((partition) =>
          sameNameInTable(catalog, partition, change.from) ? change.to : partition,
        ),
      },
    })),

  set_distribution: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: { ...table, distribution: change.distribution },
    })),

  set_table_model: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: { ...table, tableModel: change.tableModel, keyColumns: change.keyColumns },
    })),

  set_order_by: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: { ...table, orderBy: change.orderBy },
    })),

  set_properties: (catalog, change) =>
    alterTable(catalog, change.table, change.span, (table) => ({
      table: { ...table, properties: { ...table.properties, ...change.properties } },
    })),

  set_comment: (catalog, change) => {
    const name = qualify(catalog, change.table);
    const relation = findRelation(catalog, name);
    if (relation?.kind !== "table") return unchanged(catalog);
    if (change.column === undefined)
      return unchanged(putRelation(catalog, { ...relation, comment: change.comment }));
    return unchanged(
      putRelation(
        catalog,
        mapColumn(catalog, relation, change.column, (column) => ({ ...column, comment: change.comment })),
      ),
    );
  },

  // The session default schema (search_path, USE db) is tracked by replay, not stored in the catalog.
  execution_options: unchanged,
  set_option: unchanged,
  transaction: unchanged,
  data: unchanged,
  no_schema_effect: unchanged,

  opaque: (catalog, change, context) =>
    unchanged(
      markStale(catalog, change.mayAffect, {
        file: context.file,
        offset: change.span.start,
        reason: change.reason,
      }),
    ),
};

/** The parent table no longer has the partition (dropped, or detached). */
function removePartition(
  catalog: Catalog,
  change: ChangeOf<"drop_partition" | "detach_partition">,
): ApplyResult {
  return alterTable(catalog, change.table, change.span, (table) => ({
    table: {
      ...table,
      partitions: (table.partitions ?? []).filter(
        (partition) => !sameNameInTable(catalog, partition, change.partition),
      ),
    },
  }));
}

/** The columns of the tables a new table copies (INHERITS, PARTITION OF, LIKE), and whether all were known. */
function copiedColumns(
  catalog: Catalog,
  sources: readonly RelationName[],
): { columns: Column[]; unknown: boolean } {
  const columns: Column[] = [];
  let unknown = false;
  for (const source of sources) {
    const table = findRelation(catalog, qualify(catalog, source));
    if (table?.kind !== "table" || table.columnsUnknown) unknown = true;
    for (const column of table?.kind === "table" ? table.columns : []) {
      if (!columns.some((c) => sameNameInTable(catalog, c.name, column.name))) columns.push(column);
    }
  }
  return { columns, unknown };
}

function renameRelation(catalog: Catalog, from: RelationName, to: RelationName, span: Span): ApplyResult {
  const source = qualify(catalog, from);
  const relation = findRelation(catalog, source);
  const target: QualifiedName = { schema: to.schema ?? source.schema, name: to.name };
  if (!relation) {
    // Unknown before the rename: it still exists afterwards, under the new name, with unknown columns.
    const placeholder = assumedTable(target);
    return {
      catalog: putRelation(catalog, placeholder),
      notes: [
        note(
          "unknown-relation",
          `${formatName(source)} is not created by any earlier migration`,
          span,
          formatName(source),
        ),
      ],
    };
  }
  const moved: Relation =
    relation.kind === "table"
      ? { ...relation, name: target, indexes: relation.indexes.map((index) => ({ ...index, table: target })) }
      : { ...relation, name: target };
  return unchanged(putRelation(removeRelation(catalog, source), moved));
}
