import { lookupTable } from "../../lookup-table.js";
import type { DataType, TypeCompatibility } from "../../sql/data-type.js";
import { compareTypes, sameType } from "../../sql/type-compat.js";
import { SyntaxFailure, TokenCursor } from "./cursor.js";
import { tokenize } from "./lexer.js";

/**
 * StarRocks column types (docs: sql-reference/sql-statements/data-types and CREATE TABLE): names are
 * case-insensitive, `INT(11)` display widths mean nothing, and complex types nest with angle brackets.
 */

/** VARCHAR's largest length since StarRocks 2.1. */
export const STARROCKS_MAX_VARCHAR_LENGTH = 1_048_576;
/** STRING is VARCHAR(65533). */
export const STARROCKS_STRING_LENGTH = 65_533;

type TypeShape = Omit<DataType, "raw">;

const INTEGER_BITS: Readonly<Record<string, number>> = lookupTable({
  tinyint: 8,
  smallint: 16,
  int: 32,
  integer: 32,
  bigint: 64,
  largeint: 128,
});

const INTEGER_NAMES: Readonly<Record<number, string>> = {
  8: "tinyint",
  16: "smallint",
  32: "int",
  64: "bigint",
  128: "largeint",
};

/** Precision of a DECIMAL32/64/128 written without one: the widest the storage holds. */
const DECIMAL_V3_MAX_PRECISION: Readonly<Record<string, number>> = lookupTable({
  decimal32: 9,
  decimal64: 18,
  decimal128: 38,
  decimal256: 76,
});

/** Types without parameters, by lower-case name. */
const SIMPLE_TYPES: Readonly<Record<string, TypeShape>> = lookupTable({
  boolean: { family: "boolean", name: "boolean" },
  bool: { family: "boolean", name: "boolean" },
  float: { family: "float", name: "float", bits: 32 },
  double: { family: "float", name: "double", bits: 64 },
  date: { family: "date", name: "date" },
  datetime: { family: "timestamp", name: "datetime" },
  time: { family: "time", name: "time" },
  json: { family: "json", name: "json" },
  bitmap: { family: "bitmap", name: "bitmap" },
  hll: { family: "hll", name: "hll" },
  percentile: { family: "other", name: "percentile" },
  string: { family: "string", name: "string", length: STARROCKS_STRING_LENGTH },
  // TEXT is STRING under another name.
  text: { family: "string", name: "string", length: STARROCKS_STRING_LENGTH },
  variant: { family: "other", name: "variant" },
});

function scalarShape(name: string, params: readonly number[]): TypeShape {
  const bits = INTEGER_BITS[name];
  if (bits !== undefined) return { family: "integer", name: INTEGER_NAMES[bits]!, bits };
  const simple = SIMPLE_TYPES[name];
  if (simple) return simple;
  switch (name) {
    case "decimal":
    case "decimalv3":
    case "numeric":
    case "number":
      // Docs (DECIMAL): precision defaults to 10 and scale to 0.
      return { family: "decimal", name: "decimal", precision: params[0] ?? 10, scale: params[1] ?? 0 };
    case "decimalv2":
      return { family: "decimal", name: "decimalv2", precision: params[0] ?? 10, scale: params[1] ?? 0 };
    case "decimal32":
    case "decimal64":
    case "decimal128":
    case "decimal256":
      // Fast decimals with an explicit width; one type family with DECIMAL(P,S), which StarRocks stores
      // in the narrowest of them that holds P.
      return {
        family: "decimal",
        name: "decimal",
        precision: params[0] ?? DECIMAL_V3_MAX_PRECISION[name],
        scale: params[1] ?? 0,
      };
    case "char":
      return { family: "string", name: "char", length: params[0] ?? 1, fixedLength: true };
    case "varchar":
      return { family: "string", name: "varchar", length: params[0] ?? 1 };
    case "binary":
    case "varbinary":
      // BINARY is an alias of VARBINARY (not padded); without a length it holds 1048576 bytes.
      return { family: "binary", name: "varbinary", length: params[0] ?? STARROCKS_MAX_VARCHAR_LENGTH };
    default:
      return { family: "other", name };
  }
}

/** Every type name StarRocks accepts in a column definition (data types reference), lower case. */
const STARROCKS_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(INTEGER_BITS),
  ...Object.keys(SIMPLE_TYPES),
  ...Object.keys(DECIMAL_V3_MAX_PRECISION),
  "decimal",
  "decimalv2",
  "decimalv3",
  "numeric",
  "number",
  "char",
  "varchar",
  "binary",
  "varbinary",
  "array",
  "map",
  "struct",
  "signed",
  "unsigned",
]);

