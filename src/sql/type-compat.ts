import type { DataType, TypeCompatibility } from "./data-type.js";

/** Order of severity, mildest first; combining two judgements keeps the worse one. */
const SEVERITY: readonly TypeCompatibility[] = [
  "identical",
  "widening",
  "lossy",
  "narrowing",
  "incompatible",
];

export function worseOf(a: TypeCompatibility, b: TypeCompatibility): TypeCompatibility {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

export function isBreaking(compatibility: TypeCompatibility): boolean {
  return compatibility === "narrowing" || compatibility === "lossy" || compatibility === "incompatible";
}

/** Same type: family, canonical name and every parameter, ignoring how it was written. */
export function sameType(a: DataType, b: DataType): boolean {
  return (
    a.family === b.family &&
    a.name === b.name &&
    a.bits === b.bits &&
    a.length === b.length &&
    Boolean(a.fixedLength) === Boolean(b.fixedLength) &&
    a.precision === b.precision &&
    a.scale === b.scale &&
    Boolean(a.unsigned) === Boolean(b.unsigned) &&
    sameOptional(a.element, b.element) &&
    sameOptional(a.key, b.key) &&
    (a.values ?? []).join("\u0000") === (b.values ?? []).join("\u0000") &&
    (a.fields ?? []).length === (b.fields ?? []).length &&
    (a.fields ?? []).every((f, i) => f.name === b.fields![i]!.name && sameType(f.type, b.fields![i]!.type))
  );
}

function sameOptional(a: DataType | undefined, b: DataType | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameType(a, b);
}

/** Decimal digits needed for every value of an integer type. */
function integerDigits(type: DataType): number {
  const bits = type.bits ?? 32;
  const max = type.unsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1);
  return max.toString().length;
}

/** Bits of mantissa a float keeps exactly (IEEE 754 single: 24, double: 53). */
function floatMantissaBits(type: DataType): number {
  return (type.bits ?? 64) <= 32 ? 24 : 53;
}

function compareLengths(from: number | undefined, to: number | undefined): TypeCompatibility {
  if (from === to) return "identical";
  if (to === undefined) return "widening";
  if (from === undefined) return "narrowing";
  return to > from ? "widening" : "narrowing";
}

function compareIntegers(from: DataType, to: DataType): TypeCompatibility {
  const fromBits = from.bits ?? 32;
  const toBits = to.bits ?? 32;
  const fromUnsigned = Boolean(from.unsigned);
  const toUnsigned = Boolean(to.unsigned);
  if (fromUnsigned === toUnsigned) return compareLengths(fromBits, toBits);
  // Signed to unsigned drops negatives; unsigned to signed needs one more bit.
  if (!fromUnsigned && toUnsigned) return "narrowing";
  return toBits > fromBits ? "widening" : "narrowing";
}

function compareDecimals(from: DataType, to: DataType): TypeCompatibility {
  if (to.precision === undefined) return from.precision === undefined ? "identical" : "widening";
  if (from.precision === undefined) return "narrowing";
  const fromScale = from.scale ?? 0;
  const toScale = to.scale ?? 0;
  const fromIntegerDigits = from.precision - fromScale;
  const toIntegerDigits = to.precision - toScale;
  if (toIntegerDigits < fromIntegerDigits) return "narrowing";
  if (toScale < fromScale) return "lossy"; // values round to fewer decimals
  return from.precision === to.precision && fromScale === toScale ? "identical" : "widening";
}

function compareTimePrecision(from: DataType, to: DataType): TypeCompatibility {
  // Absent precision means the database default (microseconds in PostgreSQL): the widest.
  const fromPrecision = from.precision ?? 6;
  const toPrecision = to.precision ?? 6;
  if (toPrecision === fromPrecision) return "identical";
  return toPrecision > fromPrecision ? "widening" : "lossy";
}

