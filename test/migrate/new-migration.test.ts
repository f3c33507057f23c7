/**
 * `migrate new` on each naming scheme real projects use: the next file is named as the folder names its
 * files, has its up and down parts where that folder puts them, and the loader reads it as the next
 * migration. Real folders (fixtures/migration-layouts) are copied to a temporary directory first.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DialectName } from "../../src/dialects/dialect.js";
import { SchematicError } from "../../src/errors.js";
import {
  migrationName,
  nextMigrationFile,
  nextVersion,
  writeNewMigration,
} from "../../src/migrate/new-migration.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { useTempProjects } from "../helpers/cli.js";
import { testMigrator, useEngineDatabases } from "../helpers/engine-databases.js";
import { ENGINES } from "../helpers/engines.js";

const LAYOUTS = path.resolve(import.meta.dirname, "../../fixtures/migration-layouts");
/** 2026-12-07 23:01:05 UTC. */
const NOW = new Date(Date.UTC(2026, 11, 7, 23, 1, 5));

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture folder as `migrations/` of a new project; returns the project directory. */
function copyLayout(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-new-"));
  copies.push(dir);
  cpSync(path.join(LAYOUTS, name), path.join(dir, "migrations"), { recursive: true });
  return dir;
}

/** Writes `add_widgets` and returns the written files and the loader's last migration afterwards. */
function writeAndLoad(cwd: string, dialect: DialectName = "postgres") {
  const before = loadMigrations("migrations", { dialect, cwd });
  const written = writeNewMigration("migrations", "AddWidgets", { dialect, now: NOW, cwd });
  const after = loadMigrations("migrations", { dialect, cwd });
  const last = after.filter((migration) => !migration.repeatable).at(-1)!;
  return { before, after, written, last };
}

