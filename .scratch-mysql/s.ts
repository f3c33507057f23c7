import { readFileSync } from "node:fs";
import { splitMysql } from "../src/dialects/mysql/split.js";
const f = process.argv[2]!;
const sql = readFileSync(f, "utf8");
for (const s of splitMysql(sql)) console.log(JSON.stringify(s.span), JSON.stringify(s.text.slice(0, 70)), "...", JSON.stringify(s.text.slice(-30)));
