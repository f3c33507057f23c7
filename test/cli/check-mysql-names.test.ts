import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../helpers/cli.js";

describe("schematic check on a MySQL history that writes column names in several cases", () => {
  it("finds the narrowing and the drop of columns named in another case, under their bare table name", async () => {
    const project = tempProject({
      "migrations/0001_trades.sql":
        "CREATE TABLE trades (Id bigint NOT NULL, Symbol varchar(10), PRIMARY KEY (Id));\n",
      "migrations/0002_change.sql":
        "ALTER TABLE trades MODIFY COLUMN symbol varchar(5);\nALTER TABLE trades DROP COLUMN ID;\n",
    });
    try {
      const run = await runCli(
        ["check", "--dialect", "mysql", "--pending", "migrations/0002_change.sql", "--format", "json"],
        project.dir,
      );
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      const errors = report.diagnostics.filter((d: { severity: string }) => d.severity === "error");
      expect(
        errors.map((d: { rule: string; object: string; line: number }) => [d.rule, d.object, d.line]),
      ).toEqual([
        ["ban-destructive-type-change", "trades.symbol", 1],
        ["ban-drop-column", "trades.ID", 2],
      ]);
      expect(report.diagnostics.map((d: { rule: string }) => d.rule)).not.toContain("history-mismatch");
    } finally {
      project.cleanup();
    }
  });
});
