/**
 * Adopting a database another tool (or a person) migrated: the tools' history tables are created as each
 * tool creates them (DDL from their sources, cited below) on the real servers of the engine loop, and a
 * hand-applied schema is read back through the driver's probe.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DialectName } from "../../src/dialects/dialect.js";
import { createDialect } from "../../src/dialects/index.js";
import { SchematicError } from "../../src/errors.js";
import {
  baseline,
  baselineFromForeign,
  detectForeignHistory,
  type ForeignHistory,
  inferAppliedFromSchema,
  planBaseline,
} from "../../src/migrate/adopt.js";
import { loadMigrations, type Migration } from "../../src/migrations/loader.js";
import { useTempProjects } from "../helpers/cli.js";
import { testMigrator, useEngineDatabases } from "../helpers/engine-databases.js";
import { ENGINES, type FreshDatabase } from "../helpers/engines.js";
import { noticeSkipped } from "../helpers/servers.js";

/** dbmate itself (the npm package's binary), when installed: SCHEMATIC_TEST_DBMATE or node_modules/.bin. */
const DBMATE = [
  process.env.SCHEMATIC_TEST_DBMATE,
  path.resolve(import.meta.dirname, "../../node_modules/.bin/dbmate"),
].find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));
if (!DBMATE)
  noticeSkipped("SCHEMATIC_TEST_DBMATE", "adopting a database migrated by dbmate itself (no dbmate binary)");

/**
 * Each tool's history table, as the tool creates it:
 * - Flyway: flyway-core .../database/{postgresql,mysql}/createMetaDataTable.sql (flyway/flyway)
 * - Alembic: alembic/runtime/migration.py, `Column("version_num", String(32), nullable=False)` with the
 *   primary key `<table>_pkc` (sqlalchemy/alembic)
 * - dbmate: pkg/driver/postgres/postgres.go `(version varchar(255) primary key)`, pkg/driver/mysql/mysql.go
 *   `(version varchar(128) primary key)` (amacneil/dbmate)
 * - golang-migrate: database/{postgres,mysql}/*.go ensureVersionTable, `(version bigint not null primary
 *   key, dirty boolean not null)` (golang-migrate/migrate)
 * - diesel: diesel/src/migration/setup_migration_table.sql; the version stored is the folder name's prefix
 *   without dashes (migrations_internals version_from_string) (diesel-rs/diesel)
 */