describe("the next migration, in each folder's own naming scheme", () => {
  const project = useTempProjects();

  it("diesel (crates.io): a dashed timestamp folder with up.sql and down.sql, after the unversioned script", () => {
    const cwd = copyLayout("diesel-crates-io");
    const { before, after, written } = writeAndLoad(cwd);
    // data_oauth_github.sql has no version and sorts last by name: the template is the latest versioned one.
    expect(after.at(-1)!.id).toBe("data_oauth_github");
    const last = after.filter((migration) => migration.version !== undefined).at(-1)!;
    expect(written.paths).toEqual([
      "migrations/2026-12-07-230105-0000_add_widgets/up.sql",
      "migrations/2026-12-07-230105-0000_add_widgets/down.sql",
    ]);
    expect(after).toHaveLength(before.length + 1);
    expect(last.id).toBe("2026-12-07-230105-0000_add_widgets");
    expect(last.down?.path).toBe("migrations/2026-12-07-230105-0000_add_widgets/down.sql");
    expect(readFileSync(path.join(cwd, written.path), "utf8")).toBe("-- Your SQL goes here\n");
  });

  it("golang-migrate (supabase auth): a timestamp .up.sql, and its .down.sql though the folder has none yet", () => {
    const cwd = copyLayout("golang-migrate-supabase-auth");
    const { written, last } = writeAndLoad(cwd);
    expect(written.paths).toEqual([
      "migrations/20261207230105_add_widgets.up.sql",
      "migrations/20261207230105_add_widgets.down.sql",
    ]);
    expect(last.id).toBe("20261207230105_add_widgets");
    expect(last.version).toBe("20261207230105");
    expect(last.down?.path).toBe("migrations/20261207230105_add_widgets.down.sql");
  });

  it("golang-migrate with sequence numbers: the next number, its six-digit padding kept", () => {
    const cwd = project({
      "migrations/000009_accounts.up.sql": "CREATE TABLE accounts (id int);\n",
      "migrations/000009_accounts.down.sql": "DROP TABLE accounts;\n",
      "migrations/000010_trades.up.sql": "CREATE TABLE trades (id int);\n",
      "migrations/000010_trades.down.sql": "DROP TABLE trades;\n",
    });
    const { written, last } = writeAndLoad(cwd);
    expect(written.paths).toEqual([
      "migrations/000011_add_widgets.up.sql",
      "migrations/000011_add_widgets.down.sql",
    ]);
    expect(last.id).toBe("000011_add_widgets");
  });

  it("authelia: the dialect's own folder, V0027.Name.up.sql and .down.sql", () => {
    const cwd = copyLayout("authelia");
    const { written, last } = writeAndLoad(cwd);
    expect(written.paths).toEqual([
      "migrations/postgres/V0027.add_widgets.up.sql",
      "migrations/postgres/V0027.add_widgets.down.sql",
    ]);
    expect(last.id).toBe("V0027.add_widgets");
    // The MySQL folder is another dialect's: untouched.
    expect(readdirSync(path.join(cwd, "migrations/mysql"))).toHaveLength(4);
    const mysql = writeNewMigration("migrations", "more", { dialect: "mysql", now: NOW, cwd });
    expect(mysql.path).toBe("migrations/mysql/V0027.more.up.sql");
  });

  it("ory hydra: a 20-digit version; the last migration's .autocommit (its own, not the folder's) not copied", () => {
    const cwd = copyLayout("ory-hydra");
    const { before, written, last } = writeAndLoad(cwd, "mysql");
    // The template is the loader's latest versioned migration, however the loader reads ory's qualifiers: the
    // new file keeps its dialect tag (.mysql) and never its .autocommit.
    const template = before.filter((migration) => migration.version !== undefined).at(-1)!;
    const tag = /\.mysql\.up\.sql$/.test(template.up.path) ? ".mysql" : "";
    expect(written.paths).toEqual([
      `migrations/20261207230105000000_add_widgets${tag}.up.sql`,
      `migrations/20261207230105000000_add_widgets${tag}.down.sql`,
    ]);
    expect(last.id).toBe("20261207230105000000_add_widgets");
  });

  it("a dialect tag in the names is kept", () => {
    const cwd = project({
      "migrations/1_a.mysql.up.sql": "CREATE TABLE a (id int);\n",
      "migrations/1_a.mysql.down.sql": "DROP TABLE a;\n",
    });
    const { written, last } = writeAndLoad(cwd, "mysql");
    expect(written.paths).toEqual([
      "migrations/2_add_widgets.mysql.up.sql",
      "migrations/2_add_widgets.mysql.down.sql",
    ]);
    expect(last.id).toBe("2_add_widgets");
  });

  it("dbmate: a timestamp and one file with -- migrate:up and -- migrate:down", () => {
    const cwd = project({
      "migrations/20240101120000_accounts.sql":
        "-- migrate:up\nCREATE TABLE accounts (id int);\n\n-- migrate:down\nDROP TABLE accounts;\n",
    });
    const { written, last } = writeAndLoad(cwd);
    expect(written.paths).toEqual(["migrations/20261207230105_add_widgets.sql"]);
    expect(readFileSync(path.join(cwd, written.path), "utf8")).toBe("-- migrate:up\n\n\n-- migrate:down\n\n");
    expect(last.id).toBe("20261207230105_add_widgets");
    expect(last.down?.path).toBe("migrations/20261207230105_add_widgets.sql");
  });

  it("sql-migrate: its own section markers", () => {
    const cwd = project({
      "migrations/1_accounts.sql":
        "-- +migrate Up\nCREATE TABLE accounts (id int);\n\n-- +migrate Down\nDROP TABLE accounts;\n",
    });
    const { written, last } = writeAndLoad(cwd);
    expect(written.path).toBe("migrations/2_add_widgets.sql");
    expect(readFileSync(path.join(cwd, written.path), "utf8")).toBe(
      "-- +migrate Up\n\n\n-- +migrate Down\n\n",
    );
    expect(last.down).toBeDefined();
  });

  it("Flyway: V<next>__name.sql with the padding kept, and its undo in a U file", () => {
    const cwd = project({
      "migrations/V009__accounts.sql": "CREATE TABLE accounts (id int);\n",
      "migrations/V010__trades.sql": "CREATE TABLE trades (id int);\n",
      "migrations/R__views.sql": "CREATE OR REPLACE VIEW v AS SELECT 1;\n",
    });
    const { written, last } = writeAndLoad(cwd);
    // Flyway runs every line of a V file, so the down part cannot be a commented section there.
    expect(written.paths).toEqual(["migrations/V011__add_widgets.sql", "migrations/U011__add_widgets.sql"]);
    expect(last.id).toBe("011__add_widgets");
    expect(last.version).toBe("011");
    expect(last.down?.path).toBe("migrations/U011__add_widgets.sql");
  });

  it("Flyway with dotted versions: the last part goes up", () => {
    const cwd = project({ "migrations/V1.9__accounts.sql": "CREATE TABLE accounts (id int);\n" });
    expect(nextMigrationFile("migrations", "x", { dialect: "postgres", now: NOW, cwd }).path).toBe(
      "migrations/V1.10__x.sql",
    );
  });

  it("plain numbered files: the next number, dbmate sections added", () => {
    const cwd = project({
      "migrations/0001_accounts.sql": "CREATE TABLE accounts (id int);\n",
      "migrations/0002_trades.sql": "CREATE TABLE trades (id int);\n",
    });
    const { written, last } = writeAndLoad(cwd);
    expect(written.paths).toEqual(["migrations/0003_add_widgets.sql"]);
    expect(readFileSync(path.join(cwd, written.path), "utf8")).toBe("-- migrate:up\n\n\n-- migrate:down\n\n");
    expect(last.id).toBe("0003_add_widgets");
    expect(last.down).toBeDefined();
  });

  it("plain numbered files with a .down.sql beside the latest: the same pair", () => {
    const cwd = project({
      "migrations/0006_accounts.sql": "CREATE TABLE accounts (id int);\n",
      "migrations/0007_flag.sql": "ALTER TABLE accounts ADD COLUMN flag boolean;\n",
      "migrations/0007_flag.down.sql": "ALTER TABLE accounts DROP COLUMN flag;\n",
    });
    const { written, last } = writeAndLoad(cwd);
    expect(written.paths).toEqual([
      "migrations/0008_add_widgets.sql",
      "migrations/0008_add_widgets.down.sql",
    ]);
    expect(last.down?.path).toBe("migrations/0008_add_widgets.down.sql");
  });

  it("the bundled example: the next number, with a down", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "schematic-new-"));
    copies.push(cwd);
    cpSync(path.resolve(import.meta.dirname, "../../migrations"), path.join(cwd, "migrations"), {
      recursive: true,
    });
    const { written, last, before } = writeAndLoad(cwd);
    expect(written.path).toBe("migrations/0008_add_widgets.sql");
    expect(last.id).toBe("0008_add_widgets");
    expect(last.down).toBeDefined();
    expect(before.at(-1)!.id).toBe("0007_bars_adjusted_flag");
  });

  it("an empty or missing folder: a timestamp and dbmate sections", () => {
    const cwd = project({ "schematic.yml": "dialect: postgres\n" });
    const next = nextMigrationFile("db/migrations", "Create accounts!", {
      dialect: "postgres",
      now: NOW,
      cwd,
    });
    expect(next.path).toBe("db/migrations/20261207230105_create_accounts.sql");
    const written = writeNewMigration("db/migrations", "Create accounts!", {
      dialect: "postgres",
      now: NOW,
      cwd,
    });
    expect(written.path).toBe(next.path);
    const loaded = loadMigrations("db/migrations", { dialect: "postgres", cwd });
    expect(loaded.map((migration) => migration.id)).toEqual(["20261207230105_create_accounts"]);
  });

  it("a timestamp never goes back: a folder with a later version gets that version plus one", () => {
    const cwd = project({ "migrations/20300101000000_future.sql": "-- migrate:up\nSELECT 1;\n" });
    expect(nextMigrationFile("migrations", "x", { dialect: "postgres", now: NOW, cwd }).path).toBe(
      "migrations/20300101000001_x.sql",
    );
  });

  it("refuses to overwrite a file and writes nothing", () => {
    const cwd = project({
      "migrations/0001_a.up.sql": "SELECT 1;\n",
      "migrations/0001_a.down.sql": "SELECT 1;\n",
      "migrations/0002_b.down.sql": "-- someone's leftover\n",
    });
    writeFileSync(path.join(cwd, "migrations/0001_a.up.sql"), "SELECT 1;\n");
    const attempt = () => writeNewMigration("migrations", "b", { dialect: "postgres", now: NOW, cwd });
    expect(attempt).toThrow(SchematicError);
    expect(attempt).toThrow("migrations/0002_b.down.sql already exists; not overwriting it.");
    expect(readdirSync(path.join(cwd, "migrations")).sort()).toEqual([
      "0001_a.down.sql",
      "0001_a.up.sql",
      "0002_b.down.sql",
    ]);
  });
});

