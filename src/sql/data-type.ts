/**
 * A column type normalised into a dialect-neutral family with parameters, so that rules and the dbt
 * impact check compare `varchar(50)` with `character varying(100)` or `int4` with `bigint` without
 * knowing which database wrote them.
 */
/** Every family, in one list that options and rules can name (`types: [timestamp, timestamptz]`). */
export const TYPE_FAMILIES = [
  "boolean",
  "integer",
  "decimal",
  "float",
  "string",
  "binary",
  "date",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "interval",
  "json",
  "uuid",
  "array",
  "map",
  "struct",
  "enum",
  "bitmap",
  "hll",
  "network",
  "geometry",
  "other",
] as const;

export type TypeFamily = (typeof TYPE_FAMILIES)[number];

export interface DataType {
  readonly family: TypeFamily;
  /** Canonical name in the source dialect, lower case: `bigint`, `varchar`, `numeric`, `timestamptz`. */
  readonly name: string;
  /** The type as written in the migration, for messages. */
  readonly raw: string;
  /** Storage width in bits for integers (8/16/24/32/64/128) and floats (32/64). */
  readonly bits?: number;
  /** Maximum length for strings and binaries; absent means unbounded (text, varchar without a limit). */
  readonly length?: number;
  /** char(n) / binary(n): padded to a fixed length. */
  readonly fixedLength?: boolean;
  /** Decimal precision, or fractional-seconds precision for time types. */
  readonly precision?: number;
  readonly scale?: number;
  readonly unsigned?: boolean;
  /** Element type of an array (and value type of a map). */
  readonly element?: DataType;
  /** Key type of a map. */
  readonly key?: DataType;
  /** Fields of a struct. */
  readonly fields?: readonly { readonly name: string; readonly type: DataType }[];
  /** Labels of an enum or set. */
  readonly values?: readonly string[];
}

/**
 * How a value of the old type fares when the column becomes the new type.
 * - identical: same family and parameters.
 * - widening: every old value fits unchanged (varchar(50)->varchar(100), int->bigint).
 * - narrowing: same kind of value, smaller range (varchar(100)->varchar(50), bigint->int).
 * - lossy: values convert but lose information (numeric->float, timestamptz->timestamp).
 * - incompatible: a different kind of value (text->integer, date->boolean).
 */
export type TypeCompatibility = "identical" | "widening" | "narrowing" | "lossy" | "incompatible";

export function formatType(type: DataType): string {
  return type.raw;
}
