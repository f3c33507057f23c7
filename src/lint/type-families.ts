import type { TypeFamily } from "../sql/data-type.js";

/** Every type family, for rule options that name families (`types: [timestamp, timestamptz]`). */
export const TYPE_FAMILIES: readonly TypeFamily[] = [
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
];
