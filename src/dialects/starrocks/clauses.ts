import { lookupTable } from "../../lookup-table.js";
import type {
  Change,
  ColumnDef,
  Distribution,
  IndexDef,
  Partitioning,
  RelationName,
  TableModel,
} from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import type { TokenCursor } from "./cursor.js";
import { isKeyword, isSymbol, type Token } from "./lexer.js";
import { readDataType } from "./types.js";

/**
 * Readers for the pieces that CREATE TABLE, ALTER TABLE and CREATE MATERIALIZED VIEW share: names,
 * column and index definitions, key, partition and distribution descriptions, PROPERTIES.
 */

/** A change before its span is known; distributes over the union so that each kind keeps its fields. */
export type ChangeBody = Change extends infer C ? (C extends Change ? Omit<C, "span"> : never) : never;

export const COLUMN_SYNTAX =
  "a column reads: name type [KEY] [SUM|MAX|MIN|REPLACE|REPLACE_IF_NOT_NULL|HLL_UNION|BITMAP_UNION|PERCENTILE_UNION] " +
  "[NULL | NOT NULL] [DEFAULT value | DEFAULT CURRENT_TIMESTAMP | DEFAULT (expr)] [AUTO_INCREMENT] [AS expr] [COMMENT '...']";

export const AGGREGATE_TYPES: readonly string[] = [
  "SUM",
  "MAX",
  "MIN",
  "REPLACE",
  "REPLACE_IF_NOT_NULL",
  "HLL_UNION",
  "BITMAP_UNION",
  "PERCENTILE_UNION",
];

/** Defaults evaluated per row when a row is written, not once when the column is added. */
const VOLATILE_DEFAULT_FUNCTIONS: readonly string[] = [
  "CURRENT_TIMESTAMP",
  "NOW",
  "UUID",
  "UUID_NUMERIC",
  "RAND",
  "RANDOM",
];

export interface Named {
  readonly name: string;
  readonly span: Span;
}

export function readIdentifier(cursor: TokenCursor, what: string): Named {
  const token = cursor.peek();
  if (token === undefined || (token.kind !== "word" && token.kind !== "quoted")) cursor.fail(what);
  cursor.position++;
  return { name: token.value, span: { start: token.start, end: token.end } };
}

/** `[catalog.][db.]name`; the catalog, when given, does not change where the catalog model files the table. */
export function readRelationName(
  cursor: TokenCursor,
  what = "a table name",
): RelationName & { readonly span: Span } {
  const parts: Named[] = [readIdentifier(cursor, what)];
  while (cursor.atSymbol(".") && parts.length < 3) {
    cursor.position++;
    parts.push(readIdentifier(cursor, `${what} after '.'`));
  }
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2]!.name : undefined;
  const span = { start: parts[0]!.span.start, end: name.span.end };
  return schema === undefined ? { name: name.name, span } : { schema, name: name.name, span };
}

export function relationOnly(name: RelationName): RelationName {
  return name.schema === undefined ? { name: name.name } : { schema: name.schema, name: name.name };
}

/**
 * The other table of `SWAP WITH`: StarRocks' grammar takes a bare identifier (swapTableClause), so both
 * tables are in the same database; a qualified name is refused as StarRocks refuses it.
 */
export function readSwapPartner(cursor: TokenCursor): RelationName {
  const name = readIdentifier(cursor, "the name of the table to swap with").name;
  if (cursor.atSymbol(".")) {
    cursor.fail("a table of the same database after SWAP WITH, without a database prefix");
  }
  return { name };
}

/** `(a, b, c)`; `what` names one element for messages. */
export function readIdentifierList(cursor: TokenCursor, what = "a column name"): string[] {
  cursor.expectSymbol("(");
  const names: string[] = [];
  do names.push(readIdentifier(cursor, what).name);
  while (cursor.acceptSymbol(","));
  cursor.expectSymbol(")");
  return names;
}

