import type { Change, ColumnDef, Constraint, IndexDef, TableDef } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import {
  atKeyDescription,
  DISTRIBUTION_SYNTAX,
  type Named,
  readColumn,
  readCommentText,
  readDistribution,
  readIdentifier,
  readIndexBody,
  readKeyDescription,
  readOptionalProperties,
  readOrderByColumns,
  readPartitionBy,
  readPropertyList,
  readRelationName,
  relationOnly,
} from "./clauses.js";
import type { TokenCursor } from "./cursor.js";
import { isSymbol, type Token, tokenize } from "./lexer.js";

export const CREATE_TABLE_SYNTAX =
  "CREATE [EXTERNAL | TEMPORARY] TABLE [IF NOT EXISTS] [db.]name (column, ... [, INDEX ...]) [ENGINE = olap] " +
  "[DUPLICATE | AGGREGATE | UNIQUE | PRIMARY KEY (columns)] [COMMENT '...'] [PARTITION BY ...] " +
  "[DISTRIBUTED BY ...] [ROLLUP (...)] [ORDER BY (columns)] [PROPERTIES (...)] [AS query] | ... LIKE [db.]other";

/** Table elements written the MySQL or Flink way, inside the column list. */
const MISPLACED_KEY_ELEMENTS: readonly (readonly string[])[] = [
  ["PRIMARY", "KEY"],
  ["UNIQUE", "KEY"],
  ["UNIQUE", "INDEX"],
  ["KEY"],
  ["CONSTRAINT"],
  ["FOREIGN", "KEY"],
];

/**
 * Clauses of other databases' CREATE TABLE that show up in StarRocks material (Hive tables for external
 * catalogs, Flink and Spark connector tables), with what to do instead.
 */
