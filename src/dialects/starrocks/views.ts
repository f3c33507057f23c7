import type { Change, RelationName } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import {
  readCommentText,
  readDistribution,
  readIdentifier,
  readIdentifierList,
  readOptionalProperties,
  readPartitionBy,
  readPropertyList,
  readRelationName,
  readSwapPartner,
  relationOnly,
} from "./clauses.js";
import type { TokenCursor } from "./cursor.js";

export const CREATE_VIEW_SYNTAX =
  "CREATE [OR REPLACE] VIEW [IF NOT EXISTS] [db.]name [(column [COMMENT '...'], ...)] [COMMENT '...'] AS query";

export const CREATE_MATERIALIZED_VIEW_SYNTAX =
  "CREATE MATERIALIZED VIEW [IF NOT EXISTS] [db.]name [(column, ...)] [COMMENT '...'] [DISTRIBUTED BY ...] " +
  "[REFRESH [IMMEDIATE | DEFERRED] [ASYNC [START (...)] [EVERY (INTERVAL n unit)] | MANUAL]] [PARTITION BY ...] " +
  "[ORDER BY (columns)] [PROPERTIES (...)] AS query";

export const ALTER_MATERIALIZED_VIEW_SYNTAX =
  "ALTER MATERIALIZED VIEW [db.]name { RENAME [db.]new_name | REFRESH ... | ACTIVE | INACTIVE | SWAP WITH other | SET (...) }";

/** `(col [COMMENT '...'], ...)` of a view. */
function readViewColumns(cursor: TokenCursor): string[] {
  cursor.expectSymbol("(");
  const columns: string[] = [];
  do {
    columns.push(readIdentifier(cursor, "a column name").name);
    if (cursor.acceptKeyword("COMMENT")) readCommentText(cursor);
  } while (cursor.acceptSymbol(","));
  cursor.expectSymbol(")");
  return columns;
}

/** `AS query`: the query is the rest of the statement, kept as written. */
function readQuery(cursor: TokenCursor): string {
  cursor.expectKeyword("AS");
  const first = cursor.skipUntil(() => false);
  if (first === undefined) cursor.fail("a query after AS");
  return cursor.textFrom(first);
}

/** CREATE VIEW, the cursor after VIEW. */
export function parseCreateView(cursor: TokenCursor, statementSpan: Span, orReplace: boolean): Change[] {
  cursor.hint = CREATE_VIEW_SYNTAX;
  const ifNotExists = cursor.acceptKeyword("IF", "NOT", "EXISTS") !== undefined;
  const name = relationOnly(readRelationName(cursor, "a view name"));
  const columns = cursor.atSymbol("(") ? readViewColumns(cursor) : undefined;
  for (;;) {
    if (cursor.acceptKeyword("COMMENT")) readCommentText(cursor);
    else if (cursor.acceptKeyword("SECURITY")) readIdentifier(cursor, "NONE or INVOKER");
    else break;
  }
  const query = readQuery(cursor);
  return [
    {
      kind: "create_view",
      view: { name, materialized: false, ...(columns === undefined ? {} : { columns }), query },
      orReplace,
      ...(ifNotExists ? { ifNotExists } : {}),
      span: statementSpan,
    },
  ];
}

/** ALTER VIEW name [(cols)] AS query redefines the view; other ALTER VIEW forms change no columns. */
export function parseAlterView(cursor: TokenCursor, statementSpan: Span): Change[] {
  cursor.hint = "ALTER VIEW [db.]name [(column, ...)] AS query";
  const name = relationOnly(readRelationName(cursor, "a view name"));
  if (cursor.acceptKeyword("SET")) {
    cursor.skipUntil(() => false);
    return [{ kind: "no_schema_effect", statement: "ALTER VIEW SET", span: statementSpan }];
  }
  const columns = cursor.atSymbol("(") ? readViewColumns(cursor) : undefined;
  if (cursor.acceptKeyword("COMMENT")) readCommentText(cursor);
  const query = readQuery(cursor);
  return [
    {
      kind: "create_view",
      view: { name, materialized: false, ...(columns === undefined ? {} : { columns }), query },
      orReplace: true,
      span: statementSpan,
    },
  ];
}

