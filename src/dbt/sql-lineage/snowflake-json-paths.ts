/**
 * node-sql-parser's Snowflake grammar throws on a qualified column followed by a multi-step
 * semi-structured path (`t.payload:customer.id`, "column_symbol is not defined"), a common shape in
 * staging models over JSON. Lineage only needs the column (`t.payload`), so the front end retries
 * with every path cut to its first step (`t.payload:customer`). Strings, quoted identifiers and
 * comments are left untouched: only code outside them is rewritten.
 */

/** `:step.more[0]` -> `:step`, but not `::type` casts. */
const PATH_TAIL = /(?<!:):(?!:)(\s*[A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*|\[[^\]]*\])+)/g;

export function cutSnowflakeJsonPaths(sql: string): string {
  let result = "";
  let codeStart = 0;
  let index = 0;
  const flushCode = (end: number) => {
    result += sql.slice(codeStart, end).replace(PATH_TAIL, ":$1");
  };
  while (index < sql.length) {
    const end = skipLiteralOrComment(sql, index);
    if (end === index) {
      index++;
      continue;
    }
    flushCode(index);
    result += sql.slice(index, end);
    codeStart = end;
    index = end;
  }
  flushCode(sql.length);
  return result;
}

/** The end of the string, quoted identifier or comment starting at `start`, or `start` when none does. */
function skipLiteralOrComment(sql: string, start: number): number {
  const char = sql[start];
  const next = sql[start + 1];
  if (char === "-" && next === "-") return endOf(sql, "\n", start + 2);
  if (char === "/" && next === "*") return endOf(sql, "*/", start + 2);
  if (char === "$" && next === "$") return endOf(sql, "$$", start + 2);
  if (char === "'" || char === '"') {
    for (let index = start + 1; index < sql.length; index++) {
      if (sql[index] === "\\") index++;
      else if (sql[index] === char) {
        if (sql[index + 1] !== char) return index + 1;
        index++; // doubled quote inside the literal
      }
    }
    return sql.length;
  }
  return start;
}

function endOf(sql: string, terminator: string, from: number): number {
  const found = sql.indexOf(terminator, from);
  return found < 0 ? sql.length : found + terminator.length;
}