describe.each(ENGINES)("a new migration on $name", (engine) => {
  const project = useTempProjects();
  const databases = useEngineDatabases(engine);

  it.skipIf(engine.skip)(
    "applies and undoes as written, in each layout, before anyone fills it in",
    async () => {
      const layouts = {
        dbmate: {
          "migrations/20240101000000_a.sql":
            "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
        },
        pairs: {
          "migrations/1_a.up.sql": "CREATE TABLE a (id int);\n",
          "migrations/1_a.down.sql": "DROP TABLE a;\n",
        },
        diesel: {
          "migrations/2024-01-01-000000_a/up.sql": "CREATE TABLE a (id int);\n",
          "migrations/2024-01-01-000000_a/down.sql": "DROP TABLE a;\n",
        },
        flyway: {
          "migrations/V1__a.sql": "CREATE TABLE a (id int);\n",
          "migrations/U1__a.sql": "DROP TABLE a;\n",
        },
      };
      // One database for every layout (a new embedded one costs seconds): each ends back at base.
      const driver = await databases.open(await databases.fresh());
      for (const [layout, files] of Object.entries(layouts)) {
        const cwd = project(files);
        const written = writeNewMigration("migrations", "later", { dialect: engine.dialect, now: NOW, cwd });
        const { migrator, migrations } = await testMigrator(engine.dialect, driver, cwd);
        const id = migrations.at(-1)!.id;
        expect([
          layout,
          written.paths.length > 0,
          (await migrator.up()).results.map((r) => [r.id, r.status]),
        ]).toEqual([
          layout,
          true,
          [
            [migrations[0]!.id, "applied"],
            [id, "applied"],
          ],
        ]);
        expect((await migrator.down()).results.map((r) => [r.id, r.status])).toEqual([[id, "reverted"]]);
        expect((await migrator.down({ to: "base" })).ok).toBe(true);
      }
    },
  );
});

