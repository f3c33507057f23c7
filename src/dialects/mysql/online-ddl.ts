/**
 * How MySQL 8.0 (8.0.29 and later) runs each ALTER TABLE operation on an InnoDB table, from the manual's
 * "Online DDL Operations" tables (section 17.12.1): instantly (metadata only), in place (the table may be
 * rebuilt, other sessions keep writing unless noted), or by copying the table while writes wait.
 *
 * The answer is the cheapest algorithm the server can use, which is what it picks when the statement does
 * not say. Operations the tables do not settle (partition maintenance, CHECK constraints, a generated
 * column's new expression) answer `undefined`: unknown, never a guess.
 */
import { type Column, findColumn, sameNameInTable, type Table } from "../../catalog/model.js";
import { lookupTable } from "../../lookup-table.js";
import type { Change, ChangeOf, ColumnDef } from "../../sql/changes.js";
import type { DataType } from "../../sql/data-type.js";
import { sameType } from "../../sql/type-compat.js";
import { mysqlIdentifiers } from "../identifiers.js";

export type OnlineDdlAlgorithm = "instant" | "inplace" | "copy";

/** An operation's cheapest algorithm, and whether other sessions must stop writing while it runs. */
export interface OnlineDdlPlan {
  readonly algorithm: OnlineDdlAlgorithm;
  /** LOCK=SHARED at best: true for every copy, and for the in-place operations that cannot run with LOCK=NONE. */
  readonly blocksWrites: boolean;
}

const INSTANT: OnlineDdlPlan = { algorithm: "instant", blocksWrites: false };
const INPLACE: OnlineDdlPlan = { algorithm: "inplace", blocksWrites: false };
/** FULLTEXT and SPATIAL indexes, AUTO_INCREMENT columns: in place, but "Permits Concurrent DML: No". */
const INPLACE_BLOCKING_WRITES: OnlineDdlPlan = { algorithm: "inplace", blocksWrites: true };
const COPY: OnlineDdlPlan = { algorithm: "copy", blocksWrites: true };

const ALGORITHM_RANK: Readonly<Record<OnlineDdlAlgorithm, number>> = { instant: 0, inplace: 1, copy: 2 };

/** The slower of two algorithms: a statement runs all its operations with the slowest one's. */
export function slowerAlgorithm(a: OnlineDdlAlgorithm, b: OnlineDdlAlgorithm): OnlineDdlAlgorithm {
  return ALGORITHM_RANK[a] >= ALGORITHM_RANK[b] ? a : b;
}

/** The `onlineDdlAlgorithm` hook: the cheapest algorithm for the change on the table as it was before it. */
export function mysqlOnlineDdlAlgorithm(
  change: Change,
  table: Table | undefined,
): OnlineDdlAlgorithm | undefined {
  return onlineDdlPlan(change, table)?.algorithm;
}

/** The `onlineDdlBlocksWrites` hook: even at its cheapest, the change makes writers wait until it ends. */
export function mysqlOnlineDdlBlocksWrites(change: Change, table: Table | undefined): boolean {
  return onlineDdlPlan(change, table)?.blocksWrites ?? false;
}

export function onlineDdlPlan(change: Change, table: Table | undefined): OnlineDdlPlan | undefined {
  switch (change.kind) {
    case "add_column":
      return addColumnPlan(change.column, table);
    case "drop_column":
      return dropColumnPlan(change.column, table);
    case "rename_column":
      // INSTANT since 8.0.28; a table with a FULLTEXT index cannot take instant changes at all.
      return hasFulltextIndex(table) ? INPLACE : INSTANT;
    case "alter_column_type":
      return alterColumnPlan(change, table);
    case "set_nullability":
      // "Making a column NULL / NOT NULL": in place, rebuilds the table, concurrent DML permitted.
      return INPLACE;
    case "set_default":
      return INSTANT;
    case "add_constraint":
      return addConstraintPlan(change.constraint);
    case "drop_constraint":
      return dropConstraintPlan(change, table);
    case "create_index":
      return createIndexPlan(change.index.method);
    case "drop_index":
    case "rename_index":
      return INPLACE;
    case "rename_table":
      return INSTANT;
    case "set_properties":
      return tableOptionsPlan(change.properties, table);
    case "set_partitioning":
      // PARTITION BY and REMOVE PARTITIONING: "In Place: No".
      return COPY;
    default:
      return undefined;
  }
}

