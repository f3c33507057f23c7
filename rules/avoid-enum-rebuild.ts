import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { joinList } from "../src/lint/helpers.js";
import { relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { DataType } from "../src/sql/data-type.js";

/** How the members of an ENUM or SET change, when they do more than grow at the end. */
type MemberChange =
  | { readonly kind: "removed"; readonly removed: readonly string[] }
  | { readonly kind: "inserted"; readonly before: string; readonly inserted: readonly string[] }
  | { readonly kind: "reordered" };

/**
 * ENUM and SET columns store a member's position, not its label. Appending members keeps every position
 * (instant); removing, inserting before existing members or reordering renumbers them, so the server
 * copies the table to re-encode every row, and removed labels have nowhere to go.
 */
export default defineRule({
  meta: {
    id: "avoid-enum-rebuild",
    description:
      "Avoid ENUM/SET changes other than appending members: they renumber members, rebuild the table and may change values.",
    category: "online-ddl",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    requiresHooks: ["onlineDdlAlgorithm"],
    messages: {
      removed:
        "Column {{object}} loses {{type}} member(s) {{members}}: the table is rebuilt, and rows holding them make the ALTER fail (strict SQL mode) or become '' (otherwise).",
      inserted:
        "Column {{object}} gets {{type}} member(s) {{members}} before {{before}}: that renumbers the existing members, so the table is rebuilt and sorting and numeric comparisons on the column change.",
      reordered:
        "Column {{object}} reorders its {{type}} members: that renumbers them, so the table is rebuilt and sorting and numeric comparisons on the column change.",
    },
    defaultOptions: {},
  },
  check(context) {
    const { hooks } = context.dialect;
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "alter_column_type" || change.type.values === undefined) continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      const known = findTable(entry.before, table);
      const column = known && findColumn(entry.before, known, change.column);
      if (!known || column?.type.values === undefined || column.type.name !== change.type.name) continue;
      const difference = memberChange(column.type, change.type);
      // The dialect decides whether the change rebuilds; a pure append never gets here.
      if (!difference || hooks.onlineDdlAlgorithm?.(change, known) !== "copy") continue;
      const object = formatQualified(table, change.column);
      const data: Record<string, string> = { object, type: change.type.name.toUpperCase() };
      if (difference.kind === "removed") data.members = quoted(difference.removed);
      if (difference.kind === "inserted") {
        data.members = quoted(difference.inserted);
        data.before = quoted([difference.before]);
      }
      context.report({
        messageId: difference.kind,
        data,
        span: change.span,
        object,
        help: "Append new members at the end of the list and keep the old ones, even unused; to retire a member, first UPDATE the rows that hold it, then remove it in a planned rebuild.",
      });
    }
  },
});

/** Undefined when the new list keeps every member in place (identical, or members appended at the end). */
function memberChange(from: DataType, to: DataType): MemberChange | undefined {
  const before = from.values ?? [];
  const after = to.values ?? [];
  const removed = before.filter((member) => !after.includes(member));
  if (removed.length > 0) return { kind: "removed", removed };
  if (before.every((member, i) => after[i] === member)) return undefined;
  const kept = after.filter((member) => before.includes(member));
  if (kept.some((member, i) => member !== before[i])) return { kind: "reordered" };
  const firstMoved = before.find((member, i) => after[i] !== member)!;
  const inserted = after.slice(0, after.indexOf(firstMoved)).filter((member) => !before.includes(member));
  return { kind: "inserted", before: firstMoved, inserted };
}

function quoted(members: readonly string[]): string {
  return joinList(members.map((member) => `'${member}'`));
}
