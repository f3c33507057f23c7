import { lookupTable } from "../../lookup-table.js";
import type { DataType, TypeFamily } from "../../sql/data-type.js";
import { tokenize } from "./lexer.js";

/** Integer types by name: storage bits (MySQL manual 13.1.2). Display widths like int(11) do not matter. */
const INTEGER_BITS: Readonly<Record<string, readonly [canonical: string, bits: number]>> = lookupTable({
  tinyint: ["tinyint", 8],
  int1: ["tinyint", 8],
  smallint: ["smallint", 16],
  int2: ["smallint", 16],
  mediumint: ["mediumint", 24],
  middleint: ["mediumint", 24],
  int3: ["mediumint", 24],
  int: ["int", 32],
  integer: ["int", 32],
  int4: ["int", 32],
  bigint: ["bigint", 64],
  int8: ["bigint", 64],
});

/** Text and blob types: their maximum length in bytes (MySQL manual 13.7). */
const LOB_LENGTHS: Readonly<Record<string, readonly [family: TypeFamily, length: number]>> = lookupTable({
  tinytext: ["string", 255],
  text: ["string", 65535],
  mediumtext: ["string", 16777215],
  longtext: ["string", 4294967295],
  tinyblob: ["binary", 255],
  blob: ["binary", 65535],
  mediumblob: ["binary", 16777215],
  longblob: ["binary", 4294967295],
});

const GEOMETRY_NAMES: ReadonlySet<string> = new Set([
  "geometry",
  "point",
  "linestring",
  "polygon",
  "multipoint",
  "multilinestring",
  "multipolygon",
  "geometrycollection",
]);

/** Multi-word and synonym spellings, mapped to the name MySQL itself reports. */
const SYNONYMS: Readonly<Record<string, string>> = lookupTable({
  "double precision": "double",
  real: "double", // unless sql_mode REAL_AS_FLOAT
  float8: "double",
  float4: "float",
  dec: "decimal",
  fixed: "decimal",
  numeric: "decimal",
  bool: "boolean",
  "national char": "char",
  nchar: "char",
  character: "char",
  "national character": "char",
  "char varying": "varchar",
  "character varying": "varchar",
  "national varchar": "varchar",
  "national char varying": "varchar",
  "national character varying": "varchar",
  "nchar varying": "varchar",
  nvarchar: "varchar",
  "long varchar": "mediumtext",
  long: "mediumtext",
  "long varbinary": "mediumblob",
  geomcollection: "geometrycollection",
});

/** Words after the parameters that modify the type; charset and collation belong to the column. */
const MODIFIERS: ReadonlySet<string> = new Set(["UNSIGNED", "SIGNED", "ZEROFILL"]);

interface TypeParts {
  readonly name: string;
  readonly args: readonly string[];
  readonly unsigned: boolean;
}

/**
 * Normalises a MySQL/MariaDB column type as written (`INT(11) UNSIGNED`, `varchar(255)`,
 * `enum('a','b')`, `DATETIME(6)`, `double precision`) into a DataType. Unknown names keep family "other".
 */
export function normalizeMysqlType(raw: string): DataType {
  const parts = typeParts(raw);
  const base = { raw: raw.trim(), ...(parts.unsigned ? { unsigned: true } : {}) };
  const name = SYNONYMS[parts.name] ?? parts.name;
  const number = (i: number): number | undefined => {
    const value = parts.args[i];
    return value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);
  };

  const integer = INTEGER_BITS[name];
  if (integer?.[0] === "tinyint" && number(0) === 1 && !parts.unsigned) return booleanType(base.raw);
  if (integer) return { ...base, family: "integer", name: integer[0], bits: integer[1] };

  switch (name) {
    case "boolean":
      return booleanType(base.raw);
    case "serial":
      return { raw: base.raw, family: "integer", name: "bigint", bits: 64, unsigned: true };
    case "year":
      return { raw: base.raw, family: "integer", name: "year", bits: 16 };
    case "bit":
      return { raw: base.raw, family: "integer", name: "bit", bits: number(0) ?? 1, unsigned: true };
    case "decimal":
      // Without precision MySQL uses DECIMAL(10,0); with precision only, scale 0.
      return {
        ...base,
        family: "decimal",
        name: "decimal",
        precision: number(0) ?? 10,
        scale: number(1) ?? 0,
      };
    case "float":
      return floatType(base, number(0), number(1));
    case "double":
      return withPrecision({ ...base, family: "float", name: "double", bits: 64 }, number(0), number(1));
    case "char":
      return { raw: base.raw, family: "string", name: "char", length: number(0) ?? 1, fixedLength: true };
    case "varchar":
      return { raw: base.raw, family: "string", name: "varchar", ...lengthOf(number(0)) };
    case "binary":
      return { raw: base.raw, family: "binary", name: "binary", length: number(0) ?? 1, fixedLength: true };
    case "varbinary":
      return { raw: base.raw, family: "binary", name: "varbinary", ...lengthOf(number(0)) };
    case "text":
    case "blob":
      return sizedLob(base.raw, name, number(0));
    case "date":
      return { raw: base.raw, family: "date", name: "date" };
    case "datetime":
      // Fractional seconds default to 0 in MySQL (not microseconds as in PostgreSQL): say so explicitly.
      return { raw: base.raw, family: "timestamp", name: "datetime", precision: number(0) ?? 0 };
    case "timestamp":
      // Stored in UTC and converted from/to the session time zone: an instant, like timestamptz.
      return { raw: base.raw, family: "timestamptz", name: "timestamp", precision: number(0) ?? 0 };
    case "time":
      return { raw: base.raw, family: "time", name: "time", precision: number(0) ?? 0 };
    case "json":
      return { raw: base.raw, family: "json", name: "json" };
    case "enum":
    case "set":
      return { raw: base.raw, family: "enum", name, values: parts.args };
    case "uuid":
      return { raw: base.raw, family: "uuid", name: "uuid" };
    case "inet4":
    case "inet6":
      return { raw: base.raw, family: "network", name };
  }

  const lob = LOB_LENGTHS[name];
  if (lob) return { raw: base.raw, family: lob[0], name, length: lob[1] };
  if (GEOMETRY_NAMES.has(name)) return { raw: base.raw, family: "geometry", name };
  return { raw: base.raw, family: "other", name };
}

