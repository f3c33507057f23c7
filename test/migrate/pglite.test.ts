/**
 * The embedded database's own behaviour (the runner's tests run on it through engines.test.ts): a new
 * folder starts from the prepared cluster, or from initdb with a notice when it cannot; the folder is
 * locked against a real second process, and a holder killed with -9 loses no committed row; half-made,
 * foreign and too-old folders are handled or refused with the folder named.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseDriver } from "../../src/migrate/driver.js";
import { createPgliteDriver, displayFolder } from "../../src/migrate/drivers/pglite.js";
import { findTemplate, installedPgliteVersion } from "../../src/migrate/drivers/pglite-template.js";
import { lockFileOf } from "../../src/migrate/folder-lock.js";
import { commitOnce, type FolderHolder, holdFolder } from "../helpers/hold-folder.js";

const made: string[] = [];
const opened: DatabaseDriver[] = [];
const holders: FolderHolder[] = [];
afterEach(async () => {
  for (const driver of opened.splice(0)) await driver.close();
  for (const holder of holders.splice(0)) await holder.kill();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder; the database goes in its .schematic/db. */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "schematic-pglite-"));
  made.push(dir);
  return dir;
}

async function open(...args: Parameters<typeof createPgliteDriver>): Promise<DatabaseDriver> {
  const driver = await createPgliteDriver(...args);
  opened.push(driver);
  return driver;
}

