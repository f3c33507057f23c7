/** Column definitions and constraints, shared by CREATE TABLE and ALTER TABLE. */
import type { Node, ColumnDef as PgColumnDef, Constraint as PgConstraint } from "libpg-query";
import { lookupTable } from "../../lookup-table.js";
import type { ColumnDef, Constraint, RelationName } from "../../sql/changes.js";
import type { DataType } from "../../sql/data-type.js";
import { nodeOf, relationName, strings } from "./ast.js";
import type { StatementContext } from "./context.js";
import type { EndRules } from "./source.js";
import { dataTypeFromTypeName, isSerial } from "./types.js";

/** Words that start a column constraint or qualifier: a type or a DEFAULT expression ends before them. */
const COLUMN_QUALIFIERS = new Set([
  "constraint",
  "not",
  "null",
  "default",
  "primary",
  "unique",
  "references",
  "check",
  "generated",
  "collate",
  "compression",
  "storage",
  "deferrable",
  "initially",
  "using",
]);

export const COLUMN_RULES: EndRules = { stopWords: COLUMN_QUALIFIERS };

/**
 * Functions evaluated once per row. PostgreSQL evaluates stable functions (now(), current_timestamp)
 * once per statement, so ADD COLUMN with such a default neither rewrites the table nor varies by row.
 */
const VOLATILE_FUNCTIONS = new Set([
  "random",
  "random_normal",
  "clock_timestamp",
  "timeofday",
  "gen_random_uuid",
  "gen_random_bytes",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "uuid_generate_v7",
  "uuidv4",
  "uuidv7",
  "nextval",
  "setval",
  "txid_current",
]);

export function isVolatileExpression(expression: unknown): boolean {
  if (Array.isArray(expression)) return expression.some(isVolatileExpression);
  if (expression === null || typeof expression !== "object") return false;
  for (const [key, value] of Object.entries(expression)) {
    if (key === "FuncCall") {
      const names = strings((value as { funcname?: Node[] }).funcname);
      if (VOLATILE_FUNCTIONS.has(names[names.length - 1] ?? "")) return true;
    }
    if (isVolatileExpression(value)) return true;
  }
  return false;
}

export interface MappedColumn {
  readonly column: ColumnDef;
  /** PRIMARY KEY, UNIQUE, REFERENCES and CHECK written on the column, as table constraints. */
  readonly constraints: readonly Constraint[];
}

/** A column definition with its constraints, written in any order (`NOT NULL DEFAULT 'x'`, `DEFAULT 'x' NOT NULL`). */
export function mapColumnDef(
  definition: PgColumnDef,
  table: RelationName,
  context: StatementContext,
): MappedColumn {
  const name = definition.colname ?? "";
  const range = context.elementRange(definition.location);
  const limit = range?.end ?? context.end;
  const column: { -readonly [K in keyof ColumnDef]: ColumnDef[K] } = {
    name,
    type: columnType(definition, limit, context),
    nullable: true,
  };
  if (range) column.span = context.spanOf(range);
  const constraints: Constraint[] = [];
  if (isSerial(definition.typeName)) {
    column.default = `nextval('${sequenceName(table, name)}'::regclass)`;
    column.volatileDefault = true;
    column.nullable = false;
    column.autoIncrement = true;
  }
  if (definition.is_not_null) column.nullable = false;
  for (const node of definition.constraints ?? []) {
    const constraint = nodeOf(node, "Constraint");
    if (!constraint) continue;
    switch (constraint.contype) {
      case "CONSTR_NULL":
        column.nullable = true;
        break;
      case "CONSTR_NOTNULL":
        column.nullable = false;
        break;
      case "CONSTR_DEFAULT": {
        const text = context.expression(constraint.raw_expr, limit, COLUMN_RULES);
        if (text !== undefined) column.default = text;
        column.volatileDefault = isVolatileExpression(constraint.raw_expr);
        break;
      }
      case "CONSTR_IDENTITY":
        column.identity = true;
        column.nullable = false;
        break;
      case "CONSTR_GENERATED": {
        const expression = context.expression(constraint.raw_expr, limit) ?? "";
        // generated_kind is 's' (STORED) or 'v' (VIRTUAL, PostgreSQL 18's default when neither is written).
        column.generated = { storage: constraint.generated_kind === "v" ? "virtual" : "stored", expression };
        break;
      }
      default: {
        const mapped = mapConstraint(constraint, context, limit, name);
        if (mapped) constraints.push(mapped);
        if (mapped?.kind === "primary_key") column.nullable = false;
      }
    }
  }
  const collation = strings(definition.collClause?.collname);
  if (collation.length > 0) column.collation = collation.join(".");
  return { column, constraints };
}

function columnType(definition: PgColumnDef, limit: number, context: StatementContext): DataType {
  const typeName = definition.typeName ?? {};
  const raw = context.textFrom(typeName.location, limit, COLUMN_RULES) ?? strings(typeName.names).join(".");
  return dataTypeFromTypeName(typeName, raw);
}

/** The sequence PostgreSQL creates for a serial column: `<table>_<column>_seq`. */
function sequenceName(table: RelationName, column: string): string {
  const name = `${table.name}_${column}_seq`;
  return table.schema === undefined ? name : `${table.schema}.${name}`;
}

const REFERENTIAL_ACTIONS: Readonly<Record<string, string>> = lookupTable({
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
});

/**
 * A table constraint (or a column constraint, with `column` its column) as a dialect-neutral
 * Constraint; undefined for kinds the catalog does not model (EXCLUDE, NOT NULL, attributes).
 */
export function mapConstraint(
  constraint: PgConstraint,
  context: StatementContext,
  limit: number,
  column?: string,
): Constraint | undefined {
  const name = constraint.conname;
  const named = name === undefined ? {} : { name };
  const columns = (nodes: readonly Node[] | undefined) => {
    const listed = strings(nodes);
    return listed.length > 0 || column === undefined ? listed : [column];
  };
  switch (constraint.contype) {
    case "CONSTR_PRIMARY":
      return { kind: "primary_key", ...named, columns: columns(constraint.keys) };
    case "CONSTR_UNIQUE":
      return { kind: "unique", ...named, columns: columns(constraint.keys) };
    case "CONSTR_FOREIGN": {
      const onDelete = REFERENTIAL_ACTIONS[constraint.fk_del_action ?? ""];
      const onUpdate = REFERENTIAL_ACTIONS[constraint.fk_upd_action ?? ""];
      return {
        kind: "foreign_key",
        ...named,
        columns: columns(constraint.fk_attrs),
        references: {
          table: relationName(constraint.pktable),
          columns: strings(constraint.pk_attrs),
          ...(onDelete === undefined ? {} : { onDelete }),
          ...(onUpdate === undefined ? {} : { onUpdate }),
        },
        ...(constraint.skip_validation ? { notValid: true } : {}),
      };
    }
    case "CONSTR_CHECK":
      return {
        kind: "check",
        ...named,
        expression: context.expression(constraint.raw_expr, limit) ?? "",
        ...(constraint.skip_validation ? { notValid: true } : {}),
      };
    default:
      return undefined;
  }
}
