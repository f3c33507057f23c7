import type { Change, ColumnDef, RelationName } from "../../sql/changes.js";
import {
  type ChangeBody,
  COLUMN_SYNTAX,
  readColumnDefinition,
  readCommentText,
  readDistribution,
  readIdentifier,
  readIdentifierList,
  readIndexBody,
  readOptionalProperties,
  readOrderByColumns,
  readPartitionBatch,
  readPartitionDefinition,
  readPropertyList,
  readRelationName,
  readSwapPartner,
  relationOnly,
} from "./clauses.js";
import type { TokenCursor } from "./cursor.js";
import { isKeyword, isSymbol, type Token } from "./lexer.js";

export const ALTER_TABLE_SYNTAX =
  "ALTER TABLE [db.]name clause[, clause ...], where a clause is one of: ADD COLUMN ..., ADD COLUMN (...), " +
  "DROP COLUMN c, MODIFY COLUMN ..., RENAME COLUMN a TO b, RENAME new_name, ORDER BY (...), " +
  "ADD|DROP [TEMPORARY] PARTITION ..., MODIFY PARTITION ... SET (...), ADD|DROP ROLLUP ..., ADD|DROP INDEX ..., " +
  "SET (...), DISTRIBUTED BY ..., SWAP WITH t, COMMENT = '...', COMPACT";

/** Words that start an ALTER TABLE clause; a comma followed by one of them starts the next clause. */
const CLAUSE_KEYWORDS: readonly string[] = [
  "ADD",
  "DROP",
  "MODIFY",
  "RENAME",
  "SET",
  "ORDER",
  "COMMENT",
  "DISTRIBUTED",
  "PARTITION",
  "PARTITIONS",
  "SWAP",
  "COMPACT",
  "BASE",
  "CUMULATIVE",
  "REPLACE",
];

/** Names separated by commas, stopping before a comma that starts the next clause. */
function readNamesUntilNextClause(cursor: TokenCursor, what: string): string[] {
  const names = [readIdentifier(cursor, what).name];
  while (
    cursor.atSymbol(",") &&
    !isKeyword(cursor.peek(1), ...CLAUSE_KEYWORDS) &&
    cursor.peek(1) !== undefined
  ) {
    cursor.position++;
    names.push(readIdentifier(cursor, what).name);
  }
  return names;
}

/** `AFTER col` or `FIRST`. */
function readColumnPosition(cursor: TokenCursor): string | undefined {
  if (cursor.acceptKeyword("FIRST")) return "FIRST";
  if (cursor.acceptKeyword("AFTER")) return `AFTER ${readIdentifier(cursor, "a column name").name}`;
  return undefined;
}

/** `TO rollup` / `IN rollup` / `FROM rollup`: the clause targets a rollup index, not only the base table. */
function readRollupTarget(cursor: TokenCursor, ...words: readonly string[]): string | undefined {
  for (const word of words) {
    if (cursor.acceptKeyword(word)) return readIdentifier(cursor, "a rollup index name").name;
  }
  return undefined;
}

class AlterTableClauses {
  readonly changes: Change[] = [];

  constructor(
    private readonly cursor: TokenCursor,
    private readonly table: RelationName,
  ) {}

  private emit(first: Token, change: ChangeBody): void {
    this.changes.push({ ...change, span: this.cursor.spanFrom(first) } as Change);
  }

  private noEffect(first: Token, statement: string): void {
    this.emit(first, { kind: "no_schema_effect", statement: `ALTER TABLE ${statement}` });
  }

  /** PROPERTIES after a column or rollup clause: table properties such as bloom_filter_columns. */
  private trailingProperties(first: Token): void {
    const properties = readOptionalProperties(this.cursor);
    if (properties !== undefined) this.emit(first, { kind: "set_properties", table: this.table, properties });
  }

