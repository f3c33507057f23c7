import { type Catalog, findRelation, type QualifiedName, type Table } from "../catalog/model.js";
import type { ChangeOf } from "../sql/changes.js";

/**
 * True when the relation is new in the change under review: absent from the baseline and created (not
 * merely assumed) by a migration — a table, or a view, which indexes can be built on too. A new relation
 * has no rows and no readers yet, so the lock rules have nothing to say about it.
 */
export function isNewRelation(baseline: Catalog, before: Catalog, name: QualifiedName): boolean {
  if (findRelation(baseline, name)) return false;
  const current = findRelation(before, name);
  if (current === undefined) return false;
  return current.kind === "view" || !current.assumed;
}

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/** The table an index belongs to: DROP INDEX in PostgreSQL names only the index (and maybe its schema). */
export function indexOwner(catalog: Catalog, change: ChangeOf<"drop_index">): Table | undefined {
  if (change.table) {
    const relation = findRelation(catalog, change.table);
    return relation?.kind === "table" ? relation : undefined;
  }
  const schema = catalog.schemas.get(change.schema ?? catalog.defaultSchema);
  for (const relation of schema?.relations.values() ?? []) {
    if (relation.kind === "table" && relation.indexes.some((index) => index.name === change.name))
      return relation;
  }
  return undefined;
}
