import type { Change, DataVerb, RelationName } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import { dropIndexChange, parseAlterTable } from "./alter-table.js";
import { parseCreateTable } from "./create-table.js";
import { MysqlSyntaxError, type TokenCursor } from "./cursor.js";
import { optionValue } from "./definitions.js";
import {
  readProcedure,
  type ScriptState,
  type StringPart,
  splitArguments,
  stringExpression,
  substitute,
} from "./dynamic-sql.js";
import { type Token, tokenize } from "./lexer.js";
import { dataTargets } from "./node-sql-parser.js";
import { namedRelations } from "./relations.js";

/** What one statement parsed to. */
export interface StatementResult {
  /** Leading keywords naming the statement: CREATE TABLE, ALTER TABLE, INSERT, SET, … */
  readonly statementType: string;
  readonly changes: readonly Change[];
}

export interface StatementInput {
  readonly cursor: TokenCursor;
  readonly span: Span;
  /** The statement's text (executable-comment markers blanked). */
  readonly text: string;
  /** What earlier statements of the file defined: procedures, user variables, prepared statements. */
  readonly script: ScriptState;
  /**
   * Changes made by SQL this statement runs indirectly (a CALLed procedure's DDL, EXECUTE of a prepared
   * statement), placed at this statement; undefined when that SQL cannot be parsed.
   */
  readonly parseNested: (sql: string) => readonly Change[] | undefined;
}

/**
 * Statements that are understood and leave the table catalog alone, keyed by their first keyword.
 * Administrative, account, replication and introspection statements.
 */
const NO_SCHEMA_EFFECT_FIRST_WORDS: ReadonlySet<string> = new Set([
  "GRANT",
  "REVOKE",
  "LOCK",
  "UNLOCK",
  "FLUSH",
  "ANALYZE",
  "OPTIMIZE",
  "CHECK",
  "CHECKSUM",
  "REPAIR",
  "SHOW",
  "DESCRIBE",
  "DESC",
  "EXPLAIN",
  "KILL",
  "INSTALL",
  "UNINSTALL",
  "RESET",
  "PURGE",
  "CACHE",
  "SIGNAL",
  "RESIGNAL",
  "GET",
  "HELP",
  "BINLOG",
  "CLONE",
  "SHUTDOWN",
  "RESTART",
  "XA",
  "SAVEPOINT",
  "RELEASE",
  "DEALLOCATE",
  "HANDLER",
  "DO",
  "BACKUP",
  "STOP",
]);

/** Objects whose CREATE / ALTER / DROP does not change tables, views, schemas or indexes. */
const NON_TABLE_OBJECTS: ReadonlySet<string> = new Set([
  "PROCEDURE",
  "FUNCTION",
  "TRIGGER",
  "EVENT",
  "USER",
  "ROLE",
  "SERVER",
  "TABLESPACE",
  "LOGFILE",
  "RESOURCE",
  "SPATIAL",
  "PACKAGE",
  "SEQUENCE",
  "SYNONYM",
  "INSTANCE",
  "UNDO",
]);

/**
 * Parses one statement into changes. Throws MysqlSyntaxError (from the cursor) when the statement is not
 * in a form this parser models; the caller decides between opaque and a parse error.
 */
