/**
 * A project's migrations and the database they go to, opened together: what `schematic migrate` and
 * `schematic check --url` share. Reading where the database stands needs only the lexer (checksums);
 * the parser, needed to cut scripts into statements, loads only when something is to run.
 */
import path from "node:path";
import type { SchematicConfig } from "../config/config.js";
import { type CheckSettings, resolveSettings } from "../config/settings.js";
import type { DialectName } from "../dialects/dialect.js";
import { DIALECTS } from "../dialects/index.js";
import { migrationChecksum } from "../migrations/checksum.js";
import { loadMigrations, type Migration, toDisplayPath } from "../migrations/loader.js";
import { chooseDatabase, type DatabaseChoice, type DatabaseFlags } from "./database-choice.js";
import type { DatabaseDriver, SessionSettings } from "./driver.js";
import { DEFAULT_HISTORY_TABLE, type HistoryLocation, SqlHistoryStore } from "./history.js";
import { describeChoice, dialectOfChoice, openDatabase } from "./open-database.js";
import { type MigrationStatus, migrationStatus } from "./plan.js";

export interface ProjectInput extends DatabaseFlags {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly config: SchematicConfig;
  /** --dialect: a name or alias. */
  readonly dialect?: string;
  /** --migrations: relative to cwd. */
  readonly migrations?: string;
  /** What the user should know while the database opens (see OpenOptions). */
  readonly onNotice?: (message: string) => void;
  readonly onWait?: (holder: string) => void;
}

export interface ProjectDatabase {
  readonly choice: DatabaseChoice;
  /** The database as every output names it: the URL without its password, or the embedded folder. */
  readonly target: string;
  readonly dialect: DialectName;
  readonly settings: CheckSettings;
  readonly migrations: readonly Migration[];
  readonly driver: DatabaseDriver;
  readonly history: HistoryLocation;
  readonly session: SessionSettings;
  /** The checksum of a migration's up script (the lexer's tokens, as the Migrator computes it). */
  readonly checksum: (migration: Migration) => string;
  /** Where the database stands against the folder; reads only. */
  status(): Promise<MigrationStatus>;
  close(): Promise<void>;
}

/** Where the history table is: the environment's, else schematic_history in the environment's schema. */
export function historyLocation(choice: DatabaseChoice): HistoryLocation {
  const environment = choice.environment;
  const schema = environment?.history?.schema ?? environment?.schema;
  return {
    table: environment?.history?.table ?? DEFAULT_HISTORY_TABLE,
    ...(schema !== undefined && { schema }),
  };
}

export function sessionSettings(choice: DatabaseChoice): SessionSettings {
  const environment = choice.environment;
  return {
    ...(environment?.schema !== undefined && { schema: environment.schema }),
    ...(environment?.lockTimeoutMs !== undefined && { lockTimeoutMs: environment.lockTimeoutMs }),
    ...(environment?.statementTimeoutMs !== undefined && {
      statementTimeoutMs: environment.statementTimeoutMs,
    }),
  };
}

/**
 * Chooses the database (database-choice.ts), loads the migrations in its dialect and connects. The
 * migrations load before the connection, so that a wrong folder is said without waiting for a server.
 */
export async function openProjectDatabase(input: ProjectInput): Promise<ProjectDatabase> {
  const { cwd, config } = input;
  const settings = resolveSettings({
    cwd,
    config,
    ...(input.dialect !== undefined && { dialect: input.dialect }),
    ...(input.migrations !== undefined && { migrations: input.migrations }),
  });
  const choice = chooseDatabase(
    {
      ...(input.url !== undefined && { url: input.url }),
      ...(input.environment !== undefined && { environment: input.environment }),
    },
    config,
    input.env,
    cwd,
  );
  const dialect = settings.dialect ?? dialectOfChoice(choice);
  const folder = path.isAbsolute(settings.migrations)
    ? toDisplayPath(cwd, settings.migrations)
    : settings.migrations;
  const migrations = loadMigrations(folder, { dialect, cwd });
  // The lexer alone (the registry's slot): reading where the database stands never loads the parser.
  const tokens = await DIALECTS[dialect].lexer();
  const checksums = new Map<Migration, string>();
  const checksum = (migration: Migration) => {
    let known = checksums.get(migration);
    if (known === undefined) {
      known = migrationChecksum({ tokens }, migration.up.text);
      checksums.set(migration, known);
    }
    return known;
  };
  const driver = await openDatabase(choice, {
    cwd,
    ...(settings.dialect && { dialect: settings.dialect }),
    ...(input.onNotice && { onNotice: input.onNotice }),
    ...(input.onWait && { onWait: input.onWait }),
  });
  const history = historyLocation(choice);
  const session = sessionSettings(choice);
  return {
    choice,
    target: describeChoice(choice, cwd),
    dialect,
    settings,
    migrations,
    driver,
    history,
    session,
    checksum,
    status: async () => {
      const store = new SqlHistoryStore(driver, history, () =>
        driver.probe.relationExists(history.schema, history.table),
      );
      return migrationStatus(migrations, await store.read(), checksum);
    },
    close: () => driver.close(),
  };
}

/**
 * `schematic check --url` / `--env`: the migrations not applied in that database are the change under
 * review (absolute paths of their files), and the database as the report names it.
 */
export async function unappliedMigrationFiles(
  input: ProjectInput,
): Promise<{ files: string[]; target: string }> {
  const project = await openProjectDatabase(input);
  try {
    const status = await project.status();
    return { files: status.pending.map((migration) => migration.up.absolutePath), target: project.target };
  } finally {
    await project.close();
  }
}
