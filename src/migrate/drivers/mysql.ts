/**
 * MySQL and MariaDB through `mysql2`: DDL commits as it goes (no DDL transactions, so the runner records
 * progress per statement), and concurrent runners are kept apart by a named lock, GET_LOCK, which the
 * server drops with the session that holds it. Statements arrive one by one, cut by the dialect's splitter
 * (DELIMITER blocks and routine bodies included), so the connection never allows several in one query.
 */

import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type mysqlTypes from "mysql2/promise";
import { type LowerCaseTableNames, mysqlIdentifiers } from "../../dialects/identifiers.js";
import { SchematicError } from "../../errors.js";
import { displayUrl } from "../connection.js";
import type {
  DatabaseDriver,
  DatabaseErrorInfo,
  LockOptions,
  Row,
  RunLock,
  SchemaProbe,
  SessionSettings,
} from "../driver.js";
import { connectionError } from "./postgres.js";

type Connection = mysqlTypes.Connection;
type Query = (sql: string, parameters?: readonly unknown[]) => Promise<Row[]>;

/** MySQL caps a lock name at 64 characters (MariaDB does not; one rule for both). */
const LOCK_NAME_LIMIT = 64;

function loadMysql(): typeof mysqlTypes {
  return createRequire(import.meta.url)("mysql2/promise") as typeof mysqlTypes;
}

async function connect(url: string): Promise<Connection> {
  const mysql = loadMysql();
  let connection: Connection;
  try {
    connection = await mysql.createConnection({
      uri: url,
      // The history's DATETIME(3) columns hold UTC: Dates go out and come back as UTC whatever the client's zone.
      timezone: "Z",
      // One statement per query: the splitter cuts scripts, and a stray `;` in a value cannot start another.
      multipleStatements: false,
      supportBigNumbers: true,
    });
  } catch (error) {
    throw connectionError(url, error);
  }
  // A server that goes away mid-run surfaces as the failed query's error, not as an uncaught event.
  connection.on("error", () => undefined);
  return connection;
}

/** A backtick-quoted identifier (a backtick inside is doubled). */
export function quoteMysqlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

function quoteMysqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * GET_LOCK names are server-wide, not per database: the name carries the database, so that two projects on
 * one server, each with its own `schematic_history`, do not wait on each other. A name past MySQL's 64
 * characters keeps its start and a hash of the whole.
 */
export function mysqlLockName(database: string, name: string): string {
  const full = `schematic:${name.includes(".") ? name : `${database}.${name}`}`;
  if (full.length <= LOCK_NAME_LIMIT) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 16);
  return `${full.slice(0, LOCK_NAME_LIMIT - hash.length - 1)}~${hash}`;
}

export function mysqlLockSql(lockName: string, timeoutMs = 0): { acquire: string; release: string } {
  const literal = quoteMysqlString(lockName);
  return {
    acquire: `SELECT GET_LOCK(${literal}, ${Math.ceil(timeoutMs / 1000)})`,
    release: `SELECT RELEASE_LOCK(${literal})`,
  };
}

/** MariaDB reports `10.11.19-MariaDB-0+deb12u1`; MySQL a bare `8.0.36`. */
export function isMariadb(version: string): boolean {
  return /mariadb/i.test(version);
}

/**
 * The session limits. Both engines count lock_wait_timeout (metadata locks: what DDL waits on) and
 * innodb_lock_wait_timeout (row locks: what a data migration waits on) in whole seconds. A statement's run
 * time is bounded by max_statement_time on MariaDB (seconds, fractions allowed, any statement) and by
 * max_execution_time on MySQL (milliseconds, read-only SELECTs only: MySQL has no bound for DDL).
 */
