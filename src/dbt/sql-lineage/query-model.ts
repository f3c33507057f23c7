/**
 * A small, dialect-neutral model of a SELECT query: just what column-level lineage needs.
 * Two front ends build it (libpg-query for PostgreSQL, node-sql-parser for the other warehouses)
 * and one resolver (resolve.ts) walks it, so the resolution rules are written once.
 *
 * Column names, aliases and CTE names are lower case and unquoted: columns are compared
 * case-insensitively. Table names are as the warehouse stores them (quoted parts verbatim, unquoted ones
 * folded), because relations are matched as the migrations' database compares them.
 */
import type { ColumnUsageKind } from "../model.js";

/** How a column reference inside a query is used; the subset of ColumnUsageKind that SQL itself produces. */
export type QueryUsage = Extract<
  ColumnUsageKind,
  "select" | "filter" | "join" | "group" | "order" | "window"
>;

/**
 * A column reference as written: `col`, `t.col`, `schema.t.col`, and possibly trailing struct-field
 * parts the front end could not tell apart from qualifiers (BigQuery `t.rec.field`). The last part is
 * `*` for a whole-row reference inside an expression (`to_jsonb(t.*)`).
 */
export interface ColumnReference {
  readonly path: readonly string[];
  readonly usage: QueryUsage;
}

/** A subquery inside an expression: scalar `(select ...)`, `x IN (select ...)`, `EXISTS (select ...)`. */
export interface ExpressionSubquery {
  /** `exists`: only the subquery's own clauses matter; `value`: its output column feeds the enclosing expression. */
  readonly kind: "exists" | "value";
  /** The usage of the clause the subquery sits in; its output column is used that way. */
  readonly usage: QueryUsage;
  readonly query: Query;
}

/** What an expression reads: its column references (each with its usage) and its subqueries. */
export interface Expression {
  readonly references: readonly ColumnReference[];
  readonly subqueries: readonly ExpressionSubquery[];
}

/** An expression in WHERE, JOIN ON, GROUP BY, HAVING, ORDER BY, WINDOW, QUALIFY or DISTINCT ON. */
export interface ClauseItem {
  readonly expression: Expression;
  /** `GROUP BY 2` / `ORDER BY 1`: the 1-based position of a projection item. */
  readonly position?: number;
  /** The clause's usage, also the default usage of the expression's references. */
  readonly usage: QueryUsage;
}

export type ProjectionItem =
  | {
      readonly kind: "expression";
      readonly expression: Expression;
      /** Alias, column name, or the name the warehouse gives (PostgreSQL `count`); absent when unnamed. */
      readonly name?: string;
      /** The expression is a bare column reference (`t.col`, `col as other`): it copies the value unchanged. */
      readonly bare?: boolean;
    }
  | {
      readonly kind: "star";
      /** `t.*`: the written qualifier; absent for a bare `*`. */
      readonly qualifier?: readonly string[];
      /** Snowflake `* EXCLUDE (a)`, BigQuery `* EXCEPT (a)`. */
      readonly except?: readonly string[];
    };

export type JoinType = "inner" | "left" | "right" | "full" | "cross";

export type FromItem =
  | {
      readonly kind: "table";
      /**
       * The written dotted name, [identifier], [schema, identifier] or [database, schema, identifier],
       * each part as the warehouse stores it (PostgreSQL: `"Orders"` -> Orders, `Orders` -> orders).
       */
      readonly name: readonly string[];
      readonly alias?: string;
      readonly columnAliases?: readonly string[];
    }
  | {
      readonly kind: "subquery";
      readonly query: Query;
      readonly alias?: string;
      readonly columnAliases?: readonly string[];
      readonly lateral: boolean;
    }
  | {
      /** `unnest(t.arr)`, `lateral flatten(input => t.v)`, `generate_series(...)`: always sees the items before it. */
      readonly kind: "table-function";
      readonly functionName: string;
      readonly arguments: Expression;
      readonly alias?: string;
      readonly columnAliases?: readonly string[];
    }
  | {
      readonly kind: "join";
      readonly joinType: JoinType;
      readonly left: FromItem;
      readonly right: FromItem;
      readonly on?: Expression;
      readonly using?: readonly string[];
      readonly natural: boolean;
    };

export interface CommonTableExpression {
  readonly name: string;
  readonly columnAliases?: readonly string[];
  readonly query: Query;
}

export interface WithClause {
  readonly recursive: boolean;
  readonly ctes: readonly CommonTableExpression[];
}

export interface SelectQuery {
  readonly kind: "select";
  readonly with?: WithClause;
  /** Comma-separated FROM items; a join tree is one item. */
  readonly from: readonly FromItem[];
  readonly projection: readonly ProjectionItem[];
  readonly clauses: readonly ClauseItem[];
}

/** UNION / INTERSECT / EXCEPT: output columns are matched by position, named by the left side. */
export interface SetOperationQuery {
  readonly kind: "set-operation";
  readonly operator: "union" | "intersect" | "except";
  readonly all: boolean;
  readonly with?: WithClause;
  readonly left: Query;
  readonly right: Query;
  /** ORDER BY of the whole set operation: output names or positions. */
  readonly clauses: readonly ClauseItem[];
}

/** `VALUES (...), (...)`: columns column1..columnN, computed from no upstream column except references inside. */
export interface ValuesQuery {
  readonly kind: "values";
  readonly width: number;
  readonly expression: Expression;
}

export type Query = SelectQuery | SetOperationQuery | ValuesQuery;

/** What a front end returns: a query, or why it could not build one. */
export type FrontEndResult =
  | { readonly kind: "query"; readonly query: Query; readonly notes: readonly string[] }
  | { readonly kind: "error"; readonly message: string };

export const EMPTY_EXPRESSION: Expression = { references: [], subqueries: [] };
