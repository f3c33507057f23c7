import { parseStarrocks } from "../../src/dialects/starrocks/parser.js";
const sql = process.argv[2]!;
console.log(JSON.stringify(parseStarrocks(sql), null, 1));
