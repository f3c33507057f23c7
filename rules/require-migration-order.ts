import { fileSpan } from "../src/lint/helpers.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * A migration the change adds that sorts before one that exists at the base ref: databases that already
 * ran the later one run the new one after it (or their migration tool refuses it), new databases before
 * it. Needs a base (--base or base: in schematic.yml).
 */
export default defineRule({
  meta: {
    id: "require-migration-order",
    description: "Require new migrations to sort after every migration that exists at the base ref.",
    category: "integrity",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      outOfOrder:
        "{{file}} is new but sorts before {{existing}}, which exists at the base: databases that ran {{existing}} run this one after it (or their migration tool refuses it), new databases before it.",
    },
    defaultOptions: {},
  },
  check(context) {
    const existing = context.migrationFile?.sortsBefore;
    if (!existing) return;
    const file = context.file.script.path;
    context.report({
      messageId: "outOfOrder",
      data: { file, existing },
      span: fileSpan(context.file),
      object: file,
      help: "Give the migration a version after the latest one at the base (rename the file), so that every database runs it in the same place.",
    });
  },
});
