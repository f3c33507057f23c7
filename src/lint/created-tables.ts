import { findRelation, findTable, type QualifiedName, qualify, type Table } from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { ChangeOf } from "../sql/changes.js";

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
  const laterMoves = tableMoves(file);
  const byName = new Map<string, CreatedTable>();
  file.changes.forEach((entry, index) => {
    const { change } = entry;
    if (change.kind !== "create_table" || change.table.temporary) return;
    if (change.ifNotExists && findRelation(entry.before, change.table.name)) return;
    const name = qualify(entry.before, change.table.name);
    const final = tableAtEndOfFile(file, laterMoves, index, name);
    const key = `${name.schema}.${name.name}`;
    byName.delete(key);
    byName.set(key, { entry: entry as CreateTableEntry, name, final });
  });
  const created = [...byName.values()];
  createdByFile.set(file, created);
  return created;
}

const createdByFile = new WeakMap<FileReplay, readonly CreatedTable[]>();

/** Indexes of the file's changes that drop, rename or swap a table: all that can move one. */
function tableMoves(file: FileReplay): readonly number[] {
  const moves: number[] = [];
  file.changes.forEach(({ change }, index) => {
    if (change.kind === "drop_table" || change.kind === "rename_table" || change.kind === "swap_tables")
      moves.push(index);
  });
  return moves;
}

/** Follows one table through the changes after `index` (renames, swaps, drops) to the file's end state. */
function tableAtEndOfFile(
  file: FileReplay,
  moves: readonly number[],
  index: number,
  created: QualifiedName,
): Table | undefined {
  let current: QualifiedName | undefined = created;
  for (const moveIndex of moves) {
    if (moveIndex <= index) continue;
    if (!current) return undefined;
    const entry = file.changes[moveIndex]!;
    const { change } = entry;
    if (change.kind === "drop_table" && sameName(qualify(entry.before, change.table), current)) {
      current = undefined;
    } else if (change.kind === "rename_table" && sameName(qualify(entry.before, change.table), current)) {
      current = { schema: change.to.schema ?? current.schema, name: change.to.name };
    } else if (change.kind === "swap_tables") {
      const first = qualify(entry.before, change.table);
      const second = { schema: change.with.schema ?? first.schema, name: change.with.name };
      if (sameName(first, current)) current = second;
      else if (sameName(second, current)) current = first;
    }
  }
  return current ? findTable(file.after, current) : undefined;
}

function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}
