import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SchematicError } from "../../src/errors.js";
import {
  filesSource,
  loadMigrations,
  loadMigrationsFrom,
  memorySource,
} from "../../src/migrations/loader.js";

/** Layouts the loader reads: Flyway versions and repeatables, dbmate sections, diesel folders, ory tags. */
const FILES: Readonly<Record<string, string>> = {
  "V1.10__later.sql": "create table later (id int);\n",
  "V1.2__earlier.sql": "\uFEFFcreate table earlier (id int);\n",
  "R__view.sql": "create or replace view v as select 1;\n",
  "V3__sections.sql": "-- migrate:up\ncreate table s (id int);\n-- migrate:down\ndrop table s;\n",
  "2019-03-22-170700_diesel/up.sql": "create table d (id int);\n",
  "2019-03-22-170700_diesel/down.sql": "drop table d;\n",
  "V4__tagged.postgres.up.sql": "create table pg_only (id int);\n",
  "V4__tagged.mysql.up.sql": "create table my_only (id int);\n",
  "notes.txt": "not a migration",
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function onDisk(files: Readonly<Record<string, string>>): string {
  dir = mkdtempSync(path.join(tmpdir(), "schematic-source-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, "migrations", file)), { recursive: true });
    writeFileSync(path.join(dir, "migrations", file), text);
  }
  return dir;
}

/** What the runner and the check read of a migration: everything but where its file is on disk. */
const readable = (migrations: ReturnType<typeof loadMigrations>) =>
  migrations.map((migration) => ({
    id: migration.id,
    version: migration.version,
    repeatable: migration.repeatable,
    up: [migration.up.path, migration.up.text],
    down: migration.down && [migration.down.path, migration.down.text],
  }));

describe("the migration loader behind an injected source", () => {
  it("reads the same migrations, in the same order, from memory as from the folder", () => {
    const cwd = onDisk(FILES);
    const fromFolder = loadMigrations("migrations", { dialect: "postgres", cwd });
    const fromMemory = loadMigrationsFrom(memorySource(FILES), { dialect: "postgres" });
    expect(readable(fromMemory)).toEqual(readable(fromFolder));
    expect(fromMemory.map((migration) => migration.id)).toEqual([
      "1.2__earlier",
      "1.10__later",
      "3__sections",
      "4__tagged",
      "2019-03-22-170700_diesel",
      "__view",
    ]);
    const sections = fromMemory.find((migration) => migration.id === "3__sections")!;
    // The down section is blanked, newlines kept: offsets and lines stay the file's own.
    expect(sections.up.text).toBe(
      `-- migrate:up\ncreate table s (id int);\n${" ".repeat(15)}\n${" ".repeat(13)}\n`,
    );
    expect(sections.down?.path).toBe("migrations/V3__sections.sql");
    expect(fromMemory.find((m) => m.id === "1.2__earlier")!.up.text).toBe("create table earlier (id int);\n");
  });

  it("the files source locates each script on disk; the memory source under its own folder name", () => {
    const cwd = onDisk({ "001_a.sql": "select 1;\n" });
    const [fromFolder] = loadMigrationsFrom(filesSource("migrations", cwd), { dialect: "postgres" });
    expect(fromFolder!.up).toMatchObject({
      path: "migrations/001_a.sql",
      absolutePath: path.join(cwd, "migrations/001_a.sql"),
    });
    const [fromMemory] = loadMigrationsFrom(
      memorySource({ "001_a.sql": "select 1;\n" }, { directory: "db" }),
      {
        dialect: "postgres",
      },
    );
    expect(fromMemory!.up.path).toBe("db/001_a.sql");
  });

  it("a files source that is no folder fails when listed, as the loader always did", () => {
    const source = filesSource("nope", tmpdir());
    expect(() => source.list()).toThrowError(SchematicError);
    expect(() => source.list()).toThrowError("The migrations folder nope does not exist.");
  });

  it("a memory source refuses to read a file it does not hold", () => {
    expect(() => memorySource({}).read("001_a.sql")).toThrowError(
      "The migration file migrations/001_a.sql does not exist.",
    );
  });
});