/** A literal or word as PROPERTIES and partition values write it; strings give their content. */
function readPropertyValue(cursor: TokenCursor, what: string): string {
  const token = cursor.peek();
  if (token === undefined || !(token.kind === "string" || token.kind === "number" || token.kind === "word")) {
    cursor.fail(what);
  }
  cursor.position++;
  return token.value;
}

/** `("key" = "value", ...)`, the cursor at `(`. */
export function readPropertyList(cursor: TokenCursor): Record<string, string> {
  const properties: Record<string, string> = {};
  cursor.expectSymbol("(");
  if (cursor.acceptSymbol(")")) return properties;
  do {
    const key = readPropertyValue(cursor, "a property name in quotes");
    cursor.expectSymbol("=");
    properties[key] = readPropertyValue(cursor, "a property value in quotes");
  } while (cursor.acceptSymbol(","));
  cursor.expectSymbol(")");
  return properties;
}

/** `PROPERTIES (...)` when present. */
export function readOptionalProperties(cursor: TokenCursor): Record<string, string> | undefined {
  if (!cursor.acceptKeyword("PROPERTIES")) return undefined;
  return readPropertyList(cursor);
}

/** `COMMENT 'text'` or `COMMENT = 'text'`, the cursor after COMMENT. */
export function readCommentText(cursor: TokenCursor): string {
  cursor.acceptSymbol("=");
  const token = cursor.peek();
  if (token?.kind !== "string") cursor.fail("a comment string");
  cursor.position++;
  return token.value;
}

function readDefault(cursor: TokenCursor): { text: string; volatile: boolean } {
  const first = cursor.peek();
  if (first === undefined) cursor.fail("a default value");
  if (isSymbol(first, "(")) {
    cursor.skipParenthesised();
    const volatile = isKeyword(
      cursor.tokens[cursor.tokens.indexOf(first) + 1],
      ...VOLATILE_DEFAULT_FUNCTIONS,
    );
    return { text: cursor.textFrom(first), volatile };
  }
  if (isSymbol(first, "-", "+")) {
    cursor.position++;
    const number = cursor.peek();
    if (number?.kind !== "number") cursor.fail("a number");
    cursor.position++;
    return { text: cursor.textFrom(first), volatile: false };
  }
  if (first.kind === "string" || first.kind === "number") {
    cursor.position++;
    return { text: first.text, volatile: false };
  }
  if (first.kind === "word") {
    cursor.position++;
    if (cursor.atSymbol("(")) cursor.skipParenthesised();
    return { text: cursor.textFrom(first), volatile: isKeyword(first, ...VOLATILE_DEFAULT_FUNCTIONS) };
  }
  return cursor.fail("a default value");
}

/** Ends of a column definition inside a list: the expression of `AS expr` stops there. */
function endsColumnExpression(token: Token): boolean {
  return isSymbol(token, ",") || isKeyword(token, "COMMENT");
}

/**
 * `name type [KEY] [agg] [NULL|NOT NULL] [DEFAULT ...] [AUTO_INCREMENT] [AS expr] [COMMENT '...']`.
 * The attributes are accepted in any order, as StarRocks writes some of them in different places
 * (`SHOW CREATE TABLE` puts the aggregate before NULL, users write it after).
 */
export function readColumnDefinition(cursor: TokenCursor): ColumnDef {
  return readColumn(cursor).column;
}