/**
 * BOOL is stored as TINYINT(1), and the server cannot tell the two spellings apart (SHOW CREATE TABLE and
 * information_schema print tinyint(1) for both); connectors read both as booleans. So both are boolean.
 */
function booleanType(raw: string): DataType {
  return { raw, family: "boolean", name: "boolean", bits: 8 };
}

function lengthOf(length: number | undefined): { length?: number } {
  return length === undefined ? {} : { length };
}

/** FLOAT(p) picks single precision up to 24 bits of mantissa and double above (MySQL manual 13.1.4). */
function floatType(
  base: { raw: string; unsigned?: boolean },
  first: number | undefined,
  second: number | undefined,
): DataType {
  if (first !== undefined && second === undefined) {
    return first > 24
      ? { ...base, family: "float", name: "double", bits: 64 }
      : { ...base, family: "float", name: "float", bits: 32 };
  }
  return withPrecision({ ...base, family: "float", name: "float", bits: 32 }, first, second);
}

/** The deprecated FLOAT(M,D) / DOUBLE(M,D) forms round stored values to D decimals. */
function withPrecision(type: DataType, precision: number | undefined, scale: number | undefined): DataType {
  return precision === undefined || scale === undefined ? type : { ...type, precision, scale };
}

/**
 * TEXT(n) / BLOB(n) pick the smallest type that holds n characters / bytes. TEXT counts characters of the
 * column's charset; utf8mb4 (the default since MySQL 8.0) takes up to 4 bytes each.
 */
function sizedLob(raw: string, name: "text" | "blob", size: number | undefined): DataType {
  const prefixes = ["tiny", "", "medium", "long"];
  const family: TypeFamily = name === "text" ? "string" : "binary";
  const bytes = (count: number): number => (name === "text" ? count * 4 : count);
  for (const prefix of prefixes) {
    const candidate = `${prefix}${name}`;
    const length = LOB_LENGTHS[candidate]![1];
    if (size === undefined ? prefix === "" : bytes(size) <= length)
      return { raw, family, name: candidate, length };
  }
  return { raw, family, name: `long${name}`, length: LOB_LENGTHS[`long${name}`]![1] };
}

/** Name (lower case, synonyms' words joined by one space), parenthesised arguments, and UNSIGNED/ZEROFILL. */
function typeParts(raw: string): TypeParts {
  const tokens = tokenize(raw);
  const leading: string[] = [];
  for (let j = 0; j < Math.min(tokens.length, 4); j++) {
    const token = tokens[j]!;
    if (token.kind !== "word" || MODIFIERS.has(token.upper)) break;
    leading.push(token.text.toLowerCase());
  }
  // Multi-word spellings (double precision, national char varying, long varbinary): the longest known one.
  let take = Math.min(1, leading.length);
  for (let n = leading.length; n >= 2; n--) {
    if (SYNONYMS[leading.slice(0, n).join(" ")] !== undefined) {
      take = n;
      break;
    }
  }
  const name = leading.slice(0, take).join(" ");
  let i = take;

  const args: string[] = [];
  if (tokens[i]?.kind === "punct" && tokens[i]!.text === "(") {
    i++;
    while (i < tokens.length && !(tokens[i]!.kind === "punct" && tokens[i]!.text === ")")) {
      const token = tokens[i]!;
      if (!(token.kind === "punct" && token.text === ",")) args.push(token.value);
      i++;
    }
    i++;
  }

  let unsigned = false;
  for (; i < tokens.length; i++) {
    const word = tokens[i]!.upper;
    if (word === "UNSIGNED" || word === "ZEROFILL") unsigned = true; // ZEROFILL implies UNSIGNED
  }
  return { name, args, unsigned };
}
