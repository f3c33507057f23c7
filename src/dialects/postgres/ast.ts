/** Small readers for libpg-query's parse tree (JSON of PostgreSQL's raw parse nodes). */
import type { Node, RangeVar } from "libpg-query";
import type { RelationName } from "../../sql/changes.js";

/** The node's type name: `CreateStmt`, `ColumnDef`, `A_Const`... */
export function nodeType(node: Node | undefined): string {
  return node === undefined ? "" : (Object.keys(node)[0] ?? "");
}

/** The payload of a node whose type is `type`, or undefined. */
export function nodeOf<K extends NodeTypeName>(
  node: Node | undefined,
  type: K,
): Extract<Node, Record<K, unknown>>[K] | undefined {
  if (node === undefined || !(type in node)) return undefined;
  return (node as Extract<Node, Record<K, unknown>>)[type];
}

export type NodeTypeName = Node extends infer N ? (N extends unknown ? keyof N : never) : never;

/** `String` nodes (identifiers in name lists) to plain strings. */
export function strings(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).map(stringOf).filter((value): value is string => value !== undefined);
}

export function stringOf(node: Node | undefined): string | undefined {
  return nodeOf(node, "String")?.sval;
}

export function relationName(range: RangeVar | undefined): RelationName {
  return range?.schemaname
    ? { schema: range.schemaname, name: range.relname ?? "" }
    : { name: range?.relname ?? "" };
}

/** A dotted name (`schema.table`, `table`) as PostgreSQL's `any_name` lists write it. */
export function relationFromNames(names: readonly string[]): RelationName {
  const name = names[names.length - 1] ?? "";
  const schema = names.length >= 2 ? names[names.length - 2] : undefined;
  return schema === undefined ? { name } : { schema, name };
}

export function formatRelation(name: RelationName): string {
  return name.schema === undefined ? name.name : `${name.schema}.${name.name}`;
}

/**
 * Every relation a subtree names (each RangeVar), in order and without repeats: what an opaque
 * statement may have touched.
 */
export function mentionedRelations(tree: unknown): RelationName[] {
  const seen = new Set<string>();
  const found: RelationName[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.relname === "string") {
      const name = relationName(record as RangeVar);
      const key = formatRelation(name);
      if (!seen.has(key)) {
        seen.add(key);
        found.push(name);
      }
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(tree);
  return found;
}

/** Integer value of an `A_Const` (type modifiers, sequence options). */
export function integerOf(node: Node | undefined): number | undefined {
  const constant = nodeOf(node, "A_Const");
  if (constant?.ival !== undefined) return constant.ival.ival ?? 0;
  const integer = nodeOf(node, "Integer");
  if (integer !== undefined) return integer.ival ?? 0;
  return undefined;
}
