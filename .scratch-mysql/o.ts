import nsp from "node-sql-parser/build/mysql.js";
const p = new nsp.Parser();
const attrs = ["NOT NULL", "DEFAULT 5", "AUTO_INCREMENT", "UNIQUE", "PRIMARY KEY", "COMMENT 'c'", "COLLATE utf8mb4_bin", "ON UPDATE CURRENT_TIMESTAMP", "CHARACTER SET utf8mb4", "CHECK (a > 0)", "REFERENCES x(y)"];
function perms<T>(a: T[], k: number): T[][] { if (k===0) return [[]]; const r: T[][] = []; for (let i=0;i<a.length;i++) for (const rest of perms(a.filter((_,j)=>j!==i), k-1)) r.push([a[i]!, ...rest]); return r; }
const keyOf = (d: any) => JSON.stringify(Object.keys(d).filter(k => !["column","definition","resource"].includes(k)).sort());
let fails = 0, drops = 0, ok = 0;
for (const combo of perms(attrs, 3)) {
  const type = combo.some(c => c.includes("CHARACTER")||c.includes("COLLATE")) ? "varchar(10)" : "int";
  const sql = `CREATE TABLE t (a ${type} ${combo.join(" ")})`;
  try {
    const ast: any = p.astify(sql, { database: "mysql" });
    const d = ast.create_definitions[0];
    const s = JSON.stringify(d);
    const missing = combo.filter(c => {
      const w = c.split(" ")[0]!.toLowerCase();
      const m: Record<string,string> = { not: "not null", default: "default_val", auto_increment: "auto_increment", unique: "unique", primary: "primary", comment: "comment", collate: "collate", on: "on update", null: '"null"', character: "character", key: "key", check: "check", references: "reference", invisible: "invisible" };
      return !s.toLowerCase().includes(m[w]!.toLowerCase());
    });
    if (missing.length) { drops++; console.log("DROP", sql, "missing", missing); } else ok++;
  } catch (e: any) { fails++; console.log("FAIL", sql, String(e.message).slice(0, 60)); }
}
console.log({ ok, drops, fails });
