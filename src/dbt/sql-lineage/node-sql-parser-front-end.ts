/**
 * Front end for every warehouse but PostgreSQL: node-sql-parser (a PEG parser with one grammar per
 * dialect) -> query model. Its AST is loose and differs between grammars (a table's database is
 * `db` in one and `catalog` in another, a column is a string or `{ expr: { value } }`), so every
 * field is narrowed where it is read.
 */
import { createRequire } from "node:module";
import type { Parser } from "node-sql-parser";
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

/** A node-sql-parser grammar and the dialect facts its AST leaves to us. */
export interface SqlGrammar {
  /** node-sql-parser's `database` option. */
  readonly database: string;
  /** `"x"` names a column (ANSI); in MySQL and BigQuery it is a string. */
  readonly doubleQuotedIsIdentifier: boolean;
  /**
   * What the warehouse does to a table name written without quotes (Snowflake: upper case), so that the
   * names the query model carries are the names it stores. Default: kept as written.
   */
  readonly unquotedFold?: "lower" | "upper" | "none";
}

const require = createRequire(import.meta.url);
const parsers = new Map<string, Parser>();

/**
 * One grammar's build of node-sql-parser, loaded on first use: the package's main entry bundles every
 * grammar and costs ~450 ms to load, a single grammar ~50 ms, which a pre-commit hook feels.
 */
export function grammarParser(database: string): Parser {
  const build = database.toLowerCase();
  let parser = parsers.get(build);
  if (!parser) {
    const module = require(`node-sql-parser/build/${build}.js`) as { Parser: new () => Parser };
    parser = new module.Parser();
    parsers.set(build, parser);
  }
  return parser;
}

export function parseWithGrammar(sql: string, grammar: SqlGrammar): FrontEndResult {
  const parser = grammarParser(grammar.database);
  let ast: unknown;
  try {
    ast = parser.astify(sql, { database: grammar.database, trimQuery: false }); // untrimmed: error lines match the compiled SQL
  } catch (error) {
    return { kind: "error", message: `node-sql-parser (${grammar.database}): ${shortParseError(error)}` };
  }
  const selects = (Array.isArray(ast) ? ast : [ast]).filter(
    (statement) => recordOf(statement).type === "select",
  );
  const last = selects[selects.length - 1];
  if (last === undefined) return { kind: "error", message: "the compiled SQL holds no SELECT statement" };
  const notes =
    selects.length > 1
      ? [`the compiled SQL holds ${selects.length} SELECT statements; the last one was analysed`]
      : [];
  try {
    return { kind: "query", query: new Converter(grammar).toQuery(last), notes };
  } catch (error) {
    // The AST is untyped: a shape we never met must not take the whole run down.
    return {
      kind: "error",
      message: `node-sql-parser (${grammar.database}) returned an unexpected tree: ${errorMessage(error)}`,
    };
  }
}

/** PEG errors list every expected token; keep the position and what was found. */
function shortParseError(error: unknown): string {
  const location = recordOf(recordOf(recordOf(error).location).start);
  const found = stringOf(recordOf(error).found);
  const line = typeof location.line === "number" ? location.line : undefined;
  const column = typeof location.column === "number" ? location.column : undefined;
  if (line !== undefined && column !== undefined) {
    const near =
      found !== undefined
        ? ` near ${JSON.stringify(found)}`
        : recordOf(error).found === null
          ? " near end of input"
          : "";
    return `syntax error at line ${line}, column ${column}${near}`;
  }
  return errorMessage(error).slice(0, 200);
}

/** Date functions whose first (or last) argument is a bare date part that the grammars read as a column. */
const DATE_PART_FUNCTIONS = new Set([
  "dateadd",
  "datediff",
  "date_trunc",
  "date_part",
  "datepart",
  "timeadd",
  "timediff",
  "timestampadd",
  "timestampdiff",
  "time_slice",
  "last_day",
  "date_diff",
  "datetime_diff",
  "timestamp_diff",
  "time_diff",
  "date_sub",
  "date_add",
  "datetime_trunc",
  "timestamp_trunc",
  "time_trunc",
  "trunc",
]);