export function parseStatement(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  const first = cursor.peek();
  if (!first) throw cursor.error("empty statement");
  if (first.kind === "punct" && first.text === "(") return data("SELECT", "select", undefined, span);
  if (first.kind === "punct" && first.text === "-" && cursor.peek(1)?.text === "-") {
    throw new MysqlSyntaxError("`--` starts a comment only when a space follows it", first.start, {
      valid: false,
      hint: "Write `-- ` (with a space) for a comment: MySQL reads `--text` as two minus signs.",
    });
  }
  if (first.kind !== "word") throw cursor.error("expected a statement keyword");

  switch (first.upper) {
    case "CREATE":
      cursor.next();
      return parseCreate(input);
    case "ALTER":
      cursor.next();
      return parseAlter(input);
    case "DROP":
      cursor.next();
      return parseDrop(input);
    case "RENAME":
      cursor.next();
      return parseRename(input);
    case "TRUNCATE": {
      cursor.next();
      cursor.acceptWord("TABLE");
      const table = cursor.relationName();
      expectEnd(cursor);
      return { statementType: "TRUNCATE TABLE", changes: [{ kind: "truncate_table", table, span }] };
    }
    case "USE": {
      cursor.next();
      const database = cursor.identifier("database name");
      expectEnd(cursor);
      return {
        statementType: "USE",
        changes: [{ kind: "set_option", name: "database", value: database, span }],
      };
    }
    case "SET":
      cursor.next();
      return parseSet(input);
    case "START":
      if (cursor.isWord("START", "TRANSACTION")) return transaction("START TRANSACTION", "begin", span);
      return noSchemaEffect("START", span); // START REPLICA / SLAVE / GROUP_REPLICATION
    case "BEGIN":
      cursor.next();
      cursor.acceptWord("WORK");
      expectEnd(cursor);
      return transaction("BEGIN", "begin", span);
    case "COMMIT":
      return transaction("COMMIT", "commit", span);
    case "ROLLBACK":
      cursor.next();
      cursor.acceptWord("WORK");
      if (cursor.isWord("TO")) return noSchemaEffect("ROLLBACK TO SAVEPOINT", span);
      return transaction("ROLLBACK", "rollback", span);
    case "INSERT":
    case "REPLACE":
      return dataStatement(input, first.upper, "insert");
    case "UPDATE":
      return dataStatement(input, "UPDATE", "update");
    case "DELETE":
      return dataStatement(input, "DELETE", "delete");
    case "LOAD":
      return parseLoad(input);
    case "WITH":
      return withStatement(input);
    case "SELECT":
    case "TABLE":
    case "VALUES":
      return data(first.upper, "select", undefined, span);
    case "CALL":
      return parseCall(input);
    case "PREPARE":
      return parsePrepare(input);
    case "EXECUTE":
      return parseExecute(input);
    case "CHANGE":
      if (cursor.isWord("CHANGE", "MASTER") || cursor.isWord("CHANGE", "REPLICATION")) {
        return noSchemaEffect("CHANGE REPLICATION", span);
      }
      throw cursor.error("expected a statement");
    case "IMPORT":
      throw cursor.unsupported("IMPORT TABLE creates tables from files that the migration does not show");
  }
  if (NO_SCHEMA_EFFECT_FIRST_WORDS.has(first.upper)) return noSchemaEffect(first.upper, span);
  throw cursor.error("unknown statement");
}

function expectEnd(cursor: TokenCursor): void {
  if (!cursor.done) throw cursor.error("expected the end of the statement");
}

function noSchemaEffect(statement: string, span: Span): StatementResult {
  return { statementType: statement, changes: [{ kind: "no_schema_effect", statement, span }] };
}

function transaction(
  statementType: string,
  action: "begin" | "commit" | "rollback",
  span: Span,
): StatementResult {
  return { statementType, changes: [{ kind: "transaction", action, span }] };
}

function data(
  statementType: string,
  verb: DataVerb,
  table: RelationName | undefined,
  span: Span,
): StatementResult {
  return { statementType, changes: [{ kind: "data", verb, ...(table ? { table } : {}), span }] };
}

/**
 * CREATE … : skips the modifiers that may precede the object keyword (OR REPLACE, TEMPORARY, UNIQUE,
 * ALGORITHM=, DEFINER=, SQL SECURITY, AGGREGATE) and dispatches on it.
 */
function parseCreate(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  const orReplace = cursor.acceptWord("OR", "REPLACE");
  let temporary = false;
  let indexKind: "unique" | "fulltext" | "spatial" | undefined;
  for (;;) {
    if (cursor.acceptWord("TEMPORARY")) temporary = true;
    else if (cursor.acceptWord("ONLINE") || cursor.acceptWord("OFFLINE") || cursor.acceptWord("AGGREGATE")) {
      // modifiers without schema meaning
    } else if (cursor.acceptWord("UNIQUE")) indexKind = "unique";
    else if (cursor.acceptWord("FULLTEXT")) indexKind = "fulltext";
    else if (cursor.isWord("SPATIAL", "INDEX") || cursor.isWord("SPATIAL", "KEY")) {
      cursor.next();
      indexKind = "spatial";
    } else if (!skipViewOrRoutineModifier(cursor)) break;
  }

  const object = cursor.peek();
  if (object?.kind !== "word") throw cursor.error("expected the kind of object to create");
  cursor.next();
  switch (object.upper) {
    case "TABLE":
      return {
        statementType: "CREATE TABLE",
        changes: parseCreateTable(cursor, span, { orReplace, temporary }),
      };
    case "INDEX":
    case "KEY":
      return { statementType: "CREATE INDEX", changes: parseCreateIndex(cursor, span, indexKind) };
    case "VIEW":
      return { statementType: "CREATE VIEW", changes: parseView(input, orReplace) };
    case "DATABASE":
    case "SCHEMA": {
      const ifNotExists = cursor.acceptIfNotExists();
      const schema = cursor.identifier("database name");
      return {
        statementType: "CREATE DATABASE",
        changes: [{ kind: "create_schema", schema, ifNotExists, span }],
      };
    }
  }
  if (object.upper === "PROCEDURE") {
    const procedure = readProcedure(cursor.tokens, (from, to) => cursor.textOf(from, to));
    if (procedure) input.script.procedures.set(procedure.name, procedure.definition);
  }
  if (NON_TABLE_OBJECTS.has(object.upper)) return noSchemaEffect(`CREATE ${object.upper}`, span);
  throw cursor.error("unsupported CREATE statement");
}

