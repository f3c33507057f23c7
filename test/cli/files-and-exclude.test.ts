import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

const FILES = {
  "migrations/001_a.sql": "create table a (id bigint primary key);\n",
  "migrations/002_b.sql": "alter table a drop column id;\n",
  "migrations/003_c.sql": "create table c (id bigint primary key);\n",
};

describe("schematic check FILES… (as pre-commit passes them)", () => {
  it("reviews the files given as arguments", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "migrations/003_c.sql", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.checked.pending).toEqual(["migrations/003_c.sql"]);
    expect(report.blocked).toBe(false);
    // The drop in 002 is history: an existing finding, not blocking.
    expect(report.diagnostics.map((d: any) => [d.rule, d.pending])).toContainEqual([
      "ban-drop-column",
      false,
    ]);
    expect(run.code).toBe(0);
  });

  it("adds them to --pending", async () => {
    const dir = project(FILES);
    const run = await runCli(
      ["check", "migrations/003_c.sql", "--pending", "migrations/002_b.sql", "--format", "json"],
      dir,
    );
    expect(JSON.parse(run.stdout).checked.pending).toEqual(["migrations/002_b.sql", "migrations/003_c.sql"]);
    expect(run.code).toBe(1);
  });

  it("ignores files that are not SQL, saying so under --verbose", async () => {
    const dir = project({ ...FILES, "schematic.yml": "dialect: postgres\n" });
    const quiet = await runCli(
      ["check", "schematic.yml", "dbt/target/manifest.json", "--format", "json"],
      dir,
    );
    expect(quiet.stderr).toBe("");
    const report = JSON.parse(quiet.stdout);
    expect(report.checked.pending).toEqual([]);
    expect(report.notes).toContain("No migration file is pending: nothing under review.");
    expect(quiet.code).toBe(0);
    const verbose = await runCli(["check", "schematic.yml", "migrations/003_c.sql", "--verbose"], dir);
    expect(verbose.stderr).toContain("schematic: ignoring schematic.yml: not a .sql migration\n");
    expect(verbose.code).toBe(0);
  });
});

describe("exclude: and --exclude", () => {
  const TEMPLATED = {
    ...FILES,
    "migrations/002_b.sql": "create table {{ .Schema }}.b (id bigint primary key);\n",
  };

  it("without them a templated file is a parse error whose hint names both ways out", async () => {
    const dir = project(TEMPLATED);
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^schematic: migrations\/002_b\.sql:1:\d+: /);
    expect(run.stderr).toContain(
      "The file uses go-template placeholders, which schematic.yml does not configure: exclude it (exclude: in schematic.yml, or --exclude migrations/002_b.sql), or configure its placeholders (placeholders: and placeholderSyntax: go-template in schematic.yml).",
    );
  });

  it("neither parses nor replays an excluded file, and counts it", async () => {
    const dir = project({ ...TEMPLATED, "schematic.yml": "exclude:\n  - migrations/002_*.sql\n" });
    const run = await runCli(["check", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.checked.excluded).toEqual(["migrations/002_b.sql"]);
    expect(report.checked.migrations).toBe(2);
    expect(report.notes).toContain(
      "1 migration file was excluded (exclude: in schematic.yml, --exclude): not parsed or replayed.",
    );
    expect(run.code).toBe(0);
    const text = await runCli(["check"], dir);
    expect(text.stdout).toContain(
      "note: 1 migration file was excluded (exclude: in schematic.yml, --exclude): not parsed or replayed.\n",
    );
  });

  it("takes --exclude GLOB (repeatable) relative to the working directory, and folders", async () => {
    const dir = project({
      ...TEMPLATED,
      "migrations/legacy/000_old.sql": "this is not sql;\n",
    });
    const run = await runCli(
      ["check", "--exclude", "migrations/legacy", "--exclude", "**/002_b.sql", "--format", "json"],
      dir,
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).checked.excluded).toEqual([
      "migrations/legacy/000_old.sql",
      "migrations/002_b.sql",
    ]);
  });

  it("excludes a file given for review too", async () => {
    const dir = project(TEMPLATED);
    const run = await runCli(
      ["check", "migrations/002_b.sql", "--exclude", "migrations/002_b.sql", "--format", "json", "--verbose"],
      dir,
    );
    expect(run.stderr).toContain("schematic: excluded migrations/002_b.sql\n");
    const report = JSON.parse(run.stdout);
    expect(report.checked.pending).toEqual([]);
    expect(report.checked.excluded).toEqual(["migrations/002_b.sql"]);
    expect(run.code).toBe(0);
  });
});

describe("placeholderSyntax", () => {
  it("reads Go-template migrations (supabase/auth's layout) and points findings at the file", async () => {
    const dir = project({
      "schematic.yml": "placeholderSyntax: go-template\nplaceholders:\n  Options.Namespace: auth\n",
      "migrations/001_init.up.sql":
        'create table {{ index .Options "Namespace" }}.users (id uuid primary key, email text);\n',
      "migrations/002_drop.up.sql": 'alter table {{ index .Options "Namespace" }}.users drop column email;\n',
    });
    const run = await runCli(["check", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const drop = JSON.parse(run.stdout).diagnostics.find((d: any) => d.rule === "ban-drop-column");
    expect([drop.file, drop.line, drop.column, drop.object]).toEqual([
      "migrations/002_drop.up.sql",
      1,
      52, // "drop column email" in the file, after the 32-character template
      "auth.users.email",
    ]);
  });

  it("takes a list, psql variables among them", async () => {
    const dir = project({
      "schematic.yml": "placeholderSyntax: [flyway, psql]\nplaceholders:\n  raw: raw\n  owner: Ops Team\n",
      "migrations/001_a.sql":
        'create table ${raw}.a (id bigint primary key);\nalter table :raw.a owner to :"owner";\n',
    });
    const run = await runCli(["check", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).diagnostics).toEqual([]);
  });

  it("rejects an unknown syntax in schematic.yml", async () => {
    const dir = project({ ...FILES, "schematic.yml": "placeholderSyntax: jinja\n" });
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/placeholderSyntax: must be one of "flyway", "go-template", "psql"');
  });
});
