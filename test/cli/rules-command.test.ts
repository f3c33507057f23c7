import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { runCli, tempProject } from "../helpers/cli.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("schematic rules", () => {
  it("lists every rule with its category, active severity and dialects", async () => {
    const run = await runCli(["rules"], ROOT);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/^rule\s+category\s+severity\s+dialects\s+description$/);
    for (const rule of RULES) expect(run.stdout).toContain(rule.meta.id);
    expect(lines.find((line) => line.startsWith("protect-dbt-columns"))).toMatch(
      /^protect-dbt-columns\s+dbt\s+error\s+postgres, mysql, starrocks\s+Block dropping/,
    );
  });

  it("shows the severity the configuration gives", async () => {
    const project = tempProject({
      "schematic.yml": "extends: basic\nrules:\n  protect-dbt-not-null: error\n",
    });
    try {
      const run = await runCli(["rules"], project.dir);
      expect(run.stdout).toMatch(/protect-dbt-not-null\s+dbt\s+error/);
      expect(run.stdout).toMatch(/avoid-ddl-on-dbt-relations\s+dbt\s+off/);
    } finally {
      project.cleanup();
    }
  });

  it("prints a rule's doc page", async () => {
    const run = await runCli(["rules", "protect-dbt-types"], ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("# protect-dbt-types\n")).toBe(true);
    expect(run.stdout).toContain("### Fails");
  });

  it("exits 2 for an unknown rule, suggesting close ids", async () => {
    const run = await runCli(["rules", "protect-dbt"], ROOT);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/There is no rule protect-dbt\. Did you mean protect-dbt-columns/);
  });
});
