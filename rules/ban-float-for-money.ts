import { findNestedType, typedColumns } from "../src/lint/column-types.js";
import { defineRule } from "../src/lint/rule.js";

interface Options {
  readonly patterns: readonly string[];
  readonly ignore: readonly string[];
}

const DEFAULT_PATTERNS = [
  "prices?",
  "amounts?",
  "amt",
  "notionals?",
  "costs?",
  "fees?",
  "balances?",
  "pnl",
  "commissions?",
  "salary|salaries",
  "revenues?",
  "payments?",
  "premiums?",
  "proceeds",
  "wages?",
  "budgets?",
];

/** Words that make a money-like name a ratio, which a float may hold: fee_rate, price_ratio, cost_pct. */
const DEFAULT_IGNORE = [
  "rate",
  "ratio",
  "pct",
  "percent",
  "percentage",
  "bps",
  "factor",
  "multiplier",
  "weight",
];

/**
 * A floating-point column whose name says it holds money. Binary floating point cannot represent most
 * decimal amounts (0.1 + 0.2 is 0.30000000000000004), so sums and comparisons drift by fractions of a cent.
 */
export default defineRule<Options>({
  meta: {
    id: "ban-float-for-money",
    description:
      "Block float, real and double columns whose names say they hold money (price, amount, fee, ...).",
    category: "types",
    defaultSeverity: "error",
    presets: ["recommended", "strict"],
    messages: {
      floatMoney:
        "Column {{object}} looks like money ({{word}}) but is {{type}}: floating point cannot store most decimal amounts exactly, so sums and comparisons drift.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        patterns: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description:
            "Regular expressions, each matched against whole words of the column name (split at _ and camelCase, lower case).",
          default: DEFAULT_PATTERNS,
        },
        ignore: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description:
            "Regular expressions for words that make the name a ratio rather than money (fee_rate).",
          default: DEFAULT_IGNORE,
        },
      },
    },
    defaultOptions: { patterns: DEFAULT_PATTERNS, ignore: DEFAULT_IGNORE },
  },
  check(context, options) {
    const money = options.patterns.map(wholeWord);
    const ratio = options.ignore.map(wholeWord);
    for (const column of typedColumns(context.file, context.dialect.compareTypes)) {
      const float = findNestedType(column.type, (type) => type.family === "float");
      if (!float) continue;
      const words = wordsOf(column.name);
      if (words.some((word) => ratio.some((pattern) => pattern.test(word)))) continue;
      const word = words.find((candidate) => money.some((pattern) => pattern.test(candidate)));
      if (word === undefined) continue;
      context.report({
        messageId: "floatMoney",
        data: { object: column.object, word, type: float.raw },
        span: column.span,
        object: column.object,
        help: "Use an exact decimal type, numeric/DECIMAL(p, s), with the scale the currency needs (DECIMAL(19, 4) is common).",
      });
    }
  },
});

/** `unitPrice_usd` -> ["unit", "price", "usd"]. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** A pattern that must match a whole word; a pattern that is not a valid expression matches itself literally. */
function wholeWord(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, "i");
  } catch {
    return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "i");
  }
}
