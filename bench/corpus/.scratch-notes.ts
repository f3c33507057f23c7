import { readFileSync } from "node:fs";
import { analyzeColumnUse, loadColumnUseParsers } from "../../src/dbt/column-usage.js";
await loadColumnUseParsers();
const path = process.argv[2]!;
const withCat = process.argv[3] === "cat";
const m = JSON.parse(readFileSync(path, "utf8"));
let cat: any = {};
try { cat = JSON.parse(readFileSync(path.replace("manifest.json", "catalog.json"), "utf8")); } catch {}
const cols = new Map<string, string[]>();
for (const s of ["nodes", "sources"]) for (const [id, e] of Object.entries<any>(cat[s] ?? {})) cols.set(id, Object.keys(e.columns).map((c) => c.toLowerCase()));
const nodes = new Map<string, any>();
for (const s of ["nodes", "sources"]) for (const r of Object.values<any>(m[s])) {
  const mat = r.config?.materialized;
  nodes.set(r.unique_id, { uniqueId: r.unique_id, resourceType: r.resource_type, name: r.name, packageName: r.package_name,
    ...(mat !== "ephemeral" && ["model","seed","snapshot","source"].includes(r.resource_type) ? { relation: { database: r.database, schema: r.schema, identifier: r.identifier ?? r.alias ?? r.name } } : {}),
    materialized: mat, compiledCode: r.compiled_code ?? r.compiled_sql, columns: new Map(Object.keys(r.columns ?? {}).map((c) => [c.toLowerCase(), { name: c }])), columnsComplete: false, contractEnforced: false, dependsOn: r.depends_on?.nodes ?? [] });
}
const counts = new Map<string, number>();
const only = process.argv[4];
for (const n of nodes.values()) {
  if (n.resourceType !== "model" || !n.compiledCode) continue;
  if (only && n.uniqueId !== only) continue;
  const use = analyzeColumnUse(n, n.dependsOn.map((d: string) => nodes.get(d)).filter(Boolean), { adapter: m.metadata.adapter_type, columnsOf: (id) => (withCat ? cols.get(id) : undefined) });
  if (only) { console.log(use.basis, use.notes); for (const [k, v] of use.reads) console.log(k, v.star, [...v.columns].map(([c, u]) => `${c}:${u.join("/")}`).join(" ")); console.log(JSON.stringify(use.outputs)); }
  for (const note of use.notes) { const k = note.replace(/[\w.]*(model|source)\.[\w.]+/g, "<node>").slice(0, 120); counts.set(k, (counts.get(k) ?? 0) + 1); }
}
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(v, k);
