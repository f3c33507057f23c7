import type {
  ColumnDef,
  Constraint,
  ForeignKeyReference,
  GeneratedColumn,
  Partitioning,
} from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import type { TokenCursor } from "./cursor.js";
import { normalizeMysqlType } from "./types.js";

/** A constraint together with the source it came from (an inline attribute or a table element). */
export interface LocatedConstraint {
  readonly constraint: Constraint;
  readonly span: Span;
}

/**
 * An index of CREATE TABLE ( … ), ALTER TABLE ADD …, or a column's UNIQUE attribute. In MySQL a UNIQUE
 * constraint *is* a unique index (DROP INDEX drops it, SHOW INDEX lists it), so it is modelled as one.
 */
export interface IndexElement {
  readonly kind: "index";
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly method?: string;
  readonly span: Span;
}

export interface ParsedColumn {
  readonly column: ColumnDef;
  /** Column-level PRIMARY KEY, REFERENCES and CHECK, normalised to table constraints. */
  readonly constraints: readonly LocatedConstraint[];
  /** Column-level UNIQUE [KEY]: a unique index named after the column. */
  readonly indexes: readonly IndexElement[];
  /** ALTER TABLE … FIRST / AFTER col. */
  readonly position?: string;
}

/** A non-column element of CREATE TABLE ( … ) or ALTER TABLE ADD …: a constraint or an index. */
export type TableElement =
  | { readonly kind: "constraint"; readonly constraint: Constraint; readonly span: Span }
  | IndexElement;

/** Words that may follow a type's name: DOUBLE PRECISION, NATIONAL CHAR VARYING, LONG VARBINARY. */
const TYPE_NAME_CONTINUATIONS: ReadonlySet<string> = new Set([
  "PRECISION",
  "VARYING",
  "CHAR",
  "CHARACTER",
  "VARCHAR",
  "VARBINARY",
]);
const TYPE_NAME_STARTS_WITH_CONTINUATION: ReadonlySet<string> = new Set([
  "DOUBLE",
  "NATIONAL",
  "LONG",
  "CHAR",
  "CHARACTER",
  "NCHAR",
]);
const TYPE_MODIFIERS: ReadonlySet<string> = new Set(["UNSIGNED", "SIGNED", "ZEROFILL"]);

/**
 * Functions evaluated again for every row. NOW() / CURRENT_TIMESTAMP are not among them: they are
 * constant within a statement, so ALTER TABLE … ADD COLUMN fills every existing row with one value.
 */
const VOLATILE_FUNCTIONS: ReadonlySet<string> = new Set([
  "UUID",
  "UUID_SHORT",
  "RAND",
  "RANDOM_BYTES",
  "SYSDATE", // the time at which it executes, unlike NOW()
  "NEXTVAL", // MariaDB sequences
  "SYS_GUID", // MariaDB
]);

/** Where a column definition ends in ALTER TABLE: before FIRST / AFTER col. */
const POSITION_WORDS: ReadonlySet<string> = new Set(["FIRST", "AFTER"]);

/**
 * One column definition (MySQL manual 15.1.20): name, type, then attributes in any order, up to the next
 * top-level `,` or `)`. Unknown attributes are errors, so that nothing is skipped silently.
 */
