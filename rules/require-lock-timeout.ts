import { findIndexOwner, findRelation, type QualifiedName, qualify } from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import { settingsBefore } from "../src/lint/session.js";
import type { Change, RelationName } from "../src/sql/changes.js";

/** The relation is new in the change under review: nobody else is using it yet. */
type NewRelationCheck = (entry: ReplayedChange, name: QualifiedName) => boolean;

/** A change that waits for a lock on an existing relation, and how to name it in the message. */
interface StrongLock {
  readonly what: string;
  /** Unknown for DROP INDEX of an index the history does not show. */
  readonly relation: QualifiedName | undefined;
  readonly index?: string;
}

/**
 * A DDL statement that needs a strong lock queues behind any transaction using the table, and every query
 * that arrives after it queues behind the DDL: one slow report query turns a millisecond ALTER into an
 * outage. The session's lock timeout (PostgreSQL lock_timeout, MySQL lock_wait_timeout, named by the
 * dialect) makes the migration give up instead, to be retried. One finding per file, at the first
 * statement that needs it.
 */
export default defineRule({
  meta: {
    id: "require-lock-timeout",
    description:
      "Set the session's lock timeout before the first statement that locks an existing table, so that a blocked migration fails fast instead of stalling the table.",
    category: "locks",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    dialects: ["postgres", "mysql"],
    messages: {
      missingTimeout:
        "{{what}} locks existing {{target}} before the file sets {{setting}}: while another transaction holds it, this statement waits without limit and every query on it queues behind.",
    },
    defaultOptions: {},
  },
  check(context) {
    const setting = context.dialect.capabilities.lockTimeoutSetting;
    if (setting === undefined) return;
    const isNew: NewRelationCheck = (entry, name) => !relationExistedBefore(context, entry, name);
    const settings = settingsBefore(context.file);
    for (const entry of context.file.changes) {
      const timeout = settings(entry).get(setting.toLowerCase());
      if (timeout !== undefined && boundsWaiting(timeout)) continue;
      const lock = strongLock(entry, isNew);
      if (lock === undefined) continue;
      context.report({
        messageId: "missingTimeout",
        data: { what: lock.what, target: describeTarget(entry, lock), setting },
        span: entry.statement.span,
        ...(lock.relation !== undefined && { object: formatQualified(lock.relation) }),
        help: `Start the migration with SET ${setting} set to a few seconds, so that a blocked statement fails (to be retried) instead of stalling the table.`,
      });
      return;
    }
  },
});

/** `0`, `0s` and `0ms` leave waiting unbounded (PostgreSQL's default is 0: wait forever). */
function boundsWaiting(value: string): boolean {
  const text = value.trim().replace(/^'|'$/g, "");
  return !/^0+(\.0*)?\s*[a-z]*$/i.test(text);
}

/** The existing relation a change must lock strongly (blocking reads or writes), if any. */
function strongLock(entry: ReplayedChange, isNew: NewRelationCheck): StrongLock | undefined {
  const { change, before } = entry;
  const existing = (name: RelationName) => {
    const qualified = qualify(before, name);
    return isNew(entry, qualified) ? undefined : qualified;
  };
  const known = (name: RelationName) =>
    findRelation(before, name) === undefined ? undefined : existing(name);
  switch (change.kind) {
    case "create_index": {
      if (change.index.concurrently) return undefined;
      const relation = existing(change.index.table);
      return relation && { what: "CREATE INDEX", relation };
    }
    case "drop_index": {
      if (change.concurrently) return undefined;
      const owner = findIndexOwner(before, change.name, change);
      if (owner === undefined)
        return change.ifExists ? undefined : { what: "DROP INDEX", relation: undefined, index: change.name };
      const relation = existing(owner.name);
      return relation && { what: "DROP INDEX", relation };
    }
    case "create_table":
      // CREATE TABLE IF NOT EXISTS of a table that is there creates no foreign key.
      if (change.ifNotExists && findRelation(before, change.table.name)) return undefined;
      return referencedTable(entry, change, isNew);
    case "add_constraint": {
      const relation = existing(change.table);
      if (relation) return { what: "ALTER TABLE", relation };
      // A foreign key on a new table still locks the table it references against writes.
      return referencedTable(entry, change, isNew);
    }
    case "drop_table":
    case "truncate_table":
    case "drop_view": {
      const name = change.kind === "drop_view" ? change.name : change.table;
      const relation = "ifExists" in change && change.ifExists ? known(name) : existing(name);
      return relation && { what: verbOf(change), relation };
    }
    case "create_view": {
      if (!change.orReplace) return undefined;
      const relation = known(change.view.name);
      return relation && { what: "CREATE OR REPLACE VIEW", relation };
    }
    case "rename_view": {
      const relation = existing(change.view);
      return relation && { what: "ALTER VIEW ... RENAME", relation };
    }
    case "detach_partition": {
      // CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the parent: reads and writes go on.
      if (change.concurrently) return undefined;
      const relation = existing(change.table);
      return relation && { what: "ALTER TABLE … DETACH PARTITION", relation };
    }
    case "truncate_partition": {
      const relation = existing(change.table);
      return relation && { what: "TRUNCATE PARTITION", relation };
    }
    case "add_column":
    case "drop_column":
    case "rename_column":
    case "alter_column_type":
    case "set_nullability":
    case "set_default":
    case "drop_constraint":
    case "rename_constraint":
    case "rename_table":
    case "swap_tables":
    case "set_partitioning":
    case "add_partition":
    case "drop_partition":
    case "rename_partition":
    case "set_distribution":
    case "set_table_model":
    case "set_order_by": {
      const relation = existing(change.table);
      return relation && { what: "ALTER TABLE", relation };
    }
    // VALIDATE CONSTRAINT, comments and storage parameters take locks that let reads and writes go on;
    // data changes lock rows, not the table.
    default:
      return undefined;
  }
}

/** "table public.users", "view public.recent", "table of index users_email_idx". */
function describeTarget(entry: ReplayedChange, lock: StrongLock): string {
  if (lock.relation === undefined) return `table of index ${lock.index ?? ""}`;
  const kind = findRelation(entry.before, lock.relation)?.kind ?? "table";
  return `${kind} ${formatQualified(lock.relation)}`;
}

function verbOf(change: Change): string {
  if (change.kind === "truncate_table") return "TRUNCATE";
  if (change.kind === "drop_view") return "DROP VIEW";
  return "DROP TABLE";
}

/** The first existing table a new table's (or new constraint's) foreign key points at. */
function referencedTable(
  entry: ReplayedChange,
  change: Extract<Change, { kind: "create_table" | "add_constraint" }>,
  isNew: NewRelationCheck,
): StrongLock | undefined {
  const { before } = entry;
  const constraints = change.kind === "create_table" ? change.table.constraints : [change.constraint];
  for (const constraint of constraints) {
    if (constraint.kind !== "foreign_key" || constraint.informational) continue;
    const referenced = qualify(before, constraint.references.table);
    if (isNew(entry, referenced)) continue;
    if (findRelation(before, referenced) === undefined) continue;
    const what = change.kind === "create_table" ? "A foreign key of CREATE TABLE" : "A foreign key";
    return { what, relation: referenced };
  }
  return undefined;
}
