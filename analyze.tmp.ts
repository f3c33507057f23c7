import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { createPostgresDialect } from "./src/dialects/postgres/index.js";
const d = await createPostgresDialect();
const root = "/work/shared/corpora/";
const files = await fg(["pg-crates-io/**/*.sql","pg-supabase-auth/**/*.sql","pg-mysql-authelia/**/postgres/**/*.sql","pg-mysql-ory-hydra/**/*.sql","schema-dumps-sakila-pagila/pagila/*.sql","schema-dumps-sakila-pagila/sakila/postgres-sakila-db/*.sql"], { cwd: root });
const kinds = new Map<string, number>(); const labels = new Map<string, number>(); const types = new Map<string, number>(); const defaults = new Map<string, number>(); const exprs: string[] = [];
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
for (const f of files) {
  if (/\.(mysql|sqlite|cockroach)\./.test(f)) continue;
  const sql = readFileSync(root + f, "utf8").replace(/\{\{[^}]*\}\}/g, "auth");
  const r = d.parse(sql);
  for (const s of r.statements) for (const c of s.changes) {
    bump(kinds, c.kind);
    if (c.kind === "no_schema_effect") bump(labels, c.statement);
    const cols = c.kind === "create_table" ? c.table.columns : c.kind === "add_column" ? [c.column] : [];
    for (const col of cols) { bump(types, `${col.type.family} ${col.type.name} <= ${col.type.raw}`); if (col.default) bump(defaults, `${col.default} ${col.volatileDefault}`); }
    if (c.kind === "alter_column_type") bump(types, `${c.type.family} ${c.type.name} <= ${c.type.raw} USING ${c.using}`);
    if (c.kind === "set_default") bump(defaults, `SET ${c.default} ${c.volatileDefault}`);
    if (c.kind === "create_index") exprs.push(`${c.index.columns.join(" | ")} WHERE ${c.index.where}`);
    if (c.kind === "add_constraint" && c.constraint.kind === "check") exprs.push("CHECK " + c.constraint.expression);
    if (c.kind === "create_table") for (const k of c.table.constraints) if (k.kind === "check") exprs.push("CHECK " + k.expression);
  }
}
const show = (t: string, m: Map<string, number>) => { console.log(`== ${t}`); for (const [k, v] of [...m].sort((a, b) => b[1] - a[1])) console.log(v, k); };
show("kinds", kinds); show("labels", labels); show("types", types); show("defaults", defaults);
console.log("== exprs"); for (const e of new Set(exprs)) console.log(e);
