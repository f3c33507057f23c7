import nsp from "node-sql-parser/build/mysql.js";
const p = new nsp.Parser();
for (const s of process.argv.slice(2)) {
  try { const r: any = p.parse(s, { database: "mysql" }); console.log("OK ", s, "\n   ", JSON.stringify(r.tableList)); }
  catch (e: any) { console.log("ERR", s, String(e.message).slice(0, 80)); }
}