export function mysqlSessionSql(settings: SessionSettings, version: string): string[] {
  const statements: string[] = [];
  if (settings.schema !== undefined) statements.push(`USE ${quoteMysqlIdentifier(settings.schema)}`);
  if (settings.lockTimeoutMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(settings.lockTimeoutMs / 1000));
    statements.push(`SET SESSION lock_wait_timeout = ${seconds}`);
    statements.push(`SET SESSION innodb_lock_wait_timeout = ${seconds}`);
  }
  if (settings.statementTimeoutMs !== undefined) {
    const ms = Math.max(0, Math.trunc(settings.statementTimeoutMs));
    statements.push(
      isMariadb(version)
        ? `SET SESSION max_statement_time = ${ms / 1000}`
        : `SET SESSION max_execution_time = ${ms}`,
    );
  }
  return statements;
}

/** A server error (mysql2 gives it an errno and the server's message); anything else is not the database's. */
export function describeMysqlError(error: unknown): DatabaseErrorInfo | undefined {
  if (!error || typeof error !== "object") return undefined;
  const { errno, sqlMessage } = error as { errno?: unknown; sqlMessage?: unknown };
  if (typeof errno !== "number" || typeof sqlMessage !== "string") return undefined;
  return { message: sqlMessage, code: String(errno) };
}

/**
 * The schema probe of crash recovery, from information_schema. Database and table names compare as the
 * server's lower_case_table_names says (exactly on Linux by default); column and index names never depend
 * on case. BINARY makes the exact comparison exact whatever collation information_schema uses.
 */
export function mysqlProbe(query: Query, lowerCaseTableNames: LowerCaseTableNames): SchemaProbe {
  const exact = lowerCaseTableNames === 0;
  const relation = (column: string) =>
    exact ? `BINARY ${column} = BINARY ?` : `LOWER(${column}) = LOWER(?)`;
  const schema = (column: string) =>
    exact
      ? `BINARY ${column} = BINARY COALESCE(?, DATABASE())`
      : `LOWER(${column}) = LOWER(COALESCE(?, DATABASE()))`;
  return {
    async relationExists(schemaName, name) {
      const rows = await query(
        `SELECT 1 AS found FROM information_schema.tables WHERE ${schema("table_schema")} AND ${relation("table_name")}`,
        [schemaName ?? null, name],
      );
      return rows.length > 0;
    },
    async columnExists(schemaName, table, column) {
      const rows = await query(
        `SELECT 1 AS found FROM information_schema.columns WHERE ${schema("table_schema")} AND ${relation("table_name")} AND LOWER(column_name) = LOWER(?)`,
        [schemaName ?? null, table, column],
      );
      return rows.length > 0;
    },
    async indexState(schemaName, table, name) {
      // An index name is unique per table only; without the table, any table of the database will do.
      const rows = await query(
        `SELECT 1 AS found FROM information_schema.statistics WHERE ${schema("table_schema")} AND (? IS NULL OR ${relation("table_name")}) AND LOWER(index_name) = LOWER(?)`,
        [schemaName ?? null, table ?? null, table ?? null, name],
      );
      // MySQL builds an index inside its statement: there is no half-built index to find.
      return rows.length > 0 ? "valid" : "absent";
    },
  };
}

