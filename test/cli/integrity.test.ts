import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useTempProjects } from "../helpers/cli.js";

const project = useTempProjects();

/** A git repository whose first commit (branch main) holds `base`; `change` is then written over it. */
function repository(base: Record<string, string>, change: Record<string, string>): string {
  const dir = project(base);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: dir,
      stdio: "pipe",
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "change");
  for (const [file, text] of Object.entries(change)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const BASE = {
  "migrations/20240101000000_trades.sql":
    "create table trades (id bigint primary key, price numeric(18, 6));\n",
  "migrations/20240301000000_quotes.sql":
    "create table quotes (id bigint primary key, bid numeric(18, 6));\n",
};

async function check(dir: string, ...args: string[]) {
  const run = await runCli(["check", "--base", "main", "--format", "json", ...args], dir);
  expect(run.stderr).toBe("");
  return { code: run.code, report: JSON.parse(run.stdout) };
}

const brief = (report: any) =>
  report.diagnostics.map((d: any) => [d.rule, d.severity, d.file, d.line, d.column, d.pending]);

describe("migration integrity against --base", () => {
  it("blocks an edit to a migration that exists at the base, at the first edited token", async () => {
    const dir = repository(BASE, {
      "migrations/20240301000000_quotes.sql":
        "create table quotes (id bigint primary key, bid numeric(18, 8));\n",
    });
    const { code, report } = await check(dir);
    expect(brief(report)).toEqual([
      ["ban-migration-edits", "error", "migrations/20240301000000_quotes.sql", 1, 61, true],
    ]);
    expect(report.diagnostics[0].message).toBe(
      "migrations/20240301000000_quotes.sql exists at the base and this change edits its statements: databases that already ran it will not run it again, so they and new databases end up with different schemas.",
    );
    expect(code).toBe(1);
  });

  it("lets comments and whitespace change", async () => {
    const dir = repository(BASE, {
      "migrations/20240301000000_quotes.sql":
        "-- Quotes from the SIP feed.\ncreate table quotes (\n  id bigint primary key,\n  bid numeric(18, 6)\n);\n",
    });
    const { code, report } = await check(dir);
    expect(report.checked.pending).toEqual(["migrations/20240301000000_quotes.sql"]);
    expect(report.diagnostics).toEqual([]);
    expect(code).toBe(0);
  });

  it("warns about a new migration that sorts before one at the base", async () => {
    const dir = repository(BASE, {
      "migrations/20240201000000_bars.sql": "create table bars (id bigint primary key);\n",
    });
    const { code, report } = await check(dir);
    expect(brief(report)).toEqual([
      ["require-migration-order", "warning", "migrations/20240201000000_bars.sql", 1, 1, true],
    ]);
    expect(report.diagnostics[0].message).toContain(
      "migrations/20240201000000_bars.sql is new but sorts before migrations/20240301000000_quotes.sql, which exists at the base",
    );
    expect(code).toBe(0);
  });

  it("blocks a new migration with the version of an existing one, naming both files", async () => {
    const dir = repository(BASE, {
      "migrations/20240301000000_bars.sql": "create table bars (id bigint primary key);\n",
      // Changed too (a comment), but at the base: the new file is the one that made the duplicate.
      "migrations/20240301000000_quotes.sql": `-- quotes\n${BASE["migrations/20240301000000_quotes.sql"]}`,
    });
    const { code, report } = await check(dir);
    expect(report.diagnostics.filter((d: any) => d.rule === "ban-duplicate-versions")).toHaveLength(1);
    const duplicate = report.diagnostics.find((d: any) => d.rule === "ban-duplicate-versions");
    expect([duplicate.file, duplicate.pending, duplicate.message]).toEqual([
      "migrations/20240301000000_bars.sql",
      true,
      "migrations/20240301000000_bars.sql has version 20240301000000, which migrations/20240301000000_quotes.sql also has: a migration tool records one version once, so it refuses the second file or never runs it.",
    ]);
    expect(code).toBe(1);
  });

  it("checks the files pre-commit passes against base: in schematic.yml", async () => {
    const dir = repository(
      { ...BASE, "schematic.yml": "base: main\n" },
      {
        "migrations/20240101000000_trades.sql":
          "create table trades (id bigint primary key, price double precision);\n",
      },
    );
    const run = await runCli(["check", "migrations/20240101000000_trades.sql", "--format", "json"], dir);
    const report = JSON.parse(run.stdout);
    expect(report.diagnostics.map((d: any) => d.rule)).toContain("ban-migration-edits");
    expect(run.code).toBe(1);
  });

  it("passes over the unchanged files pre-commit --all-files passes too, flagging only the edited one", async () => {
    const dir = repository(
      { ...BASE, "schematic.yml": "base: main\n" },
      { "migrations/20240101000000_trades.sql": "create table trades (id bigint primary key);\n" },
    );
    const files = Object.keys(BASE);
    const run = await runCli(["check", ...files, "--format", "json"], dir);
    const report = JSON.parse(run.stdout);
    expect(report.checked.pending).toEqual(files);
    expect(
      report.diagnostics.filter((d: any) => d.rule === "ban-migration-edits").map((d: any) => d.file),
    ).toEqual(["migrations/20240101000000_trades.sql"]);
    // The git blob id of the working file tells an unchanged file without asking git for its text.
    const { blobId } = await import("../../src/check/pending.js");
    const { readFileSync } = await import("node:fs");
    const quotes = path.join(dir, "migrations/20240301000000_quotes.sql");
    expect(blobId(readFileSync(quotes))).toBe(
      execFileSync("git", ["hash-object", quotes], { cwd: dir, encoding: "utf8" }).trim(),
    );
  });

  it("can be turned off and suppressed like any rule", async () => {
    const dir = repository(
      { ...BASE, "schematic.yml": "rules:\n  require-migration-order: off\n" },
      {
        "migrations/20240201000000_bars.sql": "create table bars (id bigint primary key);\n",
        "migrations/20240301000000_quotes.sql":
          '-- schematic-ignore-file ban-migration-edits reason="failed everywhere, fixed before anyone ran it"\ncreate table quotes (id bigint primary key, bid numeric(18, 8));\n',
      },
    );
    const { code, report } = await check(dir);
    expect(report.diagnostics).toEqual([]);
    expect(code).toBe(0);
  });
});

describe("duplicate versions without a base", () => {
  it("are an error on every check, once per pair", async () => {
    const dir = project({
      "migrations/V1__trades.sql": "create table trades (id bigint primary key);\n",
      "migrations/V1__quotes.sql": "create table quotes (id bigint primary key);\n",
    });
    const run = await runCli(["check", "--format", "json"], dir);
    const report = JSON.parse(run.stdout);
    expect(brief(report)).toEqual([
      ["ban-duplicate-versions", "error", "migrations/V1__trades.sql", 1, 1, true],
    ]);
    expect(run.code).toBe(1);
  });

  it("with a configured base that is not there, say so in a note when the pending files were given", async () => {
    const dir = project({ ...BASE, "schematic.yml": "base: origin/main\n" });
    const run = await runCli(["check", "migrations/20240301000000_quotes.sql", "--format", "json"], dir);
    expect(run.code).toBe(0);
    const note = JSON.parse(run.stdout).notes.find((n: string) => n.startsWith("Migration edits and order"));
    expect(note).toMatch(/^Migration edits and order were not checked against origin\/main: git rev-parse/);
  });
});
