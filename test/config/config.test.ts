import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import schema from "../../schema/schematic.schema.json" with { type: "json" };
import { findConfigFile, interpolateEnv, loadConfig, parseConfig } from "../../src/config/config.js";
import { DIALECT_SPELLINGS } from "../../src/dialects/index.js";
import { useTempProjects } from "../helpers/cli.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("parseConfig", () => {
  it("resolves paths against the config file's folder", () => {
    const { config, errors } = parseConfig(
      "dialect: mysql\nmigrations: db/migrations\ndbt:\n  project: analytics\nrules:\n  protect-dbt-types: warning\n",
      "/repo/conf/schematic.yml",
    );
    expect(errors).toEqual([]);
    expect(config.dialect).toBe("mysql");
    expect(config.migrations).toBe("/repo/conf/db/migrations");
    expect(config.dbt.project).toBe("/repo/conf/analytics");
    expect(config.rules).toEqual({ "protect-dbt-types": "warning" });
  });

  it.each([
    ["unknown top-level key", "dialekt: postgres\n", ["/dialekt: unknown key"]],
    ["unknown nested key", "dbt:\n  projekt: x\n", ["/dbt/projekt: unknown key"]],
    [
      "bad enum",
      "dialect: oracle\n",
      ['/dialect: must be one of "postgres", "mysql", "starrocks", "postgresql", "pg", "mariadb"'],
    ],
    [
      "bad severity",
      "rules:\n  protect-dbt-types: fatal\n",
      [
        '/rules/protect-dbt-types: must be one of "off", "info", "warning", "error"',
        "/rules/protect-dbt-types: must be array",
      ],
    ],
    [
      "not a mapping",
      "- a\n- b\n",
      ["/: the file must be a mapping of keys (dialect:, migrations:, dbt:, ...)"],
    ],
  ])("reports %s with its path", (_label, text, expected) => {
    expect(parseConfig(text, "/x/schematic.yml").errors).toEqual(expected);
  });

  it.each([
    ["pg", "postgres"],
    ["postgresql", "postgres"],
    ["mariadb", "mysql"],
    ["starrocks", "starrocks"],
  ])("reads dialect: %s as %s", (written, dialect) => {
    const { config, errors } = parseConfig(`dialect: ${written}\n`, "/x/schematic.yml");
    expect(errors).toEqual([]);
    expect(config.dialect).toBe(dialect);
  });

  it.each([
    ["empty", ""],
    ["comments only", "# settings come later\n\n"],
  ])("takes an %s file as every default", (_label, text) => {
    const { config, errors } = parseConfig(text, "/x/schematic.yml");
    expect(errors).toEqual([]);
    expect(config.configPath).toBe("/x/schematic.yml");
    expect(config.baseDirectory).toBe("/x");
  });

  it("reports YAML syntax errors with line and column", () => {
    const { errors } = parseConfig("dialect: postgres\nmigrations: [unclosed\n", "/x/schematic.yml");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^line \d+, column \d+: /);
  });

  it("interpolates environment variables, with defaults", () => {
    const { config, errors } = parseConfig(
      "placeholders:\n  raw_schema: ${RAW:-raw}\n  ref_schema: ${REF}\n",
      "/x/schematic.yml",
      { REF: "reference" },
    );
    expect(errors).toEqual([]);
    expect(config.placeholders).toEqual({ raw_schema: "raw", ref_schema: "reference" });
  });

  it("names a missing environment variable and where it is used", () => {
    expect(interpolateEnv({ dbt: { project: "${DBT_DIR}" } }, {}).missing).toEqual([
      "/dbt/project: environment variable DBT_DIR is not set",
    ]);
  });
});

describe("loadConfig", () => {
  it("throws one paragraph naming the file and every problem", () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-config-"));
    writeFileSync(path.join(dir, "schematic.yml"), "dialect: postgres\nfoo: 1\n");
    expect(() => loadConfig(undefined, dir!, {})).toThrowError(/Invalid configuration: \/foo: unknown key\./);
  });

  it("returns an empty configuration when there is no file", () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-config-"));
    expect(loadConfig(undefined, dir, {}).config).toEqual({
      placeholders: {},
      dbt: {},
      rules: {},
      extends: [],
      overrides: [],
    });
  });
});

