import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

describe("schematic check from a subfolder of the repository", () => {
  it("uses the schematic.yml at the repository's root, its paths relative to it", async () => {
    const dir = project({
      ".git/HEAD": "ref: refs/heads/main\n",
      "schematic.yml": "migrations: db/migrations\nrules:\n  require-primary-key: error\n",
      "db/migrations/001_a.sql": "create table a (id bigint);\n",
      "services/api/README.md": "",
    });
    const run = await runCli(["check", "--format", "json"], path.join(dir, "services/api"));
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    // Files outside the working directory are shown by their absolute path.
    expect(report.checked.pending).toEqual([path.join(dir, "db/migrations/001_a.sql")]);
    expect(report.diagnostics.map((d: any) => [d.rule, d.severity])).toEqual([
      ["require-primary-key", "error"],
    ]);
    expect(run.code).toBe(1);
  });
});

describe("annotation paths (--format github) are relative to the repository root", () => {
  const FILES = {
    "schematic.yml": "migrations: db/migrations\n",
    "db/migrations/001_a.sql": "create table a (id bigint);\n",
    "services/api/README.md": "",
  };

  it("from git's top level, when run in a subfolder", async () => {
    const dir = project(FILES);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const run = await runCli(["check", "--format", "github"], path.join(dir, "services/api"));
    expect(run.stdout).toContain("::warning file=db/migrations/001_a.sql,line=1,");
  });

  it("from $GITHUB_WORKSPACE when set", async () => {
    const dir = project(FILES);
    const run = await runCli(
      ["check", "--config", "../../schematic.yml", "--format", "github"],
      path.join(dir, "services/api"),
      {
        GITHUB_WORKSPACE: dir,
      },
    );
    expect(run.stdout).toContain("::warning file=db/migrations/001_a.sql,line=1,");
    const sarif = await runCli(
      ["check", "--config", "../../schematic.yml", "--format", "sarif"],
      path.join(dir, "services/api"),
      { GITHUB_WORKSPACE: dir },
    );
    expect(
      JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
    ).toBe("db/migrations/001_a.sql");
  });
});
