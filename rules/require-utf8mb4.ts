import { qualify } from "../src/catalog/model.js";
import { typedColumns } from "../src/lint/column-types.js";
import { defineRule, formatQualified } from "../src/lint/rule.js";
import type { RelationName } from "../src/sql/changes.js";

interface Options {
  readonly allowed: readonly string[];
}

const DEFAULT_ALLOWED = ["utf8mb4", "binary", "ascii"];

/**
 * A table or column character set other than utf8mb4 (MySQL). `utf8` is utf8mb3: three bytes per character
 * at most, so emoji and many CJK characters fail to insert (strict mode) or turn into '?'; latin1 and the
 * other legacy sets store even less. binary and ascii are allowed by default: nobody picks them by accident
 * (hashes, tokens, UUIDs as text).
 */
export default defineRule<Options>({
  meta: {
    id: "require-utf8mb4",
    description: "Require the utf8mb4 character set for tables and columns (utf8 is utf8mb3: no emoji).",
    category: "types",
    defaultSeverity: "error",
    presets: ["recommended", "strict"],
    requires: { characterSets: true },
    messages: {
      tableCharset:
        "Table {{object}} defaults to character set {{charset}}: its new string columns cannot store every Unicode character.",
      convertCharset:
        "Table {{object}} is converted to character set {{charset}}: its string columns can no longer store every Unicode character.",
      columnCharset:
        "Column {{object}} uses character set {{charset}}: it cannot store every Unicode character.",
    },
    optionsSchema: {
      type: "object",
      additionalProperties: false,
      properties: {
        allowed: {
          type: "array",
          items: { type: "string", minLength: 1 },
          description:
            "Character sets that pass (a collation counts as its character set: utf8mb4_bin is utf8mb4).",
          default: DEFAULT_ALLOWED,
        },
      },
    },
    defaultOptions: { allowed: DEFAULT_ALLOWED },
  },
  check(context, options) {
    const allowed = new Set(options.allowed.map((name) => name.toLowerCase()));
    const refused = (charset: string | undefined) => charset !== undefined && !allowed.has(charset);
    const help = `Use ${options.allowed[0] ?? "utf8mb4"} (CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci, or utf8mb4_unicode_ci before MySQL 8.0).`;

    for (const entry of context.file.changes) {
      const { change } = entry;
      let name: RelationName;
      let properties: Readonly<Record<string, string>> | undefined;
      if (change.kind === "create_table") {
        name = change.table.name;
        properties = change.table.properties;
      } else if (change.kind === "set_properties") {
        name = change.table;
        properties = change.properties;
      } else continue;
      if (!properties) continue;
      // CONVERT TO re-encodes the columns; DEFAULT CHARSET only applies to columns added later.
      const converted = properties.convert_to_charset !== undefined;
      const charset = characterSetOf(properties.convert_to_charset ?? properties.charset, properties.collate);
      if (!refused(charset)) continue;
      const object = formatQualified(qualify(entry.before, name));
      context.report({
        messageId: converted ? "convertCharset" : "tableCharset",
        data: { object, charset: charset! },
        span: change.span,
        object,
        help,
      });
    }

    for (const column of typedColumns(context.file, context.dialect.compareTypes, {
      includeUnchangedTypes: true,
    })) {
      const charset = characterSetOf(column.definition?.charset, column.definition?.collation);
      if (!refused(charset)) continue;
      context.report({
        messageId: "columnCharset",
        data: { object: column.object, charset: charset! },
        span: column.span,
        object: column.object,
        help,
      });
    }
  },
});

/** The character set written, or the one a collation belongs to (utf8mb4_0900_ai_ci -> utf8mb4). */
function characterSetOf(charset: string | undefined, collation: string | undefined): string | undefined {
  const written = charset ?? collation?.split("_")[0];
  return written?.replace(/^['"`]|['"`]$/g, "").toLowerCase();
}
