import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SchematicError } from "../../src/errors.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { runCli } from "../helpers/cli.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function project(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), "schematic-links-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  mkdirSync(path.join(dir, "migrations"), { recursive: true });
  return dir;
}

function loadError(cwd: string): SchematicError {
  try {
    loadMigrations("migrations", { dialect: "postgres", cwd });
  } catch (error) {
    if (error instanceof SchematicError) return error;
    throw error;
  }
  throw new Error("loadMigrations did not fail");
}

describe("symbolic links in the migrations folder are followed, never skipped", () => {
  it("loads a linked migration file and a linked folder", () => {
    const cwd = project({
      "common/001_a.sql": "create table a (id int primary key);\n",
      "more/002_b.sql": "create table b (id int primary key);\n",
    });
    symlinkSync("../common/001_a.sql", path.join(cwd, "migrations/001_a.sql"));
    symlinkSync("../more", path.join(cwd, "migrations/more"));
    const migrations = loadMigrations("migrations", { dialect: "postgres", cwd });
    expect(migrations.map((m) => [m.up.path, m.up.text])).toEqual([
      ["migrations/001_a.sql", "create table a (id int primary key);\n"],
      ["migrations/more/002_b.sql", "create table b (id int primary key);\n"],
    ]);
    expect(migrations[0]!.up.realPath).toBe(path.join(cwd, "common/001_a.sql"));
  });

  it.each([
    [
      "a dangling link",
      (cwd: string) => symlinkSync("nowhere.sql", path.join(cwd, "migrations/002_b.sql")),
      "The symbolic link migrations/002_b.sql points to something that does not exist.",
    ],
    [
      "a link to itself",
      (cwd: string) => symlinkSync("002_b.sql", path.join(cwd, "migrations/002_b.sql")),
      "The symbolic link migrations/002_b.sql loops: it never reaches a file.",
    ],
    [
      "a dangling link without an extension (it may have been a folder)",
      (cwd: string) => symlinkSync("../gone", path.join(cwd, "migrations/later")),
      "The symbolic link migrations/later points to something that does not exist.",
    ],
    [
      "a folder link back to its own folder",
      (cwd: string) => symlinkSync(".", path.join(cwd, "migrations/again")),
      "The symbolic link migrations/again leads back into a folder above it, so the migrations folder never ends.",
    ],
  ])("%s is an error (exit 2), not a skipped file", (_label, make, message) => {
    const cwd = project({ "migrations/001_a.sql": "create table a (id int primary key);\n" });
    make(cwd);
    const error = loadError(cwd);
    expect(error.code).toBe("migration-layout");
    expect(error.message).toBe(message);
  });

  it("ignores a dangling link that is no migration (an editor's lock file)", () => {
    const cwd = project({ "migrations/001_a.sql": "create table a (id int primary key);\n" });
    symlinkSync("user@host.1234", path.join(cwd, "migrations/.#001_a.sql"));
    symlinkSync("gone.md", path.join(cwd, "migrations/README.md"));
    expect(loadMigrations("migrations", { dialect: "postgres", cwd })).toHaveLength(1);
  });

  it("refuses a FIFO named like a migration instead of waiting on it", () => {
    const cwd = project({ "migrations/001_a.sql": "create table a (id int primary key);\n" });
    execFileSync("mkfifo", [path.join(cwd, "migrations/002_b.sql")]);
    expect(loadError(cwd).message).toBe(
      "The migration migrations/002_b.sql is not a regular file (it is a device, a pipe or a socket).",
    );
  });

  it("says a file given as the migrations folder is a file", () => {
    const cwd = project({ "migrations/001_a.sql": "create table a (id int primary key);\n" });
    expect(() => loadMigrations("migrations/001_a.sql", { dialect: "postgres", cwd })).toThrow(
      "The migrations folder migrations/001_a.sql is a file, not a folder.",
    );
  });

  it("with --base, a change to the file a link leads to makes the linked migration pending", async () => {
    const cwd = project({
      "migrations/001_a.sql": "create table a (id int primary key);\n",
      "common/002_b.sql": "create table b (id int primary key);\n",
    });
    symlinkSync("../common/002_b.sql", path.join(cwd, "migrations/002_b.sql"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    writeFileSync(
      path.join(cwd, "common/002_b.sql"),
      "create table b (id int primary key);\ndrop table a;\n",
    );
    const run = await runCli(["check", "--base", "main", "--format", "json"], cwd);
    const report = JSON.parse(run.stdout);
    expect(report.checked.pending).toEqual(["migrations/002_b.sql"]);
    expect(report.diagnostics.map((d: { rule: string; line: number }) => [d.rule, d.line])).toContainEqual([
      "ban-drop-table",
      2,
    ]);
  });
});