const DATE_PARTS = new Set(
  [
    "year years y yy yyy yyyy yr yrs",
    "quarter quarters q qtr qtrs",
    "month months mm mon mons",
    "week weeks w wk weekofyear woy wy isoweek",
    "day days d dd dayofmonth dayofweek dayofweekiso dow dw dayofyear doy yearofweek yearofweekiso",
    "hour hours h hh hr hrs",
    "minute minutes m mi min mins",
    "second seconds s sec secs",
    "millisecond milliseconds ms msec microsecond microseconds us usec nanosecond nanoseconds ns nsec",
    "epoch epoch_second epoch_seconds epoch_millisecond epoch_milliseconds epoch_microsecond epoch_nanosecond",
    "timezone_hour timezone_minute",
  ]
    .join(" ")
    .split(" "),
);

const JOIN_PATTERNS: readonly [RegExp, JoinType][] = [
  [/LEFT/i, "left"],
  [/RIGHT/i, "right"],
  [/FULL/i, "full"],
  [/CROSS/i, "cross"],
];

/** An identifier in any of the grammars' spellings: "x", { value: "x" }, { expr: { value: "x" } }. */
const isPart = (part: string | undefined): part is string => part !== undefined;

function identifierText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const record = recordOf(value);
  if (typeof record.value === "string") return record.value;
  if (isRecord(record.expr)) return identifierText(record.expr);
  return undefined;
}

class Converter {
  constructor(private readonly grammar: SqlGrammar) {}

  toQuery(node: unknown): Query {
    const head = this.unwrap(node);
    const withClause = this.toWith(head.with);
    let query: Query = this.toSingleQuery(head);
    let current = head;
    while (isRecord(current._next)) {
      const operator = (stringOf(current.set_op) ?? "union").toLowerCase();
      const next: AstRecord = current._next;
      query = {
        kind: "set-operation",
        operator: operator.includes("union")
          ? "union"
          : operator.includes("intersect")
            ? "intersect"
            : "except",
        all: operator.includes("all"),
        left: query,
        right: this.toSingleQuery(next),
        clauses: [],
      };
      current = next;
    }
    if (query.kind === "set-operation") {
      return {
        ...query,
        ...(withClause ? { with: withClause } : {}),
        clauses: this.orderClauses(head._orderby),
      };
    }
    return withClause && query.kind === "select" ? { ...query, with: withClause } : query;
  }

  private unwrap(node: unknown): AstRecord {
    const record = recordOf(node);
    return isRecord(record.ast) ? record.ast : record;
  }

  private toSingleQuery(select: AstRecord): Query {
    if (select.type === "values") {
      const rows = arrayOf(select.values);
      return {
        kind: "values",
        width: arrayOf(recordOf(rows[0]).value).length,
        expression: this.collect(rows, "select"),
      };
    }
    return {
      kind: "select",
      from: this.toFromItems(select.from),
      projection: arrayOf(select.columns).flatMap((item) => this.toProjectionItem(recordOf(item))),
      clauses: [
        ...this.clause(select.where, "filter"),
        ...this.groupClauses(select),
        ...this.clause(select.having, "filter"),
        ...this.clause(select.qualify, "filter"),
        ...this.clause(recordOf(select.window).expr, "window"),
        ...this.orderClauses(select.orderby),
      ],
    };
  }

  private toWith(node: unknown): WithClause | undefined {
    const entries = arrayOf(node).filter(isRecord);
    if (entries.length === 0) return undefined;
    const ctes: CommonTableExpression[] = entries.map((entry) => {
      const columnAliases = arrayOf(entry.columns)
        .map((column) => identifierText(recordOf(column).column) ?? identifierText(column))
        .filter((name): name is string => name !== undefined)
        .map((name) => name.toLowerCase());
      return {
        name: (identifierText(entry.name) ?? "").toLowerCase(),
        ...(columnAliases.length > 0 ? { columnAliases } : {}),
        query: this.toQuery(entry.stmt),
      };
    });
    return { recursive: entries.some((entry) => entry.recursive === true), ctes };
  }

  private clause(node: unknown, usage: QueryUsage): ClauseItem[] {
    if (node === undefined || node === null) return [];
    return [{ usage, expression: this.collect(node, usage) }];
  }

