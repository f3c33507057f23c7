/**
 * Fuzzing: seeded random mutations of real migrations (PostgreSQL, MySQL, StarRocks), dbt manifests and
 * schematic.yml, each run through the library entry on a long-lived worker thread with a time limit (a
 * hang is detected and the worker killed) and a memory limit (out of memory is detected), and a sample
 * through the real CLI binary. Classifies every run as ok / blocked / clean bad-input error / CRASH /
 * HANG / OOM, writes each failing input to bench/.out/fuzz/ for reproduction, and prints the counts.
 *
 *   npm run fuzz -- [--seed N] [--runs N] [--cli-runs N] [--budget SECONDS] [--timeout MS]
 *
 * Needs /work/shared/corpora (or SCHEMATIC_CORPORA) and, for the CLI sample, a build (npm run build).
 * Exits 1 when any run crashed, hung or ran out of memory.
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { DialectName } from "../src/dialects/dialect.js";
import {
  configText,
  mutateConfig,
  mutateJson,
  mutateSql,
  type Random,
  randomGenerator,
} from "./fuzz-mutate.js";
import type { FuzzJob, FuzzOutcome } from "./fuzz-worker.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CORPORA = process.env.SCHEMATIC_CORPORA ?? path.resolve(ROOT, "../shared/corpora");
const OUT = path.join(ROOT, "bench/.out/fuzz");

type Dialect = DialectName;
type Outcome = FuzzOutcome["outcome"] | "hang" | "oom";
type CliOutcome = "cli-ok" | "cli-bad-exit" | "cli-stack" | "cli-bad-json" | "cli-hang";

interface Options {
  readonly seed: number;
  readonly runs: number;
  readonly cliRuns: number;
  readonly budgetSeconds: number;
  readonly timeoutMs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(argv[at + 1]);
  };
  return {
    seed: value("seed", 1),
    runs: value("runs", 5_000),
    cliRuns: value("cli-runs", 300),
    budgetSeconds: value("budget", 3_600),
    timeoutMs: value("timeout", 30_000),
  };
}

/** Every file under a folder whose path matches, sorted (the order migrations run in). */
function filesUnder(folder: string, pattern: RegExp): string[] {
  const absolute = path.join(CORPORA, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => pattern.test(file) && statSync(file).size < 2_000_000)
    .sort();
}

interface MigrationSet {
  readonly name: string;
  readonly dialect: Dialect;
  readonly files: readonly string[];
}

function migrationSets(): MigrationSet[] {
  const sets: MigrationSet[] = [
    { name: "crates-io", dialect: "postgres", files: filesUnder("pg-crates-io", /\/up\.sql$/) },
    { name: "supabase-auth", dialect: "postgres", files: filesUnder("pg-supabase-auth", /\.up\.sql$/) },
    {
      name: "authelia-pg",
      dialect: "postgres",
      files: filesUnder("pg-mysql-authelia", /\/postgres\/.*\.up\.sql$/),
    },
    {
      name: "authelia-mysql",
      dialect: "mysql",
      files: filesUnder("pg-mysql-authelia", /\/mysql\/.*\.up\.sql$/),
    },
    {
      name: "hydra-pg",
      dialect: "postgres",
      files: filesUnder("pg-mysql-ory-hydra", /\.postgres\.up\.sql$/),
    },
    { name: "hydra-mysql", dialect: "mysql", files: filesUnder("pg-mysql-ory-hydra", /\.mysql\.up\.sql$/) },
    { name: "starrocks-demo", dialect: "starrocks", files: filesUnder("starrocks-demo", /\.sql$/) },
    {
      name: "pagila",
      dialect: "postgres",
      files: filesUnder("schema-dumps-sakila-pagila", /pagila-schema\.sql$/),
    },
    {
      name: "sakila-pg",
      dialect: "postgres",
      files: filesUnder("schema-dumps-sakila-pagila", /postgres-sakila-db\/.*schema.*\.sql$/),
    },
    {
      name: "sakila-mysql",
      dialect: "mysql",
      files: filesUnder("schema-dumps-sakila-pagila", /mysql-sakila-db\/.*schema.*\.sql$/),
    },
  ];
  return sets.filter((set) => set.files.length > 0);
}

function manifests(): string[] {
  return [
    ...filesUnder("dbt-core-state-manifests", /manifest\.json$/),
    ...filesUnder("dbt-artifacts-parser", /manifest[^/]*\.json$/),
    ...filesUnder("dbt-fivetran", /manifest\.json$/),
  ].filter((file) => statSync(file).size < 1_000_000);
}

interface Project {
  readonly dir: string;
  readonly dialect: Dialect;
  readonly manifest?: string;
  readonly cache: boolean;
  readonly description: string[];
}

