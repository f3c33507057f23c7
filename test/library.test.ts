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
});
