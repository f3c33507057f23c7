import type { Dialect, DialectCapabilities } from "../dialect.js";
import { STARROCKS_IDENTIFIERS } from "../identifiers.js";
import { starrocksAllowsKeyColumnType } from "./key-types.js";
import { parseStarrocks } from "./parser.js";
import { isStarrocksReservedWord } from "./reserved-words.js";
import { starrocksTokens } from "./tokens.js";
import { compareStarrocksTypes, normalizeStarrocksType, starrocksSchemaChangeAllowed } from "./types.js";

export { tokenize } from "./lexer.js";
export { parseStarrocks } from "./parser.js";
export { compareStarrocksTypes, normalizeStarrocksType, starrocksSchemaChangeAllowed } from "./types.js";

export const STARROCKS_CAPABILITIES: DialectCapabilities = {
  maxColumnsPerTable: 10_000, // the FE's max_column_number_per_table
  transactionalDdl: false,
  // FOREIGN KEY constraints (the foreign_key_constraints property) only inform the optimizer.
  enforcesForeignKeys: false,
  indexesForeignKeys: false,
  // System limits: names of most objects (views, materialized views, partitions, indexes) stop at 64
  // characters, and names are limited to [A-Za-z0-9_], so characters are bytes. Table and column names
  // may reach 1024 characters and database names 256; 64 is the limit every object meets.
  // "System limits": 64 characters, but database names up to 256 and table (and view) and column names up
  // to 1024, as FeNameFormat checks them.
  identifierLimits: {
    unit: "characters",
    max: { schema: 256, table: 1024, view: 1024, column: 1024, index: 64, constraint: 64 },
    overLimit: "error",
  },
  notNullColumnNeedsDefault: true,
  // ALTER TABLE column, rollup and bucket changes run as asynchronous jobs, one at a time per table.
  asynchronousSchemaChange: true,
  tableModels: true,
  schemaIsDatabase: true,
  concurrentIndexes: false,
  notValidConstraints: false,
  onlineDdlOptions: false,
  maxDecimalPrecision: 38,
  timestampEndsIn2038: false,
  characterSets: false,
  zonedTimestamps: false,
  // STRING is VARCHAR(65533); a declared VARCHAR length only makes longer values fail to load.
  cheapUnboundedStrings: true,
  // ALTER TABLE ... MODIFY COLUMN cannot turn a nullable column into NOT NULL.
  nullabilityCanTighten: false,
  keyColumnsImmutable: true,
  viewsBindColumns: false,
};

export function createStarrocksDialect(): Dialect {
  return {
    name: "starrocks",
    capabilities: STARROCKS_CAPABILITIES,
    // The current database comes from the connection (or USE); there is no default to assume.
    defaultSchema: undefined,
    parse: parseStarrocks,
    tokens: starrocksTokens,
    normalizeType: normalizeStarrocksType,
    identifiers: STARROCKS_IDENTIFIERS,
    compareTypes: compareStarrocksTypes,
    hooks: {
      allowsTypeChange: starrocksSchemaChangeAllowed,
      allowsKeyColumnType: starrocksAllowsKeyColumnType,
      isReservedWord: isStarrocksReservedWord,
    },
  };
}
