import { allRelations, type QualifiedName, qualify } from "../src/catalog/model.js";
import { describeExposed, exposedPassThrough, viewsHoldColumnReport } from "../src/lint/dbt-impact.js";
import { breaksBuild } from "../src/lint/diagnostic.js";
import { impactSummary } from "../src/lint/helpers.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";

/**
 * Dropping or renaming a table or column that a downstream dbt model, snapshot, test or exposure reads. A
 * column that only passes through `select *` breaks nothing: that is a warning where its loss is seen (a
 * leaf model, an exposure), and where views dbt builds hold the column the database refuses the drop.
 */
export default defineRule({
  meta: {
    id: "protect-dbt-columns",
    description: "Block dropping or renaming a table or column that downstream dbt nodes read.",
    category: "dbt",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    needsDbt: true,
    messages: {
      columnDropped: "Column {{object}} is dropped, but {{readers}}.",
      columnRenamed: "Column {{object}} is renamed to {{to}}, but {{readers}}.",
      tableDropped: "{{object}} is dropped, but {{readers}}.",
      tableRenamed: "{{object}} is renamed to {{to}}, but {{readers}}.",
      schemaDropped: "Schema {{schema}} is dropped with {{object}}, but {{readers}}.",
      passedThrough:
        "Column {{object}} is {{change}}; no dbt node names it, so everything still builds, but it reaches {{exposed}} through `select *`, which loses that output column.",
      viewsHoldColumn:
        "Column {{object}} is read by {{views}}, which dbt builds as {{asViews}}: the database refuses to drop the column while {{theyExist}}.",
    },
    defaultOptions: {},
  },
  check(context) {
    const dbt = context.dbt;
    if (!dbt) return;
    for (const entry of context.file.changes) {
      const { change } = entry;
      const reportTable = (
        table: QualifiedName,
        messageId: string,
        extra: Record<string, string> = {},
        help?: string,
      ) => {
        const impacts = dbt.tableImpacts(table);
        if (impacts.length === 0) return;
        const object = formatQualified(table);
        context.report({
          messageId,
          data: { object, readers: impactSummary(impacts), ...extra },
          span: change.span,
          object,
          impacts,
          ...(help && { help }),
        });
      };
      switch (change.kind) {
        case "drop_table":
        case "drop_view":
          reportTable(
            qualify(entry.before, change.kind === "drop_table" ? change.table : change.name),
            "tableDropped",
          );
          break;
        case "rename_table":
        case "rename_view": {
          const from = qualify(entry.before, change.kind === "rename_table" ? change.table : change.view);
          const to = formatQualified({ schema: change.to.schema ?? from.schema, name: change.to.name });
          reportTable(
            from,
            "tableRenamed",
            { to },
            `Point the dbt source or ref at ${to} in the same pull request, or keep a view named ${formatQualified(from)} until the models move.`,
          );
          break;
        }
        case "drop_schema":
          for (const relation of allRelations(entry.before)) {
            if (relation.name.schema === change.schema)
              reportTable(relation.name, "schemaDropped", { schema: change.schema });
          }
          break;
        case "drop_column":
        case "rename_column": {
          const table = qualify(entry.before, change.table);
          const column = change.kind === "drop_column" ? change.column : change.from;
          const impacts = dbt.columnImpacts(table, column);
          const object = formatQualified(table, column);
          const renamed = change.kind === "rename_column";
          if (impacts.some(breaksBuild)) {
            context.report({
              messageId: renamed ? "columnRenamed" : "columnDropped",
              data: {
                object,
                column,
                readers: impactSummary(impacts),
                ...(renamed && { to: change.to }),
              },
              span: change.span,
              object,
              impacts,
              help: renamed
                ? `Update the readers to select ${change.to} (or alias it: ${change.to} as ${column}) in the same pull request.`
                : "Remove the column from the readers first, or keep it until they stop using it.",
            });
          } else if (exposedPassThrough(impacts).length > 0) {
            context.report({
              messageId: "passedThrough",
              data: {
                object,
                change: renamed ? `renamed to ${change.to}` : "dropped",
                exposed: describeExposed(exposedPassThrough(impacts)),
              },
              span: change.span,
              object,
              impacts,
              maxSeverity: "warning",
              help: "Tell the consumers of those outputs (dashboards, exports, other tools) in the same pull request, or list the model's columns explicitly so that its output stays as it is.",
            });
          }
          const views =
            renamed || !context.dialect.capabilities.viewsBindColumns ? [] : dbt.viewsHolding(table, column);
          if (views.length > 0) {
            context.report(viewsHoldColumnReport(views, object, change.span));
          }
          break;
        }
        default:
          break;
      }
    }
  },
});
