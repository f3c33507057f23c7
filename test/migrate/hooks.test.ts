/**
 * Hooks with real shell commands and SQL on the real servers of the engine loop: what each hook sees in
 * its environment, where its output goes, and that a failing pre-hook stops the run before anything of
 * the migration ran.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SchematicError } from "../../src/errors.js";
import { buildRunHooks, type HooksConfig } from "../../src/migrate/hooks.js";
import { useTempProjects } from "../helpers/cli.js";
import { testMigrator, useEngineDatabases } from "../helpers/engine-databases.js";
import { ENGINES } from "../helpers/engines.js";

const FILES = {
  "migrations/001_accounts.sql":
    "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE accounts;\n",
  "migrations/002_trades.sql":
    "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE trades;\n",
};

/** The URL the hooks are told about: a password that must never reach them. */
const SHOWN_URL = "postgres://deployer:s3cret-pw@db.internal:5432/prod";

/** Appends what a shell hook sees to hooks.log in its working directory. */
const LOG =
  'echo "$SCHEMATIC_HOOK|$SCHEMATIC_MIGRATION_ID|$SCHEMATIC_DIRECTION|$SCHEMATIC_ENV|$SCHEMATIC_DATABASE|$SCHEMATIC_MIGRATION_STATUS|$SCHEMATIC_RUN_OK" >> hooks.log';

