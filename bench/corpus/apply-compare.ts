/**
 * Applies the real migration sets of the corpora from empty to head with Schematic's runner (the library:
 * loader, createMigrator, the engine's driver) into one fresh database, and the same files with the
 * engine's own client (`psql -v ON_ERROR_STOP=1 -f`, `mysql`) in the loader's order into another; compares
 * the two schema dumps (the history table left out); then undoes every migration that has a down script
 * and checks that the schema is the empty one again. Prints the counts; exits 1 on any difference.
 *
 *   npx tsx bench/corpus/apply-compare.ts [--only NAME] [--corpora DIR]
 *
 * Servers: SCHEMATIC_TEST_PG_URL and SCHEMATIC_TEST_MYSQL_URL (the tests' variables; a set whose server is
 * not configured is skipped, and says so). Every database is made for the run and dropped after it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DialectName } from "../../src/dialects/dialect.js";
import { createDialect } from "../../src/dialects/index.js";
import { SchematicError } from "../../src/errors.js";
import { displayUrl } from "../../src/migrate/connection.js";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createMysqlDriver } from "../../src/migrate/drivers/mysql.js";
import { createPostgresDriver } from "../../src/migrate/drivers/postgres.js";
import { createMigrator } from "../../src/migrate/migrator.js";
import type { AppliedMigration } from "../../src/migrate/plan.js";
import type { MigrationResult, Migrator } from "../../src/migrate/runner.js";
import { loadMigrations, type Migration, type MigrationScript } from "../../src/migrations/loader.js";
import type { PlaceholderSyntax } from "../../src/migrations/placeholders.js";
import { dumpDifference, mysqlSchemaDump, postgresSchemaDump, runClient } from "./schema-dump.js";

const HISTORY_TABLE = "schematic_history";

interface MigrationSet {
  readonly name: string;
  readonly dialect: DialectName;
  /** The migrations folder, relative to the corpora root; the loader picks the dialect's files. */
  readonly dir: string;
  readonly placeholders?: Readonly<Record<string, string>>;
  readonly placeholderSyntax?: readonly PlaceholderSyntax[];
  /**
   * Renders a file for the client as the set's own tool does before running it (independently of
   * Schematic's placeholder code, so that a bug there shows as a difference).
   */
  readonly render?: (text: string) => string;
  /** What the set's own tool sets up before its first migration, run by the client on both databases. */
  readonly prelude?: string;
  /**
   * Whether the set's own tool runs this script in a transaction (the client then runs it with
   * --single-transaction, so that a failing script leaves nothing behind, as there); default: yes.
   */
  readonly inTransaction?: (script: MigrationScript) => boolean;
  /** Which of the loader's migrations the set's own tool runs. */
  readonly include?: (migration: Migration) => boolean;
}

/** supabase/auth renders `{{ index .Options "Namespace" }}` with its schema name before running a file. */
function renderSupabaseNamespace(text: string): string {
  const rendered = text.replace(/\{\{\s*index\s+\.Options\s+"Namespace"\s*\}\}/g, "auth");
  if (rendered.includes("{{")) throw new Error("supabase/auth: a Go template other than the Namespace one");
  return rendered;
}

/** diesel's metadata.toml beside the script says `run_in_transaction = false`. */
function dieselOutsideTransaction(script: MigrationScript): boolean {
  try {
    const metadata = readFileSync(path.join(path.dirname(script.absolutePath), "metadata.toml"), "utf8");
    return /^\s*run_in_transaction\s*=\s*false\b/m.test(metadata);
  } catch {
    return false;
  }
}