export function parseColumnDefinition(cursor: TokenCursor, allowPosition: boolean): ParsedColumn {
  const startIndex = cursor.position;
  const name = cursor.identifier("column name");
  const typeStart = cursor.position;
  readTypeName(cursor);
  const typeEnd = cursor.position;
  const rawType = cursor.textOf(typeStart, typeEnd);
  const type = normalizeMysqlType(rawType);

  let nullable = true;
  let defaultText: string | undefined;
  let volatileDefault = false;
  let autoIncrement = false;
  let comment: string | undefined;
  let charset: string | undefined;
  let collation: string | undefined;
  let generated: GeneratedColumn | undefined;
  let position: string | undefined;
  let definitionEnd: number | undefined;
  const constraints: LocatedConstraint[] = [];
  const inline = (constraint: Constraint, from: number): void => {
    constraints.push({ constraint, span: cursor.spanOf(from, cursor.position) });
  };
  const indexes: IndexElement[] = [];
  const uniqueOnThisColumn = (from: number): void => {
    indexes.push({
      kind: "index",
      name,
      columns: [name],
      unique: true,
      span: cursor.spanOf(from, cursor.position),
    });
  };

  if (/^serial$/i.test(rawType)) {
    // SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
    nullable = false;
    autoIncrement = true;
    uniqueOnThisColumn(typeStart);
  }

  while (!cursor.done && !cursor.isPunct(",") && !cursor.isPunct(")")) {
    const from = cursor.position;
    if (allowPosition && cursor.isAnyWord(POSITION_WORDS)) {
      definitionEnd = cursor.position; // FIRST / AFTER places the column, it is not part of its definition
      position = readPosition(cursor);
      continue;
    }
    if (cursor.acceptWord("NOT", "NULL")) nullable = false;
    else if (cursor.acceptWord("NULL")) nullable = true;
    else if (cursor.acceptWord("SERIAL", "DEFAULT", "VALUE")) {
      // On an integer column: NOT NULL AUTO_INCREMENT UNIQUE.
      nullable = false;
      autoIncrement = true;
      uniqueOnThisColumn(from);
    } else if (cursor.acceptWord("DEFAULT")) {
      const value = readDefault(cursor);
      defaultText = value.text;
      volatileDefault = value.volatile;
    } else if (cursor.acceptWord("AUTO_INCREMENT")) autoIncrement = true;
    else if (cursor.acceptWord("UNIQUE")) {
      cursor.acceptWord("KEY");
      uniqueOnThisColumn(from);
    } else if (cursor.acceptWord("PRIMARY", "KEY") || cursor.acceptWord("KEY")) {
      nullable = false; // a primary key column is NOT NULL
      inline({ kind: "primary_key", columns: [name] }, from);
    } else if (cursor.acceptWord("COMMENT")) comment = stringValue(cursor);
    else if (acceptCharsetKeyword(cursor)) charset = optionValue(cursor);
    else if (cursor.acceptWord("COLLATE")) collation = optionValue(cursor);
    else if (cursor.isWord("REFERENCES")) {
      // MySQL parses and ignores inline REFERENCES (manual 15.1.20.5): recorded, but not enforced.
      const references = parseReferences(cursor);
      inline({ kind: "foreign_key", columns: [name], references, informational: true }, from);
    } else if (cursor.isWord("CONSTRAINT") || cursor.isWord("CHECK")) {
      const check = parseCheck(cursor);
      inline(check, from);
    } else if (cursor.acceptWord("GENERATED", "ALWAYS", "AS") || cursor.acceptWord("AS")) {
      const open = cursor.position;
      const close = cursor.skipBalanced();
      const expression = cursor.textOf(open + 1, close);
      // VIRTUAL unless STORED (or MariaDB's PERSISTENT) says otherwise.
      const stored = cursor.acceptWord("STORED") || cursor.acceptWord("PERSISTENT");
      if (!stored) cursor.acceptWord("VIRTUAL");
      generated = { storage: stored ? "stored" : "virtual", expression };
    } else if (cursor.acceptWord("ON", "UPDATE")) {
      skipDefaultExpression(cursor); // ON UPDATE CURRENT_TIMESTAMP: a write-time behaviour, not part of the type
    } else if (!skipIgnoredColumnAttribute(cursor)) {
      throw cursor.error(`unexpected column attribute for ${name}`);
    }
  }

  const column: ColumnDef = {
    name,
    type,
    nullable,
    ...(defaultText !== undefined ? { default: defaultText } : {}),
    ...(volatileDefault ? { volatileDefault } : {}),
    ...(generated !== undefined ? { generated } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(autoIncrement ? { autoIncrement } : {}),
    ...(charset !== undefined ? { charset } : {}),
    ...(collation !== undefined ? { collation } : {}),
    span: cursor.spanOf(startIndex, definitionEnd ?? cursor.position),
  };
  return { column, constraints, indexes, ...(position !== undefined ? { position } : {}) };
}

/** FIRST, or AFTER col: kept as written with the keyword upper-cased. */
function readPosition(cursor: TokenCursor): string {
  if (cursor.acceptWord("FIRST")) return "FIRST";
  cursor.expectWord("AFTER");
  return `AFTER ${cursor.identifier("column name")}`;
}

/**
 * Consumes the data type: name words, `(args)`, UNSIGNED/SIGNED/ZEROFILL. Character set and collation
 * that follow stay for the attribute loop (they belong to the column).
 */
function readTypeName(cursor: TokenCursor): void {
  const first = cursor.peek();
  if (first?.kind !== "word") throw cursor.error("expected a data type");
  cursor.next();
  let previous = first.upper;
  while (
    TYPE_NAME_STARTS_WITH_CONTINUATION.has(first.upper) &&
    cursor.isAnyWord(TYPE_NAME_CONTINUATIONS) &&
    !cursor.isWord(cursor.peek()!.upper, "SET") && // CHAR CHARACTER SET utf8: the attribute, not the name
    previous !== "PRECISION"
  ) {
    previous = cursor.next().upper;
  }
  if (cursor.isPunct("(")) cursor.skipBalanced();
  while (cursor.isAnyWord(TYPE_MODIFIERS)) cursor.next();
}

/** CHARACTER SET / CHARSET / CHAR SET. */
function acceptCharsetKeyword(cursor: TokenCursor): boolean {
  return (
    cursor.acceptWord("CHARACTER", "SET") || cursor.acceptWord("CHARSET") || cursor.acceptWord("CHAR", "SET")
  );
}

/** Column attributes that do not change what Schematic models. */
function skipIgnoredColumnAttribute(cursor: TokenCursor): boolean {
  // VISIBLE/INVISIBLE hide a column from SELECT *; the column still exists for explicit readers.
  if (cursor.acceptWord("VISIBLE") || cursor.acceptWord("INVISIBLE")) return true;
  if (cursor.acceptWord("BINARY") || cursor.acceptWord("ASCII") || cursor.acceptWord("UNICODE")) return true;
  if (cursor.acceptWord("BYTE")) return true;
  if (cursor.acceptWord("COLUMN_FORMAT") || cursor.acceptWord("STORAGE")) {
    cursor.next();
    return true;
  }
  if (cursor.acceptWord("SRID")) {
    cursor.next();
    return true;
  }
  if (
    cursor.acceptWord("ENGINE_ATTRIBUTE") ||
    cursor.acceptWord("SECONDARY_ENGINE_ATTRIBUTE") ||
    cursor.acceptWord("REF_SYSTEM_ID")
  ) {
    cursor.acceptPunct("=");
    cursor.next();
    return true;
  }
  if (cursor.acceptWord("COMPRESSED")) {
    if (cursor.acceptPunct("=")) cursor.next();
    return true;
  }
  // MariaDB system versioning of a single column.
  if (
    cursor.acceptWord("WITH", "SYSTEM", "VERSIONING") ||
    cursor.acceptWord("WITHOUT", "SYSTEM", "VERSIONING")
  ) {
    return true;
  }
  if (cursor.acceptWord("NOT", "SECONDARY")) return true;
  return false;
}

/** The default value after DEFAULT, as written, and whether it is evaluated per row. */
export function readDefault(cursor: TokenCursor): { text: string; volatile: boolean } {
  const start = cursor.position;
  skipDefaultExpression(cursor);
  return {
    text: cursor.textOf(start, cursor.position),
    volatile: isVolatile(cursor, start, cursor.position),
  };
}

/**
 * A DEFAULT (or ON UPDATE) value: a parenthesised expression, a signed number, a string with an optional
 * introducer (_utf8mb4'x', N'x', b'01', x'ff'), or a word with optional call arguments (CURRENT_TIMESTAMP(6),
 * NOW(), NULL, TRUE).
 */
function skipDefaultExpression(cursor: TokenCursor): void {
  const token = cursor.peek();
  if (!token) throw cursor.error("expected a default value");
  if (token.kind === "punct" && token.text === "(") {
    cursor.skipBalanced();
    return;
  }
  if (token.kind === "punct" && (token.text === "-" || token.text === "+")) {
    cursor.next();
    if (cursor.peek()?.kind !== "number") throw cursor.error("expected a number");
    cursor.next();
    return;
  }
  if (token.kind === "number" || token.kind === "string") {
    cursor.next();
    while (cursor.peek()?.kind === "string") cursor.next(); // 'a' 'b' concatenates
    return;
  }
  if (token.kind === "word") {
    cursor.next();
    const next = cursor.peek();
    if (next?.kind === "string" && next.start === token.end) {
      cursor.next(); // introducer or hex/bit literal prefix
      return;
    }
    if (cursor.isPunct("(")) cursor.skipBalanced();
    return;
  }
  throw cursor.error("expected a default value");
}

function isVolatile(cursor: TokenCursor, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const token = cursor.tokens[i]!;
    if (token.kind === "word" && VOLATILE_FUNCTIONS.has(token.upper)) return true;
  }
  return false;
}