/** A column definition, and whether it said NULL or NOT NULL (Primary Key tables default keys to NOT NULL). */
export function readColumn(cursor: TokenCursor): {
  readonly column: ColumnDef;
  readonly nullabilityWritten: boolean;
} {
  const previousHint = cursor.hint;
  cursor.hint = COLUMN_SYNTAX;
  const first = cursor.peek()!;
  const name = readIdentifier(cursor, "a column name").name;
  const type = readDataType(cursor, true);
  const column: {
    -readonly [K in keyof ColumnDef]: ColumnDef[K];
  } = { name, type, nullable: true };
  let nullabilityWritten = false;
  for (;;) {
    if (cursor.acceptKeyword("KEY")) column.key = true;
    else if (cursor.atAnyKeyword(...AGGREGATE_TYPES))
      column.aggregate = cursor.next("an aggregate type").text.toUpperCase();
    else if (cursor.acceptKeyword("NOT", "NULL")) {
      column.nullable = false;
      nullabilityWritten = true;
    } else if (cursor.acceptKeyword("NULL")) {
      column.nullable = true;
      nullabilityWritten = true;
    } else if (cursor.acceptKeyword("DEFAULT")) {
      const value = readDefault(cursor);
      column.default = value.text;
      if (value.volatile) column.volatileDefault = true;
    } else if (cursor.acceptKeyword("AUTO_INCREMENT")) column.autoIncrement = true;
    else if (cursor.acceptKeyword("AS")) {
      const expression = cursor.skipUntil(endsColumnExpression);
      if (expression === undefined) cursor.fail("a generated column expression");
      // StarRocks computes a generated column's values on load and stores them ("Generated columns").
      column.generated = { storage: "stored", expression: cursor.textFrom(expression) };
    } else if (cursor.acceptKeyword("COMMENT")) column.comment = readCommentText(cursor);
    else if (cursor.acceptKeyword("CHARSET") || cursor.acceptKeyword("CHARACTER", "SET")) {
      column.charset = readIdentifier(cursor, "a character set name").name;
    } else if (cursor.acceptKeyword("COLLATE"))
      column.collation = readIdentifier(cursor, "a collation name").name;
    else break;
  }
  column.span = cursor.spanFrom(first);
  cursor.hint = previousHint;
  return { column, nullabilityWritten };
}

export const INDEX_SYNTAX =
  "an index reads: INDEX name (column, ...) [USING BITMAP|NGRAMBF|GIN|VECTOR] [(properties)] [COMMENT '...']";

/** `name (cols) [USING method] [("k"="v")] [COMMENT '...']`, the cursor after INDEX. */
export function readIndexBody(cursor: TokenCursor, table: RelationName): IndexDef {
  const previousHint = cursor.hint;
  cursor.hint = INDEX_SYNTAX;
  const name = readIdentifier(cursor, "an index name").name;
  const columns = readIdentifierList(cursor);
  let method: string | undefined;
  if (cursor.acceptKeyword("USING")) {
    method = readIdentifier(cursor, "an index type (BITMAP, NGRAMBF, GIN)").name.toLowerCase();
    if (cursor.atSymbol("(")) readPropertyList(cursor);
  }
  if (cursor.atKeyword("PROPERTIES")) readOptionalProperties(cursor);
  if (cursor.acceptKeyword("COMMENT")) readCommentText(cursor);
  cursor.hint = previousHint;
  return {
    name,
    table: relationOnly(table),
    columns,
    unique: false,
    ...(method === undefined ? {} : { method }),
  };
}

const TABLE_MODELS: Readonly<Record<string, TableModel>> = lookupTable({
  DUPLICATE: "duplicate",
  AGGREGATE: "aggregate",
  UNIQUE: "unique",
  PRIMARY: "primary",
});

export function atKeyDescription(cursor: TokenCursor): boolean {
  return cursor.atAnyKeyword(...Object.keys(TABLE_MODELS)) && isKeyword(cursor.peek(1), "KEY");
}

/** `DUPLICATE|AGGREGATE|UNIQUE|PRIMARY KEY (cols)`. */
export function readKeyDescription(cursor: TokenCursor): { tableModel: TableModel; keyColumns: string[] } {
  const model = cursor.next("a key type").text.toUpperCase();
  cursor.expectKeyword("KEY");
  return { tableModel: TABLE_MODELS[model]!, keyColumns: readIdentifierList(cursor) };
}

export const DISTRIBUTION_SYNTAX =
  "DISTRIBUTED BY HASH (column, ...) [BUCKETS n] | DISTRIBUTED BY RANDOM [BUCKETS n]";

