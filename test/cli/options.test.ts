import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { VERSION } from "../../src/cli/version.js";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

/** Pending: one error (a dropped column) and two warnings (no lock timeout, a missing primary key). */
const FILES = {
  "migrations/001_a.sql":
    "create table a (id bigint primary key, x int);\ncreate table b (id bigint primary key);\n",
  "migrations/002_b.sql":
    "alter table a drop column x;\nalter table b add column y int;\ncreate table c (id bigint);\n",
};

describe("--quiet and --max-warnings, as ESLint has them", () => {
  it("counts warnings without them", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "migrations/002_b.sql"], dir);
    expect(run.stdout).toContain("✖ blocked: 1 error, 2 warnings in 1 pending of 2 migrations\n");
  });

  it("--quiet reports errors only, and does not count the rest", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "migrations/002_b.sql", "--quiet"], dir);
    expect(run.stdout).not.toContain("warning[");
    expect(run.stdout).toContain("error[ban-drop-column]");
    expect(run.stdout).toContain("✖ blocked: 1 error, 0 warnings in 1 pending of 2 migrations\n");
    const json = JSON.parse(
      (await runCli(["check", "migrations/002_b.sql", "-q", "--format", "json"], dir)).stdout,
    );
    expect(json.diagnostics.map((d: any) => d.severity)).toEqual(["error"]);
  });

  it("--max-warnings N blocks a change with more than N warnings", async () => {
    const dir = project({
      ...FILES,
      "migrations/002_b.sql": "alter table b add column y int;\ncreate table c (id bigint);\n",
    });
    const within = await runCli(["check", "migrations/002_b.sql", "--max-warnings", "2"], dir);
    expect(within.code).toBe(0);
    expect(within.stdout).toContain("✔ passed: 0 errors, 2 warnings in 1 pending of 2 migrations\n");
    const over = await runCli(["check", "migrations/002_b.sql", "--max-warnings", "1"], dir);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain(
      "✖ blocked: 0 errors, 2 warnings (more than --max-warnings 1) in 1 pending of 2 migrations\n",
    );
  });

  it("--max-warnings takes a whole number", async () => {
    const dir = project(FILES);
    const run = await runCli(["check", "--max-warnings", "many"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "option '--max-warnings <n>' argument 'many' is invalid. Give a whole number of warnings, 0 or more.",
    );
  });
});

describe("schematic rules --format json", () => {
  it("lists every rule with its active severity, presets and dialects", async () => {
    const dir = project({ "schematic.yml": "rules:\n  ban-truncate: warning\n" });
    const run = await runCli(["rules", "--format", "json"], dir);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout);
    expect(rules.map((rule: any) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id));
    expect(rules.find((rule: any) => rule.id === "ban-truncate")).toEqual({
      id: "ban-truncate",
      category: "safety",
      severity: "warning",
      defaultSeverity: "error",
      presets: ["basic", "recommended", "strict"],
      dialects: ["postgres", "mysql", "starrocks"],
      needsDbt: false,
      description:
        "Refuse TRUNCATE on tables (and partitions) that already exist: every row is deleted for good.",
    });
  });

  it("gives one rule with its doc page", async () => {
    const dir = project({});
    const rule = JSON.parse((await runCli(["rules", "ban-duplicate-versions", "-f", "json"], dir)).stdout);
    expect(rule.id).toBe("ban-duplicate-versions");
    expect(rule.category).toBe("integrity");
    expect(rule.doc.startsWith("# ban-duplicate-versions\n")).toBe(true);
  });
});

describe("the version", () => {
  it.each(["-v", "-V", "--version"])("%s prints it", async (flag) => {
    const run = await runCli([flag], project({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
  });
});
