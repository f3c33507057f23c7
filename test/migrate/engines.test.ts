/**
 * The runner on every engine, one loop: the same migrations, the same commands, the same expectations,
 * against real servers (and the embedded database). Each test makes its own database and drops it.
 */
import { describe, expect, it } from "vitest";
import { useTempProjects } from "../helpers/cli.js";
import { testMigrator, useEngineDatabases } from "../helpers/engine-databases.js";
import { ENGINES, type FreshDatabase } from "../helpers/engines.js";

const BASE = {
  "migrations/001_accounts.sql":
    "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL);\n-- migrate:down\nDROP TABLE accounts;\n",
  "migrations/002_trades.sql":
    "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY, account_id bigint NOT NULL, price numeric(18, 6));\nCREATE INDEX trades_account ON trades (account_id);\n-- migrate:down\nDROP TABLE trades;\n",
  "migrations/003_quotes.sql":
    "-- migrate:up\nCREATE TABLE quotes (id bigint PRIMARY KEY, bid numeric(18, 6));\n-- migrate:down\nDROP TABLE quotes;\n",
};

describe.each(ENGINES)("the runner on $name", (engine) => {
  const project = useTempProjects();
  const databases = useEngineDatabases(engine);

  async function migratorFor(files: Readonly<Record<string, string>>, database?: FreshDatabase) {
    const db = database ?? (await databases.fresh());
    const driver = await databases.open(db);
    const { migrator } = await testMigrator(engine.dialect, driver, project(files));
    return { migrator, database: db, driver };
  }

  it.skipIf(engine.skip)("applies, reports, undoes and redoes", async () => {
    const { migrator, database } = await migratorFor(BASE);
    const up = await migrator.up();
    expect(up.results.map((r) => [r.id, r.status])).toEqual([
      ["001_accounts", "applied"],
      ["002_trades", "applied"],
      ["003_quotes", "applied"],
    ]);
    expect(await database.tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
    const status = await migrator.status();
    expect(status.current).toBe("003_quotes");
    expect(status.applied.map((entry) => [entry.row.id, entry.row.state, entry.row.statementsTotal])).toEqual(
      [
        ["001_accounts", "applied", 1],
        ["002_trades", "applied", 2],
        ["003_quotes", "applied", 1],
      ],
    );
    expect((await migrator.up()).results).toEqual([]);
    const down = await migrator.down();
    expect(down.results.map((r) => [r.id, r.status])).toEqual([["003_quotes", "reverted"]]);
    expect(await database.tables()).toEqual(["accounts", "schematic_history", "trades"]);
    await migrator.up();
    const redo = await migrator.redo();
    expect(redo.results.map((r) => [r.id, r.direction, r.status])).toEqual([
      ["003_quotes", "down", "reverted"],
      ["003_quotes", "up", "applied"],
    ]);
    await migrator.down({ to: "base" });
    expect(await database.tables()).toEqual(["schematic_history"]);
  });

  it.skipIf(engine.skip)(
    "with --dry-run, prints the SQL and creates nothing, not even the history table",
    async () => {
      const { migrator, database } = await migratorFor(BASE);
      const run = await migrator.up({ dryRun: true });
      expect(await database.tables()).toEqual([]);
      expect(run.sql!.join("\n")).toContain("CREATE TABLE accounts");
      expect(run.sql!.filter((sql) => sql.startsWith("INSERT INTO"))).toHaveLength(3);
    },
  );

  it.skipIf(engine.skip)("stamps an existing schema, then applies only what comes after", async () => {
    const { migrator, database, driver } = await migratorFor(BASE);
    await driver.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL)");
    await migrator.stamp("001");
    const run = await migrator.up();
    expect(run.results.map((r) => r.id)).toEqual(["002_trades", "003_quotes"]);
    expect(await database.tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
  });

  it.skipIf(engine.skip)("fails in the middle of a migration and says which statement", async () => {
    const files = {
      ...BASE,
      "migrations/002_trades.sql":
        "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY);\nCREATE INDEX trades_missing ON trades (no_such_column);\n-- migrate:down\nDROP TABLE trades;\n",
    };
    const { migrator, database } = await migratorFor(files);
    const run = await migrator.up();
    expect(run.results.map((r) => [r.id, r.status])).toEqual([
      ["001_accounts", "applied"],
      ["002_trades", "failed"],
      ["003_quotes", "not-run"],
    ]);
    expect(run.results[1]!.error).toMatchObject({
      statement: 1,
      line: 3,
      file: expect.stringMatching(/002_trades\.sql$/),
    });
    expect(run.results[1]!.error!.message).toMatch(/no_such_column/);
    const status = await migrator.status();
    if (engine.dialect === "postgres") {
      // One transaction: nothing of the failed migration is left.
      expect(await database.tables()).toEqual(["accounts", "schematic_history"]);
      expect(status.dirty).toBeUndefined();
    } else {
      // DDL commits as it goes: the first statement stays, and the migration is marked.
      expect(await database.tables()).toEqual(["accounts", "schematic_history", "trades"]);
      expect(status.dirty).toMatchObject({ id: "002_trades", statementsDone: 1 });
    }
  });

  it.skipIf(engine.skip)("applies up to a revision, then by steps", async () => {
    const { migrator, database } = await migratorFor(BASE);
    expect((await migrator.up({ to: "002" })).results.map((r) => r.id)).toEqual([
      "001_accounts",
      "002_trades",
    ]);
    expect((await migrator.status()).pending.map((m) => m.id)).toEqual(["003_quotes"]);
    expect((await migrator.up({ step: 1 })).results.map((r) => r.id)).toEqual(["003_quotes"]);
    await migrator.down({ to: "001" });
    expect(await database.tables()).toEqual(["accounts", "schematic_history"]);
    expect((await migrator.status()).current).toBe("001_accounts");
  });

  it.skipIf(engine.skip)("with --dry-run, prints the engine's lock around the run", async () => {
    const { migrator, driver } = await migratorFor(BASE);
    const sql = (await migrator.up({ dryRun: true })).sql!;
    // By the engine's kind of lock: PGlite's is the folder's, which --dry-run names as a comment.
    const [lock, unlock] = (
      {
        advisory: [/^SELECT pg_advisory_lock\(/, /^SELECT pg_advisory_unlock\(/],
        named: [/^SELECT GET_LOCK\('schematic:/, /^SELECT RELEASE_LOCK\(/],
        file: [/^-- lock .*db\.lock: taken when the embedded database opens/, /^-- /],
        lease: [/^$/, /^$/],
      } satisfies Record<string, readonly [RegExp, RegExp]>
    )[driver.capabilities.lock];
    expect(sql[0]).toMatch(lock);
    expect(sql.at(-1)).toMatch(unlock);
    // In the schema (database) the session started in, named: a migration that moves the session elsewhere
    // does not move the history.
    const schema = await driver.currentSchema();
    expect(sql[1]).toMatch(new RegExp(`^CREATE TABLE IF NOT EXISTS .${schema}.\\..schematic_history. \\(`));
  });

  it.skipIf(engine.skip)("prints with --dry-run SQL that runs as printed, to the same end", async () => {
    const files = {
      ...BASE,
      "migrations/003_quotes.sql":
        "-- migrate:up\nCREATE TABLE quotes (id bigint PRIMARY KEY, note varchar(20) DEFAULT 'it''s a \\\\ path');\n-- migrate:down\nDROP TABLE quotes;\n",
    };
    const { migrator, database, driver } = await migratorFor(files);
    const printed = (await migrator.up({ dryRun: true })).sql!;
    for (const sql of printed) await driver.execute(sql);
    const status = await migrator.status();
    expect(status.pending).toEqual([]);
    expect(status.edited).toEqual([]);
    // The scripts went through the printed literals intact (quotes and backslashes included).
    expect(status.applied.map((entry) => [entry.row.id, entry.row.state])).toEqual([
      ["001_accounts", "applied"],
      ["002_trades", "applied"],
      ["003_quotes", "applied"],
    ]);
    for (const entry of status.applied) expect(entry.row.script).toBe(entry.migration!.up.text);
    expect(await database.tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
  });

  it.skipIf(engine.skip)(
    "keeps the history where the run began when a migration moves the session to another schema",
    async () => {
      const db = await databases.fresh();
      // PostgreSQL: a schema of the database (pg_dump's files reset search_path too); MySQL: a database.
      const home = db.url ? decodeURIComponent(new URL(db.url).pathname.slice(1)) : "embedded";
      const elsewhere = `${home}_elsewhere`;
      const move =
        engine.dialect === "postgres"
          ? `CREATE SCHEMA ${elsewhere};\nSET search_path TO ${elsewhere};`
          : `CREATE DATABASE ${elsewhere};\nUSE ${elsewhere};`;
      const files = {
        ...BASE,
        "migrations/002_trades.sql": `-- migrate:up\n${move}\nCREATE TABLE trades (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE trades;\n`,
      };
      const { migrator, driver } = await migratorFor(files, db);
      try {
        const run = await migrator.up();
        expect(run.results.map((r) => [r.id, r.status])).toEqual([
          ["001_accounts", "applied"],
          ["002_trades", "applied"],
          ["003_quotes", "applied"],
        ]);
        // The history table stayed where it was, and knows all three; the moved tables went elsewhere.
        expect(await db.tables()).toEqual(["accounts", "schematic_history"]);
        expect(await driver.probe.relationExists(elsewhere, "quotes")).toBe(true);
        const again = await migratorFor(files, db);
        expect((await again.migrator.status()).applied.map((entry) => entry.row.id)).toEqual([
          "001_accounts",
          "002_trades",
          "003_quotes",
        ]);
      } finally {
        if (engine.dialect === "mysql") await driver.execute(`DROP DATABASE IF EXISTS ${elsewhere}`);
      }
    },
  );

  const FAILING = {
    ...BASE,
    "migrations/002_trades.sql":
      "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY);\nCREATE INDEX trades_missing ON trades (no_such_column);\n-- migrate:down\nDROP TABLE trades;\n",
  };
  const FIXED = {
    ...BASE,
    "migrations/002_trades.sql":
      "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY);\nCREATE INDEX trades_id ON trades (id);\n-- migrate:down\nDROP TABLE trades;\n",
  };

  it.skipIf(engine.skip)(
    "after a failed statement, goes no further until the cause is fixed, then resumes from it",
    async () => {
      const { migrator, database } = await migratorFor(FAILING);
      expect((await migrator.up()).ok).toBe(false);
      // The cause is still there: the same statement fails again, and nothing after it runs.
      const again = await migrator.up();
      expect(again.results.map((r) => [r.id, r.status])).toEqual([
        ["002_trades", "failed"],
        ["003_quotes", "not-run"],
      ]);
      expect(again.results[0]!.error).toMatchObject({ statement: 1, line: 3 });
      const fixed = await migratorFor(FIXED, database);
      const resumed = await fixed.migrator.up();
      expect(resumed.results.map((r) => [r.id, r.status])).toEqual([
        ["002_trades", "applied"],
        ["003_quotes", "applied"],
      ]);
      const status = await fixed.migrator.status();
      expect(status.dirty).toBeUndefined();
      expect(status.edited).toEqual([]);
      expect(status.current).toBe("003_quotes");
      expect(await database.tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
      if (engine.dialect === "postgres") {
        // Nothing of the failed attempts was left: the migration ran whole, in one transaction.
        expect(resumed.results[0]).toMatchObject({ statementsRun: 2, transaction: true });
        expect(again.results[0]!.resumedFrom).toBeUndefined();
      } else {
        // The table the first statement made stayed: each run went on from the failed statement.
        expect(again.results[0]!.resumedFrom).toBe(1);
        expect(resumed.results[0]).toMatchObject({ statementsRun: 1, resumedFrom: 1, transaction: false });
      }
    },
  );

  it.skipIf(engine.skip)("repair settles a failed migration as applied or as reverted", async () => {
    const { migrator, database, driver } = await migratorFor(FAILING);
    await migrator.up();
    if (engine.dialect === "postgres") {
      // Nothing is dirty after a rolled-back migration: there is nothing for repair to settle.
      expect((await migrator.status()).dirty).toBeUndefined();
      return;
    }
    // The user finished it by hand (their own index), and says so.
    await driver.execute("CREATE INDEX trades_by_hand ON trades (id)");
    await migrator.repair("002_trades", "applied");
    let status = await migrator.status();
    expect(status.dirty).toBeUndefined();
    expect(status.applied.map((entry) => [entry.row.id, entry.row.state])).toEqual([
      ["001_accounts", "applied"],
      ["002_trades", "applied"],
    ]);
    expect((await migrator.up()).results.map((r) => [r.id, r.status])).toEqual([["003_quotes", "applied"]]);

    // Another failure, undone by hand: after `repair --reverted` the migration is pending again.
    const other = await migratorFor(FAILING);
    await other.migrator.up();
    await other.driver.execute("DROP TABLE trades");
    await other.migrator.repair("002_trades", "reverted");
    status = await other.migrator.status();
    expect(status.dirty).toBeUndefined();
    expect(status.pending.map((m) => m.id)).toEqual(["002_trades", "003_quotes"]);
    expect(await other.database.tables()).toEqual(["accounts", "schematic_history"]);
    expect(await database.tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
  });

  it.skipIf(engine.skip)(
    "refuses an applied migration whose tokens changed, and accepts one only reformatted",
    async () => {
      const { migrator, database } = await migratorFor(BASE);
      await migrator.up({ to: "002" });
      const reformatted = {
        ...BASE,
        "migrations/001_accounts.sql":
          "-- migrate:up\n-- Accounts of the desk.\nCREATE TABLE accounts (\n  id bigint PRIMARY KEY,\n  name varchar(100) NOT NULL\n);\n-- migrate:down\nDROP TABLE accounts;\n",
      };
      const again = await migratorFor(reformatted, database);
      expect((await again.migrator.up()).results.map((r) => r.id)).toEqual(["003_quotes"]);
      const edited = {
        ...BASE,
        "migrations/001_accounts.sql": BASE["migrations/001_accounts.sql"].replace("100", "200"),
      };
      const refused = await migratorFor(edited, database);
      // verify's answer: the status lists it as edited, and the reformatted one as not.
      expect((await refused.migrator.status()).edited.map((entry) => entry.migration.id)).toEqual([
        "001_accounts",
      ]);
      expect((await again.migrator.status()).edited).toEqual([]);
      await expect(refused.migrator.up()).rejects.toThrow(
        /Migration 001_accounts changed since it was applied/,
      );
    },
  );

  it.skipIf(engine.skip)(
    "runs ory's `.autocommit.` migration statement by statement, its dialect's file over the generic one",
    async () => {
      const { migrator, database } = await migratorFor({
        "migrations/001_accounts.autocommit.up.sql": "CREATE TABLE generic_accounts (id bigint);\n",
        [`migrations/001_accounts.${engine.dialect}.autocommit.up.sql`]:
          "CREATE TABLE accounts (id bigint);\nCREATE INDEX accounts_id ON accounts (id);\n",
        "migrations/001_accounts.down.sql": "DROP TABLE accounts;\n",
      });
      const run = await migrator.up();
      expect(run.results.map((r) => [r.id, r.status, r.transaction, r.statementsRun])).toEqual([
        ["001_accounts", "applied", false, 2],
      ]);
      expect(await database.tables()).toEqual(["accounts", "schematic_history"]);
    },
  );
});
