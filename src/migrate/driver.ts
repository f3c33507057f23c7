/**
 * One database engine, as the migration runner sees it: a session to run statements on, a lock that keeps
 * two runners apart, and what the engine can and cannot do (capability flags, never the engine's name in
 * the runner). PostgreSQL, MySQL/MariaDB, the embedded PGlite and StarRocks each implement it; the runner,
 * the history store and the crash recovery are written once on top.
 */
import type { DialectName } from "../dialects/dialect.js";
import type { IdentifierCase } from "../dialects/identifiers.js";
import type { SqlStatement } from "./history.js";

export interface DriverCapabilities {
  /** DDL runs inside a transaction and rolls back with it (PostgreSQL, PGlite; not MySQL or StarRocks). */
  readonly transactionalDdl: boolean;
  /**
   * How concurrent runners are kept apart: a session-level advisory lock (PostgreSQL), a named lock
   * (MySQL GET_LOCK), a lease row renewed while running (StarRocks), or a lock on the folder (PGlite).
   */
  readonly lock: "advisory" | "named" | "lease" | "file";
  /** ALTER TABLE starts a job that finishes after the statement returns (StarRocks): wait for it. */
  readonly asynchronousSchemaChange: boolean;
  /** Placeholders of a parameterised query: `$1` (PostgreSQL) or `?` (MySQL protocol). */
  readonly parameterStyle: "dollar" | "question";
}

/** A row of a query's result, by column name. */
export type Row = Readonly<Record<string, unknown>>;

/** An error the database returned, with what the runner needs to report and recover. */
export interface DatabaseErrorInfo {
  readonly message: string;
  /** SQLSTATE (PostgreSQL) or errno as text (MySQL). */
  readonly code?: string;
}

/** Held until released; a lock the process loses when it dies (session locks, expiring leases, file locks). */
export interface RunLock {
  /** What holds it, for messages: "pg_advisory_lock(…) on session 1234", "GET_LOCK('…')". */
  readonly description: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** The lock's name: the history table it guards, so two projects in one database do not wait on each other. */
  readonly name: string;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Told once when the lock is taken by someone else and the runner starts waiting. */
  readonly onWait?: (holder: string | undefined) => void;
}

/** How to open a driver (the same for every engine's loader in the dialect registry). */
export interface DriverOptions {
  /** How the session names itself to the server (PostgreSQL application_name), for its activity views. */
  readonly applicationName?: string;
}

/** Per-environment settings of a migration session. */
export interface SessionSettings {
  /** Where unqualified names go: PostgreSQL's search_path head, MySQL's current database (USE). */
  readonly schema?: string;
  /** How long a statement waits for a lock before failing (PostgreSQL lock_timeout, MySQL lock_wait_timeout). */
  readonly lockTimeoutMs?: number;
  /** How long a statement may run. */
  readonly statementTimeoutMs?: number;
}

/** Whether an object exists in the live database (names as stored: the catalog's). */
export interface SchemaProbe {
  relationExists(schema: string | undefined, name: string): Promise<boolean>;
  columnExists(schema: string | undefined, table: string, column: string): Promise<boolean>;
  /** "invalid": PostgreSQL's CREATE INDEX CONCURRENTLY was interrupted and left an index to drop. */
  indexState(
    schema: string | undefined,
    table: string | undefined,
    name: string,
  ): Promise<"valid" | "invalid" | "absent">;
}

export interface DatabaseDriver {
  readonly dialect: DialectName;
  readonly capabilities: DriverCapabilities;
  readonly identifiers: IdentifierCase;
  /**
   * Which database this is, safe to print: a URL with its password removed, or "embedded PostgreSQL
   * (PGlite) in .schematic/pglite". Every output of `migrate` names it.
   */
  readonly target: string;
  /** The server's version as it reports it (PostgreSQL 15.19, 10.11.19-MariaDB, …). */
  serverVersion(): Promise<string>;
  /** The schema (PostgreSQL) or database (MySQL) unqualified names land in on this session. */
  currentSchema(): Promise<string>;
  /** Runs one statement as written (no parameters), on the migration session. */
  execute(sql: string): Promise<void>;
  /**
   * Runs several statements in one round trip (PostgreSQL's simple query protocol), their parameters
   * written in as literals, stopping at the first that fails. Which one failed is not told: the runner
   * then runs them one by one to find out. Engines without such a message leave it out.
   */
  executeBatch?(statements: readonly SqlStatement[]): Promise<void>;
  /**
   * Where a commit can return before the disk has the transaction and a later one flushes it: `begin`
   * is run first in a migration's transaction that is not the run's last (PostgreSQL: SET LOCAL
   * synchronous_commit = off), `flush` makes every such commit durable (a commit that waits for the disk).
   * A crash of the server in between loses the migrations and their history rows together, never one
   * without the other; the run's last commit waits, so a finished run is as durable as without it.
   */
  readonly relaxedCommit?: { readonly begin: string; readonly flush: string };
  /** Runs a query with parameters (in the driver's parameterStyle) and returns its rows. */
  query(sql: string, parameters?: readonly unknown[]): Promise<Row[]>;
  /** Opens, commits or rolls back a transaction on the migration session. */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Takes the run lock (on a session of its own where the engine ties locks to sessions). */
  lock(options: LockOptions): Promise<RunLock>;
  /** What taking and releasing the lock runs, for --dry-run to print. */
  lockSql(name: string): { readonly acquire: string; readonly release: string };
  /** The statements that bound how long a migration waits for a lock and runs (per environment). */
  sessionSql(settings: SessionSettings): readonly string[];
  /**
   * Why the engine refuses this statement inside a transaction block (PostgreSQL: CREATE INDEX
   * CONCURRENTLY, VACUUM, …), or undefined when it does not.
   */
  refusesTransaction?(sql: string): string | undefined;
  /** Looks at the live schema, to tell whether a statement a dead runner was running took effect. */
  readonly probe: SchemaProbe;
  /** Quotes an identifier for this engine ("x" or `x`). */
  quoteIdentifier(name: string): string;
  /** The error as the runner reports it, or undefined when it is not the database's error. */
  describeError(error: unknown): DatabaseErrorInfo | undefined;
  close(): Promise<void>;
}