/** A string option value: 'text'. */
export function stringValue(cursor: TokenCursor): string {
  cursor.acceptPunct("=");
  const token = cursor.peek();
  if (token?.kind !== "string") throw cursor.error("expected a string");
  cursor.next();
  return token.value;
}

/** An option value after an optional `=`: a name, number or string, without quotes. */
export function optionValue(cursor: TokenCursor): string {
  cursor.acceptPunct("=");
  const token = cursor.peek();
  if (!token || token.kind === "punct") throw cursor.error("expected a value");
  cursor.next();
  return token.value;
}

/** REFERENCES tbl [(cols)] [MATCH …] [ON DELETE action] [ON UPDATE action]. */
export function parseReferences(cursor: TokenCursor): ForeignKeyReference {
  cursor.expectWord("REFERENCES");
  const table = cursor.relationName();
  const columns = cursor.isPunct("(") ? cursor.columnList() : [];
  let onDelete: string | undefined;
  let onUpdate: string | undefined;
  for (;;) {
    if (cursor.acceptWord("MATCH")) cursor.next();
    else if (cursor.acceptWord("ON", "DELETE")) onDelete = referentialAction(cursor);
    else if (cursor.acceptWord("ON", "UPDATE")) onUpdate = referentialAction(cursor);
    else break;
  }
  return {
    table,
    columns,
    ...(onDelete !== undefined ? { onDelete } : {}),
    ...(onUpdate !== undefined ? { onUpdate } : {}),
  };
}