/** `HASH (cols) [BUCKETS n]` or `RANDOM [BUCKETS n]`, the cursor after DISTRIBUTED BY. */
export function readDistribution(cursor: TokenCursor): Distribution {
  const previousHint = cursor.hint;
  cursor.hint = DISTRIBUTION_SYNTAX;
  let distribution: Distribution;
  if (cursor.acceptKeyword("HASH")) distribution = { kind: "hash", columns: readIdentifierList(cursor) };
  else if (cursor.acceptKeyword("RANDOM")) distribution = { kind: "random", columns: [] };
  else cursor.fail("HASH or RANDOM");
  if (cursor.acceptKeyword("BUCKETS")) {
    const count = cursor.peek();
    if (count?.kind === "number") {
      cursor.position++;
      distribution = { ...distribution, buckets: Number(count.text) };
    } else if (!cursor.acceptKeyword("AUTO")) cursor.fail("a number of buckets");
  }
  cursor.hint = previousHint;
  return distribution;
}

/** `(cols)` or `cols` for ORDER BY, which ALTER TABLE accepts without parentheses. */
export function readOrderByColumns(cursor: TokenCursor): string[] {
  if (cursor.atSymbol("(")) return readIdentifierList(cursor);
  const names: string[] = [];
  do names.push(readIdentifier(cursor, "a column name").name);
  while (cursor.acceptSymbol(","));
  return names;
}

/** Words inside partition expressions that are not column names. */
const EXPRESSION_KEYWORDS: readonly string[] = [
  "INTERVAL",
  "YEAR",
  "QUARTER",
  "MONTH",
  "WEEK",
  "DAY",
  "HOUR",
  "MINUTE",
  "SECOND",
  "FLOOR",
  "CEIL",
  "AS",
  "NULL",
  "TRUE",
  "FALSE",
];

/**
 * The columns an expression reads: identifiers that are neither function names nor keywords. Good enough
 * for partition expressions (`date_trunc('day', dt)`, `str2date(dt, '%Y-%m-%d')`), which name one column.
 */
function referencedColumns(tokens: readonly Token[]): string[] {
  const columns: string[] = [];
  tokens.forEach((token, index) => {
    const isCall = isSymbol(tokens[index + 1], "(");
    const isQualifier = isSymbol(tokens[index + 1], ".");
    if (token.kind === "quoted" && !isQualifier) columns.push(token.value);
    else if (token.kind === "word" && !isCall && !isQualifier && !isKeyword(token, ...EXPRESSION_KEYWORDS)) {
      columns.push(token.value);
    }
  });
  return [...new Set(columns)];
}

/**
 * Comma-separated partition columns or expressions, up to `stop` at depth zero. Plain identifiers give a
 * column list; anything else keeps its text as the expression.
 */
function readPartitionItems(
  cursor: TokenCursor,
  stop: (token: Token) => boolean,
): { columns: string[]; expression?: string } {
  const first = cursor.peek();
  const start = cursor.position;
  if (cursor.skipUntil(stop) === undefined || first === undefined)
    cursor.fail("a partition column or expression");
  const tokens = cursor.tokens.slice(start, cursor.position);
  const plainColumns = tokens.every((token, index) =>
    index % 2 === 0 ? token.kind === "word" || token.kind === "quoted" : isSymbol(token, ","),
  );
  if (plainColumns)
    return { columns: tokens.filter((token) => !isSymbol(token, ",")).map((token) => token.value) };
  return { columns: referencedColumns(tokens), expression: cursor.textFrom(first) };
}

export const PARTITION_SYNTAX =
  "PARTITION BY RANGE (columns) (PARTITION p VALUES LESS THAN (...), ... | START (...) END (...) EVERY (...)) | " +
  "PARTITION BY LIST (columns) (PARTITION p VALUES IN (...), ...) | PARTITION BY expression[, ...]";

export interface PartitionDescription {
  readonly partitioning: Partitioning;
  /** Partitions the statement names; batch (START/END/EVERY) and automatic partitions have no name yet. */
  readonly partitions: readonly Named[];
}

