/**
 * Rewrites rules/index.ts from the rule files in rules/: one import per rule, sorted by id. The meta-test
 * (test/lint/rules-meta.test.ts) fails when the index and the folder disagree; this makes them agree.
 *
 *   npm run register-rules
 */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../rules");
const ids = readdirSync(dir)
  .filter((file) => file.endsWith(".ts") && file !== "index.ts" && !file.endsWith(".test.ts"))
  .map((file) => file.slice(0, -3))
  .sort();
const binding = (id: string) => id.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
const text = `import type { Rule } from "../src/lint/rule.js";
${ids.map((id) => `import ${binding(id)} from "./${id}.js";`).join("\n")}

/** Every rule, sorted by id (written by \`npm run register-rules\`; the meta-test checks it). */
export const RULES: readonly Rule[] = [
${ids.map((id) => `  ${binding(id)},`).join("\n")}
];
`;
writeFileSync(path.join(dir, "index.ts"), text);
console.log(`rules/index.ts: ${ids.length} rules`);
