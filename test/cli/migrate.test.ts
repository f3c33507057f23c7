/**
 * `schematic migrate` end to end against a real PostgreSQL (a fresh database per test, dropped after): the
 * commands, their exit codes, the JSON names tools read, the check that gates `up`, and that no output
 * ever holds the password of the URL it was given.
 */
import { writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";
import { noticeSkipped, PG_URL, scratchName, withDatabase, withPostgres } from "../helpers/servers.js";

if (!PG_URL) noticeSkipped("SCHEMATIC_TEST_PG_URL", "the schematic migrate CLI tests");

const SECRET = "pw-Zq81x";

const FILES = {
  "schematic.yml": "dialect: postgres\n",
  "migrations/001_accounts.sql":
    "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL);\n-- migrate:down\nDROP TABLE accounts;\n",
  "migrations/002_trades.sql":
    "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY, account_id bigint NOT NULL, price numeric(18, 6));\nCREATE INDEX trades_account ON trades (account_id);\n-- migrate:down\nDROP TABLE trades;\n",
};

/** A migration every rule lets through, and one the check blocks (a column dropped). */
const SAFE =
  "-- migrate:up\nCREATE TABLE quotes (id bigint PRIMARY KEY, bid numeric(18, 6));\n-- migrate:down\nDROP TABLE quotes;\n";
const BREAKING = "-- migrate:up\nALTER TABLE trades DROP COLUMN price;\n";

const admin = withPostgres;

describe.skipIf(!PG_URL)("schematic migrate on PostgreSQL", () => {
  const project = useTempProjects();
  let database: string;
  /** The test database's URL, with a password the server ignores (trust) and no output may show. */
  let url: string;
  let plain: string;

  beforeEach(async () => {
    database = scratchName("schematic_cli");
    await admin(PG_URL!, (client) => client.query(`CREATE DATABASE ${database}`));
    plain = withDatabase(PG_URL!, database);
    const withPassword = new URL(plain);
    withPassword.password = SECRET;
    url = withPassword.toString();
  });
  afterEach(async () => {
    await admin(PG_URL!, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  const tables = () =>
    admin(plain, async (client) =>
      (
        await client.query<{ name: string }>(
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
        )
      ).rows.map((row) => row.name),
    );

  async function migrate(dir: string, ...args: string[]) {
    const run = await runCli(["migrate", ...args, "--url", url], dir);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    return run;
  }

  it("applies, reports, undoes and redoes, naming the database without its password", async () => {
    const dir = project(FILES);
    const up = await migrate(dir, "up");
    expect(up.code).toBe(0);
    expect(up.stderr).toBe("");
    const shown = url.replace(SECRET, "***");
    expect(up.stdout).toMatch(
      new RegExp(
        `^Database: ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\napplied  001_accounts  1 statement  \\d+ ms\napplied  002_trades    2 statements  \\d+ ms\n✔ 2 applied; .* is at 002_trades\\.\n$`,
      ),
    );
    expect(await tables()).toEqual(["accounts", "schematic_history", "trades"]);

    const again = await migrate(dir, "up");
    expect(again).toMatchObject({ code: 0, stdout: `✔ Nothing to apply; ${shown} is at 002_trades.\n` });

    expect(await migrate(dir, "current")).toMatchObject({
      code: 0,
      stdout: "002_trades\n",
      stderr: `schematic: database ${shown}\n`,
    });
    const down = await migrate(dir, "down");
    expect(down.code).toBe(0);
    expect(down.stdout).toContain("reverted 002_trades    1 statement");
    expect(await tables()).toEqual(["accounts", "schematic_history"]);
    await migrate(dir, "up");
    const redo = await migrate(dir, "redo", "--format", "json");
    const events = redo.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((event) => [event.event, event.id ?? null, event.status ?? null])).toEqual([
      ["start", null, null],
      ["migration", "002_trades", "reverted"],
      ["migration", "002_trades", "applied"],
      ["result", null, null],
    ]);
    expect(events[3]).toMatchObject({ ok: true, current: "002_trades", database: shown });
    const base = await migrate(dir, "down", "--to", "base");
    expect(base.code).toBe(0);
    expect(await tables()).toEqual(["schematic_history"]);
  });

  it("status --format json: the stable names", async () => {
    const dir = project({ ...FILES, "migrations/003_quotes.sql": SAFE });
    await migrate(dir, "up", "--to", "002_trades");
    const run = await migrate(dir, "status", "--format", "json");
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(Object.keys(status)).toEqual([
      "database",
      "current",
      "applied",
      "pending",
      "dirty",
      "edited",
      "missing",
      "out_of_order",
    ]);
    expect(status.current).toBe("002_trades");
    expect(status.applied.map((row: any) => Object.keys(row))).toEqual([
      ["id", "checksum", "applied_at", "duration_ms", "applied_by"],
      ["id", "checksum", "applied_at", "duration_ms", "applied_by"],
    ]);
    expect(status.applied[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(status.pending).toEqual([{ id: "003_quotes", file: "migrations/003_quotes.sql" }]);
    expect(status).toMatchObject({ dirty: null, edited: [], missing: [] });
  });

  it("--dry-run prints the SQL, the lock and the history table's, and runs nothing", async () => {
    const dir = project(FILES);
    const run = await migrate(dir, "up", "--dry-run");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(`-- Dry run against ${url.replace(SECRET, "***")}: nothing was run.`);
    expect(lines[1]).toBe("SELECT pg_advisory_lock(5380203, hashtext('schematic_history'));");
    expect(run.stdout).toContain('CREATE TABLE IF NOT EXISTS "public"."schematic_history"');
    expect(run.stdout).toContain("CREATE INDEX trades_account ON trades (account_id);");
    expect(run.stdout).toContain('INSERT INTO "public"."schematic_history"');
    expect(lines.at(-2)).toBe("SELECT pg_advisory_unlock(5380203, hashtext('schematic_history'));");
    expect(await tables()).toEqual([]);
  });

  it("refuses a migration the check blocks: exit 1, the findings as check prints them, nothing applied", async () => {
    const dir = project({ ...FILES, "migrations/003_drop_price.sql": BREAKING });
    await migrate(dir, "up", "--to", "002_trades");
    for (const format of ["text", "json"]) {
      const refused = await migrate(dir, "up", "--format", format);
      expect(refused.code).toBe(1);
      const check = await runCli(
        ["check", "--pending", "migrations/003_drop_price.sql", "--format", format],
        dir,
      );
      expect(check.code).toBe(1);
      expect(refused.stdout).toBe(check.stdout);
      expect(refused.stderr).toContain(
        "schematic: migrate up refused: the check blocks 003_drop_price (ban-drop-column), so nothing was applied to",
      );
    }
    const status = JSON.parse((await migrate(dir, "status", "--format", "json")).stdout);
    expect(status.pending.map((row: any) => row.id)).toEqual(["003_drop_price"]);

    const noReason = await migrate(dir, "up", "--force");
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("--force needs --reason.");

    const forced = await migrate(dir, "up", "--force", "--reason", "price moved to trades_v2");
    expect(forced.code).toBe(0);
    const after = JSON.parse((await migrate(dir, "status", "--format", "json")).stdout);
    expect(after.applied[2]).toMatchObject({
      id: "003_drop_price",
      forced_reason: "price moved to trades_v2",
      forced_rules: expect.arrayContaining(["ban-drop-column"]),
    });
  });

  it("a new database meeting an old history's findings is told the ways through; baseline: lets it pass", async () => {
    // A finding in the history's own tables: money as floating point, from long ago.
    const files = {
      ...FILES,
      "migrations/003_fx.sql":
        "-- migrate:up\nCREATE TABLE fx (id bigint PRIMARY KEY, price double precision);\n",
      "migrations/004_quotes.sql": SAFE,
    };
    const refused = await migrate(project(files), "up");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("This database is new");
    expect(refused.stderr).toContain("`baseline:` in schematic.yml");
    expect(refused.stderr).toContain("schematic-ignore");
    expect(refused.stderr).toContain("--force --reason");
    const baselined = await migrate(
      project({ ...files, "schematic.yml": "dialect: postgres\nbaseline: '004'\n" }),
      "up",
    );
    expect(baselined.code).toBe(0);
    expect(await tables()).toEqual(["accounts", "fx", "quotes", "schematic_history", "trades"]);
  });

  it("a failed migration: exit 1, where and why, nothing of it kept", async () => {
    const dir = project({
      ...FILES,
      "migrations/003_bad.sql":
        "-- migrate:up\nCREATE TABLE notes (id bigint);\nINSERT INTO nowhere VALUES (1);\n",
    });
    const run = await migrate(dir, "up");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FAILED   003_bad");
    expect(run.stderr).toBe(
      'schematic: migrations/003_bad.sql:3: migration 003_bad failed at statement 2: relation "nowhere" does not exist (42P01). Nothing of 003_bad was kept (it ran in a transaction).\n',
    );
    expect(await tables()).toEqual(["accounts", "schematic_history", "trades"]);
  });

  it("a migration outside a transaction that fails stays dirty; up resumes at the failed statement; repair settles it", async () => {
    const dir = project({
      ...FILES,
      "migrations/003_notes.sql":
        "-- schematic:no-transaction\nCREATE TABLE notes (id bigint);\nINSERT INTO later VALUES (1);\nCREATE TABLE more_notes (id bigint);\n",
    });
    const failed = await migrate(dir, "up");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      'schematic: migrations/003_notes.sql:3: migration 003_notes failed at statement 2: relation "later" does not exist (42P01). 003_notes is marked dirty after 1 statement(s): fix the cause, then `schematic migrate up` resumes at statement 2, or settle it with `schematic migrate repair 003_notes --applied|--reverted|--resume-at N`.\n',
    );
    const status = JSON.parse((await migrate(dir, "status", "--format", "json")).stdout);
    expect(status.dirty).toBe("003_notes");
    expect(status.dirty_detail).toMatchObject({ state: "applying", statements_done: 1, statements_total: 3 });
    expect((await migrate(dir, "verify")).code).toBe(1);

    // The cause fixed by hand: the run goes on from statement 2, not from the start (notes exists already).
    await admin(plain, (client) => client.query("CREATE TABLE later (id bigint)"));
    const resumed = await migrate(dir, "up");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("applied  003_notes     2 of 3 statements (resumed at 2)");
    expect(await tables()).toEqual([
      "accounts",
      "later",
      "more_notes",
      "notes",
      "schematic_history",
      "trades",
    ]);

    // A second failure, settled with repair: the user ran the rest by hand.
    writeFileSync(
      `${dir}/migrations/004_more.sql`,
      "-- schematic:no-transaction\nCREATE TABLE a1 (id bigint);\nINSERT INTO nowhere VALUES (1);\n",
    );
    expect((await migrate(dir, "up")).code).toBe(1);
    const dry = await migrate(dir, "repair", "--applied", "--dry-run");
    expect(dry.stdout).toContain('UPDATE "public"."schematic_history" SET');
    expect(JSON.parse((await migrate(dir, "status", "--format", "json")).stdout).dirty).toBe("004_more");
    const repaired = await migrate(dir, "repair", "--applied");
    expect(repaired.code).toBe(0);
    const after = JSON.parse((await migrate(dir, "status", "--format", "json")).stdout);
    expect(after).toMatchObject({ dirty: null, current: "004_more", pending: [] });
    const none = await migrate(dir, "repair", "--applied");
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining("No migration is dirty.") });
  });

  it("verify: a comment edit passes, a token edit is reported (exit 1) and refused by up", async () => {
    const dir = project(FILES);
    await migrate(dir, "up");
    const { writeFileSync, readFileSync } = await import("node:fs");
    const file = `${dir}/migrations/002_trades.sql`;
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `-- a comment\n${original.replace("bigint NOT NULL", "bigint   NOT NULL")}`);
    expect((await migrate(dir, "verify")).code).toBe(0);
    writeFileSync(file, original.replace("price numeric(18, 6)", "price numeric(20, 6)"));
    const verify = await migrate(dir, "verify", "--format", "json");
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      ok: false,
      edited: [{ id: "002_trades", file: "migrations/002_trades.sql" }],
      missing: [],
      unknown: [],
    });
    writeFileSync(`${dir}/migrations/003_quotes.sql`, SAFE);
    const up = await migrate(dir, "up");
    expect(up.code).toBe(2);
    expect(up.stderr).toContain("Migration 002_trades changed since it was applied");
    const repair = await migrate(dir, "repair", "--accept-edit");
    expect(repair.code).toBe(1);
    expect(repair.stderr).toContain("line 2: - 18  + 20");
    expect(repair.stderr).toContain("Not cosmetic");
  });

  it("repair --accept-edit accepts a cosmetic edit (the same schema) and up goes on", async () => {
    const dir = project(FILES);
    await migrate(dir, "up");
    const { writeFileSync, readFileSync } = await import("node:fs");
    const file = `${dir}/migrations/001_accounts.sql`;
    writeFileSync(file, readFileSync(file, "utf8").replace("id bigint PRIMARY KEY", "id int8 PRIMARY KEY"));
    const repair = await migrate(dir, "repair", "--accept-edit");
    expect(repair.stderr).toContain("line 2: - bigint  + int8");
    expect(repair.stderr).toContain("Cosmetic");
    expect(repair.code).toBe(0);
    expect((await migrate(dir, "verify")).code).toBe(0);
  });

  it("stamp records without running; history lists it", async () => {
    const dir = project(FILES);
    const stamp = await migrate(dir, "stamp", "001_accounts");
    expect(stamp.code).toBe(0);
    expect(await tables()).toEqual(["schematic_history"]);
    const history = JSON.parse((await migrate(dir, "history", "--format", "json")).stdout);
    expect(history.history.map((row: any) => [row.id, row.kind, row.state])).toEqual([
      ["001_accounts", "baseline", "applied"],
    ]);
    expect((await migrate(dir, "up")).code).toBe(0);
    expect(await tables()).toEqual(["schematic_history", "trades"]);
  });

  it("baseline adopts a database migrated by hand: stamps what its schema has, then up applies the rest", async () => {
    const dir = project(FILES);
    await admin(plain, (client) =>
      client.query("CREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL)"),
    );
    const dry = await migrate(dir, "baseline", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('INSERT INTO "public"."schematic_history"');
    expect(await tables()).toEqual(["accounts"]);
    const adopted = await migrate(dir, "baseline");
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain("Stamping 001_accounts");
    const status = JSON.parse((await migrate(dir, "status", "--format", "json")).stdout);
    expect(status).toMatchObject({ current: "001_accounts", pending: [{ id: "002_trades" }] });
    expect((await migrate(dir, "up")).code).toBe(0);
    expect(await tables()).toEqual(["accounts", "schematic_history", "trades"]);
  });

  it("an environment's hooks run around the run and each migration; a failing before_each stops the run", async () => {
    const config = [
      "dialect: postgres",
      "environments:",
      "  dev:",
      "    url: ${DEV_URL}",
      "    hooks:",
      "      before_run: [{run: 'echo start $SCHEMATIC_ENV >> hooks.log'}]",
      "      after_each: [{run: 'echo done $SCHEMATIC_MIGRATION_ID $SCHEMATIC_DIRECTION >> hooks.log'}]",
      "      before_each: [{run: 'test ! -e stop'}]",
      "",
    ].join("\n");
    const dir = project({ ...FILES, "schematic.yml": config });
    const env = { DEV_URL: url };
    expect((await runCli(["migrate", "up", "--env", "dev", "--to", "001_accounts"], dir, env)).code).toBe(0);
    const { readFileSync, writeFileSync: write } = await import("node:fs");
    expect(readFileSync(`${dir}/hooks.log`, "utf8")).toBe("start dev\ndone 001_accounts up\n");
    write(`${dir}/stop`, "");
    const stopped = await runCli(["migrate", "up", "--env", "dev"], dir, env);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain("before_each");
    expect(stopped.stdout + stopped.stderr).not.toContain(SECRET);
    expect(await tables()).toEqual(["accounts", "schematic_history"]);
  });

  it("a pending migration that sorts before the latest applied one is refused unless --out-of-order", async () => {
    const dir = project({
      "schematic.yml": "dialect: postgres\n",
      "migrations/001_accounts.sql": FILES["migrations/001_accounts.sql"],
      "migrations/003_quotes.sql": SAFE,
    });
    expect((await migrate(dir, "up")).code).toBe(0);
    writeFileSync(`${dir}/migrations/002_trades.sql`, FILES["migrations/002_trades.sql"]);
    const late = await migrate(dir, "up");
    expect(late.code).toBe(2);
    expect(late.stderr).toContain("Migration 002_trades is not applied but sorts before 003_quotes");
    const verify = JSON.parse((await migrate(dir, "verify", "--format", "json")).stdout);
    expect(verify.unknown).toEqual([{ id: "002_trades", file: "migrations/002_trades.sql" }]);
    const allowed = await migrate(dir, "up", "--out-of-order");
    expect(allowed.code).toBe(0);
    expect(await tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
  });

  it("check --url reviews the migrations that database has not applied", async () => {
    const dir = project({ ...FILES, "migrations/003_drop_price.sql": BREAKING });
    await migrate(dir, "up", "--to", "002_trades");
    const check = await runCli(["check", "--url", url, "--format", "json"], dir);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).checked.pending).toEqual(["migrations/003_drop_price.sql"]);
    expect(check.stderr).toBe(
      `schematic: pending: 1 migration not applied in ${url.replace(SECRET, "***")}\n`,
    );
  });

  it("environments: --env, SCHEMATIC_DATABASE_URL and defaultEnvironment, in that order after --url", async () => {
    const config = [
      "dialect: postgres",
      "environments:",
      "  dev:",
      "    url: ${DEV_URL}",
      "  prod:",
      "    url: ${PROD_URL}",
      "defaultEnvironment: dev",
      "",
    ].join("\n");
    const dir = project({ ...FILES, "schematic.yml": config });
    const env = { DEV_URL: url };
    const byEnv = await runCli(["migrate", "status", "--env", "dev"], dir, env);
    expect(byEnv.code).toBe(0);
    expect(byEnv.stdout).toContain(`Database: ${url.replace(SECRET, "***")}`);
    const byDefault = await runCli(["migrate", "current"], dir, env);
    expect(byDefault).toMatchObject({ code: 0, stdout: "base\n" });
    const unset = await runCli(["migrate", "status", "--env", "prod"], dir, env);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("Environment prod needs variables that are not set");
    expect(unset.stderr).toContain("PROD_URL");
    const unknown = await runCli(["migrate", "status", "--env", "staging"], dir, env);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain("Use one of: dev, prod.");
    const byVariable = await runCli(["migrate", "up"], project(FILES), { SCHEMATIC_DATABASE_URL: url });
    expect(byVariable.code).toBe(0);
    expect(byVariable.stdout + byVariable.stderr).not.toContain(SECRET);
    expect(await tables()).toEqual(["accounts", "schematic_history", "trades"]);
  });

  it("an environment's schema, history table and timeouts reach the session", async () => {
    await admin(plain, (client) => client.query("CREATE SCHEMA app; CREATE SCHEMA ops"));
    const config = [
      "dialect: postgres",
      "environments:",
      "  dev:",
      "    url: ${DEV_URL}",
      "    schema: app",
      "    history: {table: migrations_done, schema: ops}",
      "    lock_timeout: 2s",
      "    statement_timeout: 1min",
      "",
    ].join("\n");
    const dir = project({ ...FILES, "schematic.yml": config });
    const dry = await runCli(["migrate", "up", "--env", "dev", "--dry-run"], dir, { DEV_URL: url });
    expect(dry.stdout).toContain(
      "SET search_path TO \"app\";\nSET lock_timeout = '2000ms';\nSET statement_timeout = '60000ms';",
    );
    const up = await runCli(["migrate", "up", "--env", "dev"], dir, { DEV_URL: url });
    expect(up.code).toBe(0);
    const where = await admin(plain, async (client) =>
      (
        await client.query(
          "SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('app', 'ops') ORDER BY 1, 2",
        )
      ).rows.map((row) => `${row.schemaname}.${row.tablename}`),
    );
    expect(where).toEqual(["app.accounts", "app.trades", "ops.migrations_done"]);
  });
});