  readClause(): void {
    const cursor: TokenCursor = this.cursor;
    cursor.hint = ALTER_TABLE_SYNTAX;
    const first = cursor.peek();
    if (first === undefined) cursor.fail("an ALTER TABLE clause");
    if (cursor.acceptKeyword("ADD")) this.readAdd(first);
    else if (cursor.acceptKeyword("DROP")) this.readDrop(first);
    else if (cursor.acceptKeyword("MODIFY")) this.readModify(first);
    else if (cursor.acceptKeyword("RENAME")) this.readRename(first);
    else if (cursor.acceptKeyword("SET")) {
      this.emit(first, { kind: "set_properties", table: this.table, properties: readPropertyList(cursor) });
    } else if (cursor.acceptKeyword("COMMENT")) {
      this.emit(first, { kind: "set_comment", table: this.table, comment: readCommentText(cursor) });
    } else if (cursor.acceptKeyword("DISTRIBUTED")) {
      cursor.expectKeyword("BY");
      this.emit(first, {
        kind: "set_distribution",
        table: this.table,
        distribution: readDistribution(cursor),
      });
    } else if (cursor.atAnyKeyword("PARTITION", "PARTITIONS")) {
      // Bucket changes for some partitions only: the table's distribution stays.
      cursor.position++;
      if (cursor.atSymbol("(")) readIdentifierList(cursor, "a partition name");
      else readNamesUntilNextClause(cursor, "a partition name");
      cursor.expectKeyword("DISTRIBUTED", "BY");
      readDistribution(cursor);
      this.noEffect(first, "PARTITIONS (...) DISTRIBUTED BY");
    } else if (cursor.acceptKeyword("ORDER")) {
      cursor.expectKeyword("BY");
      const orderBy = readOrderByColumns(cursor);
      const rollup = readRollupTarget(cursor, "FROM");
      if (rollup === undefined) this.emit(first, { kind: "set_order_by", table: this.table, orderBy });
      else this.noEffect(first, "ORDER BY ... FROM rollup");
      this.trailingProperties(first);
    } else if (cursor.acceptKeyword("SWAP")) {
      cursor.expectKeyword("WITH");
      this.emit(first, { kind: "swap_tables", table: this.table, with: readSwapPartner(cursor) });
    } else if (cursor.atAnyKeyword("COMPACT", "BASE", "CUMULATIVE")) {
      if (!cursor.acceptKeyword("COMPACT")) {
        cursor.position++;
        cursor.expectKeyword("COMPACT");
      }
      if (cursor.atSymbol("(")) readIdentifierList(cursor, "a partition name");
      else if (!cursor.atEnd() && !cursor.atSymbol(",")) readIdentifier(cursor, "a partition name");
      this.noEffect(first, "COMPACT");
    } else if (cursor.acceptKeyword("REPLACE")) this.readReplacePartition(first);
    else
      cursor.fail(
        "an ALTER TABLE clause (ADD, DROP, MODIFY, RENAME, SET, ORDER BY, COMMENT, DISTRIBUTED BY, SWAP, ...)",
      );
  }

  private readAdd(first: Token): void {
    const cursor: TokenCursor = this.cursor;
    if (cursor.acceptKeyword("COLUMN") || cursor.acceptKeyword("COLUMNS")) {
      cursor.hint = COLUMN_SYNTAX;
      if (cursor.acceptSymbol("(")) {
        const columns: ColumnDef[] = [];
        do columns.push(readColumnDefinition(cursor));
        while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        readRollupTarget(cursor, "TO", "IN");
        for (const column of columns) {
          this.changes.push({
            kind: "add_column",
            table: this.table,
            column,
            ifNotExists: false,
            span: column.span!,
          });
        }
      } else {
        const column = readColumnDefinition(cursor);
        const position = readColumnPosition(cursor);
        readRollupTarget(cursor, "TO", "IN");
        this.emit(first, {
          kind: "add_column",
          table: this.table,
          column,
          ifNotExists: false,
          ...(position === undefined ? {} : { position }),
        });
      }
      this.trailingProperties(first);
      return;
    }
    const temporary = cursor.acceptKeyword("TEMPORARY") !== undefined;
    if (cursor.acceptKeyword("PARTITION")) {
      const name = readPartitionDefinition(cursor);
      if (cursor.acceptKeyword("DISTRIBUTED")) {
        cursor.expectKeyword("BY");
        readDistribution(cursor);
      }
      this.emit(first, {
        kind: "add_partition",
        table: this.table,
        partition: name.name,
        ...(temporary ? { temporary: true } : {}),
      });
      return;
    }
    if (cursor.acceptKeyword("PARTITIONS")) {
      // START (...) END (...) EVERY (...): the partitions get generated names.
      cursor.expectKeyword("START");
      readPartitionBatch(cursor);
      this.noEffect(first, "ADD PARTITIONS");
      return;
    }
    if (temporary) cursor.fail("PARTITION or PARTITIONS after ADD TEMPORARY");
    if (cursor.acceptKeyword("ROLLUP")) {
      do this.readRollupDefinition();
      while (
        cursor.atSymbol(",") &&
        !isKeyword(cursor.peek(1), ...CLAUSE_KEYWORDS) &&
        isSymbol(cursor.peek(2), "(") &&
        cursor.acceptSymbol(",")
      );
      this.noEffect(first, "ADD ROLLUP");
      return;
    }
    if (cursor.acceptKeyword("INDEX")) {
      const index = readIndexBody(cursor, this.table);
      this.emit(first, { kind: "create_index", index, ifNotExists: false });
      return;
    }
    cursor.fail("COLUMN, PARTITION, PARTITIONS, ROLLUP or INDEX after ADD");
  }