/** ALGORITHM = x, DEFINER = user, SQL SECURITY {DEFINER | INVOKER}: before VIEW, PROCEDURE, TRIGGER, … */
function skipViewOrRoutineModifier(cursor: TokenCursor): boolean {
  if (cursor.acceptWord("ALGORITHM")) {
    optionValue(cursor);
    return true;
  }
  if (cursor.acceptWord("DEFINER")) {
    cursor.acceptPunct("=");
    skipUser(cursor);
    return true;
  }
  if (cursor.acceptWord("SQL", "SECURITY")) {
    cursor.next();
    return true;
  }
  return false;
}

/** 'user'@'host', `user`@`host`, user@host, CURRENT_USER, CURRENT_USER(). */
function skipUser(cursor: TokenCursor): void {
  const user = cursor.next();
  const host = cursor.peek();
  if (host?.kind === "variable" && host.start === user.end) cursor.next();
  if (cursor.isPunct("(") && user.upper === "CURRENT_USER") cursor.skipBalanced();
}

/** CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX [IF NOT EXISTS] name [USING t] ON tbl (parts) [options]. */
function parseCreateIndex(
  cursor: TokenCursor,
  span: Span,
  indexKind: "unique" | "fulltext" | "spatial" | undefined,
): Change[] {
  const ifNotExists = cursor.acceptIfNotExists();
  const name = cursor.identifier("index name");
  let method: string | undefined =
    indexKind === "fulltext" || indexKind === "spatial" ? indexKind : undefined;
  if (cursor.acceptWord("USING") || cursor.acceptWord("TYPE")) method ??= cursor.next().text.toLowerCase();
  cursor.expectWord("ON");
  const table = cursor.relationName();
  const columns = cursor.columnList();
  const properties = indexStatementOptions(cursor, (word) => {
    if (word === "USING" || word === "TYPE") method ??= cursor.next().text.toLowerCase();
  });
  const changes: Change[] = [
    {
      kind: "create_index",
      index: {
        name,
        table,
        columns,
        unique: indexKind === "unique",
        ...(method !== undefined ? { method } : {}),
      },
      ifNotExists,
      span,
    },
  ];
  if (Object.keys(properties).length > 0)
    changes.push({ kind: "execution_options", table, options: properties, span });
  return changes;
}

/**
 * Options after CREATE INDEX … ( … ) or DROP INDEX … ON t: ALGORITHM and LOCK are kept (how the server
 * runs the change); index options (COMMENT, VISIBLE, KEY_BLOCK_SIZE, WITH PARSER) are skipped.
 */
function indexStatementOptions(cursor: TokenCursor, onOther: (word: string) => void): Record<string, string> {
  const properties: Record<string, string> = {};
  while (!cursor.done) {
    const token = cursor.next();
    if (token.kind !== "word") continue;
    if (token.upper === "ALGORITHM" || token.upper === "LOCK") {
      properties[token.upper.toLowerCase()] = optionValue(cursor).toUpperCase();
    } else onOther(token.upper);
  }
  return properties;
}

