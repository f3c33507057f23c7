import type { ParsedSql } from "../sql/changes.js";
import type { DataType, TypeCompatibility } from "../sql/data-type.js";

export type DialectName = "postgres" | "mysql" | "starrocks";
export const DIALECT_NAMES: readonly DialectName[] = ["postgres", "mysql", "starrocks"];

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
  /** Longest identifier in bytes. */
  readonly maxIdentifierBytes: number;
  /** What happens to a longer identifier: PostgreSQL truncates it silently, MySQL refuses it. */
  readonly longIdentifiers: "truncate" | "error";
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
  createSession?(): ParseSession;
  /** Normalise a type as written (`character varying(20)`, `int(11) unsigned`, `DECIMAL128(38,9)`). */
  normalizeType(raw: string): DataType;
  /** The database's own case folding for an identifier written without quotes. */
  foldIdentifier(name: string): string;
  /** How existing values fare when a column changes from one type to another, by this database's casts. */
  compareTypes(from: DataType, to: DataType): TypeCompatibility;
}
