import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { runCheck } from "../../src/check/check.js";
import { describeFailure, errorFromFailure, worthParsingInWorker } from "../../src/check/parallel-parse.js";
import { loadConfig } from "../../src/config/config.js";
import { SchematicError } from "../../src/errors.js";
import { formatJson } from "../../src/report/json.js";
import { tempProject } from "../helpers/cli.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BREAKING = "fixtures/market-data/pending/0008_float_prices_and_rename_close.sql";

async function exampleCheck(parallelParse: "always" | "never") {
  const { config } = loadConfig("fixtures/market-data/schematic.yml", ROOT);
  return runCheck({
    cwd: ROOT,
    config,
    rules: RULES,
    pending: [BREAKING],
    parallelParse,
    today: "2026-01-01",
  });
}

/** What a check of the project against target/manifest.json throws, on the worker path or inline. */
function checkError(dir: string, parallelParse: "always" | "never", dialect?: "starrocks"): Promise<unknown> {
  return runCheck({
    cwd: dir,
    config: loadConfig(undefined, dir).config,
    rules: RULES,
    ...(dialect && { dialect }),
    manifest: "target/manifest.json",
    parallelParse,
  }).catch((caught: unknown) => caught);
}

describe("parsing migrations on a worker thread while the manifest is read", () => {
  it("gives the same result as parsing on the main thread, placeholders and pending files included", async () => {
    const inWorker = await exampleCheck("always");
    const inline = await exampleCheck("never");
    expect(inWorker.summary.errors).toBeGreaterThan(0);
    expect(formatJson(inWorker)).toBe(formatJson(inline));
    expect(inWorker.catalog).toEqual(inline.catalog);
  });

  it("reports the first SQL error before a broken manifest, as when parsing inline", async () => {
    const project = tempProject({
      "migrations/0001_ok.sql": "create table t (id int primary key);\n",
      "migrations/0002_bad.sql": "create table u (id int primary key);\ncreate tabel v (id int);\n",
      "target/manifest.json": "{ not json",
    });
    try {
      for (const parallelParse of ["always", "never"] as const) {
        const error = await checkError(project.dir, parallelParse);
        expect(error).toBeInstanceOf(SchematicError);
        expect((error as SchematicError).code).toBe("sql-parse");
        expect((error as SchematicError).location).toMatchObject({
          file: "migrations/0002_bad.sql",
          line: 2,
        });
      }
      // With the SQL fixed, the manifest's own error comes through from the worker path too.
      writeFileSync(
        path.join(project.dir, "migrations/0002_bad.sql"),
        "create table v (id int primary key);\n",
      );
      const error = await runCheck({
        cwd: project.dir,
        config: loadConfig(undefined, project.dir).config,
        rules: RULES,
        manifest: "target/manifest.json",
        parallelParse: "always",
      }).catch((caught: unknown) => caught);
      expect((error as SchematicError).code).toBe("manifest-invalid");
    } finally {
      project.cleanup();
    }
  });

  it("reports a mistake in the rules' configuration as the main thread does, worker or not", async () => {
    const { config } = loadConfig("fixtures/market-data/schematic.yml", ROOT);
    const broken = { ...config, rules: { ...config.rules, "no-such-rule": "error" as const } };
    const messages = await Promise.all(
      (["always", "never"] as const).map((parallelParse) =>
        runCheck({ cwd: ROOT, config: broken, rules: RULES, parallelParse }).then(
          () => "no error",
          (error: unknown) =>
            error instanceof SchematicError ? `${error.code}: ${error.message}` : String(error),
        ),
      ),
    );
    expect(messages[0]).toMatch(/no-such-rule/);
    expect(messages[0]).toBe(messages[1]);
  });

  it("runs rules passed by a library caller on the main thread, all of them", async () => {
    const { config } = loadConfig("fixtures/market-data/schematic.yml", ROOT);
    const ownRules = RULES.filter((rule) => rule.meta.id !== "ban-float-for-money");
    const [inWorker, inline] = await Promise.all(
      (["always", "never"] as const).map((parallelParse) =>
        runCheck({
          cwd: ROOT,
          config,
          rules: ownRules,
          pending: [BREAKING],
          parallelParse,
          today: "2026-01-01",
        }),
      ),
    );
    expect(formatJson(inWorker!)).toBe(formatJson(inline!));
    expect(inWorker!.diagnostics.map((d) => d.rule)).not.toContain("ban-float-for-money");
  });

  it("is used only where it pays: a large history and a large manifest", () => {
    expect(worthParsingInWorker(1_000_000, 200_000_000)).toBe(true);
    expect(worthParsingInWorker(20_000, 200_000_000)).toBe(false);
    expect(worthParsingInWorker(1_000_000, 400_000)).toBe(false);
  });
});

describe("errors thrown on the worker thread cross it whole", () => {
  it("a StarRocks type nested thousands deep is the same parse error on the worker as inline", async () => {
    const depth = 10_000;
    const project = tempProject({
      "migrations/0001_deep.sql": `create table t (k int, c ${"ARRAY<".repeat(depth)}INT${">".repeat(depth)}) duplicate key(k);\n`,
      "target/manifest.json": '{"metadata": {}}',
    });
    try {
      for (const parallelParse of ["always", "never"] as const) {
        const error = await checkError(project.dir, parallelParse, "starrocks");
        expect(error, parallelParse).toBeInstanceOf(SchematicError);
        expect(error).toMatchObject({
          code: "sql-parse",
          // The parser's advice first, then the check's ways out of a file it cannot read.
          hint: expect.stringMatching(
            /^Schematic reads ARRAY, MAP and STRUCT types nested up to 64 levels deep\. /,
          ),
        });
      }
    } finally {
      project.cleanup();
    }
  });

  it("a SchematicError comes back as one (exit 2), any other error with the worker's stack", () => {
    const bad = new SchematicError("sql-parse", "Broken.", {
      location: { file: "a.sql", line: 3 },
      hint: "Fix it.",
    });
    const back = errorFromFailure(describeFailure(bad));
    expect(back).toBeInstanceOf(SchematicError);
    expect(back).toMatchObject({
      code: "sql-parse",
      message: "Broken.",
      location: bad.location,
      hint: "Fix it.",
    });
    const bug = new RangeError("Maximum call stack size exceeded");
    const internal = errorFromFailure(describeFailure(bug));
    expect(internal).not.toBeInstanceOf(SchematicError);
    expect(internal.message).toBe("Maximum call stack size exceeded");
    expect(internal.stack).toBe(bug.stack);
  });
});
