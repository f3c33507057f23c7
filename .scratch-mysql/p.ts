import { readFileSync } from "node:fs";
import { parseMysql } from "../src/dialects/mysql/index.js";
const sql = process.argv[2]!.startsWith("/") ? readFileSync(process.argv[2]!, "utf8") : process.argv[2]!;
const r = parseMysql(sql);
console.log(JSON.stringify(r, (k, v) => (k === "span" ? `${v.start}-${v.end}` : v), 1));
