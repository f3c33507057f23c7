import { createPostgresDialect } from "./src/dialects/postgres/index.js";
const d = await createPostgresDialect();
const sql = process.argv[2]!;
const r = d.parse(sql);
for (const s of r.statements) {
  console.log(s.statementType, JSON.stringify(sql.slice(s.span.start, s.span.end)));
  for (const c of s.changes) console.log("  ", JSON.stringify(c), "=>", JSON.stringify(sql.slice(c.span.start, c.span.end)));
}
console.log(JSON.stringify(r.errors));