/**
 * The bound of one partition, the cursor after VALUES:
 * `LESS THAN (v, ...) | LESS THAN MAXVALUE | [(v, ...), (v, ...)) | IN (v, ...) | IN ((v, ...), ...)`.
 */
export function readPartitionValues(cursor: TokenCursor): void {
  if (cursor.acceptKeyword("LESS", "THAN")) {
    if (cursor.acceptKeyword("MAXVALUE")) return;
    cursor.skipParenthesised();
    return;
  }
  if (cursor.acceptKeyword("IN")) {
    cursor.skipParenthesised();
    return;
  }
  if (cursor.acceptSymbol("[")) {
    cursor.skipParenthesised();
    cursor.expectSymbol(",");
    cursor.skipParenthesised();
    cursor.expectSymbol(")");
    return;
  }
  cursor.fail("LESS THAN, IN or [ after VALUES");
}

/** `PARTITION [IF NOT EXISTS] name VALUES ... [("k"="v")]`, the cursor after PARTITION. */
export function readPartitionDefinition(cursor: TokenCursor): Named {
  cursor.acceptKeyword("IF", "NOT", "EXISTS");
  const name = readIdentifier(cursor, "a partition name");
  cursor.expectKeyword("VALUES");
  readPartitionValues(cursor);
  if (cursor.atSymbol("(")) readPropertyList(cursor);
  return name;
}

/** `START ("x") END ("y") EVERY (INTERVAL n unit | n)`, the cursor after START. */
export function readPartitionBatch(cursor: TokenCursor): void {
  cursor.skipParenthesised();
  cursor.expectKeyword("END");
  cursor.skipParenthesised();
  if (cursor.acceptKeyword("EVERY")) cursor.skipParenthesised();
}

function readPartitionList(cursor: TokenCursor): Named[] {
  const partitions: Named[] = [];
  cursor.expectSymbol("(");
  if (cursor.acceptSymbol(")")) return partitions;
  do {
    const first = cursor.peek();
    if (cursor.acceptKeyword("PARTITION")) {
      const name = readPartitionDefinition(cursor);
      partitions.push({ name: name.name, span: cursor.spanFrom(first!) });
    } else if (cursor.acceptKeyword("START")) readPartitionBatch(cursor);
    else cursor.fail("PARTITION or START");
  } while (cursor.acceptSymbol(","));
  cursor.expectSymbol(")");
  return partitions;
}

/** Clauses that may follow a bare partition expression. */
const AFTER_PARTITION_EXPRESSION: readonly string[] = [
  "DISTRIBUTED",
  "ORDER",
  "PROPERTIES",
  "REFRESH",
  "AS",
  "ROLLUP",
  "COMMENT",
  "BROKER",
];

/** Everything after PARTITION BY. */
export function readPartitionBy(cursor: TokenCursor): PartitionDescription {
  const previousHint = cursor.hint;
  cursor.hint = PARTITION_SYNTAX;
  let result: PartitionDescription;
  const kind = cursor.acceptKeyword("RANGE") ? "range" : cursor.acceptKeyword("LIST") ? "list" : undefined;
  if (kind !== undefined) {
    cursor.expectSymbol("(");
    const items = readPartitionItems(cursor, (token) => isSymbol(token, ")"));
    cursor.expectSymbol(")");
    const partitions = cursor.atSymbol("(") ? readPartitionList(cursor) : [];
    result = { partitioning: { kind, ...items }, partitions };
  } else if (cursor.atSymbol("(")) {
    // PARTITION BY (dt, city): automatic partitions, one per distinct value.
    cursor.position++;
    const items = readPartitionItems(cursor, (token) => isSymbol(token, ")"));
    cursor.expectSymbol(")");
    result = { partitioning: { kind: "expression", ...items }, partitions: [] };
  } else {
    const items = readPartitionItems(cursor, (token) => isKeyword(token, ...AFTER_PARTITION_EXPRESSION));
    result = { partitioning: { kind: "expression", ...items }, partitions: [] };
  }
  cursor.hint = previousHint;
  return result;
}
