import type { Table } from "../catalog/model.js";
import type { Change, ParsedSql, TableModel } from "../sql/changes.js";
import type { DataType, TypeCompatibility } from "../sql/data-type.js";
import type { Span } from "../sql/span.js";
import type { IdentifierCase } from "./identifiers.js";

/** The databases Schematic reads; src/dialects/index.ts registers each with its aliases and loader. */
export type DialectName = "postgres" | "mysql" | "starrocks";

/** The kinds of object whose names have a length limit of their own. */
export type IdentifierKind = "schema" | "table" | "view" | "column" | "index" | "constraint";

/** How long a name may be, by kind of object, from the database's reference. */
export interface IdentifierLimits {
  /** What the limit counts: UTF-8 bytes (PostgreSQL) or characters (MySQL, StarRocks). */
  readonly unit: "bytes" | "characters";
  readonly max: Readonly<Record<IdentifierKind, number>>;
  /** What happens to a longer name: PostgreSQL cuts it silently, MySQL and StarRocks refuse it. */
  readonly overLimit: "truncate" | "error";
}

/** The length of a name in the unit the limits count. */
export function identifierLength(limits: IdentifierLimits, name: string): number {
  return limits.unit === "bytes" ? Buffer.byteLength(name, "utf8") : [...name].length;
}

/**
 * What a database does, as flags, so rules and the catalog never branch on the dialect's name
 * (Atlas sqlcheck's "analyzers + dialect hooks" design).
 */
export interface DialectCapabilities {
  /** DDL runs inside a transaction and rolls back with it (PostgreSQL yes; MySQL, StarRocks no). */
  readonly transactionalDdl: boolean;
  /** The database checks foreign keys (StarRocks only records them for the optimizer). */
  readonly enforcesForeignKeys: boolean;
  /** Creating a foreign key also creates an index on its columns when none leads with them (InnoDB). */
  readonly indexesForeignKeys: boolean;
  /** Longest names, by kind of object. */
  readonly identifierLimits: IdentifierLimits;
  /**
   * Adding a NOT NULL column without a default to a table with rows fails (PostgreSQL, StarRocks),
   * rather than filling an implicit default (MySQL in non-strict column semantics).
   */
  readonly notNullColumnNeedsDefault: boolean;
  /** Schema changes run as asynchronous jobs, one at a time per table (StarRocks). */
  readonly asynchronousSchemaChange: boolean;
  /** Tables have a table model with key columns (StarRocks DUPLICATE/AGGREGATE/UNIQUE/PRIMARY KEY). */
  readonly tableModels: boolean;
  /** A "schema" is a database (MySQL, StarRocks), not a namespace inside one. */
  readonly schemaIsDatabase: boolean;
  /** CREATE INDEX CONCURRENTLY builds an index without blocking writes (PostgreSQL). */
  readonly concurrentIndexes: boolean;
  /** Constraints can be added NOT VALID and validated later under a weaker lock (PostgreSQL). */
  readonly notValidConstraints: boolean;
  /** ALTER TABLE takes ALGORITHM= and LOCK= to say how it may run (MySQL online DDL). */
  readonly onlineDdlOptions: boolean;
  /** Largest DECIMAL precision the database accepts (PostgreSQL 1000, MySQL 65, StarRocks 38). */
  readonly maxDecimalPrecision: number;
  /** Its TIMESTAMP type stops at 2038-01-19 (MySQL); a DATETIME does not. */
  readonly timestampEndsIn2038: boolean;
  /** Columns and tables carry a character set (MySQL): utf8 (utf8mb3) cannot store every character. */
  readonly characterSets: boolean;
  /**
   * It has a timestamp type that stores an instant, and that type is the one to prefer (PostgreSQL
   * timestamptz). MySQL's TIMESTAMP converts to UTC too but ends in 2038, so there a DATETIME holding UTC is
   * the usual advice; StarRocks has no zoned type.
   */
  readonly zonedTimestamps: boolean;
  /**
   * A string column without a declared length costs no more than a bounded one (PostgreSQL text is varchar
   * without a limit; StarRocks STRING is VARCHAR(65533)). MySQL's TEXT types are stored off-page, take no
   * full index and, before 8.0.13, no default.
   */
  readonly cheapUnboundedStrings: boolean;
  /** A nullable column can be made NOT NULL by a schema change (StarRocks cannot). */
  readonly nullabilityCanTighten: boolean;
  /** Key, partition and bucket columns cannot be changed once the table exists (StarRocks). */
  readonly keyColumnsImmutable: boolean;
  /**
   * A view holds a dependency on every column its query reads, `*` expanded when the view was created, so
   * DROP COLUMN and ALTER COLUMN TYPE on such a column fail while the view exists (PostgreSQL: "cannot drop
   * column ... because other objects depend on it"). MySQL/MariaDB and StarRocks let the DDL run; the view
   * fails when it is next queried, until dbt recreates it.
   */
  readonly viewsBindColumns: boolean;
  /** The session setting that bounds how long DDL waits for a lock, when there is one. */
  readonly lockTimeoutSetting?: string;
  /** The most columns a table can have; replay keeps no more (and so stays linear on hostile input). */
  readonly maxColumnsPerTable: number;
}