/** CREATE / ALTER VIEW … name [(cols)] AS query [WITH [CASCADED | LOCAL] CHECK OPTION]. */
function parseView(input: StatementInput, orReplace: boolean): Change[] {
  const { cursor, span } = input;
  const ifNotExists = cursor.acceptIfNotExists();
  const name = cursor.relationName();
  const columns = cursor.isPunct("(") ? cursor.columnList() : undefined;
  cursor.expectWord("AS");
  const queryStart = cursor.position;
  let queryEnd = cursor.tokens.length;
  const tail = cursor.tokens.slice(-4).map((token) => token.upper);
  if (tail.at(-1) === "OPTION" && tail.at(-2) === "CHECK") {
    queryEnd -= tail.at(-3) === "WITH" ? 3 : 4;
  }
  if (queryStart >= queryEnd) throw cursor.error("expected the view's query");
  const query = cursor.textOf(queryStart, queryEnd);
  cursor.position = cursor.tokens.length;
  return [
    {
      kind: "create_view",
      view: { name, materialized: false, ...(columns ? { columns } : {}), query },
      orReplace,
      ...(ifNotExists ? { ifNotExists } : {}),
      span,
    },
  ];
}

/** ALTER TABLE / ALTER VIEW / ALTER DATABASE / ALTER of other objects. */
function parseAlter(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  cursor.acceptWord("ONLINE") || cursor.acceptWord("OFFLINE");
  cursor.acceptWord("IGNORE");
  if (cursor.acceptWord("TABLE"))
    return { statementType: "ALTER TABLE", changes: parseAlterTable(cursor, span) };
  while (skipViewOrRoutineModifier(cursor)) {
    // ALTER ALGORITHM=MERGE DEFINER=… VIEW
  }
  if (cursor.acceptWord("VIEW")) return { statementType: "ALTER VIEW", changes: parseView(input, true) };
  const object = cursor.peek();
  if (object?.kind === "word" && (object.upper === "DATABASE" || object.upper === "SCHEMA")) {
    // Character set, collation, encryption, read-only: the database's tables keep their columns.
    return noSchemaEffect("ALTER DATABASE", span);
  }
  if (object?.kind === "word" && NON_TABLE_OBJECTS.has(object.upper))
    return noSchemaEffect(`ALTER ${object.upper}`, span);
  throw cursor.error("unsupported ALTER statement");
}

/** DROP TABLE / INDEX / VIEW / DATABASE and drops of objects that are not tables. */
function parseDrop(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  const temporary = cursor.acceptWord("TEMPORARY");
  if (cursor.acceptWord("TABLE") || cursor.acceptWord("TABLES")) {
    const ifExists = cursor.acceptIfExists();
    const names = relationList(cursor);
    // RESTRICT and CASCADE are parsed and ignored by MySQL.
    cursor.acceptWord("RESTRICT") || cursor.acceptWord("CASCADE");
    expectEnd(cursor);
    return {
      statementType: temporary ? "DROP TEMPORARY TABLE" : "DROP TABLE",
      changes: names.map((table): Change => ({ kind: "drop_table", table, ifExists, cascade: false, span })),
    };
  }
  if (temporary) throw cursor.error("expected TABLE");
  if (cursor.acceptWord("INDEX")) {
    cursor.acceptWord("ONLINE") || cursor.acceptWord("OFFLINE");
    const ifExists = cursor.acceptIfExists();
    const nameToken = cursor.peek();
    const name = cursor.identifier("index name");
    if (!cursor.acceptWord("ON")) {
      throw new MysqlSyntaxError("DROP INDEX needs the table in MySQL", nameToken!.start, {
        valid: false,
        hint: "Write DROP INDEX name ON table (MySQL index names are per table).",
      });
    }
    const table = cursor.relationName();
    const properties = indexStatementOptions(cursor, () => {});
    const changes: Change[] = [dropIndexChange(table, name, ifExists, span)];
    if (Object.keys(properties).length > 0)
      changes.push({ kind: "execution_options", table, options: properties, span });
    return { statementType: "DROP INDEX", changes };
  }
  if (cursor.acceptWord("VIEW")) {
    const ifExists = cursor.acceptIfExists();
    const names = relationList(cursor);
    cursor.acceptWord("RESTRICT") || cursor.acceptWord("CASCADE");
    expectEnd(cursor);
    return {
      statementType: "DROP VIEW",
      changes: names.map(
        (name): Change => ({ kind: "drop_view", name, materialized: false, ifExists, span }),
      ),
    };
  }
  if (cursor.acceptWord("DATABASE") || cursor.acceptWord("SCHEMA")) {
    const ifExists = cursor.acceptIfExists();
    const schema = cursor.identifier("database name");
    expectEnd(cursor);
    // Dropping a database drops its tables: there is no RESTRICT, so it always cascades.
    return {
      statementType: "DROP DATABASE",
      changes: [{ kind: "drop_schema", schema, ifExists, cascade: true, span }],
    };
  }
  const object = cursor.peek();
  if (object?.kind === "word" && (NON_TABLE_OBJECTS.has(object.upper) || object.upper === "PREPARE")) {
    if (object.upper === "PROCEDURE") forgetProcedure(input);
    return noSchemaEffect(`DROP ${object.upper}`, span);
  }
  throw cursor.error("unsupported DROP statement");
}

