import { type Catalog, findRelation, type QualifiedName, qualify, type Table } from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
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

/**
 * `isNewRelation`, plus the relations this file creates itself: a table dropped and created again, or
 * built under another name and renamed into place, is in the baseline under its name but has no rows.
 */
export function newRelationCheck(
  baseline: Catalog,
  file: FileReplay,
): (entry: ReplayedChange, name: QualifiedName) => boolean {
  const createdBefore = new Map<ReplayedChange, ReadonlySet<string>>();
  let created: ReadonlySet<string> = new Set();
  for (const entry of file.changes) {
    createdBefore.set(entry, created);
    created = afterChange(created, entry);
  }
  return (entry, name) =>
    isNewRelation(baseline, entry.before, name) || (createdBefore.get(entry)?.has(keyOf(name)) ?? false);
}

/** The relations created in the file so far, followed through renames and drops. */
function afterChange(created: ReadonlySet<string>, entry: ReplayedChange): ReadonlySet<string> {
  const { change, before } = entry;
  const next = new Set(created);
  switch (change.kind) {
    case "create_table":
    case "create_view": {
      const name = qualify(before, change.kind === "create_table" ? change.table.name : change.view.name);
      if (findRelation(before, name) === undefined) next.add(keyOf(name));
      return next;
    }
    case "drop_table":
    case "drop_view":
      next.delete(keyOf(qualify(before, change.kind === "drop_table" ? change.table : change.name)));
      return next;
    case "rename_table":
    case "rename_view": {
      const from = qualify(before, change.kind === "rename_table" ? change.table : change.view);
      const to = { schema: change.to.schema ?? from.schema, name: change.to.name };
      if (next.delete(keyOf(from))) next.add(keyOf(to));
      else next.delete(keyOf(to));
      return next;
    }
    case "swap_tables": {
      const first = keyOf(qualify(before, change.table));
      const second = keyOf(
        qualify(before, { schema: change.with.schema ?? change.table.schema, name: change.with.name }),
      );
      const firstNew = created.has(first);
      const secondNew = created.has(second);
      next.delete(first);
      next.delete(second);
      if (firstNew) next.add(second);
      if (secondNew) next.add(first);
      return next;
    }
    default:
      return created;
  }
}

function keyOf(name: QualifiedName): string {
  return `${name.schema}\u0000${name.name}`;
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
