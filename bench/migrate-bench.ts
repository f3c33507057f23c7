/**
 * `schematic migrate` against the tools and floors a user would compare it with, each run as the user runs
 * it (a process from start to exit), interleaved round by round in the same run, median of N:
 *
 *   a. crates.io's 285 migrations to a fresh PostgreSQL database: `schematic migrate up` (the CLI, which
 *      runs the check first: `--force --reason`, since the history's old findings block a fresh database),
 *      the runner alone through the library (bench/migrate-apply.mjs) with its round-trip batching and
 *      relaxed commits off and on, `dbmate up` (npm `dbmate`), and `psql -1 -f` on the concatenation: the
 *      floor. Target: the CLI at most 1.1× psql.
 *   b. `schematic migrate up` with nothing to apply (crates.io, all applied) against `node -e ''`. Target:
 *      at most 2×.
 *   c. the first `migrate up` of the bundled example on a fresh embedded database (PGlite). Target: 3 s.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { loadMigrations, type Migration } from "../src/migrations/loader.js";
import { type Command, median, type Run, timeCommand } from "./process-timing.js";

export const TARGETS = { applyRatio: 1.1, nothingRatio: 2, embeddedMs: 3000 } as const;

/** The runner's ways of talking to the server, as bench/migrate-apply.mjs turns them off and on. */
export const RUNNER_VARIANTS = ["per-statement", "batch", "relaxed", "batch+relaxed"] as const;

export interface ToolTiming {
  readonly tool: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median over psql's. */
  readonly ratio?: number;
}

export interface ApplyPart {
  readonly migrations: number;
  readonly statements?: number;
  readonly rows: readonly ToolTiming[];
  /** Where the library runner's time went in its median run (milliseconds per phase). */
  readonly phases?: Readonly<Record<string, number>>;
  readonly skipped: readonly string[];
}

export interface NothingPart {
  readonly schematic: ToolTiming;
  readonly node: ToolTiming;
  readonly ratio: number;
}

export interface EmbeddedPart {
  readonly first: ToolTiming;
  readonly migrations: number;
}

export interface MigrateBenchEnvironment {
  readonly root: string;
  readonly corporaRoot: string;
  readonly stagingRoot: string;
  readonly serverUrl: string;
  readonly runs: number;
  readonly progress: (line: string) => void;
}

/** crates.io's migrations as diesel runs them: `<version>_<name>/up.sql` only (not the loose data script). */
function cratesMigrations(corporaRoot: string): Migration[] {
  return loadMigrations("pg-crates-io/migrations", { dialect: "postgres", cwd: corporaRoot }).filter(
    (migration) => /\/up\.sql$/.test(migration.up.path),
  );
}

interface Staged {
  /** The migrations folder schematic reads (the corpus's folders, without the loose data script). */
  readonly folder: string;
  /** Every up script in the loader's order, for `psql -1 -f`. */
  readonly concatenation: string;
  /** The same migrations in dbmate's layout. */
  readonly dbmateFolder: string;
  readonly count: number;
}

/**
 * diesel's run_in_transaction = false, or a statement PostgreSQL refuses in a transaction block: dbmate's
 * `transaction:false`.
 */
function outsideTransaction(migration: Migration): boolean {
  const metadata = path.join(path.dirname(migration.up.absolutePath), "metadata.toml");
  return (
    (existsSync(metadata) && /^\s*run_in_transaction\s*=\s*false\b/m.test(readFileSync(metadata, "utf8"))) ||
    /\bCONCURRENTLY\b/i.test(migration.up.text)
  );
}

function stageCrates(corporaRoot: string, stagingRoot: string): Staged {
  const migrations = cratesMigrations(corporaRoot);
  const folder = path.join(stagingRoot, "crates-io/migrations");
  const dbmateFolder = path.join(stagingRoot, "crates-io/dbmate");
  mkdirSync(dbmateFolder, { recursive: true });
  const parts: string[] = [];
  migrations.forEach((migration, index) => {
    cpSync(
      path.dirname(migration.up.absolutePath),
      path.join(folder, path.basename(path.dirname(migration.up.absolutePath))),
      {
        recursive: true,
      },
    );
    // One transaction around everything: CREATE INDEX CONCURRENTLY cannot be in it, and on an empty
    // table it builds the same index without the keyword.
    parts.push(migration.up.text.replace(/\b(INDEX\s+)CONCURRENTLY\b/gi, "$1"));
    const name = `${String(10_000 + index)}_${migration.id.replace(/[^\w]+/g, "_")}.sql`;
    writeFileSync(
      path.join(dbmateFolder, name),
      `-- migrate:up${outsideTransaction(migration) ? " transaction:false" : ""}\n${migration.up.text}\n-- migrate:down\n${migration.down?.text ?? ""}\n`,
    );
  });
  const concatenation = path.join(stagingRoot, "crates-io/all-up.sql");
  // A script may end in a line comment: the separator goes on a line of its own.
  writeFileSync(concatenation, parts.join("\n;\n"));
  return { folder, concatenation, dbmateFolder, count: migrations.length };
}

