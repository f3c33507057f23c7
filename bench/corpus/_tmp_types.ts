import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseStarrocks } from "../../src/dialects/starrocks/parser.js";
import { extractStarrocksSql } from "./starrocks-docs.js";
const root = "/work/shared/corpora/starrocks-ddl/docs";
const files = (d: string): string[] => readdirSync(d).flatMap((e) => { const p = join(d, e); return statSync(p).isDirectory() ? files(p) : p.endsWith(".md") ? [p] : []; });
const counts = new Map<string, number>();
for (const f of files(root)) for (const sql of extractStarrocksSql(readFileSync(f, "utf8"))) {
  const r = parseStarrocks(sql);
  for (const s of r.statements) {
    const kinds = s.changes.map((c) => c.kind).join(",");
    const key = `${s.statementType} => ${kinds}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) if (!k.includes("opaque")) console.log(v, k.slice(0, 150));
