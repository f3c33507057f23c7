import { describe, expect, it } from "vitest";
import type { DataType } from "../../src/sql/data-type.js";
import { compareTypes, isBreaking, worseOf } from "../../src/sql/type-compat.js";

const t = (family: DataType["family"], name: string, extra: Partial<DataType> = {}): DataType => ({
  family,
  name,
  raw: name,
  ...extra,
});

const int = t("integer", "integer", { bits: 32 });
const bigint = t("integer", "bigint", { bits: 64 });
const smallint = t("integer", "smallint", { bits: 16 });
const uint32 = t("integer", "int unsigned", { bits: 32, unsigned: true });
const varchar = (length?: number) => t("string", "varchar", length === undefined ? {} : { length });
const numeric = (precision?: number, scale?: number) =>
  t("decimal", "numeric", {
    ...(precision !== undefined && { precision }),
    ...(scale !== undefined && { scale }),
  });
const float4 = t("float", "real", { bits: 32 });
const float8 = t("float", "double precision", { bits: 64 });

describe("compareTypes", () => {
  it.each([
    ["varchar(50) -> varchar(100)", varchar(50), varchar(100), "widening"],
    ["varchar(100) -> varchar(50)", varchar(100), varchar(50), "narrowing"],
    ["varchar(50) -> text (unbounded)", varchar(50), varchar(), "widening"],
    ["text -> varchar(10)", varchar(), varchar(10), "narrowing"],
    ["same varchar", varchar(20), varchar(20), "identical"],
    ["int -> bigint", int, bigint, "widening"],
    ["bigint -> int", bigint, int, "narrowing"],
    ["smallint -> int", smallint, int, "widening"],
    ["int -> int unsigned", int, uint32, "narrowing"],
    ["int unsigned -> bigint", uint32, bigint, "widening"],
    ["int unsigned -> int", uint32, int, "narrowing"],
    ["numeric(10,2) -> numeric(12,2)", numeric(10, 2), numeric(12, 2), "widening"],
    ["numeric(12,2) -> numeric(10,2)", numeric(12, 2), numeric(10, 2), "narrowing"],
    ["numeric(10,4) -> numeric(10,2) loses decimals", numeric(10, 4), numeric(12, 2), "lossy"],
    ["numeric(10,2) -> numeric", numeric(10, 2), numeric(), "widening"],
    ["numeric -> numeric(10,2)", numeric(), numeric(10, 2), "narrowing"],
    ["numeric -> float", numeric(18, 6), float8, "lossy"],
    ["float -> numeric", float8, numeric(18, 6), "lossy"],
    ["real -> double", float4, float8, "widening"],
    ["double -> real", float8, float4, "narrowing"],
    ["int -> double (exact)", int, float8, "widening"],
    ["bigint -> double (53-bit mantissa)", bigint, float8, "lossy"],
    ["int -> numeric(10,0)", int, numeric(10, 0), "widening"],
    ["bigint -> numeric(10,0)", bigint, numeric(10, 0), "narrowing"],
    ["numeric(10,2) -> int", numeric(10, 2), int, "lossy"],
    ["timestamptz -> timestamp", t("timestamptz", "timestamptz"), t("timestamp", "timestamp"), "lossy"],
    ["date -> timestamp", t("date", "date"), t("timestamp", "timestamp"), "widening"],
    ["timestamp -> date", t("timestamp", "timestamp"), t("date", "date"), "lossy"],
    [
      "timestamp(6) -> timestamp(3)",
      t("timestamp", "timestamp", { precision: 6 }),
      t("timestamp", "timestamp", { precision: 3 }),
      "lossy",
    ],
    ["text -> integer", varchar(), int, "incompatible"],
    ["integer -> text", int, varchar(), "incompatible"],
    ["boolean -> integer", t("boolean", "boolean"), int, "incompatible"],
    [
      "enum add value",
      t("enum", "enum", { values: ["a", "b"] }),
      t("enum", "enum", { values: ["a", "b", "c"] }),
      "widening",
    ],
    [
      "enum drop value",
      t("enum", "enum", { values: ["a", "b"] }),
      t("enum", "enum", { values: ["a"] }),
      "narrowing",
    ],
    ["uuid -> text", t("uuid", "uuid"), varchar(), "widening"],
    [
      "int[] -> bigint[]",
      t("array", "array", { element: int }),
      t("array", "array", { element: bigint }),
      "widening",
    ],
    [
      "bigint[] -> int[]",
      t("array", "array", { element: bigint }),
      t("array", "array", { element: int }),
      "narrowing",
    ],
  ] as const)("%s is %s", (_label, from, to, expected) => {
    expect(compareTypes(from, to)).toBe(expected);
  });

  it("ignores how the type was written", () => {
    expect(compareTypes({ ...int, raw: "int4" }, { ...int, raw: "INTEGER" })).toBe("identical");
  });
});

describe("isBreaking / worseOf", () => {
  it("treats narrowing, lossy and incompatible as breaking", () => {
    expect(
      ["identical", "widening", "narrowing", "lossy", "incompatible"].map((c) => isBreaking(c as never)),
    ).toEqual([false, false, true, true, true]);
  });
  it("keeps the worse judgement", () => {
    expect(worseOf("widening", "lossy")).toBe("lossy");
    expect(worseOf("incompatible", "identical")).toBe("incompatible");
  });
});

describe("time zones", () => {
  it("keeps every instant from timestamp to timestamptz, not back", () => {
    const plain = { family: "timestamp", name: "timestamp", raw: "timestamp" } as const;
    const zoned = { family: "timestamptz", name: "timestamptz", raw: "timestamptz" } as const;
    expect(compareTypes(plain, zoned)).toBe("widening");
    expect(compareTypes(zoned, plain)).toBe("lossy");
  });
});
