import { fileSpan, joinList } from "../src/lint/helpers.js";
import { defineRule } from "../src/lint/rule.js";

/**
 * Two migration files with one version (V1__a.sql and V1__b.sql, 001_a.sql and 001_b.sql; 1 and 001 are
 * the same version to the tools that parse it). Reported on the files the change adds or edits, or, over
 * the whole history, on every file of the version but the first.
 */
export default defineRule({
  meta: {
    id: "ban-duplicate-versions",
    description: "Refuse two migration files with the same version.",
    category: "integrity",
    defaultSeverity: "error",
    presets: ["basic", "recommended", "strict"],
    messages: {
      duplicate:
        "{{file}} has version {{version}}, which {{others}} also {{have}}: a migration tool records one version once, so it refuses the second file or never runs it.",
    },
    defaultOptions: {},
  },
  check(context) {
    const facts = context.migrationFile;
    if (!facts?.sameVersionAs || facts.version === undefined) return;
    const file = context.file.script.path;
    context.report({
      messageId: "duplicate",
      data: {
        file,
        version: facts.version,
        others: joinList(facts.sameVersionAs),
        have: facts.sameVersionAs.length === 1 ? "has" : "have",
      },
      span: fileSpan(context.file),
      object: file,
      help: "Give each migration its own version: rename the newer file to a version after the latest one.",
    });
  },
});