/** `REFRESH [IMMEDIATE|DEFERRED] [ASYNC [START (...)] [EVERY (...)] | MANUAL | INCREMENTAL]`, after REFRESH. */
function readRefreshScheme(cursor: TokenCursor): void {
  const moment = cursor.acceptKeyword("IMMEDIATE") ?? cursor.acceptKeyword("DEFERRED");
  if (cursor.acceptKeyword("ASYNC")) {
    if (cursor.acceptKeyword("START")) cursor.skipParenthesised();
    if (cursor.acceptKeyword("EVERY")) cursor.skipParenthesised();
    return;
  }
  if (cursor.acceptKeyword("MANUAL") || cursor.acceptKeyword("INCREMENTAL")) return;
  if (moment === undefined) cursor.fail("IMMEDIATE, DEFERRED, ASYNC or MANUAL after REFRESH");
}

/** CREATE MATERIALIZED VIEW (synchronous and asynchronous), the cursor after VIEW. */
export function parseCreateMaterializedView(
  cursor: TokenCursor,
  statementSpan: Span,
  orReplace: boolean,
): Change[] {
  cursor.hint = CREATE_MATERIALIZED_VIEW_SYNTAX;
  const ifNotExists = cursor.acceptKeyword("IF", "NOT", "EXISTS") !== undefined;
  const name = relationOnly(readRelationName(cursor, "a materialized view name"));
  const columns = cursor.atSymbol("(") ? readViewColumns(cursor) : undefined;
  while (!cursor.atKeyword("AS")) {
    if (cursor.acceptKeyword("COMMENT")) readCommentText(cursor);
    else if (cursor.acceptKeyword("DISTRIBUTED")) {
      cursor.expectKeyword("BY");
      readDistribution(cursor);
    } else if (cursor.acceptKeyword("REFRESH")) readRefreshScheme(cursor);
    else if (cursor.acceptKeyword("PARTITION")) {
      cursor.expectKeyword("BY");
      readPartitionBy(cursor);
    } else if (cursor.acceptKeyword("ORDER")) {
      cursor.expectKeyword("BY");
      readIdentifierList(cursor);
    } else if (cursor.atKeyword("PROPERTIES")) readOptionalProperties(cursor);
    else cursor.fail("COMMENT, DISTRIBUTED BY, REFRESH, PARTITION BY, ORDER BY, PROPERTIES or AS");
  }
  const query = readQuery(cursor);
  return [
    {
      kind: "create_view",
      view: { name, materialized: true, ...(columns === undefined ? {} : { columns }), query },
      orReplace,
      ...(ifNotExists ? { ifNotExists } : {}),
      span: statementSpan,
    },
  ];
}

/** ALTER MATERIALIZED VIEW, the cursor after VIEW. */
export function parseAlterMaterializedView(cursor: TokenCursor, statementSpan: Span): Change[] {
  cursor.hint = ALTER_MATERIALIZED_VIEW_SYNTAX;
  const view: RelationName = relationOnly(readRelationName(cursor, "a materialized view name"));
  const noEffect = (statement: string): Change[] => [
    { kind: "no_schema_effect", statement: `ALTER MATERIALIZED VIEW ${statement}`, span: statementSpan },
  ];
  let changes: Change[];
  if (cursor.acceptKeyword("RENAME")) {
    const to = relationOnly(readRelationName(cursor, "the new materialized view name"));
    changes = [{ kind: "rename_view", view, to, materialized: true, span: statementSpan }];
  } else if (cursor.acceptKeyword("REFRESH")) {
    readRefreshScheme(cursor);
    changes = noEffect("REFRESH");
  } else if (cursor.acceptKeyword("ACTIVE") || cursor.acceptKeyword("INACTIVE")) {
    changes = noEffect(cursor.previous().text.toUpperCase());
  } else if (cursor.acceptKeyword("SET")) {
    readPropertyList(cursor);
    changes = noEffect("SET");
  } else if (cursor.acceptKeyword("SWAP")) {
    cursor.expectKeyword("WITH");
    // The same swapTableClause as ALTER TABLE: the two materialized views exchange names.
    changes = [{ kind: "swap_tables", table: view, with: readSwapPartner(cursor), span: statementSpan }];
  } else cursor.fail("RENAME, REFRESH, ACTIVE, INACTIVE, SWAP WITH or SET");
  cursor.expectEnd();
  return changes;
}
