import type { Dialect } from "../../../src/dialects/dialect.js";
import { createPostgresDialect } from "../../../src/dialects/postgres/index.js";
import type { Change, ColumnDef, ParsedSql, TableDef } from "../../../src/sql/changes.js";

export const postgres: Dialect = await createPostgresDialect();

type WithoutSpan<T> = T extends unknown ? Omit<T, "span"> : never;

/** Changes without their spans (and without column spans), for tables of expected changes. */
export function changesOf(sql: string): WithoutSpan<Change>[] {
  const parsed = postgres.parse(sql);
  if (parsed.errors.length > 0) throw new Error(`unexpected parse errors: ${JSON.stringify(parsed.errors)}`);
  return parsed.statements.flatMap((statement) => statement.changes.map(withoutSpans));
}

export function withoutSpans(change: Change): WithoutSpan<Change> {
  const { span: _span, ...rest } = change;
  if (rest.kind === "create_table") return { ...rest, table: tableWithoutSpans(rest.table) };
  if (rest.kind === "add_column") return { ...rest, column: columnWithoutSpan(rest.column) };
  return rest;
}

function tableWithoutSpans(table: TableDef): TableDef {
  return { ...table, columns: table.columns.map(columnWithoutSpan) };
}

function columnWithoutSpan(column: ColumnDef): ColumnDef {
  const { span: _span, ...rest } = column;
  return rest;
}

/** The source text each change's span covers, in order. */
export function spanTexts(sql: string, parsed: ParsedSql = postgres.parse(sql)): string[] {
  return parsed.statements.flatMap((statement) =>
    statement.changes.map((change) => sql.slice(change.span.start, change.span.end)),
  );
}