/**
 * "Adding a column": INSTANT, in any position since 8.0.29, except on tables that cannot take instant
 * changes. An AUTO_INCREMENT column is added in place without concurrent DML.
 */
function addColumnPlan(column: ColumnDef, table: Table | undefined): OnlineDdlPlan | undefined {
  if (column.autoIncrement) return INPLACE_BLOCKING_WRITES;
  // "Generated Column Operations": adding a STORED column copies the table (computing every row); a
  // VIRTUAL one is metadata only, except on a partitioned table, where it is not even in place.
  if (column.generated?.storage === "stored") return COPY;
  if (column.generated?.storage === "virtual") {
    if (table?.partitioning) return undefined;
    return refusesInstant(table) ? INPLACE : INSTANT;
  }
  // A NOT NULL spatial column cannot be added instantly (the server needs a value for every row's MBR).
  if (column.type.family === "geometry" && !column.nullable) return INPLACE;
  return refusesInstant(table) ? INPLACE : INSTANT;
}

/** "Dropping a column": INSTANT since 8.0.29, unless an index covers it (the index is rebuilt in place). */
function dropColumnPlan(name: string, table: Table | undefined): OnlineDdlPlan | undefined {
  if (!table || table.columnsUnknown) return undefined;
  const column = findTableColumn(table, name);
  if (!column) return undefined;
  // MySQL rebuilds the table in place to drop a STORED generated column, MariaDB drops it instantly: which
  // server it is, the history does not say.
  if (column.generated?.storage === "stored") return undefined;
  if (refusesInstant(table) || isIndexed(table, column.name)) return INPLACE;
  return INSTANT;
}

/** MODIFY / CHANGE restate the column: the slowest of what differs from the column as it was. */
function alterColumnPlan(
  change: ChangeOf<"alter_column_type">,
  table: Table | undefined,
): OnlineDdlPlan | undefined {
  const before = table ? findTableColumn(table, change.column) : undefined;
  if (!table || !before) return undefined;
  const after: ColumnDef = change.restated ?? { ...before, type: change.type };
  // STORED to VIRTUAL or back, or a generated column made plain or the reverse: a table copy.
  if (before.generated?.storage !== after.generated?.storage) return COPY;
  if (before.generated?.expression !== after.generated?.expression) return undefined;
  if (Boolean(before.autoIncrement) !== Boolean(after.autoIncrement)) return COPY;
  // A restated column without CHARACTER SET takes the table's: dropping a column's own charset changes it too.
  if (hasCharset(after.type) && charsetOf(before, table) !== charsetOf(after, table)) return COPY;
  if (after.collation !== undefined && before.collation !== after.collation) return undefined;
  const typePlan = typeChangePlan(before.type, after.type, charsetOf(after, table));
  // A primary key column stays NOT NULL when its restatement leaves NULL out (the server adds it).
  const nullable = after.nullable && !inPrimaryKey(table, before.name);
  const nullabilityPlan = before.nullable === nullable ? INSTANT : INPLACE;
  // Defaults, comments and the rest of the restated definition are metadata: INSTANT.
  return slowerPlan(typePlan, nullabilityPlan);
}

function slowerPlan(a: OnlineDdlPlan, b: OnlineDdlPlan): OnlineDdlPlan {
  return ALGORITHM_RANK[a.algorithm] >= ALGORITHM_RANK[b.algorithm] ? a : b;
}

/**
 * A column data type change copies the table, with two exceptions: extending a VARCHAR (in place, metadata
 * only, while the length takes as many length bytes), and appending members to an ENUM or SET (instant,
 * while the storage size stays the same).
 */
function typeChangePlan(from: DataType, to: DataType, charset: string): OnlineDdlPlan {
  if (sameType(from, to)) return INSTANT;
  if (isVariableLength(from) && isVariableLength(to) && from.name === to.name) {
    return extendsWithinLengthBytes(from, to, bytesPerCharacter(from, charset)) ? INPLACE : COPY;
  }
  if (from.family === "enum" && to.family === "enum" && from.name === to.name) {
    return appendsWithinStorageSize(from, to) ? INSTANT : COPY;
  }
  return COPY;
}

