import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

const MYSQL_HISTORY = {
  "migrations/001_a.sql": "CREATE TABLE a (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;\n",
};

describe("dialect names and aliases", () => {
  it.each([
    ["--dialect", "mariadb", "mysql"],
    ["-d", "pg", "postgres"],
    ["--dialect", "postgresql", "postgres"],
  ])("%s %s checks as %s", async (flag, written, dialect) => {
    const dir = project(
      dialect === "mysql"
        ? MYSQL_HISTORY
        : { "migrations/001_a.sql": "create table a (id bigint primary key);\n" },
    );
    const run = await runCli(["check", flag, written, "--format", "json"], dir);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).checked.dialect).toBe(dialect);
  });

  it("takes an alias in schematic.yml", async () => {
    const dir = project({ ...MYSQL_HISTORY, "schematic.yml": "dialect: mariadb\n" });
    const run = await runCli(["check", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).checked.dialect).toBe("mysql");
  });
});

/** The smallest manifest dbt could write for a warehouse. */
function manifest(adapterType: string): string {
  return JSON.stringify({
    metadata: {
      dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
      dbt_version: "1.9.0",
      adapter_type: adapterType,
    },
    nodes: {},
    sources: {},
    exposures: {},
    macros: {},
    docs: {},
    parent_map: {},
    child_map: {},
  });
}

describe("the dialect from the dbt manifest's adapter_type", () => {
  it.each([
    ["mysql", "mysql", MYSQL_HISTORY],
    ["mariadb", "mysql", MYSQL_HISTORY],
    ["tidb", "mysql", MYSQL_HISTORY],
    ["redshift", "postgres", { "migrations/001_a.sql": "create table a (id bigint primary key);\n" }],
  ] as const)("adapter %s: checks as %s, and says so", async (adapter, dialect, files) => {
    const dir = project({ ...files, "target/manifest.json": manifest(adapter) });
    const run = await runCli(["check", "--manifest", "target/manifest.json", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.checked.dialect).toBe(dialect);
    expect(report.notes).toContain(`Dialect ${dialect}, from the dbt manifest's adapter_type (${adapter}).`);
    expect(report.warnings).toEqual([]);
  });

  it("keeps postgres for a warehouse Schematic does not parse, and says so", async () => {
    const dir = project({
      "migrations/001_a.sql": "create table a (id bigint primary key);\n",
      "target/manifest.json": manifest("snowflake"),
    });
    const run = await runCli(["check", "--manifest", "target/manifest.json", "--format", "json"], dir);
    const report = JSON.parse(run.stdout);
    expect(report.checked.dialect).toBe("postgres");
    expect(report.notes).toContain(
      "The dbt manifest's adapter_type is snowflake, which Schematic does not parse: the migrations are read as postgres (--dialect or dialect: in schematic.yml says otherwise).",
    );
  });

  it("warns when the given dialect disagrees with the adapter", async () => {
    const dir = project({
      ...MYSQL_HISTORY,
      "schematic.yml": "dialect: mysql\n",
      "target/manifest.json": manifest("postgres"),
    });
    const json = await runCli(["check", "--manifest", "target/manifest.json", "--format", "json"], dir);
    const report = JSON.parse(json.stdout);
    expect(report.checked.dialect).toBe("mysql");
    const warning =
      "dialect: in schematic.yml says mysql, but the dbt manifest's adapter_type is postgres, which speaks postgres: check that the migrations are for the warehouse dbt builds on.";
    expect(report.warnings).toEqual([warning]);
    const text = await runCli(["check", "--manifest", "target/manifest.json"], dir);
    expect(text.stdout).toContain(`warning: ${warning}\n`);
    const flag = await runCli(
      ["check", "-d", "mysql", "--manifest", "target/manifest.json", "--format", "github"],
      dir,
    );
    expect(flag.stdout).toContain(
      "::warning title=schematic::--dialect says mysql, but the dbt manifest's adapter_type is postgres",
    );
  });
});
