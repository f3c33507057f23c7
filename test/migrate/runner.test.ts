import { beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../../src/dialects/dialect.js";
import { createDialect } from "../../src/dialects/index.js";
import { createMemoryDriver, type MemoryDriver } from "../../src/migrate/drivers/memory.js";
import { HistorySql, MemoryHistoryStore } from "../../src/migrate/history.js";
import { migrationStatus } from "../../src/migrate/plan.js";
import { type MigrateEvent, Migrator } from "../../src/migrate/runner.js";
import { executionPlan } from "../../src/migrate/statements.js";
import { migrationChecksum } from "../../src/migrations/checksum.js";
import type { Migration } from "../../src/migrations/loader.js";

let postgres: Dialect;
beforeAll(async () => {
  postgres = await createDialect("postgres");
});

function migration(id: string, up: string, down?: string): Migration {
  const script = (direction: "up" | "down", text: string) => ({
    path: `migrations/${id}.${direction}.sql`,
    absolutePath: `/project/migrations/${id}.${direction}.sql`,
    realPath: `/project/migrations/${id}.${direction}.sql`,
    direction,
    text,
  });
  const version = /^\d+/.exec(id)?.[0];
  return {
    id,
    ...(version !== undefined && { version }),
    description: id.replace(/^\d+_/, ""),
    up: script("up", up),
    ...(down !== undefined && { down: script("down", down) }),
  };
}

const MIGRATIONS = [
  migration("001_a", "CREATE TABLE a (id int);", "DROP TABLE a;"),
  migration("002_b", "CREATE TABLE b (id int);\nCREATE INDEX b_id ON b (id);", "DROP TABLE b;"),
  migration("003_c", "ALTER TABLE a ADD COLUMN c int;", "ALTER TABLE a DROP COLUMN c;"),
];

function setup(
  options: { migrations?: readonly Migration[]; transactionalDdl?: boolean; outOfOrder?: boolean } = {},
) {
  const driver = createMemoryDriver({ transactionalDdl: options.transactionalDdl ?? true });
  const history = new MemoryHistoryStore();
  const events: MigrateEvent[] = [];
  let clock = 1_000;
  const make = (migrations: readonly Migration[]) =>
    new Migrator({
      driver,
      history,
      historySql: new HistorySql(driver, { table: "schematic_history" }),
      migrations,
      plan: (script) =>
        executionPlan(script.path, script.text, {
          dialect: postgres,
          placeholders: {},
          placeholderSyntax: ["flyway"],
          transactionalDdl: driver.capabilities.transactionalDdl,
        }),
      checksum: (m) => migrationChecksum(postgres, m.up.text),
      lockName: "schematic_history",
      lockTimeoutMs: 1000,
      appliedBy: "tester@host",
      toolVersion: "0.1.0",
      onEvent: (event) => events.push(event),
      now: () => (clock += 5),
      ...(options.outOfOrder && { outOfOrder: true }),
    });
  return { driver, history, events, migrator: make(options.migrations ?? MIGRATIONS), make };
}

const statementsOf = (driver: MemoryDriver) =>
  driver.executed.filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK)$/.test(sql));

