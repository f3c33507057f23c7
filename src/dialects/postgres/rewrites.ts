import type { DataType } from "../../sql/data-type.js";
import { sameType } from "../../sql/type-compat.js";
import type { SessionSettings } from "../dialect.js";

/** Text types whose values are stored alike, so that PostgreSQL can relabel one as the other. */
const TEXT_LIKE = new Set(["varchar", "text", "citext"]);
const TEMPORAL = new Set(["time", "timetz", "timestamp", "timestamptz"]);
/** Fractional-second precision that `time`, `timestamp` and `interval` have when none is written. */
const MAX_SECONDS_PRECISION = 6;

/**
 * Does `ALTER COLUMN ... TYPE` rewrite the table (and rebuild its indexes) under ACCESS EXCLUSIVE?
 * PostgreSQL skips the rewrite when the old type is binary coercible to the new one and the length
 * coercion, if any, provably keeps every value (ALTER TABLE, "Notes"; the types' planner support
 * functions). Checked against PostgreSQL 15 in test/dialects/postgres/rewrites.test.ts:
 * - varchar(n) -> varchar(m >= n), varchar, text, citext; text <-> varchar; text/varchar -> citext;
 * - numeric(p, s) -> numeric(q >= p, s) or unconstrained numeric;
 * - time/timetz/timestamp/timestamptz to the same type with more (or unspecified) precision;
 * - interval to a wider interval; varbit(n) -> varbit(m >= n) or varbit; cidr -> inet;
 * - timestamp <-> timestamptz only when the session's TimeZone is UTC (PostgreSQL 12+: then the conversion
 *   keeps every value's bits) and the target precision is unspecified. A TimeZone the migration did not set
 *   is unknown, and counts as not UTC.
 * Everything else rewrites, int -> bigint and every array type change included. Types the dialect does
 * not know (domains, enums, extension types) are assumed to rewrite unless unchanged.
 * Where no rewrite happens an index on the column may still be rebuilt (text -> citext changes its
 * operator class); that is not this function's answer.
 */
export function postgresRewritesTable(
  from: DataType,
  to: DataType,
  session: SessionSettings = new Map(),
): boolean {
  if (from.family === "interval" && to.family === "interval") return intervalRewrites(from, to);
  if (sameType(from, to)) return false;
  if (from.family === "string" && to.family === "string") return textRewrites(from, to);
  if (from.family === "decimal" && to.family === "decimal") return numericRewrites(from, to);
  if (TEMPORAL.has(from.family) && from.family === to.family) return !keepsSecondsPrecision(from, to);
  if (isZoneChange(from, to)) return !isUtc(session.get("timezone")) || !isUnconstrainedPrecision(to);
  if (from.name === "varbit" && to.name === "varbit") return !keepsLength(from, to);
  if (from.name === "cidr" && to.name === "inet") return false;
  return true;
}

/** Text-like types relabel; a length limit is checked row by row unless it grows from a known limit. */
function textRewrites(from: DataType, to: DataType): boolean {
  if (!TEXT_LIKE.has(from.name) || !TEXT_LIKE.has(to.name)) return true;
  if (to.length === undefined) return false;
  return !(from.name === "varchar" && keepsLength(from, to));
}

function keepsLength(from: DataType, to: DataType): boolean {
  if (to.length === undefined) return true;
  return from.length !== undefined && to.length >= from.length;
}

/** Unconstrained numeric takes anything; otherwise only more precision at the same scale. */
function numericRewrites(from: DataType, to: DataType): boolean {
  if (to.precision === undefined) return false;
  if (from.precision === undefined) return true;
  return (from.scale ?? 0) !== (to.scale ?? 0) || to.precision < from.precision;
}

/** The planner drops a precision coercion to the maximum, or to at least the precision the column had. */
function keepsSecondsPrecision(from: DataType, to: DataType): boolean {
  if (isUnconstrainedPrecision(to)) return true;
  return from.precision !== undefined && (to.precision ?? MAX_SECONDS_PRECISION) >= from.precision;
}

function isUnconstrainedPrecision(type: DataType): boolean {
  return type.precision === undefined || type.precision === MAX_SECONDS_PRECISION;
}

function isZoneChange(from: DataType, to: DataType): boolean {
  return (
    (from.family === "timestamp" && to.family === "timestamptz") ||
    (from.family === "timestamptz" && to.family === "timestamp")
  );
}

/**
 * Interval fields (`interval day to second`) are not in the DataType, only in its raw text. A bare
 * `interval` takes any interval; without fields the precision decides as for timestamps; with fields,
 * only the same fields at no lower precision are known to keep every value.
 */
function intervalRewrites(from: DataType, to: DataType): boolean {
  const fromFields = intervalFields(from.raw);
  const toFields = intervalFields(to.raw);
  if (toFields === "" && to.precision === undefined) return false;
  if (fromFields !== toFields) return true;
  return fromFields === "" ? !keepsSecondsPrecision(from, to) : !keepsIntervalPrecision(from, to);
}

function keepsIntervalPrecision(from: DataType, to: DataType): boolean {
  return (to.precision ?? MAX_SECONDS_PRECISION) >= (from.precision ?? MAX_SECONDS_PRECISION);
}

/** `interval day to second(3)` -> "day to second". */
function intervalFields(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/\(\s*\d+\s*\)/g, " ")
    .replace(/\b(pg_catalog\.)?interval\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Zone names with offset 0 that PostgreSQL accepts for TimeZone, lower case. */
const UTC_ZONES = new Set(
  ["utc", "uct", "gmt", "gmt0", "gmt+0", "gmt-0", "greenwich", "universal", "zulu"].flatMap((zone) => [
    zone,
    `etc/${zone}`,
  ]),
);

/** `'UTC'`, `Etc/UTC`, `0`, `INTERVAL '+00:00' HOUR TO MINUTE`. */
function isUtc(timeZone: string | undefined): boolean {
  if (timeZone === undefined) return false;
  const text = timeZone
    .trim()
    .replace(/^'(.*)'$/, "$1")
    .trim()
    .toLowerCase();
  if (UTC_ZONES.has(text)) return true;
  if (/^[+-]?0+(\.0+)?$/.test(text)) return true;
  return /^interval\s*'[+-]?0+(:0+)*'/.test(text);
}