const SETS: readonly MigrationSet[] = [
  {
    name: "pg-crates-io",
    dialect: "postgres",
    dir: "pg-crates-io/migrations",
    // diesel runs <version>_<name>/up.sql only; data_oauth_github.sql beside them is run by hand (and
    // fails on today's schema, with psql as with the runner: users.gh_encrypted_token is gone).
    include: (migration) => /\/up\.sql$/.test(migration.up.path),
    inTransaction: (script) => !dieselOutsideTransaction(script),
  },
  {
    name: "pg-supabase-auth",
    dialect: "postgres",
    dir: "pg-supabase-auth/migrations",
    placeholders: { "Options.Namespace": "auth" },
    placeholderSyntax: ["go-template"],
    render: renderSupabaseNamespace,
    // supabase/auth creates its namespace, and ory/pop its schema_migrations table there, before migrating.
    prelude:
      "CREATE SCHEMA auth;\nCREATE TABLE auth.schema_migrations (version varchar(14) NOT NULL PRIMARY KEY);\n",
  },
  {
    name: "pg-mysql-authelia (postgres)",
    dialect: "postgres",
    dir: "pg-mysql-authelia/internal/storage/migrations",
  },
  {
    name: "pg-mysql-ory-hydra (postgres)",
    dialect: "postgres",
    dir: "pg-mysql-ory-hydra/persistence/sql/migrations",
    inTransaction: (script) => !/\.autocommit\.(up|down)\.sql$/.test(script.path),
  },
  {
    name: "pg-mysql-authelia (mysql)",
    dialect: "mysql",
    dir: "pg-mysql-authelia/internal/storage/migrations",
  },
  {
    name: "pg-mysql-ory-hydra (mysql)",
    dialect: "mysql",
    dir: "pg-mysql-ory-hydra/persistence/sql/migrations",
    inTransaction: (script) => !/\.autocommit\.(up|down)\.sql$/.test(script.path),
  },
];

/** A database made for this run. */
interface Scratch {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** One server engine: how to make a database, run a file with its client, dump its schema, open a driver. */
interface Engine {
  readonly label: string;
  create(): Promise<Scratch>;
  /** Runs a file with the engine's client, in one transaction when `transaction` (where DDL has them). */
  runFile(database: Scratch, file: string, transaction: boolean): void;
  runSql(database: Scratch, sql: string): void;
  dump(database: Scratch): string;
  open(database: Scratch): Promise<DatabaseDriver>;
}

function scratchName(): string {
  return `schematic_apply_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A new database on the server, through the engine's client, with the way to drop it. */
function scratchDatabase(serverUrl: string, admin: (sql: string) => unknown, dropOptions: string) {
  const name = scratchName();
  admin(`CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      admin(`DROP DATABASE IF EXISTS ${name}${dropOptions}`);
    },
  };
}

