/**
 * Writes a new rule, its doc page and its test together, so that none is forgotten:
 *
 *   npm run new-rule -- ban-something "What it finds, in one sentence."
 *
 * Then register it in rules/index.ts (the meta-test fails until you do) and fill in the three files.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

const [id, description = "TODO: what the rule finds."] = process.argv.slice(2);
const VERBS = /^(ban|require|prefer|avoid|limit|enforce|protect|check)-[a-z0-9-]+$/;
if (!id || !VERBS.test(id)) {
  console.error(
    "usage: npm run new-rule -- <id> [description]; the id is kebab-case and starts with a verb (ban-, require-, prefer-, avoid-, limit-, enforce-, protect-, check-).",
  );
  process.exit(2);
}
const dir = path.resolve(import.meta.dirname, "../rules");
const files = {
  [`${id}.ts`]: `import { defineRule, formatQualified } from "../src/lint/rule.js";
import { qualifiedTarget } from "../src/lint/helpers.js";

/** ${description} */
export default defineRule({
  meta: {
    id: "${id}",
    description: ${JSON.stringify(description)},
    category: "safety",
    defaultSeverity: "warning",
    presets: ["recommended", "strict"],
    messages: {
      found: "{{object}}: ${description.replace(/"/g, '\\"')}",
    },
    defaultOptions: {},
  },
  check(context) {
    for (const entry of context.file.changes) {
      const table = qualifiedTarget(entry);
      if (!table) continue;
      // Decide here whether entry.change is a finding; then:
      // context.report({ messageId: "found", data: { object: formatQualified(table) }, span: entry.change.span });
    }
  },
});
`,
  [`${id}.md`]: `# ${id}

${description}

**Category:** safety · **Default severity:** warning

## What it finds

## Why it matters

## Examples

### Fails

\`\`\`sql
\`\`\`

### Passes

\`\`\`sql
\`\`\`

## Options

None.
`,
  [`${id}.test.ts`]: `import { describe, expect, it } from "vitest";
import { lint } from "../test/helpers/rule-harness.js";
import rule from "./${id}.js";

describe("${id}", () => {
  it.each([["a statement that is fine", "SELECT 1;"]])("passes: %s", async (_label, sql) => {
    expect(await lint(rule, sql)).toEqual([]);
  });

  it.each([["a statement that is not", "SELECT 1;", "found", 1, 1]])("fails: %s", async (_label, sql, messageId, line, column) => {
    expect(await lint(rule, sql)).toEqual([expect.objectContaining({ rule: "${id}", messageId, line, column })]);
  });
});
`,
};
for (const file of Object.keys(files)) {
  const target = path.join(dir, file);
  if (existsSync(target)) {
    console.error(`rules/${file} exists already: nothing written.`);
    process.exit(2);
  }
}
for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
console.log(
  `Wrote rules/${id}.ts, rules/${id}.md and rules/${id}.test.ts. Register it in rules/index.ts (sorted by id).`,
);
