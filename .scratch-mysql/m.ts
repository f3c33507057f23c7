import { readFileSync } from "node:fs";
import fg from "fast-glob";
import nsp from "node-sql-parser/build/mysql.js";
import { splitMysql } from "../src/dialects/mysql/split.js";
const C = "/work/shared/corpora/";
const files = [...fg.sync(C+"pg-mysql-authelia/**/mysql/*.sql"), ...fg.sync(C+"pg-mysql-ory-hydra/**/*.mysql.*sql"), ...fg.sync(C+"schema-dumps-sakila-pagila/sakila/mysql-sakila-db/*.sql")];
const p = new nsp.Parser();
let n=0, fail=0;
for (const f of files) {
  const sql = readFileSync(f,"utf8");
  for (const s of splitMysql(sql)) {
    n++;
    try { p.astify(s.text, {database:"mysql"}); } catch (e:any) { fail++; console.log(f.replace(C,""), "|", s.text.replace(/\s+/g," ").slice(0,150), "|", String(e.message).slice(0,100)); }
  }
}
console.log(files.length, n, fail);
