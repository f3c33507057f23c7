/**
 * PostgreSQL type names to dialect-neutral DataTypes. The grammar has already turned the SQL-standard
 * spellings into catalog names (`character varying` -> pg_catalog.varchar, `double precision` ->
 * float8, `float(10)` -> float4, `timestamp with time zone` -> timestamptz), so this maps catalog
 * names and the aliases people write unqualified (int4, serial, timestamptz).
 */
import type { TypeName } from "libpg-query";
import { lookupTable } from "../../lookup-table.js";
import type { DataType, TypeFamily } from "../../sql/data-type.js";
import { integerOf, strings } from "./ast.js";
import { parseSql } from "./libpg.js";

interface BaseType {
  readonly family: TypeFamily;
  readonly name: string;
  readonly bits?: number;
  readonly fixedLength?: boolean;
  /** What the first type modifier means for this type. */
  readonly modifier?: "length" | "precision" | "precision-scale" | "interval";
  /** Fixed length when the type has no modifier (name is 63 bytes). */
  readonly length?: number;
}

const integer = (name: string, bits: number): BaseType => ({ family: "integer", name, bits });
const string = (name: string, extra: Partial<BaseType> = {}): BaseType => ({
  family: "string",
  name,
  modifier: "length",
  ...extra,
});
const timeType = (family: TypeFamily, name: string): BaseType => ({ family, name, modifier: "precision" });
const named = (family: TypeFamily, name: string): BaseType => ({ family, name });

/** Built-in types by the name the catalog (or a user writing an alias) gives them. */
const BUILTIN: Readonly<Record<string, BaseType>> = lookupTable({
  int2: integer("smallint", 16),
  smallint: integer("smallint", 16),
  smallserial: integer("smallint", 16),
  serial2: integer("smallint", 16),
  int4: integer("integer", 32),
  int: integer("integer", 32),
  integer: integer("integer", 32),
  serial: integer("integer", 32),
  serial4: integer("integer", 32),
  int8: integer("bigint", 64),
  bigint: integer("bigint", 64),
  bigserial: integer("bigint", 64),
  serial8: integer("bigint", 64),
  numeric: { family: "decimal", name: "numeric", modifier: "precision-scale" },
  decimal: { family: "decimal", name: "numeric", modifier: "precision-scale" },
  float4: { family: "float", name: "real", bits: 32 },
  real: { family: "float", name: "real", bits: 32 },
  float8: { family: "float", name: "double precision", bits: 64 },
  float: { family: "float", name: "double precision", bits: 64 },
  varchar: string("varchar"),
  bpchar: string("char", { fixedLength: true }),
  char: string("char", { fixedLength: true }),
  character: string("char", { fixedLength: true }),
  text: string("text", { modifier: undefined }),
  citext: string("citext", { modifier: undefined }),
  name: string("name", { modifier: undefined, length: 63 }),
  bytea: named("binary", "bytea"),
  bit: { family: "binary", name: "bit", modifier: "length", fixedLength: true },
  varbit: { family: "binary", name: "varbit", modifier: "length" },
  bool: named("boolean", "boolean"),
  boolean: named("boolean", "boolean"),
  date: named("date", "date"),
  time: timeType("time", "time"),
  timetz: timeType("timetz", "timetz"),
  timestamp: timeType("timestamp", "timestamp"),
  timestamptz: timeType("timestamptz", "timestamptz"),
  interval: { family: "interval", name: "interval", modifier: "interval" },
  json: named("json", "json"),
  jsonb: named("json", "jsonb"),
  uuid: named("uuid", "uuid"),
  inet: named("network", "inet"),
  cidr: named("network", "cidr"),
  macaddr: named("network", "macaddr"),
  macaddr8: named("network", "macaddr8"),
  point: named("geometry", "point"),
  line: named("geometry", "line"),
  lseg: named("geometry", "lseg"),
  box: named("geometry", "box"),
  path: named("geometry", "path"),
  polygon: named("geometry", "polygon"),
  circle: named("geometry", "circle"),
});

/** Extension types, recognised whichever schema the extension was installed in. */
const EXTENSION: Readonly<Record<string, BaseType>> = lookupTable({
  citext: string("citext", { modifier: undefined }),
  geometry: named("geometry", "geometry"),
  geography: named("geometry", "geography"),
  hstore: { family: "map", name: "hstore" },
});

