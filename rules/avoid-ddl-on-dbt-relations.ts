import { ALTERING_CHANGES } from "../src/lint/dbt-impact.js";
import { qualifiedTarget } from "../src/lint/helpers.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/** Creating a table or view that dbt builds fights dbt too. */
const SCHEMA_CHANGES: ReadonlySet<string> = new Set([...ALTERING_CHANGES, "create_table", "create_view"]);

/** DDL on a relation that dbt itself builds: the next `dbt run` replaces it and the change is lost. */
export default defineRule({
  meta: {
    id: "avoid-ddl-on-dbt-relations",
    description: "Warn about migrations that change a relation dbt builds (the next dbt run overwrites it).",
    category: "dbt",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    needsDbt: true,
    messages: {
      builtByDbt:
        "{{object}} is built by dbt ({{node}}, materialized {{materialized}}): the next `dbt run` overwrites this change.",
    },
    defaultOptions: {},
  },
  check(context) {
    const dbt = context.dbt;
    if (!dbt) return;
    const reported = new Set<string>();
    for (const entry of context.file.changes) {
      if (!SCHEMA_CHANGES.has(entry.change.kind)) continue;
      const table = qualifiedTarget(entry);
      if (!table) continue;
      const node = dbt.builtBy(table);
      const object = formatQualified(table);
      const key = `${entry.statement.span.start}:${object}`;
      if (!node || reported.has(key)) continue;
      reported.add(key);
      context.report({
        messageId: "builtByDbt",
        data: { object, node: node.uniqueId, materialized: node.materialized ?? "table" },
        span: entry.change.span,
        object,
        impacts: [
          {
            unique_id: node.uniqueId,
            kind: node.resourceType,
            name: node.name,
            relation: object,
            direct: true,
            usage: [],
            basis: "graph",
          },
        ],
        help: "Change the dbt model instead (its SQL, config or contract), or move the table out of dbt's schema.",
      });
    }
  },
});
