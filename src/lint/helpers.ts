import { type QualifiedName, qualify, sameRelation } from "../catalog/model.js";
import type { FileReplay, ReplayedChange } from "../catalog/replay.js";
import type { Change, ParsedStatement, RelationName } from "../sql/changes.js";
import type { Span } from "../sql/span.js";
import type { Impact } from "./diagnostic.js";

/** The table (or view) a change acts on, when it acts on one. */
export function targetOf(change: Change): RelationName | undefined {
  switch (change.kind) {
    case "create_table":
      return change.table.name;
    case "create_index":
      return change.index.table;
    case "create_view":
      return change.view.name;
    case "drop_view":
      return change.name;
    case "rename_view":
      return change.view;
    case "drop_index":
    case "rename_index":
      return change.table;
    case "data":
      return change.table;
    case "create_schema":
    case "drop_schema":
    case "rename_schema":
    case "set_option":
    case "transaction":
    case "no_schema_effect":
    case "opaque":
      return undefined;
    default:
      return change.table;
  }
}

export function qualifiedTarget(entry: ReplayedChange): QualifiedName | undefined {
  const target = targetOf(entry.change);
  return target === undefined ? undefined : qualify(entry.before, target);
}

/** "2 models, 1 test and 1 exposure" */
export function countImpacts(impacts: readonly Impact[]): string {
  const counts = new Map<string, number>();
  for (const impact of impacts) counts.set(impact.kind, (counts.get(impact.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${count} ${count === 1 ? kind : pluralKind(kind)}`);
  return parts.length === 0 ? "no dbt nodes" : joinList(parts);
}

/** "a", "a and b", "a, b and c" */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function pluralKind(kind: string): string {
  return kind.endsWith("s") ? `${kind}es` : `${kind}s`;
}

/**
 * One clause for a message: who reads the object (directly, or through `select *` in between), and how much
 * more is affected downstream. "stg_trades reads it; 4 more downstream (2 models, 1 test and 1 exposure)".
 * Models that only pass it through `select *` keep building: they are neither.
 */
export function impactSummary(impacts: readonly Impact[]): string {
  const counted = impacts.filter((impact) => impact.reach !== "pass-through");
  const isReader = (impact: Impact) =>
    impact.reach === undefined ? impact.direct : impact.reach !== "downstream";
  const readers = counted.filter(isReader);
  const rest = counted.filter((impact) => !isReader(impact));
  const named = readers.length > 0 ? readers : counted.length > 0 ? counted : impacts;
  const shown = named.slice(0, 3).map((impact) => `${impact.kind} ${impact.name}`);
  const more = named.length - shown.length;
  const who = `${joinList(more > 0 ? [...shown, `${more} more`] : shown)} ${named.length === 1 ? "reads" : "read"} it`;
  if (readers.length === 0 || rest.length === 0) return who;
  return `${who}; ${rest.length} more downstream (${countImpacts(rest)})`;
}

/** The direct readers, by name, for a one-line message: "stg_trades, int_bars (+3 more)". */
export function namesOf(impacts: readonly Impact[], limit = 3): string {
  const direct = impacts.filter((impact) => impact.direct && impact.kind !== "test");
  const shown = (direct.length > 0 ? direct : impacts).slice(0, limit).map((impact) => impact.name);
  const rest = impacts.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} (+${rest} more)` : shown.join(", ");
}

/**
 * An UPDATE of the table earlier in the same file than `entry`: the usual backfill before a column
 * becomes NOT NULL or part of a primary key.
 */
export function backfilledBefore(
  changes: readonly ReplayedChange[],
  entry: ReplayedChange,
  table: QualifiedName,
): boolean {
  for (const earlier of changes) {
    if (earlier === entry) return false;
    const { change } = earlier;
    if (change.kind !== "data" || change.verb !== "update" || !change.table) continue;
    if (sameRelation(earlier.before, change.table, table)) return true;
  }
  return false;
}

/** The file's changes, statement by statement, in order. */
export function byStatement(changes: readonly ReplayedChange[]): Map<ParsedStatement, ReplayedChange[]> {
  const statements = new Map<ParsedStatement, ReplayedChange[]>();
  for (const entry of changes) {
    const list = statements.get(entry.statement);
    if (list) list.push(entry);
    else statements.set(entry.statement, [entry]);
  }
  return statements;
}

/**
 * Where a finding about the whole file points: its first statement, or its start when it has none (a
 * file of comments). The integrity rules report files, not statements.
 */
export function fileSpan(file: FileReplay): Span {
  const first = file.script.parsed.statements[0]?.span;
  return first ? { start: first.start, end: first.end } : { start: 0, end: 0 };
}
