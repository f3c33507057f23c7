import nodeSqlParser from "node-sql-parser/build/mysql.js";
import type { DataVerb, RelationName } from "../../sql/changes.js";

/**
 * node-sql-parser with only its `mysql` grammar (the full package loads fourteen grammars). It is the
 * second opinion: it names the target tables of DML, and tells a statement that is valid MySQL but not
 * modelled (opaque) from one that is not SQL at all (a parse error).
 */
let parser: InstanceType<typeof nodeSqlParser.Parser> | undefined;

function mysqlParser(): InstanceType<typeof nodeSqlParser.Parser> {
  parser ??= new nodeSqlParser.Parser();
  return parser;
}

const OPTIONS = { database: "mysql" } as const;

/** pegjs is slow on multi-megabyte INSERTs from dumps; their target table is found from tokens instead. */
const LONGEST_STATEMENT_FOR_AST = 20_000;

/**
 * Whether node-sql-parser's mysql grammar accepts the statement; undefined for a statement too long to
 * ask (its PEG parser takes a minute over half a megabyte of nested parentheses).
 */
export function nodeSqlParserAccepts(text: string): boolean | undefined {
  if (text.length > LONGEST_STATEMENT_FOR_AST) return undefined;
  try {
    mysqlParser().astify(text, OPTIONS);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tables an INSERT / UPDATE / DELETE writes to, from node-sql-parser's table list ("update::db::t").
 * Undefined when it cannot parse the statement or names no target.
 */
export function dataTargets(text: string, verb: DataVerb): RelationName[] | undefined {
  if (text.length > LONGEST_STATEMENT_FOR_AST) return undefined;
  let tableList: string[];
  try {
    tableList = mysqlParser().tableList(text, OPTIONS);
  } catch {
    return undefined;
  }
  const targets: RelationName[] = [];
  for (const entry of tableList) {
    const [action, schema, name] = entry.split("::");
    if (action !== verb || !name) continue;
    targets.push(schema && schema !== "null" ? { schema, name } : { name });
  }
  return targets.length > 0 ? targets : undefined;
}
