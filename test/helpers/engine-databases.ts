/**
 * What every engine-loop test sets up: fresh databases and drivers that are closed and dropped after each
 * test, and a Migrator over a project folder's `migrations/` with the tests' usual settings.
 */
import { afterEach } from "vitest";
import type { DialectName } from "../../src/dialects/dialect.js";
import { createDialect } from "../../src/dialects/index.js";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createMigrator, type MigratorSetup } from "../../src/migrate/migrator.js";
import type { Migrator } from "../../src/migrate/runner.js";
import type { Migration } from "../../src/migrations/loader.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import type { EngineUnderTest, FreshDatabase } from "./engines.js";

export interface EngineDatabases {
  /** A new empty database, dropped after the test. */
  fresh(): Promise<FreshDatabase>;
  /** A driver on the database, closed after the test (before the database is dropped). */
  open(database: FreshDatabase): Promise<DatabaseDriver>;
}

/** Call in a describe block: the databases and drivers its tests make are cleaned up after each. */
export function useEngineDatabases(engine: Pick<EngineUnderTest, "fresh">): EngineDatabases {
  const opened: DatabaseDriver[] = [];
  const databases: FreshDatabase[] = [];
  afterEach(async () => {
    for (const driver of opened.splice(0)) await driver.close();
    for (const database of databases.splice(0)) await database.drop();
  });
  return {
    async fresh() {
      const database = await engine.fresh();
      databases.push(database);
      return database;
    },
    async open(database) {
      const driver = await database.open();
      opened.push(driver);
      return driver;
    },
  };
}

/** The folder's `migrations/` in the dialect, run on the driver: history schematic_history, Flyway placeholders. */
export async function testMigrator(
  dialectName: DialectName,
  driver: DatabaseDriver,
  cwd: string,
  overrides: Partial<MigratorSetup> = {},
): Promise<{ migrator: Migrator; migrations: readonly Migration[] }> {
  const migrations = loadMigrations("migrations", { dialect: dialectName, cwd });
  const migrator = createMigrator({
    dialect: await createDialect(dialectName),
    driver,
    migrations,
    placeholders: {},
    placeholderSyntax: ["flyway"],
    history: { table: "schematic_history" },
    lockTimeoutMs: 10_000,
    appliedBy: "test@host",
    toolVersion: "0.1.0",
    ...overrides,
  });
  return { migrator, migrations };
}