function referentialAction(cursor: TokenCursor): string {
  for (const action of [["RESTRICT"], ["CASCADE"], ["SET", "NULL"], ["SET", "DEFAULT"], ["NO", "ACTION"]]) {
    if (cursor.acceptWord(...action)) return action.join(" ").toLowerCase();
  }
  throw cursor.error("expected a referential action");
}

/** [CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED]. */
function parseCheck(cursor: TokenCursor): Constraint {
  const name = constraintName(cursor);
  cursor.expectWord("CHECK");
  const open = cursor.position;
  const close = cursor.skipBalanced();
  const expression = cursor.textOf(open + 1, close);
  cursor.acceptWord("NOT", "ENFORCED") || cursor.acceptWord("ENFORCED");
  return { kind: "check", ...(name !== undefined ? { name } : {}), expression };
}

/** CONSTRAINT [symbol]: the symbol is absent when a constraint keyword follows directly. */
function constraintName(cursor: TokenCursor): string | undefined {
  if (!cursor.acceptWord("CONSTRAINT")) return undefined;
  if (
    cursor.isWord("PRIMARY") ||
    cursor.isWord("UNIQUE") ||
    cursor.isWord("FOREIGN") ||
    cursor.isWord("CHECK")
  ) {
    return undefined;
  }
  return cursor.identifier("constraint name");
}

/** True when the element at the cursor is a constraint or index rather than a column definition. */
export function startsTableElement(cursor: TokenCursor): boolean {
  const token = cursor.peek();
  if (token?.kind !== "word") return false;
  switch (token.upper) {
    case "CONSTRAINT":
    case "PRIMARY":
    case "FOREIGN":
    case "FULLTEXT":
    case "SPATIAL":
    case "INDEX":
    case "KEY":
    case "UNIQUE":
    case "CHECK":
      // Reserved words: a column with such a name must be `quoted`, which makes it a quoted token.
      return true;
    default:
      return false;
  }
}

/**
 * PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK (optionally after CONSTRAINT [name]) or INDEX / KEY /
 * FULLTEXT / SPATIAL, up to the next top-level `,` or `)`.
 */
