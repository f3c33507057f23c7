import type { TableModel } from "../../sql/changes.js";
import type { DataType, TypeFamily } from "../../sql/data-type.js";

/**
 * Families StarRocks refuses in the key of any OLAP table (ColumnDefAnalyzer: a key column's type must be one
 * a table can be distributed by): floating point ("use decimal instead"), complex and metric-only types, JSON.
 */
const NEVER_KEY: ReadonlySet<TypeFamily> = new Set<TypeFamily>([
  "float",
  "array",
  "map",
  "struct",
  "json",
  "bitmap",
  "hll",
]);

/**
 * Families a PRIMARY KEY table takes as key columns (Primary Key table docs; KeysDesc: boolean, integer,
 * largeint, varchar, date, datetime). CHAR is not VARCHAR there, and DECIMAL is refused.
 */
const PRIMARY_KEY_FAMILIES: ReadonlySet<TypeFamily> = new Set<TypeFamily>([
  "boolean",
  "integer",
  "string",
  "date",
  "timestamp",
]);

/** Whether StarRocks accepts a key column of this type in a table of this model (external tables: no key). */
export function starrocksAllowsKeyColumnType(type: DataType, tableModel: TableModel | undefined): boolean {
  if (tableModel === undefined) return true;
  if (NEVER_KEY.has(type.family)) return false;
  if (tableModel !== "primary") return true;
  return PRIMARY_KEY_FAMILIES.has(type.family) && !type.fixedLength;
}
