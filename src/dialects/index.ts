import { SchematicError } from "../errors.js";
import { DIALECT_NAMES, type Dialect, type DialectName } from "./dialect.js";
import type { LowerCaseTableNames } from "./identifiers.js";

export type { Dialect, DialectName } from "./dialect.js";

export interface DialectOptions {
  /** MySQL's lower_case_table_names, which decides whether table names compare with case (default 0). */
  readonly lowerCaseTableNames?: LowerCaseTableNames;
}

/** Loads a dialect on demand, so a MySQL user never pays for the PostgreSQL parser's WASM and back. */
export async function createDialect(name: DialectName, options: DialectOptions = {}): Promise<Dialect> {
  switch (name) {
    case "postgres":
      return (await import("./postgres/index.js")).createPostgresDialect();
    case "mysql":
      return (await import("./mysql/index.js")).createMysqlDialect(options.lowerCaseTableNames);
    case "starrocks":
      return (await import("./starrocks/index.js")).createStarrocksDialect();
    default:
      throw new SchematicError("usage", `Unknown dialect ${JSON.stringify(name)}.`, {
        hint: `Use one of: ${DIALECT_NAMES.join(", ")}.`,
      });
  }
}

export function isDialectName(value: string): value is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(value);
}
