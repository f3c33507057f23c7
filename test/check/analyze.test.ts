import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { analyze, runCheck } from "../../src/check/check.js";
import { loadConfig } from "../../src/config/config.js";
import { resolveSettings } from "../../src/config/settings.js";
import { readManifest } from "../../src/dbt/manifest.js";
import { createDialect } from "../../src/dialects/index.js";
import { SchematicError } from "../../src/errors.js";
import { loadMigrations } from "../../src/migrations/loader.js";
import { formatGithub } from "../../src/report/github.js";
import { formatJson } from "../../src/report/json.js";
import { formatMarkdown } from "../../src/report/markdown.js";
import { formatText } from "../../src/report/text.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BREAKING = "fixtures/market-data/pending/0008_float_prices_and_rename_close.sql";

/** Settings as a check resolves them, with the dialect loaded: what analyze runs with. */
async function settingsFor(cwd: string, configFile?: string) {
  const { config } = loadConfig(configFile, cwd);
  const settings = resolveSettings({ cwd, config, rules: RULES });
  return { ...settings, dialect: await createDialect(settings.dialect ?? "postgres"), today: "2026-01-01" };
}

describe("analyze(scripts, settings): scripts in memory to a Report", () => {
  it("reviews the pending script against the history before it, and every formatter takes the Report", async () => {
    const report = await analyze(
      {
        scripts: [
          { path: "001_create.sql", text: "create table trades (id bigint primary key, price numeric);\n" },
          {
            path: "002_drop.sql",
            text: "set lock_timeout = '2s';\nalter table trades drop column price;\n",
          },
        ],
        pending: new Set(["002_drop.sql"]),
      },
      await settingsFor("/nowhere"),
    );
    expect(report.blocked).toBe(true);
    expect(report.summary).toEqual({ errors: 1, warnings: 0, infos: 0 });
    expect(report.diagnostics.map((d) => [d.rule, d.file, d.pending])).toEqual([
      ["ban-drop-column", "002_drop.sql", true],
    ]);
    expect([report.dialect, report.migrationsChecked, report.statements]).toEqual(["postgres", 2, 3]);
    expect(report.pendingFiles).toEqual(["002_drop.sql"]);
    expect(report.notes).toEqual([
      "No dbt project configured: downstream model checks were skipped (use --dbt-project or --manifest).",
    ]);
    expect(formatText(report, { color: false })).toContain("error[ban-drop-column]");
    expect(JSON.parse(formatJson(report)).diagnostics[0]).toMatchObject({
      rule: "ban-drop-column",
      file: "002_drop.sql",
      line: 2,
    });
    expect(formatGithub(report)).toContain("::error file=002_drop.sql,line=2");
    expect(formatMarkdown(report)).toContain("ban-drop-column");
  });

  it("gives the Report runCheck gives when handed the same scripts and an already-read dbt project", async () => {
    const settings = await settingsFor(ROOT, "fixtures/market-data/schematic.yml");
    const fromFiles = await runCheck({
      cwd: ROOT,
      config: settings.config,
      rules: RULES,
      pending: [BREAKING],
      today: "2026-01-01",
    });
    const history = loadMigrations(path.relative(ROOT, settings.migrations), {
      dialect: "postgres",
      cwd: ROOT,
    });
    const inMemory = await analyze(
      {
        scripts: [
          ...history.map((migration) => ({ path: migration.up.path, text: migration.up.text })),
          { path: BREAKING, text: fromFiles.sources.get(BREAKING)! },
        ],
        pending: new Set([BREAKING]),
        dbt: { project: readManifest(path.join(settings.dbt.project!, "target/manifest.json")) },
      },
      settings,
    );
    expect(inMemory.summary.errors).toBeGreaterThan(0);
    expect(formatJson(inMemory)).toBe(formatJson(fromFiles));
    expect(inMemory.catalog).toEqual(fromFiles.catalog);
  });

  it("stops at the first script that does not parse, naming it", async () => {
    const analysis = analyze(
      {
        scripts: [
          { path: "001_ok.sql", text: "create table a (id int);\n" },
          { path: "002_bad.sql", text: "create table b (id int);\ncreate tabel c (id int);\n" },
        ],
      },
      await settingsFor("/nowhere"),
    );
    await expect(analysis).rejects.toBeInstanceOf(SchematicError);
    await expect(analysis).rejects.toMatchObject({
      code: "sql-parse",
      location: { file: "002_bad.sql", line: 2 },
    });
  });
});
