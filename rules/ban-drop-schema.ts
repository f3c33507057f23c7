import { type Catalog, findSchema } from "../src/catalog/model.js";
import { joinList } from "../src/lint/helpers.js";
import { schemaExistedBefore } from "../src/lint/origin.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * DROP SCHEMA … CASCADE / DROP DATABASE on a schema that existed before the change under review: every
 * table in it goes, including tables that no migration knows about (loaded by an EL tool, made by hand).
 * Without CASCADE (PostgreSQL's default RESTRICT) the database refuses to drop a schema that still holds
 * anything, so no rows can be lost.
 */
export default defineRule({
  meta: {
    id: "ban-drop-schema",
    description:
      "Refuse DROP SCHEMA … CASCADE and DROP DATABASE on schemas that already exist: every table in them is deleted.",
    category: "safety",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      dropSchemaWithTables:
        "Dropping {{noun}} {{schema}} deletes every table in it with all their rows ({{tables}}), and any table the migrations do not know about; they cannot be recovered without a backup.",
      dropSchema:
        "Dropping {{noun}} {{schema}} deletes every table in it with all their rows, including tables the migrations do not know about; they cannot be recovered without a backup.",
    },
    defaultOptions: {},
  },
  check(context) {
    const noun = context.dialect.capabilities.schemaIsDatabase ? "database" : "schema";
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "drop_schema" || !change.cascade) continue;
      if (!schemaExistedBefore(context, entry, change.schema)) continue;
      const tables = tablesIn(entry.before, change.schema);
      context.report({
        messageId: tables.length > 0 ? "dropSchemaWithTables" : "dropSchema",
        data: { noun, schema: change.schema, tables: listed(tables) },
        span: change.span,
        object: change.schema,
        help: `Move the tables that must survive out of the ${noun} first, and drop it in a migration of its own with an acknowledgement: -- schematic-ignore ban-drop-schema reason="…"`,
      });
    }
  },
});

function tablesIn(catalog: Catalog, schema: string): string[] {
  const relations = findSchema(catalog, schema)?.relations.values() ?? [];
  return [...relations].filter((relation) => relation.kind === "table").map((table) => table.name.name);
}

function listed(tables: readonly string[]): string {
  const shown = tables.slice(0, 5);
  const more = tables.length - shown.length;
  return joinList(more > 0 ? [...shown, `${more} more`] : shown);
}