  /** `name (cols) [DUPLICATE KEY (cols)] [FROM base] [PROPERTIES (...)]`. */
  private readRollupDefinition(): void {
    readIdentifier(this.cursor, "a rollup index name");
    readIdentifierList(this.cursor);
    if (this.cursor.acceptKeyword("DUPLICATE", "KEY")) readIdentifierList(this.cursor);
    readRollupTarget(this.cursor, "FROM");
    readOptionalProperties(this.cursor);
  }

  private readDrop(first: Token): void {
    const cursor: TokenCursor = this.cursor;
    if (cursor.acceptKeyword("COLUMN")) {
      const column = readIdentifier(cursor, "a column name").name;
      const rollup = readRollupTarget(cursor, "FROM", "IN");
      if (rollup === undefined) {
        this.emit(first, { kind: "drop_column", table: this.table, column, ifExists: false, cascade: false });
      } else this.noEffect(first, "DROP COLUMN ... FROM rollup");
      this.trailingProperties(first);
      return;
    }
    const temporary = cursor.acceptKeyword("TEMPORARY") !== undefined;
    if (cursor.acceptKeyword("PARTITION")) {
      const ifExists = cursor.acceptKeyword("IF", "EXISTS") !== undefined;
      cursor.acceptKeyword("FORCE"); // before 2.0: DROP PARTITION FORCE p
      const partition = readIdentifier(cursor, "a partition name").name;
      cursor.acceptKeyword("FORCE");
      // A temporary partition holds no visible data: dropping it changes nothing readers see.
      if (temporary) this.noEffect(first, "DROP TEMPORARY PARTITION");
      else this.emit(first, { kind: "drop_partition", table: this.table, partition, ifExists });
      return;
    }
    if (cursor.acceptKeyword("PARTITIONS")) {
      this.readDropPartitions(first, temporary);
      return;
    }
    if (temporary) cursor.fail("PARTITION or PARTITIONS after DROP TEMPORARY");
    if (cursor.acceptKeyword("ROLLUP")) {
      do {
        readIdentifier(cursor, "a rollup index name");
        readOptionalProperties(cursor);
      } while (
        cursor.atSymbol(",") &&
        !isKeyword(cursor.peek(1), ...CLAUSE_KEYWORDS) &&
        cursor.acceptSymbol(",")
      );
      this.noEffect(first, "DROP ROLLUP");
      return;
    }
    if (cursor.acceptKeyword("INDEX")) {
      const name = readIdentifier(cursor, "an index name").name;
      this.emit(first, { kind: "drop_index", name, table: this.table, ifExists: false });
      return;
    }
    if (cursor.acceptKeyword("PERSISTENT", "INDEX")) {
      cursor.skipUntil((token) => isSymbol(token, ","));
      this.noEffect(first, "DROP PERSISTENT INDEX");
      return;
    }
    cursor.fail("COLUMN, PARTITION, PARTITIONS, ROLLUP or INDEX after DROP");
  }

  /** `DROP PARTITIONS [IF EXISTS] p1, p2 | (p1, p2) | WHERE ... | START ... END ...`. */
  private readDropPartitions(first: Token, temporary: boolean): void {
    const cursor: TokenCursor = this.cursor;
    const ifExists = cursor.acceptKeyword("IF", "EXISTS") !== undefined;
    if (cursor.atAnyKeyword("WHERE", "START")) {
      // Which partitions go depends on the data: the rows in them are deleted.
      cursor.skipUntil((token) => isSymbol(token, ","));
      this.emit(first, { kind: "data", verb: "delete", table: this.table });
      return;
    }
    const names = cursor.atSymbol("(")
      ? readIdentifierList(cursor, "a partition name")
      : readNamesUntilNextClause(cursor, "a partition name");
    cursor.acceptKeyword("FORCE");
    if (temporary) {
      this.noEffect(first, "DROP TEMPORARY PARTITIONS");
      return;
    }
    for (const partition of names)
      this.emit(first, { kind: "drop_partition", table: this.table, partition, ifExists });
  }

