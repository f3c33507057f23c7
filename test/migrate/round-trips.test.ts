/**
 * How the runner talks to a PostgreSQL server: a transactional migration's statements in one round trip
 * and its history row with the COMMIT in a second; every commit but the run's last without waiting for
 * the disk, and a flush when the run stops early. Against the real server, the driver wrapped to record
 * what it was asked to do.
 */
import { describe, expect, it } from "vitest";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { postgresBatchSql, postgresLiteral } from "../../src/migrate/drivers/postgres-family.js";
import type { SqlStatement } from "../../src/migrate/history.js";
import { useTempProjects } from "../helpers/cli.js";
import { testMigrator, useEngineDatabases } from "../helpers/engine-databases.js";
import { ENGINES } from "../helpers/engines.js";

const postgres = ENGINES.find((engine) => engine.dialect === "postgres")!;

const FILES = {
  "migrations/001_accounts.sql":
    "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'it''s a\\b');\nCOMMENT ON TABLE accounts IS E'back\\\\slash';\n-- migrate:down\nDROP TABLE accounts;\n",
  "migrations/002_trades.sql":
    "-- migrate:up\nCREATE TABLE trades (id bigint PRIMARY KEY);\nCREATE INDEX trades_missing ON trades (no_such_column);\n-- migrate:down\nDROP TABLE trades;\n",
  "migrations/003_quotes.sql":
    "-- migrate:up\nCREATE TABLE quotes (id bigint PRIMARY KEY) -- a line comment ends it\n-- migrate:down\nDROP TABLE quotes;\n",
};

type Call =
  | { readonly kind: "batch"; readonly sql: readonly string[] }
  | { readonly kind: "execute" | "begin" | "commit" | "rollback"; readonly sql?: string };

/** The driver, with every call that runs migration SQL recorded (queries of the history left out). */
function recorded(driver: DatabaseDriver): { driver: DatabaseDriver; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    driver: {
      ...driver,
      execute: (sql) => {
        calls.push({ kind: "execute", sql });
        return driver.execute(sql);
      },
      executeBatch: (statements: readonly SqlStatement[]) => {
        calls.push({ kind: "batch", sql: statements.map((statement) => statement.sql) });
        return driver.executeBatch!(statements);
      },
      begin: () => {
        calls.push({ kind: "begin" });
        return driver.begin();
      },
      commit: () => {
        calls.push({ kind: "commit" });
        return driver.commit();
      },
      rollback: () => {
        calls.push({ kind: "rollback" });
        return driver.rollback();
      },
    },
  };
}

describe("literals in a batch", () => {
  it.each([
    [null, "NULL"],
    [42, "42"],
    [true, "true"],
    ["it's", "'it''s'"],
    ["a\\b'c", "E'a\\\\b''c'"],
    [new Date("2026-12-07T23:00:00.123Z"), "'2026-12-07T23:00:00.123Z'"],
  ] as const)("%s", (value, literal) => {
    expect(postgresLiteral(value)).toBe(literal);
  });

  it("writes parameters in and puts each separator on a line of its own", () => {
    expect(
      postgresBatchSql([
        { sql: "CREATE TABLE t (id int) -- note", parameters: [] },
        { sql: "INSERT INTO h VALUES ($1, $2, $10)", parameters: ["$2", 2, 3, 4, 5, 6, 7, 8, 9, "x"] },
      ]),
    ).toBe("CREATE TABLE t (id int) -- note\n;\nINSERT INTO h VALUES ('$2', 2, 'x')");
  });
});

describe.skipIf(postgres.skip)("the runner's round trips on PostgreSQL", () => {
  const project = useTempProjects();
  const databases = useEngineDatabases(postgres);

  async function setUp(files: Readonly<Record<string, string>>) {
    const database = await databases.fresh();
    const real = await databases.open(database);
    const { driver, calls } = recorded(real);
    const { migrator, migrations } = await testMigrator("postgres", driver, project(files));
    return { migrator, calls, database, migrations, relaxed: real.relaxedCommit! };
  }

  it("sends each migration in two batches, relaxes every commit but the last, and keeps the text exact", async () => {
    const files = { ...FILES, "migrations/002_trades.sql": "CREATE TABLE trades (id bigint);\n" };
    const { migrator, calls, database, migrations, relaxed } = await setUp(files);
    const run = await migrator.up();
    expect(run.results.map((result) => [result.id, result.status, result.statementsRun])).toEqual([
      ["001_accounts", "applied", 2],
      ["002_trades", "applied", 1],
      ["003_quotes", "applied", 1],
    ]);
    const batches = calls.filter((call) => call.kind === "batch").map((call) => call.sql);
    expect(batches).toHaveLength(6);
    expect(batches[0]!.slice(0, 2)).toEqual(["BEGIN", relaxed.begin]);
    expect(batches[2]!.slice(0, 2)).toEqual(["BEGIN", relaxed.begin]);
    expect(batches[4]![0]).toBe("BEGIN");
    expect(batches[4]).not.toContain(relaxed.begin);
    expect(batches[1]![0]).toMatch(/^INSERT INTO "public"\."schematic_history"/);
    expect(batches[1]!.at(-1)).toBe("COMMIT");
    // Nothing went statement by statement, and a run that ends at its last commit needs no flush.
    expect(calls.filter((call) => call.kind !== "batch").map((call) => call.sql)).toEqual([
      expect.stringMatching(/^CREATE TABLE IF NOT EXISTS "public"\."schematic_history"/),
    ]);
    expect(await database.tables()).toEqual(["accounts", "quotes", "schematic_history", "trades"]);
    // The history keeps each script exactly, quotes and backslashes included.
    const status = await migrator.status();
    expect(status.applied.map((entry) => entry.row.script)).toEqual(
      migrations.map((migration) => migration.up.text),
    );
    expect(status.edited).toEqual([]);
  });

  it("runs a failed batch again statement by statement to name the statement, then flushes", async () => {
    const { migrator, calls, database, relaxed } = await setUp(FILES);
    const run = await migrator.up();
    expect(run.results.map((result) => [result.id, result.status])).toEqual([
      ["001_accounts", "applied"],
      ["002_trades", "failed"],
      ["003_quotes", "not-run"],
    ]);
    expect(run.results[1]!.error).toMatchObject({ statement: 1, line: 3 });
    expect(run.results[1]!.error!.message).toMatch(/no_such_column/);
    const firstBatch = calls.findIndex((call) => call.kind === "batch");
    const afterFirst = calls.slice(firstBatch + 2).map((call) => call.kind);
    // The batch, its rollback, then the same statements one by one in a new transaction, rolled back.
    expect(afterFirst).toEqual([
      "batch",
      "rollback",
      "begin",
      "execute",
      "execute",
      "execute",
      "rollback",
      "execute",
    ]);
    expect(calls.at(-1)).toEqual({ kind: "execute", sql: relaxed.flush });
    expect(await database.tables()).toEqual(["accounts", "schematic_history"]);
    expect((await migrator.status()).current).toBe("001_accounts");
  });
});
