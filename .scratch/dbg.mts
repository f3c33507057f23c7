import { readManifest } from "/work/main/src/dbt/manifest.js";
import { analyzeColumnUse, loadColumnUseParsers } from "/work/main/src/dbt/column-usage.js";
await loadColumnUseParsers();
const p = readManifest("/work/main/fixtures/market-data/dbt/target/manifest.json");
for (const id of ["model.market_data.stg_bars", "model.market_data.fct_daily_bars"]) {
  const n = p.nodes.get(id)!;
  const parents = n.dependsOn.map((d) => p.nodes.get(d)!);
  const u = analyzeColumnUse(n, parents, { adapter: "postgres", columnsOf: (x) => (x.includes("bars") && x.startsWith("source") ? ["symbol","close","open"] : undefined) });
  console.log(id, u.basis, JSON.stringify([...u.reads].map(([k, v]) => [k, [...v.columns], v.star])), JSON.stringify(u.outputs), u.notes);
}
