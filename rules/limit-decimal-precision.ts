import { findNestedType, typedColumns } from "../src/lint/column-types.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * A DECIMAL wider than the database accepts (StarRocks 38 digits, MySQL 65, PostgreSQL 1000): the
 * statement fails when it runs, so the migration never gets past this file.
 */
export default defineRule({
  meta: {
    id: "limit-decimal-precision",
    description: "Block DECIMAL columns with more digits of precision than the database accepts.",
    category: "types",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      tooPrecise:
        "Column {{object}} is {{type}} with precision {{precision}}: the database accepts at most {{max}} digits, so the statement fails.",
    },
    defaultOptions: {},
  },
  check(context) {
    const max = context.dialect.capabilities.maxDecimalPrecision;
    for (const column of typedColumns(context.file, context.dialect.compareTypes)) {
      const decimal = findNestedType(
        column.type,
        (type) => type.family === "decimal" && type.precision !== undefined && type.precision > max,
      );
      if (!decimal) continue;
      context.report({
        messageId: "tooPrecise",
        data: { object: column.object, type: decimal.raw, precision: decimal.precision!, max },
        span: column.span,
        object: column.object,
        help: `Use at most DECIMAL(${max}, s), with the scale the values need.`,
      });
    }
  },
});
