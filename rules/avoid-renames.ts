import {
  findColumn,
  findRelation,
  findSchema,
  findTable,
  formatName,
  type QualifiedName,
  qualify,
  sameNameInTable,
  sameRelation,
} from "../src/catalog/model.js";
import type { ReplayedChange } from "../src/catalog/replay.js";
import { columnExistedBefore, relationExistedBefore, schemaExistedBefore } from "../src/lint/origin.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

const TABLE_HELP =
  "Keep the old name working until every reader has moved: after the rename, CREATE VIEW <old name> AS SELECT * FROM <new name>; or create the new table, copy and dual-write, and drop the old one in a later release.";
const COLUMN_HELP =
  "Add the new column, backfill it and write both, move every reader, then drop the old column in a later release; or keep the old name in a view over the table.";
const SCHEMA_HELP =
  "Create the new schema and move readers first (views in the old schema can point at the new tables), then drop the old one in a later release.";

/**
 * Renaming a table, view, column or schema that readers already use: every query, view, job and BI
 * report that names it breaks unless it changes in the same deploy. Index, constraint and partition
 * names are not read by queries and are left alone; so is a StarRocks SWAP, after which both names exist.
 */
export default defineRule({
  meta: {
    id: "avoid-renames",
    description:
      "Warn on renaming tables, views, columns and schemas that already exist: every reader of the old name breaks.",
    category: "safety",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      renameRelation:
        "Renaming {{kind}} {{object}} to {{to}} breaks every query, view, job and report that still reads {{object}}, unless they all change in the same deploy.",
      moveRelation:
        "Moving {{kind}} {{object}} to schema {{schema}} breaks every query, view, job and report that still reads {{object}}, unless they all change in the same deploy.",
      renameColumn:
        "Renaming column {{object}} to {{to}} breaks every query, view, job and report that still reads {{column}}, unless they all change in the same deploy.",
      renameSchema:
        "Renaming schema {{object}} to {{to}} breaks every query, view, job and report that still reads a table in {{object}}, unless they all change in the same deploy.",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const { change } = entry;
      switch (change.kind) {
        case "rename_table":
        case "rename_view": {
          const from = qualify(entry.before, change.kind === "rename_table" ? change.table : change.view);
          const to: QualifiedName = { schema: change.to.schema ?? from.schema, name: change.to.name };
          if (!relationExistedBefore(context, entry, from)) continue;
          // The file creates the old name again (rename-and-replace): its readers still find it.
          if (findRelation(context.file.after, from)) continue;
          // The new name replaces a relation the file dropped (a rebuilt table takes its place).
          if (findRelation(context.file.before, to)) continue;
          const kind = relationKind(entry, from, change.kind === "rename_view" && change.materialized);
          const object = formatQualified(from);
          // Moved to another schema under the same name (ALTER TABLE … SET SCHEMA).
          const moved =
            !sameRelation(entry.before, to, from) &&
            sameRelation(entry.before, { schema: from.schema, name: to.name }, from);
          context.report({
            messageId: moved ? "moveRelation" : "renameRelation",
            data: { kind, object, to: formatName(to), schema: to.schema },
            span: change.span,
            object,
            help: TABLE_HELP,
          });
          break;
        }
        case "rename_column": {
          if (sameNameInTable(entry.before, change.from, change.to)) continue;
          const table = qualify(entry.before, change.table);
          if (!columnExistedBefore(context, entry, table, change.from)) continue;
          const { after, before } = context.file;
          const tableAfter = findTable(after, table);
          if (tableAfter && findColumn(after, tableAfter, change.from)) continue;
          // The renamed column replaces one the file dropped (add new, backfill, drop old, rename new):
          // readers of the old name keep finding it.
          const tableBefore = findTable(before, table);
          if (tableBefore && findColumn(before, tableBefore, change.to)) continue;
          const object = formatQualified(table, change.from);
          context.report({
            messageId: "renameColumn",
            data: { object, to: change.to, column: change.from },
            span: change.span,
            object,
            help: COLUMN_HELP,
          });
          break;
        }
        case "rename_schema": {
          if (!schemaExistedBefore(context, entry, change.from)) continue;
          if (findSchema(context.file.after, change.from)) continue;
          context.report({
            messageId: "renameSchema",
            data: { object: change.from, to: change.to },
            span: change.span,
            object: change.from,
            help: SCHEMA_HELP,
          });
          break;
        }
        default:
          break;
      }
    }
  },
});

/** What the statement renames, as the catalog knows it (ALTER TABLE … RENAME also renames views). */
function relationKind(entry: ReplayedChange, name: QualifiedName, materialized: boolean): string {
  const relation = findRelation(entry.before, name);
  if (relation?.kind === "view") return relation.materialized ? "materialized view" : "view";
  if (relation === undefined && entry.change.kind === "rename_view")
    return materialized ? "materialized view" : "view";
  return "table";
}
