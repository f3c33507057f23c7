/**
 * The one place that loads libpg-query, the PostgreSQL server's own parser compiled to WebAssembly.
 * Its synchronous functions need the module loaded first; loading takes tens of milliseconds, so the
 * promise is shared by every caller.
 */
import * as libpg from "libpg-query";

export type { Node, ParseResult, RawStmt, ScanToken } from "libpg-query";

let loading: Promise<void> | undefined;

export function loadLibpgQuery(): Promise<void> {
  loading ??= libpg.loadModule();
  return loading;
}

export const parseSql = (sql: string): libpg.ParseResult => libpg.parseSync(sql);
export const scanSql = (sql: string): libpg.ScanResult => libpg.scanSync(sql);
export const parsePlpgsql = (sql: string): unknown => libpg.parsePlPgSQLSync(sql);

/** The position libpg-query reports for a syntax error: code points from the start of the parsed text. */
export function syntaxErrorPosition(error: unknown): number | undefined {
  if (!libpg.hasSqlDetails(error)) return undefined;
  return error.sqlDetails?.cursorPosition;
}
