/**
 * PostgreSQL front end: libpg-query (the real PostgreSQL parser, as WASM) -> query model.
 * libpg-query returns the server's own parse tree as JSON: every node is wrapped in an object
 * keyed by its type (`{ "ColumnRef": { "fields": [...] } }`), except a few inline fields
 * (SelectStmt.larg/rarg, FuncCall.over) that hold the node body directly.
 */
import { loadModule, parseSync } from "libpg-query";
import { lookupTable } from "../../lookup-table.js";
import { type AstRecord, arrayOf, errorMessage, isRecord, recordOf, stringOf } from "./ast-access.js";
import {
  type ClauseItem,
  type ColumnReference,
  type CommonTableExpression,
  EMPTY_EXPRESSION,
  type Expression,
  type ExpressionSubquery,
  type FromItem,
  type FrontEndResult,
  type JoinType,
  type ProjectionItem,
  type Query,
  type QueryUsage,
  type WithClause,
} from "./query-model.js";

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads libpg-query's WASM module; safe to call many times. */
export async function loadPostgresParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

export function isPostgresParserLoaded(): boolean {
  return loaded;
}

export function parsePostgresQuery(sql: string): FrontEndResult {
  if (!loaded)
    return {
      kind: "error",
      message: "the PostgreSQL parser is not loaded (call loadColumnUseParsers first)",
    };
  let tree: unknown;
  try {
    tree = parseSync(sql);
  } catch (error) {
    return { kind: "error", message: `PostgreSQL parser: ${errorMessage(error)}` };
  }
  const selects = arrayOf(recordOf(tree).stmts)
    .map((entry) => recordOf(recordOf(entry).stmt).SelectStmt)
    .filter(isRecord);
  const last = selects[selects.length - 1];
  if (last === undefined) return { kind: "error", message: "the compiled SQL holds no SELECT statement" };
  const notes =
    selects.length > 1
      ? [`the compiled SQL holds ${selects.length} SELECT statements; the last one was analysed`]
      : [];
  return { kind: "query", query: toQuery(last), notes };
}

/** The body of a `{ SelectStmt: ... }` wrapper (or an already unwrapped body). */
function selectBody(node: unknown): AstRecord {
  const record = recordOf(node);
  return isRecord(record.SelectStmt) ? record.SelectStmt : record;
}

function toQuery(stmt: AstRecord): Query {
  const withClause = toWith(stmt.withClause);
  const operation = stringOf(stmt.op);
  if (operation !== undefined && operation !== "SETOP_NONE") {
    return {
      kind: "set-operation",
      operator:
        operation === "SETOP_UNION" ? "union" : operation === "SETOP_INTERSECT" ? "intersect" : "except",
      all: stmt.all === true,
      ...(withClause ? { with: withClause } : {}),
      left: toQuery(selectBody(stmt.larg)),
      right: toQuery(selectBody(stmt.rarg)),
      clauses: sortClauses(stmt.sortClause),
    };
  }
  if (Array.isArray(stmt.valuesLists)) {
    const firstRow = recordOf(recordOf(stmt.valuesLists[0]).List);
    return {
      kind: "values",
      width: arrayOf(firstRow.items).length,
      expression: collectExpression(stmt.valuesLists, "select"),
    };
  }
  return {
    kind: "select",
    ...(withClause ? { with: withClause } : {}),
    from: arrayOf(stmt.fromClause).map(toFromItem),
    projection: arrayOf(stmt.targetList).map((target) =>
      toProjectionItem(recordOf(recordOf(target).ResTarget)),
    ),
    clauses: [
      ...clause(stmt.whereClause, "filter"),
      ...positionalClauses(stmt.groupClause, "group"),
      ...clause(stmt.havingClause, "filter"),
      ...arrayOf(stmt.windowClause).flatMap((window) => clause(recordOf(window).WindowDef, "window")),
      ...clause(stmt.distinctClause, "group"),
      ...sortClauses(stmt.sortClause),
    ],
  };
}

function toWith(node: unknown): WithClause | undefined {
  if (!isRecord(node)) return undefined;
  const ctes: CommonTableExpression[] = arrayOf(node.ctes).map((entry) => {
    const cte = recordOf(recordOf(entry).CommonTableExpr);
    const columnAliases = stringList(cte.aliascolnames);
    return {
      name: (stringOf(cte.ctename) ?? "").toLowerCase(),
      ...(columnAliases.length > 0 ? { columnAliases } : {}),
      query: toQuery(selectBody(cte.ctequery)),
    };
  });
  return { recursive: node.recursive === true, ctes };
}

function clause(node: unknown, usage: QueryUsage): ClauseItem[] {
  if (node === undefined || node === null) return [];
  return [{ usage, expression: collectExpression(node, usage) }];
}

/** GROUP BY items: each its own clause item so that `GROUP BY 1, 2` keeps its positions. */
function positionalClauses(items: unknown, usage: QueryUsage): ClauseItem[] {
  return arrayOf(items).map((item) => {
    const position = integerConstant(item);
    return position === undefined
      ? { usage, expression: collectExpression(item, usage) }
      : { usage, position, expression: EMPTY_EXPRESSION };
  });
}

