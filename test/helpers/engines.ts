/**
 * The engines the runner's tests loop over: each gives a fresh empty database and opens drivers on it.
 * A server engine whose URL is not set is skipped with a notice; the loop runs the same tests on all.
 */
import mysql from "mysql2/promise";
import pg from "pg";
import type { DialectName } from "../../src/dialects/dialect.js";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createMysqlDriver } from "../../src/migrate/drivers/mysql.js";
import { createPostgresDriver } from "../../src/migrate/drivers/postgres.js";
import { MYSQL_URL, noticeSkipped, PG_URL, scratchName, withDatabase } from "./servers.js";

export interface FreshDatabase {
  /** The URL of the database (for spawned processes); undefined for engines without one. */
  readonly url?: string;
  open(): Promise<DatabaseDriver>;
  /** Names of the tables in the database's default schema, sorted (the history table included). */
  tables(): Promise<string[]>;
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

async function withAdmin<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

const postgresEngine: EngineUnderTest = {
  name: "PostgreSQL",
  dialect: "postgres",
  ...(!PG_URL && { skip: "SCHEMATIC_TEST_PG_URL is not set" }),
  async fresh() {
    const database = scratchName("schematic_migrate");
    await withAdmin(PG_URL!, (admin) => admin.query(`CREATE DATABASE ${database}`));
    const url = withDatabase(PG_URL!, database);
    return {
      url,
      open: () => createPostgresDriver(url),
      tables: () =>
        withAdmin(url, async (client) =>
          (
            await client.query<{ name: string }>(
              "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            )
          ).rows.map((row) => row.name),
        ),
      drop: () =>
        withAdmin(PG_URL!, (admin) => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(
          () => undefined,
        ),
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
      drop: () =>
        withMysqlAdmin(MYSQL_URL!, (admin) => admin.query(`DROP DATABASE IF EXISTS \`${database}\``)).then(
          () => undefined,
        ),
    };
  },
};

export const ENGINES: readonly EngineUnderTest[] = [postgresEngine, mariadbEngine];

for (const engine of ENGINES) {
  if (engine.skip)
    noticeSkipped(engine.skip.split(" ")[0]!, `the migration runner's tests on ${engine.name}`);
}
