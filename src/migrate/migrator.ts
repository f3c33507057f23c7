/**
 * Puts a Migrator together for one database: the dialect cuts scripts into statements, the driver says
 * which of them refuse a transaction, the history lives where the configuration says.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Dialect } from "../dialects/dialect.js";
import { migrationChecksum } from "../migrations/checksum.js";
import type { Migration, MigrationScript } from "../migrations/loader.js";
import type { PlaceholderSyntax } from "../migrations/placeholders.js";
import type { DatabaseDriver, SessionSettings } from "./driver.js";
import { type HistoryLocation, SqlHistoryStore } from "./history.js";
import { type MigrateEvent, Migrator, type RunHooks } from "./runner.js";
import { type ExecutionPlan, executionPlan } from "./statements.js";

export interface MigratorSetup {
  readonly dialect: Dialect;
  readonly driver: DatabaseDriver;
  readonly migrations: readonly Migration[];
  readonly placeholders: Readonly<Record<string, string>>;
  readonly placeholderSyntax: readonly PlaceholderSyntax[];
  readonly history: HistoryLocation;
  readonly lockTimeoutMs: number;
  readonly session?: SessionSettings;
  readonly appliedBy: string;
  readonly toolVersion: string;
  readonly hooks?: RunHooks;
  readonly onEvent?: (event: MigrateEvent) => void;
  readonly outOfOrder?: boolean;
}

/**
 * A migration may say outside its text that it runs outside a transaction: ory's `.autocommit.` in the
 * file's name, or diesel's `metadata.toml` beside an up.sql (`run_in_transaction = false`).
 */
function declaredNoTransaction(script: MigrationScript): string | undefined {
  if (/\.autocommit\.(up|down)\.sql$/i.test(script.absolutePath)) return "its name says .autocommit";
  let metadata: string;
  try {
    metadata = readFileSync(path.join(path.dirname(script.absolutePath), "metadata.toml"), "utf8");
  } catch {
    return undefined;
  }
  return /^\s*run_in_transaction\s*=\s*false\b/m.test(metadata)
    ? "its metadata.toml says run_in_transaction = false"
    : undefined;
}

export function createMigrator(setup: MigratorSetup): Migrator {
  const { dialect, driver } = setup;
  const plans = new Map<MigrationScript, ExecutionPlan>();
  const checksums = new Map<Migration, string>();
  const plan = (script: MigrationScript): ExecutionPlan => {
    let known = plans.get(script);
    if (!known) {
      const noTransaction = declaredNoTransaction(script);
      known = executionPlan(script.path, script.text, {
        dialect,
        placeholders: setup.placeholders,
        placeholderSyntax: setup.placeholderSyntax,
        transactionalDdl: driver.capabilities.transactionalDdl,
        ...(driver.refusesTransaction && {
          refusesTransaction: (sql: string) => driver.refusesTransaction!(sql),
        }),
        ...(noTransaction && { declaredNoTransaction: noTransaction }),
      });
      plans.set(script, known);
    }
    return known;
  };
  // Where a session schema is configured, unqualified names (the history table's too) land in it.
  const location = {
    ...setup.history,
    ...(setup.history.schema === undefined &&
      setup.session?.schema !== undefined && { schema: setup.session.schema }),
  };
  const history: SqlHistoryStore = new SqlHistoryStore(driver, location, () =>
    driver.probe.relationExists(history.sql.location.schema, history.sql.location.table),
  );
  return new Migrator({
    driver,
    history,
    historySql: history.sql,
    migrations: setup.migrations,
    plan,
    checksum: (migration) => {
      let known = checksums.get(migration);
      if (known === undefined) {
        known = migrationChecksum(dialect, migration.up.text);
        checksums.set(migration, known);
      }
      return known;
    },
    lockName: location.schema ? `${location.schema}.${location.table}` : location.table,
    lockTimeoutMs: setup.lockTimeoutMs,
    ...(setup.session && { session: setup.session }),
    appliedBy: setup.appliedBy,
    toolVersion: setup.toolVersion,
    ...(setup.hooks && { hooks: setup.hooks }),
    ...(setup.onEvent && { onEvent: setup.onEvent }),
    ...(setup.outOfOrder && { outOfOrder: true }),
  });
}