describe("migrationName", () => {
  it.each([
    ["AddUsersEmail", "add_users_email"],
    ["add users.email!", "add_users_email"],
    ["HTTPHeaders", "http_headers"],
    ["  --Ünïcode  naïve-- ", "unicode_naive"],
    ["v2 backfill", "v2_backfill"],
  ])("%s → %s", (name, expected) => {
    expect(migrationName(name)).toBe(expected);
  });

  it("refuses a name with nothing to keep", () => {
    expect(() => migrationName("!!!")).toThrow('The migration name "!!!" has no letters or digits.');
  });
});

describe("nextVersion", () => {
  it.each([
    ["0007", "0008"],
    ["9", "10"],
    ["0099", "0100"],
    ["1.2.9", "1.2.10"],
    ["1_1", "1_2"],
    ["20240101120000", "20261207230105"],
    // golang-migrate's example folder: Unix seconds.
    ["1485949617", String(Math.floor(NOW.getTime() / 1000))],
    ["1485949617000", String(NOW.getTime())],
    ["202401011200", "202612072301"],
    ["20240101120000000000", "20261207230105000000"],
    ["2017-08-31-193512", "2026-12-07-230105"],
    ["2025-11-19-091444-0000", "2026-12-07-230105-0000"],
    // diesel's counter after a timestamp ahead of the clock.
    ["2027-01-01-000000-0000", "2027-01-01-000000-0001"],
  ])("after %s: %s", (last, next) => {
    expect(nextVersion(last, NOW)).toBe(next);
  });
});
