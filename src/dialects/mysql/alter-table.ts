import type { Change, RelationName } from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import { createIndexChange } from "./create-table.js";
import type { TokenCursor } from "./cursor.js";
import {
  optionValue,
  type ParsedColumn,
  parseColumnDefinition,
  parsePartitionBy,
  parseTableElement,
  parseTableOption,
  partitionDefinitions,
  readDefault,
  startsTableElement,
} from "./definitions.js";

interface ClauseContext {
  readonly cursor: TokenCursor;
  readonly table: RelationName;
  /** Token index where the current clause starts, for its span. */
  readonly start: number;
}

/**
 * ALTER TABLE after the TABLE keyword (MySQL manual 15.1.9): a comma-separated list of clauses, table
 * options that may follow each other without commas, and at most one partition operation at the end.
 */
export function parseAlterTable(cursor: TokenCursor, statement: Span): Change[] {
  cursor.acceptIfExists(); // MariaDB
  const table = cursor.relationName();
  const changes: Change[] = [];
  if (cursor.done)
    return [{ kind: "no_schema_effect", statement: "ALTER TABLE without changes", span: statement }];
  do {
    do {
      changes.push(...parseClause({ cursor, table, start: cursor.position }));
    } while (!cursor.done && !cursor.isPunct(",") && startsTableOption(cursor));
  } while (cursor.acceptPunct(","));
  if (!cursor.done) throw cursor.error("expected , between ALTER TABLE clauses");
  return changes;
}

function startsTableOption(cursor: TokenCursor): boolean {
  const start = cursor.position;
  const option = parseTableOption(cursor);
  cursor.position = start;
  return option !== undefined;
}

function clauseSpan(context: ClauseContext): Span {
  return context.cursor.spanOf(context.start, context.cursor.position);
}

function parseClause(context: ClauseContext): Change[] {
  const { cursor } = context;
  if (cursor.acceptWord("ADD")) return parseAdd(context);
  if (cursor.acceptWord("DROP")) return parseDrop(context);
  if (cursor.acceptWord("MODIFY")) {
    cursor.acceptWord("COLUMN");
    cursor.acceptIfExists();
    return restatedColumn(context, parseColumnDefinition(cursor, true));
  }
  if (cursor.acceptWord("CHANGE")) return parseChange(context);
  if (cursor.acceptWord("ALTER")) return parseAlter(context);
  if (cursor.acceptWord("RENAME")) return parseRename(context);
  if (cursor.isWord("ALGORITHM") || cursor.isWord("LOCK")) {
    // Kept so that rules can see how the server was asked to run the change (INPLACE/INSTANT, LOCK=NONE).
    const key = cursor.next().upper.toLowerCase();
    const value = optionValue(cursor).toUpperCase();
    return [
      {
        kind: "execution_options",
        table: context.table,
        options: { [key]: value },
        span: clauseSpan(context),
      },
    ];
  }
  if (cursor.acceptWord("CONVERT", "TO")) {
    if (!cursor.acceptWord("CHARACTER", "SET") && !cursor.acceptWord("CHARSET")) {
      throw cursor.error("expected CHARACTER SET");
    }
    const charset = optionValue(cursor);
    const collate = cursor.acceptWord("COLLATE") ? optionValue(cursor) : undefined;
    // Unlike DEFAULT CHARSET, CONVERT TO re-encodes every string column (and may widen TEXT types).
    return [
      setProperties(context, {
        charset,
        convert_to_charset: charset,
        ...(collate !== undefined ? { collate } : {}),
      }),
    ];
  }
  if (cursor.isWord("PARTITION", "BY")) {
    const parsed = parsePartitionBy(cursor);
    return [
      {
        kind: "set_partitioning",
        table: context.table,
        partitioning: parsed.partitioning,
        span: clauseSpan(context),
      },
      ...parsed.partitions.map(
        (partition): Change => ({
          kind: "add_partition",
          table: context.table,
          partition,
          span: clauseSpan(context),
        }),
      ),
    ];
  }
  if (cursor.acceptWord("REMOVE", "PARTITIONING")) {
    return [
      { kind: "set_partitioning", table: context.table, partitioning: undefined, span: clauseSpan(context) },
    ];
  }
  const partitionChanges = parsePartitionMaintenance(context);
  if (partitionChanges) return partitionChanges;
  const noEffect = parseClauseWithoutSchemaEffect(context);
  if (noEffect) return noEffect;

  const option = parseTableOption(cursor);
  if (option) {
    if (option.key === "comment") {
      return [
        { kind: "set_comment", table: context.table, comment: option.value, span: clauseSpan(context) },
      ];
    }
    return [setProperties(context, { [option.key]: option.value })];
  }
  throw cursor.error("unsupported ALTER TABLE clause");
}