function compareEnums(from: DataType, to: DataType): TypeCompatibility {
  const target = new Set(to.values ?? []);
  const kept = (from.values ?? []).every((value) => target.has(value));
  if (!kept) return "narrowing";
  return (from.values ?? []).length === target.size ? "identical" : "widening";
}

const TEMPORAL_RANK: Partial<Record<DataType["family"], number>> = { date: 0, timestamp: 1, timestamptz: 2 };

/**
 * The dialect-neutral compatibility relation. Dialects wrap it for casts only they have
 * (PostgreSQL json -> jsonb, StarRocks' schema-change conversion table).
 */
export function compareTypes(from: DataType, to: DataType): TypeCompatibility {
  if (sameType(from, to)) return "identical";
  const a = from.family;
  const b = to.family;

  if (a === b) {
    switch (a) {
      case "integer":
        return compareIntegers(from, to);
      case "decimal":
        return compareDecimals(from, to);
      case "float":
        return compareLengths(from.bits ?? 64, to.bits ?? 64);
      case "string":
      case "binary": {
        const byLength = compareLengths(from.length, to.length);
        // char(n) -> varchar(n) keeps every value; varchar -> char pads them, which readers see.
        if (byLength === "identical" && from.fixedLength !== to.fixedLength)
          return to.fixedLength ? "lossy" : "widening";
        return byLength;
      }
      case "time":
      case "timetz":
      case "timestamp":
      case "timestamptz":
      case "interval":
        return compareTimePrecision(from, to);
      case "enum":
        return compareEnums(from, to);
      case "array":
        return from.element && to.element ? compareTypes(from.element, to.element) : "incompatible";
      case "map":
        return from.element && to.element && from.key && to.key
          ? worseOf(compareTypes(from.key, to.key), compareTypes(from.element, to.element))
          : "incompatible";
      case "struct":
        return compareStructs(from, to);
      default:
        // Same family, different named type (json vs jsonb, inet vs cidr, two user types).
        return from.name === to.name ? "widening" : "incompatible";
    }
  }

  if (a === "integer" && b === "decimal") {
    if (to.precision === undefined) return "widening";
    return to.precision - (to.scale ?? 0) >= integerDigits(from) ? "widening" : "narrowing";
  }
  if (a === "integer" && b === "float") {
    return Math.log2(10 ** integerDigits(from)) <= floatMantissaBits(to) ? "widening" : "lossy";
  }
  if (a === "decimal" && b === "integer") return (from.scale ?? 0) > 0 ? "lossy" : "narrowing";
  if ((a === "decimal" && b === "float") || (a === "float" && b === "decimal")) return "lossy";
  if (a === "float" && b === "integer") return "lossy";

  const fromRank = TEMPORAL_RANK[a];
  const toRank = TEMPORAL_RANK[b];
  if (fromRank !== undefined && toRank !== undefined) {
    if (a === "date") return "widening"; // date -> timestamp[tz]: midnight, nothing lost
    // timestamp -> timestamptz reads each value in the session's zone: every instant is kept.
    if (a === "timestamp" && b === "timestamptz") return "widening";
    return "lossy"; // to date drops the time; timestamptz -> timestamp drops the zone
  }

  if (a === "enum" && b === "string") return to.length === undefined ? "widening" : "narrowing";
  if (a === "string" && b === "enum") return "narrowing";
  if (a === "uuid" && b === "string")
    return to.length === undefined || to.length >= 36 ? "widening" : "narrowing";
  if (a === "string" && b === "uuid") return "narrowing";
  if (a === "string" && b === "json") return "narrowing"; // only valid JSON text survives
  return "incompatible";
}

function compareStructs(from: DataType, to: DataType): TypeCompatibility {
  const target = new Map((to.fields ?? []).map((field) => [field.name, field.type]));
  let result: TypeCompatibility = (from.fields ?? []).length === target.size ? "identical" : "widening";
  for (const field of from.fields ?? []) {
    const next = target.get(field.name);
    if (!next) return "incompatible";
    result = worseOf(result, compareTypes(field.type, next));
  }
  return result;
}