describe("finding schematic.yml", () => {
  const tree = useTempProjects();

  it("walks up from the working directory to the nearest one, its paths relative to it", () => {
    const root = tree({
      "repo/.git/HEAD": "ref: refs/heads/main\n",
      "repo/schematic.yml": "migrations: db/migrations\n",
      "repo/services/api/schematic.yaml": "dialect: mysql\n",
      "repo/services/web/src/x.ts": "",
    });
    expect(findConfigFile(path.join(root, "repo/services/web/src"))).toBe(
      path.join(root, "repo/schematic.yml"),
    );
    expect(findConfigFile(path.join(root, "repo/services/api"))).toBe(
      path.join(root, "repo/services/api/schematic.yaml"),
    );
    const { config } = loadConfig(undefined, path.join(root, "repo/services/web/src"), {});
    expect(config.migrations).toBe(path.join(root, "repo/db/migrations"));
  });

  it("stops at the repository's root", () => {
    const root = tree({
      "schematic.yml": "dialect: mysql\n",
      "repo/.git": "gitdir: /elsewhere/.git\n", // a worktree or submodule: .git is a file
      "repo/sub/x.sql": "",
    });
    expect(findConfigFile(path.join(root, "repo/sub"))).toBeUndefined();
    expect(findConfigFile(root)).toBe(path.join(root, "schematic.yml"));
  });
});

describe("the published JSON Schema", () => {
  it("is a valid draft-07 schema that editors can use", () => {
    const ajv = new Ajv({ strict: true, strictTuples: false, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("accepts exactly the dialect names and aliases of the registry (src/dialects/index.ts)", () => {
    expect(schema.properties.dialect.enum).toEqual(DIALECT_SPELLINGS);
  });
});

describe("bad configuration input: a message, never a hang or a crash", () => {
  it.each([
    ["an empty file", ""],
    [
      "only the yaml-language-server comment",
      "# yaml-language-server: $schema=./schema/schematic.schema.json\n",
    ],
    ["only blank lines and comments", "\n# nothing here\n\n"],
  ])("%s is valid: every default", (_label, text) => {
    const { config, errors } = parseConfig(text, "/x/schematic.yml", {});
    expect(errors).toEqual([]);
    expect(config.rules).toEqual({});
    expect(config.configPath).toBe("/x/schematic.yml");
  });

  it("refuses a YAML alias bomb before anything walks the expanded tree", () => {
    // Nine levels of nine aliases: 450 bytes that expand to 387 million values.
    let text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (let level = 1; level < 10; level++) {
      text += `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(", ")}]\n`;
    }
    text += "placeholders:\n  x: *a9\n";
    const started = Date.now();
    const { errors } = parseConfig(text, "/x/schematic.yml", { HOME: "/" });
    expect(errors).toEqual([
      "/: the file expands to more than 100,000 values (YAML aliases repeating aliases); write the settings out",
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("still accepts ordinary aliases", () => {
    const text = "rules:\n  ban-drop-table: &severe error\n  ban-drop-column: *severe\n";
    expect(parseConfig(text, "/x/schematic.yml", {}).errors).toEqual([]);
  });

  it("says so when the file holds several YAML documents", () => {
    expect(parseConfig("dialect: mysql\n---\ndialect: postgres\n", "/x/schematic.yml", {}).errors).toEqual([
      "/: the file holds several YAML documents (`---`); keep one",
    ]);
  });

  it("names what ./schematic.yml is when it cannot be read, never 'undefined'", () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-config-"));
    mkdirSync(path.join(dir, "schematic.yml"));
    expect(() => loadConfig(undefined, dir!, {})).toThrowError(
      expect.objectContaining({
        code: "config-invalid",
        message: "The configuration file is a folder, not a file.",
        location: { file: "schematic.yml" },
      }),
    );
  });

  it("says a folder given to --config is a folder", () => {
    dir = mkdtempSync(path.join(tmpdir(), "schematic-config-"));
    mkdirSync(path.join(dir, "conf"));
    expect(() => loadConfig("conf", dir!, {})).toThrowError(
      "The configuration file is a folder, not a file.",
    );
  });
});