function setProperties(context: ClauseContext, properties: Record<string, string>): Change {
  return { kind: "set_properties", table: context.table, properties, span: clauseSpan(context) };
}

/** ADD [COLUMN] col | ADD [COLUMN] (col, …) | ADD constraint/index | ADD PARTITION (…). */
function parseAdd(context: ClauseContext): Change[] {
  const { cursor, table } = context;
  const versioning = mariadbVersioning(context);
  if (versioning) return versioning;
  if (cursor.acceptWord("PARTITION")) {
    cursor.acceptIfNotExists();
    if (cursor.acceptWord("PARTITIONS")) {
      const count = cursor.next().text;
      return [opaqueClause(context, `ADD PARTITION PARTITIONS ${count} adds partitions named by the server`)];
    }
    return partitionDefinitions(cursor).map(
      (partition): Change => ({ kind: "add_partition", table, partition, span: clauseSpan(context) }),
    );
  }
  if (startsTableElement(cursor)) {
    const element = parseTableElement(cursor);
    if (element.kind === "index") return [createIndexChange(table, element)];
    return [{ kind: "add_constraint", table, constraint: element.constraint, span: element.span }];
  }
  cursor.acceptWord("COLUMN");
  const ifNotExists = cursor.acceptIfNotExists();
  if (cursor.acceptPunct("(")) {
    const changes: Change[] = [];
    do {
      if (startsTableElement(cursor)) {
        const element = parseTableElement(cursor);
        changes.push(
          element.kind === "index"
            ? createIndexChange(table, element)
            : { kind: "add_constraint", table, constraint: element.constraint, span: element.span },
        );
      } else changes.push(...addedColumn(table, parseColumnDefinition(cursor, false), ifNotExists));
    } while (cursor.acceptPunct(","));
    cursor.expectPunct(")");
    return changes;
  }
  return addedColumn(table, parseColumnDefinition(cursor, true), ifNotExists);
}

/** MariaDB ADD/DROP SYSTEM VERSIONING and ADD/DROP PERIOD FOR (after ADD or DROP). */
function mariadbVersioning(context: ClauseContext): Change[] | undefined {
  const { cursor } = context;
  if (cursor.acceptWord("SYSTEM", "VERSIONING")) {
    return [
      opaqueClause(context, "system versioning adds or removes the hidden row_start / row_end columns"),
    ];
  }
  if (cursor.acceptWord("PERIOD", "FOR")) {
    cursor.identifier("period name");
    if (cursor.isPunct("(")) cursor.skipBalanced();
    return [opaqueClause(context, "application-time periods are not modelled")];
  }
  return undefined;
}

function addedColumn(table: RelationName, parsed: ParsedColumn, ifNotExists: boolean): Change[] {
  const span = parsed.column.span!;
  return [
    {
      kind: "add_column",
      table,
      column: parsed.column,
      ifNotExists,
      ...(parsed.position !== undefined ? { position: parsed.position } : {}),
      span,
    },
    ...inlineConstraints(table, parsed),
  ];
}