/** Session settings in effect at a point of a migration (SET name = value), by lower-case name. */
export type SessionSettings = ReadonlyMap<string, string>;

/**
 * Dialect knowledge that rules ask for through functions rather than flags. Every hook is optional:
 * a rule that needs one says so in `requiresHooks` and does not run where it is missing.
 */
export interface DialectRuleHooks {
  /** The database reserves the word: an identifier spelled like it must be quoted everywhere it is used. */
  readonly isReservedWord?: (word: string) => boolean;
  /**
   * Changing a column from one type to the other rewrites the whole table under an exclusive lock.
   * `session`: the settings the migration made before the change, when the answer depends on them
   * (PostgreSQL's timestamp <-> timestamptz keeps the table only when TimeZone is UTC).
   */
  readonly rewritesTable?: (from: DataType, to: DataType, session?: SessionSettings) => boolean;
  /** The database's schema change accepts the conversion at all (StarRocks' conversion table). */
  readonly allowsTypeChange?: (from: DataType, to: DataType) => boolean;
  /**
   * The database accepts a column of this type among the key columns of a table of this model (StarRocks:
   * no FLOAT/DOUBLE in any key; PRIMARY KEY tables only BOOLEAN, integers, VARCHAR/STRING, DATE, DATETIME).
   */
  readonly allowsKeyColumnType?: (type: DataType, tableModel: TableModel | undefined) => boolean;
  /**
   * The cheapest way the server can run this change on this table (MySQL online DDL): instantly (metadata
   * only), in place (rebuilds without blocking writes), or by copying the table under a lock.
   * Undefined when the change is not an ALTER the server runs that way.
   */
  readonly onlineDdlAlgorithm?: (
    change: Change,
    table: Table | undefined,
  ) => "instant" | "inplace" | "copy" | undefined;
  /**
   * Even run as cheaply as the server can, the change keeps other sessions from writing to the table until
   * it ends (MySQL: every COPY, and the in-place FULLTEXT/SPATIAL index or AUTO_INCREMENT column additions,
   * whose best lock is LOCK=SHARED). False when unknown.
   */
  readonly onlineDdlBlocksWrites?: (change: Change, table: Table | undefined) => boolean;
}

/** Dialect-private state carried from one migration file to the next. */
export type ParseSession = { readonly __parseSession?: never } & object;

export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: DialectCapabilities;
  /** Where unqualified names live when the configuration does not say (public, or none for MySQL). */
  readonly defaultSchema: string | undefined;
  /**
   * Parse a whole migration file into statements and typed changes. Never throws on bad SQL.
   * `session` carries what one file leaves for the next (MySQL stored procedures that a later file CALLs);
   * pass the same one, from `createSession`, to every file of a history, in order.
   */
  parse(sql: string, session?: ParseSession): ParsedSql;
  /**
   * The spans of the text's tokens by this database's lexer, comments and whitespace left out: two texts
   * with the same token texts run the same (an applied migration edited only in comments is not edited).
   */
  tokens(sql: string): readonly Span[];
  createSession?(): ParseSession;
  /** Normalise a type as written (`character varying(20)`, `int(11) unsigned`, `DECIMAL128(38,9)`). */
  normalizeType(raw: string): DataType;
  /** How the database folds and compares names (see identifiers.ts): the one policy everything uses. */
  readonly identifiers: IdentifierCase;
  /** How existing values fare when a column changes from one type to another, by this database's casts. */
  compareTypes(from: DataType, to: DataType): TypeCompatibility;
  readonly hooks: DialectRuleHooks;
}
