import type { Dialect } from "../../../src/dialects/dialect.js";
import { createMysqlDialect } from "../../../src/dialects/mysql/index.js";
import type { Change, ColumnDef, ParsedSql, TableDef } from "../../../src/sql/changes.js";

export const mysql: Dialect = createMysqlDialect();

type WithoutSpan<T> = T extends unknown ? Omit<T, "span"> : never;

/** Changes without their spans (and without column spans), for tables of expected changes. */
export function changesOf(sql: string, parsed: ParsedSql = mysql.parse(sql)): WithoutSpan<Change>[] {
  if (parsed.errors.length > 0) throw new Error(`unexpected parse errors: ${JSON.stringify(parsed.errors)}`);
  return parsed.statements.flatMap((statement) => statement.changes.map(withoutSpans));
}

export function withoutSpans(change: Change): WithoutSpan<Change> {
  const { span: _span, ...rest } = change;
  if (rest.kind === "create_table") return { ...rest, table: tableWithoutSpans(rest.table) };
  if (rest.kind === "add_column") return { ...rest, column: columnWithoutSpan(rest.column) };
  if (rest.kind === "alter_column_type" && rest.restated)
    return { ...rest, restated: columnWithoutSpan(rest.restated) };
  return rest;
}

function tableWithoutSpans(table: TableDef): TableDef {
  return { ...table, columns: table.columns.map(columnWithoutSpan) };
}

export function columnWithoutSpan(column: ColumnDef): ColumnDef {
  const { span: _span, ...rest } = column;
  return rest;
}

/** The columns of the first CREATE TABLE, without spans. */
export function columnsOf(sql: string): ColumnDef[] {
  const created = changesOf(sql).find((change) => change.kind === "create_table");
  if (created?.kind !== "create_table") throw new Error("no create_table change");
  return [...created.table.columns];
}

/** The source text each change's span covers, in order. */
export function spanTexts(sql: string, parsed: ParsedSql = mysql.parse(sql)): string[] {
  return parsed.statements.flatMap((statement) =>
    statement.changes.map((change) => sql.slice(change.span.start, change.span.end)),
  );
}
