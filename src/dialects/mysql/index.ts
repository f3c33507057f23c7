/**
 * The MySQL / MariaDB dialect: a client-compatible splitter (DELIMITER, executable comments, stored-program
 * bodies), token parsers for DDL, node-sql-parser's mysql grammar as a second opinion, and MySQL's own
 * ALTER TABLE conversions for types.
 */

import type { Dialect, DialectCapabilities } from "../dialect.js";
import { type LowerCaseTableNames, mysqlIdentifiers } from "../identifiers.js";
import { compareMysqlTypes } from "./compare-types.js";
import { ScriptState } from "./dynamic-sql.js";
import { mysqlOnlineDdlAlgorithm, mysqlOnlineDdlBlocksWrites } from "./online-ddl.js";
import { parseMysql } from "./parse.js";
import { isMysqlReservedWord } from "./reserved-words.js";
import { mysqlTokens } from "./tokens.js";
import { normalizeMysqlType } from "./types.js";

export const MYSQL_CAPABILITIES: DialectCapabilities = {
  maxColumnsPerTable: 4096, // the server's hard limit (InnoDB stops at 1017)
  transactionalDdl: false, // every DDL statement commits implicitly
  enforcesForeignKeys: true, // InnoDB
  indexesForeignKeys: true, // InnoDB creates an index on FK columns when none leads with them
  // "Identifier Length Limits": 64 characters for each of these (aliases may have 256, labels 16).
  identifierLimits: {
    unit: "characters",
    max: { schema: 64, table: 64, view: 64, column: 64, index: 64, constraint: 64 },
    overLimit: "error",
  },
  notNullColumnNeedsDefault: false, // existing rows get the type's implicit default (0, '', …)
  asynchronousSchemaChange: false,
  tableModels: false,
  schemaIsDatabase: true,
  concurrentIndexes: false,
  notValidConstraints: false,
  onlineDdlOptions: true,
  maxDecimalPrecision: 65,
  timestampEndsIn2038: true,
  characterSets: true,
  // TIMESTAMP converts to UTC but ends in 2038: DATETIME holding UTC is the advice here.
  zonedTimestamps: false,
  // TEXT types are stored off-page, take no full index and (before 8.0.13) no default.
  cheapUnboundedStrings: false,
  nullabilityCanTighten: true,
  keyColumnsImmutable: false,
  viewsBindColumns: false,
  // Metadata locks wait this long (one year by default) before the DDL gives up.
  lockTimeoutSetting: "lock_wait_timeout",
};

const mysql: Omit<Dialect, "identifiers"> = {
  name: "mysql",
  capabilities: MYSQL_CAPABILITIES,
  // Unqualified names live in the current database (USE db), which only the connection knows.
  defaultSchema: undefined,
  parse: (sql, session) => parseMysql(sql, session instanceof ScriptState ? session : new ScriptState()),
  // Procedures created in one file and CALLed from a later one expand to the DDL they run.
  createSession: () => new ScriptState(),
  tokens: mysqlTokens,
  normalizeType: normalizeMysqlType,
  compareTypes: compareMysqlTypes,
  hooks: {
    onlineDdlAlgorithm: mysqlOnlineDdlAlgorithm,
    onlineDdlBlocksWrites: mysqlOnlineDdlBlocksWrites,
    isReservedWord: isMysqlReservedWord,
  },
};

/** `lowerCaseTableNames`: the server's lower_case_table_names (0, the Linux default, unless configured). */
export function createMysqlDialect(lowerCaseTableNames: LowerCaseTableNames = 0): Dialect {
  return { ...mysql, identifiers: mysqlIdentifiers(lowerCaseTableNames) };
}

export { compareMysqlTypes } from "./compare-types.js";
export { ScriptState as MysqlScriptState } from "./dynamic-sql.js";
export { parseMysql } from "./parse.js";
export { type SplitStatement, splitMysql } from "./split.js";
export { normalizeMysqlType } from "./types.js";