  private positionalClauses(items: unknown, usage: QueryUsage): ClauseItem[] {
    return arrayOf(items).map((item) => {
      const record = recordOf(item);
      if (record.type === "number" && typeof record.value === "number")
        return { usage, position: record.value, expression: EMPTY_EXPRESSION };
      return { usage, expression: this.collect(item, usage) };
    });
  }

  /** GROUP BY items; `GROUP BY ALL` (Snowflake, BigQuery, DuckDB) groups by every non-aggregate select item. */
  private groupClauses(select: AstRecord): ClauseItem[] {
    const items = Array.isArray(select.groupby) ? select.groupby : recordOf(select.groupby).columns;
    const [only] = arrayOf(items);
    if (
      arrayOf(items).length !== 1 ||
      identifierText(only)?.toLowerCase() !== "all" ||
      recordOf(only).type === "column_ref"
    ) {
      return this.positionalClauses(items, "group");
    }
    return arrayOf(select.columns)
      .map((item) => recordOf(item).expr)
      .filter((expression) => !containsAggregate(expression) && !isStar(recordOf(expression)))
      .map((expression) => ({ usage: "group", expression: this.collect(expression, "group") }));
  }

  private orderClauses(items: unknown): ClauseItem[] {
    return this.positionalClauses(
      arrayOf(items).map((item) => recordOf(item).expr),
      "order",
    );
  }

  private toProjectionItem(item: AstRecord): ProjectionItem[] {
    const expression = recordOf(item.expr);
    if (
      item.type === "except" ||
      (expression.type === "column_ref" && expression.column === "*") ||
      expression.type === "star"
    ) {
      const qualifier = [expression.db, expression.schema, expression.table]
        .map(identifierText)
        .filter((part): part is string => part !== undefined && part !== "")
        .map((part) => part.toLowerCase());
      const exceptSource =
        item.type === "except" ? item.expr_list : recordOf(recordOf(expression.suffix).args).value;
      const except = arrayOf(exceptSource)
        .map((entry) => this.columnPath(recordOf(entry).type === "column_ref" ? entry : recordOf(entry).expr))
        .filter((path): path is string[] => path !== undefined)
        .map((path) => path[path.length - 1] ?? "");
      return [
        {
          kind: "star",
          ...(qualifier.length > 0 ? { qualifier } : {}),
          ...(except.length > 0 ? { except } : {}),
        },
      ];
    }
    const alias = identifierText(item.as)?.toLowerCase();
    const path = expression.type === "column_ref" ? this.columnPath(expression) : undefined;
    const isJsonPath =
      arrayOf(expression.notations).includes(":") || arrayOf(expression.subFields).length > 0;
    const name = alias ?? (path && !isJsonPath ? path[path.length - 1] : undefined);
    const bare = path !== undefined && !isJsonPath;
    return [
      {
        kind: "expression",
        expression: this.collect(item.expr, "select"),
        ...(name ? { name } : {}),
        ...(bare && { bare: true }),
      },
    ];
  }

  private toFromItems(from: unknown): FromItem[] {
    const items: FromItem[] = [];
    for (const entry of arrayOf(isRecord(from) && from.type !== "dual" ? [from] : from)) {
      const record = recordOf(entry);
      const item = this.toFromItem(record);
      if (item === undefined) continue;
      const previous = items[items.length - 1];
      const joinKeyword = stringOf(record.join);
      if (joinKeyword === undefined || previous === undefined) {
        items.push(item);
        continue;
      }
      const using = arrayOf(record.using)
        .map(identifierText)
        .filter((name): name is string => name !== undefined)
        .map((name) => name.toLowerCase());
      items[items.length - 1] = {
        kind: "join",
        joinType: JOIN_PATTERNS.find(([pattern]) => pattern.test(joinKeyword))?.[1] ?? "inner",
        left: previous,
        right: item,
        natural: /NATURAL/i.test(joinKeyword),
        ...(record.on ? { on: this.collect(record.on, "join") } : {}),
        ...(using.length > 0 ? { using } : {}),
      };
    }
    return items;
  }