/** A throw-away project: a window of a real migration history, maybe a manifest and a configuration. */
function makeProject(
  random: Random,
  sets: readonly MigrationSet[],
  manifestFiles: readonly string[],
  root: string,
): Project {
  const dir = mkdtempSync(path.join(root, "run-"));
  const set = random.pick(sets);
  const start = random.int(set.files.length);
  const window = set.files.slice(start, start + 1 + random.int(6));
  const target = random.pick(["sql", "sql", "sql", "manifest", "config"] as const);
  const description = [`set ${set.name}`, `files ${window.map((f) => path.relative(CORPORA, f)).join(", ")}`];
  mkdirSync(path.join(dir, "migrations"));
  const mutated = random.int(window.length);
  window.forEach((file, index) => {
    let text = readFileSync(file, "utf8");
    if (target === "sql" && (index === mutated || random.chance(0.2))) {
      const result = mutateSql(text, random);
      text = result.text;
      description.push(`sql ${index}: ${result.mutations.join(", ")}`);
    }
    writeFileSync(path.join(dir, "migrations", `${String(index + 1).padStart(4, "0")}_m.sql`), text);
  });
  let manifest: string | undefined;
  if (manifestFiles.length > 0 && (target === "manifest" || random.chance(0.3))) {
    const source = random.pick(manifestFiles);
    let text = readFileSync(source, "utf8");
    description.push(`manifest ${path.relative(CORPORA, source)}`);
    if (target === "manifest") {
      const result = mutateJson(text, random);
      text = result.text;
      description.push(`manifest: ${result.mutations.join(", ")}`);
    }
    mkdirSync(path.join(dir, "target"));
    writeFileSync(path.join(dir, "target/manifest.json"), text);
    manifest = "target/manifest.json";
  }
  if (target === "config" || random.chance(0.2)) {
    let text = configText(set.dialect);
    if (target === "config") {
      const result = mutateConfig(text, random);
      text = result.text;
      description.push(`config: ${result.mutations.join(", ")}`);
    }
    writeFileSync(path.join(dir, "schematic.yml"), text);
  } else {
    // No configuration file: the dialect comes from the command line, as a user would give it.
    writeFileSync(path.join(dir, "schematic.yml"), `dialect: ${set.dialect}\n`);
  }
  const cache = random.chance(0.1);
  if (cache) description.push("--cache");
  return { dir, dialect: set.dialect, ...(manifest && { manifest }), cache, description };
}

/** The long-lived library runner, restarted after a hang or out-of-memory end. */
class LibraryRunner {
  private worker: Worker | undefined;

  private start(): Worker {
    // The TypeScript sources, through tsx's loader registered in the worker itself.
    const entry = new URL("./fuzz-worker.ts", import.meta.url).href;
    const bootstrap = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
    this.worker = new Worker(bootstrap, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
      stdout: true,
      stderr: true,
    });
    this.worker.unref();
    return this.worker;
  }

  run(job: FuzzJob, timeoutMs: number): Promise<{ outcome: Outcome; detail?: string }> {
    const worker = this.worker ?? this.start();
    return new Promise((resolve) => {
      const finish = (result: { outcome: Outcome; detail?: string }, restart: boolean) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (restart) {
          void worker.terminate();
          this.worker = undefined;
        }
        resolve(result);
      };
      const onMessage = (message: FuzzOutcome) => {
        if (message.id === job.id)
          finish({ outcome: message.outcome, ...(message.detail && { detail: message.detail }) }, false);
      };
      const onError = (error: Error & { code?: string }) =>
        finish(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? { outcome: "oom", detail: error.message }
            : { outcome: "crash", detail: error.stack ?? error.message },
          true,
        );
      const onExit = (code: number) =>
        finish({ outcome: "crash", detail: `worker exited with ${code}` }, true);
      const timer = setTimeout(
        () => finish({ outcome: "hang", detail: `no result in ${timeoutMs} ms` }, true),
        timeoutMs,
      );
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      worker.postMessage(job);
    });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?$/m;

/** The real binary on the project, with a random format: exit code, stack traces, JSON on stdout. */
function runCli(
  project: Project,
  random: Random,
  timeoutMs: number,
): Promise<{ outcome: CliOutcome; detail: string }> {
  const format = random.pick(["text", "json", "json", "sarif", "github", "markdown"]);
  const args = [
    path.join(ROOT, "bin/schematic.js"),
    "check",
    "--format",
    format,
    "--dialect",
    project.dialect,
    ...(project.manifest ? ["--manifest", project.manifest] : []),
    ...(project.cache ? ["--cache", "--cache-dir", ".cache"] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: project.dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < 50_000_000) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 1_000_000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const command = `schematic ${args.slice(1).join(" ")} -> exit ${code ?? signal}`;
      if (signal) return resolve({ outcome: "cli-hang", detail: command });
      if (code !== 0 && code !== 1 && code !== 2)
        return resolve({ outcome: "cli-bad-exit", detail: `${command}\n${stderr}` });
      if (STACK_LINE.test(stderr)) return resolve({ outcome: "cli-stack", detail: `${command}\n${stderr}` });
      if (format === "json" || format === "sarif") {
        try {
          JSON.parse(stdout);
        } catch (error) {
          return resolve({
            outcome: "cli-bad-json",
            detail: `${command}\n${(error as Error).message}\n${stderr}`,
          });
        }
      }
      resolve({ outcome: "cli-ok", detail: command });
    });
  });
}

