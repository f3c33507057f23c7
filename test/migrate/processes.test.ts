/**
 * Runners in processes of their own, on every engine (the embedded one through its folder): one killed
 * with SIGKILL in the middle of a migration, after which `up` ends at head with the schema the engine's
 * own client makes from the same files; and four started at once, which apply each migration exactly
 * once and all succeed.
 * The children run test/migrate/fixtures/run-migrator.ts (the library's up(); the CLI can replace it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createDialect } from "../../src/dialects/index.js";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createMigrator } from "../../src/migrate/migrator.js";
import type { MigrateEvent, RunResult } from "../../src/migrate/runner.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { useTempProjects } from "../helpers/cli.js";
import { ENGINES, type EngineUnderTest, type FreshDatabase } from "../helpers/engines.js";

const RUNNER = fileURLToPath(new URL("./fixtures/run-migrator.ts", import.meta.url));
const REPOSITORY = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Three migrations; the middle one has a statement that runs two seconds (a table made from a sleep, so
 * that the schema shows whether it ran). Each migration also counts itself in `runs`.
 */
function migrationFiles(engine: EngineUnderTest): Record<string, string> {
  const slow =
    engine.dialect === "postgres"
      ? "CREATE TABLE trade_snapshots AS SELECT 1 AS slept FROM pg_sleep(2)"
      : "CREATE TABLE trade_snapshots AS SELECT SLEEP(2) AS slept";
  return {
    "migrations/001_accounts.sql":
      "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL);\nCREATE TABLE runs (migration varchar(20) NOT NULL);\nINSERT INTO runs (migration) VALUES ('001');\n-- migrate:down\nDROP TABLE runs;\nDROP TABLE accounts;\n",
    "migrations/002_trades.sql": `-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY, account_id bigint NOT NULL);\n${slow};\nALTER TABLE trades ADD COLUMN note varchar(20);\nINSERT INTO runs (migration) VALUES ('002');\n-- migrate:down\nDROP TABLE trade_snapshots;\nDROP TABLE trades;\n`,
    "migrations/003_quotes.sql":
      "-- migrate:up\nCREATE TABLE quotes (id bigint PRIMARY KEY, bid numeric(18, 6));\nINSERT INTO runs (migration) VALUES ('003');\n-- migrate:down\nDROP TABLE quotes;\n",
  };
}

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first event the predicate accepts. */
  waitFor(predicate: (event: MigrateEvent) => boolean): Promise<MigrateEvent>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The JSON lines it printed. */
  readonly lines: Record<string, unknown>[];
  stderr(): string;
}

function spawnRunner(engine: EngineUnderTest, url: string, projectDir: string): Child {
  const child = spawn(process.execPath, ["--import", "tsx", RUNNER, engine.dialect, url, projectDir], {
    cwd: REPOSITORY,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { predicate: (event: MigrateEvent) => boolean; resolve: (event: MigrateEvent) => void }[] =
    [];
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout! }).on("line", (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    const event = line.event as MigrateEvent | undefined;
    if (!event) return;
    for (const waiter of waiters.splice(0)) {
      if (waiter.predicate(event)) waiter.resolve(event);
      else waiters.push(waiter);
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    waitFor: (predicate) =>
      new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void exit.then(({ code }) => reject(new Error(`the runner exited (${code}) first: ${stderr}`)));
      }),
    exit,
    lines,
    stderr: () => stderr,
  };
}

