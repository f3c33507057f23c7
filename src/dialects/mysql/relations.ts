import type { RelationName } from "../../sql/changes.js";
import type { Token } from "./lexer.js";

/** Words after which a relation name follows in DDL and DML. */
const RELATION_INTRODUCERS: ReadonlySet<string> = new Set([
  "TABLE",
  "TABLES",
  "VIEW",
  "INTO",
  "UPDATE",
  "FROM",
  "JOIN",
  "REFERENCES",
  "ON",
  "TO",
]);

/** Words that follow the introducers above without being names (ON DELETE, FROM DUAL, TABLE IF EXISTS). */
const NOT_RELATION_WORDS: ReadonlySet<string> = new Set([
  "IF",
  "SELECT",
  "DELETE",
  "UPDATE",
  "DUPLICATE",
  "SCHEDULE",
  "DUAL",
  "SET",
  "WITH",
  "COMPLETION",
  "LATERAL",
  "FROM",
  "WHERE",
  "VALUES",
  "AS",
]);

/** Best effort: names that follow TABLE, INTO, FROM, JOIN, REFERENCES, ON, TO … in a statement. */
export function namedRelations(tokens: readonly Token[]): RelationName[] {
  const found = new Map<string, RelationName>();
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (token.kind !== "word" || !RELATION_INTRODUCERS.has(token.upper)) continue;
    let j = i + 1;
    if (tokens[j]?.upper === "IF") j += tokens[j + 1]?.upper === "NOT" ? 3 : 2;
    const name = relationAt(tokens, j);
    if (name) found.set(`${name.schema ?? ""}.${name.name}`, name);
  }
  return [...found.values()];
}

function relationAt(tokens: readonly Token[], i: number): RelationName | undefined {
  const first = tokens[i];
  if (
    !first ||
    !(first.kind === "quoted" || (first.kind === "word" && !NOT_RELATION_WORDS.has(first.upper)))
  ) {
    return undefined;
  }
  const dot = tokens[i + 1];
  const second = tokens[i + 2];
  if (dot?.kind === "punct" && dot.text === "." && (second?.kind === "word" || second?.kind === "quoted")) {
    return { schema: first.value, name: second.value };
  }
  return { name: first.value };
}
