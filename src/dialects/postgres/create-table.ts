/** CREATE TABLE (plain, partitioned, PARTITION OF, INHERITS, LIKE), CREATE TABLE AS, CREATE [MATERIALIZED] VIEW. */
import type { CreateStmt, CreateTableAsStmt, PartitionSpec, ViewStmt } from "libpg-query";
import { lookupTable } from "../../lookup-table.js";
import type {
  Change,
  ColumnDef,
  Constraint,
  Partitioning,
  RelationName,
  TableDef,
} from "../../sql/changes.js";
import { formatRelation, nodeOf, relationName, strings } from "./ast.js";
import { mapColumnDef, mapConstraint } from "./columns.js";
import type { StatementContext } from "./context.js";

export function createTableChanges(statement: CreateStmt, context: StatementContext): Change[] {
  const name = relationName(statement.relation);
  const columns: ColumnDef[] = [];
  const constraints: Constraint[] = [];
  const notNull = new Set<string>();
  let columnsUnknown = false;
  const copiesColumnsFrom: RelationName[] = [];
  for (const element of statement.tableElts ?? []) {
    const columnDef = nodeOf(element, "ColumnDef");
    // A partition's `c WITH OPTIONS NOT NULL` has no type: it qualifies an inherited column.
    if (columnDef?.typeName) {
      const mapped = mapColumnDef(columnDef, name, context);
      columns.push(mapped.column);
      constraints.push(...mapped.constraints);
      continue;
    }
    if (columnDef) continue;
    const constraint = nodeOf(element, "Constraint");
    if (constraint?.contype === "CONSTR_NOTNULL") {
      // PostgreSQL 18: a table-level `NOT NULL column`.
      for (const key of strings(constraint.keys)) notNull.add(key);
      continue;
    }
    if (constraint) {
      const limit = context.elementRange(constraint.location)?.end ?? context.end;
      const mapped = mapConstraint(constraint, context, limit);
      if (mapped) constraints.push(mapped);
      continue;
    }
    // LIKE other_table copies that table's columns at this position (approximated: before our own).
    const like = nodeOf(element, "TableLikeClause")?.relation;
    if (like) copiesColumnsFrom.push(relationName(like));
  }
  // Inherited and partition-of tables take their parents' columns first; typed tables a type's.
  for (const parent of statement.inhRelations ?? []) {
    const range = nodeOf(parent, "RangeVar");
    if (range) copiesColumnsFrom.push(relationName(range));
  }
  if (statement.ofTypename) columnsUnknown = true;

  const table: { -readonly [K in keyof TableDef]: TableDef[K] } = {
    name,
    columns: withNotNull(columns, constraints, notNull),
    constraints,
  };
  const partitioning = statement.partspec && mapPartitioning(statement.partspec, context);
  if (partitioning) table.partitioning = partitioning;
  const persistence = statement.relation?.relpersistence;
  if (persistence === "t") table.temporary = true;
  if (persistence === "u") table.unlogged = true;
  if (columnsUnknown) table.columnsUnknown = true;
  if (copiesColumnsFrom.length > 0) table.copiesColumnsFrom = copiesColumnsFrom;

  const changes: Change[] = [
    { kind: "create_table", table, ifNotExists: Boolean(statement.if_not_exists), span: context.span },
  ];
  const parent = statement.partbound ? statement.inhRelations?.[0] : undefined;
  const parentRange = nodeOf(parent, "RangeVar");
  if (parentRange) {
    changes.push({
      kind: "add_partition",
      table: relationName(parentRange),
      partition: formatRelation(name),
      span: context.span,
    });
  }
  return changes;
}

/** PRIMARY KEY columns, and those a table-level NOT NULL names, are NOT NULL. */
function withNotNull(
  columns: readonly ColumnDef[],
  constraints: readonly Constraint[],
  notNull: ReadonlySet<string>,
): ColumnDef[] {
  const keyColumns = new Set(constraints.flatMap((c) => (c.kind === "primary_key" ? c.columns : [])));
  return columns.map((column) =>
    keyColumns.has(column.name) || notNull.has(column.name) ? { ...column, nullable: false } : column,
  );
}

const STRATEGIES: Readonly<Record<string, Partitioning["kind"]>> = lookupTable({
  PARTITION_STRATEGY_RANGE: "range",
  PARTITION_STRATEGY_LIST: "list",
  PARTITION_STRATEGY_HASH: "hash",
});

function mapPartitioning(spec: PartitionSpec, context: StatementContext): Partitioning | undefined {
  const kind = STRATEGIES[spec.strategy ?? ""];
  if (!kind) return undefined;
  const columns: string[] = [];
  const expressions: string[] = [];
  for (const param of spec.partParams ?? []) {
    const element = nodeOf(param, "PartitionElem");
    if (element?.name !== undefined) columns.push(element.name);
    else if (element?.expr) expressions.push(context.expression(element.expr) ?? "");
  }
  return expressions.length > 0 ? { kind, columns, expression: expressions.join(", ") } : { kind, columns };
}

/** CREATE TABLE AS / SELECT INTO make a table whose columns come from a query; CREATE MATERIALIZED VIEW a view. */
export function createTableAsChanges(statement: CreateTableAsStmt, context: StatementContext): Change[] {
  const into = statement.into;
  const name = relationName(into?.rel);
  const columnNames = strings(into?.colNames);
  if (statement.objtype === "OBJECT_MATVIEW") {
    return [
      {
        kind: "create_view",
        view: {
          name,
          materialized: true,
          ...(columnNames.length > 0 ? { columns: columnNames } : {}),
          query: queryText(context, /\s+with\s+(no\s+)?data\s*$/i),
        },
        orReplace: false,
        ifNotExists: Boolean(statement.if_not_exists),
        span: context.span,
      },
    ];
  }
  const table: TableDef = {
    name,
    columns: [],
    constraints: [],
    columnsUnknown: true,
    ...(into?.rel?.relpersistence === "t" ? { temporary: true } : {}),
    ...(into?.rel?.relpersistence === "u" ? { unlogged: true } : {}),
  };
  return [{ kind: "create_table", table, ifNotExists: Boolean(statement.if_not_exists), span: context.span }];
}

export function createViewChanges(statement: ViewStmt, context: StatementContext): Change[] {
  const columnNames = strings(statement.aliases);
  return [
    {
      kind: "create_view",
      view: {
        name: relationName(statement.view),
        materialized: false,
        ...(columnNames.length > 0 ? { columns: columnNames } : {}),
        query: queryText(context, /\s+with\s+(cascaded\s+|local\s+)?check\s+option\s*$/i),
      },
      orReplace: Boolean(statement.replace),
      span: context.span,
    },
  ];
}

/** The defining query: everything after the first AS outside parentheses, less a trailing clause. */
function queryText(context: StatementContext, trailing: RegExp): string {
  const tokens = context.source.tokens;
  let depth = 0;
  for (let i = context.source.tokenIndexAt(context.start); i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start >= context.end) break;
    if (token.text === "(") depth++;
    else if (token.text === ")") depth--;
    else if (depth === 0 && token.text === "as" && tokens[i + 1]) {
      return context.source.text.slice(tokens[i + 1]!.start, context.end).replace(trailing, "");
    }
  }
  return context.text;
}
