/**
 * The engines the runner's tests loop over: each gives a fresh empty database and opens drivers on it.
 * A server engine whose URL is not set is skipped with a notice; the loop runs the same tests on all.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import type { DialectName } from "../../src/dialects/dialect.js";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createMysqlDriver } from "../../src/migrate/drivers/mysql.js";
import { createPgliteDriver } from "../../src/migrate/drivers/pglite.js";
import { createPostgresDriver } from "../../src/migrate/drivers/postgres.js";
import { MYSQL_URL, noticeSkipped, PG_URL, scratchName, withDatabase, withPostgres } from "./servers.js";

export interface FreshDatabase {
  /** The URL of the database (for spawned processes); undefined for engines without one. */
  readonly url?: string;
  /** The data directory of an embedded database (for spawned processes). */
  readonly folder?: string;
  open(): Promise<DatabaseDriver>;
  /** Names of the tables in the database's default schema, sorted (the history table included). */
  tables(): Promise<string[]>;
  /**
   * Every column of the default schema's tables but the history table's, one line each (table, column,
   * position, type, nullability, default), sorted: two databases with the same lines have the same tables.
   */
  columns(): Promise<string[]>;
  /**
   * Runs a script with the engine's own command-line client (psql, mysql), as a team applies files by
   * hand: the reference a schema applied by Schematic is compared with. The embedded database has no
   * client: PGlite's own exec runs the script (the simple query protocol, as psql -f sends it).
   */
  applyWithClient?(sql: string): void | Promise<void>;
  drop(): Promise<void>;
}

export interface EngineUnderTest {
  readonly name: string;
  readonly dialect: DialectName;
  /** Why it cannot run here, when it cannot. */
  readonly skip?: string;
  /** A new empty database. */
  fresh(): Promise<FreshDatabase>;
}

const POSTGRES_TABLES = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1";
const POSTGRES_COLUMNS = `SELECT concat_ws(' | ', table_name, column_name, ordinal_position, data_type, character_maximum_length,
                                numeric_precision, numeric_scale, is_nullable, column_default) AS line
                           FROM information_schema.columns
                          WHERE table_schema = 'public' AND table_name <> 'schematic_history'
                          ORDER BY table_name, ordinal_position`;

const postgresEngine: EngineUnderTest = {
  name: "PostgreSQL",
  dialect: "postgres",
  ...(!PG_URL && { skip: "SCHEMATIC_TEST_PG_URL is not set" }),
  async fresh() {
    const database = scratchName("schematic_migrate");
    await withPostgres(PG_URL!, (admin) => admin.query(`CREATE DATABASE ${database}`));
    const url = withDatabase(PG_URL!, database);
    return {
      url,
      open: () => createPostgresDriver(url),
      tables: () =>
        withPostgres(url, async (client) =>
          (await client.query<{ name: string }>(POSTGRES_TABLES)).rows.map((row) => row.name),
        ),
      columns: () =>
        withPostgres(url, async (client) =>
          (await client.query<{ line: string }>(POSTGRES_COLUMNS)).rows.map((row) => row.line),
        ),
      applyWithClient: (sql) => runClient("psql", [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], sql),
      drop: () =>
        withPostgres(PG_URL!, (admin) =>
          admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
        ).then(() => undefined),
    };
  },
};

async function withMysqlAdmin<T>(url: string, body: (client: mysql.Connection) => Promise<T>): Promise<T> {
  const client = await mysql.createConnection({ uri: url });
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

const mariadbEngine: EngineUnderTest = {
  name: "MariaDB",
  dialect: "mysql",
  ...(!MYSQL_URL && { skip: "SCHEMATIC_TEST_MYSQL_URL is not set" }),
  async fresh() {
    const database = scratchName("schematic_migrate");
    await withMysqlAdmin(MYSQL_URL!, (admin) => admin.query(`CREATE DATABASE \`${database}\``));
    const url = withDatabase(MYSQL_URL!, database);
    return {
      url,
      open: () => createMysqlDriver(url),
      tables: () =>
        withMysqlAdmin(MYSQL_URL!, async (client) => {
          const [rows] = await client.query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1",
            [database],
          );
          return (rows as { name: string }[]).map((row) => row.name);
        }),
      columns: () =>
        withMysqlAdmin(url, async (client) => {
          const [rows] = await client.query(
            `SELECT concat_ws(' | ', table_name, column_name, ordinal_position, column_type, is_nullable,
                    column_default, extra, column_key, collation_name) AS line
               FROM information_schema.columns
              WHERE table_schema = DATABASE() AND table_name <> 'schematic_history'
              ORDER BY table_name, ordinal_position`,
          );
          return (rows as { line: string }[]).map((row) => row.line);
        }),
      applyWithClient: (sql) => runClient("mysql", mysqlClientArguments(url), sql, mysqlClientEnv(url)),
      drop: () =>
        withMysqlAdmin(MYSQL_URL!, (admin) => admin.query(`DROP DATABASE IF EXISTS \`${database}\``)).then(
          () => undefined,
        ),
    };
  },
};

/** The mysql client's arguments for a URL (the password goes in MYSQL_PWD, never on the command line). */
export function mysqlClientArguments(url: string): string[] {
  const parsed = new URL(url);
  return [
    `--host=${parsed.hostname}`,
    `--port=${parsed.port || "3306"}`,
    `--user=${decodeURIComponent(parsed.username)}`,
    `--database=${decodeURIComponent(parsed.pathname.slice(1))}`,
    // As the driver connects (the client's own default is utf8mb3, which views and routines record).
    "--default-character-set=utf8mb4",
    // Sends routine bodies with their comments, as the driver does (the client strips them by default).
    "--comments",
  ];
}

export function mysqlClientEnv(url: string): NodeJS.ProcessEnv {
  const password = decodeURIComponent(new URL(url).password);
  return password ? { MYSQL_PWD: password } : {};
}

/** Runs a database client with the script on its standard input; its error output when it fails. */
function runClient(
  command: string,
  args: readonly string[],
  input: string,
  env: NodeJS.ProcessEnv = {},
): void {
  const run = spawnSync(command, args, { input, encoding: "utf8", env: { ...process.env, ...env } });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${command} exited with ${run.status}: ${run.stderr}`);
}

/** The embedded database: a new folder from the prepared cluster, in a temporary directory removed after. */
const pgliteEngine: EngineUnderTest = {
  name: "PGlite",
  dialect: "postgres",
  async fresh() {
    const parent = mkdtempSync(path.join(tmpdir(), "schematic-pglite-"));
    const folder = path.join(parent, "db");
    // Opened beside the test's drivers: in one process they share the database.
    const lines = async (sql: string, column: string): Promise<string[]> => {
      const driver = await createPgliteDriver(folder);
      try {
        return (await driver.query(sql)).map((row) => String(row[column]));
      } finally {
        await driver.close();
      }
    };
    return {
      folder,
      open: () => createPgliteDriver(folder),
      tables: () => lines(POSTGRES_TABLES, "name"),
      columns: () => lines(POSTGRES_COLUMNS, "line"),
      applyWithClient: async (sql) => {
        const driver = await createPgliteDriver(folder);
        try {
          await driver.execute(sql);
        } finally {
          await driver.close();
        }
      },
      drop: async () => rmSync(parent, { recursive: true, force: true }),
    };
  },
};

export const ENGINES: readonly EngineUnderTest[] = [postgresEngine, mariadbEngine, pgliteEngine];

for (const engine of ENGINES) {
  if (engine.skip)
    noticeSkipped(engine.skip.split(" ")[0]!, `the migration runner's tests on ${engine.name}`);
}