const FOREIGN_DDL: Readonly<Record<DialectName, Readonly<Record<string, readonly string[]>>>> = {
  postgres: {
    flyway: [
      `CREATE TABLE "flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
)`,
      `ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank")`,
      `CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success")`,
    ],
    alembic: [
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
    ],
    dbmate: ["create table if not exists schema_migrations (version varchar(255) primary key)"],
    "golang-migrate": [
      'CREATE TABLE IF NOT EXISTS "schema_migrations" (version bigint not null primary key, dirty boolean not null)',
    ],
    diesel: [
      "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    ],
  },
  mysql: {
    flyway: [
      `CREATE TABLE \`flyway_schema_history\` (
    \`installed_rank\` INT NOT NULL,
    \`version\` VARCHAR(50),
    \`description\` VARCHAR(200) NOT NULL,
    \`type\` VARCHAR(20) NOT NULL,
    \`script\` VARCHAR(1000) NOT NULL,
    \`checksum\` INT,
    \`installed_by\` VARCHAR(100) NOT NULL,
    \`installed_on\` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    \`execution_time\` INT NOT NULL,
    \`success\` BOOL NOT NULL,
    CONSTRAINT \`flyway_schema_history_pk\`PRIMARY KEY (\`installed_rank\`)
) ENGINE=InnoDB`,
      "CREATE INDEX `flyway_schema_history_s_idx` ON `flyway_schema_history` (`success`)",
    ],
    alembic: [
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
    ],
    dbmate: ["create table if not exists `schema_migrations` (version varchar(128) primary key)"],
    "golang-migrate": [
      "CREATE TABLE `schema_migrations` (version bigint not null primary key, dirty boolean not null)",
    ],
    diesel: [
      "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    ],
  },
  starrocks: {},
};

/** A Flyway history row as Flyway writes it (type SQL, or BASELINE / SCHEMA for its own rows). */
function flywayRow(rank: number, version: string | null, success: boolean, type = "SQL"): string {
  const literal = version === null ? "NULL" : `'${version}'`;
  return `INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES (${rank}, ${literal}, 'm${rank}', '${type}', 'V${version ?? ""}__m${rank}.sql', 0, 'flyway', 5, ${success ? 1 : 0} = 1)`;
}

const ACCOUNTS = "CREATE TABLE accounts (id bigint PRIMARY KEY, name varchar(100) NOT NULL)";
const TRADES = "CREATE TABLE trades (id bigint PRIMARY KEY, account_id bigint NOT NULL)";
const EMAIL = "ALTER TABLE accounts ADD COLUMN email varchar(200)";
const TRADES_INDEX = "CREATE INDEX trades_account ON trades (account_id)";
const QUOTES = "CREATE TABLE quotes (id bigint PRIMARY KEY, bid numeric(18, 6))";
const SEED = "INSERT INTO accounts (id, name) VALUES (1, 'house')";

/** dbmate-style files, one per migration: `[version, name, up statements, down statement]`. */
function dbmateFiles(
  list: readonly (readonly [string, string, readonly string[], string])[],
): Record<string, string> {
  return Object.fromEntries(
    list.map(([version, name, up, down]) => [
      `migrations/${version}_${name}.sql`,
      `-- migrate:up\n${up.map((sql) => `${sql};\n`).join("")}\n-- migrate:down\n${down};\n`,
    ]),
  );
}

const FOLDER = dbmateFiles([
  ["20240101000000", "accounts", [ACCOUNTS], "DROP TABLE accounts"],
  ["20240102000000", "trades", [TRADES, EMAIL], "DROP TABLE trades"],
  ["20240103000000", "trades_index", [TRADES_INDEX], "DROP INDEX trades_account ON trades"],
  ["20240104000000", "seed", [SEED], "DELETE FROM accounts"],
  ["20240105000000", "quotes", [QUOTES], "DROP TABLE quotes"],
]);

describe.each(ENGINES)("baseline on $name", (engine) => {
  const project = useTempProjects();
  const databases = useEngineDatabases(engine);

  async function setup(files: Readonly<Record<string, string>> = FOLDER, made?: FreshDatabase) {
    const database = made ?? (await databases.fresh());
    const driver = await databases.open(database);
    const dialect = await createDialect(engine.dialect);
    const { migrator, migrations } = await testMigrator(engine.dialect, driver, project(files));
    const run = async (statements: readonly string[]) => {
      for (const sql of statements) await driver.execute(sql);
    };
    return { driver, dialect, migrations, migrator, run, database };
  }

  const ddl = (tool: string) => FOREIGN_DDL[engine.dialect][tool]!;

  it.skipIf(engine.skip)(
    "reads each tool's history table, dbmate's and golang-migrate's told apart",
    async () => {
      const { driver, run } = await setup();
      expect(await detectForeignHistory(driver)).toEqual([]);
      await run([
        ...ddl("flyway"),
        flywayRow(1, "1", true),
        flywayRow(2, "1.1", false),
        flywayRow(3, "1.1", true),
        flywayRow(4, null, true),
        ...ddl("alembic"),
        "INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf')",
        ...ddl("golang-migrate"),
        "INSERT INTO schema_migrations (version, dirty) VALUES (20240102000000, true)",
      ]);
      expect(await detectForeignHistory(driver)).toEqual([
        {
          tool: "flyway",
          table: "flyway_schema_history",
          versions: ["1", "1.1"],
          headOnly: false,
          failed: [],
        },
        { tool: "alembic", table: "alembic_version", versions: ["ae1027a6acf"], headOnly: true, failed: [] },
        {
          tool: "golang-migrate",
          table: "schema_migrations",
          versions: ["20240102000000"],
          headOnly: true,
          failed: ["20240102000000"],
        },
      ]);
      await run(["DROP TABLE schema_migrations", ...ddl("dbmate")]);
      await run(["INSERT INTO schema_migrations (version) VALUES ('20240102000000'), ('20240101000000')"]);
      const dbmate = (await detectForeignHistory(driver)).find((one) => one.table === "schema_migrations");
      expect(dbmate).toEqual({
        tool: "dbmate",
        table: "schema_migrations",
        versions: ["20240101000000", "20240102000000"],
        headOnly: false,
        failed: [],
      });
    },
  );

  it.skipIf(engine.skip || engine.dialect !== "postgres")(
    "reads a history table in the schema it is told (Flyway's flyway.defaultSchema)",
    async () => {
      const { driver, run } = await setup();
      await run([
        "CREATE SCHEMA legacy",
        "SET search_path TO legacy",
        ...ddl("flyway"),
        flywayRow(1, "20240101000000", true),
        "SET search_path TO public",
      ]);
      expect(await detectForeignHistory(driver)).toEqual([]);
      expect((await detectForeignHistory(driver, { schema: "legacy" })).map((one) => one.versions)).toEqual([
        ["20240101000000"],
      ]);
    },
  );

  it.skipIf(engine.skip)(
    "adopts a dbmate database: stamps its latest version, and up applies the rest",
    async () => {
      const { driver, migrator, run, dialect, migrations, database } = await setup();
      await run([ACCOUNTS, TRADES, EMAIL, ...ddl("dbmate")]);
      await run(["INSERT INTO schema_migrations (version) VALUES ('20240101000000'), ('20240102000000')"]);
      const { plan, result } = await baseline({ driver, dialect, migrations, migrator });
      expect(plan).toMatchObject({
        revision: "20240102000000_trades",
        source: "dbmate",
        applied: ["20240101000000_accounts", "20240102000000_trades"],
      });
      expect(plan.explanation.join("\n")).toContain(
        "dbmate's history table schema_migrations records 2 applied versions, the latest being migration 20240102000000_trades.",
      );
      expect(result.ok).toBe(true);
      const status = await migrator.status();
      expect(status.current).toBe("20240102000000_trades");
      expect(status.applied.map((entry) => [entry.row.id, entry.row.kind])).toEqual([
        ["20240101000000_accounts", "baseline"],
        ["20240102000000_trades", "baseline"],
      ]);
      const up = await migrator.up();
      expect(up.results.map((entry) => [entry.id, entry.status])).toEqual([
        ["20240103000000_trades_index", "applied"],
        ["20240104000000_seed", "applied"],
        ["20240105000000_quotes", "applied"],
      ]);
      expect(await database.tables()).toContain("quotes");
      // Adopted once: a second baseline refuses.
      await expect(planBaseline({ driver, dialect, migrations, migrator })).rejects.toThrow(
        "This database already has a Schematic history (5 migrations, the latest 20240105000000_quotes); there is nothing to adopt.",
      );
    },
  );

  it.skipIf(engine.skip || !DBMATE)("adopts a database dbmate itself migrated", async (context) => {
    // dbmate needs a server to connect to: an embedded engine has no URL (told before opening it).
    const made = await databases.fresh();
    if (!made.url) context.skip();
    const { driver, migrator, dialect, migrations, database } = await setup(FOLDER, made);
    // dbmate applies the first two files of the folder, as a team did before Schematic.
    const first = project({
      "db/20240101000000_accounts.sql": FOLDER["migrations/20240101000000_accounts.sql"]!,
      "db/20240102000000_trades.sql": FOLDER["migrations/20240102000000_trades.sql"]!,
    });
    const url = engine.dialect === "postgres" ? `${database.url}?sslmode=disable` : database.url!;
    execFileSync(
      DBMATE!,
      ["--url", url, "--migrations-dir", path.join(first, "db"), "--no-dump-schema", "migrate"],
      {
        cwd: first,
        stdio: "pipe",
      },
    );
    const { plan } = await baseline({ driver, dialect, migrations, migrator });
    expect(plan).toMatchObject({ revision: "20240102000000_trades", source: "dbmate" });
    expect((await migrator.up()).results.map((entry) => [entry.id, entry.status])).toEqual([
      ["20240103000000_trades_index", "applied"],
      ["20240104000000_seed", "applied"],
      ["20240105000000_quotes", "applied"],
    ]);
  });

  it.skipIf(engine.skip)("with --dry-run prints the stamp and records nothing", async () => {
    const { driver, migrator, run, dialect, migrations } = await setup();
    await run([ACCOUNTS, ...ddl("golang-migrate")]);
    await run(["INSERT INTO schema_migrations (version, dirty) VALUES (20240101000000, false)"]);
    const { plan, result } = await baseline({ driver, dialect, migrations, migrator, dryRun: true });
    expect(plan.revision).toBe("20240101000000_accounts");
    expect(
      result.sql?.some((sql) => sql.includes("INSERT INTO") && sql.includes("20240101000000_accounts")),
    ).toBe(true);
    expect((await migrator.status()).applied).toEqual([]);
  });

  it.skipIf(engine.skip)("refuses a failed Flyway migration, an unknown version and a gap", async () => {
    const flyway = dbmateFiles([
      ["1", "accounts", [ACCOUNTS], "DROP TABLE accounts"],
      ["2", "trades", [TRADES], "DROP TABLE trades"],
      ["3", "quotes", [QUOTES], "DROP TABLE quotes"],
    ]);
    const { driver, migrator, run, dialect, migrations } = await setup({
      ...flyway,
      "migrations/R__report.sql": "SELECT 1;\n",
    });
    await run([...ddl("flyway"), flywayRow(1, "1", true), flywayRow(2, "2", false)]);
    const plan = () => planBaseline({ driver, dialect, migrations, migrator });
    await expect(plan()).rejects.toThrow(
      "Flyway's history (flyway_schema_history) marks 2 as failed: the database is part-way through a migration.",
    );
    await run(["DELETE FROM flyway_schema_history", flywayRow(1, "1", true), flywayRow(2, "3", true)]);
    await expect(plan()).rejects.toThrow(
      "Flyway applied migrations after 2_trades but not it: a stamp records everything up to 3_quotes, so it would record that one as applied too.",
    );
    await run(["DELETE FROM flyway_schema_history", flywayRow(1, "1", true), flywayRow(2, "7", true)]);
    await expect(plan()).rejects.toThrow(
      "Flyway's history (flyway_schema_history) records 7, which no migration in the folder matches.",
    );
    // A baseline row stands for every version up to it; `<< Flyway Schema Creation >>` is no version.
    await run([
      "DELETE FROM flyway_schema_history",
      flywayRow(0, "0", true, "SCHEMA"),
      flywayRow(1, "2", true, "BASELINE"),
    ]);
    const adopted = await plan();
    expect(adopted).toMatchObject({ revision: "2_trades", applied: ["1_accounts", "2_trades"] });
    expect(adopted.explanation.at(-1)).toBe(
      "The repeatable migration is not stamped: the next `up` runs it once (repeatable migrations are written to run again).",
    );
  });

  it.skipIf(engine.skip)("adopts from Alembic's head and from diesel's versions", async () => {
    const alembic = {
      "migrations/0001_1975ea83b712_accounts.sql": `${ACCOUNTS};\n`,
      "migrations/0002_ae1027a6acf_trades.sql": `${TRADES};\n`,
      "migrations/0003_27c6a30d7c24_quotes.sql": `${QUOTES};\n`,
    };
    const first = await setup(alembic);
    await first.run([ACCOUNTS, TRADES, ...ddl("alembic")]);
    await first.run(["INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf')"]);
    const fromAlembic = await baseline(first);
    expect(fromAlembic.plan).toMatchObject({
      revision: "0002_ae1027a6acf_trades",
      source: "alembic",
      applied: ["0001_1975ea83b712_accounts", "0002_ae1027a6acf_trades"],
    });
    expect((await first.migrator.up()).results.map((entry) => entry.id)).toEqual([
      "0003_27c6a30d7c24_quotes",
    ]);

    const diesel = {
      "migrations/2017-08-31-193512_accounts/up.sql": `${ACCOUNTS};\n`,
      "migrations/2025-11-19-091444-0000_trades/up.sql": `${TRADES};\n`,
      "migrations/2026-01-01-000000-0000_quotes/up.sql": `${QUOTES};\n`,
    };
    const second = await setup(diesel);
    await second.run([ACCOUNTS, TRADES, ...ddl("diesel")]);
    await second.run([
      "INSERT INTO __diesel_schema_migrations (version) VALUES ('20170831193512'), ('202511190914440000')",
    ]);
    const fromDiesel = await baseline(second);
    expect(fromDiesel.plan).toMatchObject({ revision: "2025-11-19-091444-0000_trades", source: "diesel" });
    expect((await second.migrator.status()).current).toBe("2025-11-19-091444-0000_trades");
  });

  it.skipIf(engine.skip)("reads a hand-applied schema: applied up to where the schema stops", async () => {
    const { driver, migrator, run, dialect, migrations } = await setup();
    const plan = () => planBaseline({ driver, dialect, migrations, migrator });
    expect(await plan()).toMatchObject({ revision: "base", source: "empty", applied: [] });

    await run([ACCOUNTS, TRADES, EMAIL, TRADES_INDEX]);
    const inferred = await inferAppliedFromSchema(migrations, dialect, driver.probe);
    expect(inferred.migrations.map((migration) => [migration.id, migration.state])).toEqual([
      ["20240101000000_accounts", "applied"],
      ["20240102000000_trades", "applied"],
      ["20240103000000_trades_index", "applied"],
      ["20240104000000_seed", "unknown"],
      ["20240105000000_quotes", "not-applied"],
    ]);
    const adopted = await plan();
    expect(adopted).toMatchObject({
      revision: "20240103000000_trades_index",
      source: "schema",
      applied: ["20240101000000_accounts", "20240102000000_trades", "20240103000000_trades_index"],
    });
    expect(adopted.explanation.join("\n")).toContain(
      "20240104000000_seed leaves nothing Schematic looks for in the schema (tables, views, columns, named indexes: it may change data, constraints, functions or grants), so it is taken as not applied",
    );
    const { result } = await baseline({ driver, dialect, migrations, migrator });
    expect(result.ok).toBe(true);
    expect((await migrator.up()).results.map((entry) => entry.id)).toEqual([
      "20240104000000_seed",
      "20240105000000_quotes",
    ]);
  });

  it.skipIf(engine.skip || engine.dialect !== "postgres")(
    "reads real-world histories (from crates.io): objects made again, columns made with their table, an index renamed by USING INDEX",
    async () => {
      const files = dbmateFiles([
        [
          "1",
          "downloads",
          ["CREATE TABLE downloads (id int PRIMARY KEY, version_id int, day date)"],
          "SELECT 1",
        ],
        ["2", "owners", ["CREATE TABLE owners (id int, user_id int)"], "SELECT 1"],
        ["3", "unique", ["CREATE UNIQUE INDEX downloads_unique ON downloads (version_id, day)"], "SELECT 1"],
        [
          "4",
          "pk",
          [
            "ALTER TABLE downloads DROP CONSTRAINT downloads_pkey, ADD CONSTRAINT downloads_pkey PRIMARY KEY USING INDEX downloads_unique, DROP COLUMN id",
          ],
          "SELECT 1",
        ],
        ["5", "rename", ["ALTER TABLE owners RENAME COLUMN user_id TO owner_id"], "SELECT 1"],
        ["6", "drop", ["DROP TABLE owners"], "SELECT 1"],
        ["7", "again", ["CREATE TABLE owners (id int, owner_id int)"], "SELECT 1"],
        ["8", "total", ["ALTER TABLE downloads ADD COLUMN total int"], "SELECT 1"],
      ]);
      const { driver, migrator, run, dialect, migrations } = await setup(files);
      const adopted = async (to: string) => {
        await migrator.up({ to });
        await run(["DROP TABLE schematic_history"]);
        return planBaseline({ driver, dialect, migrations, migrator });
      };
      // Owners made with user_id (2), which 5 renames: at 1, the column's absence says nothing of 5.
      expect((await adopted("1_downloads")).revision).toBe("1_downloads");
      await run(["DROP TABLE downloads"]);
      // At 5: owners as 7 makes it again cannot tell 7 from 2; 6 and 7 leave nothing to look for.
      const atFive = await adopted("5_rename");
      expect(atFive.revision).toBe("5_rename");
      expect(atFive.explanation.join("\n")).toContain("6_drop, 7_again leave nothing Schematic looks for");
      await run(["DROP TABLE downloads", "DROP TABLE owners"]);
      // At the head: downloads_unique is now downloads_pkey, which the catalog does not know; said, not refused.
      const atHead = await adopted("8_total");
      expect(atHead.revision).toBe("8_total");
      expect(atHead.explanation.join("\n")).toContain(
        "Not found under the name the migrations give, though later migrations are applied: index downloads_unique on downloads (3_unique).",
      );
    },
  );

  it.skipIf(engine.skip)("refuses a half-applied migration, naming what is missing", async () => {
    const { driver, migrator, run, dialect, migrations } = await setup();
    await run([ACCOUNTS, TRADES]);
    await expect(planBaseline({ driver, dialect, migrations, migrator })).rejects.toThrow(
      "Migration 20240102000000_trades is partly in the database: it has table trades but not column accounts.email.",
    );
  });

  it.skipIf(engine.skip)(
    "refuses a schema with a gap: a later migration's objects without an earlier one's",
    async () => {
      const { driver, migrator, run, dialect, migrations } = await setup();
      await run([ACCOUNTS, QUOTES]);
      const error = await planBaseline({ driver, dialect, migrations, migrator }).catch((caught) => caught);
      expect(error).toBeInstanceOf(SchematicError);
      expect(error.message).toBe(
        "The schema has migration 20240105000000_quotes but not 20240102000000_trades before it (column accounts.email, table trades missing): a stamp would record it as applied.",
      );
    },
  );
});

describe("baselineFromForeign", () => {
  const project = useTempProjects();
  function folder(files: Readonly<Record<string, string>>): Migration[] {
    return loadMigrations("migrations", { dialect: "postgres", cwd: project(files) });
  }
  const history = (fields: Partial<ForeignHistory> & Pick<ForeignHistory, "tool" | "versions">) => ({
    table: "t",
    headOnly: false,
    failed: [],
    ...fields,
  });

  it("matches Flyway versions as Flyway compares them (leading zeros, 1.0 = 1, dots or underscores)", () => {
    const migrations = folder({
      "migrations/V001__a.sql": "SELECT 1;",
      "migrations/V1_1__b.sql": "SELECT 1;",
      "migrations/V2.0__c.sql": "SELECT 1;",
      "migrations/V3__d.sql": "SELECT 1;",
      "migrations/R__views.sql": "SELECT 1;",
    });
    expect(baselineFromForeign(history({ tool: "flyway", versions: ["1", "1.1", "2"] }), migrations)).toEqual(
      {
        stamp: "2.0__c",
        applied: ["001__a", "1_1__b", "2.0__c"],
        unmatched: [],
        gaps: [],
      },
    );
  });

  it("golang-migrate and Alembic record their head: everything before it is applied", () => {
    const migrations = folder({
      "migrations/000001_a.up.sql": "SELECT 1;",
      "migrations/000002_b.up.sql": "SELECT 1;",
      "migrations/000003_c.up.sql": "SELECT 1;",
    });
    expect(
      baselineFromForeign(history({ tool: "golang-migrate", versions: ["2"], headOnly: true }), migrations),
    ).toEqual({ stamp: "000002_b", applied: ["000001_a", "000002_b"], unmatched: [], gaps: [] });
    const alembic = folder({
      "migrations/0001_1975ea83b712_create_account.sql": "SELECT 1;",
      "migrations/0002_ae1027a6acf_add_email.sql":
        "-- Running upgrade 1975ea83b712 -> ae1027a6acf\nSELECT 1;",
      "migrations/0003_more.sql":
        "-- Revision ID: 27c6a30d7c24\nUPDATE alembic_version SET version_num='27c6a30d7c24';",
    });
    expect(
      baselineFromForeign(history({ tool: "alembic", versions: ["ae1027a6acf"], headOnly: true }), alembic)
        .stamp,
    ).toBe("0002_ae1027a6acf_add_email");
    expect(
      baselineFromForeign(history({ tool: "alembic", versions: ["27c6a30d7c24"], headOnly: true }), alembic)
        .applied,
    ).toHaveLength(3);
  });

  it("diesel stores its dashed timestamps without the dashes", () => {
    const migrations = folder({
      "migrations/2017-08-31-193512_a/up.sql": "SELECT 1;",
      "migrations/2025-11-19-091444-0000_b/up.sql": "SELECT 1;",
      "migrations/2026-01-01-000000-0000_c/up.sql": "SELECT 1;",
    });
    expect(
      baselineFromForeign(
        history({ tool: "diesel", versions: ["20170831193512", "202511190914440000"] }),
        migrations,
      ),
    ).toEqual({
      stamp: "2025-11-19-091444-0000_b",
      applied: ["2017-08-31-193512_a", "2025-11-19-091444-0000_b"],
      unmatched: [],
      gaps: [],
    });
  });
});