describe("the migrator on a database with DDL transactions", () => {
  it("applies every pending migration in its own transaction, with its history row", async () => {
    const { driver, history, migrator } = setup();
    const run = await migrator.up();
    expect(run.ok).toBe(true);
    expect(run.results.map((r) => [r.id, r.status, r.statementsRun, r.transaction])).toEqual([
      ["001_a", "applied", 1, true],
      ["002_b", "applied", 2, true],
      ["003_c", "applied", 1, true],
    ]);
    expect(driver.executed).toEqual([
      "BEGIN",
      "CREATE TABLE a (id int)",
      "COMMIT",
      "BEGIN",
      "CREATE TABLE b (id int)",
      "CREATE INDEX b_id ON b (id)",
      "COMMIT",
      "BEGIN",
      "ALTER TABLE a ADD COLUMN c int",
      "COMMIT",
    ]);
    const rows = await history.read();
    expect(rows.map((row) => [row.id, row.state, row.installedRank, row.appliedBy])).toEqual([
      ["001_a", "applied", 1, "tester@host"],
      ["002_b", "applied", 2, "tester@host"],
      ["003_c", "applied", 3, "tester@host"],
    ]);
    expect((await migrator.status()).current).toBe("003_c");
    expect((await migrator.up()).results).toEqual([]);
  });

  it("stops at a failing statement: that migration is rolled back, the rest not run", async () => {
    const { driver, history, migrator } = setup();
    driver.failOn = /CREATE INDEX/;
    const run = await migrator.up();
    expect(run.ok).toBe(false);
    expect(run.results.map((r) => [r.id, r.status])).toEqual([
      ["001_a", "applied"],
      ["002_b", "failed"],
      ["003_c", "not-run"],
    ]);
    expect(run.results[1]!.error).toMatchObject({
      statement: 1,
      line: 2,
      code: "42000",
      file: "migrations/002_b.up.sql",
      sql: "CREATE INDEX b_id ON b (id)",
    });
    expect(driver.executed.slice(-2)).toEqual(["CREATE TABLE b (id int)", "ROLLBACK"]);
    expect((await history.read()).map((row) => row.id)).toEqual(["001_a"]);
  });

  it("goes up to a revision or by steps, and down by steps, to a revision, or to base", async () => {
    const { history, migrator } = setup();
    await migrator.up({ to: "002" });
    expect((await history.read()).map((row) => row.id)).toEqual(["001_a", "002_b"]);
    await migrator.up({ step: 1 });
    expect((await migrator.status()).current).toBe("003_c");
    const down = await migrator.down();
    expect(down.results.map((r) => [r.id, r.direction, r.status])).toEqual([["003_c", "down", "reverted"]]);
    await migrator.up();
    await migrator.down({ to: "001_a" });
    expect((await history.read()).map((row) => row.id)).toEqual(["001_a"]);
    await migrator.down({ to: "base" });
    expect(await history.read()).toEqual([]);
  });

  it("refuses an applied migration edited beyond comments and whitespace, and accepts a reformatted one", async () => {
    const { migrator, make } = setup();
    await migrator.up();
    const reformatted = [
      MIGRATIONS[0]!,
      migration("002_b", "-- documented\nCREATE   TABLE b (id int);\n\nCREATE INDEX b_id ON b (id);"),
      MIGRATIONS[2]!,
    ];
    expect((await make(reformatted).status()).edited).toEqual([]);
    const edited = [
      MIGRATIONS[0]!,
      migration("002_b", "CREATE TABLE b (id bigint);\nCREATE INDEX b_id ON b (id);"),
      MIGRATIONS[2]!,
    ];
    const status = await make(edited).status();
    expect(status.edited.map((entry) => entry.migration.id)).toEqual(["002_b"]);
    await expect(make(edited).up()).rejects.toThrow(/Migration 002_b changed since it was applied/);
    await make(edited).acceptEdit("002_b");
    expect((await make(edited).status()).edited).toEqual([]);
  });

  it("refuses a missing applied file and a late migration unless --out-of-order", async () => {
    const { migrator, make } = setup({ migrations: [MIGRATIONS[0]!, MIGRATIONS[2]!] });
    await migrator.up();
    await expect(make([MIGRATIONS[2]!]).up()).rejects.toThrow(
      /Migration 001_a is applied in this database but its file is not/,
    );
    await expect(make(MIGRATIONS).up()).rejects.toThrow(
      /Migration 002_b is not applied but sorts before 003_c/,
    );
    const late = setup({ outOfOrder: true });
    await late.make([MIGRATIONS[0]!, MIGRATIONS[2]!]).up();
    const run = await late.make(MIGRATIONS).up();
    expect(run.results.map((r) => r.id)).toEqual(["002_b"]);
  });

  it("stamps: rows for the migrations up to a revision, none after it", async () => {
    const { driver, history, migrator } = setup();
    await migrator.stamp("002_b");
    expect(driver.executed).toEqual([]);
    expect((await history.read()).map((row) => [row.id, row.kind])).toEqual([
      ["001_a", "baseline"],
      ["002_b", "baseline"],
    ]);
    await migrator.stamp("001_a");
    expect((await history.read()).map((row) => row.id)).toEqual(["001_a"]);
    await migrator.stamp("base");
    expect(await history.read()).toEqual([]);
  });

  it("prints with --dry-run what it would run, the lock and the history statements included, and runs nothing", async () => {
    const { driver, history, migrator } = setup({ migrations: [MIGRATIONS[0]!] });
    const run = await migrator.up({ dryRun: true });
    expect(driver.executed).toEqual([]);
    expect(await history.read()).toEqual([]);
    expect(run.sql![0]).toBe("LOCK schematic_history");
    // The table named as the run found it: in the session's current schema.
    expect(run.sql![1]).toMatch(/^CREATE TABLE IF NOT EXISTS "public"."schematic_history" \(/);
    expect(run.sql!.slice(2, 4)).toEqual(["BEGIN", "CREATE TABLE a (id int)"]);
    expect(run.sql![4]).toMatch(
      /^INSERT INTO "public"."schematic_history" \(.*\) VALUES \('001_a', '001', 'a', 'migration', '[0-9a-f]{64}', 'applied', 1, 1, NULL, false, 'CREATE TABLE a \(id int\);', 1, '/,
    );
    expect(run.sql!.slice(5)).toEqual(["COMMIT", "UNLOCK schematic_history"]);
  });

  it("records why it was forced", async () => {
    const { history, migrator } = setup({ migrations: [MIGRATIONS[0]!] });
    await migrator.up({ force: { reason: "approved in #123", rules: ["ban-drop-column"] } });
    expect((await history.read())[0]).toMatchObject({
      forcedReason: "approved in #123",
      forcedRules: ["ban-drop-column"],
    });
  });
});

describe("the migrator on a database without DDL transactions", () => {
  it("records progress per statement, marks a failure dirty, and resumes from the failed statement", async () => {
    const { driver, history, migrator } = setup({ transactionalDdl: false });
    driver.failOn = /CREATE INDEX/;
    const first = await migrator.up();
    expect(first.results.map((r) => [r.id, r.status, r.transaction])).toEqual([
      ["001_a", "applied", false],
      ["002_b", "failed", false],
      ["003_c", "not-run", false],
    ]);
    const dirty = (await history.read()).find((row) => row.id === "002_b")!;
    expect(dirty).toMatchObject({
      state: "applying",
      statementsDone: 1,
      statementsTotal: 2,
      error: expect.stringMatching(/failed: CREATE INDEX/),
    });
    await expect(migrator.down()).rejects.toThrow(/Migration 002_b is half applied/);
    driver.failOn = undefined;
    driver.executed.length = 0;
    const second = await migrator.up();
    expect(second.results.map((r) => [r.id, r.status, r.resumedFrom])).toEqual([
      ["002_b", "applied", 1],
      ["003_c", "applied", undefined],
    ]);
    expect(statementsOf(driver)).toEqual(["CREATE INDEX b_id ON b (id)", "ALTER TABLE a ADD COLUMN c int"]);
    expect((await history.read()).every((row) => row.state === "applied" && row.error === undefined)).toBe(
      true,
    );
  });

  it("after a runner died mid-statement, resumes after the statement when the schema shows it took effect", async () => {
    const { driver, history, events, migrator } = setup({
      transactionalDdl: false,
      migrations: [MIGRATIONS[1]!],
    });
    // What a killed runner leaves: the row says one statement done, the second was running.
    await history.insert({
      id: "002_b",
      version: "002",
      description: "b",
      kind: "migration",
      checksum: migrationChecksum(postgres, MIGRATIONS[1]!.up.text),
      state: "applying",
      statementsDone: 1,
      statementsTotal: 2,
      installedRank: 1,
      appliedAt: new Date(0),
      durationMs: 0,
      appliedBy: "tester@host",
      toolVersion: "0.1.0",
    });
    driver.present.add("index:b_id");
    const run = await migrator.up();
    expect(events).toContainEqual({ kind: "recovered", id: "002_b", statement: 1, outcome: "took effect" });
    expect(run.results.map((r) => [r.id, r.status, r.statementsRun])).toEqual([["002_b", "applied", 0]]);
    expect(statementsOf(driver)).toEqual([]);
    expect((await history.read())[0]).toMatchObject({ state: "applied", statementsDone: 2 });
  });

  it("reruns the statement a dead runner had not finished, and marks what it cannot tell", async () => {
    const { driver, history, migrator } = setup({ transactionalDdl: false, migrations: [MIGRATIONS[1]!] });
    const row = {
      id: "002_b",
      version: "002",
      description: "b",
      kind: "migration" as const,
      checksum: migrationChecksum(postgres, MIGRATIONS[1]!.up.text),
      state: "applying" as const,
      statementsDone: 1,
      statementsTotal: 2,
      installedRank: 1,
      appliedAt: new Date(0),
      durationMs: 0,
      appliedBy: "tester@host",
      toolVersion: "0.1.0",
    };
    await history.insert(row);
    const run = await migrator.up();
    expect(run.results.map((r) => [r.id, r.status, r.resumedFrom])).toEqual([["002_b", "applied", 1]]);
    expect(statementsOf(driver)).toEqual(["CREATE INDEX b_id ON b (id)"]);

    const data = setup({
      transactionalDdl: false,
      migrations: [migration("004_d", "CREATE TABLE d (id int);\nINSERT INTO d VALUES (1);")],
    });
    await data.history.insert({
      ...row,
      id: "004_d",
      checksum: migrationChecksum(postgres, "CREATE TABLE d (id int);\nINSERT INTO d VALUES (1);"),
    });
    await expect(data.migrator.up()).rejects.toThrow(
      /^Migration 004_d needs repair: The run stopped during statement 2 \(line 2\) and the schema does not show whether it took effect/,
    );
    expect(statementsOf(data.driver)).toEqual([]);
    expect((await data.history.read())[0]).toMatchObject({ needsRepair: true, statementsDone: 1 });
    await data.migrator.repair("004_d", { resumeAt: 2 });
    const resumed = await data.migrator.up();
    expect(resumed.results.map((r) => [r.id, r.status, r.resumedFrom])).toEqual([["004_d", "applied", 1]]);
    expect(statementsOf(data.driver)).toEqual(["INSERT INTO d VALUES (1)"]);
    expect((await data.history.read())[0]).toMatchObject({ state: "applied", statementsDone: 2 });
    expect((await data.history.read())[0]!.error).toBeUndefined();
  });
});

describe("the status of applied migrations", () => {
  it("lexes only the files whose text differs from the script the history keeps", async () => {
    const { history, migrator } = setup();
    await migrator.up();
    const rows = await history.read();
    const reformatted = MIGRATIONS.map((entry, index) =>
      index === 1 ? { ...entry, up: { ...entry.up, text: `-- b, reformatted\n${entry.up.text}` } } : entry,
    );
    const lexed: string[] = [];
    const status = migrationStatus(reformatted, rows, (entry) => {
      lexed.push(entry.id);
      return migrationChecksum(postgres, entry.up.text);
    });
    expect(lexed).toEqual(["002_b"]);
    expect(status.edited).toEqual([]);
    expect(status.current).toBe("003_c");
  });
});