  private toFromItem(item: AstRecord): FromItem | undefined {
    const expression = recordOf(item.expr);
    const alias = this.aliasOf(item.as);
    if (isRecord(expression.ast) || isRecord(item.ast)) {
      return {
        kind: "subquery",
        query: this.toQuery(item.expr ?? item.ast),
        lateral: item.prefix === "lateral",
        ...alias,
      };
    }
    if (expression.type === "tables") {
      const nested = this.toFromItems(expression.expr);
      return nested.reduce<FromItem | undefined>(
        (left, right) =>
          left === undefined ? right : { kind: "join", joinType: "cross", left, right, natural: false },
        undefined,
      );
    }
    if (expression.type === "values") {
      const rows = arrayOf(expression.values);
      const query: Query = {
        kind: "values",
        width: arrayOf(recordOf(rows[0]).value).length,
        expression: this.collect(rows, "select"),
      };
      return { kind: "subquery", query, lateral: false, ...alias };
    }
    if (item.type === "unnest" || isRecord(item.expr)) {
      const functionName = (
        identifierText(arrayOf(recordOf(expression.name).name)[0]) ??
        stringOf(expression.type) ??
        stringOf(item.type) ??
        "function"
      ).toLowerCase();
      return { kind: "table-function", functionName, arguments: this.collect(item.expr, "select"), ...alias };
    }
    if (item.type === "dual" || item.table === undefined) return undefined;
    return { kind: "table", name: this.tableName(item), ...alias };
  }

  /**
   * The table's name as the warehouse stores it: quoted parts verbatim, bare ones folded as the grammar's
   * warehouse folds them (node-sql-parser says which parts were quoted in `surround`).
   */
  private tableName(item: AstRecord): string[] {
    const surround = recordOf(item.surround);
    const part = (field: string) => {
      const text = identifierText(item[field]);
      if (text === undefined || text === "") return undefined;
      return stringOf(surround[field]) ? text : this.foldUnquoted(text);
    };
    const table = identifierText(item.table) ?? "";
    if (item.schema) return [part("catalog") ?? part("db"), part("schema"), part("table")].filter(isPart);
    if (item.db) return [part("db"), part("table")].filter(isPart);
    // BigQuery writes `project.dataset.table` as one quoted name: split, each part quoted or not as it was.
    const quoted = Boolean(stringOf(surround.table));
    return table
      .split(".")
      .filter((name) => name !== "")
      .map((name) => (quoted ? name : this.foldUnquoted(name)));
  }

  private foldUnquoted(text: string): string {
    if (this.grammar.unquotedFold === "lower") return text.toLowerCase();
    if (this.grammar.unquotedFold === "upper") return text.toUpperCase();
    return text;
  }