function sortClauses(items: unknown): ClauseItem[] {
  return positionalClauses(
    arrayOf(items).map((item) => recordOf(recordOf(item).SortBy).node),
    "order",
  );
}

function integerConstant(node: unknown): number | undefined {
  const constant = recordOf(recordOf(node).A_Const);
  const value = recordOf(constant.ival).ival;
  return typeof value === "number" ? value : undefined;
}

function toProjectionItem(target: AstRecord): ProjectionItem {
  const value = target.val;
  const fields = arrayOf(recordOf(recordOf(value).ColumnRef).fields);
  const last = recordOf(fields[fields.length - 1]);
  if (isRecord(last.A_Star)) {
    const qualifier = fields.slice(0, -1).map(fieldName);
    return qualifier.length > 0 ? { kind: "star", qualifier } : { kind: "star" };
  }
  const name = stringOf(target.name)?.toLowerCase() ?? figureColumnName(value);
  const bare = isRecord(recordOf(value).ColumnRef);
  return {
    kind: "expression",
    expression: collectExpression(value, "select"),
    ...(name ? { name } : {}),
    ...(bare && { bare: true }),
  };
}

function toFromItem(node: unknown): FromItem {
  const record = recordOf(node);
  if (isRecord(record.RangeVar)) return toTable(record.RangeVar);
  if (isRecord(record.JoinExpr)) return toJoin(record.JoinExpr);
  if (isRecord(record.RangeSubselect)) {
    const subselect = record.RangeSubselect;
    return {
      kind: "subquery",
      query: toQuery(selectBody(subselect.subquery)),
      lateral: subselect.lateral === true,
      ...aliasOf(subselect.alias),
    };
  }
  if (isRecord(record.RangeTableSample)) return toFromItem(record.RangeTableSample.relation);
  if (isRecord(record.RangeFunction)) {
    const rangeFunction = record.RangeFunction;
    // functions: [{ List: { items: [{ FuncCall }, {column definitions}] } }, ...] (ROWS FROM has several)
    const firstList = recordOf(recordOf(arrayOf(rangeFunction.functions)[0]).List);
    const call = recordOf(recordOf(arrayOf(firstList.items)[0]).FuncCall);
    return {
      kind: "table-function",
      functionName: functionNameOf(call) ?? "function",
      arguments: collectExpression(rangeFunction.functions, "select"),
      ...aliasOf(rangeFunction.alias),
    };
  }
  // JSON_TABLE, XMLTABLE and other rarities: keep the column references of their arguments.
  const [kind = "table function", body] = Object.entries(record)[0] ?? [];
  return {
    kind: "table-function",
    functionName: kind,
    arguments: collectExpression(body, "select"),
    ...aliasOf(recordOf(body).alias),
  };
}

/** The table's name as PostgreSQL stores it: the parser has folded the unquoted parts already. */
function toTable(rangeVar: AstRecord): FromItem {
  const name = [rangeVar.catalogname, rangeVar.schemaname, rangeVar.relname]
    .map(stringOf)
    .filter((part): part is string => part !== undefined);
  return { kind: "table", name, ...aliasOf(rangeVar.alias) };
}

function toJoin(join: AstRecord): FromItem {
  const using = stringList(join.usingClause);
  return {
    kind: "join",
    joinType: JOIN_TYPES[stringOf(join.jointype) ?? ""] ?? "inner",
    left: toFromItem(join.larg),
    right: toFromItem(join.rarg),
    natural: join.isNatural === true,
    ...(join.quals ? { on: collectExpression(join.quals, "join") } : {}),
    ...(using.length > 0 ? { using } : {}),
  };
}

const JOIN_TYPES: Readonly<Record<string, JoinType>> = lookupTable({
  JOIN_INNER: "inner",
  JOIN_LEFT: "left",
  JOIN_RIGHT: "right",
  JOIN_FULL: "full",
});

function aliasOf(node: unknown): { alias?: string; columnAliases?: readonly string[] } {
  if (!isRecord(node)) return {};
  const alias = stringOf(node.aliasname)?.toLowerCase();
  const columnAliases = stringList(node.colnames);
  return { ...(alias ? { alias } : {}), ...(columnAliases.length > 0 ? { columnAliases } : {}) };
}

function stringList(nodes: unknown): string[] {
  return arrayOf(nodes)
    .map((node) => stringOf(recordOf(recordOf(node).String).sval))
    .filter((name): name is string => name !== undefined)
    .map((name) => name.toLowerCase());
}

function fieldName(field: unknown): string {
  const record = recordOf(field);
  if (isRecord(record.A_Star)) return "*";
  return (stringOf(recordOf(record.String).sval) ?? "").toLowerCase();
}

function functionNameOf(call: AstRecord): string | undefined {
  const names = arrayOf(call.funcname);
  return stringOf(recordOf(recordOf(names[names.length - 1]).String).sval)?.toLowerCase();
}

/**
 * Collects the column references and subqueries of an expression tree. Only three node kinds
 * matter (ColumnRef, SubLink, and the OVER clause of FuncCall / WINDOW's WindowDef); everything else
 * is walked generically, so operators and functions we never listed still yield their columns.
 * String constants (A_Const) and comments never reach the tree as column references.
 */
