/**
 * The embedded database's folder lock, as `schematic migrate` meets it: another process holds the folder,
 * and the wait is the run lock's (--lock-timeout), not the folder lock's own default.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";
import { holdFolder } from "../helpers/hold-folder.js";

describe("schematic migrate on an embedded database another process holds", () => {
  const project = useTempProjects();

  it("waits --lock-timeout, then names the holder and exits 2", async () => {
    const dir = project({
      "schematic.yml": "dialect: postgres\nmigrations: migrations\n",
      "migrations/001_accounts.sql": "CREATE TABLE accounts (id bigint PRIMARY KEY);\n",
    });
    mkdirSync(path.join(dir, ".schematic"));
    const holder = await holdFolder("lock", path.join(dir, ".schematic/pglite"));
    try {
      const run = await runCli(["migrate", "up", "--lock-timeout", "1"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`waiting for the embedded database, held by process ${holder.pid}`);
      expect(run.stderr).toContain(`is in use by process ${holder.pid}`);
      expect(run.stderr).toContain("gave up waiting after 1.0 s");
    } finally {
      await holder.release();
    }
  }, 60_000);
});