const TEXT: DataType = { family: "string", name: "text", raw: "text" };

/** A TypeName node to a DataType; `raw` is the type as the migration wrote it. */
export function dataTypeFromTypeName(typeName: TypeName, raw: string): DataType {
  const names = strings(typeName.names);
  const arrayDepth = typeName.arrayBounds?.length ?? 0;
  if (arrayDepth > 0) {
    const elementType: TypeName = { ...typeName, arrayBounds: [] };
    const element = dataTypeFromTypeName(elementType, stripArraySuffix(raw));
    return { family: "array", name: `${element.name}${"[]".repeat(arrayDepth)}`, raw, element };
  }
  if (typeName.pct_type) return { family: "other", name: `${names.join(".")}%type`, raw };
  const base = lookupBase(names);
  if (!base) return { family: "other", name: otherTypeName(names), raw };
  return withModifiers(base, typeName, raw);
}

function lookupBase(names: readonly string[]): BaseType | undefined {
  const last = names[names.length - 1] ?? "";
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const extension = EXTENSION[last];
  if (extension) return extension;
  if (schema === undefined || schema === "pg_catalog") return BUILTIN[last];
  return undefined;
}

function otherTypeName(names: readonly string[]): string {
  return names.filter((name, index) => !(index === 0 && name === "pg_catalog" && names.length > 1)).join(".");
}

function withModifiers(base: BaseType, typeName: TypeName, raw: string): DataType {
  const modifiers = (typeName.typmods ?? []).map(integerOf);
  const first = modifiers[0];
  const type: {
    -readonly [K in keyof DataType]: DataType[K];
  } = { family: base.family, name: base.name, raw };
  if (base.bits !== undefined) type.bits = base.bits;
  if (base.fixedLength) type.fixedLength = true;
  if (base.length !== undefined) type.length = base.length;
  switch (base.modifier) {
    case "length":
      if (first !== undefined) type.length = first;
      break;
    case "precision":
      if (first !== undefined) type.precision = first;
      break;
    case "precision-scale":
      if (first !== undefined) {
        type.precision = first;
        type.scale = modifiers[1] ?? 0;
      }
      break;
    case "interval":
      // interval(p) and interval day to second(p) carry [field mask, precision].
      if (modifiers[1] !== undefined) type.precision = modifiers[1];
      break;
  }
  if (base.family === "map") {
    type.key = TEXT;
    type.element = TEXT;
  }
  return type;
}

function stripArraySuffix(raw: string): string {
  return raw.replace(/(\s*\[\s*\d*\s*\]|\s+array\b(\s*\[\s*\d*\s*\])?)+\s*$/i, "").trim();
}

/** serial, bigserial, smallserial: an integer column with a sequence default. */
export function isSerial(typeName: TypeName | undefined): boolean {
  if (!typeName || (typeName.arrayBounds?.length ?? 0) > 0) return false;
  const names = strings(typeName.names);
  if (names.length > 1 && names[0] !== "pg_catalog") return false;
  return /^(small|big)?serial[248]?$/.test(names[names.length - 1] ?? "");
}

const normalised = new Map<string, DataType>();

/**
 * Normalises a type written as text by parsing it as a column of a throwaway table, so that every
 * spelling the grammar accepts is understood the same way as in a migration.
 */
export function normalizeType(raw: string): DataType {
  const text = raw.trim();
  let type = normalised.get(text);
  if (type) return type;
  type = parseTypeText(text);
  normalised.set(text, type);
  return type;
}

function parseTypeText(text: string): DataType {
  try {
    const statement = parseSql(`CREATE TABLE t (c ${text})`).stmts?.[0]?.stmt;
    const element = statement && "CreateStmt" in statement ? statement.CreateStmt.tableElts?.[0] : undefined;
    const column = element && "ColumnDef" in element ? element.ColumnDef : undefined;
    if (column?.typeName && (column.constraints ?? []).length === 0) {
      return dataTypeFromTypeName(column.typeName, text);
    }
  } catch {
    // Not a type the grammar knows: fall through to an opaque named type.
  }
  return { family: "other", name: text.toLowerCase(), raw: text };
}
