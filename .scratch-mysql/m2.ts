import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { parseMysql } from "../src/dialects/mysql/index.js";
const C = "/work/shared/corpora/";
const files = [...fg.sync(C+"pg-mysql-authelia/**/mysql/*.sql"), ...fg.sync(C+"pg-mysql-ory-hydra/**/*.mysql.*sql"), ...fg.sync(C+"schema-dumps-sakila-pagila/sakila/mysql-sakila-db/*.sql")];
let n=0, opaque=0, err=0;
for (const f of files) {
  const sql = readFileSync(f,"utf8");
  const r = parseMysql(sql);
  for (const s of r.statements) { n++; const o = s.changes.filter(c => c.kind === "opaque"); if (o.length) { opaque++; console.log("OPAQUE", f.replace(C,""), "|", sql.slice(s.span.start, s.span.end).replace(/\s+/g," ").slice(0,120), "|", (o[0] as any).reason); } }
  for (const e of r.errors) { err++; console.log("ERROR", f.replace(C,""), "|", sql.slice(e.offset, e.offset+80).replace(/\s+/g," "), "|", e.message); }
}
console.log({files: files.length, n, opaque, err});