function isVariableLength(type: DataType): boolean {
  return (type.name === "varchar" || type.name === "varbinary") && !type.fixedLength;
}

/**
 * In place only while the value keeps the same number of length bytes: one up to 255 bytes, two above.
 * So a VARCHAR grows in place within 0–255 bytes, or from 256 bytes upwards, never across the boundary.
 */
function extendsWithinLengthBytes(from: DataType, to: DataType, bytesPerChar: number): boolean {
  if (from.length === undefined || to.length === undefined || to.length < from.length) return false;
  const lengthBytes = (characters: number) => (characters * bytesPerChar <= 255 ? 1 : 2);
  return lengthBytes(from.length) === lengthBytes(to.length);
}

/** Maximum bytes per character of the character sets MySQL ships (SHOW CHARACTER SET, Maxlen). */
const CHARSET_MAX_BYTES: Readonly<Record<string, number>> = lookupTable({
  armscii8: 1,
  ascii: 1,
  big5: 2,
  binary: 1,
  cp1250: 1,
  cp1251: 1,
  cp1256: 1,
  cp1257: 1,
  cp850: 1,
  cp852: 1,
  cp866: 1,
  cp932: 2,
  dec8: 1,
  eucjpms: 3,
  euckr: 2,
  gb18030: 4,
  gb2312: 2,
  gbk: 2,
  geostd8: 1,
  greek: 1,
  hebrew: 1,
  hp8: 1,
  keybcs2: 1,
  koi8r: 1,
  koi8u: 1,
  latin1: 1,
  latin2: 1,
  latin5: 1,
  latin7: 1,
  macce: 1,
  macroman: 1,
  sjis: 2,
  swe7: 1,
  tis620: 1,
  ucs2: 2,
  ujis: 3,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  utf8: 3,
  utf8mb3: 3,
  utf8mb4: 4,
});

/** VARBINARY counts bytes; VARCHAR counts characters of its charset (utf8mb4, 4 bytes, by default in 8.0). */
function bytesPerCharacter(type: DataType, charset: string): number {
  if (type.name === "varbinary") return 1;
  return CHARSET_MAX_BYTES[charset] ?? 4;
}

/** The column's charset: its own CHARACTER SET or COLLATE, else the table's default, else utf8mb4 (8.0). */
function charsetOf(column: ColumnDef, table: Table | undefined): string {
  const explicit = column.charset ?? column.collation?.split("_")[0];
  const tableDefault = table?.properties?.charset ?? table?.properties?.collate?.split("_")[0];
  return (explicit ?? tableDefault ?? "utf8mb4").toLowerCase().replace(/^utf8$/, "utf8mb3");
}

/** Character strings (CHAR, VARCHAR, TEXT) and ENUM/SET carry a character set; numbers and bytes do not. */
function hasCharset(type: DataType): boolean {
  return type.family === "string" || type.family === "enum";
}

/**
 * Members appended at the end keep every stored position: instant, unless the storage size grows. Anything
 * else (a member removed, renamed, moved or inserted before others) renumbers the members: a table copy.
 */
function appendsWithinStorageSize(from: DataType, to: DataType): boolean {
  const before = from.values ?? [];
  const after = to.values ?? [];
  if (after.length < before.length || before.some((value, i) => after[i] !== value)) return false;
  return memberStorageBytes(from.name, before.length) === memberStorageBytes(to.name, after.length);
}

/** ENUM: 1 byte up to 255 members, else 2. SET: 1, 2, 3, 4 or 8 bytes for up to 8, 16, 24, 32 or 64. */
function memberStorageBytes(name: string, members: number): number {
  if (name === "enum") return members <= 255 ? 1 : 2;
  const bytes = Math.ceil(members / 8);
  return bytes > 4 ? 8 : Math.max(bytes, 1);
}

/**
 * "Adding a primary key": in place, rebuilding the table. "Adding a foreign key constraint": in place only
 * when foreign_key_checks is disabled, otherwise COPY; migrations run with the default (enabled). An inline
 * REFERENCES that the server ignores changes nothing.
 */