export const TYPE_SYNTAX =
  "StarRocks types: TINYINT, SMALLINT, INT, BIGINT, LARGEINT, BOOLEAN, FLOAT, DOUBLE, DECIMAL(p, s), CHAR(n), " +
  "VARCHAR(n), STRING, VARBINARY(n), DATE, DATETIME, JSON, BITMAP, HLL, PERCENTILE, ARRAY<t>, MAP<k, v>, STRUCT<name t, ...>";

/** StarRocks' own limit on nested complex types is far below this (it allows 15 levels). */
export const MAX_TYPE_NESTING = 64;

/**
 * Reads one type at the cursor: `INT(11)`, `DECIMAL(10, 2)`, `ARRAY<MAP<INT, VARCHAR(10)>>`,
 * `STRUCT<a INT, b STRUCT<c INT>>`. The cursor is left after the type. `strict` refuses names StarRocks
 * does not know (statements must be valid); normalising a type from elsewhere keeps them as `other`.
 */
export function readDataType(cursor: TokenCursor, strict = false, depth = 0): DataType {
  const first = cursor.peek();
  // A bound, not recursion to the stack's end: ARRAY<ARRAY<...>> thousands deep is an error, not a crash.
  if (depth > MAX_TYPE_NESTING) {
    cursor.fail(
      "a simpler type",
      `Schematic reads ARRAY, MAP and STRUCT types nested up to ${MAX_TYPE_NESTING} levels deep.`,
    );
  }
  if (first === undefined || first.kind !== "word") cursor.fail("a column type", TYPE_SYNTAX);
  const name = first.text.toLowerCase();
  if (strict && !STARROCKS_TYPE_NAMES.has(name)) cursor.fail("a column type", TYPE_SYNTAX);
  cursor.position++;

  if (name === "array") {
    cursor.expectSymbol("<");
    const element = readDataType(cursor, strict, depth + 1);
    cursor.expectSymbol(">");
    return { family: "array", name: "array", element, raw: cursor.textFrom(first) };
  }
  if (name === "map") {
    cursor.expectSymbol("<");
    const key = readDataType(cursor, strict, depth + 1);
    cursor.expectSymbol(",");
    const element = readDataType(cursor, strict, depth + 1);
    cursor.expectSymbol(">");
    return { family: "map", name: "map", key, element, raw: cursor.textFrom(first) };
  }
  if (name === "struct") {
    cursor.expectSymbol("<");
    const fields: { name: string; type: DataType }[] = [];
    do {
      const fieldName = cursor.next("a struct field name");
      if (fieldName.kind !== "word" && fieldName.kind !== "quoted") {
        cursor.position--;
        cursor.fail("a struct field name");
      }
      cursor.acceptSymbol(":"); // Hive-style `name:type` as external catalogs print it
      const type = readDataType(cursor, strict, depth + 1);
      if (cursor.acceptKeyword("COMMENT")) cursor.next("a comment string");
      fields.push({ name: fieldName.value, type });
    } while (cursor.acceptSymbol(","));
    cursor.expectSymbol(">");
    return { family: "struct", name: "struct", fields, raw: cursor.textFrom(first) };
  }

  if (name === "signed" || name === "unsigned") {
    // StarRocks.g4 baseType `SIGNED INT? | UNSIGNED INT?` (and INTEGER): its TypeParser makes both a plain,
    // signed INT; the words exist for CAST(x AS SIGNED) in the MySQL manner.
    cursor.acceptKeyword("INT") ?? cursor.acceptKeyword("INTEGER");
    return { family: "integer", name: "int", bits: 32, raw: cursor.textFrom(first) };
  }

  const params = readTypeParameters(cursor);
  // `int(10) unsigned` is how MySQL-compatible tools print types; StarRocks' own grammar has no such suffix.
  const unsigned = !strict && cursor.acceptKeyword("UNSIGNED") !== undefined;
  const shape = scalarShape(name, params);
  return {
    ...shape,
    ...(unsigned && shape.family === "integer" ? { unsigned: true } : {}),
    raw: cursor.textFrom(first),
  };
}

function readTypeParameters(cursor: TokenCursor): number[] {
  if (!cursor.acceptSymbol("(")) return [];
  const params: number[] = [];
  do {
    const token = cursor.next("a number");
    if (token.kind !== "number") {
      cursor.position--;
      cursor.fail("a number");
    }
    params.push(Number(token.text));
  } while (cursor.acceptSymbol(","));
  cursor.expectSymbol(")");
  return params;
}

