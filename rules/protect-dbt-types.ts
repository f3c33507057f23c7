import { findColumn, findTable, qualify } from "../src/catalog/model.js";
import { describeExposed, exposedPassThrough, viewsHoldColumnReport } from "../src/lint/dbt-impact.js";
import { breaksBuild } from "../src/lint/diagnostic.js";
import { impactSummary } from "../src/lint/helpers.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { DataType } from "../src/sql/data-type.js";
import { isBreaking } from "../src/sql/type-compat.js";

/**
 * A column type change that downstream dbt nodes cannot absorb: narrowing, lossy or incompatible for the
 * models that read the column, against a declared `data_type`, or against an enforced contract. A column
 * that only passes through `select *` breaks nothing: a warning where the changed output is seen, and where
 * views dbt builds hold the column (the database refuses the change while they exist).
 */
export default defineRule({
  meta: {
    id: "protect-dbt-types",
    description:
      "Block column type changes that are narrowing, lossy or incompatible for downstream dbt nodes.",
    category: "dbt",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    needsDbt: true,
    messages: {
      breakingForReaders:
        "Column {{object}} changes type from {{from}} to {{to}} ({{compatibility}}), and {{readers}}.",
      breakingDeclared:
        "Column {{object}} changes type to {{to}}, but {{node}} declares data_type {{declared}} ({{compatibility}}).",
      breakingContract:
        "Column {{object}} changes type to {{to}}, but the enforced contract of {{node}} pins {{column}} as {{declared}} ({{compatibility}}).",
      widenedUnderContract:
        "Column {{object}} widens from {{from}} to {{to}}; the enforced contract of {{node}} still pins {{column}} as {{declared}}, so its build fails until the contract is updated.",
      unknownPreviousType:
        "Column {{object}} changes type to {{to}}; its previous type is unknown, so Schematic cannot tell whether its readers keep working: {{readers}}.",
      passedThrough:
        "Column {{object}} changes type from {{from}} to {{to}} ({{compatibility}}); no dbt node names it, so everything still builds, but it reaches {{exposed}} through `select *`, whose output column changes type too.",
      viewsHoldColumn:
        "Column {{object}} is read by {{views}}, which dbt builds as {{asViews}}: the database refuses to change the column's type while {{theyExist}}.",
    },
    defaultOptions: {},
  },
  check(context) {
    const dbt = context.dbt;
    if (!dbt) return;
    for (const entry of context.file.changes) {
      const { change } = entry;
      if (change.kind !== "alter_column_type") continue;
      const table = qualify(entry.before, change.table);
      const object = formatQualified(table, change.column);
      const previous = previousType(entry.before, table, change.column, () => {
        const declared = dbt.declaredTypes(table, change.column).find((type) => type.source === "catalog");
        return declared ? context.dialect.normalizeType(declared.dataType) : undefined;
      });
      const next = change.type;
      // An incompatible type (text -> integer) breaks most expressions that use the column, like a drop;
      // a narrowing or lossy one changes the values its readers get, and they usually still build.
      const readerCompatibility = previous ? context.dialect.compareTypes(previous, next) : undefined;
      const impacts =
        readerCompatibility === "incompatible"
          ? dbt.columnImpacts(table, change.column)
          : dbt.valueImpacts(table, change.column);

      if (previous) {
        const compatibility = context.dialect.compareTypes(previous, next);
        const exposed = exposedPassThrough(impacts);
        if (isBreaking(compatibility) && !impacts.some(breaksBuild) && exposed.length > 0) {
          context.report({
            messageId: "passedThrough",
            data: {
              object,
              from: previous.raw,
              to: next.raw,
              compatibility,
              exposed: describeExposed(exposed),
            },
            span: change.span,
            object,
            impacts,
            maxSeverity: "warning",
            help: "Tell the consumers of those outputs (dashboards, exports, other tools) in the same pull request, or cast the column in the model so that its output keeps its type.",
          });
        } else if (isBreaking(compatibility) && impacts.some(breaksBuild)) {
          context.report({
            messageId: "breakingForReaders",
            data: {
              object,
              from: previous.raw,
              to: next.raw,
              compatibility,
              readers: impactSummary(impacts),
            },
            span: change.span,
            object,
            impacts,
            help: "Widen instead of narrowing, or cast in the staging model and change the readers in the same pull request.",
          });
        }
      } else if (impacts.length > 0) {
        context.report({
          messageId: "unknownPreviousType",
          data: { object, to: next.raw, readers: impactSummary(impacts) },
          span: change.span,
          object,
          impacts,
          maxSeverity: "info",
          help: "Create the table in a migration, or give dbt a catalog.json (dbt docs generate), so the old type is known.",
        });
      }

      const views = context.dialect.capabilities.viewsBindColumns
        ? dbt.viewsHolding(table, change.column)
        : [];
      if (views.length > 0) {
        context.report(viewsHoldColumnReport(views, object, change.span));
      }

      for (const declared of dbt.declaredTypes(table, change.column)) {
        if (declared.source !== "yaml") continue;
        const compatibility = context.dialect.compareTypes(
          context.dialect.normalizeType(declared.dataType),
          next,
        );
        if (!isBreaking(compatibility)) continue;
        context.report({
          messageId: "breakingDeclared",
          data: { object, to: next.raw, node: declared.node, declared: declared.dataType, compatibility },
          span: change.span,
          object,
          impacts: impacts.filter((impact) => impact.unique_id === declared.node),
          help: `Update data_type in the YAML of ${declared.node} together with the migration.`,
        });
      }

      for (const pin of dbt.contractPins(table, change.column)) {
        if (!pin.dataType) continue;
        const pinned = context.dialect.normalizeType(pin.dataType);
        const compatibility = context.dialect.compareTypes(pinned, next);
        if (compatibility === "identical") continue;
        const data = {
          object,
          from: previous?.raw ?? "unknown",
          to: next.raw,
          node: pin.impact.unique_id,
          column: pin.column,
          declared: pin.dataType,
          compatibility,
        };
        context.report({
          messageId: isBreaking(compatibility) ? "breakingContract" : "widenedUnderContract",
          data,
          span: change.span,
          object,
          impacts: [pin.impact],
          help: `Change the contract's data_type for ${pin.column} in ${pin.impact.unique_id}, or cast the column in the model.`,
          ...(!isBreaking(compatibility) && { maxSeverity: "warning" as const }),
        });
      }
    }
  },
});

function previousType(
  before: Parameters<typeof findTable>[0],
  table: Parameters<typeof findTable>[1],
  column: string,
  fallback: () => DataType | undefined,
): DataType | undefined {
  const known = findTable(before, table);
  const found = known ? findColumn(before, known, column) : undefined;
  if (found && found.type.name !== "unknown") return found.type;
  return fallback();
}