function postgresEngine(serverUrl: string): Engine {
  const admin = (sql: string) =>
    runClient("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", serverUrl, "-c", sql]);
  return {
    label: `PostgreSQL at ${displayUrl(serverUrl)}`,
    create: async () => scratchDatabase(serverUrl, admin, " WITH (FORCE)"),
    runFile: (database, file, transaction) => {
      const psql = (single: string[]) =>
        runClient("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...single, "-d", database.url, "-f", file]);
      if (!transaction) return void psql([]);
      try {
        psql(["--single-transaction"]);
      } catch (error) {
        // CREATE INDEX CONCURRENTLY and the like: the transaction rolled back, so run it as it must run.
        if (!/cannot run inside a transaction block/.test((error as Error).message)) throw error;
        psql([]);
      }
    },
    runSql: (database, sql) => {
      runClient("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database.url], sql);
    },
    dump: (database) => postgresSchemaDump(database.url, HISTORY_TABLE),
    open: (database) => createPostgresDriver(database.url),
  };
}

/** A statement delimiter that no migration contains (the client keeps at most 15 characters of one). */
const WHOLE_FILE = "@@@EOF@@@";

/** The mysql client's connection options for a URL (the password through MYSQL_PWD, never argv). */
function mysqlConnection(url: string): string[] {
  const parsed = new URL(url);
  if (parsed.password) process.env.MYSQL_PWD = decodeURIComponent(parsed.password);
  return [
    "-h",
    parsed.hostname,
    "-P",
    parsed.port || "3306",
    "-u",
    decodeURIComponent(parsed.username || "root"),
  ];
}

function mysqlEngine(serverUrl: string): Engine {
  const connection = mysqlConnection(serverUrl);
  const admin = (sql: string) => runClient("mysql", [...connection, "-e", sql]);
  return {
    label: `MariaDB/MySQL at ${displayUrl(serverUrl)}`,
    create: async () => scratchDatabase(serverUrl, admin, ""),
    // The sets' own tools (Go's database/sql with multiStatements) send a file as one multi-statement
    // query, routine bodies without DELIMITER included: the client does the same with a delimiter no file
    // has. Fed on standard input, it stops at the first error (`source` would go on past it).
    runFile: (database, file) => {
      runClient(
        "mysql",
        [...connection, `--delimiter=${WHOLE_FILE}`, database.name],
        `${readFileSync(file, "utf8")}\n${WHOLE_FILE}\n`,
      );
    },
    runSql: (database, sql) => {
      runClient("mysql", [...connection, database.name], sql);
    },
    dump: (database) => mysqlSchemaDump(connection, database.name, HISTORY_TABLE),
    open: (database) => createMysqlDriver(database.url),
  };
}

interface Stop {
  readonly id: string;
  readonly message: string;
}

interface SetOutcome {
  readonly name: string;
  readonly migrations: number;
  readonly statements: number;
  readonly upEqual: boolean;
  readonly downMigrations: number;
  readonly downStatements: number;
  /** Migrations without a down script, whose rows were removed with `repair --reverted` instead. */
  readonly noDown: readonly string[];
  /** After undoing: the runner's schema is the client's (undefined: not compared). */
  readonly downEqual?: boolean;
  /** After undoing everything: the schema is the empty one again. */
  readonly downEmpty?: boolean;
  /** Lines of the schema dump that differ from the empty one after undoing past failed down scripts. */
  readonly leftBehind?: number;
  /** Where up stopped, with the runner and the client alike (the set is for another server version). */
  readonly upStop?: Stop;
  /** Down scripts that fail with the client too (the set's own defects): both went on past them. */
  readonly downStops: readonly Stop[];
  readonly ms: number;
  readonly problems: readonly string[];
}

async function compareSet(
  set: MigrationSet,
  engine: Engine,
  root: string,
  scratchDir: string,
): Promise<SetOutcome> {
  const started = performance.now();
  const problems: string[] = [];
  const migrations = loadMigrations(set.dir, { dialect: set.dialect, cwd: root }).filter(
    (migration) => set.include?.(migration) ?? true,
  );
  const dialect = await createDialect(set.dialect);
  const viaRunner = await engine.create();
  const viaClient = await engine.create();
  let driver: DatabaseDriver | undefined;
  try {
    if (set.prelude) {
      engine.runSql(viaRunner, set.prelude);
      engine.runSql(viaClient, set.prelude);
    }
    const empty = engine.dump(viaClient);

    driver = await engine.open(viaRunner);
    const migrator = createMigrator({
      dialect,
      driver,
      migrations,
      placeholders: set.placeholders ?? {},
      placeholderSyntax: set.placeholderSyntax ?? ["flyway"],
      history: { table: HISTORY_TABLE },
      lockTimeoutMs: 60_000,
      appliedBy: "apply-compare",
      toolVersion: "bench",
    });
    const up = await migrator.up().catch((error: unknown) => {
      problems.push(`runner: ${describeError(error)}`);
      return { results: [], ok: false };
    });
    const statements = sum(up.results, (result) => result.statementsRun);
    const failed = up.results.find((result) => result.status === "failed");
    let clientFailed: Stop | undefined;
    for (const migration of migrations) {
      try {
        engine.runFile(
          viaClient,
          clientFile(set, migration.up, scratchDir),
          set.inTransaction?.(migration.up) ?? true,
        );
      } catch (error) {
        clientFailed = { id: migration.id, message: (error as Error).message };
        break;
      }
    }
    // A migration the server refuses with the client too (a set written for another server version) stops
    // both at the same place: the schemas there are compared, and nothing is undone.
    let upStop: Stop | undefined;
    if (failed?.id !== clientFailed?.id) {
      if (failed) problems.push(`runner: ${describeFailure(failed)}`);
      if (clientFailed) problems.push(`client: ${clientFailed.id}: ${clientFailed.message}`);
      if (!failed && !clientFailed) problems.push("runner: stopped before applying everything");
    } else if (failed && clientFailed) {
      upStop = { id: failed.id, message: describeFailure(failed) };
    }

    const upEqual =
      problems.length === 0 && compareDumps("up", engine.dump(viaRunner), engine.dump(viaClient), problems);

    let downMigrations = 0;
    let downStatements = 0;
    const noDown: string[] = [];
    let downEqual: boolean | undefined;
    let downEmpty: boolean | undefined;
    let downStops: readonly Stop[] = [];
    let leftBehind: number | undefined;
    if (problems.length === 0 && !upStop && migrations.some((migration) => migration.down)) {
      const down = await undoAll(migrator, migrations, noDown).catch((error: unknown) => {
        problems.push(`runner down: ${describeError(error)}`);
        return { results: [], stops: [] };
      });
      downMigrations = down.results.filter((result) => result.status === "reverted").length;
      downStatements = sum(down.results, (result) => result.statementsRun);
      const clientStops = undoWithClient(engine, viaClient, set, migrations, scratchDir);
      const runnerIds = down.stops.map((stop) => stop.id).join(", ");
      const clientIds = clientStops.map((stop) => stop.id).join(", ");
      if (runnerIds !== clientIds) {
        problems.push(
          `down: the runner's down scripts failed at [${runnerIds}], the client's at [${clientIds}]\n${[...down.stops, ...clientStops].map((stop) => `    ${headline(stop.message)}`).join("\n")}`,
        );
      } else if (problems.length === 0) {
        downStops = clientStops;
        downEqual = compareDumps("down", engine.dump(viaRunner), engine.dump(viaClient), problems);
        if (clientStops.length === 0 && downEqual)
          downEmpty = compareDumps("down to base", engine.dump(viaRunner), empty, problems);
        else if (downEqual) {
          // What the failed down scripts left behind, on both: the schema is not the empty one.
          const left = dumpDifference(engine.dump(viaRunner), empty, 1_000_000);
          leftBehind = left.onlyLeft.length + left.onlyRight.length;
        }
      }
    }
    return {
      name: set.name,
      migrations: migrations.length,
      statements,
      upEqual,
      downMigrations,
      downStatements,
      noDown,
      ...(downEqual !== undefined && { downEqual }),
      ...(downEmpty !== undefined && { downEmpty }),
      downStops,
      ...(leftBehind !== undefined && { leftBehind }),
      ...(upStop && { upStop }),
      ms: performance.now() - started,
      problems,
    };
  } finally {
    await driver?.close();
    await viaRunner.drop();
    await viaClient.drop();
  }
}

/**
 * Undoes every applied migration, latest first, one `down` at a time. A migration without a down script
 * (ory's irreversible steps), or whose down script fails or does not parse (the client's run of it fails
 * too, or the comparison says so), has its row removed as `repair --reverted` does, and the undoing goes
 * on, as a user who settled it by hand would.
 */
async function undoAll(
  migrator: Migrator,
  migrations: readonly Migration[],
  noDown: string[],
): Promise<{ results: MigrationResult[]; stops: Stop[] }> {
  const byId = new Map(migrations.map((migration) => [migration.id, migration]));
  const results: MigrationResult[] = [];
  const stops: Stop[] = [];
  for (;;) {
    const status = await migrator.status();
    const latest = status.applied.reduce<AppliedMigration | undefined>(
      (last, entry) => (last && last.row.installedRank > entry.row.installedRank ? last : entry),
      undefined,
    );
    if (!latest) return { results, stops };
    const { id } = latest.row;
    if (!byId.get(id)?.down) {
      noDown.push(id);
      await migrator.repair(id, "reverted");
      continue;
    }
    try {
      const [result] = (await migrator.down({ step: 1 })).results;
      if (result?.status === "reverted") results.push(result);
      else {
        stops.push({ id, message: result ? describeFailure(result) : "nothing undone" });
        await migrator.repair(id, "reverted");
      }
    } catch (error) {
      if (!(error instanceof SchematicError) || error.code !== "sql-parse") throw error;
      stops.push({ id, message: describeError(error) });
      await migrator.repair(id, "reverted");
    }
  }
}

/**
 * The client runs the down scripts latest first, as the runner did, going on past one that fails; the
 * ones that failed.
 */
function undoWithClient(
  engine: Engine,
  database: Scratch,
  set: MigrationSet,
  migrations: readonly Migration[],
  scratchDir: string,
): Stop[] {
  const stops: Stop[] = [];
  for (const migration of [...migrations].reverse()) {
    if (!migration.down) continue;
    try {
      engine.runFile(
        database,
        clientFile(set, migration.down, scratchDir),
        set.inTransaction?.(migration.down) ?? true,
      );
    } catch (error) {
      stops.push({ id: migration.id, message: (error as Error).message });
    }
  }
  return stops;
}

/** The file the client runs: the script's own, or a rendered copy where the set renders templates. */
function clientFile(set: MigrationSet, script: MigrationScript, scratchDir: string): string {
  if (!set.render) return script.absolutePath;
  const file = path.join(scratchDir, script.path.replace(/[^\w.-]+/g, "_"));
  writeFileSync(file, set.render(script.text));
  return file;
}

function compareDumps(what: string, runner: string, reference: string, problems: string[]): boolean {
  if (runner === reference) return true;
  const { onlyLeft, onlyRight } = dumpDifference(runner, reference);
  if (onlyLeft.length === 0 && onlyRight.length === 0) {
    problems.push(`${what}: the same lines in another order`);
    return false;
  }
  problems.push(
    `${what}: schema differs\n${[
      ...onlyLeft.map((line) => `    runner only:    ${line}`),
      ...onlyRight.map((line) => `    reference only: ${line}`),
    ].join("\n")}`,
  );
  return false;
}

function describeError(error: unknown): string {
  if (error instanceof SchematicError) {
    const where = error.options.location;
    return `${where ? `${where.file}:${where.line}: ` : ""}${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function describeFailure(result: MigrationResult): string {
  const error = result.error;
  return error
    ? `${result.id} failed at ${error.file}:${error.line} (statement ${error.statement + 1}): ${error.message}`
    : `${result.id} failed`;
}

/** The line of a client's output that says what went wrong (mysql frames it with dashes). */
function headline(message: string): string {
  const lines = message.split("\n");
  return (lines.find((line) => /\bERROR\b/.test(line)) ?? lines[0] ?? "").trim();
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function row(cells: readonly string[]): string {
  const [name, ...rest] = cells;
  return [name!.padEnd(32), ...rest.map((cell) => cell.padStart(11))].join(" ");
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root =
    value("--corpora") ?? process.env.SCHEMATIC_CORPORA ?? path.resolve(here, "../../../shared/corpora");
  const only = value("--only");
  const pgUrl = process.env.SCHEMATIC_TEST_PG_URL;
  const mysqlUrl = process.env.SCHEMATIC_TEST_MYSQL_URL;
  const engines = new Map<DialectName, Engine | string>([
    ["postgres", pgUrl ? postgresEngine(pgUrl) : "SCHEMATIC_TEST_PG_URL is not set"],
    ["mysql", mysqlUrl ? mysqlEngine(mysqlUrl) : "SCHEMATIC_TEST_MYSQL_URL is not set"],
  ]);
  const scratchDir = mkdtempSync(path.join(tmpdir(), "schematic-apply-"));
  const outcomes: SetOutcome[] = [];
  let failed = false;
  try {
    for (const set of SETS) {
      if (only && !set.name.includes(only)) continue;
      const engine = engines.get(set.dialect)!;
      if (typeof engine === "string") {
        console.log(`skipped ${set.name}: ${engine}`);
        continue;
      }
      const outcome = await compareSet(set, engine, root, scratchDir);
      outcomes.push(outcome);
      for (const problem of outcome.problems) console.log(`${set.name}: ${problem}`);
      if (outcome.problems.length > 0) failed = true;
    }
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  console.log(
    row([
      "set",
      "migrations",
      "statements",
      "up equal",
      "down migr.",
      "down stmts",
      "no down",
      "down equal",
      "down empty",
      "ms",
    ]),
  );
  const yesNo = (value: boolean | undefined) => (value === undefined ? "-" : value ? "yes" : "NO");
  for (const outcome of outcomes) {
    console.log(
      row([
        outcome.name,
        String(outcome.migrations),
        String(outcome.statements),
        yesNo(outcome.upEqual),
        String(outcome.downMigrations),
        String(outcome.downStatements),
        String(outcome.noDown.length),
        yesNo(outcome.downEqual),
        yesNo(outcome.downEmpty),
        String(Math.round(outcome.ms)),
      ]),
    );
  }
  for (const outcome of outcomes) {
    if (outcome.noDown.length > 0)
      console.log(
        `${outcome.name}: no down script (row removed as repair --reverted does): ${outcome.noDown.join(", ")}`,
      );
    if (outcome.upStop)
      console.log(
        `${outcome.name}: up stops at ${outcome.upStop.id} with the client too (the set is for another server); compared there: ${headline(outcome.upStop.message)}`,
      );
    if (outcome.leftBehind !== undefined)
      console.log(
        `${outcome.name}: after every down script, ${outcome.leftBehind} lines of the schema dump differ from the empty schema (what the failed down scripts did not undo, the same with the client)`,
      );
    for (const stop of outcome.downStops)
      console.log(
        `${outcome.name}: the down script of ${stop.id} fails with the client too (the set's own defect; both went on past it): ${headline(stop.message)}`,
      );
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
