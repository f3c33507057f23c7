import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

const MYSQL = {
  "db/migrations/20240101000000_trades.sql":
    "CREATE TABLE trades (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, price DECIMAL(18,6)) ENGINE=InnoDB;\n",
  "db/migrations/20240201000000_quotes.sql":
    "CREATE TABLE quotes (id BIGINT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
  "db/seeds/seed.sql": "INSERT INTO trades VALUES (1, 2);\n",
  "analytics/dbt_project.yml": "name: analytics\n",
  "analytics/models/stg_trades.sql": "select * from {{ source('raw', 'trades') }}\n",
};

describe("schematic init", () => {
  it("writes schematic.yml from the migrations, their SQL and the dbt project, and says what it found", async () => {
    const dir = project(MYSQL);
    const run = await runCli(["init"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "Wrote schematic.yml:",
        "  migrations: db/migrations (2 migration scripts)",
        "  dialect: mysql (the SQL uses AUTO_INCREMENT, ENGINE=, DEFAULT CHARSET)",
        "  dbt project: analytics (dbt_project.yml)",
        "Next: schematic check (and schematic rules to see what it checks).",
        "",
      ].join("\n"),
    );
    const written = readFileSync(path.join(dir, "schematic.yml"), "utf8");
    const { config, errors } = parseConfig(written, path.join(dir, "schematic.yml"));
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      dialect: "mysql",
      migrations: path.join(dir, "db/migrations"),
      dbt: { project: path.join(dir, "analytics") },
    });
    // The written configuration runs: the check gets as far as dbt's missing manifest.
    const check = await runCli(["check", "--format", "json"], dir);
    expect(check.stderr).toMatch(/manifest/);
  });

  it("takes the dialect from a dbt manifest's adapter_type before the SQL", async () => {
    const dir = project({
      ...MYSQL,
      "analytics/target/manifest.json": '{"metadata": {"adapter_type": "starrocks"}, "nodes": {}}',
    });
    const run = await runCli(["init"], dir);
    expect(run.stdout).toContain("  dialect: starrocks (the dbt manifest's adapter_type is starrocks)\n");
  });

  it("finds placeholders and asks for their values", async () => {
    const dir = project({
      "migrations/00_init.up.sql":
        'CREATE TABLE {{ index .Options "Namespace" }}.users (id uuid, data jsonb);\n',
      "migrations/01_more.up.sql": "ALTER TABLE {{ .Schema }}.users ADD COLUMN at timestamptz;\n",
      "migrations/01_more.down.sql": "ALTER TABLE {{ .Schema }}.users DROP COLUMN at;\n",
    });
    const run = await runCli(["init"], dir);
    expect(run.stdout).toContain("  migrations: migrations (2 migration scripts)\n");
    expect(run.stdout).toContain(
      "  placeholders: go-template (Options.Namespace, Schema); give each its value under placeholders:\n",
    );
    const written = readFileSync(path.join(dir, "schematic.yml"), "utf8");
    expect(written).toContain(
      "placeholderSyntax: go-template\nplaceholders: # TODO: the value of each placeholder the migrations use\n  Options.Namespace: Options.Namespace\n  Schema: Schema\n",
    );
    const check = await runCli(["check", "--format", "json"], dir);
    expect(check.stderr).toBe("");
  });

  it("writes a commented configuration when it finds nothing", async () => {
    const dir = project({ "README.md": "# nothing here\n", "notes/setup.sql": "select 1;\n" });
    const run = await runCli(["init"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "  migrations: not found (no folder of versioned .sql files); set migrations: by hand\n",
    );
    const written = readFileSync(path.join(dir, "schematic.yml"), "utf8");
    expect(parseConfig(written, path.join(dir, "schematic.yml")).errors).toEqual([]);
  });

  it("never overwrites a configuration", async () => {
    const dir = project({ "schematic.yaml": "dialect: mysql\n" });
    const run = await runCli(["init"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "schematic: schematic.yaml already exists: schematic init does not overwrite it. Edit it (the keys are in schema/schematic.schema.json and the README), or remove it and run init again.\n",
    );
    expect(readFileSync(path.join(dir, "schematic.yaml"), "utf8")).toBe("dialect: mysql\n");
    writeFileSync(path.join(dir, "schematic.yml"), "x: 1\n");
    expect((await runCli(["init"], dir)).code).toBe(2);
  });
});
