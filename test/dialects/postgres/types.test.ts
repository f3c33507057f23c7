import { describe, expect, it } from "vitest";
import type { DataType, TypeCompatibility } from "../../../src/sql/data-type.js";
import { postgres } from "./helpers.js";

/** A DataType without `raw` (its own and its element's): `raw` is always the text as written. */
type Expected = Omit<DataType, "raw" | "element"> & { element?: Expected };

function withoutRaw(type: DataType): Expected {
  const { raw: _raw, element, ...rest } = type;
  return element ? { ...rest, element: withoutRaw(element) } : rest;
}

describe("normalizeType", () => {
  const table: [string, Expected][] = [
    ["int2", { family: "integer", name: "smallint", bits: 16 }],
    ["smallint", { family: "integer", name: "smallint", bits: 16 }],
    ["int4", { family: "integer", name: "integer", bits: 32 }],
    ["INTEGER", { family: "integer", name: "integer", bits: 32 }],
    ["int", { family: "integer", name: "integer", bits: 32 }],
    ["int8", { family: "integer", name: "bigint", bits: 64 }],
    ["bigint", { family: "integer", name: "bigint", bits: 64 }],
    ["serial", { family: "integer", name: "integer", bits: 32 }],
    ["bigserial", { family: "integer", name: "bigint", bits: 64 }],
    ["smallserial", { family: "integer", name: "smallint", bits: 16 }],
    ["numeric", { family: "decimal", name: "numeric" }],
    ["numeric(10,2)", { family: "decimal", name: "numeric", precision: 10, scale: 2 }],
    ["decimal(5)", { family: "decimal", name: "numeric", precision: 5, scale: 0 }],
    ["real", { family: "float", name: "real", bits: 32 }],
    ["float4", { family: "float", name: "real", bits: 32 }],
    ["float8", { family: "float", name: "double precision", bits: 64 }],
    ["double precision", { family: "float", name: "double precision", bits: 64 }],
    ["float", { family: "float", name: "double precision", bits: 64 }],
    ["float(10)", { family: "float", name: "real", bits: 32 }],
    ["float(30)", { family: "float", name: "double precision", bits: 64 }],
    ["varchar(20)", { family: "string", name: "varchar", length: 20 }],
    ["character varying(20)", { family: "string", name: "varchar", length: 20 }],
    ["character varying", { family: "string", name: "varchar" }],
    ["varchar", { family: "string", name: "varchar" }],
    ["char(3)", { family: "string", name: "char", fixedLength: true, length: 3 }],
    ["character", { family: "string", name: "char", fixedLength: true, length: 1 }],
    ["bpchar", { family: "string", name: "char", fixedLength: true }],
    ["text", { family: "string", name: "text" }],
    ["citext", { family: "string", name: "citext" }],
    ["public.citext", { family: "string", name: "citext" }],
    ["name", { family: "string", name: "name", length: 63 }],
    ["bytea", { family: "binary", name: "bytea" }],
    ["bit", { family: "binary", name: "bit", fixedLength: true, length: 1 }],
    ["bit(8)", { family: "binary", name: "bit", fixedLength: true, length: 8 }],
    ["bit varying(4)", { family: "binary", name: "varbit", length: 4 }],
    ["bool", { family: "boolean", name: "boolean" }],
    ["boolean", { family: "boolean", name: "boolean" }],
    ["date", { family: "date", name: "date" }],
    ["time", { family: "time", name: "time" }],
    ["time(3)", { family: "time", name: "time", precision: 3 }],
    ["time with time zone", { family: "timetz", name: "timetz" }],
    ["timetz", { family: "timetz", name: "timetz" }],
    ["timestamp", { family: "timestamp", name: "timestamp" }],
    ["timestamp(3)", { family: "timestamp", name: "timestamp", precision: 3 }],
    ["timestamp(3) without time zone", { family: "timestamp", name: "timestamp", precision: 3 }],
    ["timestamp with time zone", { family: "timestamptz", name: "timestamptz" }],
    ["timestamptz(6)", { family: "timestamptz", name: "timestamptz", precision: 6 }],
    ["interval", { family: "interval", name: "interval" }],
    ["interval(3)", { family: "interval", name: "interval", precision: 3 }],
    ["interval day to second(2)", { family: "interval", name: "interval", precision: 2 }],
    ["interval year", { family: "interval", name: "interval" }],
    ["json", { family: "json", name: "json" }],
    ["jsonb", { family: "json", name: "jsonb" }],
    ["uuid", { family: "uuid", name: "uuid" }],
    ["inet", { family: "network", name: "inet" }],
    ["cidr", { family: "network", name: "cidr" }],
    ["macaddr", { family: "network", name: "macaddr" }],
    ["macaddr8", { family: "network", name: "macaddr8" }],
    [
      "int[]",
      { family: "array", name: "integer[]", element: { family: "integer", name: "integer", bits: 32 } },
    ],
    ["text[][]", { family: "array", name: "text[][]", element: { family: "string", name: "text" } }],
    [
      "varchar(10) ARRAY",
      { family: "array", name: "varchar[]", element: { family: "string", name: "varchar", length: 10 } },
    ],
    [
      "integer ARRAY[4]",
      { family: "array", name: "integer[]", element: { family: "integer", name: "integer", bits: 32 } },
    ],
    ["geometry(Point, 4326)", { family: "geometry", name: "geometry" }],
    ["public.geography", { family: "geometry", name: "geography" }],
    ["point", { family: "geometry", name: "point" }],
    ["mood", { family: "other", name: "mood" }],
    ["app.mood", { family: "other", name: "app.mood" }],
    ["money", { family: "other", name: "money" }],
    ["tsvector", { family: "other", name: "tsvector" }],
    ["users.id%TYPE", { family: "other", name: "users.id%type" }],
    ["not a type!", { family: "other", name: "not a type!" }],
  ];

  it.each(table)("%s", (raw, expected) => {
    const type = postgres.normalizeType(raw);
    expect(type.raw).toBe(raw);
    expect(withoutRaw(type)).toEqual(expected);
  });

  it("hstore is a map of text to text", () => {
    const text = { family: "string", name: "text", raw: "text" };
    expect(postgres.normalizeType("hstore")).toEqual({
      family: "map",
      name: "hstore",
      raw: "hstore",
      key: text,
      element: text,
    });
  });

  it("a column's type is normalised the same way in a migration", () => {
    const parsed = postgres.parse(
      "CREATE TABLE t (a character varying(20)[], b timestamp(3) with time zone NOT NULL)",
    );
    const change = parsed.statements[0]?.changes[0];
    const columns = change?.kind === "create_table" ? change.table.columns : [];
    expect(columns.map((column) => column.type)).toEqual([
      postgres.normalizeType("character varying(20)[]"),
      postgres.normalizeType("timestamp(3) with time zone"),
    ]);
  });
});

