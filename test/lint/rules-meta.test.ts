import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";

const RULES_DIR = path.resolve(import.meta.dirname, "../../rules");
const ruleFiles = readdirSync(RULES_DIR)
  .filter((file) => file.endsWith(".ts") && file !== "index.ts" && !file.endsWith(".test.ts"))
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();

describe("the rule set", () => {
  it("registers every rule file, sorted by id", () => {
    expect(RULES.map((rule) => rule.meta.id)).toEqual(ruleFiles);
  });

  it.each(RULES.map((rule) => [rule.meta.id, rule] as const))(
    "%s: id, naming, messages, doc, options",
    async (id, rule) => {
      const module = await import(path.join(RULES_DIR, `${id}.ts`));
      expect(module.default).toBe(rule);
      expect(id).toMatch(/^(ban|require|prefer|protect|avoid|check|limit|enforce|disallow|name)-[a-z0-9-]+$/);
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      const doc = path.join(RULES_DIR, `${id}.md`);
      expect(existsSync(doc), `${id}.md is missing`).toBe(true);
      const text = readFileSync(doc, "utf8");
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      expect(text).toMatch(/### Fails\s+```sql\n[\s\S]+?```/);
      expect(text).toMatch(/### Passes\s+```sql\n[\s\S]+?```/);
      expect(text).toMatch(/## Options/);
      if (rule.meta.optionsSchema) {
        const validate = new Ajv({ strict: true }).compile(rule.meta.optionsSchema);
        expect(validate(rule.meta.defaultOptions)).toBe(true);
      }
    },
  );
});