/** Normalises a type as written; an unreadable type keeps its text under family `other`. */
export function normalizeStarrocksType(raw: string): DataType {
  const trimmed = raw.trim();
  const { tokens } = tokenize(trimmed);
  const cursor = new TokenCursor(trimmed, tokens, trimmed.length);
  try {
    const type = readDataType(cursor);
    cursor.expectEnd();
    return type;
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { family: "other", name: trimmed.toLowerCase(), raw };
  }
}

/** The type as StarRocks' schema-change table names it. */
type Primitive =
  | "tinyint"
  | "smallint"
  | "int"
  | "bigint"
  | "largeint"
  | "float"
  | "double"
  | "decimalv2"
  | "decimalv3"
  | "char"
  | "varchar"
  | "date"
  | "datetime"
  | "json"
  | "other";

function primitiveOf(type: DataType): Primitive {
  switch (type.family) {
    case "integer":
      return (INTEGER_NAMES[type.bits ?? 32] as Primitive | undefined) ?? "other";
    case "float":
      return (type.bits ?? 64) <= 32 ? "float" : "double";
    case "decimal":
      return type.name === "decimalv2" ? "decimalv2" : "decimalv3";
    case "string":
      return type.fixedLength ? "char" : "varchar";
    case "date":
      return "date";
    case "timestamp":
      return "datetime";
    case "json":
      return "json";
    default:
      return "other";
  }
}

/**
 * Which column type changes ALTER TABLE ... MODIFY COLUMN accepts, from the ALTER TABLE reference
 * ("The following types of conversions are currently supported") and the engine's conversion table,
 * which also only lets integers widen and strings grow.
 */
const SCHEMA_CHANGE_TARGETS: Readonly<Record<Primitive, readonly Primitive[]>> = {
  tinyint: ["tinyint", "smallint", "int", "bigint", "largeint", "double", "varchar"],
  smallint: ["smallint", "int", "bigint", "largeint", "double", "varchar"],
  int: ["int", "bigint", "largeint", "double", "date", "varchar"],
  bigint: ["bigint", "largeint", "double", "varchar"],
  largeint: ["largeint", "varchar"],
  float: ["float", "double", "varchar"],
  double: ["double", "varchar"],
  decimalv2: ["decimalv2", "varchar"],
  decimalv3: ["decimalv3", "varchar"],
  char: ["char", "varchar"],
  varchar: [
    "varchar",
    "tinyint",
    "smallint",
    "int",
    "bigint",
    "largeint",
    "float",
    "double",
    "date",
    "decimalv3",
    "json",
  ],
  date: ["date", "datetime"],
  datetime: ["datetime", "date"],
  json: ["json", "varchar"],
  other: [],
};

/** Characters a value of a numeric type needs as text (sign and decimal point included). */
function textWidth(type: DataType): number | undefined {
  if (type.family === "integer") {
    const bits = type.bits ?? 32;
    return (2n ** BigInt(bits - 1)).toString().length + 1;
  }
  if (type.family === "decimal") return (type.precision ?? 10) + 2;
  if (type.family === "float") return (type.bits ?? 64) <= 32 ? 16 : 24;
  return undefined;
}

/** Whether StarRocks accepts `ALTER TABLE ... MODIFY COLUMN` from one type to the other. */
export function starrocksSchemaChangeAllowed(from: DataType, to: DataType): boolean {
  if (sameType(from, to)) return true;
  const source = primitiveOf(from);
  const target = primitiveOf(to);
  if (!SCHEMA_CHANGE_TARGETS[source].includes(target)) return false;
  if ((source === "varchar" || source === "char") && (target === "varchar" || target === "char")) {
    // "Cannot shorten string length".
    return (to.length ?? STARROCKS_MAX_VARCHAR_LENGTH) >= (from.length ?? STARROCKS_MAX_VARCHAR_LENGTH);
  }
  if (source === "decimalv3" && target === "decimalv3") {
    const fromScale = from.scale ?? 0;
    const toScale = to.scale ?? 0;
    return toScale >= fromScale && (to.precision ?? 10) - toScale >= (from.precision ?? 10) - fromScale;
  }
  if (source === "decimalv3" && target === "varchar") return (to.length ?? 0) >= (textWidth(from) ?? 0);
  return true;
}

/**
 * StarRocks' view of how values fare: the generic relation, plus the numeric-to-string conversions that
 * StarRocks performs (and the generic relation calls incompatible).
 */
export function compareStarrocksTypes(from: DataType, to: DataType): TypeCompatibility {
  const width = textWidth(from);
  if (width !== undefined && to.family === "string") {
    return to.length === undefined || to.length >= width ? "widening" : "narrowing";
  }
  return compareTypes(from, to);
}
