import type { Change, DataVerb, RelationName } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import { parseAlterTable } from "./alter-table.js";
import {
  type ChangeBody,
  readCommentText,
  readIdentifier,
  readIdentifierList,
  readOptionalProperties,
  readRelationName,
  relationOnly,
} from "./clauses.js";
import { parseCreateTable } from "./create-table.js";
import { TokenCursor } from "./cursor.js";
import { isKeyword, isSymbol, type Token } from "./lexer.js";
import {
  parseAlterMaterializedView,
  parseAlterView,
  parseCreateMaterializedView,
  parseCreateView,
} from "./views.js";

/** What one statement came to; `statementType` names it for messages ("CREATE TABLE", "INSERT"). */
export interface StatementResult {
  readonly statementType: string;
  readonly changes: Change[];
}

/** Objects that CREATE / ALTER / DROP can name without touching tables, views or databases. */
const OBJECTS_WITHOUT_SCHEMA_EFFECT: readonly (readonly string[])[] = [
  ["USER"],
  ["ROLE"],
  ["FUNCTION"],
  ["GLOBAL", "FUNCTION"],
  ["AGGREGATE", "FUNCTION"],
  ["TABLE", "FUNCTION"],
  ["RESOURCE", "GROUP"],
  ["RESOURCE"],
  ["EXTERNAL", "CATALOG"],
  ["CATALOG"],
  ["REPOSITORY"],
  ["FILE"],
  ["STORAGE", "VOLUME"],
  ["WAREHOUSE"],
  ["DICTIONARY"],
  ["ANALYZE"],
  ["STATS"],
  ["TASK"],
  ["SECURITY", "INTEGRATION"],
  ["ROLE", "MAPPING"],
  ["SYSTEM"],
  ["LOAD"],
  ["ROUTINE", "LOAD"],
  ["SNAPSHOT"],
  ["HISTOGRAM"],
  ["PLUGIN"],
  ["SQLBLACKLIST"],
  ["BACKEND"],
  ["COMPUTE", "NODE"],
  ["PREPARE"],
];

/** Leading words of statements that read or administer, and never change the schema. */
const NO_SCHEMA_EFFECT_LEADS: readonly string[] = [
  "SHOW",
  "DESC",
  "DESCRIBE",
  "EXPLAIN",
  "HELP",
  "ANALYZE",
  "KILL",
  "ADMIN",
  "GRANT",
  "REVOKE",
  "CANCEL",
  "PAUSE",
  "RESUME",
  "STOP",
  "SYNC",
  "INSTALL",
  "UNINSTALL",
  "CLEAN",
  "REFRESH",
  "EXPORT",
  "BACKUP",
  "PREPARE",
  "EXECUTE",
  "DEALLOCATE",
  "TRACE",
  "ADD",
  "ENTER",
  "EXIT",
];

const QUERY_LEADS: readonly string[] = ["SELECT", "WITH", "VALUES", "TABLE"];

/** SET statements that are not variable assignments, named by their second word. */
const SET_FORMS: readonly string[] = [
  "ROLE",
  "DEFAULT",
  "PASSWORD",
  "PROPERTY",
  "NAMES",
  "CHARSET",
  "CHARACTER",
  "TRANSACTION",
];

/**
 * Relations a statement names, best effort, for an opaque change: the name after TABLE, VIEW, INTO,
 * UPDATE or ON. The catalog marks them as possibly stale.
 */
export function guessRelations(tokens: readonly Token[]): RelationName[] {
  const found = new Map<string, RelationName>();
  tokens.forEach((token, index) => {
    if (!isKeyword(token, "TABLE", "VIEW", "INTO", "UPDATE", "ON")) return;
    const parts: string[] = [];
    let i = index + 1;
    if (isKeyword(tokens[i], "IF")) i += isKeyword(tokens[i + 1], "NOT") ? 3 : 2;
    while (tokens[i] && (tokens[i]!.kind === "word" || tokens[i]!.kind === "quoted")) {
      parts.push(tokens[i]!.value);
      if (!isSymbol(tokens[i + 1], ".")) break;
      i += 2;
    }
    if (parts.length === 0 || isKeyword(tokens[index + 1], "FUNCTION", "FILES", "SELECT")) return;
    const name = parts[parts.length - 1]!;
    const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const relation = schema === undefined ? { name } : { schema, name };
    found.set(`${schema ?? ""}.${name}`, relation);
  });
  return [...found.values()];
}

