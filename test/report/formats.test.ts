import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONFIG = "fixtures/market-data/schematic.yml";
const BREAKING = "fixtures/market-data/pending/0008_float_prices_and_rename_close.sql";
const SNAPSHOTS = path.join(import.meta.dirname, "__snapshots__");
const NO_DBT =
  "No dbt project configured: downstream model checks were skipped (use --dbt-project or --manifest).";

const check = (format: string) =>
  runCli(["check", "--config", CONFIG, "--pending", BREAKING, "--format", format], ROOT);

describe("every output format, on the example's breaking migration", () => {
  const project = useTempProjects();

  it.each([
    ["text", "check.txt"],
    ["json", "check.json"],
    ["sarif", "check.sarif"],
    ["github", "check.github.txt"],
    ["markdown", "check.md"],
  ])("%s matches its snapshot and exits 1", async (format, file) => {
    const run = await check(format);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    await expect(run.stdout).toMatchFileSnapshot(path.join(SNAPSHOTS, file));
  });

  it("writes SARIF 2.1.0 that the official schema accepts, with rule help from the docs", async () => {
    const require = createRequire(import.meta.url);
    const Ajv04 = require("ajv-draft-04") as typeof import("ajv-draft-04").default;
    const schema = JSON.parse(
      readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
    );
    const validate = new Ajv04({
      strict: false,
      allErrors: true,
      validateFormats: false,
      unicodeRegExp: false,
    }).compile(schema);
    const sarif = JSON.parse((await check("sarif")).stdout);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((rule: any) => rule.id)).toEqual([
      "avoid-renames",
      "ban-destructive-type-change",
      "ban-float-for-money",
      "ban-table-rewrite",
      "protect-dbt-columns",
      "protect-dbt-types",
      "require-lock-timeout",
    ]);
    const columns = run.tool.driver.rules.find((rule: any) => rule.id === "protect-dbt-columns");
    expect(columns.help.markdown.startsWith("# protect-dbt-columns")).toBe(true);
    const uris = run.results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri);
    expect(new Set(uris)).toEqual(new Set([BREAKING]));
    // Fingerprints do not depend on the line: the same finding two lines lower keeps its identity.
    const fingerprints = run.results.map((result: any) => result.partialFingerprints["schematicFinding/v1"]);
    expect(new Set(fingerprints).size).toBe(run.results.length);
  });

  it.each([
    ["text", (out: string) => out.includes(`note: ${NO_DBT}`)],
    ["json", (out: string) => JSON.parse(out).notes.includes(NO_DBT)],
    ["markdown", (out: string) => out.includes(`> ${NO_DBT}`)],
    ["github", (out: string) => out.includes(`::notice title=schematic::${NO_DBT}`)],
    [
      "sarif",
      (out: string) =>
        JSON.parse(out).runs[0].invocations[0].toolExecutionNotifications.some(
          (notification: any) => notification.message.text === NO_DBT && notification.level === "note",
        ),
    ],
  ])("%s says that the dbt checks were skipped", async (format, shows) => {
    const dir = project({ "migrations/0001_t.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\n" });
    const run = await runCli(["check", "--dialect", "postgres", "--format", format], dir);
    expect(run.code).toBe(0);
    expect(shows(run.stdout), run.stdout).toBe(true);
  });

  it("markdown counts the applied history's findings and shows the inputs' warnings", async () => {
    const dir = project({
      "migrations/0001_t.sql": "CREATE TABLE t (id int);\n",
      "migrations/0002_u.sql": "CREATE TABLE u (id bigint PRIMARY KEY);\n",
      "target/manifest.json": JSON.stringify({
        metadata: {
          dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json",
          adapter_type: "mysql",
        },
        nodes: {},
        sources: {},
      }),
    });
    const run = await runCli(
      [
        "check",
        "--dialect",
        "postgres",
        "--manifest",
        "target/manifest.json",
        "--pending",
        "migrations/0002_u.sql",
        "-f",
        "markdown",
      ],
      dir,
    );
    expect(run.stdout).toMatch(
      /^> 1 finding in applied migrations not shown \(not blocking\); `schematic check --show-existing` lists them\.$/m,
    );
    expect(run.stdout).toMatch(
      /^> ⚠️ --dialect says postgres, but the dbt manifest's adapter\\_type is mysql/m,
    );
  });

  it("limits GitHub annotations to 10 per level and counts the rest", async () => {
    const { formatGithub } = await import("../../src/report/github.js");
    const diagnostic = (i: number) => ({
      rule: "ban-drop-column",
      severity: "error" as const,
      messageId: "x",
      message: `finding ${i}, with a comma: and a colon`,
      file: "m.sql",
      span: { start: i, end: i + 1 },
      impacts: [],
      pending: true,
    });
    const text = "x".repeat(40);
    const output = formatGithub({
      blocked: true,
      summary: { errors: 12, warnings: 0, infos: 0 },
      diagnostics: Array.from({ length: 12 }, (_, i) => diagnostic(i)),
      sources: new Map([["m.sql", text]]),
      notes: [],
    } as never);
    const lines = output.trim().split("\n");
    expect(lines.filter((line) => line.startsWith("::error "))).toHaveLength(10);
    expect(lines[0]).toBe(
      "::error file=m.sql,line=1,endLine=1,col=1,endColumn=2,title=schematic ban-drop-column::finding 0, with a comma: and a colon",
    );
    expect(lines.at(-2)).toMatch(/^schematic: 2 more errors not shown as annotations/);
  });

  it("keeps markdown under the size limit by leaving out whole files, and says so", async () => {
    const { formatMarkdown } = await import("../../src/report/markdown.js");
    const files = Array.from({ length: 30 }, (_, i) => `migrations/${String(i).padStart(3, "0")}.sql`);
    const result = {
      blocked: true,
      summary: { errors: 30, warnings: 0, infos: 0 },
      pendingFiles: files,
      notes: [],
      diagnostics: files.map((file) => ({
        rule: "ban-drop-table",
        severity: "error" as const,
        messageId: "x",
        message: "y".repeat(400),
        file,
        span: { start: 0, end: 1 },
        impacts: [],
        pending: true,
      })),
      sources: new Map(files.map((file) => [file, "drop table t;"])),
    } as never;
    const output = formatMarkdown(result, 4000);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(4000);
    expect(output).toMatch(/> \d+ migration files with findings left out to stay under GitHub's size limit/);
  });
});
