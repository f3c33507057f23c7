import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { PG_URL, scratchName, withDatabase, withPostgres } from "../helpers/servers.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONFIG = "fixtures/market-data/schematic.yml";
const BREAKING = "fixtures/market-data/pending/0008_float_prices_and_rename_close.sql";
const SAFE = "fixtures/market-data/pending/0008_add_quote_conditions.sql";

describe("schematic check on the bundled market-data example", () => {
  it("passes on the applied history (exit 0)", async () => {
    const run = await runCli(["check", "--config", CONFIG], ROOT);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✔ passed: 0 errors, 0 warnings in 7 migrations, against 20 dbt nodes");
  });

  it("passes a safe pending migration (exit 0)", async () => {
    const run = await runCli(["check", "--config", CONFIG, "--pending", SAFE, "--format", "json"], ROOT);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.blocked).toBe(false);
    expect(report.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
    expect(report.checked.pending).toEqual([SAFE]);
  });

  it("blocks the breaking migration (exit 1) and says which model, column and line", async () => {
    const run = await runCli(["check", "--config", CONFIG, "--pending", BREAKING, "--format", "json"], ROOT);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.blocked).toBe(true);
    expect(report.summary).toEqual({ errors: 5, warnings: 4, infos: 0 });
    // The whole rule set speaks; the dbt findings are the ones that name models.
    expect(report.diagnostics.map((d: any) => d.rule)).toEqual([
      "require-lock-timeout",
      "ban-destructive-type-change",
      "ban-float-for-money",
      "ban-table-rewrite",
      "protect-dbt-types",
      "protect-dbt-types",
      "protect-dbt-types",
      "avoid-renames",
      "protect-dbt-columns",
    ]);
    const dbtFindings = report.diagnostics.filter((d: any) => d.rule.startsWith("protect-dbt-"));
    const brief = dbtFindings.map((d: any) => [d.rule, d.messageId, d.severity, d.line, d.column, d.object]);
    expect(brief).toEqual([
      ["protect-dbt-types", "breakingForReaders", "error", 2, 34, "raw.trades.price"],
      // stg_trades is a view: PostgreSQL refuses ALTER COLUMN TYPE while it exists.
      ["protect-dbt-types", "viewsHoldColumn", "warning", 2, 34, "raw.trades.price"],
      ["protect-dbt-types", "breakingDeclared", "error", 2, 34, "raw.trades.price"],
      ["protect-dbt-columns", "columnRenamed", "error", 4, 1, "raw.bars.close"],
    ]);
    const rename = dbtFindings[3];
    // stg_bars only passes close through `select *` (it still builds); fct_daily_bars names it.
    expect(rename.message).toBe(
      "Column raw.bars.close is renamed to close_price, but test source_not_null_raw_bars_close and model fct_daily_bars read it; 3 more downstream (1 model, 1 test and 1 exposure).",
    );
    expect(rename.impacts.map((i: any) => [i.unique_id, i.kind, i.direct, i.usage, i.reach])).toEqual([
      ["model.market_data.stg_bars", "model", true, ["star"], "pass-through"],
      ["test.market_data.source_not_null_raw_bars_close.0957aa01cc", "test", true, ["test"], "test"],
      ["model.market_data.fct_daily_bars", "model", false, ["select"], "reads"],
      ["model.market_data.fct_symbol_features", "model", false, ["downstream"], "downstream"],
      [
        "test.market_data.not_null_fct_daily_bars_close.6edcebcf5d",
        "test",
        false,
        ["downstream"],
        "downstream",
      ],
      ["exposure.market_data.market_overview", "exposure", false, ["downstream"], "downstream"],
    ]);
    expect(rename.impacts[2]).toMatchObject({
      via: "model.market_data.stg_bars",
      column: "close",
      basis: "compiled",
    });
    const price = dbtFindings[0];
    expect(price.message).toBe(
      "Column raw.trades.price changes type from numeric(18, 6) to double precision (lossy), and model stg_trades reads it.",
    );
    expect(price.impacts[0]).toMatchObject({
      unique_id: "model.market_data.stg_trades",
      direct: true,
      usage: ["select", "filter"],
    });
  });

  it("treats files changed since --base as pending", async () => {
    // A throw-away git repository holding the example, with the breaking file added after the base commit.
    const { mkdtempSync, cpSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const repo = mkdtempSync(path.join(tmpdir(), "schematic-git-"));
    try {
      for (const part of ["migrations", "fixtures/market-data", "schema"]) {
        cpSync(path.join(ROOT, part), path.join(repo, part), { recursive: true });
      }
      rmSync(path.join(repo, "fixtures/market-data/pending"), { recursive: true });
      const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
      git("init", "-q", "-b", "main");
      git(
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "empty",
      );
      git("add", "-A");
      git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "base");
      cpSync(path.join(ROOT, BREAKING), path.join(repo, "migrations/0008_float_prices_and_rename_close.sql"));
      const run = await runCli(["check", "--config", CONFIG, "--base", "main", "--format", "json"], repo);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.checked.pending).toEqual(["migrations/0008_float_prices_and_rename_close.sql"]);
      expect(report.summary.errors).toBe(5);
      expect(report.diagnostics.every((d: any) => d.pending)).toBe(true);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe("the installed bin", () => {
  beforeAll(() => {
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "pipe" });
  }, 120_000);

  it("exits 1 on the breaking example and 0 on the history, in a real process", () => {
    const bin = path.join(ROOT, "bin/schematic.js");
    const blocked = spawnSync(process.execPath, [bin, "check", "--config", CONFIG, "--pending", BREAKING], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain(
      "error[protect-dbt-columns]: Column raw.bars.close is renamed to close_price",
    );
    expect(blocked.stdout).toContain(
      "4 | ALTER TABLE ${raw_schema}.bars RENAME COLUMN close TO close_price;",
    );
    const passed = spawnSync(process.execPath, [bin, "check", "--config", CONFIG], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(passed.status).toBe(0);
    const bad = spawnSync(process.execPath, [bin, "check", "--nope"], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(2);
  });

  it.skipIf(!PG_URL)(
    "migrate up in a real process: one plain line per migration without a terminal, JSON event lines, exit codes",
    async () => {
      const bin = path.join(ROOT, "bin/schematic.js");
      const database = scratchName("schematic_bin");
      const admin = (sql: string) => withPostgres(PG_URL!, (client) => client.query(sql));
      await admin(`CREATE DATABASE ${database}`);
      try {
        const url = withDatabase(PG_URL!, database);
        const run = (...args: string[]) =>
          spawnSync(process.execPath, [bin, "migrate", ...args, "--config", CONFIG, "--url", url], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, NO_COLOR: "1" },
          });
        const up = run("up", "--to", "0003");
        expect(up.status).toBe(0);
        expect(up.stderr).toBe("");
        expect(up.stdout.replace(/\d+ ms/g, "N ms")).toBe(
          [
            `Database: ${url}`,
            "applied  0001_create_schemas      2 statements  N ms",
            "applied  0002_raw_trades          2 statements  N ms",
            "applied  0003_raw_quotes          1 statement  N ms",
            `✔ 3 applied; ${url} is at 0003_raw_quotes.`,
            "",
          ].join("\n"),
        );
        const json = run("up", "--format", "json");
        expect(json.status).toBe(0);
        const events = json.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line));
        expect(events.map((event) => event.event)).toEqual([
          "start",
          "migration",
          "migration",
          "migration",
          "migration",
          "result",
        ]);
        expect(events[1]).toMatchObject({
          id: "0004_raw_bars",
          status: "applied",
          duration_ms: expect.any(Number),
        });
        expect(events[5]).toMatchObject({ ok: true, current: "0007_bars_adjusted_flag", applied: 4 });
        expect(run("up").status).toBe(0);
        expect(run("up", "--to", "nope").status).toBe(2);
      } finally {
        await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      }
    },
  );

  it.skipIf(!PG_URL || spawnSync("script", ["--version"]).status !== 0)(
    "migrate up on a terminal: a live line (migration n/N, statement i/M, elapsed), cleared before each migration's line",
    async () => {
      const bin = path.join(ROOT, "bin/schematic.js");
      const database = scratchName("schematic_tty");
      const admin = (sql: string) => withPostgres(PG_URL!, (client) => client.query(sql));
      await admin(`CREATE DATABASE ${database}`);
      try {
        const url = withDatabase(PG_URL!, database);
        // script(1) gives the process a pseudo-terminal, as a person at a shell has.
        const command = `"${process.execPath}" "${bin}" migrate up --to 0002 --config ${CONFIG} --url ${url}`;
        const tty = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: ROOT, encoding: "utf8" });
        expect(tty.status).toBe(0);
        const screen = tty.stdout.replace(/\d+\.\d s/g, "T s").replace(/\d+ ms/g, "N ms");
        expect(screen).toContain(
          "\r\x1b[2K[1/2] 0001_create_schemas  T s\r\x1b[2K[1/2] 0001_create_schemas  statement 1/2  T s",
        );
        expect(screen).toContain(
          "statement 2/2  T s\r\x1b[2Kapplied  0001_create_schemas      2 statements  N ms\r\n",
        );
        expect(screen).toContain(
          "[2/2] 0002_raw_trades  statement 2/2  T s\r\x1b[2Kapplied  0002_raw_trades",
        );
      } finally {
        await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      }
    },
  );

  it("a reader that goes away (EPIPE) ends a passing check quietly with its own exit code", () => {
    const bin = path.join(ROOT, "bin/schematic.js");
    // `true` exits before schematic writes, so its write fails with EPIPE.
    const piped = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${bin}" check --config "${CONFIG}" | true; echo "exit=\${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(piped.stdout).toBe("exit=0\n");
    expect(piped.stderr).toBe("");
  });

  it("a full disk (ENOSPC) on standard output is one line and exit 2, not a stack", () => {
    const bin = path.join(ROOT, "bin/schematic.js");
    const full = spawnSync(
      "bash",
      ["-c", `"${process.execPath}" "${bin}" check --config "${CONFIG}" > /dev/full`],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(full.status).toBe(2);
    expect(full.stderr).toBe(
      "schematic: cannot write the report to standard output: ENOSPC: no space left on device, write. Free space, or write it to a file with --output.\n",
    );
  });
});