/** `verb` and the word after it, upper case, to name a statement ("CREATE DICTIONARY"). */
function verbAndObject(verb: string, cursor: TokenCursor): string {
  const token = cursor.peek();
  return token?.kind === "word" ? `${verb} ${token.text.toUpperCase()}` : verb;
}

/** Longest first, so that RESOURCE GROUP wins over RESOURCE. */
const OBJECTS_LONGEST_FIRST = [...OBJECTS_WITHOUT_SCHEMA_EFFECT].sort((a, b) => b.length - a.length);

function matchObject(cursor: TokenCursor): readonly string[] | undefined {
  return OBJECTS_LONGEST_FIRST.find((words) => cursor.atKeyword(...words));
}

/** Parses one statement's tokens. Throws SyntaxFailure when schema DDL breaks the grammar. */
export class StatementParser {
  /** Set as soon as the statement's kind is known, so that a failure can still name it. */
  statementType: string;
  readonly cursor: TokenCursor;

  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    readonly span: Span,
  ) {
    this.cursor = new TokenCursor(text, tokens, span.end);
    this.statementType = tokens[0]?.text.toUpperCase() ?? "";
  }

  private result(statementType: string, changes: Change[]): StatementResult {
    this.statementType = statementType;
    return { statementType, changes };
  }

  private one(statementType: string, change: ChangeBody): StatementResult {
    return this.result(statementType, [{ ...change, span: this.span } as Change]);
  }

  private noEffect(statementType: string): StatementResult {
    return this.one(statementType, { kind: "no_schema_effect", statement: statementType });
  }

  private data(statementType: string, verb: DataVerb, table?: RelationName): StatementResult {
    return this.one(statementType, { kind: "data", verb, ...(table === undefined ? {} : { table }) });
  }

  private opaque(
    statementType: string,
    reason: string,
    mayAffect = guessRelations(this.tokens),
  ): StatementResult {
    return this.one(statementType, { kind: "opaque", statement: statementType, reason, mayAffect });
  }

  parse(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    const lead = cursor.peek();
    if (lead === undefined) return this.result("", []);
    if (isSymbol(lead, "(")) return this.data("SELECT", "select");
    if (lead.kind !== "word") return this.opaque(lead.text, "statement not recognised", []);
    const word = lead.text.toUpperCase();
    cursor.position++;
    switch (word) {
      case "CREATE":
        return this.parseCreate();
      case "ALTER":
        return this.parseAlter();
      case "DROP":
        return this.parseDrop();
      case "TRUNCATE":
        return this.parseTruncate();
      case "USE":
        return this.parseUse();
      case "SET":
        return this.parseSet();
      case "INSERT":
        return this.parseInsert();
      case "UPDATE":
        return this.data("UPDATE", "update", this.tryRelation());
      case "DELETE":
        cursor.acceptKeyword("FROM");
        return this.data("DELETE", "delete", this.tryRelation());
      case "LOAD":
        return this.data("LOAD", "load", this.relationAfter("INTO", "TABLE"));
      case "SUBMIT":
        return this.parseSubmitTask();
      case "BEGIN":
        return this.one("BEGIN", { kind: "transaction", action: "begin" });
      case "START":
        if (cursor.atKeyword("TRANSACTION"))
          return this.one("START TRANSACTION", { kind: "transaction", action: "begin" });
        return this.noEffect("START");
      case "COMMIT":
        return this.one("COMMIT", { kind: "transaction", action: "commit" });
      case "ROLLBACK":
        return this.one("ROLLBACK", { kind: "transaction", action: "rollback" });
      case "RECOVER":
        return this.opaque("RECOVER", "RECOVER brings back a dropped table, partition or database");
      case "RESTORE":
        return this.opaque("RESTORE", "RESTORE brings tables back from a snapshot", this.restoredTables());
      default:
        if (QUERY_LEADS.includes(word)) return this.data("SELECT", "select");
        if (NO_SCHEMA_EFFECT_LEADS.includes(word)) return this.noEffect(word);
        return this.opaque(word, "statement not recognised");
    }
  }

  /** A relation name at the cursor when there is one, without failing. */
  private tryRelation(): RelationName | undefined {
    const token = this.cursor.peek();
    if (token === undefined || (token.kind !== "word" && token.kind !== "quoted")) return undefined;
    return relationOnly(readRelationName(this.cursor));
  }

  /** The relation after the first occurrence of the keyword sequence, anywhere in the statement. */
  private relationAfter(...words: readonly string[]): RelationName | undefined {
    const cursor: TokenCursor = this.cursor;
    for (let i = cursor.position; i < this.tokens.length; i++) {
      cursor.position = i;
      if (cursor.acceptKeyword(...words)) return this.tryRelation();
    }
    return undefined;
  }

  /** RESTORE SNAPSHOT ... ON (TABLE t1, t2 ...): the tables it names. */
  private restoredTables(): RelationName[] {
    const on = this.tokens.findIndex((token) => isKeyword(token, "ON"));
    if (on < 0) return [];
    return this.tokens
      .slice(on + 1)
      .filter(
        (token, i, rest) =>
          (token.kind === "word" || token.kind === "quoted") &&
          !isKeyword(token, "TABLE", "AS", "PARTITION") &&
          !isKeyword(rest[i - 1], "AS"),
      )
      .map((token) => ({ name: token.value }));
  }

  private parseCreate(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    const orReplace = cursor.acceptKeyword("OR", "REPLACE") !== undefined;
    const external = cursor.acceptKeyword("EXTERNAL") !== undefined;
    const temporary = cursor.acceptKeyword("TEMPORARY") !== undefined;
    if (cursor.acceptKeyword("TABLE")) {
      this.statementType = "CREATE TABLE";
      return this.result(
        "CREATE TABLE",
        parseCreateTable(cursor, this.span, { temporary, external, orReplace }),
      );
    }
    if (external && cursor.atKeyword("CATALOG")) return this.noEffect("CREATE EXTERNAL CATALOG");
    if (cursor.acceptKeyword("VIEW")) {
      this.statementType = "CREATE VIEW";
      return this.result("CREATE VIEW", parseCreateView(cursor, this.span, orReplace));
    }
    if (cursor.acceptKeyword("MATERIALIZED", "VIEW")) {
      this.statementType = "CREATE MATERIALIZED VIEW";
      return this.result(
        "CREATE MATERIALIZED VIEW",
        parseCreateMaterializedView(cursor, this.span, orReplace),
      );
    }
    if (cursor.atAnyKeyword("DATABASE", "SCHEMA")) {
      this.statementType = "CREATE DATABASE";
      cursor.position++;
      cursor.hint = "CREATE DATABASE [IF NOT EXISTS] [catalog.]name [PROPERTIES (...)]";
      const ifNotExists = cursor.acceptKeyword("IF", "NOT", "EXISTS") !== undefined;
      const name = readRelationName(cursor, "a database name").name;
      readOptionalProperties(cursor);
      cursor.expectEnd();
      return this.one("CREATE DATABASE", { kind: "create_schema", schema: name, ifNotExists });
    }
    if (cursor.acceptKeyword("INDEX")) {
      this.statementType = "CREATE INDEX";
      cursor.hint =
        "CREATE INDEX name ON [db.]table (column, ...) [USING BITMAP|NGRAMBF|GIN] [COMMENT '...']";
      const ifNotExists = cursor.acceptKeyword("IF", "NOT", "EXISTS") !== undefined;
      // Rearranged into the ALTER TABLE ... ADD INDEX shape: name, then ON table, then the columns.
      const name = readIdentifier(cursor, "an index name");
      cursor.expectKeyword("ON");
      const table = relationOnly(readRelationName(cursor));
      const columns = readIdentifierList(cursor);
      let method: string | undefined;
      if (cursor.acceptKeyword("USING")) method = readIdentifier(cursor, "an index type").name.toLowerCase();
      if (cursor.atSymbol("(")) cursor.skipParenthesised();
      if (cursor.acceptKeyword("COMMENT")) readCommentText(cursor);
      cursor.expectEnd();
      const index = {
        name: name.name,
        table,
        columns,
        unique: false,
        ...(method === undefined ? {} : { method }),
      };
      return this.one("CREATE INDEX", { kind: "create_index", index, ifNotExists });
    }
    if (cursor.atKeyword("ROUTINE", "LOAD")) {
      return this.data("CREATE ROUTINE LOAD", "load", this.relationAfter("ON"));
    }
    if (cursor.atKeyword("PIPE")) return this.data("CREATE PIPE", "load", this.relationAfter("INTO"));
    const object = matchObject(cursor);
    if (object) return this.noEffect(`CREATE ${object.join(" ")}`);
    return this.opaque(verbAndObject("CREATE", cursor), "statement not recognised");
  }

  private parseAlter(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    if (cursor.acceptKeyword("TABLE")) {
      this.statementType = "ALTER TABLE";
      return this.result("ALTER TABLE", parseAlterTable(cursor));
    }
    if (cursor.acceptKeyword("MATERIALIZED", "VIEW")) {
      this.statementType = "ALTER MATERIALIZED VIEW";
      return this.result("ALTER MATERIALIZED VIEW", parseAlterMaterializedView(cursor, this.span));
    }
    if (cursor.acceptKeyword("VIEW")) {
      this.statementType = "ALTER VIEW";
      return this.result("ALTER VIEW", parseAlterView(cursor, this.span));
    }
    if (cursor.atAnyKeyword("DATABASE", "SCHEMA")) {
      this.statementType = "ALTER DATABASE";
      cursor.position++;
      cursor.hint = "ALTER DATABASE name RENAME new_name | ALTER DATABASE name SET ...";
      const name = readIdentifier(cursor, "a database name").name;
      if (cursor.acceptKeyword("RENAME")) {
        const to = readIdentifier(cursor, "the new database name").name;
        cursor.expectEnd();
        return this.one("ALTER DATABASE", { kind: "rename_schema", from: name, to });
      }
      return this.noEffect("ALTER DATABASE");
    }
    const object = matchObject(cursor);
    if (object) return this.noEffect(`ALTER ${object.join(" ")}`);
    return this.opaque(verbAndObject("ALTER", cursor), "statement not recognised");
  }

  private parseDrop(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    const temporary = cursor.acceptKeyword("TEMPORARY") !== undefined;
    if (cursor.acceptKeyword("TABLE")) {
      this.statementType = "DROP TABLE";
      cursor.hint = "DROP TABLE [IF EXISTS] [db.]name [FORCE]";
      const ifExists = cursor.acceptKeyword("IF", "EXISTS") !== undefined;
      const table = relationOnly(readRelationName(cursor));
      cursor.acceptKeyword("FORCE");
      cursor.expectEnd();
      return this.one("DROP TABLE", { kind: "drop_table", table, ifExists, cascade: false });
    }
    if (temporary) cursor.fail("TABLE after DROP TEMPORARY");
    const materialized = cursor.acceptKeyword("MATERIALIZED") !== undefined;
    if (materialized || cursor.atKeyword("VIEW")) {
      const statementType = materialized ? "DROP MATERIALIZED VIEW" : "DROP VIEW";
      this.statementType = statementType;
      cursor.hint = `${statementType} [IF EXISTS] [db.]name`;
      cursor.expectKeyword("VIEW");
      const ifExists = cursor.acceptKeyword("IF", "EXISTS") !== undefined;
      const name = relationOnly(readRelationName(cursor, "a view name"));
      if (materialized && cursor.acceptKeyword("ON")) readRelationName(cursor);
      cursor.expectEnd();
      return this.one(statementType, { kind: "drop_view", name, materialized, ifExists });
    }
    if (cursor.atAnyKeyword("DATABASE", "SCHEMA")) {
      this.statementType = "DROP DATABASE";
      cursor.position++;
      cursor.hint = "DROP DATABASE [IF EXISTS] name [FORCE]";
      const ifExists = cursor.acceptKeyword("IF", "EXISTS") !== undefined;
      const schema = readRelationName(cursor, "a database name").name;
      cursor.acceptKeyword("FORCE");
      cursor.expectEnd();
      // Dropping a database drops every table in it.
      return this.one("DROP DATABASE", { kind: "drop_schema", schema, ifExists, cascade: true });
    }
    if (cursor.acceptKeyword("INDEX")) {
      this.statementType = "DROP INDEX";
      cursor.hint = "DROP INDEX name ON [db.]table";
      const ifExists = cursor.acceptKeyword("IF", "EXISTS") !== undefined;
      const name = readIdentifier(cursor, "an index name").name;
      cursor.expectKeyword("ON");
      const table = relationOnly(readRelationName(cursor));
      cursor.expectEnd();
      return this.one("DROP INDEX", { kind: "drop_index", name, table, ifExists });
    }
    const object = matchObject(cursor);
    if (object) return this.noEffect(`DROP ${object.join(" ")}`);
    if (cursor.atKeyword("PIPE")) return this.noEffect("DROP PIPE");
    return this.opaque(verbAndObject("DROP", cursor), "statement not recognised");
  }

  private parseTruncate(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    this.statementType = "TRUNCATE TABLE";
    cursor.hint = "TRUNCATE TABLE [db.]name [PARTITION (p, ...)]";
    cursor.expectKeyword("TABLE");
    const table = relationOnly(readRelationName(cursor));
    if (cursor.acceptKeyword("PARTITION") || cursor.acceptKeyword("PARTITIONS")) {
      const partitions = cursor.atSymbol("(")
        ? readIdentifierList(cursor, "a partition name")
        : [readIdentifier(cursor, "a partition name").name];
      cursor.expectEnd();
      // Only these partitions lose their rows; the table itself is not truncated.
      const span = this.span;
      return this.result(
        "TRUNCATE TABLE",
        partitions.map((partition): Change => ({ kind: "truncate_partition", table, partition, span })),
      );
    }
    cursor.expectEnd();
    return this.one("TRUNCATE TABLE", { kind: "truncate_table", table });
  }

  private parseUse(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    this.statementType = "USE";
    cursor.hint = "USE [catalog.]database";
    if (cursor.acceptKeyword("CATALOG")) {
      const catalog = readIdentifier(cursor, "a catalog name").name;
      return this.one("USE CATALOG", { kind: "set_option", name: "catalog", value: catalog });
    }
    const database = readRelationName(cursor, "a database name").name;
    cursor.expectEnd();
    return this.one("USE", { kind: "set_option", name: "database", value: database });
  }

  /** `SET [GLOBAL|SESSION] name = value[, ...]`; other SET forms (ROLE, PASSWORD, ...) change no schema. */
  private parseSet(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    if (cursor.acceptKeyword("CATALOG")) {
      const catalog = readIdentifier(cursor, "a catalog name").name;
      return this.one("SET CATALOG", { kind: "set_option", name: "catalog", value: catalog });
    }
    const changes: Change[] = [];
    const save = cursor.position;
    do {
      if (!cursor.acceptKeyword("GLOBAL") && !cursor.acceptKeyword("SESSION")) cursor.acceptKeyword("LOCAL");
      const nameToken = cursor.peek();
      if (nameToken === undefined || !["word", "variable", "quoted"].includes(nameToken.kind)) break;
      cursor.position++;
      while (cursor.atSymbol(".") && cursor.peek(1) !== undefined) cursor.position += 2;
      const name = cursor.textFrom(nameToken).replace(/^@@(global\.|session\.)?/i, "");
      if (!cursor.acceptSymbol("=") && !cursor.acceptSymbol(":=")) break;
      const valueStart = cursor.skipUntil((token) => isSymbol(token, ","));
      if (valueStart === undefined) break;
      const valueTokens = this.tokens.slice(this.tokens.indexOf(valueStart), cursor.position);
      const value =
        valueTokens.length === 1 && valueTokens[0]!.kind === "string"
          ? valueTokens[0]!.value
          : cursor.textFrom(valueStart);
      changes.push({ kind: "set_option", name, value, span: this.span });
    } while (cursor.acceptSymbol(","));
    if (changes.length > 0 && cursor.atEnd()) return this.result("SET", changes);
    cursor.position = save;
    return this.noEffect(cursor.atAnyKeyword(...SET_FORMS) ? verbAndObject("SET", cursor) : "SET");
  }

  private parseInsert(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    if (!cursor.acceptKeyword("INTO")) cursor.acceptKeyword("OVERWRITE");
    cursor.acceptKeyword("TABLE");
    if (cursor.atKeyword("FILES")) return this.data("INSERT", "insert");
    return this.data("INSERT", "insert", this.tryRelation());
  }

  /** SUBMIT TASK [name] AS statement: the statement runs later, with the same effect. */
  private parseSubmitTask(): StatementResult {
    const cursor: TokenCursor = this.cursor;
    this.statementType = "SUBMIT TASK";
    cursor.hint = "SUBMIT TASK [[db.]name] AS statement";
    cursor.expectKeyword("TASK");
    if (!cursor.atKeyword("AS")) readRelationName(cursor, "a task name");
    cursor.expectKeyword("AS");
    const inner = this.tokens.slice(cursor.position);
    if (inner.length === 0) cursor.fail("a statement after AS");
    const innerSpan = { start: inner[0]!.start, end: this.span.end };
    const nested = new StatementParser(this.text, inner, innerSpan);
    try {
      const result = nested.parse();
      return this.result(`SUBMIT TASK ${result.statementType}`.trim(), result.changes);
    } finally {
      this.statementType = `SUBMIT TASK ${nested.statementType}`.trim();
    }
  }
}