/** A column's PRIMARY KEY / REFERENCES / CHECK become table constraints, its UNIQUE a unique index. */
function inlineConstraints(table: RelationName, parsed: ParsedColumn): Change[] {
  return [
    ...parsed.constraints.map(
      (located): Change => ({
        kind: "add_constraint",
        table,
        constraint: located.constraint,
        span: located.span,
      }),
    ),
    ...parsed.indexes.map((index) => createIndexChange(table, index)),
  ];
}

/** MODIFY / CHANGE restate the whole column: type, nullability, default, comment. */
function restatedColumn(context: ClauseContext, parsed: ParsedColumn): Change[] {
  const column = parsed.column;
  return [
    {
      kind: "alter_column_type",
      table: context.table,
      column: column.name,
      type: column.type,
      restated: column,
      span: column.span!,
    },
    ...inlineConstraints(context.table, parsed),
  ];
}

/** CHANGE [COLUMN] old new type …: a rename (when the name differs) and a restated column. */
function parseChange(context: ClauseContext): Change[] {
  const { cursor, table } = context;
  cursor.acceptWord("COLUMN");
  cursor.acceptIfExists();
  const from = cursor.identifier("column name");
  const definitionStart = cursor.position;
  const parsed = parseColumnDefinition(cursor, true);
  const renamed: Change[] =
    parsed.column.name === from
      ? []
      : [
          {
            kind: "rename_column",
            table,
            from,
            to: parsed.column.name,
            span: cursor.spanOf(context.start, definitionStart + 1),
          },
        ];
  return [...renamed, ...restatedColumn(context, parsed)];
}

/** DROP [COLUMN] c | DROP INDEX/KEY i | DROP PRIMARY KEY | DROP FOREIGN KEY f | DROP CHECK/CONSTRAINT c | DROP PARTITION p, …. */
function parseDrop(context: ClauseContext): Change[] {
  const { cursor, table } = context;
  if (cursor.acceptWord("PARTITION")) {
    const ifExists = cursor.acceptIfExists();
    const names: string[] = [];
    do names.push(cursor.identifier("partition name"));
    while (cursor.acceptPunct(","));
    return names.map(
      (partition): Change => ({
        kind: "drop_partition",
        table,
        partition,
        ifExists,
        span: clauseSpan(context),
      }),
    );
  }
  if (cursor.acceptWord("PRIMARY", "KEY")) {
    return [
      {
        kind: "drop_constraint",
        table,
        constraintKind: "primary_key",
        ifExists: false,
        span: clauseSpan(context),
      },
    ];
  }
  if (cursor.acceptWord("FOREIGN", "KEY")) {
    const ifExists = cursor.acceptIfExists();
    const name = cursor.identifier("foreign key name");
    return [
      {
        kind: "drop_constraint",
        table,
        name,
        constraintKind: "foreign_key",
        ifExists,
        span: clauseSpan(context),
      },
    ];
  }
  if (cursor.acceptWord("INDEX") || cursor.acceptWord("KEY")) {
    const ifExists = cursor.acceptIfExists();
    const name = cursor.identifier("index name");
    return [dropIndexChange(table, name, ifExists, clauseSpan(context))];
  }
  if (cursor.acceptWord("CHECK")) {
    const ifExists = cursor.acceptIfExists();
    const name = cursor.identifier("constraint name");
    return [
      { kind: "drop_constraint", table, name, constraintKind: "check", ifExists, span: clauseSpan(context) },
    ];
  }
  if (cursor.acceptWord("CONSTRAINT")) {
    const ifExists = cursor.acceptIfExists();
    const name = cursor.identifier("constraint name");
    return [{ kind: "drop_constraint", table, name, ifExists, span: clauseSpan(context) }];
  }
  const versioning = mariadbVersioning(context);
  if (versioning) return versioning;
  cursor.acceptWord("COLUMN");
  const ifExists = cursor.acceptIfExists();
  const column = cursor.identifier("column name");
  // RESTRICT / CASCADE are accepted and ignored by MySQL.
  cursor.acceptWord("RESTRICT") || cursor.acceptWord("CASCADE");
  return [{ kind: "drop_column", table, column, ifExists, cascade: false, span: clauseSpan(context) }];
}

