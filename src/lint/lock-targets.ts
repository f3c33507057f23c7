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
  // For each name, the stretches of the file (change indexes) during which the file had created it.
  // One pass with one mutable set: copying the set per change was quadratic on big baseline files.
  const stretches = new Map<string, [number, number][]>();
  const openSince = new Map<string, number>();
  const open = (key: string, at: number) => {
    if (!openSince.has(key)) openSince.set(key, at);
  };
  const close = (key: string, at: number): boolean => {
    const since = openSince.get(key);
    if (since === undefined) return false;
    openSince.delete(key);
    stretches.set(key, [...(stretches.get(key) ?? []), [since, at]]);
    return true;
  };
  const index = new Map<ReplayedChange, number>();
  file.changes.forEach((entry, i) => {
    index.set(entry, i);
    // A change sees what was created before it: its own effect counts from the next change on.
    applyCreation(entry, i + 1, open, close, (key) => openSince.has(key));
  });
  for (const [key, since] of openSince)
    stretches.set(key, [...(stretches.get(key) ?? []), [since, Infinity]]);
  return (entry, name) => {
    if (isNewRelation(baseline, entry.before, name)) return true;
    const at = index.get(entry);
    if (at === undefined) return false;
    return (stretches.get(keyOf(name)) ?? []).some(([from, to]) => from <= at && at < to);
  };
}

/** Tracks the relations created in the file so far, followed through renames, drops and swaps. */
function applyCreation(
  entry: ReplayedChange,
  at: number,
  open: (key: string, at: number) => void,
  close: (key: string, at: number) => boolean,
  isOpen: (key: string) => boolean,
): void {
  const { change, before } = entry;
  switch (change.kind) {
    case "create_table":
    case "create_view": {
      const name = qualify(before, change.kind === "create_table" ? change.table.name : change.view.name);
      if (findRelation(before, name) === undefined) open(keyOf(name), at);
      return;
    }
    case "drop_table":
    case "drop_view":
      close(keyOf(qualify(before, change.kind === "drop_table" ? change.table : change.name)), at);
      return;
    case "rename_table":
    case "rename_view": {
      const from = qualify(before, change.kind === "rename_table" ? change.table : change.view);
      const to = keyOf({ schema: change.to.schema ?? from.schema, name: change.to.name });
      if (close(keyOf(from), at)) open(to, at);
      else close(to, at);
      return;
    }
    case "swap_tables": {
      const first = keyOf(qualify(before, change.table));
      const second = keyOf(
        qualify(before, { schema: change.with.schema ?? change.table.schema, name: change.with.name }),
      );
      const firstNew = isOpen(first);
      const secondNew = isOpen(second);
      close(first, at);
      close(second, at);
      if (firstNew) open(second, at);
      if (secondNew) open(first, at);
      return;
    }
    default:
      return;
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
