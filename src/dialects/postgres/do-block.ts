/**
 * DO blocks. Migrations use them to make DDL idempotent (`IF NOT EXISTS (...) THEN ALTER TABLE ...`),
 * so the plain SQL statements inside are applied as if they ran, conditional or not: the block exists
 * to make them happen. Dynamic EXECUTE of a string literal is parsed too; any other EXECUTE is opaque.
 */
import type { DoStmt, Node } from "libpg-query";
import type { Change, RelationName } from "../../sql/changes.js";
import { formatRelation, nodeOf } from "./ast.js";
import type { StatementContext } from "./context.js";
import { parsePlpgsql, parseSql } from "./libpg.js";
import { SqlSource, type Token } from "./source.js";

export function doBlockChanges(statement: DoStmt, context: StatementContext): Change[] {
  const options = new Map<string, Node | undefined>();
  for (const arg of statement.args ?? []) {
    const element = nodeOf(arg, "DefElem");
    if (element?.defname) options.set(element.defname, element.arg);
  }
  const body = nodeOf(options.get("as"), "String")?.sval ?? "";
  const language = nodeOf(options.get("language"), "String")?.sval ?? "plpgsql";
  if (language.toLowerCase() !== "plpgsql") {
    return [opaqueBlock(context, `DO block in language ${language}`, relationsInText(body))];
  }
  let tree: unknown;
  try {
    tree = parsePlpgsql(wrapAsFunction(body));
  } catch (error) {
    const reason = `DO block body could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
    return [opaqueBlock(context, reason, relationsInText(body))];
  }
  const bodyStart = dollarQuotedBodyStart(context, body);
  const changes: Change[] = [];
  let cursor = 0;
  const locate = (query: string): number | undefined => {
    if (bodyStart === undefined) return undefined;
    const found = body.indexOf(query, cursor);
    if (found < 0) return undefined;
    cursor = found + query.length;
    return bodyStart + found;
  };
  visitStatements(tree, {
    sql: (query) => changes.push(...context.parseNested(query, context, locate(query))),
    dynamic: (expression) => {
      const literal = stringLiteralValue(expression);
      if (literal !== undefined) changes.push(...context.parseNested(literal, context, undefined));
      else
        changes.push(
          opaqueBlock(context, "DO block runs dynamic SQL (EXECUTE)", relationsInText(expression)),
        );
    },
  });
  if (changes.length === 0) changes.push({ kind: "no_schema_effect", statement: "DO", span: context.span });
  return changes;
}

function opaqueBlock(context: StatementContext, reason: string, mayAffect: RelationName[]): Change {
  return { kind: "opaque", statement: "DO", reason, mayAffect, span: context.span };
}

/** parsePlPgSQL reads function definitions: wrap the body in one, with a dollar tag the body does not use. */
function wrapAsFunction(body: string): string {
  let tag = "$schematic$";
  for (let i = 0; body.includes(tag); i++) tag = `$schematic${i}$`;
  return `CREATE FUNCTION schematic_do_block() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`;
}

/** Where the body starts in the parsed text, when it is dollar-quoted (so offsets in it are offsets in the file). */
function dollarQuotedBodyStart(context: StatementContext, body: string): number | undefined {
  const tokens = context.source.tokens;
  for (let i = context.source.tokenIndexAt(context.start); i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.start >= context.end) break;
    const tag = /^\$[^$]*\$/.exec(token.text)?.[0];
    if (tag === undefined) continue;
    const start = token.start + tag.length;
    return context.source.text.slice(start, start + body.length) === body ? start : undefined;
  }
  return undefined;
}

interface StatementVisitor {
  sql(query: string): void;
  dynamic(expression: string): void;
}

/** Walks the PL/pgSQL tree in source order: IF branches, loops, nested blocks and exception handlers. */
function visitStatements(tree: unknown, visitor: StatementVisitor): void {
  if (Array.isArray(tree)) {
    for (const item of tree) visitStatements(item, visitor);
    return;
  }
  if (tree === null || typeof tree !== "object") return;
  for (const [key, value] of Object.entries(tree)) {
    if (key === "PLpgSQL_stmt_execsql") {
      const query = expressionQuery((value as { sqlstmt?: unknown }).sqlstmt);
      if (query !== undefined) visitor.sql(query);
    } else if (key === "PLpgSQL_stmt_dynexecute") {
      visitor.dynamic(expressionQuery((value as { query?: unknown }).query) ?? "");
    } else visitStatements(value, visitor);
  }
}

function expressionQuery(expression: unknown): string | undefined {
  return (expression as { PLpgSQL_expr?: { query?: string } } | undefined)?.PLpgSQL_expr?.query;
}

/** The value of an expression that is one string literal (`'ALTER TABLE t ADD c int'`), else undefined. */
function stringLiteralValue(expression: string): string | undefined {
  try {
    const statement = parseSql(`SELECT ${expression}`).stmts?.[0]?.stmt;
    const target = nodeOf(statement, "SelectStmt")?.targetList;
    if (target?.length !== 1) return undefined;
    return nodeOf(nodeOf(target[0], "ResTarget")?.val, "A_Const")?.sval?.sval;
  } catch {
    return undefined;
  }
}

/** Keywords after which SQL names a relation. */
const RELATION_INTRODUCERS = new Set(["table", "into", "update", "from", "join", "on", "references", "view"]);
const SKIPPED = new Set(["if", "not", "exists", "only"]);

/**
 * Relations a piece of SQL text names, read from its tokens (string literals included, since dynamic
 * SQL is built from them): what an opaque DO block may have touched.
 */
export function relationsInText(text: string, depth = 0): RelationName[] {
  const tokens = new SqlSource(text).tokens;
  const found = new Map<string, RelationName>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (depth === 0 && token.text.startsWith("'") && token.text.length > 2) {
      for (const name of relationsInText(token.text.slice(1, -1).replaceAll("''", "'"), depth + 1)) {
        found.set(formatRelation(name), name);
      }
      continue;
    }
    if (!token.keyword || !RELATION_INTRODUCERS.has(token.text)) continue;
    let j = i + 1;
    while (tokens[j] && SKIPPED.has(tokens[j]!.text)) j++;
    const name = readName(tokens, j);
    if (name) found.set(formatRelation(name), name);
  }
  return [...found.values()];
}

function readName(tokens: readonly Token[], index: number): RelationName | undefined {
  const first = tokens[index];
  if (!first?.nameLike) return undefined;
  const second = tokens[index + 2];
  if (tokens[index + 1]?.text === "." && second?.nameLike) {
    return { schema: identifierValue(first), name: identifierValue(second) };
  }
  return { name: identifierValue(first) };
}

function identifierValue(token: Token): string {
  if (token.text.startsWith('"')) return token.text.slice(1, -1).replaceAll('""', '"');
  return token.text.toLowerCase();
}
