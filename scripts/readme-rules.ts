/** Writes the rules table into README.md from the registered rules: `npm run readme-rules`. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RULES } from "../rules/index.js";
import { rulesTable } from "../src/report/rules-table.js";

const readme = path.resolve(import.meta.dirname, "../README.md");
const text = readFileSync(readme, "utf8");
const table = rulesTable(RULES);
const start = text.indexOf("| rule | category | severity | presets | finds |");
const next = start >= 0 ? text.indexOf("\n\n", start) : -1;
const updated =
  start >= 0 ? text.slice(0, start) + table + text.slice(next) : text.replace("RULES_TABLE", table);
writeFileSync(readme, updated);
console.log(`README.md: ${RULES.length} rules`);
