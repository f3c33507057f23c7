import nsp from "node-sql-parser/build/mysql.js";
const p = new nsp.Parser();
const stmts = process.argv.slice(2);
for (const s of stmts) {
  try { const ast: any = p.astify(s, { database: "mysql" }); console.log("OK ", s, "\n   ", JSON.stringify(ast, (k, v) => k === "loc" ? undefined : v).slice(0, 900)); }
  catch (e: any) { console.log("ERR", s, String(e.message).slice(0, 80)); }
}