function addConstraintPlan(constraint: ChangeOf<"add_constraint">["constraint"]): OnlineDdlPlan | undefined {
  switch (constraint.kind) {
    case "primary_key":
    case "unique":
      return INPLACE;
    case "foreign_key":
      return constraint.informational ? undefined : COPY;
    case "check":
      return undefined;
  }
}

/**
 * "Dropping a primary key" without adding another: "In Place: No" (the clustered index must be rebuilt
 * around a hidden row id). Dropping a foreign key is in place and only modifies metadata.
 */
function dropConstraintPlan(
  change: ChangeOf<"drop_constraint">,
  table: Table | undefined,
): OnlineDdlPlan | undefined {
  const kind =
    change.constraintKind ??
    table?.constraints.find((constraint) => constraint.name !== undefined && constraint.name === change.name)
      ?.kind;
  switch (kind) {
    case "primary_key":
      return COPY;
    case "foreign_key":
    case "unique":
      return INPLACE;
    default:
      return undefined;
  }
}

/** "Creating a secondary index": in place, concurrent DML. FULLTEXT and SPATIAL ones block writes. */
function createIndexPlan(method: string | undefined): OnlineDdlPlan {
  const kind = method?.toLowerCase();
  return kind === "fulltext" || kind === "spatial" ? INPLACE_BLOCKING_WRITES : INPLACE;
}

/**
 * Table options. CONVERT TO CHARACTER SET: "In Place: No". DEFAULT CHARACTER SET, ROW_FORMAT,
 * KEY_BLOCK_SIZE, a null rebuild (ENGINE=InnoDB) and AUTO_INCREMENT=: in place. Another engine copies.
 */
function tableOptionsPlan(
  properties: Readonly<Record<string, string>>,
  table: Table | undefined,
): OnlineDdlPlan | undefined {
  const plans = Object.keys(properties).map((key) => tableOptionPlan(key, properties[key]!, table));
  if (plans.some((plan) => plan === undefined)) return undefined;
  return (plans as OnlineDdlPlan[]).reduce(slowerPlan, INSTANT);
}

const INPLACE_TABLE_OPTIONS: ReadonlySet<string> = new Set([
  "charset",
  "collate",
  "row_format",
  "key_block_size",
  "auto_increment",
  "stats_persistent",
  "stats_auto_recalc",
  "stats_sample_pages",
]);

function tableOptionPlan(key: string, value: string, table: Table | undefined): OnlineDdlPlan | undefined {
  if (key === "convert_to_charset") return COPY;
  if (key === "engine") {
    const current = (table?.properties?.engine ?? "innodb").toLowerCase();
    return value.toLowerCase() === current ? INPLACE : COPY;
  }
  return INPLACE_TABLE_OPTIONS.has(key) ? INPLACE : undefined;
}

/** Tables that take no INSTANT change: ROW_FORMAT=COMPRESSED, or a FULLTEXT index (manual, INSTANT limits). */
function refusesInstant(table: Table | undefined): boolean {
  return table?.properties?.row_format?.toLowerCase() === "compressed" || hasFulltextIndex(table);
}

function hasFulltextIndex(table: Table | undefined): boolean {
  return table?.indexes.some((index) => index.method?.toLowerCase() === "fulltext") ?? false;
}

function inPrimaryKey(table: Table, column: string): boolean {
  return table.constraints.some(
    (constraint) =>
      constraint.kind === "primary_key" && constraint.columns.some((name) => sameColumnName(name, column)),
  );
}

function isIndexed(table: Table, column: string): boolean {
  const named = (names: readonly string[]) => names.some((name) => sameColumnName(name, column));
  return (
    table.indexes.some((index) => named(index.columns)) ||
    table.constraints.some((constraint) => constraint.kind !== "check" && named(constraint.columns))
  );
}

/** Column and index names compare the same way whatever lower_case_table_names says. */
const COLUMN_NAMES = { identifiers: mysqlIdentifiers() };

function findTableColumn(table: Table, name: string): Column | undefined {
  return findColumn(COLUMN_NAMES, table, name);
}

function sameColumnName(a: string, b: string): boolean {
  return sameNameInTable(COLUMN_NAMES, a, b);
}