const FOREIGN_CLAUSES: readonly { readonly words: readonly string[]; readonly hint: string }[] = [
  ...[
    ["ROW", "FORMAT"],
    ["STORED", "AS"],
    ["LOCATION"],
    ["TBLPROPERTIES"],
    ["PARTITIONED", "BY"],
    ["CLUSTERED", "BY"],
  ].map((words) => ({
    words,
    hint:
      "This is Hive DDL (ROW FORMAT, STORED AS, LOCATION, TBLPROPERTIES): run it in Hive, or create the table " +
      'through a StarRocks Hive catalog with PARTITION BY and PROPERTIES ("file_format" = ...).',
  })),
  {
    words: ["WITH"],
    hint: "CREATE TABLE ... WITH ('connector' = ...) is Flink SQL: it declares a Flink table, not a StarRocks one.",
  },
  {
    words: ["USING"],
    hint: "CREATE TABLE ... USING starrocks OPTIONS (...) is Spark SQL: it declares a Spark view of a StarRocks table.",
  },
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface TableElements {
  readonly columns: { readonly column: ColumnDef; readonly nullabilityWritten: boolean }[];
  readonly indexes: { readonly index: IndexDef; readonly span: Span }[];
  /** CREATE TABLE t (a, b) AS SELECT: names without types. */
  readonly namesOnly: string[];
  /** Where the first name without a type ends, to report a missing type there when there is no query. */
  missingTypeAt?: Token;
}

function readTableElements(cursor: TokenCursor, table: TableDef["name"]): TableElements {
  const elements: TableElements = { columns: [], indexes: [], namesOnly: [] };
  cursor.expectSymbol("(");
  do {
    const first = cursor.peek();
    if (MISPLACED_KEY_ELEMENTS.some((words) => cursor.atKeyword(...words))) {
      cursor.fail(
        "a column or INDEX definition",
        "StarRocks declares the table's key after the column list: ... ) PRIMARY KEY (columns) or DUPLICATE KEY (columns). " +
          "`PRIMARY KEY (...) NOT ENFORCED` is Flink SQL, `KEY idx (...)` and `CONSTRAINT` are MySQL.",
      );
    }
    if (cursor.atKeyword("INDEX") && !isSymbol(cursor.peek(1), ",", ")")) {
      cursor.position++;
      const index = readIndexBody(cursor, table);
      elements.indexes.push({ index, span: cursor.spanFrom(first!) });
    } else if (isSymbol(cursor.peek(1), ",", ")")) {
      elements.namesOnly.push(readIdentifier(cursor, "a column name").name);
      elements.missingTypeAt ??= cursor.peek();
    } else {
      elements.columns.push(readColumn(cursor));
    }
  } while (cursor.acceptSymbol(","));
  cursor.expectSymbol(")");
  return elements;
}

/**
 * Marks the key columns (column names are case-insensitive in StarRocks). Primary Key tables make their
 * key columns NOT NULL unless the statement says otherwise (CREATE TABLE reference, NULL | NOT NULL).
 */
function markKeyColumns(
  columns: TableElements["columns"],
  table: Pick<TableDef, "tableModel" | "keyColumns">,
): ColumnDef[] {
  const keys = new Set((table.keyColumns ?? []).map((name) => name.toLowerCase()));
  return columns.map(({ column, nullabilityWritten }) => {
    if (!keys.has(column.name.toLowerCase())) return column;
    const nullable = table.tableModel === "primary" && !nullabilityWritten ? false : column.nullable;
    return { ...column, key: true, nullable };
  });
}

/**
 * `foreign_key_constraints` in PROPERTIES: `(cols) REFERENCES [catalog.][db.]table(cols)[; ...]`. StarRocks
 * records them for the optimizer only, so they come out informational.
 */
export function foreignKeysFromProperty(value: string): Constraint[] {
  const constraints: Constraint[] = [];
  for (const part of value.split(";")) {
    const { tokens } = tokenize(part);
    const values = tokens.map((token) => token.value);
    const referencesAt = tokens.findIndex(
      (token) => token.kind === "word" && token.text.toUpperCase() === "REFERENCES",
    );
    if (referencesAt < 0) continue;
    const columns = values.slice(0, referencesAt).filter((_, i) => !isSymbol(tokens[i], "(", ")", ","));
    const open = tokens.findIndex((token, i) => i > referencesAt && isSymbol(token, "("));
    if (open < 0) continue;
    const nameParts = tokens.slice(referencesAt + 1, open).filter((token) => !isSymbol(token, "."));
    const referenced = values
      .slice(open + 1)
      .filter((_, i) => !isSymbol(tokens[open + 1 + i], "(", ")", ","));
    const table = nameParts[nameParts.length - 1];
    if (table === undefined) continue;
    const schema = nameParts.length > 1 ? nameParts[nameParts.length - 2]!.value : undefined;
    constraints.push({
      kind: "foreign_key",
      columns,
      references: {
        table: schema === undefined ? { name: table.value } : { schema, name: table.value },
        columns: referenced,
      },
      informational: true,
    });
  }
  return constraints;
}

/**
 * CREATE TABLE, the cursor after TABLE. `first` is the statement's first token; `flags` the words read
 * between CREATE and TABLE. Returns the create_table change followed by one create_index per inline index
 * and one add_partition per named partition, so that the catalog knows them.
 */
export function parseCreateTable(
  cursor: TokenCursor,
  statementSpan: Span,
  flags: { readonly temporary: boolean; readonly external: boolean; readonly orReplace: boolean },
): Change[] {
  cursor.hint = CREATE_TABLE_SYNTAX;
  const ifNotExists = cursor.acceptKeyword("IF", "NOT", "EXISTS") !== undefined;
  const name = relationOnly(readRelationName(cursor));
  const table: Mutable<TableDef> = { name, columns: [], constraints: [] };
  if (flags.temporary) table.temporary = true;
  const extra: Change[] = [];

  if (cursor.acceptKeyword("LIKE")) {
    readRelationName(cursor);
    cursor.expectEnd();
    table.columnsUnknown = true;
    return [
      {
        kind: "create_table",
        table,
        ifNotExists,
        ...(flags.orReplace ? { orReplace: true } : {}),
        span: statementSpan,
      },
    ];
  }

  let elements: TableElements = { columns: [], indexes: [], namesOnly: [] };
  if (cursor.atSymbol("(")) elements = readTableElements(cursor, name);
  let engine: string | undefined;
  let query = false;
  let partitionNames: readonly Named[] = [];

  while (!cursor.atEnd()) {
    if (cursor.acceptKeyword("ENGINE")) {
      cursor.acceptSymbol("=");
      engine = readIdentifier(cursor, "an engine name").name.toLowerCase();
    } else if (atKeyDescription(cursor)) {
      const key = readKeyDescription(cursor);
      table.tableModel = key.tableModel;
      table.keyColumns = key.keyColumns;
    } else if (cursor.acceptKeyword("COMMENT")) table.comment = readCommentText(cursor);
    else if (cursor.acceptKeyword("PARTITION", "BY")) {
      const description = readPartitionBy(cursor);
      table.partitioning = description.partitioning;
      partitionNames = description.partitions;
    } else if (cursor.acceptKeyword("DISTRIBUTED")) {
      cursor.expectKeyword("BY");
      table.distribution = readDistribution(cursor);
    } else if (cursor.acceptKeyword("ROLLUP")) cursor.skipParenthesised();
    else if (cursor.acceptKeyword("ORDER")) {
      cursor.expectKeyword("BY");
      table.orderBy = readOrderByColumns(cursor);
    } else if (cursor.atKeyword("PROPERTIES"))
      table.properties = { ...table.properties, ...readOptionalProperties(cursor) };
    else if (cursor.acceptKeyword("BROKER")) {
      cursor.expectKeyword("PROPERTIES");
      readPropertyList(cursor);
    } else if (cursor.acceptKeyword("AS")) {
      // CREATE TABLE ... AS SELECT: the query runs to the end of the statement.
      if (cursor.skipUntil(() => false) === undefined) cursor.fail("a query after AS");
      query = true;
    } else {
      const foreign = FOREIGN_CLAUSES.find((clause) => cursor.atKeyword(...clause.words));
      cursor.fail(
        "ENGINE, a key description, COMMENT, PARTITION BY, DISTRIBUTED BY, ORDER BY, PROPERTIES or AS",
        foreign?.hint ?? `${CREATE_TABLE_SYNTAX}; ${DISTRIBUTION_SYNTAX}`,
      );
    }
  }

  if (elements.namesOnly.length > 0 && !query) {
    // `CREATE TABLE t (a, b)` without AS: the column needs a type.
    cursor.failAt(elements.missingTypeAt, "a column type");
  }
  if (!query && elements.columns.length === 0 && elements.indexes.length === 0)
    cursor.fail("a column list or AS query");

  const isOlap = engine === undefined || engine === "olap";
  if (table.tableModel === undefined && isOlap && !flags.external) table.tableModel = "duplicate";
  table.columns = markKeyColumns(elements.columns, table);
  if (query) table.columnsUnknown = true;
  const constraints: Constraint[] = [];
  if (table.tableModel === "primary" && table.keyColumns) {
    constraints.push({ kind: "primary_key", columns: table.keyColumns });
  }
  const foreignKeys = table.properties?.foreign_key_constraints;
  if (foreignKeys !== undefined) constraints.push(...foreignKeysFromProperty(foreignKeys));
  table.constraints = constraints;

  for (const { index, span } of elements.indexes)
    extra.push({ kind: "create_index", index, ifNotExists: false, span });
  for (const partition of partitionNames) {
    extra.push({ kind: "add_partition", table: name, partition: partition.name, span: partition.span });
  }
  return [
    {
      kind: "create_table",
      table,
      ifNotExists,
      ...(flags.orReplace ? { orReplace: true } : {}),
      span: statementSpan,
    },
    ...extra,
  ];
}
