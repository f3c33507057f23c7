import { nestedTypes, typedColumns } from "../src/lint/column-types.js";
import { defineRule } from "../src/lint/rule.js";
import { lookupTable } from "../src/lookup-table.js";
import { type DataType, TYPE_FAMILIES } from "../src/sql/data-type.js";

const FAMILIES: ReadonlySet<string> = new Set<string>(TYPE_FAMILIES);

/** Why the default entries are denied, for the finding's help. */
const REASONS: Readonly<Record<string, string>> = lookupTable({
  money:
    "money formats and parses by the session's lc_monetary and has a fixed scale; use numeric(p, s) and keep the currency in its own column.",
  timetz:
    "a time of day with a zone offset cannot handle daylight saving time; use timestamptz, or time plus a zone name.",
});

interface Options {
  readonly deny: readonly string[];
  readonly allow: readonly string[];
}

/** A configured entry: a type family, or a type name the database normalises to a canonical name. */
interface TypeMatcher {
  readonly entry: string;
  readonly family?: string;
  readonly name: string;
}

/**
 * Types the team does not want in new columns (deny), or everything but the types it wants (allow).
 * Entries are type families or type names, matched after the database's own normalisation.
 */
export default defineRule<Options>({
  meta: {
    id: "ban-data-types",
    description: "Block column types the configuration denies, or does not allow.",
    category: "types",
    defaultSeverity: "error",
    presets: ["strict"],
    messages: {
      denied: "Column {{object}} is {{type}}, which the configuration denies ({{entry}}).",
      notAllowed: "Column {{object}} is {{type}}, which is not among the allowed types ({{allowed}}).",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        deny: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description:
            "Type families (float, json, timetz, ...) or type names (money, jsonb, int4, ...) that new columns may not use.",
          default: ["money", "timetz"],
        },
        allow: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "When not empty, new columns may use only these type families or type names.",
          default: [],
        },
      },
    },
    defaultOptions: { deny: ["money", "timetz"], allow: [] },
  },
  check(context, options) {
    const matcher = (entry: string): TypeMatcher => {
      const word = entry.trim().toLowerCase();
      return {
        entry,
        ...(FAMILIES.has(word) && { family: word }),
        name: context.dialect.normalizeType(word).name,
      };
    };
    const deny = options.deny.map(matcher);
    const allow = options.allow.map(matcher);
    for (const column of typedColumns(context.file, context.dialect.compareTypes)) {
      for (const type of nestedTypes(column.type)) {
        const denied = deny.find((candidate) => matches(candidate, type));
        if (denied) {
          context.report({
            messageId: "denied",
            data: { object: column.object, type: type.raw, entry: denied.entry },
            span: column.span,
            object: column.object,
            help: REASONS[denied.name] ?? "Choose another type, or change the rule's deny list.",
          });
          break;
        }
        if (allow.length > 0 && !allow.some((candidate) => matches(candidate, type))) {
          context.report({
            messageId: "notAllowed",
            data: { object: column.object, type: type.raw, allowed: options.allow.join(", ") },
            span: column.span,
            object: column.object,
            help: "Choose one of the allowed types, or add this one to the rule's allow list.",
          });
          break;
        }
      }
    }
  },
});

function matches(matcher: TypeMatcher, type: DataType): boolean {
  return matcher.family === type.family || matcher.name === type.name;
}
