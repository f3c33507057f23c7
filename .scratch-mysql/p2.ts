import { parseMysql } from "../src/dialects/mysql/index.js";
const short = (c: any) => { const { span, ...rest } = c; return JSON.stringify(rest, (k, v) => k === "span" ? undefined : v); };
for (const sql of process.argv.slice(2)) {
  const r = parseMysql(sql);
  console.log("##", sql);
  for (const s of r.statements) for (const c of s.changes) console.log("   ", short(c), JSON.stringify(sql.slice(c.span.start, c.span.end)));
  for (const e of r.errors) console.log("   ERROR", JSON.stringify(e));
}
