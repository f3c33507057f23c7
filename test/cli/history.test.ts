import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

/** A history with findings of its own (two drops), and a harmless new migration. */
const FILES = {
  "migrations/001_a.sql": "create table a (id bigint primary key, x int, y int);\n",
  "migrations/002_drop_x.sql": "alter table a drop column x;\n",
  "migrations/003_drop_y.sql": "alter table a drop column y;\n",
  "migrations/004_b.sql": "create table b (id bigint primary key);\n",
};

describe("findings in applied migrations", () => {
  it("are counted in one line by default", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "migrations/004_b.sql"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "4 findings in applied migrations not shown (not blocking); --show-existing lists them.\n",
    );
    expect(run.stdout).not.toContain("002_drop_x.sql");
  });

  it("are listed with --show-existing, every one", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "migrations/004_b.sql", "--show-existing"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Existing findings in applied migrations (not blocking): 4\n");
    expect(run.stdout).toContain(
      "  migrations/002_drop_x.sql:1:15 error[ban-drop-column] Dropping column public.a.x deletes its value in every row; the values cannot be recovered without a backup.\n",
    );
    expect(run.stdout.match(/^ {2}migrations\/00[23]_drop_[xy]\.sql:1:\d+ /gm)).toHaveLength(4);
  });

  it("stay in JSON and SARIF, marked as not pending", async () => {
    const dir = project(FILES);
    const json = JSON.parse(
      (await runCli(["check", "migrations/004_b.sql", "--format", "json"], dir)).stdout,
    );
    expect(json.diagnostics.map((d: any) => [d.rule, d.file, d.pending])).toEqual([
      ["require-lock-timeout", "migrations/002_drop_x.sql", false],
      ["ban-drop-column", "migrations/002_drop_x.sql", false],
      ["require-lock-timeout", "migrations/003_drop_y.sql", false],
      ["ban-drop-column", "migrations/003_drop_y.sql", false],
    ]);
    const sarif = JSON.parse(
      (await runCli(["check", "migrations/004_b.sql", "--format", "sarif"], dir)).stdout,
    );
    const results = sarif.runs[0].results;
    expect(results.map((r: any) => [r.ruleId, r.baselineState, r.properties.pending])).toEqual([
      ["require-lock-timeout", "unchanged", false],
      ["ban-drop-column", "unchanged", false],
      ["require-lock-timeout", "unchanged", false],
      ["ban-drop-column", "unchanged", false],
    ]);
    const mixed = JSON.parse(
      (await runCli(["check", "migrations/003_drop_y.sql", "--format", "sarif"], dir)).stdout,
    );
    expect(mixed.runs[0].results.map((r: any) => [r.ruleId, r.baselineState, r.properties.pending])).toEqual([
      ["require-lock-timeout", "unchanged", false],
      ["ban-drop-column", "unchanged", false],
      ["require-lock-timeout", "new", undefined],
      ["ban-drop-column", "new", undefined],
    ]);
  });
});

describe("baseline: / --since: history before a version is replayed, not reviewed", () => {
  it("reports nothing for migrations before the baseline, and reviews the rest", async () => {
    const dir = project({ ...FILES, "schematic.yml": "baseline: '003'\n" });
    const run = await runCli(["check", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    // 002's drop is before the baseline: gone. 003's is reviewed: it blocks.
    expect(report.diagnostics.map((d: any) => [d.rule, d.file, d.pending])).toEqual([
      ["require-lock-timeout", "migrations/003_drop_y.sql", true],
      ["ban-drop-column", "migrations/003_drop_y.sql", true],
    ]);
    expect(report.checked.pending).toEqual(["migrations/003_drop_y.sql", "migrations/004_b.sql"]);
    expect(report.notes).toContain(
      "History before version 003 (baseline) is replayed into the catalog but not reviewed: 2 migrations.",
    );
    expect(run.code).toBe(1);
  });

  it("still knows the tables the earlier migrations made (replayed)", async () => {
    const dir = project({ ...FILES, "migrations/004_b.sql": "alter table a drop column y;\n" });
    const run = await runCli(["check", "--since", "4", "--format", "json"], dir);
    const report = JSON.parse(run.stdout);
    // y is gone since 003, which is not reviewed but was replayed: dropping it again is a history mismatch.
    expect(report.diagnostics.map((d: any) => [d.rule, d.file, d.message])).toEqual([
      [
        "require-lock-timeout",
        "migrations/004_b.sql",
        "ALTER TABLE locks existing table public.a before the file sets lock_timeout: while another transaction holds it, this statement waits without limit and every query on it queues behind.",
      ],
      ["history-mismatch", "migrations/004_b.sql", "public.a.y does not exist at this point of the history."],
    ]);
    expect(report.checked.migrations).toBe(4);
  });

  it("drops the existing findings before it in a pull request run too, and reviews a pending file whatever its version", async () => {
    const dir = project(FILES);
    const run = await runCli(
      ["check", "migrations/002_drop_x.sql", "--since", "003", "--show-existing", "--format", "json"],
      dir,
    );
    const report = JSON.parse(run.stdout);
    expect(report.diagnostics.map((d: any) => [d.rule, d.file, d.pending])).toEqual([
      ["require-lock-timeout", "migrations/002_drop_x.sql", true],
      ["ban-drop-column", "migrations/002_drop_x.sql", true],
      ["require-lock-timeout", "migrations/003_drop_y.sql", false],
      ["ban-drop-column", "migrations/003_drop_y.sql", false],
    ]);
  });

  it("refuses a baseline that is not a version", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "--since", "last-tuesday"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "schematic: --since last-tuesday is not a migration version. Give the version of the first migration to review, as its file name starts (20240131120000, 0042, 1.2).\n",
    );
  });
});
