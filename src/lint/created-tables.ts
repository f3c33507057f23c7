import {
  findRelation,
  findTable,
  type QualifiedName,
  qualify,
  relationKeyIn,
  type Table,
} from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { ChangeOf } from "../sql/changes.js";
import { originsOf } from "./origin.js";

export type CreateTableEntry = ReplayedChange & { readonly change: ChangeOf<"create_table"> };

/** A table a migration file creates, and what the rest of the file makes of it. */
export interface CreatedTable {
  readonly entry: CreateTableEntry;
  readonly name: QualifiedName;
  /**
   * The table as the file leaves it (following renames), so that a key, column or partitioning added by a
   * later ALTER in the same file counts. Undefined when the file drops it again.
   */
  readonly final: Table | undefined;
}

/**
 * The permanent tables a file creates. A temporary table lives for one session and is left out, and so is
 * CREATE TABLE IF NOT EXISTS over a table that already exists (it creates nothing). When the file creates
 * the same name twice, the last creation stands for both. Computed once per file: several rules ask, and
 * a baseline file creates thousands of tables.
 */
export function tablesCreatedIn(file: FileReplay): readonly CreatedTable[] {
  const known = createdByFile.get(file);
  if (known) return known;
  const origins = originsOf(file);
  const byName = new Map<string, CreatedTable>();
  for (const entry of file.changes) {
    const { change } = entry;
    if (change.kind !== "create_table" || change.table.temporary) continue;
    if (change.ifNotExists && findRelation(entry.before, change.table.name)) continue;
    const name = qualify(entry.before, change.table.name);
    const atEnd = origins.createdRelationAtEnd(entry);
    const final = atEnd && findTable(file.after, atEnd);
    const key = relationKeyIn(entry.before, name);
    byName.delete(key);
    byName.set(key, { entry: entry as CreateTableEntry, name, final });
  }
  const created = [...byName.values()];
  createdByFile.set(file, created);
  return created;
}

const createdByFile = new WeakMap<FileReplay, readonly CreatedTable[]>();