export async function createMysqlDriver(url: string): Promise<DatabaseDriver> {
  const connection = await connect(url);
  const query: Query = async (sql, parameters = []) => {
    const [rows] = await connection.query(sql, parameters as unknown[]);
    return Array.isArray(rows) ? (rows as Row[]) : [];
  };
  const [facts] = await query(
    "SELECT VERSION() AS version, DATABASE() AS db, @@lower_case_table_names AS lctn, @@character_set_server AS charset, @@collation_server AS collation",
  );
  // Views, routines and triggers keep the connection's collation and compare strings by it. mysql2 connects
  // with utf8mb4_unicode_ci; the server's own utf8mb4 collation is what its tables use and what a DBA's
  // client would get with utf8mb4, so the migration runs with it (mysql2 sends utf8mb4 either way).
  if (facts?.charset === "utf8mb4" && typeof facts.collation === "string") {
    await connection.query(`SET NAMES utf8mb4 COLLATE ${quoteMysqlString(facts.collation)}`);
  }
  const version = String(facts?.version ?? "");
  const database = String(facts?.db ?? "");
  const lowerCaseTableNames = Number(facts?.lctn ?? 0) as LowerCaseTableNames;
  let lock: RunLock | undefined;
  return {
    dialect: "mysql",
    capabilities: {
      transactionalDdl: false,
      lock: "named",
      asynchronousSchemaChange: false,
      parameterStyle: "question",
    },
    identifiers: mysqlIdentifiers(lowerCaseTableNames),
    target: displayUrl(url),
    serverVersion: async () => (isMariadb(version) ? version : `MySQL ${version}`),
    currentSchema: async () => String((await query("SELECT DATABASE() AS db"))[0]?.db ?? ""),
    execute: async (sql) => {
      await connection.query(sql);
    },
    query,
    begin: async () => {
      await connection.query("START TRANSACTION");
    },
    commit: async () => {
      await connection.query("COMMIT");
    },
    rollback: async () => {
      await connection.query("ROLLBACK");
    },
    lock: async (lockOptions) => {
      lock = await namedLock(connection, mysqlLockName(database, lockOptions.name), lockOptions);
      return lock;
    },
    lockSql: (name) => mysqlLockSql(mysqlLockName(database, name)),
    sessionSql: (settings) => mysqlSessionSql(settings, version),
    probe: mysqlProbe(query, lowerCaseTableNames),
    quoteIdentifier: quoteMysqlIdentifier,
    describeError: describeMysqlError,
    close: async () => {
      await lock?.release();
      await connection.end().catch(() => connection.destroy());
    },
  };
}

/**
 * GET_LOCK on the migration session itself, not on a session of its own. A named lock ignores transactions
 * (COMMIT does not free it), and the server frees it only when the session ends, which is after the
 * statement the session was running: when a runner is killed mid-ALTER, the server finishes the ALTER and
 * only then lets the next runner in, so that runner's recovery sees the statement's real outcome. A lock on
 * a separate idle session would be freed at once when the killed process's sockets close, while the
 * ALTER still runs. Asked first without waiting, so that a wait names who holds the lock, then for the
 * timeout in whole seconds, as GET_LOCK counts it (the server wakes the waiter when the lock frees).
 */
async function namedLock(connection: Connection, name: string, options: LockOptions): Promise<RunLock> {
  const take = async (seconds: number): Promise<boolean> => {
    const [rows] = await connection.query("SELECT GET_LOCK(?, ?) AS taken", [name, seconds]);
    return Number((rows as Row[])[0]?.taken) === 1;
  };
  if (!(await take(0))) {
    options.onWait?.(await lockHolder(connection, name));
    if (!(await take(Math.max(1, Math.ceil(options.timeoutMs / 1000))))) {
      throw new SchematicError(
        "database",
        `Another runner has held the migration lock ${name} for ${Math.round(options.timeoutMs / 1000)} s; gave up waiting.`,
        {
          hint: "Wait for it to finish (`schematic migrate status` shows the history), or raise --lock-timeout.",
        },
      );
    }
  }
  const [idRows] = await connection.query("SELECT CONNECTION_ID() AS id");
  const id = (idRows as Row[])[0]?.id;
  let released = false;
  return {
    description: `GET_LOCK('${name}') on connection ${id}`,
    release: async () => {
      if (released) return;
      released = true;
      await connection.query("SELECT RELEASE_LOCK(?)", [name]).catch(() => undefined);
    },
  };
}

/** Who holds the lock: the holder's connection id, user and host, from the process list. */
async function lockHolder(connection: Connection, name: string): Promise<string | undefined> {
  try {
    const [rows] = await connection.query(
      "SELECT p.id, p.user, p.host FROM information_schema.processlist p WHERE p.id = IS_USED_LOCK(?)",
      [name],
    );
    const holder = (rows as Row[])[0];
    if (!holder) return undefined;
    return `connection ${holder.id} (${holder.user}@${holder.host})`;
  } catch {
    return undefined;
  }
}