describe("the embedded database (PGlite)", () => {
  it("ships a prepared empty cluster made by the PGlite it depends on", () => {
    const lookup = findTemplate();
    expect(lookup.kind).toBe("found");
    if (lookup.kind !== "found") return;
    expect(lookup.template.metadata.pglite).toBe(installedPgliteVersion());
  });

  it("starts a new folder from the prepared cluster, names it relative to the project, and reopens it", async () => {
    const cwd = project();
    const notices: string[] = [];
    const driver = await open(".schematic/db", { cwd, onNotice: (message) => notices.push(message) });
    expect(notices).toEqual([]);
    expect(driver.target).toBe("embedded PostgreSQL (PGlite) in .schematic/db");
    expect(driver.capabilities).toEqual({
      transactionalDdl: true,
      lock: "file",
      asynchronousSchemaChange: false,
      parameterStyle: "dollar",
    });
    expect(await driver.serverVersion()).toMatch(/^PostgreSQL \d+\.\d+ \(PGlite\)$/);
    // The template's initdb arguments: 1 MB WAL segments.
    expect(await driver.query("SELECT current_setting('wal_segment_size') AS size")).toEqual([
      { size: "1MB" },
    ]);
    await driver.execute("CREATE TABLE accounts (id bigint PRIMARY KEY)");
    await driver.begin();
    await driver.query("INSERT INTO accounts VALUES ($1)", [7]);
    await driver.commit();
    await driver.close();
    expect(existsSync(lockFileOf(path.join(cwd, ".schematic/db")))).toBe(false);
    const again = await open(".schematic/db", { cwd });
    expect(await again.query("SELECT id FROM accounts")).toEqual([{ id: 7 }]);
  });

  it("runs initdb, with a notice that says why, when the template was made by another PGlite", async () => {
    const cwd = project();
    const notices: string[] = [];
    const driver = await open("db", {
      cwd,
      onNotice: (message) => notices.push(message),
      template: () => ({
        kind: "other-version",
        metadata: { pglite: "0.0.1", postgresMajor: "15", initdbArgs: [] },
        installed: "0.6.1",
      }),
    });
    expect(notices).toEqual([
      "Creating the embedded database in db with initdb, which takes 5–15 s: the prepared empty database was made with PGlite 0.0.1, this is PGlite 0.6.1 (run scripts/build-pglite-template.ts).",
    ]);
    expect(await driver.query("SELECT current_setting('wal_segment_size') AS size")).toEqual([
      { size: "1MB" },
    ]);
  }, 60_000);

  it("rolls a failed transaction back, DDL included, and describes the error with its SQLSTATE", async () => {
    const driver = await open(path.join(project(), "db"));
    await driver.begin();
    await driver.execute("CREATE TABLE trades (id bigint)");
    const failure = await driver.execute("CREATE INDEX ON trades (no_such_column)").catch((error) => error);
    await driver.rollback();
    expect(driver.describeError(failure)).toEqual({
      message: 'column "no_such_column" does not exist',
      code: "42703",
    });
    expect(await driver.probe.relationExists(undefined, "trades")).toBe(false);
  });

  it("keeps a second process out of the folder, naming the folder and the holder's pid", async () => {
    const cwd = project();
    const folder = path.join(cwd, ".schematic/db");
    const other = await holdFolder("pglite", folder);
    holders.push(other);
    const waits: string[] = [];
    await expect(
      createPgliteDriver(".schematic/db", {
        cwd,
        lockTimeoutMs: 300,
        onWait: (holder) => waits.push(holder),
      }),
    ).rejects.toThrow(
      new RegExp(
        `^The embedded database in \\.schematic/db is in use by process ${other.pid} \\(since .*\\); gave up waiting after 0\\.3 s\\.$`,
      ),
    );
    expect(waits).toHaveLength(1);
    await other.release();
    const driver = await open(".schematic/db", { cwd });
    expect(await driver.query("SELECT holder FROM marks")).toEqual([{ holder: other.pid }]);
  }, 60_000);

  it("opens the folder of a process killed with -9 mid-transaction: its commits kept, the rest gone", async () => {
    const folder = path.join(project(), "db");
    const first = await holdFolder("pglite", folder);
    holders.push(first);
    await first.kill();
    expect(existsSync(lockFileOf(folder))).toBe(true);
    const driver = await open(folder);
    expect(await driver.query("SELECT holder FROM marks")).toEqual([{ holder: first.pid }]);
    expect(await driver.probe.relationExists(undefined, "half")).toBe(false);
  }, 60_000);

  it("lets processes started together on a new folder take turns: one creates it, every commit stays", async () => {
    const folder = path.join(project(), "db");
    const runs = await Promise.all([1, 2, 3].map(() => commitOnce(folder)));
    expect(runs.map((run) => [run.code, run.stderr])).toEqual(runs.map(() => [0, ""]));
    const driver = await open(folder);
    const rows = await driver.query("SELECT holder FROM marks ORDER BY holder");
    expect(rows).toEqual(runs.map((run) => ({ holder: run.pid })).sort((a, b) => a.holder - b.holder));
  }, 180_000);

  it("remakes a folder whose creation was cut short", async () => {
    const cwd = project();
    mkdirSync(path.join(cwd, "db"));
    writeFileSync(path.join(cwd, "db/PG_VERSION"), "19\n");
    writeFileSync(path.join(cwd, "db/schematic-creating"), "");
    const driver = await open("db", { cwd });
    expect(await driver.probe.relationExists("pg_catalog", "pg_class")).toBe(true);
    expect(existsSync(path.join(cwd, "db/schematic-creating"))).toBe(false);
  });

  it("refuses a folder that holds other files, and one made by another PostgreSQL major version", async () => {
    const cwd = project();
    mkdirSync(path.join(cwd, "notes"));
    writeFileSync(path.join(cwd, "notes/todo.txt"), "x");
    await expect(createPgliteDriver("notes", { cwd })).rejects.toThrow(
      "notes holds files but is not an embedded database folder (it has no PG_VERSION).",
    );
    expect(readFileSync(path.join(cwd, "notes/todo.txt"), "utf8")).toBe("x");
    mkdirSync(path.join(cwd, "old"));
    writeFileSync(path.join(cwd, "old/PG_VERSION"), "16\n");
    await expect(createPgliteDriver("old", { cwd })).rejects.toThrow(
      /^The embedded database in old was made by PostgreSQL 16; this Schematic's embedded PostgreSQL is \d+ and cannot read it\.$/,
    );
    // Refused before opening: the lock is let go.
    expect(existsSync(lockFileOf(path.join(cwd, "old")))).toBe(false);
  });

  it("shares one database between drivers of one process; their runs take turns", async () => {
    const folder = path.join(project(), "db");
    const first = await open(folder);
    const second = await open(folder);
    await first.execute("CREATE TABLE shared (x int)");
    expect(await second.probe.relationExists(undefined, "shared")).toBe(true);
    const held = await first.lock({ name: "schematic_history", timeoutMs: 10_000 });
    expect(held.description).toMatch(/^the folder lock .*db\.lock \(process \d+\)$/);
    const waits: string[] = [];
    const refused = second.lock({
      name: "schematic_history",
      timeoutMs: 0,
      onWait: (h) => waits.push(h ?? ""),
    });
    await expect(refused).rejects.toThrow(
      /Another migration run in this process has held the embedded database/,
    );
    expect(waits).toEqual([`another migration run in this process (pid ${process.pid})`]);
    const next = second.lock({ name: "schematic_history", timeoutMs: 10_000 });
    await held.release();
    await (await next).release();
    await first.close();
    // The second driver still works: the database closes with its last driver.
    expect(await second.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("names a folder outside the working directory by its absolute path", () => {
    expect(displayFolder("/srv/app/.schematic/db", "/srv/app")).toBe(".schematic/db");
    expect(displayFolder("/tmp/db", "/srv/app")).toBe("/tmp/db");
    expect(displayFolder("/srv/app", "/srv/app")).toBe(".");
  });
});