  private aliasOf(value: unknown): { alias?: string; columnAliases?: readonly string[] } {
    const text = identifierText(value);
    if (text === undefined) return {};
    // node-sql-parser keeps `AS v(a, b)` as one string
    const withColumns = /^\s*([^\s(]+)\s*\((.*)\)\s*$/.exec(text);
    if (withColumns === null) return { alias: text.toLowerCase() };
    const columnAliases = (withColumns[2] ?? "").split(",").map((name) =>
      name
        .trim()
        .replace(/^["`]|["`]$/g, "")
        .toLowerCase(),
    );
    return { alias: (withColumns[1] ?? "").toLowerCase(), columnAliases };
  }

  /** The written path of a column reference, cut at the column: `t.v:a.b` -> [t, v]. */
  columnPath(node: unknown): string[] | undefined {
    const reference = recordOf(node);
    const column = identifierText(reference.column);
    if (column === undefined) return undefined;
    const parts = [reference.db, reference.schema, reference.table]
      .map(identifierText)
      .filter((part): part is string => part !== undefined && part !== "");
    const all = [...parts, column].map((part) => part.toLowerCase());
    // Snowflake semi-structured access: the part before the first ':' is the column.
    const colon = arrayOf(reference.notations).indexOf(":");
    return colon >= 0 ? all.slice(0, colon + 1) : all;
  }

  /**
   * Collects the column references and subqueries of an expression. Literals (strings, numbers)
   * are separate node types, and comments never reach the AST, so neither can count as a column.
   */
  private collect(node: unknown, usage: QueryUsage): Expression {
    const references: ColumnReference[] = [];
    const subqueries: ExpressionSubquery[] = [];
    const walk = (
      value: unknown,
      currentUsage: QueryUsage,
      subqueryKind: ExpressionSubquery["kind"],
    ): void => {
      if (Array.isArray(value)) {
        for (const item of value) walk(item, currentUsage, subqueryKind);
        return;
      }
      if (!isRecord(value)) return;
      if (value.type === "column_ref") {
        const path = this.columnPath(value);
        if (path !== undefined && !(path.length === 1 && path[0] === "*"))
          references.push({ path, usage: currentUsage });
        return;
      }
      if (isRecord(value.ast)) {
        subqueries.push({ kind: subqueryKind, usage: currentUsage, query: this.toQuery(value.ast) });
        return;
      }
      if (
        value.type === "double_quote_string" &&
        this.grammar.doubleQuotedIsIdentifier &&
        typeof value.value === "string"
      ) {
        references.push({ path: [value.value.toLowerCase()], usage: currentUsage });
        return;
      }
      const functionName = this.functionName(value);
      const isExists = functionName === "exists" || /exists/i.test(stringOf(value.operator) ?? "");
      // EXISTS wraps its subquery in an expression list: the kind must survive that one level
      const childKind = isExists ? "exists" : value.type === "expr_list" ? subqueryKind : "value";
      for (const [key, child] of Object.entries(value)) {
        if (key === "over" || key === "loc") continue;
        const dropDateParts =
          key === "args" && functionName !== undefined && DATE_PART_FUNCTIONS.has(functionName);
        // array_agg(x ORDER BY y): y orders the aggregate, it is not x's value
        const childUsage = key === "orderby" ? "order" : currentUsage;
        walk(dropDateParts ? withoutDateParts(child) : child, childUsage, childKind);
      }
      const window = recordOf(recordOf(recordOf(value.over).as_window_specification).window_specification);
      walk(window.partitionby, "window", "value");
      walk(window.orderby, "window", "value");
    };
    walk(node, usage, "value");
    return { references, subqueries };
  }

  private functionName(node: AstRecord): string | undefined {
    if (node.type !== "function" && node.type !== "aggr_func" && node.type !== "window_func")
      return undefined;
    if (typeof node.name === "string") return node.name.toLowerCase();
    const name = recordOf(node.name);
    const parts = arrayOf(name.name);
    return (identifierText(parts[parts.length - 1]) ?? identifierText(name.schema))?.toLowerCase();
  }
}

/** Drops the bare date-part arguments (`day` in `dateadd(day, 1, x)`) that the grammars parse as columns. */
function withoutDateParts(args: unknown): unknown {
  const record = recordOf(args);
  if (!Array.isArray(record.value)) return args;
  const value = record.value.filter((argument) => {
    const reference = recordOf(argument);
    if (reference.type !== "column_ref" || reference.table) return true;
    const name = identifierText(reference.column)?.toLowerCase();
    return name === undefined || !DATE_PARTS.has(name);
  });
  return { ...record, value };
}

const AGGREGATE_FUNCTIONS = new Set([
  "array_agg",
  "listagg",
  "string_agg",
  "group_concat",
  "count_if",
  "any_value",
  "approx_count_distinct",
  "median",
  "mode",
  "stddev",
  "stddev_pop",
  "stddev_samp",
  "variance",
  "var_pop",
  "var_samp",
  "object_agg",
  "bool_and",
  "bool_or",
  "logical_and",
  "logical_or",
  "percentile_cont",
  "percentile_disc",
]);

/** An aggregate or window call anywhere in the expression: such an item is not a grouping key. */
function containsAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsAggregate);
  if (!isRecord(node)) return false;
  if (node.type === "aggr_func" || isRecord(node.over)) return true;
  if (node.type === "function") {
    const parts = arrayOf(recordOf(node.name).name);
    const name = identifierText(parts[parts.length - 1])?.toLowerCase();
    if (name !== undefined && AGGREGATE_FUNCTIONS.has(name)) return true;
  }
  return Object.entries(node).some(
    ([key, child]) => key !== "loc" && typeof child === "object" && containsAggregate(child),
  );
}

function isStar(expression: AstRecord): boolean {
  return expression.type === "star" || (expression.type === "column_ref" && expression.column === "*");
}
