/** The PostgreSQL dialect: libpg-query (the server's own parser) for SQL, PostgreSQL's casts for types. */

import type { Dialect, DialectCapabilities } from "../dialect.js";
import { POSTGRES_IDENTIFIERS } from "../identifiers.js";
import { comparePostgresTypes } from "./compare-types.js";
import { lexPostgres } from "./lexer.js";
import { loadLibpgQuery } from "./libpg.js";
import { parsePostgres } from "./parse.js";
import { isPostgresReservedWord } from "./reserved-words.js";
import { postgresRewritesTable } from "./rewrites.js";
import { normalizeType } from "./types.js";

export const POSTGRES_CAPABILITIES: DialectCapabilities = {
  maxColumnsPerTable: 1600, // MaxHeapAttributeNumber
  transactionalDdl: true,
  enforcesForeignKeys: true,
  indexesForeignKeys: false,
  // NAMEDATALEN - 1 for every kind of object ("SQL Syntax: Identifiers and Key Words").
  identifierLimits: {
    unit: "bytes",
    max: { schema: 63, table: 63, view: 63, column: 63, index: 63, constraint: 63 },
    overLimit: "truncate",
  },
  notNullColumnNeedsDefault: true,
  asynchronousSchemaChange: false,
  tableModels: false,
  schemaIsDatabase: false,
  concurrentIndexes: true,
  notValidConstraints: true,
  onlineDdlOptions: false,
  maxDecimalPrecision: 1000,
  timestampEndsIn2038: false,
  characterSets: false,
  zonedTimestamps: true,
  cheapUnboundedStrings: true,
  nullabilityCanTighten: true,
  keyColumnsImmutable: false,
  viewsBindColumns: true,
  lockTimeoutSetting: "lock_timeout",
};

const postgres: Dialect = {
  name: "postgres",
  capabilities: POSTGRES_CAPABILITIES,
  defaultSchema: "public",
  parse: parsePostgres,
  tokens: lexPostgres,
  normalizeType,
  identifiers: POSTGRES_IDENTIFIERS,
  compareTypes: comparePostgresTypes,
  hooks: { rewritesTable: postgresRewritesTable, isReservedWord: isPostgresReservedWord },
};

/** Loads the parser's WebAssembly module once; later calls return at once. */
export async function createPostgresDialect(): Promise<Dialect> {
  await loadLibpgQuery();
  return postgres;
}

export { comparePostgresTypes } from "./compare-types.js";