function collectExpression(node: unknown, usage: QueryUsage): Expression {
  const references: ColumnReference[] = [];
  const subqueries: ExpressionSubquery[] = [];
  const walk = (value: unknown, currentUsage: QueryUsage): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, currentUsage);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, body] of Object.entries(value)) {
      if (!isRecord(body) && !Array.isArray(body)) continue;
      switch (key) {
        case "ColumnRef":
          references.push({ path: arrayOf(recordOf(body).fields).map(fieldName), usage: currentUsage });
          break;
        case "SubLink": {
          const subLink = recordOf(body);
          walk(subLink.testexpr, currentUsage);
          subqueries.push({
            kind: subLink.subLinkType === "EXISTS_SUBLINK" ? "exists" : "value",
            usage: currentUsage,
            query: toQuery(selectBody(subLink.subselect)),
          });
          break;
        }
        case "FuncCall": {
          const call = recordOf(body);
          walk(call.args, currentUsage);
          // string_agg(x, ',' ORDER BY y) FILTER (WHERE z): y orders, z filters; neither is x's value
          walk(call.agg_order, "order");
          walk(call.agg_filter, "filter");
          walkWindow(call.over);
          break;
        }
        case "WindowDef":
          walkWindow(body);
          break;
        case "A_Const":
          break;
        case "TypeCast":
          walk(recordOf(body).arg, currentUsage);
          break;
        default:
          walk(body, currentUsage);
      }
    }
  };
  const walkWindow = (window: unknown): void => {
    if (!isRecord(window)) return;
    walk(window.partitionClause, "window");
    walk(window.orderClause, "window");
  };
  walk(node, usage);
  return { references, subqueries };
}

const VALUE_FUNCTION_NAMES: Readonly<Record<string, string>> = lookupTable({
  SVFOP_CURRENT_DATE: "current_date",
  SVFOP_CURRENT_TIME: "current_time",
  SVFOP_CURRENT_TIME_N: "current_time",
  SVFOP_CURRENT_TIMESTAMP: "current_timestamp",
  SVFOP_CURRENT_TIMESTAMP_N: "current_timestamp",
  SVFOP_LOCALTIME: "localtime",
  SVFOP_LOCALTIME_N: "localtime",
  SVFOP_LOCALTIMESTAMP: "localtimestamp",
  SVFOP_LOCALTIMESTAMP_N: "localtimestamp",
  SVFOP_CURRENT_ROLE: "current_role",
  SVFOP_CURRENT_USER: "current_user",
  SVFOP_USER: "user",
  SVFOP_SESSION_USER: "session_user",
  SVFOP_CURRENT_CATALOG: "current_catalog",
  SVFOP_CURRENT_SCHEMA: "current_schema",
});

/**
 * The name PostgreSQL gives an unaliased select item (its FigureColname), or undefined where it
 * would say `?column?`: such columns cannot be referenced downstream by name.
 */
export function figureColumnName(node: unknown): string | undefined {
  const [kind, body] = Object.entries(recordOf(node))[0] ?? [];
  const record = recordOf(body);
  switch (kind) {
    case "ColumnRef": {
      const fields = arrayOf(record.fields);
      const name = fieldName(fields[fields.length - 1]);
      return name === "*" || name === "" ? undefined : name;
    }
    case "A_Indirection": {
      const indirection = arrayOf(record.indirection);
      const last = stringOf(recordOf(recordOf(indirection[indirection.length - 1]).String).sval);
      return last !== undefined ? last.toLowerCase() : figureColumnName(record.arg);
    }
    case "FuncCall":
      return functionNameOf(record);
    case "TypeCast": {
      const inner = figureColumnName(record.arg);
      if (inner !== undefined) return inner;
      const names = arrayOf(recordOf(record.typeName).names);
      return stringOf(recordOf(recordOf(names[names.length - 1]).String).sval)?.toLowerCase();
    }
    case "CollateClause":
      return figureColumnName(record.arg);
    case "CaseExpr":
      return "case";
    case "CoalesceExpr":
      return "coalesce";
    case "MinMaxExpr":
      return record.op === "IS_GREATEST" ? "greatest" : "least";
    case "A_Expr":
      return record.kind === "AEXPR_NULLIF" ? "nullif" : undefined;
    case "A_ArrayExpr":
      return "array";
    case "RowExpr":
      return "row";
    case "GroupingFunc":
      return "grouping";
    case "SQLValueFunction":
      return VALUE_FUNCTION_NAMES[stringOf(record.op) ?? ""];
    case "SubLink":
      if (record.subLinkType === "EXISTS_SUBLINK") return "exists";
      if (record.subLinkType === "ARRAY_SUBLINK") return "array";
      if (record.subLinkType === "EXPR_SUBLINK") {
        const target = recordOf(recordOf(arrayOf(selectBody(record.subselect).targetList)[0]).ResTarget);
        return stringOf(target.name)?.toLowerCase() ?? figureColumnName(target.val);
      }
      return undefined;
    default:
      return undefined;
  }
}