/**
 * dbmate's native binary from the npm package (a devDependency: the package's platform binary), or
 * SCHEMATIC_BENCH_DBMATE. The binary itself, not the package's Node launcher, so that dbmate is timed
 * without a Node start it does not need.
 */
function dbmateBinary(root: string): string | undefined {
  if (process.env.SCHEMATIC_BENCH_DBMATE) return process.env.SCHEMATIC_BENCH_DBMATE;
  try {
    const require = createRequire(path.join(root, "package.json"));
    const platform = require.resolve(`@dbmate/${process.platform}-${process.arch}/package.json`);
    const binary = path.join(path.dirname(platform), "bin/dbmate");
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function admin(serverUrl: string, sql: string): void {
  const run = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", serverUrl, "-c", sql], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`psql: ${run.stderr.trim()}`);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `body` on a fresh database, dropped after. */
function onFreshDatabase<T>(serverUrl: string, body: (url: string) => T): T {
  const name = `schematic_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  admin(serverUrl, `CREATE DATABASE ${name}`);
  try {
    return body(withDatabase(serverUrl, name));
  } finally {
    admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

function checked(run: Run, what: string): Run {
  if (run.exitCode !== 0)
    throw new Error(`${what} exited ${run.exitCode}:\n${(run.stderr || run.stdout).trim().slice(-2000)}`);
  return run;
}

function timing(tool: string, runs: readonly Run[]): ToolTiming {
  const times = runs.map((run) => run.wallMs);
  return {
    tool,
    runs: runs.length,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
  };
}

function schematicCli(root: string, args: readonly string[], cwd: string): Command {
  return { file: process.execPath, args: [path.join(root, "bin/schematic.js"), ...args], cwd };
}

export function applyPart(env: MigrateBenchEnvironment): ApplyPart {
  const staged = stageCrates(env.corporaRoot, env.stagingRoot);
  const skipped: string[] = [];
  const dbmate = dbmateBinary(env.root);
  if (!dbmate)
    skipped.push("dbmate: the npm package is not installed (npm install, or SCHEMATIC_BENCH_DBMATE)");
  type Tool = { readonly name: string; readonly command: (url: string) => Command };
  const tools: Tool[] = [
    {
      name: "psql -1 -f (floor)",
      command: (url) => ({
        file: "psql",
        args: [
          "-X",
          "-q",
          "-o",
          "/dev/null",
          "-1",
          "-v",
          "ON_ERROR_STOP=1",
          "-d",
          url,
          "-f",
          staged.concatenation,
        ],
        cwd: env.stagingRoot,
      }),
    },
    {
      name: "schematic migrate up",
      command: (url) =>
        schematicCli(
          env.root,
          ["migrate", "up", "--url", url, "--migrations", staged.folder, "--force", "--reason", "bench"],
          env.stagingRoot,
        ),
    },
    ...RUNNER_VARIANTS.map(
      (variant): Tool => ({
        name: `runner: ${variant}`,
        command: (url) => ({
          file: process.execPath,
          args: [path.join(env.root, "bench/migrate-apply.mjs"), staged.folder, url],
          cwd: env.stagingRoot,
          env: { ...process.env, SCHEMATIC_BENCH_RUNNER: variant },
        }),
      }),
    ),
    ...(dbmate
      ? [
          {
            name: "dbmate up",
            command: (url: string): Command => {
              const dbmateUrl = new URL(url);
              dbmateUrl.searchParams.set("sslmode", "disable");
              return {
                file: dbmate,
                args: [
                  "--url",
                  dbmateUrl.toString(),
                  "--migrations-dir",
                  staged.dbmateFolder,
                  // crates.io drops a table named schema_migrations, dbmate's default.
                  "--migrations-table",
                  "dbmate_migrations",
                  "--no-dump-schema",
                  "up",
                ],
                cwd: env.stagingRoot,
              };
            },
          },
        ]
      : []),
  ];
  const runs = new Map<string, Run[]>(tools.map((tool) => [tool.name, []]));
  for (let round = 0; round < env.runs; round++) {
    env.progress(`crates.io apply, round ${round + 1}/${env.runs}`);
    // Rotated each round, so that no tool always runs right after the same one.
    const order = tools.map((_, i) => tools[(i + round) % tools.length]!);
    for (const tool of order) {
      const run = onFreshDatabase(env.serverUrl, (url) => checked(timeCommand(tool.command(url)), tool.name));
      runs.get(tool.name)!.push(run);
    }
  }
  const floor = timing("psql", runs.get(tools[0]!.name)!).medianMs;
  const rows = tools.map((tool) => {
    const row = timing(tool.name, runs.get(tool.name)!);
    return { ...row, ratio: row.medianMs / floor };
  });
  const library = runs.get("runner: batch+relaxed")!;
  const medianRun = [...library].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(library.length / 2)];
  const report = medianRun
    ? (JSON.parse(medianRun.stdout.trim().split("\n").pop()!) as LibraryReport)
    : undefined;
  return {
    migrations: staged.count,
    ...(report && { statements: report.statements, phases: report.phases }),
    rows,
    skipped,
  };
}

interface LibraryReport {
  readonly statements: number;
  readonly phases: Record<string, number>;
}

/** `schematic migrate up` on a database that has every migration, against starting Node and doing nothing. */
export function nothingPart(env: MigrateBenchEnvironment): NothingPart {
  const folder = path.join(env.stagingRoot, "crates-io/migrations");
  return onFreshDatabase(env.serverUrl, (url) => {
    checked(
      timeCommand(
        schematicCli(
          env.root,
          ["migrate", "up", "--url", url, "--migrations", folder, "--force", "--reason", "bench"],
          env.stagingRoot,
        ),
      ),
      "schematic migrate up",
    );
    const schematic: Run[] = [];
    const node: Run[] = [];
    for (let round = 0; round < env.runs; round++) {
      env.progress(`nothing to apply, round ${round + 1}/${env.runs}`);
      node.push(
        checked(
          timeCommand({ file: process.execPath, args: ["-e", ""], cwd: env.stagingRoot }),
          "node -e ''",
        ),
      );
      const run = checked(
        timeCommand(
          schematicCli(env.root, ["migrate", "up", "--url", url, "--migrations", folder], env.stagingRoot),
        ),
        "schematic migrate up (nothing to apply)",
      );
      if (!/Nothing to apply/.test(run.stdout)) throw new Error(`expected nothing to apply:\n${run.stdout}`);
      schematic.push(run);
    }
    const schematicTiming = timing("schematic migrate up (nothing to apply)", schematic);
    const nodeTiming = timing("node -e ''", node);
    return {
      schematic: schematicTiming,
      node: nodeTiming,
      ratio: schematicTiming.medianMs / nodeTiming.medianMs,
    };
  });
}

/**
 * The README's first migrate command, on a copy of the bundled example with no `.schematic/` yet: the
 * embedded database is made from the prepared empty cluster, then the seven migrations applied.
 */
export function embeddedPart(env: MigrateBenchEnvironment): EmbeddedPart {
  const runs: Run[] = [];
  let migrations = 0;
  for (let round = 0; round < env.runs; round++) {
    env.progress(`first embedded migrate up, round ${round + 1}/${env.runs}`);
    const project = path.join(env.stagingRoot, `example-${round}`);
    rmSync(project, { recursive: true, force: true });
    cpSync(path.join(env.root, "fixtures/market-data"), path.join(project, "fixtures/market-data"), {
      recursive: true,
      filter: (source) => path.basename(source) !== ".schematic",
    });
    cpSync(path.join(env.root, "migrations"), path.join(project, "migrations"), { recursive: true });
    const run = checked(
      timeCommand(
        schematicCli(env.root, ["migrate", "up", "--config", "fixtures/market-data/schematic.yml"], project),
      ),
      "schematic migrate up (embedded)",
    );
    migrations = (run.stdout.match(/^applied /gm) ?? []).length;
    if (migrations === 0) throw new Error(`the example applied nothing:\n${run.stdout}`);
    runs.push(run);
    rmSync(project, { recursive: true, force: true });
  }
  return { first: timing("first migrate up, embedded", runs), migrations };
}