describe("compareTypes", () => {
  const table: [string, string, TypeCompatibility][] = [
    ["integer", "int4", "identical"],
    ["varchar(20)", "character varying(20)", "identical"],
    ["int", "bigint", "widening"],
    ["bigint", "int", "narrowing"],
    ["smallserial", "integer", "widening"],
    ["varchar(50)", "varchar(100)", "widening"],
    ["varchar(100)", "varchar(50)", "narrowing"],
    ["varchar(20)", "text", "widening"],
    ["text", "varchar(255)", "narrowing"],
    ["char(10)", "varchar(10)", "widening"],
    ["varchar(10)", "char(10)", "lossy"],
    ["text", "citext", "lossy"],
    ["varchar(20)", "citext", "lossy"],
    ["citext", "text", "widening"],
    ["citext", "varchar(10)", "narrowing"],
    ["json", "jsonb", "lossy"],
    ["jsonb", "json", "widening"],
    ["jsonb", "text", "widening"],
    ["json", "varchar(100)", "narrowing"],
    ["text", "jsonb", "narrowing"],
    ["inet", "cidr", "narrowing"],
    ["cidr", "inet", "widening"],
    ["macaddr", "macaddr8", "widening"],
    ["time", "timetz", "widening"],
    ["timetz", "time", "lossy"],
    ["timestamp", "timestamptz", "widening"],
    ["timestamptz", "timestamp", "lossy"],
    ["date", "timestamptz", "widening"],
    ["timestamptz(3)", "timestamptz", "widening"],
    ["timestamptz", "timestamptz(3)", "lossy"],
    ["numeric(10,2)", "numeric(12,2)", "widening"],
    ["numeric(10,2)", "numeric(10,1)", "lossy"],
    ["numeric(10,2)", "numeric(8,2)", "narrowing"],
    ["numeric", "double precision", "lossy"],
    ["integer", "numeric", "widening"],
    ["int", "double precision", "widening"],
    ["bigint", "real", "lossy"],
    ["real", "double precision", "widening"],
    ["uuid", "text", "widening"],
    ["text", "uuid", "narrowing"],
    ["int[]", "bigint[]", "widening"],
    ["varchar(10)[]", "varchar(5)[]", "narrowing"],
    ["json[]", "jsonb[]", "lossy"],
    ["text", "integer", "incompatible"],
    ["boolean", "date", "incompatible"],
    ["mood", "mood", "identical"],
    ["mood", "other_enum", "incompatible"],
  ];

  it.each(table)("%s -> %s is %s", (from, to, expected) => {
    expect(postgres.compareTypes(postgres.normalizeType(from), postgres.normalizeType(to))).toBe(expected);
  });
});
