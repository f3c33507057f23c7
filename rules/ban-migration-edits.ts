import { defineRule } from "../src/lint/rule.js";

/**
 * A migration that exists at the base ref (it may already have run) and whose statements the change
 * edits. Comments and whitespace do not count: the dialect's lexer compares the token streams. Needs a
 * base (--base or base: in schematic.yml); the check gathers the facts (src/migrations/integrity.ts).
 */
export default defineRule({
  meta: {
    id: "ban-migration-edits",
    description:
      "Refuse edits to a migration that already exists at the base ref: databases that ran it never see the edit.",
    category: "integrity",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      edited:
        "{{file}} exists at the base and this change edits its statements: databases that already ran it will not run it again, so they and new databases end up with different schemas.",
    },
    defaultOptions: {},
  },
  check(context) {
    const edited = context.migrationFile?.editedSinceBase;
    if (!edited) return;
    const file = context.file.script.path;
    context.report({
      messageId: "edited",
      data: { file },
      span: edited.span,
      object: file,
      help: 'Restore the applied migration and make the change in a new one; acknowledge an edit every database can skip (a fix that changes nothing already run): -- schematic-ignore-file ban-migration-edits reason="…"',
    });
  },
});
