import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { columnExistedBefore, relationExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { DataType, TypeCompatibility } from "../src/sql/data-type.js";

const MESSAGE_IDS: Partial<Record<TypeCompatibility, string>> = {
  narrowing: "narrowing",
  lossy: "lossy",
  incompatible: "incompatible",
};

/**
 * A column type change on existing data that cannot keep every value: narrowing (values that do not fit
 * fail the ALTER or are cut), lossy (values are rounded or lose their time or zone) or incompatible
 * (a different kind of value). Judged by the database's own casts, with or without dbt.
 */
export default defineRule({
  meta: {
    id: "ban-destructive-type-change",
    description:
      "Refuse column type changes that narrow, round or reinterpret the values already stored in the column.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      narrowing:
        "Column {{object}} narrows from {{from}} to {{to}}: existing values that do not fit are cut short or make the ALTER fail.",
      lossy:
        "Column {{object}} changes from {{from}} to {{to}}, which loses information: existing values are rounded or lose their time or time zone, and the originals cannot be recovered.",
      timeZoneAssumed:
        "Column {{object}} changes from {{from}} to {{to}}: each existing value is read as local time in the session's time zone, which this migration does not set, so the stored instants depend on the server's configuration.",
      incompatible:
        "Column {{object}} changes from {{from}} to {{to}}, a different kind of value: the ALTER fails on existing values, or converts every one of them with no way back.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "alter_column_type") continue;
      const table = qualify(entry.before, change.table);
      if (!relationExistedBefore(context, entry, table)) continue;
      if (!columnExistedBefore(context, entry, table, change.column)) continue;
      const known = findTable(entry.before, table);
      const previous = known ? findColumn(entry.before, known, change.column)?.type : undefined;
      // Without the old type there is nothing to compare: other rules say when the type is unknown.
      if (!previous || previous.name === "unknown") continue;
      const compatibility = context.dialect.compareTypes(previous, change.type);
      const object = formatQualified(table, change.column);
      const data = { object, from: previous.raw, to: change.type.raw };
      // A timestamp gaining a time zone loses nothing, whatever the dialect rates it (short of narrowing,
      // as MySQL's 1970-2038 TIMESTAMP is), but every value is reinterpreted in the session's zone.
      if (onlyGainsTimeZone(previous, change.type) && compatibility !== "narrowing") {
        if (change.using !== undefined || timeZonePinnedBefore(context.file.changes, entry)) continue;
        context.report({
          messageId: "timeZoneAssumed",
          data,
          span: change.span,
          object,
          maxSeverity: "warning",
          help: "Set the session time zone the values were written in first (SET timezone = 'UTC'), or convert explicitly (USING col AT TIME ZONE 'UTC').",
        });
        continue;
      }
      const messageId = MESSAGE_IDS[compatibility];
      if (messageId === undefined) continue;
      context.report({
        messageId,
        data,
        span: change.span,
        object,
        help: 'Widen instead, or add a column of the new type, backfill it with an explicit conversion you have checked, switch readers and writers, then drop the old column; acknowledge an intended conversion: -- schematic-ignore ban-destructive-type-change reason="…"',
      });
    }
  },
});

/**
 * timestamp -> timestamptz at no lower precision: every value is kept, read as local time in the session's
 * time zone. (Where the target also holds a smaller range, as MySQL's TIMESTAMP does, the dialect rates
 * the change narrowing and this does not apply.)
 */
function onlyGainsTimeZone(from: DataType, to: DataType): boolean {
  return (
    from.family === "timestamp" && to.family === "timestamptz" && (to.precision ?? 6) >= (from.precision ?? 6)
  );
}

const TIME_ZONE_SETTINGS = new Set(["timezone", "time_zone"]);

/** An earlier SET timezone / SET TIME ZONE / SET time_zone in the same file (one file = one session). */
function timeZonePinnedBefore(changes: readonly ReplayedChange[], entry: ReplayedChange): boolean {
  for (const earlier of changes) {
    if (earlier === entry) return false;
    const { change } = earlier;
    if (change.kind === "set_option" && TIME_ZONE_SETTINGS.has(change.name.toLowerCase())) return true;
  }
  return false;
}
