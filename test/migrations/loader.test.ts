import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SchematicError } from "../../src/errors.js";
import { classifyMigrationPath, loadMigrations, splitSections } from "../../src/migrations/loader.js";

let dir: string;
function project(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), "schematic-loader-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("classifyMigrationPath", () => {
  it.each([
    ["0001_init.sql", "postgres", { id: "0001_init", direction: "both" }],
    ["0001_init.up.sql", "postgres", { id: "0001_init", direction: "up" }],
    ["0001_init.down.sql", "postgres", { id: "0001_init", direction: "down" }],
    [
      "20150101_networks.postgres.up.sql",
      "postgres",
      { id: "20150101_networks", direction: "up", dialectTagged: true },
    ],
    ["20150101_networks.mysql.up.sql", "postgres", undefined],
    [
      "postgres/V0001.Initial_Schema.up.sql",
      "postgres",
      { id: "V0001.Initial_Schema", direction: "up", dialectTagged: true },
    ],
    ["mysql/V0001.Initial_Schema.up.sql", "postgres", undefined],
    [
      "2019-03-22-170700_remove_downloads/up.sql",
      "postgres",
      { id: "2019-03-22-170700_remove_downloads", direction: "up" },
    ],
    ["V2__add_users.sql", "mysql", { id: "2__add_users", direction: "both" }],
    ["U2__add_users.sql", "mysql", { id: "2__add_users", direction: "down" }],
    ["R__views.sql", "mysql", { id: "__views", direction: "both", repeatable: true }],
  ] as const)("%s (%s)", (file, dialect, expected) => {
    const entry = classifyMigrationPath(file, dialect);
    if (expected === undefined) expect(entry).toBeUndefined();
    else expect(entry).toMatchObject(expected);
  });
});

describe("splitSections", () => {
  it("splits dbmate sections keeping offsets and line numbers", () => {
    const text = "-- migrate:up\ncreate table a (x int);\n\n-- migrate:down\ndrop table a;\n";
    const { up, down } = splitSections(text);
    expect(up.length).toBe(text.length);
    expect(down!.length).toBe(text.length);
    expect(up).toContain("create table a (x int);");
    expect(up).not.toContain("drop table");
    expect(down).toContain("drop table a;");
    expect(down).not.toContain("create table");
    expect(up.split("\n").length).toBe(text.split("\n").length);
  });

  it("leaves files without markers alone", () => {
    expect(splitSections("select 1;")).toEqual({ up: "select 1;" });
  });
});

describe("loadMigrations", () => {
  it("orders by version naturally and pairs up/down files", () => {
    const root = project({
      "10_c.up.sql": "select 10;",
      "10_c.down.sql": "select -10;",
      "2_b.sql": "select 2;",
      "1_a.sql": "-- migrate:up\nselect 1;\n-- migrate:down\nselect -1;\n",
      "README.md": "not sql",
    });
    const migrations = loadMigrations(".", { dialect: "postgres", cwd: root });
    expect(migrations.map((m) => m.id)).toEqual(["1_a", "2_b", "10_c"]);
    expect(migrations.map((m) => m.version)).toEqual(["1", "2", "10"]);
    expect(migrations[2]!.down?.text).toBe("select -10;");
    expect(migrations[0]!.down?.text).toContain("select -1;");
    expect(migrations[0]!.up.path).toBe("1_a.sql");
    expect(migrations[1]!.description).toBe("b");
  });

  it("prefers the dialect-specific script over a generic one with the same id", () => {
    const root = project({
      "001_x.up.sql": "generic",
      "001_x.postgres.up.sql": "for postgres",
      "001_x.mysql.up.sql": "for mysql",
    });
    const [migration] = loadMigrations(".", { dialect: "postgres", cwd: root });
    expect(migration!.up.text).toBe("for postgres");
  });

  it("takes ory's generic `.autocommit.` file and the dialect's own file as one migration", () => {
    const root = project({
      "20241609000001000000_device_flow.autocommit.up.sql": "generic",
      "20241609000001000000_device_flow.postgres.up.sql": "for postgres",
      "20241609000001000000_device_flow.down.sql": "generic down",
    });
    const migrations = loadMigrations(".", { dialect: "postgres", cwd: root });
    expect(migrations.map((m) => [m.id, m.up.text, m.down?.text])).toEqual([
      ["20241609000001000000_device_flow", "for postgres", "generic down"],
    ]);
  });

  it("fails with a clear error when the folder does not exist", () => {
    const root = project({});
    expect(() => loadMigrations("nope", { dialect: "postgres", cwd: root })).toThrowError(SchematicError);
    expect(() => loadMigrations("nope", { dialect: "postgres", cwd: root })).toThrowError(
      /The migrations folder nope does not exist/,
    );
  });
});