function keep(
  project: Project,
  kind: string,
  seed: number,
  index: number,
  detail: string | undefined,
): string {
  const target = path.join(OUT, kind, `${seed}-${index}`);
  mkdirSync(path.dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  cpSync(project.dir, target, { recursive: true });
  writeFileSync(
    path.join(target, "FUZZ.txt"),
    `${kind} (seed ${seed}, run ${index})\n${project.description.join("\n")}\n\n${detail ?? ""}\n`,
  );
  return target;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sets = migrationSets();
  const manifestFiles = manifests();
  if (sets.length === 0) {
    process.stderr.write(`fuzz: no corpora under ${CORPORA} (set SCHEMATIC_CORPORA).\n`);
    process.exit(2);
  }
  const root = mkdtempSync(path.join(tmpdir(), "schematic-fuzz-"));
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const errorCodes = new Map<string, number>();
  const errorCode = (detail: string | undefined) => detail?.split(":")[0] ?? "?";
  const started = Date.now();
  const runner = new LibraryRunner();
  const withinBudget = () => Date.now() - started < options.budgetSeconds * 1000;
  // The CLI sample is spread over the library runs: every k-th project also goes through the binary.
  const cliEvery = options.cliRuns > 0 ? Math.max(1, Math.floor(options.runs / options.cliRuns)) : Infinity;
  let libraryRuns = 0;
  let cliRuns = 0;
  process.stdout.write(
    `fuzz: seed ${options.seed}, ${options.runs} library runs, ${options.cliRuns} CLI runs, ${sets.length} migration sets, ${manifestFiles.length} manifests\n`,
  );
  for (let index = 0; index < options.runs && withinBudget(); index++) {
    const random = randomGenerator(options.seed * 1_000_003 + index);
    const project = makeProject(random, sets, manifestFiles, root);
    const job: FuzzJob = {
      id: index,
      dir: project.dir,
      ...(project.manifest && { manifest: project.manifest }),
      cache: project.cache,
    };
    const result = await runner.run(job, options.timeoutMs);
    libraryRuns++;
    count(result.outcome);
    if (result.outcome === "error")
      errorCodes.set(errorCode(result.detail), (errorCodes.get(errorCode(result.detail)) ?? 0) + 1);
    if (result.outcome === "crash" || result.outcome === "hang" || result.outcome === "oom") {
      const kept = keep(project, result.outcome, options.seed, index, result.detail);
      process.stdout.write(
        `${result.outcome.toUpperCase()} run ${index}: ${kept}\n  ${(result.detail ?? "").split("\n").slice(0, 3).join("\n  ")}\n`,
      );
    }
    if (index % cliEvery === 0 && cliRuns < options.cliRuns) {
      const cli = await runCli(project, random, options.timeoutMs);
      cliRuns++;
      count(cli.outcome);
      if (cli.outcome !== "cli-ok") {
        const kept = keep(project, cli.outcome, options.seed, index, cli.detail);
        process.stdout.write(
          `${cli.outcome.toUpperCase()} run ${index}: ${kept}\n  ${cli.detail.split("\n").slice(0, 4).join("\n  ")}\n`,
        );
      }
    }
    rmSync(project.dir, { recursive: true, force: true });
    if ((index + 1) % 250 === 0) {
      process.stdout.write(`  ${index + 1} runs, ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  }
  await runner.stop();
  rmSync(root, { recursive: true, force: true });
  const seconds = Math.round((Date.now() - started) / 1000);
  const line = (keys: readonly string[]) => keys.map((key) => `${key} ${counts.get(key) ?? 0}`).join(", ");
  process.stdout.write(
    `\nfuzz: seed ${options.seed}, ${seconds} s\n` +
      `library: ${libraryRuns} runs: ${line(["ok", "blocked", "error", "crash", "hang", "oom"])}\n` +
      `  bad-input errors by code: ${[...errorCodes]
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${code} ${n}`)
        .join(", ")}\n` +
      `cli: ${cliRuns} runs: ${line(["cli-ok", "cli-bad-exit", "cli-stack", "cli-bad-json", "cli-hang"])}\n`,
  );
  const failures = ["crash", "hang", "oom", "cli-bad-exit", "cli-stack", "cli-bad-json", "cli-hang"].reduce(
    (sum, key) => sum + (counts.get(key) ?? 0),
    0,
  );
  if (failures > 0)
    process.stdout.write(`fuzz: ${failures} failing inputs kept under ${path.relative(ROOT, OUT)}/\n`);
  process.exit(failures > 0 ? 1 : 0);
}

await main();
