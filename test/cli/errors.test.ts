import { afterEach, describe, expect, it } from "vitest";
import { runCli, tempProject } from "../helpers/cli.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project(files: Record<string, string>): string {
  const made = tempProject(files);
  cleanup = made.cleanup;
  return made.dir;
}

describe("schematic check: bad input exits 2 with one paragraph and no stack trace", () => {
  it.each([
    ["an unknown option", ["check", "--frobnicate"], /schematic: unknown option '--frobnicate'/],
    [
      "an unknown dialect",
      ["check", "--dialect", "oracle"],
      /schematic: option '-d, --dialect <dialect>' argument 'oracle' is invalid/,
    ],
    [
      "an unknown format",
      ["check", "--format", "xml"],
      /argument 'xml' is invalid\. Allowed choices are text, json/,
    ],
    [
      "a missing migrations folder",
      ["check", "--migrations", "nope"],
      /schematic: The migrations folder nope does not exist\. Point --migrations/,
    ],
    [
      "a missing config file",
      ["check", "--config", "missing.yml"],
      /schematic: The configuration file missing\.yml does not exist\./,
    ],
    [
      "a missing manifest",
      ["check", "--migrations", "migrations", "--manifest", "target/manifest.json"],
      /manifest/i,
    ],
  ])("%s", async (_label, args, message) => {
    const dir = project({ "migrations/001_a.sql": "create table a (id int);\n" });
    const run = await runCli(args, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe("");
  });

  it("names the file, line and column of a SQL syntax error", async () => {
    const dir = project({
      "migrations/001_ok.sql": "create table a (id int);\n",
      "migrations/002_bad.sql": "-- a comment\ncreate table b (id int);\nalter table b add colum x int;\n",
    });
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^schematic: migrations\/002_bad\.sql:3:\d+: /);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("asks for a value of an unknown ${placeholder}", async () => {
    const dir = project({ "migrations/001_a.sql": "create table ${schema}.a (id int);\n" });
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /migrations\/001_a\.sql:1:\d+: .*\$\{schema\}: give it a value under placeholders: in schematic\.yml/,
    );
  });

  it("lists every invalid configuration key with its path", async () => {
    const dir = project({
      "schematic.yml": "dialect: postgress\nmigratons: db\n",
      "migrations/001_a.sql": "select 1;\n",
    });
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("schematic: schematic.yml: Invalid configuration:");
    expect(run.stderr).toContain("/migratons: unknown key");
    expect(run.stderr).toContain('/dialect: must be one of "postgres", "mysql", "starrocks"');
  });

  it("rejects an unknown rule id in the configuration", async () => {
    const dir = project({
      "schematic.yml": "rules:\n  ban-everything: error\n",
      "migrations/001_a.sql": "select 1;\n",
    });
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /schematic\.yml: Invalid rule settings: \/rules\/ban-everything: unknown rule id\. Run `schematic rules`/,
    );
  });

  it.each([
    [
      "an unknown option",
      "rules:\n  enforce-naming-convention: [error, { tabels: x }]\n",
      /schematic: schematic\.yml: Invalid rule settings: \/rules\/enforce-naming-convention\/1\/tabels: unknown option of enforce-naming-convention\. Run `schematic rules <id>`/,
    ],
    [
      "an option of the wrong type",
      "rules:\n  require-online-ddl-options: [error, { requireForBlockingInplace: yes please }]\n",
      /schematic: schematic\.yml: Invalid rule settings: \/rules\/require-online-ddl-options\/1\/requireForBlockingInplace: must be boolean\./,
    ],
  ])(
    "rejects %s of a rule when the settings load, before any migration is read",
    async (_label, yaml, message) => {
      // The migration does not parse: the rule settings are refused first, as they are loaded.
      const dir = project({ "schematic.yml": yaml, "migrations/001_a.sql": "create tabel a (id int);\n" });
      const run = await runCli(["check"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    },
  );

  it("rejects an unknown option in an extended configuration file, naming that file", async () => {
    const dir = project({
      "schematic.yml": "extends: team.yml\n",
      "team.yml": "rules:\n  ban-key-column-change: [error, { allowVarcharWidenning: true }]\n",
      "migrations/001_a.sql": "create table a (id int);\n",
    });
    const run = await runCli(["check"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /team\.yml: Invalid rule settings: \/rules\/ban-key-column-change\/1\/allowVarcharWidenning: unknown option of ban-key-column-change\./,
    );
  });

  it("redacts passwords in error messages", async () => {
    const dir = project({});
    const run = await runCli(["check", "--migrations", "postgres://app:s3cret@db.example.com/x"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("s3cret");
  });
});

describe("schematic --help / --version", () => {
  it("exits 0", async () => {
    const dir = project({});
    expect((await runCli(["--help"], dir)).code).toBe(0);
    expect((await runCli(["--version"], dir)).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(["check", "--help"], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--pending <file...>");
  });
});

describe("--format json and sarif: a run that ends in an error still writes one JSON document", () => {
  it("json: the error's stable code, message, file, line, column and hint", async () => {
    const dir = project({ "migrations/001_bad.sql": "create table a (id int);\ncreate tabel b (id int);\n" });
    const run = await runCli(["check", "--format", "json"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^schematic: migrations\/001_bad\.sql:2:\d+: /);
    const { error } = JSON.parse(run.stdout);
    expect(error).toEqual({
      code: "sql-parse",
      message: expect.stringContaining("syntax error"),
      file: "migrations/001_bad.sql",
      line: 2,
      column: expect.any(Number),
      hint: expect.any(String),
    });
  });

  it.each([
    [["check", "--format", "json", "--migrations", "nope"], "migrations-not-found"],
    [["check", "-f", "json", "--frobnicate"], "usage"],
    [["check", "--format=json", "--config", "missing.yml"], "config-not-found"],
  ])("%j gives code %s with nulls for what is unknown", async (args, code) => {
    const dir = project({ "migrations/001_a.sql": "create table a (id int);\n" });
    const run = await runCli(args, dir);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code, file: null, line: null, column: null });
  });

  it("sarif: a failed invocation with the error as a notification, and no results", async () => {
    const dir = project({ "migrations/001_a.sql": "create table a (id int);\n" });
    const run = await runCli(["check", "--format", "sarif", "--migrations", "nope"], dir);
    expect(run.code).toBe(2);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: "error",
            descriptor: { id: "migrations-not-found" },
            message: {
              text: "The migrations folder nope does not exist. Point --migrations (or `migrations:` in schematic.yml) at the folder that holds your .sql migrations.",
            },
          },
        ],
      },
    ]);
  });

  it("writes nothing to standard output when the report goes to --output, or the format is text", async () => {
    const dir = project({ "migrations/001_a.sql": "create table a (id int);\n" });
    expect((await runCli(["check", "-f", "json", "-o", "r.json", "-m", "nope"], dir)).stdout).toBe("");
    expect((await runCli(["check", "-m", "nope"], dir)).stdout).toBe("");
  });
});