/** DROP INDEX `PRIMARY` drops the primary key. */
export function dropIndexChange(table: RelationName, name: string, ifExists: boolean, span: Span): Change {
  if (name.toUpperCase() === "PRIMARY") {
    return { kind: "drop_constraint", table, constraintKind: "primary_key", ifExists, span };
  }
  return { kind: "drop_index", name, table, ifExists, span };
}

/** ALTER [COLUMN] c SET DEFAULT … / DROP DEFAULT / SET [IN]VISIBLE; ALTER INDEX i [IN]VISIBLE; ALTER CHECK c [NOT] ENFORCED. */
function parseAlter(context: ClauseContext): Change[] {
  const { cursor, table } = context;
  if (cursor.acceptWord("INDEX")) {
    cursor.identifier("index name");
    if (!cursor.acceptWord("VISIBLE") && !cursor.acceptWord("INVISIBLE"))
      throw cursor.error("expected VISIBLE");
    return [noEffect(context, "ALTER INDEX … VISIBLE")];
  }
  if (cursor.acceptWord("CHECK") || cursor.acceptWord("CONSTRAINT")) {
    cursor.identifier("constraint name");
    cursor.acceptWord("NOT");
    cursor.expectWord("ENFORCED");
    return [opaqueClause(context, "changing whether a CHECK constraint is enforced is not modelled")];
  }
  cursor.acceptWord("COLUMN");
  const column = cursor.identifier("column name");
  if (cursor.acceptWord("SET", "DEFAULT")) {
    const value = readDefault(cursor);
    return [
      {
        kind: "set_default",
        table,
        column,
        default: value.text,
        ...(value.volatile ? { volatileDefault: true } : {}),
        span: clauseSpan(context),
      },
    ];
  }
  if (cursor.acceptWord("DROP", "DEFAULT")) {
    return [{ kind: "set_default", table, column, span: clauseSpan(context) }];
  }
  if (cursor.acceptWord("SET", "VISIBLE") || cursor.acceptWord("SET", "INVISIBLE")) {
    return [noEffect(context, "ALTER COLUMN … SET VISIBLE")];
  }
  throw cursor.error("expected SET DEFAULT, DROP DEFAULT or SET VISIBLE");
}

/** RENAME COLUMN a TO b | RENAME INDEX/KEY a TO b | RENAME [TO | AS] t. */
function parseRename(context: ClauseContext): Change[] {
  const { cursor, table } = context;
  if (cursor.acceptWord("COLUMN")) {
    const from = cursor.identifier("column name");
    cursor.expectWord("TO");
    const to = cursor.identifier("column name");
    return [{ kind: "rename_column", table, from, to, span: clauseSpan(context) }];
  }
  if (cursor.acceptWord("INDEX") || cursor.acceptWord("KEY")) {
    const from = cursor.identifier("index name");
    cursor.expectWord("TO");
    const to = cursor.identifier("index name");
    return [{ kind: "rename_index", table, from, to, span: clauseSpan(context) }];
  }
  cursor.acceptWord("TO") || cursor.acceptWord("AS");
  const to = cursor.relationName();
  return [{ kind: "rename_table", table, to, span: clauseSpan(context) }];
}

