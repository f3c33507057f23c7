import type { DataType } from "../../sql/data-type.js";
import { sameType } from "../../sql/type-compat.js";

const UNBOUNDED_TEXT = new Set(["text", "varchar"]);

/**
 * Does `ALTER COLUMN ... TYPE` rewrite the table (and every index) under ACCESS EXCLUSIVE? PostgreSQL skips
 * the rewrite only when the old representation is binary-coercible to the new one and no value needs
 * checking: widening varchar, varchar <-> text, raising numeric precision at the same scale, cidr -> inet.
 * Everything else rewrites (int -> bigint included). See ALTER TABLE, "Notes", in the PostgreSQL manual.
 */
export function postgresRewritesTable(from: DataType, to: DataType): boolean {
  if (sameType(from, to)) return false;
  if (from.family === "string" && to.family === "string" && !from.fixedLength && !to.fixedLength) {
    const fromKnown = UNBOUNDED_TEXT.has(from.name) || from.name === "varchar";
    const toKnown = UNBOUNDED_TEXT.has(to.name) || to.name === "varchar";
    if (!fromKnown || !toKnown) return true;
    // A longer (or no) limit needs no check; a shorter one checks every row but still does not rewrite
    // only if all values fit, which PostgreSQL verifies by scanning: treat as a rewrite-level cost.
    return to.length !== undefined && (from.length === undefined || to.length < from.length);
  }
  if (from.family === "decimal" && to.family === "decimal") {
    if (to.precision === undefined) return false;
    if (from.precision === undefined) return true;
    return (from.scale ?? 0) !== (to.scale ?? 0) || to.precision < from.precision;
  }
  if (from.name === "cidr" && to.name === "inet") return false;
  if (from.family === "binary" && to.family === "binary") return from.name !== to.name;
  return true;
}
