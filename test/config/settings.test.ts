import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { emptyConfig, parseConfig } from "../../src/config/config.js";
import { resolveSettings } from "../../src/config/settings.js";

const CONFIG = parseConfig(
  [
    "dialect: mariadb",
    "migrations: db/migrations",
    "base: origin/main",
    "failOn: warning",
    "dbt:",
    "  project: analytics",
    "  targetPath: out",
    "",
  ].join("\n"),
  "/repo/schematic.yml",
).config;

describe("resolveSettings: flags over the configuration over the defaults", () => {
  it("takes the configuration's values, its paths relative to the configuration file", () => {
    const settings = resolveSettings({ cwd: "/repo/sub", config: CONFIG });
    expect(settings).toMatchObject({
      dialect: "mysql",
      dialectSource: "config",
      migrations: "/repo/db/migrations",
      base: "origin/main",
      failOn: "warning",
      dbt: { project: "/repo/analytics", targetPath: "out" },
    });
    expect(settings.pending).toBeUndefined();
  });

  it("lets every flag win, its paths relative to the working directory", () => {
    const settings = resolveSettings({
      cwd: "/repo/sub",
      config: CONFIG,
      dialect: "pg",
      migrations: "m",
      dbtProject: "dbt",
      manifest: "x/manifest.json",
      base: "main",
      failOn: "error",
      pending: ["m/002.sql"],
    });
    expect(settings).toMatchObject({
      dialect: "postgres",
      dialectSource: "option",
      migrations: "m",
      base: "main",
      failOn: "error",
      dbt: { project: "/repo/sub/dbt", manifest: "/repo/sub/x/manifest.json", targetPath: "out" },
      pending: ["/repo/sub/m/002.sql"],
    });
  });

  it("defaults: migrations beside the configuration file (or in the working directory), fail on errors", () => {
    expect(
      resolveSettings({ cwd: "/repo/sub", config: parseConfig("", "/repo/schematic.yml").config }),
    ).toEqual(
      expect.objectContaining({ migrations: "/repo/migrations", failOn: "error", dialectSource: "default" }),
    );
    const bare = resolveSettings({ cwd: "/work", config: emptyConfig() });
    expect(bare.migrations).toBe("/work/migrations");
    expect(bare.dialect).toBeUndefined();
  });

  it.each([
    ["0042", "0042"],
    ["V2", "2"],
    ["2017-08-31-193512", "2017-08-31-193512"],
  ])("takes --since %s as version %s", (since, baseline) => {
    expect(resolveSettings({ cwd: "/work", config: emptyConfig(), since }).baseline).toBe(baseline);
  });

  it("refuses an unknown dialect, listing the names and aliases", () => {
    expect(() => resolveSettings({ cwd: "/work", config: emptyConfig(), dialect: "oracle" })).toThrowError(
      "Unknown dialect oracle.",
    );
    try {
      resolveSettings({ cwd: "/work", config: emptyConfig(), dialect: "oracle" });
    } catch (error) {
      expect((error as { hint: string }).hint).toBe(
        "Use postgres (or postgresql, pg), mysql (or mariadb) or starrocks.",
      );
    }
  });

  it("validates the rule settings when resolved with the rules, and leaves them alone without", () => {
    const config = parseConfig(
      "rules:\n  enforce-naming-convention: [error, { tabels: x }]\n",
      "/repo/schematic.yml",
    ).config;
    expect(() => resolveSettings({ cwd: "/repo", config, rules: RULES })).toThrowError(
      "Invalid rule settings: /rules/enforce-naming-convention/1/tabels: unknown option of enforce-naming-convention.",
    );
    // migrate status and new resolve settings without rules: no rule module is needed, nothing is checked.
    const withoutRules = resolveSettings({ cwd: "/repo", config });
    expect("activeRules" in withoutRules).toBe(false);
    const withRules = resolveSettings({ cwd: "/repo", config: CONFIG, rules: RULES });
    expect(withRules.activeRules("db/migrations/001.sql").map((active) => active.rule.meta.id)).toContain(
      "ban-drop-column",
    );
  });
});
