/**
 * The engines the runner's tests loop over: each gives a fresh empty database and opens drivers on it.
 * A server engine whose URL is not set is skipped with a notice; the loop runs the same tests on all.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { DialectName } from "../../src/dialects/dialect.js";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createPgliteDriver } from "../../src/migrate/drivers/pglite.js";
import { createPostgresDriver } from "../../src/migrate/drivers/postgres.js";
import { noticeSkipped, PG_URL, scratchName, withDatabase } from "./servers.js";

export interface FreshDatabase {
  /** The URL of the database (for spawned processes); undefined for engines without one. */
  readonly url?: string;
  /** The data directory of an embedded database (for spawned processes). */
  readonly folder?: string;
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

/** The embedded database: a new folder from the prepared cluster, in a temporary directory removed after. */
const pgliteEngine: EngineUnderTest = {
  name: "PGlite",
  dialect: "postgres",
  async fresh() {
    const parent = mkdtempSync(path.join(tmpdir(), "schematic-pglite-"));
    const folder = path.join(parent, "db");
    return {
      folder,
      open: () => createPgliteDriver(folder),
      // Opened beside the test's drivers: in one process they share the database.
      tables: async () => {
        const driver = await createPgliteDriver(folder);
        try {
          const rows = await driver.query(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
          );
          return rows.map((row) => String(row.name));
        } finally {
          await driver.close();
        }
      },
      drop: async () => rmSync(parent, { recursive: true, force: true }),
    };
  },
};

export const ENGINES: readonly EngineUnderTest[] = [postgresEngine, pgliteEngine];

for (const engine of ENGINES) {
  if (engine.skip)
    noticeSkipped(engine.skip.split(" ")[0]!, `the migration runner's tests on ${engine.name}`);
}
