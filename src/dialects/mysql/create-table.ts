import type {
  Change,
  ColumnDef,
  Constraint,
  Partitioning,
  RelationName,
  TableDef,
} from "../../sql/changes.js";
import type { Span } from "../../sql/span.js";
import type { TokenCursor } from "./cursor.js";
import {
  type IndexElement,
  parseColumnDefinition,
  parsePartitionBy,
  parseTableElement,
  parseTableOption,
  startsTableElement,
} from "./definitions.js";

export interface CreateTableFlags {
  readonly orReplace: boolean;
  readonly temporary: boolean;
}

/** Words that start the query of CREATE TABLE … [AS] SELECT. */
const QUERY_STARTS: ReadonlySet<string> = new Set(["SELECT", "WITH", "TABLE", "VALUES"]);

/**
 * CREATE TABLE after the TABLE keyword (MySQL manual 15.1.20): the definition list, table options,
 * partitioning, LIKE and … SELECT. Plain indexes become create_index changes (TableDef has no indexes);
 * partitions defined inline become add_partition changes.
 */
export function parseCreateTable(cursor: TokenCursor, statement: Span, flags: CreateTableFlags): Change[] {
  const ifNotExists = cursor.acceptIfNotExists();
  const name = cursor.relationName();
  const columns: ColumnDef[] = [];
  const constraints: Constraint[] = [];
  const followUps: Change[] = [];
  const properties: Record<string, string> = {};
  let comment: string | undefined;
  let partitioning: Partitioning | undefined;
  let columnsUnknown = false;

  if (cursor.acceptWord("LIKE")) {
    cursor.relationName();
    columnsUnknown = true;
  } else if (cursor.isPunct("(") && cursor.peek(1)?.upper === "LIKE") {
    cursor.next();
    cursor.next();
    cursor.relationName();
    cursor.expectPunct(")");
    columnsUnknown = true;
  } else if (
    cursor.isPunct("(") &&
    !QUERY_STARTS.has(cursor.peek(1)?.upper ?? "") &&
    cursor.peek(1)?.text !== "("
  ) {
    cursor.expectPunct("(");
    do {
      if (startsTableElement(cursor)) {
        const element = parseTableElement(cursor);
        if (element.kind === "constraint") constraints.push(element.constraint);
        else followUps.push(createIndexChange(name, element));
      } else {
        const parsed = parseColumnDefinition(cursor, false);
        columns.push(parsed.column);
        constraints.push(...parsed.constraints.map((located) => located.constraint));
        followUps.push(...parsed.indexes.map((index) => createIndexChange(name, index)));
      }
    } while (cursor.acceptPunct(","));
    cursor.expectPunct(")");
  }

  for (;;) {
    const option = parseTableOption(cursor);
    if (!option) break;
    if (option.key === "comment") comment = option.value;
    else properties[option.key] = option.value;
    cursor.acceptPunct(",");
  }

  if (cursor.isWord("PARTITION", "BY")) {
    const parsed = parsePartitionBy(cursor);
    partitioning = parsed.partitioning;
    for (const partition of parsed.partitions) {
      followUps.push({ kind: "add_partition", table: name, partition, span: statement });
    }
  }

  if (!cursor.done) {
    // CREATE TABLE … [IGNORE | REPLACE] [AS] SELECT: the query decides the remaining columns.
    cursor.acceptWord("IGNORE") || cursor.acceptWord("REPLACE");
    cursor.acceptWord("AS");
    const next = cursor.peek();
    if (!next || !(QUERY_STARTS.has(next.upper) || (next.kind === "punct" && next.text === "("))) {
      throw cursor.error("expected a table option, PARTITION BY or a query");
    }
    columnsUnknown = true;
    cursor.position = cursor.tokens.length;
  }

  const table: TableDef = {
    name,
    columns,
    constraints,
    ...(partitioning ? { partitioning } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(flags.temporary ? { temporary: true } : {}),
    ...(columnsUnknown ? { columnsUnknown: true } : {}),
    ...(comment !== undefined ? { comment } : {}),
  };
  return [
    {
      kind: "create_table",
      table,
      ifNotExists,
      ...(flags.orReplace ? { orReplace: true } : {}),
      span: statement,
    },
    ...followUps,
  ];
}

export function createIndexChange(table: RelationName, element: IndexElement): Change {
  return {
    kind: "create_index",
    index: {
      name: element.name,
      table,
      columns: element.columns,
      unique: element.unique,
      ...(element.method !== undefined ? { method: element.method } : {}),
    },
    ifNotExists: false,
    span: element.span,
  };
}
