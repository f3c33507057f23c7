import path from "node:path";
import { describe, expect, it } from "vitest";
import * as schematic from "../src/index.js";

describe("the library entry", () => {
  it("runs a check as the CLI does, and formats it", async () => {
    const root = path.resolve(import.meta.dirname, "..");
    const { config } = schematic.loadConfig("fixtures/market-data/schematic.yml", root);
    const result = await schematic.runCheck({
      cwd: root,
      config,
      rules: schematic.RULES,
      pending: ["fixtures/market-data/pending/0008_float_prices_and_rename_close.sql"],
    });
    expect(result.blocked).toBe(true);
    expect(JSON.parse(schematic.formatJson(result)).summary.errors).toBe(result.summary.errors);
    expect(schematic.formatText(result, { color: false })).toContain("error[protect-dbt-columns]");
  });

  it("takes the CLI's options, an alias and --since among them, merged by one resolver", async () => {
    const root = path.resolve(import.meta.dirname, "..");
    const { config } = schematic.loadConfig("fixtures/market-data/schematic.yml", root);
    const settings = schematic.resolveSettings({
      cwd: root,
      config,
      dialect: "pg",
      since: "0005",
      quiet: true,
    });
    expect([settings.dialect, settings.baseline, settings.quiet]).toEqual(["postgres", "0005", true]);
    const result = await schematic.runCheck({
      cwd: root,
      config,
      rules: schematic.RULES,
      dialect: "pg",
      since: "0005",
    });
    expect(result.dialect).toBe("postgres");
    expect(result.notes).toContain(
      "History before version 0005 (baseline) is replayed into the catalog but not reviewed: 4 migrations.",
    );
  });
});