describe("dialect tags anywhere among the dot parts", () => {
  it.each([
    ["x.cockroach.autocommit.up.sql", "postgres", undefined],
    ["x.postgres.autocommit.up.sql", "postgres", { id: "x", direction: "up", dialectTagged: true }],
    // ory runs `.autocommit.` without a dialect on every database, unless one has its own file.
    ["x.autocommit.down.sql", "postgres", { id: "x", direction: "down", dialectTagged: false }],
    ["V0001.Initial.up.sql", "postgres", { id: "V0001.Initial", direction: "up" }],
  ] as const)("%s (%s)", (file, dialect, expected) => {
    const entry = classifyMigrationPath(file, dialect);
    if (expected === undefined) expect(entry).toBeUndefined();
    else expect(entry).toMatchObject(expected);
  });
});

describe("version order", () => {
  it.each([
    ["1.2", "1.10", -1],
    ["2", "10", -1],
    ["20140924113530", "2017-08-31-193512", -1],
    ["2017-08-31-193512", "2017-08-31-193513", -1],
    // diesel's later versions carry a counter: the timestamp still decides first.
    ["2025-11-19-091444-0000", "2026-12-01-000000", -1],
    ["2025-11-19-091444-0000", "2025-11-19-091444-0001", -1],
    ["20140924113530", "2025-11-19-091444-0000", -1],
    ["1_1", "1_1", 0],
  ] as const)("%s vs %s", async (a, b, expected) => {
    const { compareVersions } = await import("../../src/migrations/loader.js");
    expect(Math.sign(compareVersions(a, b))).toBe(expected);
  });

  it("replays diesel's dashed dates after the older undashed versions", () => {
    const root = project({
      "2017-08-31-193512_later/up.sql": "select 2;",
      "20140924113530_earlier/up.sql": "select 1;",
    });
    expect(loadMigrations(".", { dialect: "postgres", cwd: root }).map((m) => m.id)).toEqual([
      "20140924113530_earlier",
      "2017-08-31-193512_later",
    ]);
  });
});

describe("loadScript (a file given by path, outside the migrations folder)", () => {
  it("splits dbmate sections and strips a BOM, as inside the folder", async () => {
    const { loadScript } = await import("../../src/migrations/loader.js");
    const root = project({
      "elsewhere/002_b.sql": "\uFEFF-- migrate:up\ncreate table b (x int);\n-- migrate:down\ndrop table b;\n",
    });
    const loaded = loadScript(path.join(root, "elsewhere/002_b.sql"), { dialect: "postgres", cwd: root });
    expect(loaded.kind).toBe("up");
    if (loaded.kind !== "up") return;
    expect(loaded.script.path).toBe("elsewhere/002_b.sql");
    expect(loaded.script.text.startsWith("\uFEFF")).toBe(false);
    expect(loaded.script.text).toContain("create table b (x int);");
    expect(loaded.script.text).not.toContain("drop table");
    expect(loaded.version).toBe("002");
  });

  it.each([
    ["elsewhere/002_b.down.sql", "down-only"],
    ["2019-01-01-000000_x/down.sql", "down-only"],
    ["mysql/V0001.init.up.sql", "other-dialect"],
    ["2019-01-01-000000_x/up.sql", "up"],
  ] as const)("%s is %s", async (file, kind) => {
    const { loadScript } = await import("../../src/migrations/loader.js");
    const root = project({ [file]: "select 1;\n" });
    expect(loadScript(path.join(root, file), { dialect: "postgres", cwd: root }).kind).toBe(kind);
  });
});