function forgetProcedure(input: StatementInput): void {
  const { cursor } = input;
  cursor.next();
  cursor.acceptIfExists();
  if (!cursor.done) input.script.procedures.delete(cursor.relationName().name.toLowerCase());
}

function relationList(cursor: TokenCursor): RelationName[] {
  const names: RelationName[] = [];
  do names.push(cursor.relationName());
  while (cursor.acceptPunct(","));
  return names;
}

/** RENAME TABLE a TO b [, c TO d] …; RENAME USER has no schema effect. */
function parseRename(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  if (cursor.isWord("USER")) return noSchemaEffect("RENAME USER", span);
  if (!cursor.acceptWord("TABLE") && !cursor.acceptWord("TABLES")) throw cursor.error("expected TABLE");
  const changes: Change[] = [];
  do {
    const start = cursor.position;
    const table = cursor.relationName();
    cursor.expectWord("TO");
    const to = cursor.relationName();
    changes.push({ kind: "rename_table", table, to, span: cursor.spanOf(start, cursor.position) });
  } while (cursor.acceptPunct(","));
  expectEnd(cursor);
  return { statementType: "RENAME TABLE", changes };
}

const SCOPE_WORDS: ReadonlySet<string> = new Set(["GLOBAL", "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY"]);

/**
 * SET: one set_option per assignment. Session variables keep their name (`foreign_key_checks`); global
 * ones are prefixed `global.`; user variables keep their `@`. NAMES / CHARACTER SET / TRANSACTION too.
 */
function parseSet(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  if (cursor.acceptWord("NAMES")) {
    return setOption("SET NAMES", "names", optionValue(cursor), span);
  }
  if (cursor.acceptWord("CHARACTER", "SET") || cursor.acceptWord("CHARSET")) {
    return setOption("SET CHARACTER SET", "character_set", optionValue(cursor), span);
  }
  if (cursor.acceptWord("STATEMENT")) return setStatementFor(input);
  for (const words of [["PASSWORD"], ["ROLE"], ["DEFAULT", "ROLE"], ["RESOURCE", "GROUP"]]) {
    if (cursor.isWord(...words)) return noSchemaEffect(`SET ${words.join(" ")}`, span);
  }
  const scopeAt = cursor.peek();
  if (
    cursor.isWord("TRANSACTION") ||
    (scopeAt?.kind === "word" && SCOPE_WORDS.has(scopeAt.upper) && cursor.peek(1)?.upper === "TRANSACTION")
  ) {
    const global = cursor.acceptWord("GLOBAL");
    cursor.acceptWord("SESSION");
    cursor.expectWord("TRANSACTION");
    return setOption("SET TRANSACTION", global ? "global.transaction" : "transaction", cursor.rest(), span);
  }

  const changes: Change[] = [];
  let scope = "";
  do {
    const start = cursor.position;
    const word = cursor.peek();
    if (word?.kind === "word" && SCOPE_WORDS.has(word.upper)) {
      cursor.next();
      scope = word.upper === "GLOBAL" || word.upper.startsWith("PERSIST") ? "global." : "";
    }
    const name = variableName(cursor, scope);
    if (!cursor.acceptPunct("=") && !cursor.acceptPunct(":=")) throw cursor.error("expected =");
    const valueStart = cursor.position;
    cursor.skipToSeparator();
    if (valueStart === cursor.position) throw cursor.error("expected a value");
    const single = cursor.position === valueStart + 1 ? cursor.tokens[valueStart] : undefined;
    const value = single?.kind === "string" ? single.value : cursor.textOf(valueStart, cursor.position);
    if (name.startsWith("@"))
      rememberVariable(input.script, name, cursor.tokens.slice(valueStart, cursor.position));
    changes.push({ kind: "set_option", name, value, span: cursor.spanOf(start, cursor.position) });
  } while (cursor.acceptPunct(","));
  expectEnd(cursor);
  return { statementType: "SET", changes };
}