/** Partition maintenance: TRUNCATE / COALESCE / REORGANIZE / EXCHANGE / ANALYZE … PARTITION. */
function parsePartitionMaintenance(context: ClauseContext): Change[] | undefined {
  const { cursor, table } = context;
  if (cursor.acceptWord("TRUNCATE", "PARTITION")) {
    const span = clauseSpan(context);
    if (cursor.acceptWord("ALL")) return [{ kind: "truncate_partition", table, span }];
    const partitions: string[] = [];
    do partitions.push(cursor.identifier("partition name"));
    while (cursor.acceptPunct(","));
    return partitions.map((partition): Change => ({ kind: "truncate_partition", table, partition, span }));
  }
  if (cursor.acceptWord("COALESCE", "PARTITION")) {
    cursor.next();
    return [opaqueClause(context, "COALESCE PARTITION removes partitions chosen by the server")];
  }
  if (cursor.acceptWord("REORGANIZE", "PARTITION")) {
    const dropped: string[] = [];
    if (cursor.isIdentifier() && !cursor.isWord("INTO")) {
      do dropped.push(cursor.identifier("partition name"));
      while (cursor.acceptPunct(","));
    }
    cursor.expectWord("INTO");
    const added = partitionDefinitions(cursor);
    const span = clauseSpan(context);
    return [
      ...dropped.map(
        (partition): Change => ({ kind: "drop_partition", table, partition, ifExists: false, span }),
      ),
      ...added.map((partition): Change => ({ kind: "add_partition", table, partition, span })),
    ];
  }
  if (cursor.acceptWord("EXCHANGE", "PARTITION")) {
    cursor.identifier("partition name");
    cursor.expectWord("WITH", "TABLE");
    const other = cursor.relationName();
    cursor.acceptWord("WITH", "VALIDATION") || cursor.acceptWord("WITHOUT", "VALIDATION");
    // Rows move between the partition and the other table; neither table's schema changes.
    const span = clauseSpan(context);
    return [
      { kind: "data", verb: "load", table, span },
      { kind: "data", verb: "load", table: other, span },
    ];
  }
  for (const verb of ["ANALYZE", "CHECK", "OPTIMIZE", "REBUILD", "REPAIR", "DISCARD", "IMPORT"]) {
    if (cursor.isWord(verb, "PARTITION")) {
      cursor.next();
      cursor.next();
      skipPartitionNames(cursor);
      cursor.acceptWord("TABLESPACE");
      return [noEffect(context, `${verb} PARTITION`)];
    }
  }
  return undefined;
}

function skipPartitionNames(cursor: TokenCursor): void {
  if (cursor.acceptWord("ALL")) return;
  do cursor.identifier("partition name");
  while (cursor.acceptPunct(","));
}

/** Clauses that rebuild or reorganise storage without changing what the table holds. */
function parseClauseWithoutSchemaEffect(context: ClauseContext): Change[] | undefined {
  const { cursor } = context;
  const simple: readonly (readonly string[])[] = [
    ["FORCE"],
    ["ENABLE", "KEYS"],
    ["DISABLE", "KEYS"],
    ["DISCARD", "TABLESPACE"],
    ["IMPORT", "TABLESPACE"],
    ["WITH", "VALIDATION"],
    ["WITHOUT", "VALIDATION"],
    ["UPGRADE", "PARTITIONING"],
  ];
  for (const words of simple) {
    if (cursor.acceptWord(...words)) return [noEffect(context, words.join(" "))];
  }
  if (cursor.acceptWord("ORDER", "BY")) {
    do {
      cursor.identifier("column name");
      cursor.acceptWord("ASC") || cursor.acceptWord("DESC");
    } while (cursor.isPunct(",") && !clauseFollowsComma(cursor) && cursor.acceptPunct(","));
    return [noEffect(context, "ORDER BY")];
  }
  return undefined;
}

const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  "ADD",
  "DROP",
  "MODIFY",
  "CHANGE",
  "ALTER",
  "RENAME",
  "ALGORITHM",
  "LOCK",
]);

/** In ORDER BY a, b the comma may also separate the next clause: ORDER BY a, ALGORITHM=COPY. */
function clauseFollowsComma(cursor: TokenCursor): boolean {
  const next = cursor.peek(1);
  return next?.kind === "word" && CLAUSE_WORDS.has(next.upper);
}

function noEffect(context: ClauseContext, statement: string): Change {
  return { kind: "no_schema_effect", statement: `ALTER TABLE … ${statement}`, span: clauseSpan(context) };
}

function opaqueClause(context: ClauseContext, reason: string): Change {
  return {
    kind: "opaque",
    statement: "ALTER TABLE",
    reason,
    mayAffect: [context.table],
    span: clauseSpan(context),
  };
}