describe("the README", () => {
  it("shows exactly what the two example commands print", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]);
    const passed = await runCli(["check", "--config", CONFIG], ROOT);
    const blocked = await runCli(["check", "--config", CONFIG, "--pending", BREAKING], ROOT);
    expect(blocks[0]).toBe(passed.stdout);
    expect(blocks[1]).toBe(blocked.stdout);
  });
});

describe("catalog.json", () => {
  it("is read when a change touches a table the migrations do not describe", async () => {
    const { mkdtempSync, cpSync, rmSync, writeFileSync, mkdirSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(path.join(tmpdir(), "schematic-catalog-"));
    try {
      cpSync(path.join(ROOT, "fixtures/market-data/dbt"), path.join(dir, "dbt"), { recursive: true });
      const catalog = {
        metadata: {
          dbt_schema_version: "https://schemas.getdbt.com/dbt/catalog/v1.json",
          dbt_version: "1.10.13",
        },
        nodes: {},
        sources: {
          "source.market_data.raw.trades": {
            metadata: { type: "BASE TABLE", schema: "raw", name: "trades", database: "analytics" },
            columns: {
              trade_id: { type: "text", index: 1, name: "trade_id" },
              price: { type: "numeric(18,6)", index: 2, name: "price" },
            },
            stats: {},
            unique_id: "source.market_data.raw.trades",
          },
        },
        errors: null,
      };
      writeFileSync(path.join(dir, "dbt/target/catalog.json"), JSON.stringify(catalog));
      mkdirSync(path.join(dir, "migrations"));
      // No migration creates raw.trades: its previous type can only come from catalog.json.
      writeFileSync(
        path.join(dir, "migrations/0001_float.sql"),
        "ALTER TABLE raw.trades ALTER COLUMN price TYPE real;\n",
      );
      const run = await runCli(["check", "--dbt-project", "dbt", "--format", "json"], dir);
      const report = JSON.parse(run.stdout);
      expect(report.diagnostics.map((d: any) => [d.rule, d.messageId, d.severity])).toContainEqual([
        "protect-dbt-types",
        "breakingForReaders",
        "error",
      ]);
      expect(report.diagnostics.find((d: any) => d.messageId === "breakingForReaders").message).toContain(
        "from numeric(18,6) to real (lossy)",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the README's rule table", () => {
  it("lists exactly the registered rules (npm run readme-rules rewrites it)", async () => {
    const { readFileSync } = await import("node:fs");
    const { RULES } = await import("../../rules/index.js");
    const { rulesTable } = await import("../../src/report/rules-table.js");
    expect(readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain(rulesTable(RULES));
  });
});

describe("--cache", () => {
  it("gives the same report from cached parses and a cached dbt project", async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const cacheDir = mkdtempSync(path.join(tmpdir(), "schematic-cache-"));
    try {
      const args = [
        "check",
        "--config",
        CONFIG,
        "--pending",
        BREAKING,
        "--format",
        "json",
        "--cache",
        "--cache-dir",
        cacheDir,
      ];
      const cold = await runCli(args, ROOT);
      expect(readdirSync(path.join(cacheDir, "dbt"))).toHaveLength(1);
      expect(readdirSync(path.join(cacheDir, "parse", "postgres")).length).toBeGreaterThan(0);
      const warm = await runCli(args, ROOT);
      expect(warm.code).toBe(1);
      expect(warm.stdout).toBe(cold.stdout);
      const uncached = await runCli(args.slice(0, 7), ROOT);
      expect(uncached.stdout).toBe(cold.stdout);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe("SCHEMATIC_TIMING", () => {
  it("prints the check's phases and slowest rules to stderr, leaving the report as it is", async () => {
    const plain = await runCli(["check", "--config", CONFIG, "--format", "json"], ROOT);
    const timed = await runCli(["check", "--config", CONFIG, "--format", "json"], ROOT, {
      SCHEMATIC_TIMING: "3",
    });
    expect(timed.code).toBe(plain.code);
    expect(JSON.parse(timed.stdout).summary).toEqual(JSON.parse(plain.stdout).summary);
    expect(plain.stderr).toBe("");
    const lines = timed.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Phase\s+Time\s+Share$/);
    for (const phase of [
      "load migrations",
      "parse migrations",
      "replay into the catalog",
      "rules",
      "report",
      "total",
    ])
      expect(
        lines.some((line) => line.trimStart().startsWith(phase)),
        phase,
      ).toBe(true);
    const rules = lines.slice(lines.indexOf("Rule (slowest 3)") + 1);
    expect(rules).toHaveLength(3);
    for (const line of rules) expect(line).toMatch(/^ {2}[a-z-]+\s+\d+\.\d ms\s+\d+\.\d%$/);
  });
});