/** MariaDB's SET STATEMENT var = value [, …] FOR statement: the statement's changes, the variables scoped to it. */
function setStatementFor(input: StatementInput): StatementResult {
  const { cursor } = input;
  while (!cursor.done && !cursor.isWord("FOR")) cursor.next();
  cursor.expectWord("FOR");
  const inner = cursor.rest();
  const changes = input.parseNested(inner);
  if (!changes) throw cursor.error("expected a statement after FOR");
  return { statementType: "SET STATEMENT", changes };
}

function setOption(statementType: string, name: string, value: string, span: Span): StatementResult {
  return { statementType, changes: [{ kind: "set_option", name, value, span }] };
}

/** @user_var, @@[global.|session.]system_var, or [scope] system_var[.component]. */
function variableName(cursor: TokenCursor, scope: string): string {
  const token = cursor.next();
  if (token.kind === "variable") {
    const text = token.text.toLowerCase();
    if (!text.startsWith("@@")) return text.replace(/^@[`'"]?/, "@").replace(/[`'"]$/, "");
    const match = /^@@(global|session|local|persist|persist_only)\.(.*)$/.exec(text);
    if (!match) return text.slice(2);
    return match[1] === "global" || match[1]!.startsWith("persist") ? `global.${match[2]}` : match[2]!;
  }
  if (token.kind !== "word" && token.kind !== "quoted") throw cursor.error("expected a variable name");
  let name = token.value.toLowerCase();
  while (cursor.acceptPunct(".")) name += `.${cursor.identifier("variable name").toLowerCase()}`;
  return `${scope}${name}`;
}

/**
 * INSERT / REPLACE / UPDATE / DELETE: the target tables from node-sql-parser's table list when it parses
 * the statement, else the first table named after the verb's modifiers.
 */
function dataStatement(input: StatementInput, statementType: string, verb: DataVerb): StatementResult {
  const { cursor, span } = input;
  const targets = dataTargets(input.text, verb) ?? [targetFromTokens(cursor, verb)];
  return {
    statementType,
    changes: targets.map((table): Change => ({ kind: "data", verb, table, span })),
  };
}

/** WITH … SELECT reads; WITH … UPDATE / DELETE (MySQL 8) writes the tables node-sql-parser names. */
function withStatement(input: StatementInput): StatementResult {
  for (const verb of ["update", "delete", "insert"] as const) {
    const targets = dataTargets(input.text, verb);
    if (targets) {
      return {
        statementType: "WITH",
        changes: targets.map((table): Change => ({ kind: "data", verb, table, span: input.span })),
      };
    }
  }
  return data("WITH", "select", undefined, input.span);
}

const DML_MODIFIERS: ReadonlySet<string> = new Set([
  "LOW_PRIORITY",
  "DELAYED",
  "HIGH_PRIORITY",
  "IGNORE",
  "QUICK",
  "INTO",
  "FROM",
]);

function targetFromTokens(cursor: TokenCursor, verb: DataVerb): RelationName {
  cursor.next(); // the verb
  while (cursor.isAnyWord(DML_MODIFIERS)) cursor.next();
  if (verb === "select") throw cursor.error("expected a table");
  return cursor.relationName();
}

/** LOAD DATA | XML [LOW_PRIORITY | CONCURRENT] [LOCAL] INFILE 'file' [REPLACE | IGNORE] INTO TABLE t. */
function parseLoad(input: StatementInput): StatementResult {
  const { cursor, span } = input;
  cursor.next();
  if (!cursor.acceptWord("DATA") && !cursor.acceptWord("XML")) {
    if (cursor.isWord("INDEX")) return noSchemaEffect("LOAD INDEX", span);
    throw cursor.error("expected DATA or XML");
  }
  while (!cursor.done && !cursor.isWord("INTO", "TABLE")) cursor.next();
  cursor.expectWord("INTO", "TABLE");
  return data("LOAD DATA", "load", cursor.relationName(), span);
}

/** A top-level user variable set to a string known now ('…', CONCAT of known parts), for PREPARE … FROM @v. */
function rememberVariable(script: ScriptState, name: string, value: readonly Token[]): void {
  const parts = stringExpression(value, [], knownVariables(script));
  const text = parts ? substitute(parts, []) : undefined;
  if (text === undefined) script.variables.delete(name);
  else script.variables.set(name, text);
}

function knownVariables(script: ScriptState): Map<string, readonly StringPart[]> {
  return new Map([...script.variables].map(([name, value]) => [name, [{ kind: "literal", value }]]));
}

/** PREPARE s FROM 'sql' | @v: remembered so that EXECUTE s can be followed. */
function parsePrepare(input: StatementInput): StatementResult {
  const { cursor, span, script } = input;
  cursor.next();
  const name = cursor.identifier("statement name").toLowerCase();
  cursor.expectWord("FROM");
  const parts = stringExpression(cursor.tokens.slice(cursor.position), [], knownVariables(script));
  script.prepared.set(name, parts ? substitute(parts, []) : undefined);
  return noSchemaEffect("PREPARE", span);
}

/** EXECUTE s: the changes of the prepared SQL when it is known, else opaque. */
function parseExecute(input: StatementInput): StatementResult {
  const { cursor, span, script } = input;
  cursor.next();
  const name = cursor.identifier("statement name").toLowerCase();
  const sql = script.prepared.get(name);
  const changes = sql === undefined || cursor.isWord("USING") ? undefined : input.parseNested(sql);
  if (changes) return { statementType: "EXECUTE", changes };
  return {
    statementType: "EXECUTE",
    changes: [
      {
        kind: "opaque",
        statement: "EXECUTE",
        reason: "runs a prepared statement whose SQL is not known from the migration",
        mayAffect: sql === undefined ? [] : namedRelations(tokenize(sql)),
        span,
      },
    ],
  };
}

/**
 * CALL p(args): when p was created earlier in the file and runs DDL built from literals and its
 * parameters, the changes of that DDL (conditional bodies turn drops into IF EXISTS and creations into
 * IF NOT EXISTS); a procedure known to run no DDL is a data call; anything else is opaque.
 */
function parseCall(input: StatementInput): StatementResult {
  const { cursor, span, script } = input;
  cursor.next();
  const name = cursor.relationName().name.toLowerCase();
  const argumentTokens = cursor.isPunct("(") ? cursor.tokens.slice(cursor.position + 1, -1) : [];
  const values = splitArguments(argumentTokens).map((argument) => {
    const parts = stringExpression(argument, [], knownVariables(script));
    return parts ? substitute(parts, []) : undefined;
  });
  const procedure = script.procedures.get(name);
  const opaque = (reason: string): StatementResult => ({
    statementType: "CALL",
    changes: [{ kind: "opaque", statement: "CALL", reason, mayAffect: identifierLike(values), span }],
  });

  if (!procedure) return opaque(`calls ${name}, which this file does not define: its effect is unknown`);
  if (procedure.unknownEffects)
    return opaque(`${name} runs SQL that is built from values known only when it runs`);
  if (procedure.runs.length === 0) return data("CALL", "call", undefined, span);
  if (values.some((value) => value === undefined)) return opaque(`the arguments of ${name} are not literals`);

  const changes: Change[] = [];
  for (const run of procedure.runs) {
    const sql = substitute(run, values as string[]);
    const nested = sql === undefined ? undefined : input.parseNested(sql);
    if (!nested) return opaque(`${name} runs SQL that Schematic could not read: ${sql ?? "(unknown)"}`);
    changes.push(...(procedure.conditional ? nested.map(mayNotHappen) : nested));
  }
  return { statementType: "CALL", changes };
}

/** A change guarded by a condition: drops become IF EXISTS, creations IF NOT EXISTS. */
function mayNotHappen(change: Change): Change {
  switch (change.kind) {
    case "drop_table":
    case "drop_column":
    case "drop_constraint":
    case "drop_index":
    case "drop_view":
    case "drop_partition":
    case "drop_schema":
      return { ...change, ifExists: true };
    case "create_table":
    case "add_column":
    case "create_index":
    case "create_schema":
      return { ...change, ifNotExists: true };
    default:
      return change;
  }
}

/** String arguments that could name a table: what an opaque CALL may affect. */
function identifierLike(values: readonly (string | undefined)[]): RelationName[] {
  return values
    .filter(
      (value): value is string => value !== undefined && /^[A-Za-z0-9_$]+(\.[A-Za-z0-9_$]+)?$/.test(value),
    )
    .map((value) => {
      const [first, second] = value.split(".");
      return second === undefined ? { name: first! } : { schema: first!, name: second };
    });
}