export function parseTableElement(cursor: TokenCursor): TableElement {
  const startIndex = cursor.position;
  const symbol = constraintName(cursor);
  const finish = <T extends object>(element: T): T & { span: Span } => {
    skipIndexOptions(cursor);
    return { ...element, span: cursor.spanOf(startIndex, cursor.position) };
  };

  if (cursor.acceptWord("PRIMARY", "KEY")) {
    indexType(cursor);
    const columns = cursor.columnList();
    // MySQL always names the primary key PRIMARY; a CONSTRAINT symbol is ignored.
    return finish({ kind: "constraint", constraint: { kind: "primary_key", columns } });
  }
  if (cursor.acceptWord("UNIQUE")) {
    cursor.acceptWord("INDEX") || cursor.acceptWord("KEY");
    const indexName = optionalIndexName(cursor);
    indexType(cursor);
    const columns = cursor.columnList();
    // Unnamed unique indexes are named after the CONSTRAINT symbol, else after their first column.
    const name = indexName ?? symbol ?? columns[0] ?? "";
    return finish({ kind: "index", name, columns, unique: true });
  }
  if (cursor.acceptWord("FOREIGN", "KEY")) {
    cursor.acceptIfNotExists();
    optionalIndexName(cursor);
    const columns = cursor.columnList();
    const references = parseReferences(cursor);
    return finish({
      kind: "constraint",
      constraint: {
        kind: "foreign_key",
        ...(symbol !== undefined ? { name: symbol } : {}),
        columns,
        references,
      },
    });
  }
  if (cursor.isWord("CHECK")) {
    const check = parseCheck(cursor);
    return finish({
      kind: "constraint",
      constraint: symbol !== undefined ? { ...check, name: symbol } : check,
    });
  }
  if (symbol !== undefined) throw cursor.error("expected PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");

  let method: string | undefined;
  if (cursor.acceptWord("FULLTEXT")) method = "fulltext";
  else if (cursor.acceptWord("SPATIAL")) method = "spatial";
  const keyword = cursor.acceptWord("INDEX") || cursor.acceptWord("KEY");
  if (!keyword && method === undefined)
    throw cursor.error("expected a column, constraint or index definition");
  cursor.acceptIfNotExists();
  const indexName = optionalIndexName(cursor);
  const using = indexType(cursor);
  const columns = cursor.columnList();
  method ??= using;
  // An unnamed index is named after its first column (MySQL adds _2, _3 … on clashes).
  return finish({
    kind: "index",
    name: indexName ?? columns[0] ?? "",
    columns,
    unique: false,
    ...(method !== undefined ? { method } : {}),
  });
}

function optionalIndexName(cursor: TokenCursor): string | undefined {
  if (cursor.isPunct("(") || cursor.isWord("USING")) return undefined;
  return cursor.identifier("index name");
}

function indexType(cursor: TokenCursor): string | undefined {
  if (!cursor.acceptWord("USING") && !cursor.acceptWord("TYPE")) return undefined;
  return cursor.next().text.toLowerCase();
}

/** Index options (USING, KEY_BLOCK_SIZE, COMMENT, VISIBLE, WITH PARSER, …) do not change the model. */
function skipIndexOptions(cursor: TokenCursor): void {
  cursor.skipToSeparator();
}

/** Options after CREATE TABLE ( … ) and in ALTER TABLE, by their lower-case name. */
const TABLE_OPTION_WORDS: ReadonlySet<string> = new Set([
  "ENGINE",
  "TYPE",
  "AUTO_INCREMENT",
  "AVG_ROW_LENGTH",
  "CHECKSUM",
  "TABLE_CHECKSUM",
  "COMPRESSION",
  "CONNECTION",
  "DELAY_KEY_WRITE",
  "ENCRYPTION",
  "ENCRYPTED",
  "ENCRYPTION_KEY_ID",
  "INSERT_METHOD",
  "KEY_BLOCK_SIZE",
  "MAX_ROWS",
  "MIN_ROWS",
  "PACK_KEYS",
  "PASSWORD",
  "ROW_FORMAT",
  "STATS_AUTO_RECALC",
  "STATS_PERSISTENT",
  "STATS_SAMPLE_PAGES",
  "TABLESPACE",
  "AUTOEXTEND_SIZE",
  "ENGINE_ATTRIBUTE",
  "SECONDARY_ENGINE",
  "SECONDARY_ENGINE_ATTRIBUTE",
  "PAGE_CHECKSUM",
  "PAGE_COMPRESSED",
  "PAGE_COMPRESSION_LEVEL",
  "TRANSACTIONAL",
  "IETF_QUOTES",
  "SEQUENCE",
]);

export type TableOption = { readonly key: string; readonly value: string };

/**
 * One table option (ENGINE=InnoDB, DEFAULT CHARSET=utf8mb4, COMMENT='x', UNION=(a,b), DATA DIRECTORY='…'),
 * or undefined when the cursor is not at one. CHARACTER SET/CHARSET become `charset`, COLLATE `collate`.
 */
