/**
 * The CLI over every engine with a server, one loop: the same commands and expectations on PostgreSQL and
 * MariaDB, reached through --url (openDatabase picks the driver from the URL's scheme). Where the engines
 * differ (a failed statement rolls back on PostgreSQL, leaves a dirty mark on MariaDB), the test says so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";
import { ENGINES, type FreshDatabase } from "../helpers/engines.js";

const SERVERS = ENGINES.filter((engine) => engine.name !== "PGlite");

const FILES = {
  "migrations/001_accounts.sql":
    "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL);\n-- migrate:down\nDROP TABLE accounts;\n",
  "migrations/002_trades.sql":
    "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY, account_id bigint NOT NULL);\nCREATE INDEX trades_account ON trades (account_id);\n-- migrate:down\nDROP TABLE trades;\n",
  "migrations/003_broken.sql":
    "-- migrate:up\nCREATE TABLE notes (id bigint PRIMARY KEY);\nINSERT INTO missing_table VALUES (1);\nCREATE TABLE more_notes (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE more_notes;\nDROP TABLE notes;\n",
};

describe.each(SERVERS)("schematic migrate on $name", (engine) => {
  const project = useTempProjects();
  const databases: FreshDatabase[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });

  it.skipIf(engine.skip)("up, status, a failure mid-migration, resume after the fix, down", async () => {
    const database = await engine.fresh();
    databases.push(database);
    const dir = project({ "schematic.yml": `dialect: ${engine.dialect}\n`, ...FILES });
    const migrate = (...args: string[]) => runCli(["migrate", ...args, "--url", database.url!], dir);

    const up = await migrate("up");
    expect(up.code).toBe(1);
    expect(up.stdout).toMatch(
      /applied {2}001_accounts[\s\S]*applied {2}002_trades[\s\S]*FAILED {3}003_broken/,
    );
    const status = JSON.parse((await migrate("status", "--format", "json")).stdout);
    expect(status.current).toBe("002_trades");
    if (engine.dialect === "postgres") {
      // One transaction: nothing of 003 is left, and it is simply pending.
      expect(status).toMatchObject({ dirty: null, pending: [{ id: "003_broken" }] });
      expect(await database.tables()).toEqual(["accounts", "schematic_history", "trades"]);
    } else {
      // DDL commits as it goes: notes exists, and the migration is dirty after its first statement.
      expect(status).toMatchObject({ dirty: "003_broken", dirty_detail: { statements_done: 1 } });
      expect(await database.tables()).toEqual(["accounts", "notes", "schematic_history", "trades"]);
      expect(up.stderr).toContain("003_broken is marked dirty after 1 statement(s)");
    }
    // Fix the cause by hand (the table the INSERT needs), and go on: MariaDB resumes at statement 2.
    const driver = await database.open();
    await driver.execute("CREATE TABLE missing_table (id bigint)");
    await driver.close();
    const resumed = await migrate("up");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(
      engine.dialect === "postgres" ? "3 statements" : "2 of 3 statements (resumed at 2)",
    );
    expect((await migrate("verify")).code).toBe(0);
    expect(await database.tables()).toEqual([
      "accounts",
      "missing_table",
      "more_notes",
      "notes",
      "schematic_history",
      "trades",
    ]);
    const down = await migrate("down", "--to", "base");
    expect(down.code).toBe(0);
    expect(await database.tables()).toEqual(["missing_table", "schematic_history"]);
  });
});
