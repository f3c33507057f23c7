import { readFileSync } from "node:fs";
import { parseMysql } from "../src/dialects/mysql/index.js";
for (const f of process.argv.slice(2)) {
  const r = parseMysql(readFileSync(f, "utf8"));
  const h: Record<string, number> = {};
  for (const s of r.statements) for (const c of s.changes) h[c.kind] = (h[c.kind] ?? 0) + 1;
  console.log(f, r.statements.length, r.errors.length, JSON.stringify(h));
  const st: Record<string, number> = {};
  for (const s of r.statements) st[s.statementType] = (st[s.statementType] ?? 0) + 1;
  console.log(JSON.stringify(st));
}
