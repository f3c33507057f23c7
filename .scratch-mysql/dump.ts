import { readFileSync } from "node:fs";
import fg from "fast-glob";
import { parseMysql } from "../src/dialects/mysql/index.js";
const C = "/work/shared/corpora/";
const files = [...fg.sync(C+"pg-mysql-authelia/**/mysql/*.sql"), ...fg.sync(C+"pg-mysql-ory-hydra/**/*.mysql.*sql"), ...fg.sync(C+"schema-dumps-sakila-pagila/sakila/mysql-sakila-db/*.sql")];
const short = (c: any) => { const { span, ...rest } = c; return JSON.stringify(rest, (k, v) => k === "span" ? undefined : v).slice(0, 400); };
for (const f of files) {
  const sql = readFileSync(f,"utf8");
  const r = parseMysql(sql);
  for (const s of r.statements) {
    console.log("##", sql.slice(s.span.start, s.span.end).replace(/\s+/g, " ").slice(0, 200));
    for (const c of s.changes) console.log("   ", short(c), JSON.stringify(sql.slice(c.span.start, c.span.end).replace(/\s+/g," ").slice(0,60)));
  }
}
