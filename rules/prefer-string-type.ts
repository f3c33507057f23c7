import { type TypedColumn, typedColumns } from "../src/lint/column-types.js";
import { defineRule, type RuleContext } from "../src/lint/rule.js";
import type { DataType } from "../src/sql/data-type.js";

type Preference = "auto" | "text" | "bounded-varchar";

interface Options {
  readonly prefer: Preference;
  readonly maxLength: number;
}

/**
 * One way to declare strings. `text`: a declared length is a business rule hidden in a type, and raising it
 * later is a schema change (on some databases a rewrite). `bounded-varchar`: every string has a limit the
 * database enforces, and no column grows into a large object unnoticed. `auto` picks text where a string
 * without a limit costs no more than a bounded one, bounded-varchar elsewhere (MySQL, whose TEXT types
 * are stored off-page and cannot be fully indexed).
 */
export default defineRule<Options>({
  meta: {
    id: "prefer-string-type",
    description: "Enforce one way to declare string columns: unbounded text, or varchar with a length.",
    category: "types",
    defaultSeverity: "warning",
    presets: ["strict"],
    messages: {
      boundedString:
        "Column {{object}} is {{type}}: the configuration prefers strings without a declared length.",
      unboundedString:
        "Column {{object}} is {{type}}, a string without a declared length: the configuration prefers varchar(n).",
      longerThanMax:
        "Column {{object}} is {{type}}, longer than the configured maximum of {{maxLength}} characters.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        prefer: {
          enum: ["auto", "text", "bounded-varchar"],
          description:
            "text: flag varchar(n); bounded-varchar: flag strings without a length; auto: text where the database's unbounded strings are cheap, bounded-varchar elsewhere.",
          default: "auto",
        },
        maxLength: {
          type: "integer",
          minimum: 0,
          description: "With bounded-varchar: the longest length a varchar may declare (0: no maximum).",
          default: 0,
        },
      },
    },
    defaultOptions: { prefer: "auto", maxLength: 0 },
  },
  check(context, options) {
    const prefer = preferenceOf(context, options.prefer);
    for (const column of typedColumns(context.file, context.dialect.compareTypes)) {
      const { type } = column;
      if (type.family !== "string" || type.fixedLength) continue;
      const length = declaredLength(context, type);
      if (prefer === "text") {
        if (length !== undefined) report(context, column, "boundedString", TEXT_HELP);
      } else if (length === undefined) {
        report(context, column, "unboundedString", BOUNDED_HELP);
      } else if (options.maxLength > 0 && length > options.maxLength) {
        report(context, column, "longerThanMax", BOUNDED_HELP, { maxLength: options.maxLength });
      }
    }
  },
});

const TEXT_HELP =
  "Use the unbounded string type (text; STRING on StarRocks), with a CHECK on its length if the limit is a business rule.";
const BOUNDED_HELP = "Declare the length the values need: varchar(n).";

function preferenceOf(context: RuleContext, prefer: Preference): "text" | "bounded-varchar" {
  if (prefer !== "auto") return prefer;
  return context.dialect.capabilities.cheapUnboundedStrings ? "text" : "bounded-varchar";
}

/**
 * The length the migration declared, or undefined for a string without one. A length that the type has by
 * itself (MySQL TEXT's 65535 bytes, StarRocks STRING's 65533) is not declared: the bare type name
 * normalises to the same length.
 */
function declaredLength(context: RuleContext, type: DataType): number | undefined {
  if (type.length === undefined) return undefined;
  return context.dialect.normalizeType(type.name).length === type.length ? undefined : type.length;
}

function report(
  context: RuleContext,
  column: TypedColumn,
  messageId: string,
  help: string,
  extra: Readonly<Record<string, number>> = {},
): void {
  context.report({
    messageId,
    data: { object: column.object, type: column.type.raw, ...extra },
    span: column.span,
    object: column.object,
    help,
  });
}