describe("schematic migrate without a server", () => {
  const project = useTempProjects();

  it("new writes the next file in the folder's scheme, without opening a database", async () => {
    const dir = project(FILES);
    const run = await runCli(["migrate", "new", "Add trade venue", "--format", "json"], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).path).toBe("migrations/003_add_trade_venue.sql");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(`${dir}/migrations/003_add_trade_venue.sql`, "utf8")).toContain("-- migrate:up");
    const again = await runCli(["migrate", "new", "add trade venue"], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Created migrations/004_add_trade_venue.sql\n");
  });

  it("a connection that fails names the database without its password (text and json), exit 2", async () => {
    const dir = project(FILES);
    const bad = `postgres://app:${SECRET}@127.0.0.1:1/nowhere`;
    const text = await runCli(["migrate", "status", "--url", bad], dir);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain("Cannot connect to postgres://app:***@127.0.0.1:1/nowhere");
    const json = await runCli(["migrate", "up", "--url", bad, "--format", "json"], dir);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe("database");
    for (const run of [text, json]) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("usage errors are exit 2 with a paragraph", async () => {
    const dir = project(FILES);
    const both = await runCli(
      ["migrate", "up", "--to", "001", "--step", "1", "--url", "postgres://x@127.0.0.1:1/x"],
      dir,
    );
    expect(both).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Give --to or --step, not both."),
    });
    const scheme = await runCli(["migrate", "status", "--url", "oracle://x@h/db"], dir);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain("names no database Schematic runs migrations on");
  });
});