describe.each(ENGINES)("runner processes on $name", (engine) => {
  const project = useTempProjects();
  const opened: DatabaseDriver[] = [];
  const databases: FreshDatabase[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    for (const driver of opened.splice(0)) await driver.close();
    for (const database of databases.splice(0)) await database.drop();
  });

  /** A fresh database another process can open: by its URL, or the embedded database's folder. */
  async function fresh(): Promise<FreshDatabase & { readonly url: string }> {
    const database = await engine.fresh();
    databases.push(database);
    const url = database.url ?? database.folder;
    if (!url) throw new Error(`${engine.name} has no URL or folder for another process to open`);
    return { ...database, url };
  }

  async function migratorFor(dir: string, database: FreshDatabase, events: MigrateEvent[] = []) {
    const driver = await database.open();
    opened.push(driver);
    const migrations = loadMigrations("migrations", { dialect: engine.dialect, cwd: dir });
    const migrator = createMigrator({
      dialect: await createDialect(engine.dialect),
      driver,
      migrations,
      placeholders: {},
      placeholderSyntax: [],
      history: { table: "schematic_history" },
      lockTimeoutMs: 60_000,
      appliedBy: "test@host",
      toolVersion: "0.1.0",
      onEvent: (event) => events.push(event),
    });
    return { migrator, driver, migrations };
  }

  /** How many times each migration counted itself. */
  async function runCounts(driver: DatabaseDriver): Promise<[string, number][]> {
    const rows = await driver.query(
      "SELECT migration, COUNT(*) AS n FROM runs GROUP BY migration ORDER BY migration",
    );
    return rows.map((row) => [String(row.migration), Number(row.n)]);
  }

  it.skipIf(engine.skip)(
    "after kill -9 in the middle of a migration, up ends at head with the schema the client makes",
    async () => {
      const dir = project(migrationFiles(engine));
      const database = await fresh();
      const child = spawnRunner(engine, database.url, dir);
      children.push(child.process);
      await child.waitFor(
        (event) => event.kind === "statement" && event.id === "002_trades" && event.index === 1,
      );
      // The slow statement is on its way to the server (it runs 2 s): kill the runner in the middle of it.
      await new Promise((resolve) => setTimeout(resolve, 400));
      child.process.kill("SIGKILL");
      expect((await child.exit).signal).toBe("SIGKILL");

      const events: MigrateEvent[] = [];
      const { migrator, driver, migrations } = await migratorFor(dir, database, events);
      const run = await migrator.up();
      expect(run.ok).toBe(true);
      expect(run.results.map((r) => [r.id, r.status])).toEqual([
        ["002_trades", "applied"],
        ["003_quotes", "applied"],
      ]);
      if (engine.dialect === "postgres") {
        // The killed transaction rolled back: the migration ran again whole.
        expect(run.results[0]).toMatchObject({ transaction: true, statementsRun: 4 });
        expect(events.filter((event) => event.kind === "recovered")).toEqual([]);
      } else {
        // The server finished the statement before it let the lock go, and the schema showed it: the run
        // went on from the next statement, without asking the user.
        expect(events.filter((event) => event.kind === "recovered")).toEqual([
          { kind: "recovered", id: "002_trades", statement: 1, outcome: "took effect" },
        ]);
        expect(run.results[0]).toMatchObject({ transaction: false, resumedFrom: 2, statementsRun: 2 });
      }
      const status = await migrator.status();
      expect([status.current, status.pending, status.dirty]).toEqual(["003_quotes", [], undefined]);
      expect(await runCounts(driver)).toEqual([
        ["001", 1],
        ["002", 1],
        ["003", 1],
      ]);

      const reference = await fresh();
      await reference.applyWithClient!(migrations.map((migration) => migration.up.text).join("\n"));
      const columns = await database.columns();
      expect(columns.length).toBe(9);
      expect(columns).toEqual(await reference.columns());
    },
    // The embedded database's runners take turns on its folder, each a Node process opening PGlite.
    120_000,
  );

  it.skipIf(engine.skip)(
    "after kill -9 during a long ALTER outside a transaction, the next runner waits for it to end, then goes on",
    async (context) => {
      // A server finishes a statement whose client died, and only then ends the session. Had the lock
      // been freed with the dead process (on a session of its own), the next runner would look while the
      // table was still being copied, see no column, run the ALTER again and fail on the duplicate
      // column. Both rewrite their table (PostgreSQL: 4M rows for a volatile default, ~3 s; MariaDB: 1M rows,
      // ALGORITHM=COPY, ~2.4 s), long after the kill 0.4 s in.
      const script =
        engine.dialect === "postgres"
          ? "-- schematic:no-transaction\nCREATE TABLE big (id int);\nINSERT INTO big SELECT g FROM generate_series(1, 4000000) g;\nALTER TABLE big ADD COLUMN note float8 DEFAULT random();\nCREATE TABLE after_big (id int);\n"
          : "CREATE TABLE big (id int);\nINSERT INTO big SELECT seq FROM seq_1_to_1000000;\nALTER TABLE big ADD COLUMN note varchar(20) DEFAULT 'x', ALGORITHM=COPY;\nCREATE TABLE after_big (id int);\n";
      const dir = project({ "migrations/001_big.sql": script });
      const database = await fresh();
      if (database.folder) context.skip("the embedded database dies with its process: no server goes on");
      const child = spawnRunner(engine, database.url, dir);
      children.push(child.process);
      await child.waitFor((event) => event.kind === "statement" && event.index === 2);
      await new Promise((resolve) => setTimeout(resolve, 400));
      child.process.kill("SIGKILL");
      await child.exit;

      const events: MigrateEvent[] = [];
      const { migrator, driver } = await migratorFor(dir, database, events);
      const run = await migrator.up();
      expect(run.results.map((r) => [r.id, r.status, r.resumedFrom])).toEqual([["001_big", "applied", 3]]);
      expect(events.filter((event) => event.kind === "recovered")).toEqual([
        { kind: "recovered", id: "001_big", statement: 2, outcome: "took effect" },
      ]);
      expect(await driver.probe.columnExists(undefined, "big", "note")).toBe(true);
      expect(await database.tables()).toEqual(["after_big", "big", "schematic_history"]);
    },
  );

  it.skipIf(engine.skip)(
    "four runners started at once apply each migration exactly once, and all succeed",
    async () => {
      const dir = project(migrationFiles(engine));
      const database = await fresh();
      const runners = Array.from({ length: 4 }, () => spawnRunner(engine, database.url, dir));
      children.push(...runners.map((runner) => runner.process));
      const exits = await Promise.all(runners.map((runner) => runner.exit));
      expect(
        exits.map((exit) => exit.code),
        runners.map((runner) => runner.stderr()).join("\n"),
      ).toEqual([0, 0, 0, 0]);

      const applied = runners.flatMap((runner) =>
        runner.lines
          .flatMap((line) => (line.result ? (line.result as RunResult).results : []))
          .filter((result) => result.status === "applied")
          .map((result) => result.id),
      );
      expect(applied.sort()).toEqual(["001_accounts", "002_trades", "003_quotes"]);
      const { migrator, driver } = await migratorFor(dir, database);
      const status = await migrator.status();
      expect(status.applied.map((entry) => [entry.row.id, entry.row.state])).toEqual([
        ["001_accounts", "applied"],
        ["002_trades", "applied"],
        ["003_quotes", "applied"],
      ]);
      expect(await runCounts(driver)).toEqual([
        ["001", 1],
        ["002", 1],
        ["003", 1],
      ]);
    },
    120_000,
  );
});