  private readModify(first: Token): void {
    const cursor: TokenCursor = this.cursor;
    if (cursor.acceptKeyword("COLUMN")) {
      cursor.hint = COLUMN_SYNTAX;
      if (isKeyword(cursor.peek(1), "COMMENT")) {
        const column = readIdentifier(cursor, "a column name").name;
        cursor.expectKeyword("COMMENT");
        this.emit(first, {
          kind: "set_comment",
          table: this.table,
          column,
          comment: readCommentText(cursor),
        });
        return;
      }
      const restated = readColumnDefinition(cursor);
      readColumnPosition(cursor);
      readRollupTarget(cursor, "FROM", "IN");
      this.emit(first, {
        kind: "alter_column_type",
        table: this.table,
        column: restated.name,
        type: restated.type,
        restated,
      });
      this.trailingProperties(first);
      return;
    }
    if (cursor.acceptKeyword("PARTITION")) {
      if (cursor.atSymbol("("))
        cursor.skipParenthesised(); // (p1, p2) or (*)
      else readIdentifier(cursor, "a partition name");
      cursor.expectKeyword("SET");
      readPropertyList(cursor);
      this.noEffect(first, "MODIFY PARTITION ... SET");
      return;
    }
    cursor.fail("COLUMN or PARTITION after MODIFY");
  }

  private readRename(first: Token): void {
    const cursor: TokenCursor = this.cursor;
    if (cursor.acceptKeyword("COLUMN")) {
      const from = readIdentifier(cursor, "a column name").name;
      cursor.acceptKeyword("TO");
      const to = readIdentifier(cursor, "the new column name").name;
      this.emit(first, { kind: "rename_column", table: this.table, from, to });
      return;
    }
    // `RENAME rollup` alone renames the table to "rollup": ROLLUP and PARTITION start a clause only
    // when a name follows them.
    const renames = (object: string): boolean =>
      isKeyword(cursor.peek(), object) && cursor.peek(1) !== undefined && !isSymbol(cursor.peek(1), ",");
    if (renames("ROLLUP")) {
      cursor.position++;
      readIdentifier(cursor, "the rollup name");
      readIdentifier(cursor, "the new rollup name");
      this.noEffect(first, "RENAME ROLLUP");
      return;
    }
    if (renames("PARTITION")) {
      cursor.position++;
      const from = readIdentifier(cursor, "the partition name").name;
      const to = readIdentifier(cursor, "the new partition name").name;
      this.emit(first, { kind: "rename_partition", table: this.table, from, to });
      return;
    }
    if (isKeyword(cursor.peek(), "TO") && cursor.peek(1) !== undefined) cursor.position++;
    const to = readIdentifier(cursor, "the new table name").name;
    this.emit(first, { kind: "rename_table", table: this.table, to: { name: to } });
  }

  /** `REPLACE PARTITION (p) WITH TEMPORARY PARTITION (tp) [PROPERTIES (...)]`: data moves, the schema stays. */
  private readReplacePartition(first: Token): void {
    const cursor: TokenCursor = this.cursor;
    const readNames = (): void => {
      if (cursor.atSymbol("(")) readIdentifierList(cursor, "a partition name");
      else readIdentifier(cursor, "a partition name");
    };
    if (!cursor.acceptKeyword("PARTITION")) cursor.expectKeyword("PARTITIONS");
    readNames();
    cursor.expectKeyword("WITH", "TEMPORARY");
    if (!cursor.acceptKeyword("PARTITION")) cursor.expectKeyword("PARTITIONS");
    readNames();
    readOptionalProperties(cursor);
    this.noEffect(first, "REPLACE PARTITION");
  }
}

/** ALTER TABLE, the cursor after TABLE. */
export function parseAlterTable(cursor: TokenCursor): Change[] {
  cursor.hint = ALTER_TABLE_SYNTAX;
  const table = relationOnly(readRelationName(cursor));
  const clauses = new AlterTableClauses(cursor, table);
  do clauses.readClause();
  while (cursor.acceptSymbol(","));
  // The hint stays the last clause's syntax: that is where an unexpected word most likely belongs.
  if (!cursor.atEnd()) cursor.fail("',' or end of statement");
  return clauses.changes;
}