describe.each(ENGINES)("hooks on $name", (engine) => {
  const project = useTempProjects();
  const databases = useEngineDatabases(engine);

  async function setup(config: HooksConfig) {
    const dir = project(FILES);
    const database = await databases.fresh();
    const driver = await databases.open(database);
    const output: string[] = [];
    const hooks = buildRunHooks(config, {
      driver,
      environment: "staging",
      database: SHOWN_URL,
      direction: "up",
      output: (line) => output.push(line),
      cwd: dir,
      // As if schematic ran inside an outer run's hook: its variables must not leak into these hooks.
      env: { ...process.env, SCHEMATIC_MIGRATION_ID: "outer", SCHEMATIC_RUN_OK: "0" },
    });
    const { migrator } = await testMigrator(engine.dialect, driver, dir, { ...(hooks && { hooks }) });
    const log = () => readFileSync(path.join(dir, "hooks.log"), "utf8").trim().split("\n");
    return { migrator, database, output, log, driver };
  }

  it.skipIf(engine.skip)(
    "shell hooks run around the run and each migration, told where they are",
    async () => {
      const { migrator, log, output } = await setup({
        before_run: [{ run: LOG }],
        before_each: [{ run: LOG }],
        after_each: [{ run: LOG }],
        after_run: [{ run: LOG }, { run: 'echo "done: $SCHEMATIC_DATABASE"; echo "warn" >&2' }],
      });
      const result = await migrator.up();
      expect(result.ok).toBe(true);
      const database = "postgres://deployer:***@db.internal:5432/prod";
      expect(log()).toEqual([
        `before_run||up|staging|${database}||`,
        `before_each|001_accounts|up|staging|${database}||`,
        `after_each|001_accounts|up|staging|${database}|applied|`,
        `before_each|002_trades|up|staging|${database}||`,
        `after_each|002_trades|up|staging|${database}|applied|`,
        `after_run||up|staging|${database}||1`,
      ]);
      expect(output).toEqual([`done: ${database}`, "warn"]);
      // The run hooks' direction is the command's (this context says up); each migration's is its own.
      await migrator.down();
      expect(log().slice(-4)).toEqual([
        `before_run||up|staging|${database}||`,
        `before_each|002_trades|down|staging|${database}||`,
        `after_each|002_trades|down|staging|${database}|reverted|`,
        `after_run||up|staging|${database}||1`,
      ]);
    },
  );

  it.skipIf(engine.skip)("SQL hooks run on the migration session", async () => {
    const { migrator, driver } = await setup({
      before_run: [{ sql: "CREATE TABLE IF NOT EXISTS hook_log (what varchar(100))" }],
      after_each: [{ sql: "INSERT INTO hook_log (what) VALUES ('after a migration')" }],
    });
    await migrator.up();
    expect(await driver.query("SELECT what FROM hook_log")).toEqual([
      { what: "after a migration" },
      { what: "after a migration" },
    ]);
  });

  it.skipIf(engine.skip)(
    "a failing before_each hook stops the run, nothing of the migration run",
    async () => {
      const { migrator, database, log } = await setup({
        before_each: [{ run: LOG }, { run: 'test "$SCHEMATIC_MIGRATION_ID" != 002_trades || exit 3' }],
      });
      const error = await migrator.up().catch((caught) => caught);
      expect(error).toBeInstanceOf(SchematicError);
      expect(error.code).toBe("hook");
      expect(error.message).toBe(
        'The before_each hook `test "$SCHEMATIC_MIGRATION_ID" != 002_trades || exit 3` (step 2) failed before migration 002_trades (up); nothing of it ran: it exited with status 3.',
      );
      expect(await database.tables()).toEqual(["accounts", "schematic_history"]);
      expect((await migrator.status()).applied.map((entry) => entry.row.id)).toEqual(["001_accounts"]);
      expect(log().map((line) => line.split("|")[1])).toEqual(["001_accounts", "002_trades"]);
      // The lock went with the failed run: the next one takes it.
      expect((await migrator.down()).results.map((entry) => [entry.id, entry.status])).toEqual([
        ["001_accounts", "reverted"],
      ]);
    },
  );

  it.skipIf(engine.skip)(
    "a failing SQL before_run hook stops the run before anything is applied",
    async () => {
      const { migrator, database } = await setup({ before_run: [{ sql: "SELECT * FROM no_such_table" }] });
      const error = await migrator.up().catch((caught) => caught);
      expect(error).toBeInstanceOf(SchematicError);
      expect(error.message).toMatch(
        /^The before_run hook `SELECT \* FROM no_such_table` failed before the run; nothing was applied: .*no_such_table.*\.$/,
      );
      expect(await database.tables()).toEqual(["schematic_history"]);
    },
  );

  it.skipIf(engine.skip)("a shell hook's output has secrets removed", async () => {
    const { migrator, output } = await setup({
      before_run: [
        { run: "echo connecting to postgres://admin:hunter2@10.0.0.1/db; echo password=hunter2 >&2" },
      ],
    });
    await migrator.up();
    expect(output.join("\n")).not.toContain("hunter2");
    expect(output).toEqual(["connecting to postgres://admin:***@10.0.0.1/db", "password=***"]);
  });
});

describe("buildRunHooks", () => {
  const context = {
    driver: { execute: async () => undefined, describeError: () => undefined },
    environment: "prod",
    database: SHOWN_URL,
    output: () => undefined,
  };

  it("gives no hooks when none are configured", () => {
    expect(buildRunHooks(undefined, context)).toBeUndefined();
    expect(buildRunHooks({}, context)).toEqual({});
  });

  it("refuses a step that is neither sql nor run, naming where it is", () => {
    expect(() => buildRunHooks({ before_each: [{ shell: "x" } as never] }, context)).toThrow(
      'environments.prod.hooks.before_each[0] must be {sql: "<one statement>"} or {run: "<shell command>"}.',
    );
    expect(() => buildRunHooks({ after_run: "echo hi" as never }, context)).toThrow(
      'environments.prod.hooks.after_run must be a list of {sql: "..."} or {run: "..."} steps.',
    );
  });

  it("a command the shell cannot find (status 127) is a failure", async () => {
    const hooks = buildRunHooks({ before_run: [{ run: "exec /no/such/program" }] }, context)!;
    await expect(hooks.beforeRun!()).rejects.toThrow(
      /^The before_run hook `exec \/no\/such\/program` failed before the run; nothing was applied: it exited with status 127\.$/,
    );
  });
});