export function parseTableOption(cursor: TokenCursor): TableOption | undefined {
  const start = cursor.position;
  const hadDefault = cursor.acceptWord("DEFAULT");
  if (acceptCharsetKeyword(cursor)) return { key: "charset", value: optionValue(cursor) };
  if (cursor.acceptWord("COLLATE")) return { key: "collate", value: optionValue(cursor) };
  if (hadDefault) {
    cursor.position = start;
    return undefined;
  }
  if (cursor.acceptWord("COMMENT")) return { key: "comment", value: stringValue(cursor) };
  if (cursor.acceptWord("DATA", "DIRECTORY")) return { key: "data_directory", value: stringValue(cursor) };
  if (cursor.acceptWord("INDEX", "DIRECTORY")) return { key: "index_directory", value: stringValue(cursor) };
  if (cursor.acceptWord("UNION")) {
    cursor.acceptPunct("=");
    return { key: "union", value: cursor.columnList().join(",") };
  }
  if (cursor.acceptWord("WITH", "SYSTEM", "VERSIONING")) return { key: "system_versioning", value: "true" };
  if (cursor.acceptWord("START", "TRANSACTION")) return { key: "start_transaction", value: "true" };
  if (!cursor.isAnyWord(TABLE_OPTION_WORDS)) return undefined;
  const word = cursor.next().upper;
  const key = word === "TYPE" ? "engine" : word.toLowerCase();
  if (word === "TABLESPACE") {
    const value = optionValue(cursor);
    if (cursor.acceptWord("STORAGE")) cursor.next();
    return { key, value };
  }
  return { key, value: optionValue(cursor) };
}

/**
 * PARTITION BY … with its partition definitions (MySQL manual 26.2). Returns the scheme and the names of
 * the partitions defined in the statement.
 */
export function parsePartitionBy(cursor: TokenCursor): { partitioning: Partitioning; partitions: string[] } {
  cursor.expectWord("PARTITION", "BY");
  const scheme = partitionScheme(cursor);
  if (cursor.acceptWord("PARTITIONS")) cursor.next();
  if (cursor.acceptWord("SUBPARTITION", "BY")) {
    partitionScheme(cursor);
    if (cursor.acceptWord("SUBPARTITIONS")) cursor.next();
  }
  const partitions = cursor.isPunct("(") ? partitionDefinitions(cursor) : [];
  return { partitioning: scheme, partitions };
}

function partitionScheme(cursor: TokenCursor): Partitioning {
  cursor.acceptWord("LINEAR");
  let kind: Partitioning["kind"];
  if (cursor.acceptWord("RANGE")) kind = "range";
  else if (cursor.acceptWord("LIST")) kind = "list";
  else if (cursor.acceptWord("HASH")) kind = "hash";
  else if (cursor.acceptWord("KEY")) {
    // KEY partitioning hashes the listed columns (the primary key when the list is empty).
    if (cursor.acceptWord("ALGORITHM")) optionValue(cursor);
    return { kind: "hash", columns: cursor.isPunct("(") && cursor.isPunct(")") ? [] : keyColumns(cursor) };
  } else throw cursor.error("expected RANGE, LIST, HASH or KEY");

  if (cursor.acceptWord("COLUMNS")) return { kind, columns: cursor.columnList() };
  const open = cursor.position;
  const close = cursor.skipBalanced();
  const expression = cursor.textOf(open + 1, close);
  const columns = identifiersIn(cursor, open + 1, close);
  const plainColumn = close === open + 2 && columns.length === 1;
  return { kind, columns, ...(plainColumn ? {} : { expression }) };
}

function keyColumns(cursor: TokenCursor): string[] {
  if (cursor.isPunct("(") && cursor.peek(1)?.kind === "punct" && cursor.peek(1)!.text === ")") {
    cursor.next();
    cursor.next();
    return [];
  }
  return cursor.columnList();
}

/** Column names used in a partition expression: identifiers that are not function names. */
function identifiersIn(cursor: TokenCursor, from: number, to: number): string[] {
  const names: string[] = [];
  for (let i = from; i < to; i++) {
    const token = cursor.tokens[i]!;
    const next = cursor.tokens[i + 1];
    const isCall = next?.kind === "punct" && next.text === "(";
    if ((token.kind === "word" || token.kind === "quoted") && !isCall && !names.includes(token.value)) {
      names.push(token.value);
    }
  }
  return names;
}

/** ( PARTITION p0 VALUES LESS THAN (…) …, PARTITION p1 … ): the partition names. */
export function partitionDefinitions(cursor: TokenCursor): string[] {
  const names: string[] = [];
  cursor.expectPunct("(");
  do {
    cursor.expectWord("PARTITION");
    names.push(cursor.identifier("partition name"));
    cursor.skipToSeparator();
  } while (cursor.acceptPunct(","));
  cursor.expectPunct(")");
  return names;
}
