import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

const HISTORY = { "migrations/001_a.sql": "create table a (id bigint primary key);\n" };

describe("a --pending file outside the migrations folder goes through the migration loader", () => {
  it("replays only the up section of a dbmate file (its down section drops a table)", async () => {
    const dir = project({
      ...HISTORY,
      "pending/002_b.sql":
        "-- migrate:up\ncreate table b (id bigint primary key);\n\n-- migrate:down\ndrop table a;\n",
    });
    const run = await runCli(["check", "--pending", "pending/002_b.sql", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.diagnostics).toEqual([]);
    expect(report.checked.pending).toEqual(["pending/002_b.sql"]);
    expect(run.code).toBe(0);
  });

  it("strips a byte order mark, as it does inside the folder", async () => {
    const dir = project({
      ...HISTORY,
      "pending/002_c.sql": "\uFEFFcreate table c (id bigint primary key);\n",
    });
    const run = await runCli(["check", "--pending", "pending/002_c.sql", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  it("reads only the up script of a pending .up.sql file, and says a lone down script has nothing to apply", async () => {
    const dir = project({
      ...HISTORY,
      "pending/002_d.down.sql": "drop table a;\n",
    });
    const run = await runCli(["check", "--pending", "pending/002_d.down.sql", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.diagnostics).toEqual([]);
    expect(report.notes).toContain(
      "pending/002_d.down.sql is a down migration only: nothing in it is applied, so nothing was checked.",
    );
  });
});
