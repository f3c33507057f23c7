import type { DataType, TypeCompatibility } from "../../sql/data-type.js";
import { compareTypes } from "../../sql/type-compat.js";

/** BOOL is TINYINT(1): compared as the signed 8-bit integer it is stored as. */
const BOOLEAN_STORAGE: DataType = { family: "integer", name: "tinyint", raw: "tinyint(1)", bits: 8 };

/**
 * The generic relation plus what ALTER TABLE … MODIFY does to existing values in MySQL:
 * - BOOL ↔ TINYINT: the same storage. Values survive a change to any integer wide enough; only the declared
 *   type (what connectors and dbt report) changes, so an unchanged width is "widening", not "identical".
 * - ENUM: values are stored as indexes and converted by label. Adding labels keeps every row
 *   ("widening"), also in the middle (the indexes shift, the labels survive). Removing a label is
 *   "narrowing" (rows holding it fail in strict mode, become '' otherwise). Keeping the labels but changing
 *   their relative order is "lossy": values survive, but ORDER BY and `col + 0` see a different order.
 * - ENUM / SET → text: the labels survive when the longest value fits (for SET, all members joined by commas).
 * - ENUM → SET: every label is a one-member set ("widening" when the labels are kept); SET → ENUM is
 *   "narrowing" (rows holding several members do not fit).
 * - DATETIME → TIMESTAMP: "narrowing" (TIMESTAMP only holds 1970–2038, and values are reinterpreted in the
 *   session time zone); TIMESTAMP → DATETIME: "lossy" (the instant becomes a wall-clock time).
 * - JSON → text: the document's text survives in LONGTEXT ("widening"), shorter text types may truncate.
 * - text ↔ binary: the bytes survive a change to a long enough binary type, but comparisons and sorting lose
 *   the collation ("lossy"); binary → text is "narrowing" (byte sequences invalid in the charset fail).
 */
export function compareMysqlTypes(from: DataType, to: DataType): TypeCompatibility {
  if (from.family === "boolean" || to.family === "boolean") return compareWithBoolean(from, to);
  if (from.family === "enum" && to.family === "enum") return compareEnumLike(from, to);
  if (from.family === "enum" && to.family === "string") {
    return to.length === undefined || to.length >= longestValue(from) ? "widening" : "narrowing";
  }
  if (from.family === "timestamp" && to.family === "timestamptz") {
    return "narrowing";
  }
  if (from.family === "json" && to.family === "string") {
    return to.length === undefined || to.length >= 4294967295 ? "widening" : "narrowing";
  }
  if (from.family === "string" && to.family === "binary") {
    return lengthFits(from, to) ? "lossy" : "narrowing";
  }
  if (from.family === "binary" && to.family === "string") return "narrowing";
  return compareTypes(from, to);
}

function compareWithBoolean(from: DataType, to: DataType): TypeCompatibility {
  if (from.family === "boolean" && to.family === "boolean") return "identical";
  const asStored = (type: DataType): DataType => (type.family === "boolean" ? BOOLEAN_STORAGE : type);
  const stored = compareTypes(asStored(from), asStored(to));
  if (stored === "incompatible") return compareTypes(from, to);
  return stored === "identical" ? "widening" : stored;
}

function compareEnumLike(from: DataType, to: DataType): TypeCompatibility {
  const fromValues = from.values ?? [];
  const toValues = to.values ?? [];
  if (from.name === "set" && to.name === "enum") return "narrowing";
  const target = new Map(toValues.map((value, index) => [value, index]));
  if (!fromValues.every((value) => target.has(value))) return "narrowing";
  const positions = fromValues.map((value) => target.get(value)!);
  const orderKept = positions.every((position, i) => i === 0 || position > positions[i - 1]!);
  if (!orderKept) return "lossy";
  if (from.name !== to.name) return "widening"; // enum -> set
  return fromValues.length === toValues.length ? "identical" : "widening";
}

function longestValue(type: DataType): number {
  const lengths = (type.values ?? []).map((value) => [...value].length);
  if (type.name === "set")
    return lengths.reduce((sum, length) => sum + length, Math.max(0, lengths.length - 1));
  return Math.max(0, ...lengths);
}

function lengthFits(from: DataType, to: DataType): boolean {
  if (to.length === undefined) return true;
  // Character lengths can take up to 4 bytes each (utf8mb4).
  return from.length !== undefined && from.length * 4 <= to.length;
}
