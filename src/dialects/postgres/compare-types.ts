/**
 * PostgreSQL's own casts on top of the dialect-neutral relation: pairs inside one family that the
 * generic rule cannot tell apart (json and jsonb, text and citext, inet and cidr).
 */

import { lookupTable } from "../../lookup-table.js";
import type { DataType, TypeCompatibility } from "../../sql/data-type.js";
import { compareTypes as compareGenericTypes, sameType } from "../../sql/type-compat.js";

/** Casts by canonical name, `from>to`. */
const NAMED_CASTS: Readonly<Record<string, TypeCompatibility>> = lookupTable({
  // jsonb drops duplicate keys, key order and insignificant whitespace; json keeps the text as given.
  "json>jsonb": "lossy",
  "jsonb>json": "widening",
  // cidr refuses addresses with host bits set; every cidr is a valid inet.
  "inet>cidr": "narrowing",
  "cidr>inet": "widening",
  "macaddr>macaddr8": "widening",
  "macaddr8>macaddr": "narrowing",
  // time -> timetz attaches the session's zone; the reverse drops it.
  "time>timetz": "widening",
  "timetz>time": "lossy",
});

/** True for the case-insensitive text type: equality, grouping and uniqueness ignore case. */
const isCaseInsensitive = (type: DataType): boolean => type.family === "string" && type.name === "citext";

export function comparePostgresTypes(from: DataType, to: DataType): TypeCompatibility {
  if (sameType(from, to)) return "identical";
  if (from.family === "array" && to.family === "array") {
    return from.element && to.element ? comparePostgresTypes(from.element, to.element) : "incompatible";
  }
  const named = NAMED_CASTS[`${from.name}>${to.name}`];
  if (named) return named;
  if (from.family === "json" && to.family === "string")
    return to.length === undefined ? "widening" : "narrowing";
  if (
    from.family === "string" &&
    to.family === "string" &&
    isCaseInsensitive(from) !== isCaseInsensitive(to)
  ) {
    return compareCaseSensitivity(from, to);
  }
  return compareGenericTypes(from, to);
}

/**
 * text -> citext keeps every value but makes values that differ only in case equal (joins, GROUP BY
 * and unique indexes change): lossy. citext -> text keeps values and distinguishes more: it behaves
 * like a widening, bounded by the target's length.
 */
function compareCaseSensitivity(from: DataType, to: DataType): TypeCompatibility {
  const byLength = compareGenericTypes({ ...from, name: to.name }, to);
  if (isCaseInsensitive(to)) return byLength === "narrowing" ? "narrowing" : "lossy";
  return byLength === "identical" ? "widening" : byLength;
}
