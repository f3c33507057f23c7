import { afterEach, describe, expect, it } from "vitest";
import { runCli, tempProject } from "../helpers/cli.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project(files: Record<string, string>): string {
  const made = tempProject(files);
  cleanup = made.cleanup;
  return made.dir;
}

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
